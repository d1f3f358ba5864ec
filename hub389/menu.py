"""The main menu, grouped by what each role does (officers record and work tips and cases;
the standing office runs the committee; leaders read the dashboard): a few items on one row
at 1,366 px, the reference data folded under "Danh mục", a real menu on a phone."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub389 import policy
from hub389.accounts.access import is_admin, is_standing_office
from hub389.accounts.models import Role
from hub389.api.models import ApiClient
from hub389.audit.models import AuditEntry
from hub389.brands.access import verifier
from hub389.exchange.imports import KINDS


@dataclass
class Entry:
    label: Any
    url: str
    prefix: str  # the paths it is active on
    children: list["Entry"] = field(default_factory=list)
    key: str = ""

    def active(self, path: str) -> bool:
        if self.children:
            return any(c.active(path) for c in self.children)
        return path == self.prefix if self.prefix == "/" else path.startswith(self.prefix)


def _registry(user: Any) -> Entry:
    children = [
        Entry(_("Địa bàn"), reverse("registry:areas"), "/registry/areas"),
        Entry(_("Cơ quan"), reverse("registry:agencies"), "/registry/agencies"),
        Entry(_("Ban Chỉ đạo"), reverse("registry:committees"), "/registry/committees"),
        Entry(_("Lĩnh vực, nhóm hàng"), reverse("registry:reference"), "/registry/reference"),
        Entry(_("Ma trận thẩm quyền"), reverse("registry:matrix"), "/registry/matrix"),
    ]
    if policy.can(user, "view", AuditEntry):
        children.append(Entry(_("Nhật ký"), reverse("audit"), "/audit/"))
    if user.agency_id is not None and any(k.allowed(user) for k in KINDS.values()):
        children.append(Entry(_("Nhập từ bảng tính"), reverse("exchange:imports"), "/imports/"))
    if policy.can(user, "manage", ApiClient):
        children.append(Entry(_("Hệ thống kết nối (API)"), reverse("api_clients:list"), "/api-clients/"))
    return Entry(_("Danh mục"), children[0].url, "/registry/", children, key="registry")


def _committee(user: Any) -> Entry:
    """The committee's registers: flash reports, recommendations, areas, commitments."""
    children = [
        Entry(_("Báo cáo nhanh"), reverse("committee:flash_list"), "/committee/flash/"),
        Entry(_("Kiến nghị, vướng mắc"), reverse("committee:recommendations"), "/committee/recommendations/"),
        Entry(_("Phụ trách địa bàn"), reverse("committee:areas"), "/committee/areas/"),
        Entry(_("Ký cam kết"), reverse("committee:commitments"), "/committee/commitments/"),
    ]
    return Entry(_("Công tác Ban Chỉ đạo"), children[0].url, "/committee/", children, key="committee")


def menu(user: Any) -> list[Entry]:
    home = Entry(_("Việc của tôi"), reverse("home"), "/", key="home")
    tips = Entry(_("Tin báo"), reverse("tips:queue"), "/tips/", key="tips")
    cases = Entry(_("Vụ việc"), reverse("cases:list"), "/cases/", key="cases")
    warehouse = Entry(_("Kho tang vật"), reverse("warehouse:stock"), "/warehouse/", key="warehouse")
    plans = Entry(_("Kế hoạch, nhiệm vụ"), reverse("plans:index"), "/plans/", key="plans")
    reports = Entry(_("Báo cáo"), reverse("reports:index"), "/reports/", key="reports")
    dashboard = Entry(
        _("Bảng điều hành"), reverse("reports:dashboard"), "/reports/dashboard", key="dashboard"
    )
    publications = Entry(_("Công khai"), reverse("publications:index"), "/publications/", key="publications")
    reports.prefix = "/reports/"
    brands = Entry(_("Hàng thật, hàng giả"), reverse("brands:lookup"), "/brands/", key="brands")
    if verifier(user):  # the national office also verifies the rights holders
        brands = Entry(
            _("Hàng thật, hàng giả"),
            reverse("brands:lookup"),
            "/brands/",
            [
                Entry(_("Tra cứu sản phẩm"), reverse("brands:lookup"), "/brands/products"),
                Entry(_("Chủ thể quyền"), reverse("brands:holders"), "/brands/holders"),
            ],
            key="brands",
        )
    if user.role == Role.RIGHTS_HOLDER:
        mine = Entry(_("Sản phẩm, đề nghị xác minh"), reverse("brands:mine"), "/brands/mine/", key="brands")
        return [mine, Entry(_("Tra cứu sản phẩm"), reverse("brands:lookup"), "/brands/", key="lookup")]
    if user.role == Role.LEADER:
        items = [dashboard, home, reports, plans, cases, publications]
    elif is_standing_office(user) or is_admin(user):
        items = [home, dashboard, tips, cases, plans, reports, publications, brands]
    else:
        items = [home, tips, cases, warehouse, brands, plans, reports]
    return [*items, _committee(user), _registry(user)]


def active_key(entries: list[Entry], path: str) -> str:
    """The one entry a path belongs to (the dashboard, not "Báo cáo", on /reports/dashboard/)."""
    best = ""
    length = -1
    for e in entries:
        for c in [e, *e.children]:
            if not c.children and c.active(path) and len(c.prefix) > length:
                best, length = e.key, len(c.prefix)
    return best
