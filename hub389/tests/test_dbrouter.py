"""The read-replica router: reports and dashboards read from a replica when one is
configured, everything else (and every write) from the primary."""

from typing import Any

from hub389.cases.models import Case
from hub389.dbrouter import ReplicaRouter, replica


def test_without_replicas_everything_uses_the_primary() -> None:
    router = ReplicaRouter()
    with replica():
        assert router.db_for_read(Case) == "default"
    assert router.db_for_write(Case) == "default"


def test_reports_read_from_replicas_in_turn_and_write_to_the_primary() -> None:
    router = ReplicaRouter(["default", "replica2", "replica1"])
    assert router.db_for_read(Case) == "default"  # outside a report: the primary
    with replica():
        assert [router.db_for_read(Case) for _ in range(3)] == ["replica1", "replica2", "replica1"]
        assert router.db_for_write(Case) == "default"
    assert router.db_for_read(Case) == "default"
    assert router.allow_migrate("default", "cases") and not router.allow_migrate("replica1", "cases")


def test_replica_urls_become_mirrored_aliases(monkeypatch: Any) -> None:
    import importlib

    import hub389.settings as module

    monkeypatch.setenv("DATABASE_REPLICA_URLS", "postgres://r1/hub389,postgres://r2/hub389")
    fresh = importlib.reload(module)
    try:
        assert fresh.DATABASES["replica1"]["HOST"] == "r1" and fresh.DATABASES["replica2"]["NAME"] == "hub389"
        assert fresh.DATABASES["replica1"]["TEST"] == {"MIRROR": "default"}
    finally:
        monkeypatch.delenv("DATABASE_REPLICA_URLS")
        importlib.reload(module)
