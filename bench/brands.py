"""The officer's and the citizen's product look-up over a million genuine products (issue 19's
goal: p95 < 50 ms one at a time, and >= 300 look-ups/s on this 2-core machine).

A generator makes `--products` products of `--products / 100` verified rights holders: brands
and names from Vietnamese words (so a word like "sữa" is shared by a tenth of them, as in life),
variants, valid GTIN-13s under each holder's GS1 company prefix. They are written with the
folded search text the services compute. Then `--lookups` look-ups, drawn as officers and
citizens type them (half a barcode read from a package, a tenth a barcode nobody registered,
the rest two or three words of a product's name without diacritics), run through
`lookup.find` one at a time, then through the public check page (the whole Django stack, no
network), then from two processes at once for the throughput. One JSON line.

    .venv/bin/python bench/brands.py                       # PostgreSQL, database hub389_brands
    .venv/bin/python bench/brands.py --reuse               # the stored million, look-ups only
    HUB389_VAR_DIR=$(mktemp -d) DATABASE_URL= .venv/bin/python bench/brands.py --products 100000
"""

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hub389_brands"
GOAL_P95_MS = 50
GOAL_PER_S = 300
BATCH = 20_000

SYLLABLES = [
    "An",
    "Bình",
    "Cát",
    "Dũng",
    "Đông",
    "Gia",
    "Hà",
    "Hải",
    "Hòa",
    "Hưng",
    "Khang",
    "Kim",
    "Lộc",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngọc",
    "Phát",
    "Phú",
    "Phúc",
    "Quang",
    "Sao",
    "Sơn",
    "Tâm",
    "Tân",
    "Thành",
    "Thiên",
    "Thịnh",
    "Trường",
    "Việt",
    "Vĩnh",
    "Xanh",
    "Xuân",
    "Ý",
]
CATEGORIES = [
    ("Sữa bột", ["Gold", "Grow", "Kid", "Mum", "Plus", "Organic"], "hộp 800 g"),
    ("Sữa tươi", ["Ít đường", "Không đường", "Nguyên kem"], "hộp 180 ml"),
    ("Nước mắm", ["Cá cơm", "Nhĩ", "Đặc sản"], "chai 500 ml"),
    ("Dầu ăn", ["Đậu nành", "Hướng dương", "Gạo lứt"], "chai 1 lít"),
    ("Thuốc", ["Paracetamol 500 mg", "Vitamin C 1000 mg", "Kháng sinh"], "hộp 10 vỉ"),
    ("Thực phẩm chức năng", ["Bổ gan", "Canxi", "Omega 3"], "lọ 60 viên"),
    ("Mỹ phẩm", ["Kem chống nắng", "Sữa rửa mặt", "Dầu gội"], "tuýp 100 ml"),
    ("Phân bón", ["NPK 16-16-8", "Hữu cơ vi sinh", "Kali"], "bao 25 kg"),
    ("Bánh kẹo", ["Quy bơ", "Sô cô la", "Kẹo dẻo"], "gói 300 g"),
    ("Nước giải khát", ["Trà xanh", "Nước tăng lực", "Nước khoáng"], "chai 500 ml"),
]


def _setup(url: str, reuse: bool) -> None:
    if url and not reuse:
        name, admin = url.rsplit("/", 1)[1], url.rsplit("/", 1)[0] + "/postgres"
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    if not reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_registry", verbosity=0)


def _gtin(prefix: str, item: int) -> str:
    from stdnum import ean

    body = f"{prefix}{item:0{12 - len(prefix)}d}"
    return body + ean.calc_check_digit(body)


