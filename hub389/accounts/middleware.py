from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

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
