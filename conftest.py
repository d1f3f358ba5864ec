"""Shared test fixtures: the demo data and the personas, defined once for every test file.

The registry (34 provinces, 3,321 communes, agencies, committees) and the demo matrix are
loaded once per test session; each test runs in a transaction that rolls back. Browser tests
(transactional: the database is flushed after each) reload it through `registry_live`.

Personas (demo users, `hub389/demo/officers.py`); records are made with `hub389/tests/factories.py`:
- `handler`: an officer of Hà Nội's Market Surveillance (01-QLTT), which leads trade in goods;
- `teammate`: another officer of 01-QLTT; `head`: the head of 01-QLTT;
- `coordinator`: an officer of Hà Nội's police (coordinates trade, leads crime);
- `owner` (also `standing`): the standing office of Hà Nội (Sở Công Thương), which sees its area;
- `colleague`: an ordinary officer of the standing office's agency (01-SCT), who does not;
- `leader`: a leader of Hà Nội's committee (reads);
- `stranger`: the standing office of Lạng Sơn; `admin_user`: the administrator.

Following healthchecks, every access rule is tested from three sides: owner, colleague,
stranger (`hub389/tests/test_routes.py` walks every page as every persona).
"""

import os

import pytest

from hub389.demo import load_demo
from hub389.portal.models import PublicationRule
from hub389.portal.rules import load_current as load_publication_rules
from hub389.registry.loader import load_registry
from hub389.registry.models import Area
from hub389.reports.models import ReportType
from hub389.reports.regime import load_current
from hub389.tests.personas import persona

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        load_registry()
        load_demo()


@pytest.fixture
def registry_live(transactional_db):  # type: ignore[no-untyped-def]
    if not Area.objects.exists():
        load_registry()
        load_demo()
    if not ReportType.objects.exists():  # migration data, gone with a transactional flush
        load_current()
    if not PublicationRule.objects.exists():
        load_publication_rules()


def _fixture(name: str, who: str = ""):  # type: ignore[no-untyped-def]
    @pytest.fixture(name=name)
    def make(db):  # type: ignore[no-untyped-def]
        return persona(who or name)

    return make


handler = _fixture("handler")
teammate = _fixture("teammate")
head = _fixture("head")
coordinator = _fixture("coordinator")
owner = _fixture("owner")
standing = _fixture("standing", "owner")
colleague = _fixture("colleague")
leader = _fixture("leader")
stranger = _fixture("stranger")
admin_user = _fixture("admin_user")
national = _fixture("national")
customs = _fixture("customs")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist (`make pytest` runs two workers), every test that flushes the database
    (transactional: the browser tests, the row-lock races) runs on one worker, after the tests
    that read the session's demo data on it: pytest-django has sorted them last, and one group
    keeps another worker from receiving a test of the demo data after a flush."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        if (
            "live_server" in fixtures
            or "transactional_db" in fixtures
            or (marker is not None and marker.kwargs.get("transaction"))
        ):
            item.add_marker(pytest.mark.xdist_group("flushes"))
