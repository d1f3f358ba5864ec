"""The linkage model: Splink's Fellegi–Sunter comparisons of two source records, trained without
labels (EM), and the evidence of one pair in Vietnamese ("cùng số điện thoại +4,1").

No Django here (the benchmark and the Spark run import it): records come prepared by
`prepare.prepare`; the backend is a Splink database API (`DuckDBAPI` by default, `SparkAPI` for a
national run); the trained model is Splink's JSON, kept versioned by the caller.

Why these comparisons and blocking rules, with Splink's comparison counts: docs/linkage.md.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on


def gettext_noop(text: str) -> str:
    """Marks a label for translation (makemessages knows the name); the pages translate it.
    Not Django's: this module runs without settings (the benchmark, a Spark driver)."""
    return text


def _fixed(level: Any, label: str, m: float) -> Any:
    """A level whose m probability is set, not trained: EM's blocks never see it (a true pair
    whose birth year differs is a typing error, rare in any block)."""
    return level.configure(label_for_charts=label, m_probability=m, fix_m_probability=True)


def _name() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description=gettext_noop("Tên"),
        comparison_levels=[
            cll.NullLevel("name_fold"),
            cll.ExactMatchLevel("name_marked", term_frequency_adjustments=True).configure(
                label_for_charts=gettext_noop("cùng tên, cả dấu")
            ),
            cll.CustomLevel(
                "name_fold_l = name_fold_r AND has_marks_l AND has_marks_r",
                label_for_charts=gettext_noop("cùng chữ nhưng khác dấu (Hùng, Hưng)"),
            ),
            cll.ExactMatchLevel("name_fold", term_frequency_adjustments=True).configure(
                label_for_charts=gettext_noop("cùng tên, không dấu")
            ),
            cll.CustomLevel(
                "family_l = family_r AND given_l = given_r",
                label_for_charts=gettext_noop("cùng họ và tên gọi, khác tên đệm"),
            ),
            cll.DamerauLevenshteinLevel("name_fold", 1).configure(
                label_for_charts=gettext_noop("tên sai một ký tự")
            ),
            cll.JaroWinklerLevel("name_fold", 0.92).configure(label_for_charts=gettext_noop("tên gần giống")),
            # A person's family and middle names are shared by many: two people whose names
            # differ are strong evidence apart; a shop or business is renamed more often.
            cll.CustomLevel(
                "kind_l IN ('person', 'household')", label_for_charts=gettext_noop("khác tên (cá nhân)")
            ),
            cll.ElseLevel().configure(label_for_charts=gettext_noop("khác tên")),
        ],
    )


def _birth() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_description=gettext_noop("Ngày sinh"),
        comparison_levels=[
            cll.CustomLevel("birth_year_l IS NULL OR birth_year_r IS NULL").configure(is_null_level=True),
            cll.ExactMatchLevel("birth_date").configure(label_for_charts=gettext_noop("cùng ngày sinh")),
            cll.DamerauLevenshteinLevel("birth_date", 1).configure(
                label_for_charts=gettext_noop("ngày sinh lệch một chữ số")
            ),
            cll.CustomLevel("birth_year_l = birth_year_r", label_for_charts=gettext_noop("cùng năm sinh")),
            _fixed(cll.ElseLevel(), gettext_noop("khác năm sinh"), 0.02),
        ],
    )


def _papers() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="papers",
        comparison_description=gettext_noop("Giấy tờ tuỳ thân"),
        comparison_levels=[
            cll.CustomLevel(
                "NOT ((citizen_id_l IS NOT NULL AND citizen_id_r IS NOT NULL) "
                "OR (old_id_l IS NOT NULL AND old_id_r IS NOT NULL))"
            ).configure(is_null_level=True),
            cll.CustomLevel("citizen_id_l = citizen_id_r", label_for_charts=gettext_noop("cùng số CCCD")),
            cll.CustomLevel("old_id_l = old_id_r", label_for_charts=gettext_noop("cùng số CMND cũ")),
            cll.DamerauLevenshteinLevel("citizen_id", 1).configure(
                label_for_charts=gettext_noop("số CCCD lệch một chữ số")
            ),
            _fixed(cll.ElseLevel(), gettext_noop("khác số giấy tờ"), 0.005),
        ],
    )


def _tax() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="tax",
        comparison_description=gettext_noop("Mã số thuế"),
        comparison_levels=[
            cll.NullLevel("tax_root"),
            cll.ExactMatchLevel("tax_code").configure(label_for_charts=gettext_noop("cùng mã số thuế")),
            cll.ExactMatchLevel("tax_root").configure(
                label_for_charts=gettext_noop("cùng mã số thuế, khác chi nhánh")
            ),
            _fixed(cll.ElseLevel(), gettext_noop("khác mã số thuế"), 0.02),
        ],
    )


