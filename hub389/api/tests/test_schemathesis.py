"""The API against its own OpenAPI document: schemathesis generates requests from it, as
clients of two agencies, and every answer must be no server error, a documented status, the
documented content type and a body that matches the schema."""

import os
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from hub389.api.tests.conftest import register
from hub389.registry.models import Agency
from hub389.tests.factories import make_case
from hub389.tests.inprocess import keeping_the_connection
from hub389.tests.personas import persona

# Examples per operation and client: bounded so the suite stays quick; raise it to hunt
# (HUB389_SCHEMATHESIS_EXAMPLES=200 make pytest).
EXAMPLES = int(os.environ.get("HUB389_SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.django_db
def test_the_api_keeps_its_schema_for_generated_requests() -> None:
    make_case(persona("handler"))
    make_case(persona("customs"), area="20", kinds=["smuggling"], summary="Đường cát nhập lậu Lạng Sơn")
    tokens = [
        register("admin_user", agency=Agency.objects.get(code=code))[1] for code in ("01-QLTT", "20-HQ")
    ]
    failures: list[str] = []
    checked = 0

    def runner(operation: Any, token: str) -> Any:
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            nonlocal checked
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            checked += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as exc:
                failures.append(f"{operation.label}: {str(exc)[:400]}")
                raise

        return run

    with keeping_the_connection():  # the schema's own request too
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        for result in schema.get_all_operations():
            operation = result.ok()  # type: ignore[union-attr]
            for token in tokens:
                before = len(failures)
                try:
                    runner(operation, token)()
                except Exception as exc:
                    if len(failures) == before:  # not a check that failed: the run itself broke
                        failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:300]}")
    assert checked > 100
    assert not failures, "\n".join(dict.fromkeys(failures))
