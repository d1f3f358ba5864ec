"""Every URL route, as every persona, with real object ids, against the policy.

The test walks the URLconf itself, so a new route is included automatically and fails until it
is given an expectation in `ROUTES` (its access rule). For each route and persona the answer
must be what the policy says: 200 where allowed, 403 or 404 where not, the sign-in page for the
anonymous where a page needs an account, 405 for a GET on a form's POST target; never 500.
And no page, XLSX or JSON body may name a case or a tip that the persona may not see.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

from hub389 import policy
from hub389.accounts.middleware import OFFICER_PATHS
from hub389.accounts.models import Role
from hub389.api.models import ApiClient
from hub389.api.services import register_client, register_holder_client
from hub389.attachments.models import Attachment
from hub389.audit.models import AuditEntry
from hub389.brands import services as brands
from hub389.brands.access import seat, verifier
from hub389.brands.models import KnownFake, Product, RightsHolder, VerificationRequest
from hub389.cases import services as cases
from hub389.cases.models import Case, Sanction
from hub389.committee.models import Commitment, FlashReport, Recommendation
from hub389.demo.brands import load_demo_brands
from hub389.demo.committee import load_demo_committee
from hub389.demo.portal import load_demo_portal
from hub389.demo.records import load_demo_records
from hub389.demo.subjects import load_demo_subjects
from hub389.demo.tips import load_demo_tips
from hub389.exchange.import_jobs import start_import
from hub389.exchange.import_jobs import template_xlsx as import_template_xlsx
from hub389.exchange.models import ImportBatch
from hub389.jobs.models import Job
from hub389.jobs.services import start_job
from hub389.notifications.models import Notification
from hub389.plans.models import Campaign, Directive, Plan, Task
from hub389.portal import services as portal
from hub389.portal import stats
from hub389.portal.models import Notice, PublicationRule, Warning
from hub389.registry.models import Agency, Area
from hub389.registry.services import get_committee
from hub389.reports.models import Submission
from hub389.subjects.access import reviewer
from hub389.subjects.models import SubjectLink
from hub389.tests.factories import make_case, make_directive, make_lot, make_submission, make_tip
from hub389.tests.personas import HOLDERS, PERSONAS, holder_persona, persona
from hub389.tips.models import Tip
from hub389.warehouse.models import Lot

Objects = Callable[[], list[Any]]


@dataclass(frozen=True)
class Route:
    """What a route answers. `kind`:
    - "public": anyone, signed in or not (200, or a redirect within the public side);
    - "signed_in": any officer (200); the anonymous are sent to sign in;
    - "object": `objects()` give the ids; 200 when `policy.can(user, action, obj)`, else 403/404;
    - "committee": `?committee=` of each committee in `objects()`; 200 when the user may
      `action` it, else 403;
    - "post": a form's target: a GET is refused (405), the anonymous are sent to sign in;
    - "public_post": a form's target open to anyone (sign out, leave the tip follow-up): 405;
    - "admin": Django's admin: staff only (others are sent to its sign-in page);
    - "redirect": always a redirect (the language switch)."""

    kind: str
    action: str = "view"
    objects: Objects | None = None
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda obj: {"pk": obj.pk})
    query: dict[str, str] = field(default_factory=dict)
    static: dict[str, str] = field(default_factory=dict)  # the URL's arguments when no object
    allowed: Callable[[Any], bool] | None = None  # for "signed_in" pages some roles may not open
    # The audit log names every record written, by reference, for oversight: there the check
    # is that a hidden record's details (a confidential case's summary) never show.
    names_records: bool = False


def _cases() -> list[Any]:
    return [
        Case.objects.filter(owner__code="01-QLTT", confidential=False).order_by("pk").first(),
        Case.objects.filter(owner__code="20-HQ").order_by("pk").first(),
        Case.objects.filter(confidential=True).first(),
    ]


def _tips() -> list[Any]:
    return [
        Tip.objects.filter(agency__code="01-QLTT").order_by("pk").first(),
        Tip.objects.filter(area__province__code="20").order_by("pk").first(),
    ]


def _first(model: Any, **filters: Any) -> Objects:
    return lambda: [model.objects.filter(**filters).order_by("pk").first()]


def _committees() -> list[Any]:
    return [get_committee("national"), get_committee("01"), get_committee("20")]


def _own_agency_only(user: Any) -> bool:
    return user.agency_id is not None


def _reports_for_agency(user: Any) -> bool:
    return user.agency is not None and policy.can(user, "submit_report", user.agency)


def _manages_clients(user: Any) -> bool:
    return policy.can(user, "manage", ApiClient)


def _by_code(obj: Any) -> dict[str, str]:
    return {"code": obj.code}


def _public_photos() -> list[Any]:
    return list(Attachment.objects.filter(owner_type__app_label="portal", owner_type__model="notice")[:1])


def _warning_photos() -> list[Any]:
    return list(Attachment.objects.filter(owner_type__app_label="portal", owner_type__model="warning")[:1])


def _photo_kwargs(photo: Any) -> dict[str, int]:
    return {"pk": int(photo.owner_id), "photo": photo.pk}


def _product_photos() -> list[Any]:
    kinds = ("product", "knownfake")
    return list(Attachment.objects.filter(owner_type__app_label="brands", owner_type__model__in=kinds)[:2])


def _product_photo_kwargs(photo: Any) -> dict[str, int]:
    owner = photo.owner
    product = owner if isinstance(owner, Product) else owner.product
    return {"pk": product.pk, "photo": photo.pk}


def _decided() -> list[Any]:
    return [
        Sanction.objects.filter(case__owner__code=code, decision_date__isnull=False).order_by("pk").first()
        for code in ("01-QLTT", "20-HQ")
    ]


def _profiles() -> list[Any]:
    """A subject of a Hà Nội case, one of Lạng Sơn's, and a demo subject recorded by two agencies."""
    from hub389.subjects.models import Subject

    found = [
        Subject.objects.filter(cases__case__owner__code="01-QLTT").order_by("pk").first(),
        Subject.objects.filter(cases__case__owner__code="20-HQ").order_by("pk").first(),
        Subject.objects.filter(records__name="NGUYEN VAN HUNG").order_by("pk").first(),
    ]
    # a member's profile redirects to its cluster's: the matrix asks the heads
    return [s.resolved_to if s is not None and s.resolved_to_id else s for s in found]


