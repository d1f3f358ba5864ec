"""The audit chain under a batch (an import): the head written once, no gap after a rollback."""


def test_a_batch_writes_the_head_once_and_keeps_the_chain_whole(db) -> None:
    """An import's thousands of entries: one head update at the end; an entry rolled back to a
    savepoint inside the batch leaves no gap in the chain."""
    from django.db import transaction

    from hub389.audit import services as audit
    from hub389.audit.models import AuditHead

    before = AuditHead.objects.get_or_create(pk=1)[0].count
    with audit.batch():
        audit.record(None, "test.one", object_type="x", object_id="1")
        try:
            with transaction.atomic():
                audit.record(None, "test.rolled_back", object_type="x", object_id="2")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        audit.record(None, "test.three", object_type="x", object_id="3")
    assert AuditHead.objects.get(pk=1).count == before + 2
    assert audit.verify_chain().ok
