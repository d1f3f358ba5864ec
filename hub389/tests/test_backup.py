"""Backup and restore, round trip: `manage.py backup` of a database with tips (a sealed identity,
a photo), a case and a lot in custody, then `manage.py restore` in another process into an empty
database and storage; the restore is identical (every table's rows and checksum, every file,
the audit chain and its head, the custody chains), and a restored identity opens only with the
tip key. On SQLite and on PostgreSQL, as the suite runs."""

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from PIL import Image

from hub389 import backup
from hub389.accounts.models import User
from hub389.cases.models import Case
from hub389.tests.factories import make_case, make_lot, tip_input
from hub389.tips import services

ROOT = Path(__file__).resolve().parents[2]


def _photo() -> io.BytesIO:
    photo = io.BytesIO()
    Image.new("RGB", (16, 12), "green").save(photo, format="PNG")
    photo.name = "kho.png"
    photo.seek(0)
    return photo


@pytest.fixture
def target(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind, for the restore."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"hub389_restore_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    options = connection.settings_dict
    server = f"postgresql://{options['USER']}@{options['HOST']}:{options['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(url: str, media: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **clean,
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(media),
            "HUB389_VAR_DIR": str(django_settings.HUB389_VAR_DIR),
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


UNSEAL = (
    "from hub389.tips.models import Informant; from hub389.tips import vault; "
    "i = Informant.objects.get(tip__summary='Kho sữa giả Gia Lâm'); "
    "print(vault.unseal(bytes(i.wrapped_key), bytes(i.ciphertext))['phone'])"
)


def test_a_backup_restores_identical_into_an_empty_database(
    registry_live: Any, tmp_path: Path, target: str, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # this test's own storage
    officer = User.objects.get(username="qltt.hanoi")
    data = tip_input(
        summary="Kho sữa giả Gia Lâm", informant={"full_name": "Trần Văn Kín", "phone": "0987654321"}
    )
    tip, _code = services.submit_public(data, [_photo()])
    case = make_case(officer, area="01", goods="sua", summary="Sữa bột giả ở Gia Lâm")
    make_lot(officer, case)
    call_command("backup", str(tmp_path / "b"))
    manifest = (tmp_path / "b" / backup.MANIFEST).read_text()
    assert '"tips_tip"' in manifest and "Trần Văn Kín" not in manifest

    # The source itself matches its manifest; a manifest that says one more tip does not.
    recorded = json.loads(manifest)
    assert backup.verify(recorded) == []
    recorded["tables"]["tips_tip"]["rows"] += 1
    assert any("tips_tip" in p for p in backup.verify(recorded))
    # One value changed after the backup, the counts the same: the checksum sees it.
    recorded = json.loads(manifest)
    Case.objects.filter(pk=case.pk).update(summary="Sửa sau khi sao lưu")
    assert [p for p in backup.verify(recorded) if "cases_case" in p]
    Case.objects.filter(pk=case.pk).update(summary="Sữa bột giả ở Gia Lâm")
    assert backup.verify(recorded) == []
    # Never over a database that has tables.
    with pytest.raises(ValueError, match="đã có bảng"):
        backup.restore(tmp_path / "b")

    media = tmp_path / "media-restored"
    restored = _manage(target, media, "restore", str(tmp_path / "b"))
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert "OK" in restored.stdout
    from django.core.files.storage import default_storage

    assert str(default_storage.location).startswith(str(tmp_path))  # type: ignore[attr-defined]
    assert len([p for p in media.rglob("*") if p.is_file()]) == len(recorded["files"]) >= 1
    # The restored identity opens with the tip key, and with no other.
    opened = _manage(target, media, "shell", "--no-imports", "-c", UNSEAL)
    assert opened.stdout.strip() == "0987654321", opened.stderr[-1500:]
    other_key = Fernet.generate_key().decode()
    stranger = _manage(target, media, "shell", "--no-imports", "-c", UNSEAL, HUB389_TIP_KEYS=other_key)
    assert stranger.returncode != 0 and "InvalidToken" in stranger.stderr
    # A second restore over the restored database is refused, and changes nothing.
    again = _manage(target, media, "restore", str(tmp_path / "b"))
    assert again.returncode != 0 and "đã có bảng" in again.stderr
    assert tip.pk
