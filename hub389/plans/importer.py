"""Loading a plan's appendix (sections, numbered tasks, lead and coordinating agencies, timing)
from the shipped fixture of the Hanoi plan or from an XLSX sheet with the same columns.

Every lead and coordinating agency named must be found in the registry (by name or alias,
within the committee's province or nationally); a name that is not found is reported with
its row number, never guessed, and nothing is imported. Collective leads ("Các Sở, ngành có
liên quan", "UBND các xã, phường") are kept as written on a draft task, to be given one lead
agency and one person before the task is issued (the "6 clear" rule)."""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from hub389.audit import services as audit
from hub389.lib.text import fold
from hub389.plans import timing
from hub389.plans.models import ROMAN, Plan, Task
from hub389.plans.services import create_plan
from hub389.registry.models import Agency, Level, SteeringCommittee
from hub389.registry.services import get_committee

FIXTURES = Path(__file__).parent / "fixtures"
COLUMNS = [
    "TT",
    "Nhiệm vụ, giải pháp chủ yếu",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Sản phẩm",
    "Căn cứ, thẩm quyền",
]
# Phrases that name a group of agencies rather than one (folded, at the start of a name).
GROUPS = ("cac so", "ubnd cac xa", "uy ban nhan dan cac xa", "cac don vi", "co quan bao chi", "cac co quan")


@dataclass
class Row:
    line: int
    number: str
    title: str
    lead: str
    coordinators: str
    timing: str
    product: str = ""
    authority: str = ""


@dataclass
class Result:
    plan: Plan
    sections: int = 0
    tasks: int = 0
    to_complete: list[str] = field(default_factory=list)


def _names(cell: str) -> list[str]:
    parts = re.split(r"[;\n]", cell)
    return [p.strip().lstrip("-").strip().rstrip(".,") for p in parts if p.strip().lstrip("-").strip()]


def is_group(name: str) -> bool:
    return fold(name).startswith(GROUPS)


class AgencyMatcher:
    """Finds the one agency a name designates for a committee: its province's agencies and the
    national ones, by name or alias (diacritics and case ignored), then the name followed by
    the province's name ("Sở Y tế" → "Sở Y tế Hà Nội"), then a single province agency whose
    name starts with it ("Công an Thành phố" → "Công an thành phố Hà Nội")."""

    def __init__(self, committee: SteeringCommittee) -> None:
        self.province = committee.area.province or committee.area
        agencies = list(
            Agency.objects.filter(
                Q(area=self.province) | Q(level=Level.NATIONAL), is_active=True
            ).prefetch_related("aliases")
        )
        self.local = [(fold(a.name), a) for a in agencies if a.area_id == self.province.pk]
        self.names: dict[str, list[Agency]] = {}
        for a in agencies:
            for key in {fold(a.name), *(fold(x.name) for x in a.aliases.all())}:
                self.names.setdefault(key, []).append(a)

    def match(self, name: str) -> Agency | None:
        key = fold(name)
        exact = self.names.get(key, [])
        if len(exact) == 1:
            return exact[0]
        with_place = self.names.get(f"{key} {fold(self.province.short_name)}", [])
        if len(with_place) == 1:
            return with_place[0]
        starts = [a for folded, a in self.local if folded.startswith(key + " ")]
        return starts[0] if len(starts) == 1 else None


def _resolve(
    cell: str, matcher: AgencyMatcher, line: int, what: str, errors: list[str]
) -> tuple[list[Agency], list[str]]:
    agencies, groups = [], []
    for name in _names(cell):
        if is_group(name):
            groups.append(name)
            continue
        agency = matcher.match(name)
        if agency is None:
            errors.append(f"Dòng {line}: không tìm thấy {what} “{name}” trong danh mục cơ quan.")
        else:
            agencies.append(agency)
    return agencies, groups


def _sort_key(section: int, number: str) -> str:
    return ".".join([f"{section:02d}", *(f"{int(p):03d}" for p in number.split("."))])


def load_rows(
    committee: SteeringCommittee, meta: dict[str, Any], rows: list[Row], actor: Any = None
) -> Result:
    """Create the plan and its tasks from `rows`, all or nothing. Raises ValidationError with
    one message per bad row."""
    errors: list[str] = []
    prepared: list[dict[str, Any]] = []
    matcher = AgencyMatcher(committee)
    section = 0
    numbers: set[str] = set()
    for row in rows:
        number = row.number.strip().rstrip(".")
        if number.upper() in ROMAN:
            section = ROMAN.index(number.upper()) + 1
            prepared.append({"row": row, "section": True, "key": f"{section:02d}", "number": number.upper()})
            continue
        if not re.fullmatch(r"\d+(\.\d+)*", number):
            errors.append(f"Dòng {row.line}: số thứ tự “{row.number}” không hợp lệ (I, II… hoặc 1, 1.1…).")
            continue
        if section == 0:
            errors.append(f"Dòng {row.line}: nhiệm vụ {number} đứng trước mục La Mã đầu tiên.")
            continue
        key = _sort_key(section, number)
        if key in numbers:
            errors.append(f"Dòng {row.line}: trùng số thứ tự {number} trong mục {ROMAN[section - 1]}.")
        numbers.add(key)
        if len(row.title.strip()) < 5:
            errors.append(f"Dòng {row.line}: thiếu nội dung nhiệm vụ.")
        leads, lead_groups = _resolve(row.lead, matcher, row.line, "cơ quan chủ trì", errors)
        coords, coord_groups = _resolve(row.coordinators, matcher, row.line, "cơ quan phối hợp", errors)
        if not leads and not lead_groups:
            errors.append(f"Dòng {row.line}: thiếu cơ quan chủ trì.")
        due = timing.parse(row.timing)
        if due is None:
            errors.append(f"Dòng {row.line}: không đọc được thời gian thực hiện “{row.timing}”.")
        prepared.append(
            {
                "row": row,
                "section": False,
                "key": key,
                "number": number,
                "lead": leads[0] if len(leads) == 1 else None,
                "lead_group": "; ".join(([] if len(leads) == 1 else [a.name for a in leads]) + lead_groups),
                "coordinators": coords,
                "coordination_note": "; ".join(coord_groups)[:500],
                "due": due,
            }
        )
    if errors:
        raise ValidationError(errors)
    return _save(committee, meta, prepared, actor)


