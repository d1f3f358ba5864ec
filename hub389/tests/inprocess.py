"""Running the real queue worker and a bare WSGI server inside a test's transaction. Both close
the database connection between tasks or requests (`close_old_connections`), as in production;
inside a test's transaction on PostgreSQL that would close the test's own connection (SQLite's
in-memory database ignores it). Django's test client disconnects the same signals for the
same reason."""

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections


@contextmanager
def keeping_the_connection() -> Iterator[None]:
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
            yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def run_worker() -> None:
    """The queue's own worker (`manage.py db_worker --batch`): every task queued, then it stops."""
    with keeping_the_connection():
        call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)
