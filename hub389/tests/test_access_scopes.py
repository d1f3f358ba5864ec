"""The query for many never drifts from the rule for one: for every (action, model) that has
both, and every persona of the demo, `visible(user, action, Model)` is exactly the set of
objects for which `can(user, action, obj)` holds, over the demo data plus a small set made to
reach every branch of the rules (shares, confidential readers, transfers, coordinators,
hand-overs, other provinces)."""

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from hub389 import policy
from hub389.accounts.models import User
from hub389.api.services import register_client
from hub389.brands import services as brands
from hub389.brands.models import Product
from hub389.cases import services as cases
from hub389.cases.inspections import plan as plan_inspection
from hub389.demo.brands import load_demo_brands
from hub389.demo.committee import load_demo_committee
from hub389.demo.portal import load_demo_portal
from hub389.demo.records import load_demo_records
from hub389.demo.subjects import load_demo_subjects
from hub389.demo.tips import load_demo_tips
from hub389.exchange.import_jobs import start_import, template_xlsx
from hub389.jobs.services import start_job
from hub389.registry.models import Agency, Area, SteeringCommittee
from hub389.subjects.services import find_or_create
from hub389.tests.factories import make_case, make_directive, make_lot, make_submission, make_tip
from hub389.tests.personas import HOLDERS, PERSONAS, holder_persona, persona
from hub389.tips import services as tips
from hub389.warehouse import services as store

D = datetime.date

# Rows read with what their rules walk, so 3,000 committees are not 9,000 queries.
RELATED: dict[str, tuple[str, ...]] = {
    "SteeringCommittee": ("area__parent__parent",),
    "Tip": ("area__parent__parent",),
    "Case": ("area__parent__parent",),
    "Plan": ("committee__area__parent",),
    "Directive": ("committee__area__parent",),
    "Campaign": ("committee__area__parent",),
    "Task": ("plan__committee__area__parent",),
    "Submission": ("committee__area__parent", "agency"),
    "Lot": ("case__area__parent", "bin__warehouse"),
}


def _varied_records() -> None:
    """Records that reach the branches the demo does not."""
    handler, coordinator = persona("handler"), persona("coordinator")
    customs, stranger = persona("customs"), persona("stranger")
    load_demo_tips()
    load_demo_records()
    load_demo_subjects()  # records of one trader at two agencies, linked, one judgement
    load_demo_committee()  # flash reports of Hà Nội (one sent to the nation), recommendations
    load_demo_portal()  # notices of four provinces, warnings of Hà Nội and the nation
    load_demo_brands()  # a verified milk maker's product, a representative waiting
    shared = make_case(handler, area="01", summary="Kho mỹ phẩm giả chia sẻ cho công an")
    cases.share(handler, shared, Agency.objects.get(code="01-CA"), can_edit=True)
    secret = make_case(handler, area="00070", summary="Vụ việc bảo mật đang trinh sát")
    cases.set_confidential(handler, secret, "Đang trinh sát, chưa công khai", [coordinator])
    border = make_case(customs, area="CK-CHIMA", kinds=["smuggling"], summary="Thuốc lá lậu qua Chi Ma")
    make_case(customs, area="20", kinds=["smuggling"], summary="Đường cát nhập lậu Lạng Sơn")
    lot = make_lot(handler, shared)
    store.hand_over(handler, lot, Agency.objects.get(code="01-CA"), "Giám định")
    tip = tips.assign(handler, make_tip(handler, summary="Tin chuyển cho công an"), handler)
    tips.transfer(handler, tip, Agency.objects.get(code="01-CA"), "Có dấu hiệu tội phạm")
    make_tip(None, area="20", goods="thuoc-la", summary="Thuốc lá lậu ở chợ Đông Kinh")
    make_submission(handler)
    subject, _ = find_or_create(customs, kind="household", name="Hộ kinh doanh Biên Mậu")
    plan_inspection(
        customs,
        subject=subject,
        area=Area.objects.get(code="20"),
        planned_on=D(2026, 12, 15),
        purpose="Kiểm tra hàng hóa nhập khẩu",
        members=[Agency.objects.get(code="20-BDBP")],
        team=[],
        confirm_overlap=True,
    )
    start_job(stranger, "jurisdiction_gaps", {"date": "2026-12-01"})
    make_directive(persona("owner"))
    make_directive(stranger, committee="20")
    # API clients of two agencies and spreadsheet imports by two officers (exchange).
    expires = D(2027, 6, 30)
    for by, agency in ((persona("head"), handler.agency), (persona("admin_user"), customs.agency)):
        assert agency is not None
        register_client(
            by, agency, name="Hệ thống nghiệp vụ", contact="CNTT", scopes=["cases:read"], expires_on=expires
        )
    for officer in (handler, customs):
        start_import(officer, io.BytesIO(template_xlsx()), "mau.xlsx", source_system="HT", dry_run=True)
    milk = Product.objects.get(gtin="8936045123454")
    brands.ask(handler, shared, milk, brands.AskInput(question="Lô DX25-09, tem một màu"))
    brands.ask(customs, border, milk, brands.AskInput(question="Sữa bột qua Chi Ma, không nhãn phụ"))
    assert border.pk and SteeringCommittee.objects.exists()


def _users() -> dict[str, Any]:
    users: dict[str, Any] = {name: persona(name) for name in PERSONAS}
    users["anonymous"] = AnonymousUser()
    users.update({name: holder_persona(name) for name in HOLDERS})
    inactive = User.objects.get(username="canbo.sct.hanoi")
    inactive.is_active = False
    users["inactive"] = inactive
    return users


@pytest.mark.django_db
def test_every_scope_equals_its_rule_for_every_persona() -> None:
    _varied_records()
    pairs = policy.registered()
    assert len(pairs) >= 20, pairs  # every app that owns records registered its pairs
    assert not policy.scoped_without_rule()
    users = _users()
    drift: list[str] = []
    for action, model in pairs:
        manager: Any = model._default_manager  # type: ignore[attr-defined]
        related = RELATED.get(model.__name__)
        rows = list(manager.select_related(*related) if related else manager.all())
        assert rows or model.__name__ in ("AuditEntry", "Progress", "Notification"), model
        for name, user in users.items():
            listed = set(policy.visible(user, action, model).values_list("pk", flat=True))
            allowed = {obj.pk for obj in rows if policy.can(user, action, obj)}
            if listed != allowed:
                drift.append(
                    f"{action} {model.__name__} as {name}: listed but refused "
                    f"{sorted(listed - allowed)[:5]}, allowed but not listed {sorted(allowed - listed)[:5]}"
                )
    assert not drift, "\n".join(drift)


@pytest.mark.django_db
def test_a_pair_with_no_scope_lists_nothing_and_an_unknown_action_is_refused() -> None:
    handler = persona("handler")
    assert not policy.visible(handler, "delete", Area).exists()
    assert not policy.can(handler, "delete", Area.objects.first())
