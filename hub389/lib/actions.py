"""One way for a page's forms to run a write on a record, for every app.

A view names its actions in a table, `{"pay": Action(run, done)}`, where `run(user, obj,
request)` reads the form and calls one service (which owns its transaction, checks the policy
and re-reads the row); `perform` runs the one the form asked for: an unknown action is refused
(403), a refusal by the service (ValidationError) is shown to the officer and changes nothing,
and a success says what was done."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SAVED = _("Đã lưu.")


@dataclass(frozen=True)
class Action:
    run: Callable[[Any, Any, Any], Any]
    done: Any = SAVED  # a (lazy) message, or a function of the result giving one


@dataclass(frozen=True)
class Outcome:
    ok: bool
    result: Any = None


def refused(request: HttpRequest, exc: ValidationError) -> None:
    """Show each of a service's refusals to the officer (nothing was changed)."""
    for message in exc.messages:
        messages.error(request, message)


def perform(request: HttpRequest, actions: Mapping[str, Action], name: str, obj: Any) -> Outcome:
    action = actions.get(name)
    if action is None:
        raise PermissionDenied(_("Thao tác không hợp lệ."))
    try:
        result = action.run(request.user, obj, request)
    except ValidationError as exc:
        refused(request, exc)
        return Outcome(False)
    messages.success(request, action.done(result) if callable(action.done) else action.done)
    return Outcome(True, result)
