import datetime

from hub389.registry.jurisdiction import who_leads
from hub389.registry.models import Area, Field, JurisdictionRule

BEFORE_OVERLAP = datetime.date(2025, 12, 31)
AFTER_OVERLAP = datetime.date(2026, 1, 1)


def _field(code: str) -> Field:
    return Field.objects.get(code=code)


def test_commune_falls_back_to_its_province(db):
    ba_dinh = Area.objects.get(name="Phường Ba Đình")
    answer = who_leads(ba_dinh, _field("attp"), AFTER_OVERLAP)
    assert answer.lead is not None and answer.lead.code == "01-SYT"
    assert answer.matched_area == Area.objects.get(code="01")
    assert {a.code for a in answer.coordinators} == {"01-QLTT", "01-SNNMT"}


def test_commune_rule_wins_over_province(db):
    answer = who_leads(Area.objects.get(code="00070"), _field("luu-thong"), AFTER_OVERLAP)
    assert answer.lead is not None and answer.lead.code == "00070-UBND"


def test_province_without_rules_falls_back_to_the_nation(db):
    commune = Area.objects.filter(province__code="79").first()  # Hồ Chí Minh
    assert commune is not None
    answer = who_leads(commune, _field("duoc"), AFTER_OVERLAP)
    assert answer.lead is not None and answer.lead.code == "VN-BYT"
    assert answer.matched_area is not None and answer.matched_area.code == "VN"


def test_border_gate_has_its_own_customs_lead(db):
    answer = who_leads(Area.objects.get(code="CK-HUUNGHI"), _field("hai-quan"), AFTER_OVERLAP)
    assert answer.lead is not None and answer.lead.code == "20-HQ"


def test_gap_has_no_lead(db):
    answer = who_leads(Area.objects.get(code="CK-CHIMA"), _field("hai-quan"), AFTER_OVERLAP)
    assert answer.is_gap and answer.lead is None and answer.coordinators == []


def test_overlap_starts_on_its_date(db):
    hanoi = Area.objects.get(code="01")
    before = who_leads(hanoi, _field("tmdt"), BEFORE_OVERLAP)
    assert before.lead is not None and before.lead.code == "01-QLTT"
    after = who_leads(hanoi, _field("tmdt"), AFTER_OVERLAP)
    assert after.is_overlap and after.lead is None
    assert sorted(r.lead_agency.code for r in after.rules) == ["01-CA", "01-QLTT"]


def test_expired_rule_no_longer_applies(db):
    JurisdictionRule.objects.filter(area__code="CK-HUUNGHI", field__code="hai-quan").update(
        valid_to=datetime.date(2025, 12, 31)
    )
    gate = Area.objects.get(code="CK-HUUNGHI")
    assert who_leads(gate, _field("hai-quan"), datetime.date(2025, 12, 31)).lead is not None
    assert who_leads(gate, _field("hai-quan"), AFTER_OVERLAP).is_gap


def test_who_leads_costs_two_queries_whatever_the_depth(db, django_assert_num_queries):
    gate = Area.objects.select_related("parent__parent__parent").get(code="CK-HUUNGHI")
    field = _field("attp")
    with django_assert_num_queries(2):  # the rules, then their coordinators
        who_leads(gate, field, AFTER_OVERLAP)