ACT = {"action": "khong-co"}  # an action no view knows: refused, whoever asks

ROUTES: dict[str, Route] = {
    "home": Route("public"),  # the portal for the anonymous, "my work" for an officer
    "language": Route("redirect", static={"code": "en"}),
    "healthz": Route("public"),
    "number_echo": Route("signed_in"),
    "audit": Route("object", objects=lambda: [AuditEntry], kwargs=lambda _: {}, names_records=True),
    "accounts:login": Route("public"),
    "accounts:logout": Route("public_post"),
    "accounts:otp_verify": Route("signed_in"),
    "accounts:otp_setup": Route("signed_in"),
    "registry:areas": Route("signed_in"),
    "registry:area": Route("object", objects=_first(Area, code="00070"), kwargs=_by_code),
    "registry:agencies": Route("signed_in"),
    "registry:agency": Route(
        "object", objects=_first(Agency, code="20-HQ"), kwargs=lambda a: {"code": a.code}
    ),
    "registry:committees": Route("signed_in"),
    "registry:committee": Route(
        "object", objects=lambda: [get_committee("20")], kwargs=lambda c: {"code": c.area.code}
    ),
    "registry:reference": Route("signed_in"),
    "registry:matrix": Route("signed_in"),
    "registry:gaps_job": Route("post"),
    "registry:rule_create": Route("signed_in"),
    "registry:pick": Route("signed_in", static={"kind": "agency"}, query={"q": "qltt ha noi"}),
    "notifications:inbox": Route("signed_in"),
    "notifications:open": Route("post", objects=_first(Notification)),
    "attachments:download": Route("object", objects=lambda: list(Attachment.objects.order_by("pk")[:2])),
    "jobs:detail": Route("object", objects=_first(Job)),
    "tips:queue": Route("signed_in", allowed=_own_agency_only),
    "tips:bulk": Route("post"),
    "tips:new": Route("signed_in", allowed=_own_agency_only),
    "tips:book": Route("signed_in", allowed=_own_agency_only),
    "tips:deadlines": Route("signed_in", allowed=_own_agency_only),
    "tips:kpi": Route("committee", action="view_kpi", objects=_committees),
    "tips:detail": Route("object", objects=_tips),
    "tips:reveal": Route("object", action="reveal", objects=_tips),
    "tips:act": Route("post", objects=_tips, kwargs=lambda t: {"pk": t.pk, **ACT}),
    "tips_public:submit": Route("public"),
    "tips_public:places": Route("public", query={"province": "01"}),
    "tips_public:receipt": Route("public"),
    "tips_public:lookup": Route("public"),
    "tips_public:status": Route("public"),
    "tips_public:leave": Route("public_post"),
    "hotlines": Route("public", query={"province": "01", "goods": "sua"}),
    "cases:list": Route("signed_in"),
    "cases:new": Route("signed_in", allowed=_own_agency_only),
    "cases:inspections": Route("signed_in", allowed=_own_agency_only),
    "cases:figures": Route("committee", action="view_kpi", objects=_committees),
    "exchange:imports": Route("signed_in"),
    "exchange:import": Route("signed_in", static={"kind": "figures"}, allowed=_reports_for_agency),
    "exchange:import_template": Route("signed_in", static={"kind": "cases"}, allowed=_own_agency_only),
    "exchange:import_batch": Route("object", objects=_first(ImportBatch)),
    "exchange:import_commit": Route("post", objects=_first(ImportBatch)),
    "cases:detail": Route("object", objects=_cases),
    "cases:amend": Route("object", action="edit", objects=_cases),
    "cases:act": Route("post", objects=_cases, kwargs=lambda c: {"pk": c.pk, **ACT}),
    "plans:index": Route("committee", action="view_kpi", objects=_committees),
    "plans:new": Route("post"),
    "plans:plan": Route("object", objects=lambda: list(Plan.objects.order_by("pk")[:2])),
    "plans:plan_act": Route("post", objects=_first(Plan), kwargs=lambda p: {"pk": p.pk, **ACT}),
    "plans:task": Route("object", objects=lambda: list(Task.objects.filter(is_section=False)[:2])),
    "plans:task_act": Route("post", objects=_first(Task), kwargs=lambda t: {"pk": t.pk, **ACT}),
    "plans:directives": Route("committee", action="view_kpi", objects=_committees),
    "plans:directive": Route("object", objects=_first(Directive)),
    "plans:campaigns": Route("committee", action="view_kpi", objects=_committees),
    "plans:campaign": Route("object", objects=_first(Campaign)),
    "plans:evaluation": Route("committee", action="view_kpi", objects=_committees),
    "reports:index": Route("committee", action="view_kpi", objects=_committees),
    "reports:open": Route("post"),
    "reports:dashboard": Route("committee", action="view_kpi", objects=_committees),
    "reports:committee_act": Route("post", static=ACT),
    "reports:submission": Route("object", objects=lambda: list(Submission.objects.order_by("pk")[:2])),
    "reports:act": Route("post", objects=_first(Submission), kwargs=lambda s: {"pk": s.pk, **ACT}),
    "warehouse:stock": Route("signed_in", allowed=_own_agency_only),
    "warehouse:intake": Route("post", objects=_cases),
    "warehouse:lot_act": Route("post", objects=_first(Lot), kwargs=lambda lot: {"pk": lot.pk, **ACT}),
    "api_clients:list": Route("signed_in", allowed=_manages_clients),
    "api_clients:create": Route("signed_in", allowed=_manages_clients),
    "api_clients:detail": Route("object", action="manage", objects=_first(ApiClient)),
    "api_clients:edit": Route("object", action="manage", objects=_first(ApiClient, revoked_at__isnull=True)),
    "api_clients:action": Route("post", objects=_first(ApiClient)),
    "api_clients:once": Route("object", action="manage", objects=_first(ApiClient)),
    "set_language": Route("redirect"),
    # The portal: what anyone reads (live notices and warnings only), and the officers' side.
    "portal:notices": Route("public", query={"province": "01", "goods": "sua", "q": "cong ty"}),
    "portal:notice": Route("public", objects=lambda: list(Notice.objects.live().order_by("pk")[:2])),
    "portal:notice_photo": Route("public", objects=_public_photos, kwargs=_photo_kwargs),
    "portal:notices_rss": Route("public", query={"province": "01"}),
    "portal:notices_atom": Route("public"),
    "portal:notices_json": Route("public", query={"province": "20"}),
    "portal:warnings": Route("public", query={"province": "01"}),
    "portal:warning": Route("public", objects=lambda: list(Warning.objects.live().order_by("pk")[:2])),
    "portal:warning_photo": Route("public", objects=_warning_photos, kwargs=_photo_kwargs),
    "portal:warnings_rss": Route("public"),
    "portal:warnings_atom": Route("public", query={"province": "01"}),
    "portal:warnings_json": Route("public"),
    "portal:widget": Route("public", query={"province": "01"}),
    "portal:statistics": Route("public"),
    "portal:statistics_csv": Route("public", objects=stats.published_periods, kwargs=lambda c: {"code": c}),
    "portal:open_data": Route("public"),
    "portal:open_data_definitions": Route("public"),
    "portal:open_data_month": Route("public", objects=stats.published_periods, kwargs=lambda c: {"code": c}),
    "portal:portal_sitemap": Route("public"),
    "portal:robots": Route("public"),
    "publications:index": Route("signed_in"),
    "publications:propose": Route(
        "object", action="propose", objects=_decided, kwargs=lambda s: {"sanction": s.pk}
    ),
    "publications:detail": Route("object", objects=lambda: list(Notice.objects.order_by("-pk")[:3])),
    "publications:act": Route("post", objects=_first(Notice), kwargs=lambda n: {"pk": n.pk, **ACT}),
    "publications:warning_new": Route("signed_in", allowed=lambda u: policy.can(u, "edit", Warning)),
    "publications:warning": Route("object", objects=lambda: list(Warning.objects.order_by("pk"))),
    "committee:flash_list": Route("signed_in"),
    "committee:flash_new": Route("signed_in", allowed=lambda u: policy.can(u, "create", FlashReport)),
    "committee:flash_deadlines": Route("post"),
    "committee:flash": Route("object", objects=lambda: list(FlashReport.objects.order_by("pk"))),
    "committee:flash_docx": Route("object", objects=_first(FlashReport)),
    "committee:recommendations": Route("signed_in"),
    "committee:recommendation_new": Route(
        "signed_in", allowed=lambda u: policy.can(u, "create", Recommendation)
    ),
    "committee:areas": Route("signed_in", allowed=lambda u: u.agency_id is not None),
    "committee:findings": Route("signed_in"),
    "committee:commitments": Route("signed_in"),
    "committee:commitment_new": Route("signed_in", allowed=lambda u: policy.can(u, "create", Commitment)),
    "committee:commitment": Route("object", objects=lambda: list(Commitment.objects.order_by("pk")[:2])),
    "committee:recommendation": Route(
        "object", objects=lambda: list(Recommendation.objects.order_by("pk")[:3])
    ),
    "subjects:queue": Route("signed_in", allowed=reviewer),
    "subjects:matches": Route("signed_in"),
    "subject_profile": Route("object", action="profile", objects=_profiles),
    "subject_graph": Route("object", action="profile", objects=_profiles),
    "subject_graph_data": Route("object", action="profile", objects=_profiles),
    "subject_graph_graphml": Route("object", action="profile", objects=_profiles),
    "subject_graph_ftm": Route("object", action="profile", objects=_profiles),
    "subjects:pair": Route(
        "object", action="review", objects=lambda: list(SubjectLink.objects.order_by("pk")[:2])
    ),
    # Rights holders and genuine products: the officers', holders' and office's pages, the public check.
    "brands:lookup": Route("signed_in", allowed=lambda u: policy.can(u, "view", Product)),
    "brands:product_new": Route("signed_in", allowed=lambda u: seat(u) is not None),
    "brands:mine": Route("signed_in", allowed=lambda u: seat(u) is not None),
    "brands:upload_template": Route("signed_in", allowed=lambda u: seat(u) is not None),
    "brands:api_token": Route(
        "object", action="manage", objects=lambda: list(ApiClient.objects.filter(holder__isnull=False))
    ),
    "brands:holders": Route("signed_in", allowed=verifier),
    "brands:product": Route("object", objects=lambda: list(Product.objects.order_by("pk"))),
    "brands:holder": Route("object", objects=lambda: list(RightsHolder.objects.order_by("pk"))),
    "brands:request": Route("object", objects=lambda: list(VerificationRequest.objects.order_by("pk"))),
    "brands_public:check": Route("public", query={"q": "sua dong xanh"}),
    "brands_public:product": Route("public", objects=lambda: list(Product.objects.order_by("pk")[:1])),
    "brands_public:photo": Route("public", objects=_product_photos, kwargs=_product_photo_kwargs),
    "brands_public:apply": Route("public"),
    "brands_public:applied": Route("public"),
}
ADMIN_PREFIX = "admin/"  # Django's admin: every route of it is "admin"
# The API's routes answer tokens, not sessions: hub389/api/tests/test_api_routes.py walks its
# OpenAPI document with the clients of several agencies, against the same policy.
API_PREFIX = "api/v1/"


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else ""


