"""The synthetic national data set: deterministic from a seed, realistic rather than uniform.

    .venv/bin/python bench/generate.py --scale small|province|national [--seed 389]

- case counts skewed toward big cities and border provinces, seasonal peaks before Tết and
  during the May–June campaign, the mix of kinds close to seed 002 (≈ 20% smuggling, 72% fraud,
  5% counterfeit), goods values with a long tail;
- subjects with Vietnamese names (a third written without diacritics, as data often arrives),
  valid citizen IDs and tax codes (python-stdnum check digits), addresses in real communes;
- tips with settlement times spread like real ones, some overdue;
- bulk inserts (PostgreSQL COPY, SQLite executemany) with explicit keys, a progress line.

It refuses a scale it does not know and a database that holds real (non-synthetic) records;
everything it writes belongs to the user `du-lieu-tong-hop`, which the benchmarks look for.
"""

import argparse
import datetime
import itertools
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")

SYNTHETIC_USER = "du-lieu-tong-hop"


@dataclass(frozen=True)
class Scale:
    cases: int
    tips: int
    subjects: int
    years: int
    provinces: tuple[str, ...] = ()  # empty: all 34


SCALES = {
    "small": Scale(cases=3_000, tips=900, subjects=1_500, years=3),
    "province": Scale(cases=25_000, tips=7_500, subjects=12_500, years=10, provinces=("31",)),  # Hải Phòng
    "national": Scale(cases=1_000_000, tips=300_000, subjects=500_000, years=10),
}

# Big cities and border provinces see more cases (seed 002: Hải Phòng 22,183 in ten years).
PROVINCE_WEIGHT = {
    "01": 10,
    "79": 10,
    "31": 6,
    "48": 4,
    "92": 3,
    "20": 6,
    "15": 5,
    "04": 4,
    "22": 6,
    "91": 4,
    "80": 4,
}
KINDS = (("smuggling", 20), ("fraud", 72), ("counterfeit", 5), ("ip", 1), ("unknown_origin", 2))
OWNERS = (("QLTT", 45), ("CA", 22), ("HQ", 13), ("BDBP", 6), ("THUE", 6), ("SYT", 4), ("SNNMT", 4))
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]
TRADES = [
    "Công ty TNHH Thương mại",
    "Công ty Cổ phần",
    "Hộ kinh doanh",
    "Cửa hàng",
    "Công ty TNHH Xuất nhập khẩu",
]
WORDS = [
    "Phú Gia",
    "An Khang",
    "Hưng Thịnh",
    "Minh Long",
    "Đại Phát",
    "Kim Ngân",
    "Thành Đạt",
    "Việt Hàn",
    "Sao Mai",
    "Hòa Bình",
]


class Refused(Exception):
    """The generator will not run: the message says why, in Vietnamese."""


def _weighted(rng: random.Random, pairs: Iterable[tuple[Any, float]]) -> Callable[[], Any]:
    items, weights = zip(*pairs, strict=True)
    cumulative = list(_accumulate(weights))

    def pick() -> Any:
        return rng.choices(items, cum_weights=cumulative)[0]

    return pick


