"""Settings fail closed: a value that cannot be read stops the start, names match the
environment, and importing the settings writes nothing to disk."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HUB389_", "AXES_", "DEBUG"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import hub389.settings as s; print(s.HUB389_REQUIRE_2FA)"],
        cwd=ROOT,
        env={**clean, "HUB389_VAR_DIR": str(tmp_path / "var"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("value", ["ture", "enabled", "2", ""])
def test_an_unknown_boolean_stops_the_start(tmp_path: Path, value: str) -> None:
    result = _import_settings(tmp_path, HUB389_REQUIRE_2FA=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "HUB389_REQUIRE_2FA" in result.stderr


@pytest.mark.parametrize(("value", "read"), [("on", "True"), ("0", "False"), (" Yes ", "True")])
def test_known_booleans_are_read(tmp_path: Path, value: str, read: str) -> None:
    result = _import_settings(tmp_path, HUB389_REQUIRE_2FA=value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == read


def test_a_number_that_is_not_one_and_an_old_name_stop_the_start(tmp_path: Path) -> None:
    bad = _import_settings(tmp_path, HUB389_TIP_POW_BITS="16 bit")
    assert bad.returncode != 0 and "HUB389_TIP_POW_BITS" in bad.stderr
    renamed = _import_settings(tmp_path, AXES_COOLOFF_HOURS="1")
    assert renamed.returncode != 0 and "AXES_COOLOFF_TIME" in renamed.stderr


def test_production_without_its_secrets_refuses_to_start(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, HUB389_ENV="production", SECRET_KEY="x" * 50)
    assert result.returncode != 0 and "HUB389_TIP_KEYS" in result.stderr


def test_production_without_a_shared_cache_refuses_to_start(tmp_path: Path) -> None:
    secrets = {"HUB389_ENV": "production", "SECRET_KEY": "x" * 50, "HUB389_TIP_KEYS": "k" * 44}
    alone = _import_settings(tmp_path, **secrets)
    assert alone.returncode != 0 and "REDIS_URL must be set in production" in alone.stderr
    shared = _import_settings(tmp_path, **secrets, REDIS_URL="redis://127.0.0.1:6379/15")
    assert shared.returncode == 0, shared.stderr


def test_a_proxy_that_is_not_an_address_stops_the_start(tmp_path: Path) -> None:
    bad = _import_settings(tmp_path, HUB389_TRUSTED_PROXIES="10.0.0.0/8, nginx.local")
    assert bad.returncode != 0 and "'nginx.local' is not an address" in bad.stderr
    for everyone in ("0.0.0.0/0", "::/0"):
        open_door = _import_settings(tmp_path, HUB389_TRUSTED_PROXIES=everyone)
        assert open_door.returncode != 0 and "trusts every address" in open_door.stderr


def test_importing_the_settings_writes_nothing(tmp_path: Path) -> None:
    result = _import_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "var").exists()
    assert list(tmp_path.iterdir()) == []