def routes() -> list[tuple[str, str]]:
    return list(_walk(get_resolver().url_patterns))


def test_every_route_has_a_declared_expectation() -> None:
    missing = [
        (pattern, name)
        for pattern, name in routes()
        if not pattern.startswith((ADMIN_PREFIX, API_PREFIX)) and name not in ROUTES
    ]
    assert not missing, f"routes without an access expectation in ROUTES: {missing}"
    stale = set(ROUTES) - {name for _, name in routes()}
    assert not stale, f"expectations for routes that no longer exist: {stale}"


def _records() -> None:
    """The demo, plus what reaches every branch: another province, a confidential case, a
    transfer, a report, a file, a job."""
    handler, customs, coordinator = persona("handler"), persona("customs"), persona("coordinator")
    load_demo_tips()
    load_demo_records()
    load_demo_committee()
    load_demo_subjects()  # two agencies' records of the same traders, one linkage run
    load_demo_portal()
    _photo_notice(handler, persona("owner"))
    _brands(handler)
    make_case(customs, area="20", kinds=["smuggling"], summary="Đường cát nhập lậu Lạng Sơn")
    secret = make_case(handler, area="01", summary="Vụ việc bảo mật đang trinh sát")
    cases.set_confidential(handler, secret, "Đang trinh sát, chưa công khai", [coordinator])
    cases.attach_file(handler, secret, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "bien-ban.pdf")
    make_tip(None, area="20", goods="thuoc-la", summary="Thuốc lá lậu ở chợ Đông Kinh")
    make_submission(handler)
    start_job(handler, "jurisdiction_gaps", {"date": "2026-12-01"})
    make_directive(persona("owner"))
    make_lot(handler, secret)
    start_import(
        handler, io.BytesIO(import_template_xlsx()), "mau.xlsx", source_system="QLTT-HN", dry_run=True
    )
    assert handler.agency is not None
    register_client(
        persona("head"),
        handler.agency,
        name="Hệ thống xử lý vi phạm QLTT",
        contact="Phòng CNTT",
        scopes=["cases:read"],
        expires_on=datetime.date(2027, 6, 30),
    )


