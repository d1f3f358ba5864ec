"""The commitments register: recorded with its document, the share of the target reached, a
breach linked to a case and the signatories with breaches in one click; what is refused."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hub389 import policy
from hub389.attachments.models import Attachment
from hub389.committee.models import Commitment
from hub389.committee.services import commitments as register
from hub389.registry.services import get_committee
from hub389.tests.factories import make_case

TODAY = timezone.localdate()


def data(**over: Any) -> register.CommitmentInput:
    values: dict[str, Any] = {
        "category": "ecommerce",
        "signatory": "Công ty TNHH Sàn Thương Mại Ví Dụ",
        "tax_code": "0100109106",
        "signed_on": TODAY - datetime.timedelta(days=20),
        "scope": "Không cho phép gian hàng kinh doanh hàng giả; gỡ gian hàng vi phạm trong 24 giờ.",
    }
    values.update(over)
    return register.CommitmentInput(**values)


@pytest.mark.django_db
def test_signed_share_and_a_breach(
    colleague: Any, owner: Any, handler: Any, stranger: Any, national: Any
) -> None:
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    row = register.record(colleague, data(), pdf, "cam-ket.pdf")
    assert row.committee.area.code == "01" and row.tax_code == "0100109106"
    assert Attachment.objects.filter(owner_type__model="commitment", owner_id=str(row.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        register.set_target(handler, get_committee("01"), "ecommerce", TODAY.year, 4)
    register.set_target(owner, get_committee("01"), "ecommerce", TODAY.year, 4)
    line = next(
        s
        for s in register.summary(Commitment.objects.all(), get_committee("01"), TODAY.year)
        if s["code"] == "ecommerce"
    )
    assert (line["target"], line["signed"], line["share"]) == (4, 1, 25.0)
    case = make_case(handler, area="00070", summary="Gian hàng trên sàn bán mỹ phẩm giả")
    with pytest.raises(PermissionDenied):
        register.add_breach(stranger, row, case=case)  # another province's register
    register.add_breach(handler, row, case=case, note="Gian hàng chưa bị gỡ sau 3 ngày")
    with pytest.raises(ValidationError, match="đã được ghi"):
        register.add_breach(handler, row, case=case)
    line = next(
        s
        for s in register.summary(Commitment.objects.all(), get_committee("01"), TODAY.year)
        if s["code"] == "ecommerce"
    )
    assert line["breached"] == 1
    for user, sees in ((colleague, True), (handler, True), (owner, True), (stranger, False)):
        assert policy.can(user, "view", row) is sees
        assert policy.visible(user, "view", Commitment).filter(pk=row.pk).exists() is sees
    client = Client()
    client.force_login(owner)
    page = client.get("/committee/commitments/?breached=1").content.decode()
    assert row.signatory in page and 'data-signed="ecommerce">1<' in page
    nation = Client()
    nation.force_login(national)
    table = nation.get("/committee/commitments/").content.decode().split('id="commitment-provinces"')[1]
    assert "Thành phố Hà Nội" in table.split("</table>")[0] and "1 / 4" in table.split("</table>")[0]


@pytest.mark.django_db
def test_bad_input_changes_nothing(colleague: Any) -> None:
    before = Commitment.objects.count()
    with pytest.raises(ValidationError) as error:
        register.record(
            colleague,
            data(
                category="",
                signatory=" ",
                tax_code="0100109107",
                signed_on=TODAY + datetime.timedelta(days=1),
                scope="",
            ),
        )
    assert set(error.value.message_dict) == {"category", "signatory", "tax_code", "signed_on", "scope"}
    assert "chữ số kiểm tra" in error.value.message_dict["tax_code"][0]
    register.record(colleague, data())
    with pytest.raises(ValidationError, match="đã có trong sổ"):
        register.record(colleague, data())
    with pytest.raises(ValidationError, match="đã ghi cho"):
        register.record(colleague, data(signatory="Báo Sức khỏe", category="press"))
    assert Commitment.objects.count() == before + 1


@pytest.mark.django_db
def test_the_form_records_one(colleague: Any) -> None:
    client = Client()
    client.force_login(colleague)
    posted = client.post(
        "/committee/commitments/new/",
        {
            "category": "press",
            "signatory": "Báo Ví Dụ",
            "signed_on": f"{TODAY:%d/%m/%Y}",
            "scope": "Không quảng cáo hàng giả",
        },
    )
    assert posted.status_code == 302
    assert Commitment.objects.filter(signatory="Báo Ví Dụ", category="press").exists()
