import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub389.accounts.models import User
from hub389.audit.models import AuditEntry


def _login(client, username: str, password: str = "hub389-demo"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_officer_signs_in_with_password(client, db):
    response = _login(client, "qltt.hanoi")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_demo_login_page_says_2fa_is_relaxed(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert "Xác thực hai lớp chưa bắt buộc ở bản chạy thử" in body


@override_settings(HUB389_REQUIRE_2FA=True)
def test_standing_office_must_enrol_a_second_factor(client, db):
    _login(client, "vptt.hanoi")
    response = client.get("/registry/matrix/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/setup/"
    page = client.get("/accounts/2fa/setup/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="vptt.hanoi", confirmed=False)
    wrong = client.post(
        "/accounts/2fa/setup/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "Mã xác thực không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a wrong code; the test does not wait
    assert client.post("/accounts/2fa/setup/", {"token": _code(device)}).status_code == 302
    assert client.get("/registry/matrix/").status_code == 200
    assert AuditEntry.objects.filter(action="user.2fa_enrolled", actor__username="vptt.hanoi").exists()


@override_settings(HUB389_REQUIRE_2FA=True)
def test_ordinary_officer_is_not_forced(client, db):
    _login(client, "qltt.hanoi")
    assert client.get("/registry/matrix/").status_code == 200


def test_enrolled_user_verifies_at_each_sign_in(client, db):
    user = User.objects.get(username="qltt.hanoi")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, "qltt.hanoi")
    response = client.get("/registry/areas/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
    response = client.post("/accounts/2fa/?next=/registry/areas/", {"token": _code(device)})
    assert response["Location"] == "/registry/areas/"
    assert client.get("/registry/areas/").status_code == 200


@pytest.mark.parametrize("attempts", [5])
def test_repeated_failures_lock_the_account(client, db, attempts):
    for _ in range(attempts):
        _login(client, "qltt.hanoi", "wrong-password")
    response = _login(client, "qltt.hanoi")
    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()


def test_sign_in_is_audited(client, db):
    _login(client, "qltt.hanoi")
    assert AuditEntry.objects.filter(action="user.login", actor__username="qltt.hanoi").exists()
