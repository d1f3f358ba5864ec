"""Possible matches while an officer types a subject: the registry's records that share an
indexed key with what is typed (the folded name, the phone, the CCCD, the tax code, the plate),
scored against it by the current linkage model (Splink's `compare_records` on an in-process
DuckDB, its SQL cached per model version), best per resolved subject.

What the officer learns is what need-to-know allows: the name as recorded, which agencies
hold records of it and how many, the weight; the profile link only when they may open it.
"""

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from hub389.subjects.linkage import model as linkage
from hub389.subjects.models import LinkageModel, Subject, SubjectRecord
from hub389.subjects.resolution import RECORD_FIELDS, prepared

CANDIDATES = 300  # records scored at most per look-up
# A suggestion is shown from a lower weight than a pair is queued for review: a name typed
# alone, shared with one record, is worth a look while typing (the officer decides).
SUGGEST_FROM = -6.0
FIELDS = (*RECORD_FIELDS, "subject__resolved_to_id", "agency__name")


@dataclass
class Match:
    subject: Subject
    weight: float
    agencies: Counter[str] = field(default_factory=Counter)
    evidence: list[linkage.Evidence] = field(default_factory=list)


_local = threading.local()


def _db_api() -> Any:
    """One in-memory DuckDB per thread (a connection is not shared between threads)."""
    api = getattr(_local, "api", None)
    if api is None:
        from splink import DuckDBAPI

        api = _local.api = DuckDBAPI()
    return api


def _candidates(kind: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    from django.db.models import Q

    keys = Q()
    if row["name_fold"]:
        keys |= Q(name_fold=row["name_fold"])
    if row["phone"]:
        keys |= Q(phone_norm=row["phone"])
    if row["citizen_id"]:
        keys |= Q(citizen_id=row["citizen_id"])
    if row["tax_root"]:
        keys |= Q(tax_code__startswith=row["tax_root"])
    if row["plate"]:
        keys |= Q(subject__plate__in=[row["plate"]])
    if not keys:
        return []
    values = SubjectRecord.objects.filter(keys, kind=kind).values_list(*FIELDS)[:CANDIDATES]
    return [dict(zip(FIELDS, v, strict=True)) for v in values]


def _with_tf(rows: list[dict[str, Any]], total: int) -> None:
    """The term frequencies of the names (the model adjusts a shared name by how common it
    is): counted in the registry for the names at hand, one grouped query, over the number of
    records the model was trained on (counting a million rows per keystroke costs more than
    the look-up itself, and the frequency barely moves between two runs)."""
    from django.db.models import Count

    names = {r["name_fold"] for r in rows if r["name_fold"]}
    total = max(total, 1)
    counts = dict(
        SubjectRecord.objects.filter(name_fold__in=names)
        .values_list("name_fold")
        .annotate(n=Count("pk"))
        .values_list("name_fold", "n")
    )
    for r in rows:
        freq = max(counts.get(r["name_fold"], 0), 1) / total if r["name_fold"] else None
        r["tf_name_fold"] = freq
        r["tf_name_marked"] = freq


def possible_matches(typed: dict[str, Any], *, limit: int = 5) -> list[Match]:
    """The subjects the typed values may be, best first (at most `limit`), with the weight of
    their best record. Typed: kind, name, and any of citizen_id, tax_code, phone, address,
    date_of_birth, plate, url (as the case form holds them)."""
    model = LinkageModel.objects.order_by("-version").first()
    kind = typed.get("kind") or "person"
    if model is None or len((typed.get("name") or "").strip()) < 3:
        return []
    new = prepared({**typed, "kind": kind}, -1)
    found = _candidates(kind, new)
    if not found:
        return []
    import pyarrow as pa
    from splink.internals.realtime import compare_records

    rows = [prepared(r, r["pk"]) for r in found]
    _with_tf([new, *rows], model.records)
    for r in [new, *rows]:
        r.setdefault("phone_shared", False)
        r.setdefault("street_shared", False)
    scored = compare_records(
        pa.Table.from_pylist([new]),
        pa.Table.from_pylist(rows),
        model.settings,
        _db_api(),
        sql_cache_key=f"possible-matches-v{model.version}",
    ).as_record_list()
    by_pk = {r["pk"]: r for r in found}
    best: dict[int, tuple[float, dict[str, Any]]] = {}
    agencies: dict[int, Counter[str]] = defaultdict(Counter)
    for result in scored:
        record = by_pk[result["unique_id_r"]]
        head = record["subject__resolved_to_id"] or record["subject_id"]
        agencies[head][record["agency__name"] or ""] += 1
        weight = float(result["match_weight"])
        if weight >= SUGGEST_FROM and (head not in best or weight > best[head][0]):
            best[head] = (weight, result)
    ordered = sorted(best.items(), key=lambda item: -item[1][0])[:limit]
    subjects = Subject.objects.in_bulk([head for head, _ in ordered])
    return [
        Match(
            subjects[head],
            round(weight, 1),
            Counter({k: v for k, v in agencies[head].items() if k}),
            linkage.explain(model.settings, result)[:3],
        )
        for head, (weight, result) in ordered
        if head in subjects
    ]