def _brands(officer: Any) -> None:
    """The demo's rights holders, a photo of the product and of its fake, and a verification
    request from one of the officer's cases."""
    load_demo_brands()
    product = Product.objects.get(gtin="8936045123454")
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(png, format="PNG")
    png.seek(0)
    brands.add_photo(holder_persona("holder"), product, png)
    png.seek(0)
    fake = KnownFake.objects.filter(product=product).first()
    assert fake is not None
    brands._photo(holder_persona("holder"), fake, png)
    case = Case.objects.filter(owner=officer.agency).order_by("pk").first()
    assert case is not None
    brands.ask(officer, case, product, brands.AskInput(question="Lô DX25-09 ở chợ Long Biên, tem một màu"))
    master = holder_persona("holder")
    register_holder_client(
        master,
        master.holder_seat.holder,
        name="ERP Đồng Xanh",
        contact="CNTT",
        expires_on=datetime.date(2027, 6, 30),
    )


def _photo_notice(officer: Any, office: Any) -> None:
    """A published notice with a photo (the demo's have none)."""
    sanction = (
        Sanction.objects.filter(case__owner=officer.agency, decision_date__isnull=False, notices__isnull=True)
        .order_by("pk")
        .first()
    )
    assert sanction is not None
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(png, format="PNG")
    png.seek(0)
    photo = cases.attach_file(officer, sanction.case, png, "kho-hang.png")
    notice = portal.propose(
        officer,
        sanction,
        rule=PublicationRule.objects.first(),
        legal_basis="Vi phạm có tác động xã hội",
        legal_article="Nghị định 98/2020/NĐ-CP",
        summary="Kinh doanh hàng giả",
        photos=[portal.Photo(photo, publish=True)],
    )
    portal.approve(office, notice)
    warning = Warning.objects.live().filter(committee__area__code="01").first()
    assert warning is not None
    png.seek(0)
    portal.add_warning_photo(office, warning, png)


