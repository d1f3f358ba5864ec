"""Shared test fixtures.

The registry (34 provinces, 3,321 communes, agencies, committees) and the demo matrix are
loaded once per test session; each test runs in a transaction that rolls back. Browser tests
(transactional: the database is flushed after each) reload it through `registry_live`.

Following healthchecks, every access rule is tested from three sides:
- `owner`: the standing-office officer of Hà Nội (Sở Công Thương Hà Nội);
- `colleague`: an ordinary officer of the same agency;
- `stranger`: the standing-office officer of Lạng Sơn.
"""

import os

import pytest

from hub389.accounts.models import User
from hub389.demo import load_demo
from hub389.registry.loader import load_registry
from hub389.registry.models import Area
from hub389.reports.models import ReportType
from hub389.reports.regime import load_current

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


def _user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def owner(db) -> User:  # type: ignore[no-untyped-def]
    return _user("vptt.hanoi")


@pytest.fixture
def colleague(db) -> User:  # type: ignore[no-untyped-def]
    return _user("canbo.sct.hanoi")


@pytest.fixture
def stranger(db) -> User:  # type: ignore[no-untyped-def]
    return _user("vptt.langson")


@pytest.fixture
def admin_user(db) -> User:  # type: ignore[no-untyped-def]
    return _user("admin")
