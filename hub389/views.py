import datetime
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hub389 import mywork, policy
from hub389.accounts.access import committee_of
from hub389.accounts.http import AuthedRequest
from hub389.accounts.models import Role
from hub389.audit.models import AuditEntry
from hub389.cases.access import unreadable_confidential
from hub389.jobs.models import Job
from hub389.lib import numbers
from hub389.lib.vnformat import format_vnd
from hub389.portal import public as portal_public
from hub389.registry.jurisdiction import find_problems
from hub389.tips.models import Status, Tip, TipQuerySet


def home(request: HttpRequest) -> HttpResponse:
    """The portal's home for anonymous visitors; "my work" for a signed-in officer."""
    if not request.user.is_authenticated:
        return portal_public.home(request)
    return my_work(cast(AuthedRequest, request))


home.public_cache = True  # type: ignore[attr-defined]  # the portal's home, for readers without a session


def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the language by a plain link (no form, no CSRF token on public pages, so they can
    be cached): the choice is kept in the language cookie, the only cookie a reader gets."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def my_work(request: AuthedRequest) -> HttpResponse:
    """My work: what waits for this officer, with its legal deadline (`hub389/mywork.py`)."""
    user = request.user
    if user.role == Role.RIGHTS_HOLDER:
        return redirect("brands:mine")  # a rights holder's work is its products and requests
    today = timezone.localdate()
    committee = committee_of(user)
    show_matrix = committee is not None and policy.can(user, "manage_rules", committee.area)
    problems = list(find_problems(today, within=committee.area)) if show_matrix and committee else []
    return render(
        request,
        "home.html",
        {
            "committee": committee,
            "show_matrix": show_matrix,
            "sections": mywork.sections(user, today),
            "today": today,
            "soon": today + datetime.timedelta(days=3),
            "gaps": sum(p.kind == "GAP" for p in problems),
            "overlaps": sum(p.kind == "OVERLAP" for p in problems),
            "incompetent": sum(p.kind == "INCOMPETENT" for p in problems),
            "jobs": policy.visible(user, "view", Job).filter(created_by=user)[:5],
            "tips": _tip_counts(user),
        },
    )


def _tip_counts(user: Any) -> dict[str, int] | None:
    if user.agency_id is None:
        return None
    today = timezone.localdate()
    own = cast(TipQuerySet, policy.visible(user, "view", Tip)).filter(agency_id=user.agency_id)
    return {
        "new": own.filter(status=Status.NEW).count(),
        "mine": own.open().filter(handler=user).count(),
        "overdue": own.overdue(today).count(),
        "near": own.near_due(today).count(),
    }


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    if not policy.can(request.user, "view", AuditEntry):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được xem nhật ký kiểm toán."))
    qs = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    cases = [int(e.object_id) for e in page if e.object_type == "cases.case" and e.object_id.isdigit()]
    masked = unreadable_confidential(request.user, cases)
    for entry in page:
        if entry.object_type == "cases.case" and entry.object_id.isdigit() and int(entry.object_id) in masked:
            entry.object_repr = entry.object_repr.split(" ", 1)[0] + " (vụ việc bảo mật)"
    return render(request, "audit/log.html", {"page": page, "action": action})


ECHO: dict[str, tuple[Callable[[str], Any], Callable[[Any], str]]] = {
    "money": (numbers.parse_money, format_vnd),
    "quantity": (numbers.parse_quantity, numbers.format_quantity),
    "count": (numbers.parse_count, numbers.format_quantity),
}


@login_required
def number_echo(request: HttpRequest) -> JsonResponse:
    """What a number field will save, as the officer types it (static/hub389/numbers.js): the
    same parser as the form, so the echo and the record cannot disagree."""
    kind = request.GET.get("kind", "money")
    if kind not in ECHO:
        return JsonResponse({"error": "kind"}, status=400)
    parse, show = ECHO[kind]
    text = request.GET.get("v", "")
    if not text.strip():
        return JsonResponse({"ok": True, "text": ""})
    try:
        return JsonResponse({"ok": True, "text": "= " + show(parse(text))})
    except ValidationError as exc:
        return JsonResponse({"ok": False, "text": exc.messages[0]})
