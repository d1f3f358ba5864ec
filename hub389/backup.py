"""Backup and restore: the database, the stored files, and a manifest that proves a restore whole.

`backup(directory)` writes
- `database.dump` (PostgreSQL: `pg_dump --format=custom` of one snapshot) or `database.sqlite3`
  (SQLite's online backup);
- `media/`: every file of the default storage (attachments, report documents, photos);
- `manifest.json`: when, from which database, each table's row count and checksum (taken in the
  same snapshot as the dump), each file's size and SHA-256, and the audit chain's head.

`restore(directory)` refuses a database that has tables or a storage that has files, loads the
dump, copies the files, then checks everything against the manifest: each table's count and
checksum, each file's hash, the audit chain (every link, and its head as recorded) and the
custody chains of the warehouse. It returns the problems found (none: the restore is identical).

The tip keys (`HUB389_TIP_KEYS`) are not in the backup, by design: a backup alone decrypts no
informant's identity; keep the keys apart (docs/deploy.md).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

MANIFEST = "manifest.json"
FORMAT = 1


def _value(value: Any) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return repr(value)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_checksums(cursor: Any, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Rows and a SHA-256 of each table's rows in key order, over a DB-API cursor."""
    found: dict[str, dict[str, Any]] = {}
    for table in sorted(names):
        cursor.execute(f"SELECT * FROM {_quoted(table)} LIMIT 0")  # noqa: S608 (a table of ours)
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f"SELECT * FROM {_quoted(table)} ORDER BY {order}")  # noqa: S608
        digest, rows = hashlib.sha256(), 0
        while batch := cursor.fetchmany(5000):
            for row in batch:
                digest.update("\x1f".join(_value(v) for v in row).encode())
                digest.update(b"\x1e")
                rows += 1
        found[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return found


def _files(storage: Storage, path: str = "") -> Iterator[str]:
    dirs, files = storage.listdir(path)
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for name in sorted(dirs):
        yield from _files(storage, f"{path}/{name}" if path else name)


def stored_files(storage: Storage | None = None) -> list[str]:
    storage = storage or default_storage
    try:
        return list(_files(storage))
    except FileNotFoundError:  # a storage directory not made yet: no files
        return []


def _sha256(handle: Any) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(1 << 16), b""):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _pg_env(settings_dict: dict[str, Any]) -> tuple[dict[str, str], str]:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env, str(settings_dict["NAME"])


def _audit_head(cursor: Any) -> dict[str, Any]:
    cursor.execute("SELECT last_hash, count FROM audit_audithead WHERE id = 1")
    row = cursor.fetchone()
    return {"last_hash": row[0], "count": row[1]} if row else {"last_hash": None, "count": 0}