def _accumulate(values: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _season(day: datetime.date) -> float:
    """Before Tết (December–January) and during the May–June campaign there is more work."""
    if day.month in (12, 1):
        return 1.8
    if (day.month, day.day) >= (5, 15) and (day.month, day.day) <= (6, 15):
        return 1.5
    return 1.0


def valid_tax_code(rng: random.Random) -> str:
    from stdnum.vn import mst

    while True:
        body = f"{rng.randint(100_000_000, 999_999_999)}"
        try:
            check = mst.calc_check_digit(body)
        except Exception:  # noqa: S112  (a body whose check digit would be 10 has none)
            continue
        if len(check) == 1 and check.isdigit():
            return body + check


def citizen_id(rng: random.Random, born: datetime.date) -> str:
    from hub389.subjects.identifiers import BIRTH_PROVINCES

    century = 0 if born.year < 2000 else 2
    sex = rng.randint(0, 1)
    province = rng.choice(sorted(BIRTH_PROVINCES))
    return f"{province}{century + sex}{born.year % 100:02d}{rng.randint(0, 999_999):06d}"


def _name(rng: random.Random, fold: Callable[[str], str]) -> str:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return fold(name).title() if rng.random() < 0.33 else name


class Writer:
    """Bulk rows into a model's table with explicit keys: COPY on PostgreSQL, executemany on
    SQLite. Missing columns take the field's default."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def next_id(self, model: Any) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            return int(cursor.fetchone()[0]) + 1

    def write(self, model: Any, rows: Iterable[dict[str, Any]]) -> int:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        rows = itertools.chain([first], rows)
        # Rows that carry their own key keep it; the others let the database number them.
        fields = [f for f in model._meta.concrete_fields if f.attname != "id" or "id" in first]
        columns = [f.column for f in fields]
        defaults = {f.attname: f.get_default() for f in fields if f.attname != "id"}

        def tuples() -> Iterator[tuple[Any, ...]]:
            for row in rows:
                values = []
                for f in fields:
                    value = row.get(f.attname, defaults.get(f.attname))
                    if isinstance(value, list | dict):
                        value = json.dumps(value)
                    values.append(value)
                yield tuple(values)

        count = 0
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for values in tuples():
                        copy.write_row(values)
                        count += 1
                if "id" in first:
                    sequence = f"pg_get_serial_sequence('{table}', 'id')"
                    cursor.execute(f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))")
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
                batch: list[tuple[Any, ...]] = []
                for values in tuples():
                    batch.append(values)
                    if len(batch) == 5000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count


def check_database() -> Any:
    """The synthetic user, created if needed; refused when real records are there."""
    from hub389.accounts.models import Role, User
    from hub389.cases.models import Case
    from hub389.registry.models import Area, Level
    from hub389.tips.models import Tip

    if not Area.objects.filter(kind="province").exists():
        raise Refused("Chưa có danh mục: chạy `manage.py migrate` và `manage.py load_registry` trước.")
    user = User.objects.filter(username=SYNTHETIC_USER).first()
    real_cases = Case.objects.exclude(created_by__username=SYNTHETIC_USER).exists()
    real_tips = Tip.objects.exclude(received_by__username=SYNTHETIC_USER).exists()
    if real_cases or real_tips:
        raise Refused(
            "Cơ sở dữ liệu đã có hồ sơ thật (không phải dữ liệu tổng hợp): không sinh dữ liệu vào đây."
        )
    if Case.objects.exists():
        raise Refused("Cơ sở dữ liệu đã có dữ liệu tổng hợp: hãy sinh lại vào một cơ sở dữ liệu mới.")
    if user is None:
        from hub389.registry.models import Agency

        user = User.objects.create(
            username=SYNTHETIC_USER,
            full_name="Dữ liệu tổng hợp (benchmark)",
            role=Role.OFFICER,
            is_active=False,
            agency=Agency.objects.filter(level=Level.NATIONAL).order_by("pk").first(),
        )
    return user


ACTS = {
    "smuggling": "Vận chuyển hàng nhập lậu:",
    "fraud": "Kinh doanh hàng không rõ nguồn gốc, không hóa đơn:",
    "counterfeit": "Buôn bán hàng giả mạo nhãn hiệu:",
    "ip": "Xâm phạm quyền sở hữu trí tuệ:",
    "unknown_origin": "Hàng hóa không rõ nguồn gốc, xuất xứ:",
}


def is_synthetic() -> bool:
    """True when the database holds synthetic records only (what the benchmarks require)."""
    from hub389.accounts.models import User
    from hub389.cases.models import Case
    from hub389.exchange.models import ExternalRef

    # The import benchmark's own cases (source system BENCH) are synthetic too.
    imported = ExternalRef.objects.filter(kind="case", source_system__startswith="BENCH").values("object_id")
    return (
        User.objects.filter(username=SYNTHETIC_USER).exists()
        and Case.objects.exists()
        and not Case.objects.exclude(created_by__username=SYNTHETIC_USER).exclude(pk__in=imported).exists()
    )


def generate(scale_name: str, seed: int = 389, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Generate the data set of `scale_name` into the configured database."""
    if scale_name not in SCALES:
        raise Refused(f"Không có quy mô “{scale_name}” (có: {', '.join(SCALES)}).")
    from django.db import connection, transaction
    from django.utils import timezone

    from hub389.cases.models import Case, CaseGoods, CaseSubject, CaseViolation, Referral, Sanction
    from hub389.lib.text import fold
    from hub389.registry.models import Agency, Area, Field, GoodsGroup
    from hub389.subjects.models import Subject
    from hub389.tips.models import Tip

    scale = SCALES[scale_name]
    rng = random.Random(seed)
    user = check_database()
    writer = Writer(connection)
    today = timezone.localdate()
    start = today.replace(year=today.year - scale.years)
    days = (today - start).days
    provinces = list(
        Area.objects.filter(kind="province", **({"code__in": scale.provinces} if scale.provinces else {}))
    )
    communes: dict[int, list[Area]] = {}
    for area in Area.objects.filter(kind="commune", province__in=provinces).only("pk", "province_id", "name"):
        communes.setdefault(area.province_id or 0, []).append(area)
    agencies = {a.code: a.pk for a in Agency.objects.filter(area__in=provinces)}
    pick_province = _weighted(rng, [(p, PROVINCE_WEIGHT.get(p.code, 1)) for p in provinces])
    pick_kind = _weighted(rng, KINDS)
    pick_owner = _weighted(rng, OWNERS)
    fields = {f.code: f.pk for f in Field.objects.all()}
    goods = list(GoodsGroup.objects.values_list("pk", "field__code"))
    goods_names = dict(GoodsGroup.objects.values_list("pk", "name"))

    # Season: draw a day, keep it with probability season/1.8 (rejection sampling).
    def pick_day() -> datetime.date:
        while True:
            day = start + datetime.timedelta(days=rng.randrange(days))
            if rng.random() * 1.8 <= _season(day):
                return day

    counts: dict[str, int] = {}
    clock = time.perf_counter()

    def report(label: str, n: int) -> None:
        counts[label] = n
        progress(f"{label}: {n:,} ({time.perf_counter() - clock:.1f} s)".replace(",", "."))

    with transaction.atomic():
        subject_id = writer.next_id(Subject)
        subject_ids = range(subject_id, subject_id + scale.subjects)

        names: list[str] = []  # folded, by pk - subject_id: what a case's search text carries

        def subjects() -> Iterator[dict[str, Any]]:
            for pk in subject_ids:
                province = pick_province()
                commune = rng.choice(communes[province.pk])
                address = f"Số {rng.randint(1, 300)}, {commune.name}, {province.name}"
                if rng.random() < 0.6:
                    born = datetime.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
                    name = _name(rng, fold)
                    names.append(fold(name))
                    yield {
                        "id": pk,
                        "kind": "person",
                        "name": name,
                        "search_name": fold(name),
                        "citizen_id": citizen_id(rng, born),
                        "date_of_birth": born,
                        "address": address,
                    }
                else:
                    name = f"{rng.choice(TRADES)} {rng.choice(WORDS)} {pk}"
                    names.append(fold(name))
                    yield {
                        "id": pk,
                        "kind": "organisation",
                        "name": name,
                        "search_name": fold(name),
                        "tax_code": f"{valid_tax_code(rng)}",
                        "address": address,
                        "legal_representative": _name(rng, fold),
                    }

        # CCCD and MST must be unique: the pk goes into the last digits' place instead of chance.
        def unique_ids(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for row in rows:
                if row.get("citizen_id"):
                    row["citizen_id"] = row["citizen_id"][:6] + f"{row['id'] % 1_000_000:06d}"
                if row.get("tax_code"):
                    row["tax_code"] = f"{row['tax_code']}-{row['id'] % 999 + 1:03d}"
                yield row

        report("subjects", writer.write(Subject, _dedupe_tax(unique_ids(subjects()))))

        case_id = writer.next_id(Case)
        # pk, day, owner, kind, province, violator
        plan: list[tuple[int, datetime.date, int, str, str, int]] = []

        def cases() -> Iterator[dict[str, Any]]:
            for pk in range(case_id, case_id + scale.cases):
                province = pick_province()
                day = pick_day()
                kind = pick_kind()
                owner = agencies.get(f"{province.code}-{pick_owner()}") or agencies[f"{province.code}-QLTT"]
                goods_id, field_code = rng.choice(goods)
                area = rng.choice(communes[province.pk])
                violator = rng.choice(subject_ids)
                plan.append((pk, day, owner, kind, province.code, violator))
                # What officers write: the act, the goods, the place (searchable like real summaries).
                summary = f"{ACTS[kind]} {goods_names[goods_id].lower()} tại {area.name} ({pk})"
                yield {
                    "id": pk,
                    "owner_id": owner,
                    "detected_by_id": owner,
                    "created_by_id": user.pk,
                    "created_at": timezone.now(),
                    "year": day.year,
                    "detection": "inspection",
                    "detected_on": day,
                    "area_id": area.pk,
                    "province_id": province.pk,
                    "channel": "border" if kind == "smuggling" else "inland",
                    "field_id": fields.get(field_code) or fields["luu-thong"],
                    "goods_group_id": goods_id,
                    "summary": summary,
                    "principal": kind,
                    "search_text": f"{fold(summary)} {names[violator - subject_id]}",
                    "status": "open",
                }

        report("cases", writer.write(Case, cases()))
        report(
            "violations",
            writer.write(CaseViolation, ({"case_id": pk, "kind": kind} for pk, _, _, kind, *_ in plan)),
        )
        report(
            "goods",
            writer.write(
                CaseGoods,
                (
                    {
                        "case_id": pk,
                        "description": "Hàng hóa vi phạm",
                        "quantity": rng.randint(1, 500),
                        "unit": "đơn vị",
                        "value_vnd": int(min(rng.paretovariate(1.16), 1e5) * 3_000_000),
                    }
                    for pk, *_ in plan
                ),
            ),
        )
        report(
            "case_subjects",
            writer.write(
                CaseSubject,
                ({"case_id": pk, "subject_id": violator, "role": "violator"} for pk, *_, violator in plan),
            ),
        )
        sanctions = []
        for pk, day, *_ in plan:
            if rng.random() < 0.62 and day < today:
                fine = rng.choice((2, 5, 10, 15, 20, 30, 50, 100)) * 1_000_000
                decided = min(day + datetime.timedelta(days=rng.randint(1, 12)), today)
                sanctions.append(
                    {
                        "case_id": pk,
                        "record_no": f"{pk}/BB",
                        "record_date": day,
                        "route": "standard",
                        "decision_due": day + datetime.timedelta(days=9),
                        "decision_no": f"{pk}/QĐ-XPHC",
                        "decision_date": decided,
                        "fine_decided": fine,
                        "fine_paid": fine if rng.random() < 0.85 else 0,
                        "measures": [],
                    }
                )
        report("sanctions", writer.write(Sanction, sanctions))
        referrals = []
        for pk, day, _, kind, pcode, _ in plan:
            if kind == "smuggling" and rng.random() < 0.1:
                police = agencies.get(f"{pcode}-CA")
                prosecuted = rng.random() < 0.55
                referrals.append(
                    {
                        "case_id": pk,
                        "to_agency_id": police,
                        "referred_on": day,
                        "decision": "prosecuted" if prosecuted else "returned",
                        "decided_on": min(day + datetime.timedelta(days=rng.randint(5, 60)), today),
                        "criminal_case_no": f"{pk}/QĐ-KTVA" if prosecuted else "",
                        "defendants": rng.randint(1, 4) if prosecuted else 0,
                    }
                )
        report("referrals", writer.write(Referral, [r for r in referrals if r["to_agency_id"]]))

        tip_id = writer.next_id(Tip)

        def tips() -> Iterator[dict[str, Any]]:
            book: dict[tuple[int, int], int] = {}
            for pk in range(tip_id, tip_id + scale.tips):
                province = pick_province()
                day = pick_day()
                agency = agencies.get(f"{province.code}-{pick_owner()}") or agencies[f"{province.code}-QLTT"]
                number = book[(agency, day.year)] = book.get((agency, day.year), 0) + 1
                settle_days = int(rng.lognormvariate(math.log(14), 0.6))
                settled = day + datetime.timedelta(days=settle_days)
                due = day + datetime.timedelta(days=20)
                is_settled = settled <= today and rng.random() < 0.93
                goods_id, field_code = rng.choice(goods)
                yield {
                    "id": pk,
                    "kind": "report",
                    "channel": rng.choice(("hotline", "web", "letter", "in_person", "email")),
                    "summary": f"[tổng hợp] Tin báo {pk}",
                    "description": "Dữ liệu tổng hợp",
                    "area_id": rng.choice(communes[province.pk]).pk,
                    "goods_group_id": goods_id,
                    "field_id": fields.get(field_code) or fields["luu-thong"],
                    "received_at": datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC),
                    "received_on": day,
                    "received_by_id": user.pk,
                    "reception_agency_id": agency,
                    "book_year": day.year,
                    "book_number": number,
                    "agency_id": agency,
                    "status": "settled" if is_settled else "in_progress",
                    "accepted_on": day,
                    "outcome": "admin_case" if is_settled else "",
                    "settled_on": settled if is_settled else None,
                    "clock_start": day,
                    "due_on": None if is_settled else due,
                    "due_at_settlement": due if is_settled else None,
                    "procuracy_notice_due": day + datetime.timedelta(days=3),
                }

        report("tips", writer.write(Tip, tips()))
    if writer.postgres:  # fresh statistics, or the planner guesses a few hundred rows per month
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        progress(f"ANALYZE ({time.perf_counter() - clock:.1f} s)")
    # COPY bypasses the signals that keep the report facts: build them once, a year a statement.
    from hub389.reports import facts

    report("day facts (reports)", facts.rebuild())
    if writer.postgres:  # VACUUM too (index-only scans), unless inside a transaction (tests)
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{vacuum} tips_tip, reports_dayfact")
    return counts


def _dedupe_tax(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for row in rows:
        code = row.get("tax_code")
        if code:
            if code in seen:
                row["tax_code"] = ""
            seen.add(code)
        yield row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", required=True)
    parser.add_argument("--seed", type=int, default=389)
    args = parser.parse_args()
    import django

    django.setup()
    try:
        start = time.perf_counter()
        counts = generate(args.scale, args.seed)
    except Refused as exc:
        sys.exit(f"Từ chối: {exc}")
    print(json.dumps({"scale": args.scale, "seconds": round(time.perf_counter() - start, 1), **counts}))


if __name__ == "__main__":
    main()
