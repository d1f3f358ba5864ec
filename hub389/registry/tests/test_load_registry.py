from io import StringIO

from django.core.management import call_command

from hub389.registry.models import Agency, Area, AreaKind, SteeringCommittee


def test_registry_holds_every_unit_of_the_2025_reform(db):
    assert Area.objects.filter(kind=AreaKind.PROVINCE).count() == 34
    assert Area.objects.filter(kind=AreaKind.COMMUNE).count() == 3321
    hanoi = Area.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.short_name == "Hà Nội"
    hoan_kiem = Area.objects.get(code="00070")
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    assert hoan_kiem.province == hanoi
    assert Area.objects.filter(kind=AreaKind.COMMUNE, division_type="đặc khu").count() == 13


def test_every_commune_has_a_peoples_committee_and_a_steering_committee(db):
    assert Agency.objects.filter(level="commune").count() == 3321
    assert SteeringCommittee.objects.filter(level="commune").count() == 3321
    assert SteeringCommittee.objects.get(area__code="01").standing_office.code == "01-SCT"


def test_inland_provinces_have_no_border_guard(db):
    assert not Agency.objects.filter(code="01-BDBP").exists()
    assert Agency.objects.filter(code="20-BDBP").exists()


def test_load_registry_twice_changes_nothing_and_says_so(db):
    out = StringIO()
    call_command("load_registry", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "Danh mục đã đầy đủ, không có thay đổi."
    agencies = Agency.objects.count()
    committees = SteeringCommittee.objects.count()
    assert lines[-1] == f"provinces=34 communes=3321 agencies={agencies} committees={committees}"


def test_load_registry_restores_an_edited_name(db):
    Area.objects.filter(code="00070").update(name="Sai tên")
    out = StringIO()
    call_command("load_registry", stdout=out)
    assert "areas~1" in out.getvalue()
    assert Area.objects.get(code="00070").name == "Phường Hoàn Kiếm"
    assert Area.objects.get(code="00070").search_name == "phuong hoan kiem"


def test_old_agency_names_are_aliases(db):
    agency = Agency.objects.get(code="01-SNNMT")
    names = set(agency.aliases.values_list("name", flat=True))
    assert "Sở Nông nghiệp và Phát triển nông thôn Hà Nội" in names
