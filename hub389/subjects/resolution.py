"""Who is one subject: the linkage run over every record, and the officers' judgements.

- `link_all` (a background job, `manage.py link_subjects`): every SubjectRecord prepared as the
  model compares it, scored by Splink on DuckDB with the current model (trained first when there
  is none, or when asked), the best pair of records of each two subjects kept as a SubjectLink
  with its evidence, then the clusters resolved with the judgements and written to
  `Subject.resolved_to`; bridges and loosely linked clusters flagged for review.
- `judge` / `revise`: an officer's verdict on a pair, refused when it contradicts the other
  judgements (a cycle of "same" and "different"), audited; it re-resolves the two clusters at
  once, so the profile shows it without waiting for the next run.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hub389 import policy
from hub389.audit import services as audit
from hub389.subjects.linkage import model as linkage
from hub389.subjects.linkage.prepare import identifiers, mark_shared, prepare
from hub389.subjects.linkage.resolve import Clusters, resolve
from hub389.subjects.models import (
    Judgement,
    LinkageModel,
    LinkFlag,
    Subject,
    SubjectLink,
    SubjectRecord,
    Verdict,
)

Progress = Callable[[int, int], None]


def _quiet(_done: int, _total: int) -> None:
    return None


# The values of a record the model reads (with its commune's and province's codes).
RECORD_FIELDS = (
    "pk",
    "subject_id",
    "kind",
    "name",
    "citizen_id",
    "old_id",
    "tax_code",
    "date_of_birth",
    "birth_year",
    "phone",
    "address",
    "commune__code",
    "commune__parent__code",
    "plate",
    "url",
)


def prepared(record: dict[str, Any], uid: Any) -> dict[str, Any]:
    """A record read with RECORD_FIELDS, as the model compares it."""
    return prepare(
        {
            **record,
            "unique_id": uid,
            "commune": code_of(record.get("commune__code")),
            "province": code_of(record.get("commune__parent__code")),
        }
    )


def record_rows() -> list[dict[str, Any]]:
    """Every record prepared for the model (one query; the commune's province read with it)."""
    rows = []
    for values in SubjectRecord.objects.values_list(*RECORD_FIELDS).iterator(chunk_size=5000):
        record = dict(zip(RECORD_FIELDS, values, strict=True))
        rows.append(prepared(record, record["pk"]))
    return mark_shared(rows)


def code_of(value: Any) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def current_model() -> LinkageModel | None:
    return LinkageModel.objects.order_by("-version").first()


BACKENDS = ("duckdb", "spark")


def _linker(rows: list[dict[str, Any]], settings: Any, backend: str = "duckdb") -> Any:
    """Splink over `rows`: DuckDB in this process, or Spark (`linkage/spark.py`) for a national run."""
    if backend == "spark":
        from hub389.subjects.linkage import spark

        return spark.linker(rows, settings)
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    return Linker(DuckDBAPI().register(pa.Table.from_pylist(rows)), settings, log_level=40)


def train(actor: Any, rows: list[dict[str, Any]] | None = None, *, backend: str = "duckdb") -> LinkageModel:
    """A new version of the model, trained without labels on every record, then evaluated
    against the judgements; audited."""
    rows = rows if rows is not None else record_rows()
    if len(rows) < 2:
        raise ValidationError("Chưa đủ bản ghi đối tượng để huấn luyện mô hình liên kết.")
    if len(rows) >= linkage.MIN_TRAINING_RECORDS:
        linker = _linker(rows, linkage.settings(), backend)
        linkage.train(linker)
        trained = linkage.model_json(linker)
        if backend != "duckdb":  # stored in DuckDB's SQL: the look-ups while typing read it
            blank = _linker(rows[:2], linkage.settings())
            trained = linkage.parameters_onto(linkage.model_json(blank), trained)
    else:
        trained = linkage.default_model(len(rows))
    with transaction.atomic():
        last = LinkageModel.objects.select_for_update().order_by("-version").first()
        made = LinkageModel.objects.create(
            version=(last.version + 1) if last else 1,
            trained_at=timezone.now(),
            trained_by=actor if getattr(actor, "pk", None) else None,
            records=len(rows),
            settings=trained,
            threshold=linkage.THRESHOLD,
        )
        audit.record(actor, "subject.model_trained", made, object_repr=f"Mô hình liên kết v{made.version}")
    return made


@dataclass
class Run:
    model: LinkageModel
    records: int
    links: int
    clusters_merged: int
    held_apart: int


def link_all(
    actor: Any, *, retrain: bool = False, progress: Progress = _quiet, backend: str = "duckdb"
) -> Run:
    """Score every pair the blocking rules find, keep the best pair per two subjects, resolve.
    `backend`: "duckdb" (this process) or "spark" (SPARK_MASTER; docs/deploy.md)."""
    if backend not in BACKENDS:
        raise ValidationError(f"Không có máy tính toán “{backend}”: chọn duckdb hoặc spark.")
    rows = record_rows()
    progress(1, 5)
    model = current_model()
    if model is None or retrain:
        model = train(actor, rows, backend=backend)
    progress(2, 5)
    scored = _score(model, rows, backend) if len(rows) > 1 else []
    progress(3, 5)
    links = _keep_links(model, scored)
    progress(4, 5)
    result = _resolve_all(model, rows)
    progress(5, 5)
    return Run(model, len(rows), links, result.joined_by_model, result.held_apart)


def _score(model: LinkageModel, rows: list[dict[str, Any]], backend: str = "duckdb") -> list[dict[str, Any]]:
    linker = _linker(rows, model.settings, backend)
    frame = linker.inference.predict(threshold_match_weight=linkage.REVIEW_FROM, warning_mode="never")
    return [r for r in frame.as_record_list() if r["subject_id_l"] != r["subject_id_r"]]


def _keep_links(model: LinkageModel, scored: list[dict[str, Any]]) -> int:
    """One SubjectLink per two subjects (their best pair of records), written in one go; a
    judged link keeps its `confirmed` mark."""
    best: dict[tuple[int, int], dict[str, Any]] = {}
    for row in scored:
        a, b = sorted((row["subject_id_l"], row["subject_id_r"]))
        if (a, b) not in best or row["match_weight"] > best[a, b]["match_weight"]:
            best[a, b] = row
    agencies = _agencies({s for pair in best for s in pair})
    now = timezone.now()
    with transaction.atomic():
        judged = set(SubjectLink.objects.filter(confirmed=True).values_list("a_id", "b_id"))
        SubjectLink.objects.filter(confirmed=False).delete()  # the model's earlier guesses
        new = []
        for (a, b), row in best.items():
            evidence = [[e.comparison, e.level, e.weight] for e in linkage.explain(model.settings, row)]
            values = {
                "score": round(row["match_weight"], 2),
                "probability": row["match_probability"],
                "evidence": evidence,
                "model": model,
                "agencies": len(agencies.get(a, set()) | agencies.get(b, set())),
                "scored_at": now,
            }
            if (a, b) in judged:
                SubjectLink.objects.filter(a_id=a, b_id=b).update(**values)
            else:
                new.append(SubjectLink(a_id=a, b_id=b, **values))
        SubjectLink.objects.bulk_create(new, batch_size=2000)
    return len(best)


def _agencies(subjects: Iterable[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    ids = list(subjects)
    for start in range(0, len(ids), 5000):
        for subject, agency in SubjectRecord.objects.filter(
            subject_id__in=ids[start : start + 5000], agency__isnull=False
        ).values_list("subject_id", "agency_id"):
            out[subject].add(agency)
    return out


def _judgements(subjects: Iterable[int] | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    qs = Judgement.objects.filter(current=True)
    if subjects is not None:
        ids = list(subjects)
        qs = qs.filter(Q(a_id__in=ids) | Q(b_id__in=ids))
    positive, negative = [], []
    for a, b, verdict in qs.values_list("a_id", "b_id", "verdict"):
        if verdict == Verdict.SAME:
            positive.append((a, b))
        elif verdict == Verdict.DIFFERENT:
            negative.append((a, b))
    return positive, negative


def _subject_identifiers(subjects: Iterable[int] | None = None) -> dict[int, dict[str, str]]:
    qs = Subject.objects.all() if subjects is None else Subject.objects.filter(pk__in=list(subjects))
    out = {}
    for pk, citizen_id, tax_code, plate in qs.values_list("pk", "citizen_id", "tax_code", "plate"):
        held = identifiers({"citizen_id": citizen_id, "tax_root": tax_code[:10], "plate": plate})
        if held:
            out[pk] = held
    return out


def _resolve_all(model: LinkageModel, rows: list[dict[str, Any]]) -> Any:
    subjects = {r["subject_id"] for r in rows}
    return _write_clusters(model, subjects)


def _write_clusters(model: LinkageModel | None, subjects: set[int]) -> Any:
    """Resolve these subjects (model links at the threshold, judgements first) and write each
    one's `resolved_to` (the oldest subject of its cluster; None for itself); flag bridges."""
    threshold = model.threshold if model else linkage.THRESHOLD
    links = SubjectLink.objects.filter(a_id__in=subjects, b_id__in=subjects).values_list(
        "a_id", "b_id", "score"
    )
    positive, negative = _judgements(subjects)
    # a pair an officer judged "unsure" waits for a second look: the model does not join it
    unsure = set(
        Judgement.objects.filter(current=True, verdict=Verdict.UNSURE, a_id__in=subjects).values_list(
            "a_id", "b_id"
        )
    )
    pairs = [(a, b, s) for a, b, s in links if (a, b) not in unsure]
    result = resolve(
        pairs,
        threshold=threshold,
        positive=positive,
        negative=negative,
        ids=subjects,
        identifiers=_subject_identifiers(subjects),
    )
    members = result.clusters.members(subjects)
    changes: dict[int | None, list[int]] = defaultdict(list)
    for group in members.values():
        head = min(group)
        for pk in group:
            changes[None if pk == head else head].append(pk)
    with transaction.atomic():
        for head, pks in changes.items():
            for start in range(0, len(pks), 5000):
                Subject.objects.filter(pk__in=pks[start : start + 5000]).exclude(resolved_to_id=head).update(
                    resolved_to_id=head
                )
        _flag(result, members)
    return result


def _flag(result: Any, members: dict[Any, list[int]]) -> None:
    """Clusters the model joined loosely, for review: in a cluster of three or more whose model
    links form a tree or are sparse (density < 0.5), a link that alone holds two groups of two or more
    together (a bridge: cut it and the cluster falls in two) is flagged `BRIDGE`, the others
    `WEAK`. Bridges come first in the queue: one wrong link there merges two people."""
    import networkx as nx

    edges_by_root: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for a, b, _w in result.edges:
        edges_by_root[result.clusters.find(a)].append((min(a, b), max(a, b)))
    flags: dict[str, list[tuple[int, int]]] = {LinkFlag.BRIDGE: [], LinkFlag.WEAK: []}
    for root, edges in edges_by_root.items():
        size = len(members.get(root, ()))
        tree = len(edges) < size  # no link to spare: each one holds the cluster together
        if size < 3 or (not tree and len(edges) / (size * (size - 1) / 2) >= 0.5):
            continue
        graph = nx.Graph(edges)
        bridges = {(min(a, b), max(a, b)) for a, b in nx.bridges(graph)}
        for a, b in edges:
            # a bridge between a leaf and the rest only loses one record: weak, not a bridge
            if (a, b) in bridges and graph.degree(a) > 1 and graph.degree(b) > 1:
                flags[LinkFlag.BRIDGE].append((a, b))
            else:
                flags[LinkFlag.WEAK].append((a, b))
    for flag, pairs in flags.items():
        for start in range(0, len(pairs), 500):
            q = Q()
            for a, b in pairs[start : start + 500]:
                q |= Q(a_id=a, b_id=b)
            SubjectLink.objects.filter(q, confirmed=False).update(flag=flag)


def cluster_of(subject: Subject) -> list[int]:
    """The pks of the subjects resolved as one with `subject`."""
    head = subject.resolved_to_id or subject.pk
    return list(Subject.objects.filter(Q(pk=head) | Q(resolved_to_id=head)).values_list("pk", flat=True))


# --- judgements ---------------------------------------------------------------------------


def _ordered(a: Subject, b: Subject) -> tuple[Subject, Subject]:
    return (a, b) if a.pk < b.pk else (b, a)


def _check_consistent(a: int, b: int, verdict: str) -> None:
    """Refuse a judgement that contradicts the others: "same" between two sides some
    "different" keeps apart, or "different" between two already judged "same" (directly or
    through others)."""
    positive, negative = _judgements()
    positive = [p for p in positive if set(p) != {a, b}]
    negative = [n for n in negative if set(n) != {a, b}]
    clusters = Clusters()
    for x, y in positive:
        clusters.join(x, y)
    if verdict == Verdict.DIFFERENT and clusters.together(a, b):
        raise ValidationError(
            "Mâu thuẫn với các đánh giá đã có: hai đối tượng này đã được xác nhận là một "
            "(trực tiếp hoặc qua đối tượng khác). Hãy sửa đánh giá «cùng một đối tượng» trước."
        )
    if verdict == Verdict.SAME:
        for x, y in negative:
            if {clusters.find(x), clusters.find(y)} == {clusters.find(a), clusters.find(b)}:
                raise ValidationError(
                    "Mâu thuẫn với các đánh giá đã có: một đối tượng của bên này đã được đánh giá "
                    "là khác một đối tượng của bên kia. Hãy sửa đánh giá «khác nhau» đó trước."
                )


def judge(actor: Any, a: Subject, b: Subject, *, verdict: str, reason: str) -> Judgement:
    """An officer's verdict on the pair (a, b). Refused, nothing saved: a pair judged already
    (revise it instead), one subject twice, two kinds (a vehicle is not a person), no reason,
    a contradiction. Audited; the two clusters are resolved again at once."""
    reason = (reason or "").strip()
    if verdict not in Verdict.values:
        raise ValidationError("Hãy chọn: cùng một đối tượng, khác nhau, hoặc chưa chắc chắn.")
    if len(reason) < 5:
        raise ValidationError("Hãy ghi lý do đánh giá (căn cứ nào cho thấy cùng hay khác).")
    if a.pk == b.pk:
        raise ValidationError("Không thể đánh giá một đối tượng với chính nó.")
    with transaction.atomic():
        first, second = _ordered(a, b)
        locked = {
            s.pk: s
            for s in Subject.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
        }
        first, second = locked[first.pk], locked[second.pk]
        policy.require(actor, "judge", first)
        policy.require(actor, "judge", second)
        if first.kind != second.kind:
            raise ValidationError(
                f"Không thể ghép hai loại đối tượng khác nhau ({first.get_kind_display()} và "
                f"{second.get_kind_display()})."
            )
        held = Judgement.objects.filter(a=first, b=second, current=True).first()
        if held is not None:
            raise ValidationError(
                f"Cặp này đã được đánh giá «{held.get_verdict_display()}» ngày "
                f"{timezone.localtime(held.judged_at):%d/%m/%Y}: hãy sửa đánh giá đó nếu cần."
            )
        _check_consistent(first.pk, second.pk, verdict)
        made = _save(actor, first, second, verdict, reason)
    return made


def revise(actor: Any, held: Judgement, *, verdict: str, reason: str) -> Judgement:
    """A new verdict replacing `held` (kept, linked to its replacement); the same checks."""
    reason = (reason or "").strip()
    if verdict not in Verdict.values:
        raise ValidationError("Hãy chọn: cùng một đối tượng, khác nhau, hoặc chưa chắc chắn.")
    if len(reason) < 5:
        raise ValidationError("Hãy ghi lý do sửa đánh giá.")
    with transaction.atomic():
        held = Judgement.objects.select_for_update().get(pk=held.pk)
        if not held.current:
            raise ValidationError("Đánh giá này đã được sửa: hãy mở đánh giá mới nhất.")
        first, second = held.a, held.b
        policy.require(actor, "judge", first)
        policy.require(actor, "judge", second)
        if verdict == held.verdict:
            raise ValidationError("Đánh giá mới giống đánh giá cũ: không có gì để sửa.")
        _check_consistent(first.pk, second.pk, verdict)
        made = _save(actor, first, second, verdict, reason, replaces=held)
    return made


def _save(
    actor: Any, first: Subject, second: Subject, verdict: str, reason: str, replaces: Judgement | None = None
) -> Judgement:
    if replaces is not None:  # out of the pair's one "current" slot, kept with its link
        Judgement.objects.filter(pk=replaces.pk).update(current=False)
    made = Judgement.objects.create(
        a=first,
        b=second,
        verdict=verdict,
        reason=reason,
        judged_by=actor,
        judged_at=timezone.now(),
        replaces=replaces,
    )
    # "unsure" keeps the pair in the queue for a second look (after the pairs nobody judged)
    SubjectLink.objects.filter(a=first, b=second).update(confirmed=verdict != Verdict.UNSURE)
    audit.record(
        actor,
        "subject.judge",
        made,
        object_repr=f"Đánh giá cặp đối tượng #{first.pk} – #{second.pk}",
        changes={"verdict": verdict, "replaces": replaces.pk if replaces else None},
        reason=reason,
    )
    _write_clusters(current_model(), set(cluster_of(first)) | set(cluster_of(second)) | {first.pk, second.pk})
    return made


def evaluate(model: LinkageModel) -> dict[str, Any]:
    """How the model's links at its threshold agree with the current judgements (same /
    different), stored on the model: precision and recall over judged pairs."""
    positive, negative = _judgements()
    scores = dict(
        ((a, b), s)
        for a, b, s in SubjectLink.objects.filter(model=model).values_list("a_id", "b_id", "score")
    )
    tp = sum(1 for p in positive if scores.get(p, -math.inf) >= model.threshold)
    fp = sum(1 for n in negative if scores.get(n, -math.inf) >= model.threshold)
    fn = len(positive) - tp
    out = {
        "judged_same": len(positive),
        "judged_different": len(negative),
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
    }
    LinkageModel.objects.filter(pk=model.pk).update(evaluation=out)
    return out
