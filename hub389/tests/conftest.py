"""The browser for the browser tests: Debian's Chromium driven by Playwright, one page per test
on a 390 px phone screen (`page`) against the live server."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, sync_playwright


class SerialServer(WSGIServer):
    """One request at a time. On SQLite the live server's threads share the test database's one
    connection, and two requests at once (an htmx list and a number echo) fail inside SQLite and
    take the session with them; PostgreSQL gives each thread its own connection."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    LiveServerThread.server_class = SerialServer  # type: ignore[assignment]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make browser` installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser, live_server, registry_live):
    context = chromium.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    # Whatever the Content-Security-Policy refuses (an inline style, a library's <style>, a
    # script from elsewhere) fails the test that met it, on every page it opened.
    refused: list[str] = []
    context.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not refused, refused
