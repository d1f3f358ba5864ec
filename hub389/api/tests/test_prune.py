"""The API's own tables do not grow for ever: old calls and expired idempotency keys go."""

import datetime
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from hub389.api.models import ApiCall, IdempotentRequest
from hub389.api.tests.conftest import Api, register


def test_old_calls_and_expired_keys_are_pruned_and_recent_ones_kept(db: Any) -> None:
    client, token = register(scopes=["registry:read"])
    Api(token)("GET", "fields")
    Api(token)("GET", "fields")
    old = timezone.now() - datetime.timedelta(days=400)
    ApiCall.objects.filter(pk=ApiCall.objects.filter(client=client).first().pk).update(at=old)  # type: ignore[union-attr]
    IdempotentRequest.objects.create(client=client, key="k-old", route="POST /x", body_hash="0", status=201)
    IdempotentRequest.objects.filter(key="k-old").update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    IdempotentRequest.objects.create(client=client, key="k-new", route="POST /x", body_hash="0", status=201)
    out = StringIO()
    call_command("prune_api", stdout=out)
    assert ApiCall.objects.filter(client=client).count() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["k-new"]
    assert "calls 1, idempotency keys 1" in out.getvalue()
