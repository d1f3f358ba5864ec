from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from hub389.audit import services as audit
from hub389.audit.models import AuditEntry


def _tamper(sql: str, params: list) -> None:
    """Alter the log behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch user triggers off for the session: the chain must still tell.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_each_entry_is_chained_to_the_previous(db, owner):
    first = audit.record(owner, "test.one", owner, changes={"a": 1})
    second = audit.record(owner, "test.two", owner)
    assert second.prev_hash == first.hash
    assert first.compute_hash() == first.hash


def test_verify_audit_passes_on_an_intact_log(db, owner):
    audit.record(owner, "test.one", owner)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("OK: ")


def test_verify_audit_names_the_altered_entry(db, owner):
    audit.record(owner, "test.one", owner)
    victim = audit.record(owner, "test.two", owner, changes={"amount": 100})
    audit.record(owner, "test.three", owner)
    _tamper("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["sửa lén", victim.pk])
    with pytest.raises(CommandError, match=rf"BROKEN at entry #{victim.pk}:"):
        call_command("verify_audit", stdout=StringIO())


def test_verify_audit_notices_a_deleted_entry(db, owner):
    audit.record(owner, "test.one", owner)
    victim = audit.record(owner, "test.two", owner)
    after = audit.record(owner, "test.three", owner)
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError, match=rf"BROKEN at entry #{after.pk}:"):
        call_command("verify_audit", stdout=StringIO())


def test_verify_audit_notices_a_cut_tail(db, owner):
    audit.record(owner, "test.one", owner)
    last = audit.record(owner, "test.two", owner)
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match="các mục cuối nhật ký đã bị xoá"):
        call_command("verify_audit", stdout=StringIO())


def test_the_application_cannot_change_an_entry(db, owner):
    entry = audit.record(owner, "test.one", owner)
    entry.reason = "x"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete(db, owner):
    entry = audit.record(owner, "test.one", owner)
    for sql in (
        "UPDATE audit_auditentry SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, reason="").exists()


def test_a_rolled_back_write_leaves_no_entry(db, owner):
    before = AuditEntry.objects.count()
    with pytest.raises(ValueError), transaction.atomic():
        audit.record(owner, "test.rollback", owner)
        raise ValueError
    assert AuditEntry.objects.count() == before
    call_command("verify_audit", stdout=StringIO())
