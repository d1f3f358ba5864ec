"""The same linkage model on Splink's Spark backend, for a national run that outgrows one
machine (docs/deploy.md). No Django here: rows in (the `prepare` columns), scored pairs out,
the same as `resolution._score` gives on DuckDB, so the rest of the run is unchanged.

Four settings make Splink work on Spark (seen on this machine with pyspark 4.3 and Java 17):
the master (`SPARK_MASTER`, `local[2]` by default; `spark://host:7077` or `yarn` on a cluster),
Splink's similarity UDF jar on `spark.jars` (Jaro–Winkler, Damerau–Levenshtein), a checkpoint
directory (Splink checkpoints between steps), and `PYSPARK_PYTHON` set to this interpreter
(the workers would otherwise start another Python and refuse with PYTHON_VERSION_MISMATCH).
"""

import os
import sys
import tempfile
from collections.abc import Sequence
from typing import Any

from hub389.subjects.linkage import model as linkage
from hub389.subjects.linkage.prepare import COLUMNS


def session(master: str | None = None, checkpoint_dir: str | None = None) -> Any:
    """A SparkSession ready for Splink (created once per process, then reused)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.appName("hub389-linkage")
        .master(master or os.environ.get("SPARK_MASTER", "local[2]"))
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_SHUFFLE_PARTITIONS", "8"))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(
        checkpoint_dir or os.environ.get("SPARK_CHECKPOINT_DIR") or tempfile.mkdtemp(prefix="hub389-spark-")
    )
    return spark


def _frame(spark: Any, rows: Sequence[dict[str, Any]]) -> Any:
    from pyspark.sql import types as T

    kinds = {
        "unique_id": T.LongType(),
        "subject_id": T.LongType(),
        "birth_year": T.IntegerType(),
        "commune": T.LongType(),
        "province": T.LongType(),
        "communes": T.ArrayType(T.LongType()),
        "has_marks": T.BooleanType(),
        "phone_shared": T.BooleanType(),
        "street_shared": T.BooleanType(),
    }
    schema = T.StructType([T.StructField(c, kinds.get(c, T.StringType()), True) for c in COLUMNS])
    return spark.createDataFrame([tuple(r.get(c) for c in COLUMNS) for r in rows], schema)


def linker(rows: Sequence[dict[str, Any]], settings: Any, spark: Any = None) -> Any:
    """A Splink linker over `rows` on Spark with `settings` (a trained model's JSON from any
    backend, or a SettingsCreator to train): `model.train` and `predict` take it as they take
    DuckDB's. A stored model's SQL is DuckDB's: its parameters go onto the comparisons as Spark
    writes them (`model.parameters_onto`)."""
    from splink import Linker
    from splink.backends.spark import SparkAPI

    spark = spark or session()
    api = SparkAPI(spark_session=spark)
    if isinstance(settings, dict) and settings.get("sql_dialect") != "spark":
        blank = Linker(api.register(_frame(spark, [])), linkage.settings(), log_level=40)
        settings = linkage.parameters_onto(linkage.model_json(blank), settings)
    return Linker(api.register(_frame(spark, rows)), settings, log_level=40)


def predict(
    rows: Sequence[dict[str, Any]], settings: Any, *, threshold: float, spark: Any = None
) -> list[dict[str, Any]]:
    """Every pair the blocking rules find with a match weight ≥ `threshold`, as records."""
    frame = linker(rows, settings, spark).inference.predict(
        threshold_match_weight=threshold, warning_mode="never"
    )
    return frame.as_record_list()