def generate(products: int, seed: int) -> float:
    """The holders and products, in batches; the seconds it took."""
    from django.db import connection
    from django.utils import timezone

    from hub389.brands.models import HolderStatus, Product, RightsHolder
    from hub389.lib.text import fold

    rng = random.Random(seed)
    start = time.perf_counter()
    holders = max(1, products // 100)
    now = timezone.now()
    RightsHolder.objects.bulk_create(
        RightsHolder(
            name=f"Công ty {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {n}",
            contact_name="Bảo vệ thương hiệu",
            contact_phone="0900000000",
            contact_email=f"brand{n}@example.vn",
            status=HolderStatus.VERIFIED,
            decided_at=now,
        )
        for n in range(holders)
    )
    ids = list(RightsHolder.objects.order_by("pk").values_list("pk", flat=True))
    made = 0
    while made < products:
        rows = []
        for n in range(made, min(products, made + BATCH)):
            holder = n // 100
            category, variants, size = CATEGORIES[rng.randrange(len(CATEGORIES))]
            brand = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
            name = f"{category} {brand} {rng.choice(variants)}"
            prefix = f"893{holder:06d}"  # GS1 Viet Nam, a 9-digit company prefix per holder
            rows.append(
                Product(
                    holder_id=ids[holder % len(ids)],
                    brand=brand,
                    name=name,
                    variant=size,
                    gtin=_gtin(prefix, n % 100),
                    search=fold(f"{brand} {name} {size}"),
                    brand_fold=fold(brand),
                    created_at=now,
                    updated_at=now,
                )
            )
        Product.objects.bulk_create(rows)
        made += len(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE brands_product")
            cursor.execute("ANALYZE brands_rightsholder")
    return time.perf_counter() - start


def queries(count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, typed) as people type them."""
    from django.db.models import Max, Min

    from hub389.brands.models import Product
    from hub389.lib.text import fold

    rng = random.Random(seed + 1)
    bounds = Product.objects.aggregate(low=Min("pk"), high=Max("pk"))
    out: list[tuple[str, str]] = []
    while len(out) < count:
        product = (
            Product.objects.filter(pk__gte=rng.randint(bounds["low"], bounds["high"])).order_by("pk").first()
        )
        if product is None:
            continue
        roll = rng.random()
        if roll < 0.5:
            out.append(("barcode", product.gtin))
        elif roll < 0.6:
            out.append(("unknown barcode", _gtin("8938", rng.randrange(10**8))))
        else:
            words = fold(f"{product.brand} {product.name}").split()
            picked = [words[0], words[1]] + ([rng.choice(words[2:])] if rng.random() < 0.5 else [])
            out.append(("words", " ".join(picked)))
    return out


def _percentiles(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 1),
        "max_ms": round(ms[-1], 1),
    }


def one_at_a_time(typed: list[tuple[str, str]]) -> tuple[dict, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from hub389.brands import lookup

    rows = lookup.public_products()
    by_kind: dict[str, list[float]] = {}
    found = 0
    lookup.find(rows, "sua bot")  # the connection opened, the plan cached
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        for kind, text in typed:
            t = time.perf_counter()
            result = lookup.find(rows, text)
            by_kind.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
            found += bool(result.products)
    elapsed = time.perf_counter() - start
    count = len(captured.captured_queries)
    reset_queries()
    figures = {k: _percentiles(v) for k, v in by_kind.items()}
    figures["all"] = _percentiles([x for v in by_kind.values() for x in v])
    return figures, len(typed) / elapsed, round(count / max(1, len(typed)), 2)


def pages(typed: list[tuple[str, str]]) -> dict:
    from django.test import Client

    client = Client()
    client.get("/hang-that/", {"q": "sua bot"})
    ms = []
    for _kind, text in typed:
        t = time.perf_counter()
        response = client.get("/hang-that/", {"q": text})
        ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    return _percentiles(ms)


def _worker(args: tuple[str, list[tuple[str, str]], float]) -> tuple[int, float, float]:
    """Set up, wait for the common start, run the look-ups: (count, start, end)."""
    url, typed, at = args
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from hub389.brands import lookup

    rows = lookup.public_products()
    lookup.find(rows, "sua bot")
    while time.time() < at:
        time.sleep(0.01)
    start = time.time()
    for _kind, text in typed:
        lookup.find(rows, text)
    return len(typed), start, time.time()


def parallel(url: str, typed: list[tuple[str, str]], processes: int) -> float:
    """Look-ups per second with `processes` processes started together (set-up not counted)."""
    at = time.time() + 8
    chunks = [(url, typed[n::processes], at) for n in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_worker, chunks)
    done = sum(r[0] for r in results)
    return done / (max(r[2] for r in results) - min(r[1] for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=389)
    parser.add_argument("--reuse", action="store_true", help="keep the stored products")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    _setup(url, args.reuse)
    from hub389.brands.models import Product

    seconds = None if args.reuse else round(generate(args.products, args.seed), 1)
    typed = queries(args.lookups, args.seed)
    figures, per_s, queries_each = one_at_a_time(typed)
    page = pages(typed[: min(500, len(typed))])
    both = parallel(url, typed, 2) if url else None
    print(
        json.dumps(
            {
                "products": Product.objects.count(),
                "database": "postgresql" if url else "sqlite",
                "generated_s": seconds,
                "lookup": figures,
                "queries_per_lookup": queries_each,
                "one_process_per_s": round(per_s),
                "two_processes_per_s": round(both) if both else None,
                "check_page": page,
                "goal_p95_ms": GOAL_P95_MS,
                "goal_per_s": GOAL_PER_S,
                "p95_met": figures["all"]["p95_ms"] < GOAL_P95_MS,
                "throughput_met": (both or per_s) >= GOAL_PER_S,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
