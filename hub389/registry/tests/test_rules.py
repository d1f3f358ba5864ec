import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub389.audit.models import AuditEntry
from hub389.registry import services
from hub389.registry.jurisdiction import who_leads
from hub389.registry.models import Agency, Area, Field, JurisdictionRule

DAY = datetime.date(2026, 3, 1)


def _rule_args(area_code: str = "00070", **extra):
    args = {
        "area": Area.objects.get(code=area_code),
        "field": Field.objects.get(code="attp"),
        "lead_agency": Agency.objects.get(code="01-QLTT"),
        "coordinating_agencies": [Agency.objects.get(code="01-SYT")],
        "valid_from": DAY,
    }
    args.update(extra)
    return args


def test_owner_adds_a_commune_rule_and_routing_follows(db, owner):
    jr = services.create_rule(owner, **_rule_args())
    answer = who_leads(jr.area, jr.field, DAY)
    assert answer.lead is not None and answer.lead.code == "01-QLTT"
    entry = AuditEntry.objects.filter(action="rule.create").order_by("-id").first()
    assert entry is not None and entry.actor == owner and entry.changes["lead"] == "01-QLTT"


@pytest.mark.parametrize("who", ["colleague", "stranger"])
def test_others_may_not_add_a_rule_in_hanoi(db, request, who):
    user = request.getfixturevalue(who)
    count = JurisdictionRule.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_rule(user, **_rule_args())
    assert JurisdictionRule.objects.count() == count


def test_stranger_manages_rules_in_their_own_province(db, stranger):
    jr = services.create_rule(
        stranger,
        **_rule_args(
            "CK-CHIMA",
            field=Field.objects.get(code="hai-quan"),
            lead_agency=Agency.objects.get(code="20-HQ"),
            coordinating_agencies=[],
        ),
    )
    assert jr.area.code == "CK-CHIMA"


def test_validity_ending_before_it_starts_is_refused(db, owner):
    count = JurisdictionRule.objects.count()
    with pytest.raises(ValidationError) as info:
        services.create_rule(owner, **_rule_args(valid_to=DAY - datetime.timedelta(days=1)))
    assert info.value.message_dict["valid_to"] == [
        "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
    ]
    assert JurisdictionRule.objects.count() == count


def test_lead_cannot_also_coordinate(db, owner):
    with pytest.raises(ValidationError, match="không đồng thời là cơ quan phối hợp"):
        services.create_rule(owner, **_rule_args(coordinating_agencies=[Agency.objects.get(code="01-QLTT")]))


def test_update_rule_keeps_before_and_after_in_the_audit(db, owner):
    jr = services.create_rule(owner, **_rule_args())
    services.update_rule(owner, jr, valid_to=datetime.date(2026, 12, 31))
    entry = AuditEntry.objects.filter(action="rule.update").order_by("-id").first()
    assert entry is not None
    assert entry.changes["before"]["valid_to"] is None
    assert entry.changes["after"]["valid_to"] == "2026-12-31"


def test_duplicate_agency_code_is_refused(db, admin_user):
    count = Agency.objects.count()
    with pytest.raises(ValidationError, match=r"Mã cơ quan “01-QLTT” đã có\."):
        services.create_agency(
            admin_user,
            code="01-QLTT",
            name="Trùng",
            kind="market_surveillance",
            level="province",
            area=Area.objects.get(code="01"),
        )
    assert Agency.objects.count() == count


def test_unknown_committee_code_is_refused(db):
    with pytest.raises(ValidationError, match="Không có Ban Chỉ đạo nào với mã đơn vị “99”"):
        services.get_committee("99")
    assert services.get_committee("1").area.code == "01"
    assert services.get_committee("national").level == "national"


def test_a_field_is_led_only_by_an_agency_its_law_empowers(db, owner):
    """The provincial newspaper was accepted as lead for goods in circulation: refused now,
    with the kinds of agency that may lead and the legal basis."""
    press = Agency.objects.get(code="01-BAO")
    count = JurisdictionRule.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.create_rule(
            owner,
            **_rule_args(
                "01", field=Field.objects.get(code="luu-thong"), lead_agency=press, coordinating_agencies=[]
            ),
        )
    message = refused.value.message_dict["lead_agency"][0]
    assert "không có thẩm quyền chủ trì" in message and "Quản lý thị trường" in message
    assert "Luật Quản lý thị trường 2016" in message
    assert JurisdictionRule.objects.count() == count


def test_the_gap_report_flags_a_rule_made_before_the_check(db):
    from hub389.registry.jurisdiction import find_problems

    field = Field.objects.get(code="luu-thong")
    hanoi = Area.objects.get(code="01")
    JurisdictionRule.objects.create(
        area=hanoi, field=field, lead_agency=Agency.objects.get(code="01-BAO"), valid_from=DAY
    )
    flagged = [p for p in find_problems(DAY, within=hanoi, fields=[field]) if p.kind == "INCOMPETENT"]
    assert [(p.area.code, p.agencies[0].code) for p in flagged] == [("01", "01-BAO")]
    assert not [
        p
        for p in find_problems(DAY, within=Area.objects.get(code="20"), fields=[field])
        if p.kind == "INCOMPETENT"
    ]
