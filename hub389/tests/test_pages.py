"""Registry pages: search without diacritics, bounded query counts, language switch, errors."""

import pytest
from django.urls import reverse


@pytest.fixture
def client_owner(client, owner):
    client.force_login(owner)
    return client


def test_pages_need_a_login(client, db):
    response = client.get(reverse("registry:areas"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_commune_search_ignores_diacritics(client_owner):
    response = client_owner.get(reverse("registry:areas"), {"q": "hoan kiem"})
    assert "Phường Hoàn Kiếm" in response.content.decode()
    response = client_owner.get(reverse("registry:areas"), {"q": "Hoàn Kiếm"})
    assert "Phường Hoàn Kiếm" in response.content.decode()


def test_agency_search_finds_old_names(client_owner):
    response = client_owner.get(
        reverse("registry:agencies"), {"q": "so nong nghiep va phat trien nong thon ha noi"}
    )
    assert "Sở Nông nghiệp và Môi trường Hà Nội" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "params", "max_queries"),
    [
        ("registry:areas", {"kind": "commune"}, 12),
        ("registry:areas", {"q": "xa"}, 12),
        ("registry:agencies", {"q": "cong an"}, 12),
        ("registry:committees", {"level": "commune"}, 12),
        ("registry:matrix", {"committee": "01", "date": "01/01/2026"}, 20),
        ("registry:matrix", {"committee": "national"}, 20),
    ],
)
def test_list_pages_make_a_bounded_number_of_queries(
    client_owner, django_assert_max_num_queries, url, params, max_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client_owner.get(reverse(url), params)
    assert response.status_code == 200


def test_matrix_marks_the_gap_and_the_overlap(client_owner):
    body = client_owner.get(
        reverse("registry:matrix"), {"committee": "20", "date": "2026-01-01"}
    ).content.decode()
    assert 'data-problem="gap"' in body and "Cửa khẩu Chi Ma" in body
    body = client_owner.get(
        reverse("registry:matrix"), {"committee": "01", "date": "2026-01-01"}
    ).content.decode()
    assert 'data-problem="overlap"' in body


def test_vietnamese_by_default_even_for_an_english_browser(client_owner):
    response = client_owner.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Ma trận thẩm quyền" in response.content.decode()


def test_english_switch(client_owner):
    response = client_owner.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client_owner.get(reverse("home")).content.decode()
    assert "Jurisdiction matrix" in body
    assert "Ma trận thẩm quyền" not in body


def test_rule_form_with_unknown_unit_code_changes_nothing(client_owner):
    from hub389.registry.models import JurisdictionRule

    count = JurisdictionRule.objects.count()
    response = client_owner.post(
        reverse("registry:rule_create"),
        {"area_code": "99999", "field": "", "lead_agency": "", "valid_from": "01/03/2026"},
    )
    body = response.content.decode()
    assert "Không có đơn vị hành chính mã “99999”." in body
    assert "Hãy chọn lĩnh vực." in body
    assert JurisdictionRule.objects.count() == count


def test_rule_form_refuses_a_stranger(client, stranger):
    from hub389.registry.models import Agency, Field, JurisdictionRule

    client.force_login(stranger)
    count = JurisdictionRule.objects.count()
    response = client.post(
        reverse("registry:rule_create"),
        {
            "area_code": "00070",
            "field": Field.objects.get(code="attp").pk,
            "lead_agency": Agency.objects.get(code="01-QLTT").pk,
            "valid_from": "01/03/2026",
        },
    )
    assert response.status_code == 403
    assert JurisdictionRule.objects.count() == count


def test_audit_log_page_is_for_admins(client, owner, admin_user):
    client.force_login(owner)
    assert client.get(reverse("audit")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("audit")).status_code == 200


def test_money_and_dates_in_vietnamese_format():
    from hub389.lib.vnformat import format_vnd

    assert format_vnd(1234567) == "1.234.567 ₫"
    assert format_vnd(0) == "0 ₫"
    with pytest.raises(TypeError):
        format_vnd(1.5)  # type: ignore[arg-type]