def _exact(
    column: str, title: str, same: str, different: str, *, m_same: float | None = None, m_other: float
) -> cl.CustomComparison:
    """An identifier that is equal or not. Where no training block sees it (plates, shops) the
    m of equal is fixed too; the m of different is always fixed: the training blocks hold few
    true pairs whose phone differs, but people do change numbers."""
    equal = cll.ExactMatchLevel(column)
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=title,
        comparison_levels=[
            cll.NullLevel(column),
            _fixed(equal, same, m_same) if m_same else equal.configure(label_for_charts=same),
            _fixed(cll.ElseLevel(), different, m_other),
        ],
    )


def _phone() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_description=gettext_noop("Số điện thoại"),
        comparison_levels=[
            cll.NullLevel("phone"),
            cll.CustomLevel(
                "phone_l = phone_r AND NOT phone_shared_l",
                label_for_charts=gettext_noop("cùng số điện thoại"),
            ),
            cll.ExactMatchLevel("phone").configure(
                label_for_charts=gettext_noop("cùng số điện thoại mà nhiều người dùng chung")
            ),
            _fixed(cll.ElseLevel(), gettext_noop("khác số điện thoại"), 0.15),
        ],
    )


def _address() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description=gettext_noop("Địa chỉ"),
        comparison_levels=[
            cll.CustomLevel(
                "(communes_l IS NULL OR communes_r IS NULL) AND (street_l IS NULL OR street_r IS NULL)"
            ).configure(is_null_level=True),
            cll.And(
                cll.ExactMatchLevel("street"),
                cll.ArrayIntersectLevel("communes"),
                cll.CustomLevel("NOT street_shared_l"),
            ).configure(label_for_charts=gettext_noop("cùng địa chỉ")),
            cll.And(cll.ExactMatchLevel("street"), cll.ArrayIntersectLevel("communes")).configure(
                label_for_charts=gettext_noop("cùng địa chỉ mà nhiều người ở chung")
            ),
            cll.And(cll.JaroWinklerLevel("street", 0.9), cll.ArrayIntersectLevel("communes")).configure(
                label_for_charts=gettext_noop("cùng xã, địa chỉ gần giống")
            ),
            cll.ExactMatchLevel("street").configure(
                label_for_charts=gettext_noop("cùng số nhà, đường (một bên không rõ xã)")
            ),
            cll.JaroWinklerLevel("street", 0.9).configure(
                label_for_charts=gettext_noop("địa chỉ gần giống (một bên không rõ xã)")
            ),
            cll.ArrayIntersectLevel("communes").configure(label_for_charts=gettext_noop("cùng xã, phường")),
            cll.ExactMatchLevel("province").configure(label_for_charts=gettext_noop("cùng tỉnh")),
            cll.CustomLevel(
                "province_l IS NULL OR province_r IS NULL",
                label_for_charts=gettext_noop("không đủ địa chỉ để so"),
            ),
            _fixed(cll.ElseLevel(), gettext_noop("khác tỉnh"), 0.05),
        ],
    )


def comparisons() -> list[Any]:
    return [
        _name(),
        _birth(),
        _papers(),
        _tax(),
        _phone(),
        _address(),
        _exact(
            "plate",
            gettext_noop("Biển số"),
            gettext_noop("cùng biển số"),
            gettext_noop("khác biển số"),
            m_same=0.95,
            m_other=0.002,
        ),
        _exact(
            "handle",
            gettext_noop("Gian hàng"),
            gettext_noop("cùng gian hàng, tài khoản"),
            gettext_noop("khác gian hàng"),
            m_same=0.9,
            m_other=0.05,
        ),
    ]


# Pairs are only ever formed within one kind (a vehicle is never a person). Splink's comparison
# counts for each rule on the benchmark's million records are in docs/linkage.md.
PREDICTION_RULES = (
    ("citizen_id",),
    ("old_id",),
    ("tax_root",),
    ("phone",),
    ("plate",),
    ("handle",),
    ("name_fold", "birth_year"),
    ("family", "given", "province"),
    ("name_fold", "province"),
    ("street", "commune"),
    ("given", "street"),
)
# EM within blocks of records that mostly are the same subject: a shared CCCD trains everything
# else, a shared name and birth year trains the identifiers, phone and address. Not a shared phone
# or address: a household's members share them, and EM would learn that different names match.
TRAINING_RULES = (("citizen_id",), ("name_fold", "birth_year"), ("tax_root",))
DETERMINISTIC_RULES = (
    "l.kind = r.kind AND l.citizen_id = r.citizen_id",
    "l.kind = r.kind AND l.tax_code = r.tax_code",
    "l.kind = r.kind AND l.plate = r.plate",
)


def blocking_rule(columns: Sequence[str]) -> Any:
    return block_on("kind", *columns)


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[blocking_rule(r) for r in PREDICTION_RULES],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=["subject_id", "kind"],
    )


