from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    STANDING_OFFICE = "standing_office", _("Cán bộ Cơ quan Thường trực")
    OFFICER = "officer", _("Cán bộ cơ quan")
    HEAD = "head", _("Lãnh đạo cơ quan")
    LEADER = "leader", _("Lãnh đạo Ban Chỉ đạo")
    RIGHTS_HOLDER = "rights_holder", _("Chủ thể quyền (doanh nghiệp)")


# Roles that must sign in with a second factor when HUB389_REQUIRE_2FA is on.
ROLES_REQUIRING_2FA = frozenset({Role.ADMIN, Role.STANDING_OFFICE, Role.HEAD})


class Users(UserManager["User"]):
    def officers(self) -> "models.QuerySet[User]":
        """People: active users who are not another system's API client (those act for their
        agency through the API and are never handlers, readers or recipients)."""
        return self.filter(is_active=True, is_api_client=False)


class User(AbstractUser):
    """An officer. Each belongs to exactly one agency (administrators too: their own unit).
    An API client acts through a user of its own (`is_api_client`), which cannot sign in."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    is_api_client = models.BooleanField(default=False, editable=False)

    objects: ClassVar[Users] = Users()

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def needs_2fa(self) -> bool:
        return self.role in ROLES_REQUIRING_2FA
