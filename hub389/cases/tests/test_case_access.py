"""Who sees and edits a case, from every side: owner agency, colleague, another agency, standing
office, stranger; sharing, confidential cases, the list and its XLSX."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub389 import policy
from hub389.accounts.models import User
from hub389.cases import services
from hub389.tests.factories import make_milk_case

pytestmark = pytest.mark.django_db
D = datetime.date


ACCESS = [
    # (username, view, edit)
    ("qltt.hanoi", True, True),  # recorder, owner agency
    ("canbo.qltt.hanoi", True, True),  # colleague in the owner agency
    ("congan.hanoi", False, False),  # another agency, not shared
    ("vptt.hanoi", True, False),  # standing office of the area
    ("vptt.langson", False, False),  # stranger
]


@pytest.mark.parametrize(("username", "view", "edit"), ACCESS)
def test_case_access(handler: User, username: str, view: bool, edit: bool) -> None:
    case = make_milk_case(handler, goods="dien-tu", area="01")
    user = User.objects.get(username=username)
    assert policy.can(user, "view", case) is view
    assert policy.can(user, "edit", case) is edit


def test_sharing_and_confidential_cases(handler: User) -> None:
    case = make_milk_case(handler, goods="dien-tu", area="01")
    cop, colleague, standing = (
        User.objects.get(username=u) for u in ("congan.hanoi", "canbo.qltt.hanoi", "vptt.hanoi")
    )
    services.share(handler, case, cop.agency, can_edit=False)  # type: ignore[arg-type]
    assert policy.can(cop, "view", case) and not policy.can(cop, "edit", case)
    with pytest.raises(PermissionDenied):
        services.share(colleague, case, cop.agency, can_edit=True)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="lý do"):
        services.set_confidential(handler, case, "bí mật", [])
    case = services.set_confidential(handler, case, "Đang trinh sát, chưa công khai", [cop])
    assert policy.can(cop, "view", case) and policy.can(handler, "view", case)
    assert not policy.can(colleague, "view", case) and not policy.can(standing, "view", case)


def test_case_list_filters_export_and_hides_confidential(
    handler: User, django_assert_max_num_queries: Any
) -> None:
    import io

    from django.test import Client
    from openpyxl import load_workbook

    for _ in range(5):
        make_milk_case(handler, goods="dien-tu", area="01")
    secret = make_milk_case(handler, goods="dien-tu", area="01")
    services.set_confidential(handler, secret, "Đang trinh sát, chưa công khai", [])
    colleague = Client()
    colleague.force_login(User.objects.get(username="canbo.qltt.hanoi"))
    with django_assert_max_num_queries(13):  # 12, and the confidential cases one may read
        page = colleague.get("/cases/", {"kind": "counterfeit", "province": "01"}).content.decode()
    assert page.count('data-case="') == 5 and secret.reference not in page
    xlsx = colleague.get("/cases/", {"kind": "counterfeit", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5 and rows[0][8] == 36_000_000
    assert colleague.get(f"/cases/{secret.pk}/").status_code == 403
    stranger = Client()
    stranger.force_login(User.objects.get(username="vptt.langson"))
    assert stranger.get("/cases/").content.decode().count('data-case="') == 0
    own = Client()
    own.force_login(handler)
    detail = own.get(f"/cases/{secret.pk}/").content.decode()
    assert "Đang trinh sát" in detail and "Cửa hàng bán sữa bột giả" in detail