def _already_imported(committee: SteeringCommittee, meta: dict[str, Any]) -> None:
    """The same plan (by its number, or its title and start) imported twice would double every
    task, reminder and figure: refused, naming the plan already there."""
    same = Plan.objects.select_for_update().filter(committee=committee, starts_on=meta["starts_on"])
    number = (meta.get("number") or "").strip()
    found = (same.filter(number=number) if number else same.filter(title=meta["title"].strip())).first()
    if found is not None:
        raise ValidationError(
            f"Kế hoạch “{found.title[:120]}”{f' (số {found.number})' if found.number else ''} đã được nạp "
            f"ngày {timezone.localtime(found.created_at):%d/%m/%Y} (kế hoạch #{found.pk}): không nạp lại. "
            "Sửa nhiệm vụ trên trang kế hoạch đó."
        )


@transaction.atomic
def _save(
    committee: SteeringCommittee, meta: dict[str, Any], prepared: list[dict[str, Any]], actor: Any
) -> Result:
    _already_imported(committee, meta)
    plan = create_plan(
        actor,
        committee,
        title=meta["title"],
        number=meta.get("number", ""),
        starts_on=meta["starts_on"],
        ends_on=meta["ends_on"],
        source=meta.get("source", ""),
    )
    result = Result(plan)
    by_key: dict[str, Task] = {}
    for item in prepared:
        row: Row = item["row"]
        parent_key = item["key"].rsplit(".", 1)[0] if "." in item["key"] else None
        task = Task(
            plan=plan,
            parent=by_key.get(parent_key) if parent_key else None,
            number=item["number"],
            sort_key=item["key"],
            is_section=item["section"],
            title=" ".join(row.title.split()),
        )
        if not item["section"]:
            due = item["due"]
            task.lead_agency, task.lead_group = item["lead"], item["lead_group"][:300]
            task.coordination_note = item["coordination_note"]
            task.timing, task.due_on, task.due_day, task.due_month = due.kind, due.due_on, due.day, due.month
            task.trigger, task.timing_text = due.trigger[:300], row.timing.strip()[:300]
            task.product = row.product.strip()[:300]
            task.authority = (row.authority.strip() or meta.get("authority", ""))[:300]
            if task.product:
                task.product_kind = "report" if "bao cao" in fold(task.product) else "other"
        task.save()
        if not item["section"]:
            task.coordinators.set(item["coordinators"])
            result.tasks += 1
            missing = [
                w for w, ok in (("cơ quan chủ trì", task.lead_agency), ("sản phẩm", task.product)) if not ok
            ]
            if missing:
                result.to_complete.append(f"{_path(task, by_key)}: cần bổ sung {', '.join(missing)}")
        else:
            result.sections += 1
        by_key[item["key"]] = task
    audit.record(
        actor,
        "plan.import",
        plan,
        object_repr=plan.title[:100],
        changes={"sections": result.sections, "tasks": result.tasks, "source": meta.get("source", "")},
    )
    return result


def _path(task: Task, by_key: dict[str, Task]) -> str:
    section = by_key.get(task.sort_key[:2])
    return f"{section.number if section else ''}.{task.number}"


def import_fixture(name: str, actor: Any = None) -> Result:
    path = FIXTURES / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in FIXTURES.glob("*.json")))
        raise ValidationError(f"Không có bộ dữ liệu “{name}” (có: {known}).")
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = [Row(i, *(cell or "" for cell in r)) for i, r in enumerate(data["rows"], start=1)]
    meta = {
        **data,
        "starts_on": datetime.date.fromisoformat(data["starts_on"]),
        "ends_on": datetime.date.fromisoformat(data["ends_on"]),
    }
    return load_rows(get_committee(data["committee"]), meta, rows, actor)


def read_xlsx(upload: IO[bytes]) -> list[Row]:
    """The rows of the first sheet; the first row must carry the column headings."""
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("Tệp không phải bảng tính XLSX đọc được.")) from exc
    lines = sheet.iter_rows(values_only=True)
    header = [fold(str(c or "")) for c in next(lines, ())]
    expected = [fold(c) for c in COLUMNS[:5]]
    if header[:5] != expected:
        raise ValidationError(f"Dòng tiêu đề phải là: {' | '.join(COLUMNS)}.")
    rows = []
    for i, values in enumerate(lines, start=2):
        cells = [str(v).strip() if v is not None else "" for v in (*values, *[None] * 7)][:7]
        if any(cells):
            rows.append(Row(i, *cells))
    if not rows:
        raise ValidationError(_("Bảng tính không có nhiệm vụ nào."))
    return rows