def train(linker: Linker, *, max_pairs: float = 2e6, seed: int = 389) -> None:
    """EM without labels: the prior from the identifiers that settle a match, u by random
    pairs, m by expectation–maximisation within blocks (each block trains the others)."""
    linker.training.estimate_probability_two_random_records_match(list(DETERMINISTIC_RULES), recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    from splink.internals.exceptions import EMTrainingException

    for rule in TRAINING_RULES:
        # Not within kind: a block on a column stops EM training the comparisons that read it,
        # and the name's levels read the kind. A block with no pairs trains nothing.
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), estimate_without_term_frequencies=True
            )
        except EMTrainingException:
            continue


# Below this many records EM has too few pairs to learn from: the registry starts from the model
# trained on the benchmark's synthetic records (shipped beside this file), its prior scaled to
# the registry's size (each record has about as many true matches, among fewer pairs).
MIN_TRAINING_RECORDS = 20_000
DEFAULT_MODEL = Path(__file__).with_name("default_model.json")


def default_model(records: int) -> dict[str, Any]:
    model = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    trained_on = int(model.pop("records_trained_on", 100_000))
    prior = float(model["probability_two_random_records_match"]) * trained_on / max(records, 2)
    model["probability_two_random_records_match"] = min(prior, 0.5)
    return model


def model_json(linker: Linker) -> dict[str, Any]:
    return linker.misc.save_model_to_json()


TRAINED = ("m_probability", "u_probability", "fix_m_probability", "fix_u_probability", "tf_adjustment_weight")


def parameters_onto(template: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """`template` (this code's comparisons as one backend writes their SQL: an untrained
    model's JSON) with the parameters of `trained` (a model's JSON from any backend): the prior
    and each level's m and u, level by level. A model's SQL is written in its backend's dialect
    (DuckDB's `jaro_winkler_similarity` is Spark's `jaro_winkler`), its parameters are not.
    Raises ValueError when the two do not have the same comparisons and levels (a model trained
    before the comparisons changed: retrain it)."""
    out = json.loads(json.dumps(template))
    out["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    ours, theirs = out["comparisons"], trained["comparisons"]
    shape = [[lv.get("label_for_charts") for lv in c["comparison_levels"]] for c in ours]
    if shape != [[lv.get("label_for_charts") for lv in c["comparison_levels"]] for c in theirs]:
        raise ValueError("the model's comparisons differ from this code's: retrain the model")
    for comparison, source in zip(ours, theirs, strict=True):
        for level, values in zip(comparison["comparison_levels"], source["comparison_levels"], strict=True):
            level.update({k: values[k] for k in TRAINED if k in values})
    return out


@dataclass(frozen=True)
class Evidence:
    """One comparison's part of a pair's score: its title, the level found, and the weight
    (log2 of the Bayes factor, term frequencies included)."""

    comparison: str
    level: str
    weight: float


TITLES = {
    "name": gettext_noop("Tên"),
    "birth": gettext_noop("Ngày sinh"),
    "papers": gettext_noop("Giấy tờ tuỳ thân"),
    "tax": gettext_noop("Mã số thuế"),
    "phone": gettext_noop("Số điện thoại"),
    "address": gettext_noop("Địa chỉ"),
    "plate": gettext_noop("Biển số"),
    "handle": gettext_noop("Gian hàng"),
}


def _levels(model: dict[str, Any]) -> dict[str, dict[int, tuple[str, float]]]:
    """Per comparison, each gamma value's (label, weight). Splink numbers the levels that are
    not null from the most similar (the highest gamma) down to the else level (0)."""
    out = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        values = {}
        for rank, level in enumerate(levels):
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else 0.0
            values[len(levels) - 1 - rank] = (level.get("label_for_charts", ""), weight)
        out[comparison["output_column_name"]] = values
    return out


def explain(model: dict[str, Any], row: dict[str, Any]) -> list[Evidence]:
    """The waterfall of one predicted pair (a row of `predict`): each comparison that found
    evidence with its level's weight (log2 m/u; the term-frequency adjustment of a shared name
    is in the total, not here), strongest first. A null level (nothing to compare) is left out."""
    evidence = []
    for column, levels in _levels(model).items():
        gamma = row.get(f"gamma_{column}")
        if gamma is None or int(gamma) == -1 or int(gamma) not in levels:
            continue
        label, weight = levels[int(gamma)]
        evidence.append(Evidence(TITLES.get(column, column), label, round(weight, 1)))
    return sorted(evidence, key=lambda e: -abs(e.weight))


def prior_weight(model: dict[str, Any]) -> float:
    p = float(model["probability_two_random_records_match"])
    return math.log2(p / (1 - p))


def dumps(model: dict[str, Any]) -> str:
    return json.dumps(model, ensure_ascii=False, sort_keys=True)


# The match weight at which two records are one subject (chosen on the benchmark's curve,
# docs/performance.md), and the band below it whose pairs an officer reviews.
THRESHOLD = 6.0
REVIEW_FROM = 0.0
CURVE = (-2.0, 0.0, 2.0, 4.0, 5.0, 5.5, 6.0, 7.0, 8.0, 10.0, 12.0, 15.0)
