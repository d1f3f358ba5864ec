"""An import batch is seen by whoever sent it, the head of its agency and administrators;
it is written (after the preview) by whoever sent it or that head."""

from typing import Any

from django.db.models import Q, QuerySet

from hub389.accounts.access import is_admin, is_head
from hub389.exchange.models import ImportBatch
from hub389.policy import rule, scope


def _sees(user: Any, batch: Any) -> bool:
    return batch.created_by_id == user.pk or (is_head(user) and batch.agency_id == user.agency_id)


@rule("view", ImportBatch)
def view_batch(user: Any, batch: Any) -> bool:
    return isinstance(batch, type) or is_admin(user) or _sees(user, batch)


@rule("commit", ImportBatch)
def commit_batch(user: Any, batch: Any) -> bool:
    return not isinstance(batch, type) and _sees(user, batch)


@scope("view", ImportBatch)
def batches(user: Any) -> QuerySet[ImportBatch]:
    if is_admin(user):
        return ImportBatch.objects.all()
    mine = Q(created_by_id=user.pk)
    if is_head(user) and user.agency_id is not None:
        mine |= Q(agency_id=user.agency_id)
    return ImportBatch.objects.filter(mine)
