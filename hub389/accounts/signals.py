from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from hub389.audit import services as audit


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(user, "user.login", user)


@receiver(user_login_failed)
def _audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The username only: never the password that was tried.
    audit.record(
        None,
        "user.login_failed",
        object_type="accounts.user",
        object_repr=str(credentials.get("username", ""))[:150],
    )