def backup(directory: Path) -> dict[str, Any]:
    """Write a backup into `directory` (created; it must be empty) and return its manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise ValueError(f"{directory} không trống: hãy chọn một thư mục mới cho bản sao lưu.")
    vendor = connection.vendor
    tables = connection.introspection.table_names()
    if vendor == "postgresql":
        env, name = _pg_env(connection.settings_dict)
        with transaction.atomic(), connection.cursor() as cursor:
            # One snapshot for the dump, the checksums and the audit head.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            dump = directory / "database.dump"
            command = ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", "-f", str(dump)]
            subprocess.run([*command, name], env=env, check=True)  # noqa: S603 (PATH's pg_dump)
            head = _audit_head(cursor)
            with connection.chunked_cursor() as rows:  # server-side: a table is never all in memory
                checksums = table_checksums(rows, tables)
    elif vendor == "sqlite":
        dump = directory / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)  # SQLite's online backup: one consistent copy
        finally:
            target.close()
        # The checksums of the copy, read through Django's own SQLite backend (its type
        # conversions), as `verify` reads the restored database.
        copy = SQLiteWrapper({**connection.settings_dict, "NAME": str(dump)}, alias="backup-copy")
        try:
            with copy.cursor() as cursor:
                checksums = table_checksums(cursor, tables)
                head = _audit_head(cursor)
        finally:
            copy.close()
    else:
        raise ValueError(f"sao lưu chưa hỗ trợ {vendor}")
    files = {}
    media = directory / "media"
    for name in stored_files():
        target_path = media / name
        target_path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target_path, "wb") as out:
            shutil.copyfileobj(source, out)
        with open(target_path, "rb") as written:
            size, digest = _sha256(written)
        files[name] = {"size": size, "sha256": digest}
    with open(dump, "rb") as handle:
        dump_size, dump_sha = _sha256(handle)
    manifest = {
        "format": FORMAT,
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "vendor": vendor,
        "database": {"file": dump.name, "size": dump_size, "sha256": dump_sha},
        "tables": checksums,
        "files": files,
        "audit_head": head,
        "keys": "not included: HUB389_TIP_KEYS are kept apart from backups",
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


def restore(directory: Path) -> list[str]:
    """Restore the backup in `directory` into this (empty) database and storage; returns the
    differences from the manifest (empty: identical)."""
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    if manifest["vendor"] != connection.vendor:
        raise ValueError(f"bản sao lưu của {manifest['vendor']}, cơ sở dữ liệu đích là {connection.vendor}")
    if connection.introspection.table_names():
        raise ValueError("Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào một cơ sở dữ liệu trống.")
    if stored_files():
        raise ValueError("Kho tệp đích đã có tệp: chỉ khôi phục vào một kho trống.")
    dump = directory / manifest["database"]["file"]
    with open(dump, "rb") as handle:
        if _sha256(handle)[1] != manifest["database"]["sha256"]:
            raise ValueError(f"{dump.name} không khớp mã băm trong manifest: bản sao lưu bị hỏng.")
    if connection.vendor == "postgresql":
        env, name = _pg_env(connection.settings_dict)
        connection.close()
        # One transaction: a restore that fails half-way leaves the database empty for a retry.
        command = ["pg_restore", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
        command += ["-d", name, str(dump)]
        subprocess.run(command, env=env, check=True)  # noqa: S603 (PATH's pg_restore)
    else:
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        source = sqlite3.connect(dump)
        into = sqlite3.connect(target)
        try:
            source.backup(into)
        finally:
            source.close()
            into.close()
    problems = []
    for name, expected in manifest["files"].items():
        with open(directory / "media" / name, "rb") as handle:
            if _sha256(handle)[1] != expected["sha256"]:
                problems.append(f"tệp {name}: bản sao lưu bị hỏng")
                continue
            handle.seek(0)
            saved = default_storage.save(name, File(handle))
        if saved != name:
            problems.append(f"tệp {name}: lưu thành {saved}")
    return problems + verify(manifest)


def verify(manifest: dict[str, Any]) -> list[str]:
    """What in this database and storage differs from the manifest, and whether the chains
    hold."""
    from hub389.audit.services import verify_chain
    from hub389.warehouse.services import verify as verify_custody

    problems = []
    with transaction.atomic(), connection.cursor() as cursor:
        head = _audit_head(cursor)
        with connection.chunked_cursor() as rows:
            now = table_checksums(rows, manifest["tables"])
    for table, expected in manifest["tables"].items():
        if now.get(table) != expected:
            got = now.get(table, {}).get("rows")
            problems.append(f"bảng {table}: {got} dòng, sao lưu có {expected['rows']}, hoặc nội dung khác")
    for name, expected in manifest["files"].items():
        if not default_storage.exists(name):
            problems.append(f"tệp {name}: thiếu")
            continue
        with default_storage.open(name, "rb") as handle:
            if _sha256(handle)[1] != expected["sha256"]:
                problems.append(f"tệp {name}: nội dung khác")
    chain = verify_chain()
    if not chain.ok:
        problems.append(f"nhật ký kiểm toán: {chain.problem} (mục #{chain.broken_at})")
    if head != manifest["audit_head"]:
        problems.append(f"đầu chuỗi nhật ký {head} khác bản sao lưu {manifest['audit_head']}")
    problems += [f"chuỗi lưu giữ tang vật: {p}" for p in verify_custody()]
    return problems