def _text(response: Any) -> str:
    """What a person could read in the answer: HTML, JSON, or the cells of an XLSX."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return body.decode("utf-8", "replace")


REFERENCE = re.compile(r"\b(?:VV|TB)-\d{4}-\d{6}\b")


def _hidden(user: Any) -> set[str]:
    """The references of the cases and tips `user` may not see."""
    seen_cases = set(policy.visible(user, "view", Case).values_list("pk", flat=True))
    seen_tips = set(policy.visible(user, "view", Tip).values_list("pk", flat=True))
    return {c.reference for c in Case.objects.exclude(pk__in=seen_cases)} | {
        t.reference for t in Tip.objects.exclude(pk__in=seen_tips)
    }


def _hidden_summaries(user: Any) -> set[str]:
    return set(
        Case.objects.exclude(pk__in=policy.visible(user, "view", Case).values("pk")).values_list(
            "summary", flat=True
        )
    )


def _expected(route: Route, user: Any, obj: Any, url: str = "") -> set[int]:
    signed_in = bool(user.is_authenticated)
    if signed_in and user.role == Role.RIGHTS_HOLDER and url.startswith(OFFICER_PATHS):
        return {403}  # the officers' side is closed to a rights holder's users
    if route.kind == "public":
        return {200, 302}
    if route.kind == "redirect":
        return {302}
    if route.kind == "public_post":
        return {405}
    if not signed_in:
        return {302}  # to the sign-in page
    if route.kind == "post":
        return {405}
    if route.kind == "admin":
        return {200} if user.is_staff else {302}
    if route.kind == "signed_in":
        return {200} if route.allowed is None or route.allowed(user) else {403}
    assert obj is not None
    return {200} if policy.can(user, route.action, obj) else {403, 404}


def _requests(name: str, route: Route) -> Iterator[tuple[str, Any]]:
    from django.urls import reverse

    if route.kind == "committee":
        assert route.objects is not None
        for committee in route.objects():
            yield f"{reverse(name)}?committee={committee.code}", committee
        return
    if route.objects is None:
        query = "&".join(f"{k}={v}" for k, v in route.query.items())
        yield reverse(name, kwargs=route.static or None) + (f"?{query}" if query else ""), None
        return
    for obj in route.objects():
        assert obj is not None, f"{name}: no object in the test data"
        kwargs = route.kwargs(obj)
        yield reverse(name, kwargs=kwargs or None), obj


INLINE_STYLE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\s(?:src|nonce)=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": settings.PERMISSIONS_POLICY,
}


def _header_problems(response: Any) -> list[str]:
    """The security headers every answer carries, and for a page a Content-Security-Policy that
    allows no inline script or style, with no markup that such a policy would break."""
    found = [
        f"{name}: {response.headers.get(name)!r}"
        for name, want in HEADERS.items()
        if response.headers.get(name) != want
    ]
    if not response.get("Content-Type", "").startswith("text/html"):
        return found
    csp = response.headers.get("Content-Security-Policy", "")
    if "script-src" not in csp or "unsafe-inline" in csp or "unsafe-eval" in csp:
        found.append(f"Content-Security-Policy: {csp!r}")
    if response.status_code == 200 and not response.streaming:
        text = response.content.decode()
        for pattern, what in (
            (INLINE_STYLE, "a style attribute"),
            (INLINE_HANDLER, "an event handler attribute"),
            (INLINE_SCRIPT, "an inline script without its nonce"),
        ):
            match = pattern.search(text)
            if match:
                found.append(f"{what}: {match.group(0)[:90]}")
    return found


@pytest.mark.django_db
def test_every_route_answers_every_persona_as_the_policy_says(settings: Any) -> None:
    settings.HUB389_REQUIRE_2FA = False
    _records()
    users: dict[str, Any] = {name: persona(name) for name in PERSONAS}
    users["anonymous"] = AnonymousUser()
    users.update({name: holder_persona(name) for name in HOLDERS})
    wrong: list[str] = []
    leaks: list[str] = []
    checked = 0
    for name, route in ROUTES.items():
        for url, obj in _requests(name, route):
            for who, user in users.items():
                client = Client(raise_request_exception=False)
                if user.is_authenticated:
                    client.force_login(user)
                response = client.get(url)
                checked += 1
                unsafe = _header_problems(response)
                if unsafe:
                    wrong.append(f"{who} GET {url}: {'; '.join(unsafe)}")
                expected = _expected(route, user, obj, url)
                if response.status_code not in expected:
                    wrong.append(f"{who} GET {url}: {response.status_code}, expected {sorted(expected)}")
                    continue
                if response.status_code == 200 and user.is_authenticated:
                    text = _text(response)
                    if route.names_records:
                        shown = {s for s in _hidden_summaries(user) if s in text}
                    else:
                        shown = set(REFERENCE.findall(text)) & _hidden(user)
                    if shown:
                        leaks.append(f"{who} GET {url}: shows {sorted(shown)[:5]}")
    for pattern, _name in routes():
        if pattern.startswith(ADMIN_PREFIX) and pattern == ADMIN_PREFIX:
            for who, user in users.items():
                client = Client(raise_request_exception=False)
                if user.is_authenticated:
                    client.force_login(user)
                status = client.get("/admin/").status_code
                expected = _expected(Route("admin"), user, None)
                if status not in expected:
                    wrong.append(f"{who} GET /admin/: {status}, expected {sorted(expected)}")
    assert checked > 500
    assert not wrong, "\n".join(wrong)
    assert not leaks, "\n".join(leaks)


def _posted(route: Route, user: Any, obj: Any, status: int) -> str:
    """What is wrong with the answer to an empty POST (or an unknown action) on a form's
    target: never a 500; the anonymous are sent to sign in; who may not see the record it is
    about is refused before anything is read."""
    if status >= 500:
        return "a server error"
    if route.kind == "post" and not user.is_authenticated and status != 302:
        return "not sent to sign in"
    if (
        user.is_authenticated
        and obj is not None
        and not policy.can(user, "view", obj)
        and status not in (403, 404)
    ):
        return "not refused to one who may not see the record"
    return ""


# An action each form target knows, POSTed empty: it reaches the service, which refuses it
# (the policy first, then the missing fields); an unknown action is refused before that.
KNOWN = {
    "cases:act": "violation_record",
    "tips:act": "note",
    "plans:plan_act": "add",
    "plans:task_act": "issue",
    "reports:act": "refresh",
    "publications:act": "refuse",
    "warehouse:lot_act": "sample",
}


def _targets(name: str, route: Route) -> Iterator[tuple[str, Any]]:
    yield from _requests(name, route)
    if name in KNOWN:
        for url, obj in _requests(name, route):
            yield url.replace(f"/{ACT['action']}/", f"/{KNOWN[name]}/"), obj


@pytest.mark.django_db
def test_every_form_target_refuses_what_the_policy_refuses(settings: Any) -> None:
    """The write doors: each form's target, POSTed empty or with an action no view knows, as
    every persona. Nothing is written by a refusal (the services check the policy again)."""
    settings.HUB389_REQUIRE_2FA = False
    _records()
    users: dict[str, Any] = {name: persona(name) for name in PERSONAS}
    users["anonymous"] = AnonymousUser()
    users.update({name: holder_persona(name) for name in HOLDERS})
    wrong: list[str] = []
    posted = 0
    for name, route in ROUTES.items():
        if route.kind not in ("post", "public_post"):
            continue
        for url, obj in _targets(name, route):
            for who, user in users.items():
                client = Client(raise_request_exception=False)
                if user.is_authenticated:
                    client.force_login(user)
                status = client.post(url, {}).status_code
                posted += 1
                problem = _posted(route, user, obj, status)
                if problem:
                    wrong.append(f"{who} POST {url}: {status}, {problem}")
    assert posted > 100
    assert not wrong, "\n".join(wrong)
