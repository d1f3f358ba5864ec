"""Subject linkage on synthetic source records with known truth (`bench/subjects_data.py`):
the time to train, predict and cluster with Splink (DuckDB), pairwise precision and recall at
the chosen threshold and along the whole curve, and the same figures for exact-identifier
merging (the registry's behaviour before the linkage model). One JSON line at the end.

    .venv/bin/python bench/subjects.py [--records 1000000] [--seed 389]

Goals (issue 16, this 2-core machine): train + predict + cluster < 300 s; precision ≥ 0.98 and
recall ≥ 0.95 at the threshold.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyarrow as pa

from bench.subjects_data import generate
from hub389.subjects.linkage import model as linkage
from hub389.subjects.linkage.prepare import identifiers, mark_shared, prepare
from hub389.subjects.linkage.resolve import Clusters, curve, pairwise_scores, resolve

GOALS = {"seconds": 300, "precision": 0.98, "recall": 0.95}


def exact_identifiers(rows: list[dict]) -> dict[int, object]:
    """Today's behaviour before the model: one subject per CCCD, tax code, plate or URL."""
    clusters = Clusters()
    first: dict[tuple, int] = {}
    for row in rows:
        clusters.find(row["unique_id"])
        for column in ("citizen_id", "tax_code", "plate", "handle"):
            if row[column]:
                key = (row["kind"], column, row[column])
                if key in first:
                    clusters.join(first[key], row["unique_id"])
                else:
                    first[key] = row["unique_id"]
    return {row["unique_id"]: clusters.find(row["unique_id"]) for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=389)
    parser.add_argument("--threshold", type=float, default=linkage.THRESHOLD)
    args = parser.parse_args()
    from splink import DuckDBAPI, Linker

    started = time.perf_counter()
    raw = list(generate(args.records, args.seed))
    truth = {r["unique_id"]: r["truth"] for r in raw}
    generated = time.perf_counter() - started

    t = time.perf_counter()
    rows = mark_shared([prepare(r) for r in raw])
    del raw
    table = pa.Table.from_pylist(rows)
    prepared = time.perf_counter() - t

    t = time.perf_counter()
    api = DuckDBAPI()
    linker = Linker(api.register(table), linkage.settings(), log_level=40)
    counts = {
        str(rule): c["marginal_comparison_count"]
        for rule, c in zip(
            linkage.PREDICTION_RULES,
            linker.blocking_analysis.count_comparisons_from_blocking_rules(record_sample_proportion=1.0),
            strict=True,
        )
    }
    counted = time.perf_counter() - t

    t = time.perf_counter()
    linkage.train(linker)
    trained = time.perf_counter() - t

    t = time.perf_counter()
    lowest = min(linkage.CURVE)
    predictions = linker.inference.predict(threshold_match_weight=lowest, warning_mode="never")
    scored = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_weight").fetchall()
    predicted = time.perf_counter() - t

    t = time.perf_counter()
    held = {r["unique_id"]: identifiers(r) for r in rows}
    result = resolve(scored, threshold=args.threshold, ids=truth, identifiers=held)
    clustered_at = {uid: result.clusters.find(uid) for uid in truth}
    clustered = time.perf_counter() - t

    at_threshold = pairwise_scores(clustered_at, truth)
    baseline = pairwise_scores(exact_identifiers(rows), truth)
    pr_curve = curve(scored, truth, linkage.CURVE, identifiers=held)
    seconds = trained + predicted + clustered
    out = {
        "bench": "subjects",
        "records": args.records,
        "true_subjects": len(set(truth.values())),
        "seconds": {
            "generate": round(generated, 1),
            "prepare": round(prepared, 1),
            "count_blocks": round(counted, 1),
            "train": round(trained, 1),
            "predict": round(predicted, 1),
            "cluster": round(clustered, 1),
            "train_predict_cluster": round(seconds, 1),
        },
        "comparisons_per_rule": counts,
        "pairs_scored": len(scored),
        "threshold": args.threshold,
        "model": at_threshold,
        "exact_identifiers": baseline,
        "curve": pr_curve,
        "goals": GOALS,
        "met": {
            "seconds": seconds < GOALS["seconds"],
            "precision": at_threshold["precision"] >= GOALS["precision"],
            "recall": at_threshold["recall"] >= GOALS["recall"],
        },
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
