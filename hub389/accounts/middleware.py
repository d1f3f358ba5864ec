from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from hub389.accounts.models import Role

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class TwoFactorMiddleware:
    """Sends a signed-in user to the second-factor step when their sign-in needs one.

    A user with a confirmed TOTP device always verifies it; a user whose role requires 2FA
    (HUB389_REQUIRE_2FA, on in production) and who has none must enrol first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES) and not user.is_verified()  # type: ignore[attr-defined]
        ):
            if user_has_device(user):
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
            if settings.HUB389_REQUIRE_2FA and getattr(user, "needs_2fa", False):
                return redirect(reverse("accounts:otp_setup"))
        return self.get_response(request)


# The officers' side: a rights holder's user (a company, not an agency) never opens it, whatever
# a page's own rule would say about a user without an agency (fail closed, one place).
OFFICER_PATHS = (
    "/tips/",
    "/cases/",
    "/registry/",
    "/committee/",
    "/subjects/",
    "/imports/",
    "/plans/",
    "/reports/",
    "/warehouse/",
    "/audit/",
    "/api-clients/",
    "/publications/",
    "/jobs/",
    "/numbers/",
)


class RightsHolderGate:
    """Refuses the officers' pages to the users of a rights holder's account (403)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "role", "") == Role.RIGHTS_HOLDER
            and request.path.startswith(OFFICER_PATHS)
        ):
            raise PermissionDenied(_("Trang này dành cho cán bộ các cơ quan chức năng."))
        return self.get_response(request)
