"""Writes on accounts: creating officers, enrolling a second factor."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub389.accounts.models import Role, User
from hub389.audit import services as audit
from hub389.registry.models import Agency


@transaction.atomic
def create_user(
    actor: Any,
    *,
    username: str,
    full_name: str,
    agency: Agency | None,
    role: str,
    password: str,
    email: str = "",
) -> User:
    """Create an officer in an agency with a role. Every officer except an administrator
    belongs to an agency."""
    if role not in Role.values:
        raise ValidationError({"role": "Vai trò không hợp lệ."})
    if agency is None and role != Role.ADMIN:
        raise ValidationError({"agency": "Cán bộ phải thuộc một cơ quan."})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"Tên đăng nhập “{username}” đã có."})
    user = User(username=username, full_name=full_name, agency=agency, role=role, email=email)
    user.is_staff = role == Role.ADMIN
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor, "user.create", user, changes={"role": role, "agency": agency.code if agency else None}
    )
    return user


def start_totp_enrolment(user: User) -> TOTPDevice:
    """Give the user a fresh unconfirmed TOTP device (earlier unconfirmed ones are dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


@transaction.atomic
def confirm_totp(user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when `token` is right; audited. Returns False on a wrong code."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(user, "user.2fa_enrolled", user)
    return True
