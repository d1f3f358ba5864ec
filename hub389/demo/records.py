"""Demo records for the reports and the dashboard: two years of cases in Hà Nội and Lạng Sơn
(so every figure has a "same period last year"), some sanctioned and some prosecuted, the
Hanoi plan to 2030 with a few tasks issued, and a peak campaign. Everything goes through the
services (validated, audited, routed). Deterministic; skipped when cases already exist."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.deadlines import Route
from hub389.cases.models import Case
from hub389.cases.services import CaseInput, GoodsLine
from hub389.plans import importer
from hub389.plans import services as plans
from hub389.registry.models import Agency, Area, GoodsGroup
from hub389.registry.services import get_committee

# (officer, area codes, goods groups, kinds with weights)
RECORDERS = [
    (
        "qltt.hanoi",
        ["00070", "00004", "01"],
        ["sua", "my-pham", "dien-tu", "duong"],
        ["counterfeit", "fraud", "unknown_origin"],
    ),
    ("congan.hanoi", ["01", "00097"], ["thuoc-la", "dien-tu", "duong"], ["smuggling", "fraud"]),
    ("haiquan.langson", ["CK-CHIMA", "20"], ["thuoc-la", "duong", "sua"], ["smuggling", "unknown_origin"]),
]
COUNT = 140


@transaction.atomic
def load_demo_records() -> int:
    if Case.objects.exists():
        return 0
    rng = random.Random(389)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    created = 0
    for i in range(COUNT):
        username, areas, goods, kinds = RECORDERS[i % len(RECORDERS)]
        officer = User.objects.get(username=username)
        day = today - datetime.timedelta(days=int(rng.triangular(1, 730, 60)))
        kind = rng.choice(kinds)
        value = int(rng.paretovariate(1.3) * 4_000_000) // 1000 * 1000
        case = cases.record_case(
            officer,
            CaseInput(
                detection=rng.choice(["inspection", "patrol", "customs"]),
                detected_on=day,
                area=Area.objects.get(code=rng.choice(areas)),
                summary=f"Vụ việc minh hoạ số {i + 1}: hàng {kind} phát hiện khi kiểm tra",
                violations=[kind],
                channel="border" if "CK-" in areas[0] else "inland",
                goods_group=GoodsGroup.objects.get(code=rng.choice(goods)),
                goods=[GoodsLine("Hàng hóa vi phạm (minh hoạ)", str(rng.randint(5, 500)), "đơn vị", value)],
            ),
        )
        created += 1
        if rng.random() < 0.6 and day < today:
            sanction = cases.record_violation(
                officer, case, record_no=f"{i + 1}/BB", record_date=day, route=Route.STANDARD
            )
            decided = min(day + datetime.timedelta(days=rng.randint(1, 6)), today)
            fine = rng.choice([5, 10, 20, 35, 50]) * 1_000_000
            cases.decide_sanction(
                officer,
                sanction,
                decision_no=f"{i + 1}/QĐ-XPHC",
                decision_date=decided,
                fine=fine,
                measures=[],
            )
            if rng.random() < 0.8:
                cases.record_payment(officer, sanction, fine)
        elif (
            kind == "smuggling" and rng.random() < 0.5 and officer.agency and officer.agency.kind != "police"
        ):
            police = Agency.objects.get(
                code=f"{case.area.province.code if case.area.province else case.area.code}-CA"
            )
            cases.refer(officer, case, police, day)
    _demo_plan()
    return created


def _demo_plan() -> None:
    office = User.objects.get(username="vptt.hanoi")
    plan = importer.import_fixture("hanoi-2030", office).plan
    sct = User.objects.get(username="canbo.sct.hanoi")
    for path, responsible in (("V.1", sct), ("V.2", sct), ("I.1.1", sct)):
        task = plan.task_at(path)
        plans.update_task(office, task, responsible=responsible)
        plans.issue_task(office, task)
    today = timezone.localdate()
    plans.create_campaign(
        office,
        get_committee("01"),
        name="Cao điểm chống hàng giả, hàng kém chất lượng dịp cuối năm",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        goods_groups=list(GoodsGroup.objects.filter(code__in=["sua", "my-pham", "thuoc-la"])),
        areas=[],
        agencies=[],
        members=[User.objects.get(username="qltt.hanoi")],
    )
