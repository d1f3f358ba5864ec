"""What every browser test does: sign in, and (with HUB389_SCREENSHOTS=docs/img) save the
screenshots of the README's user guide."""

import os

from playwright.sync_api import Page, expect


def login(page: Page, username: str = "vptt.hanoi") -> None:
    page.goto(page.base + "/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)
    page.fill("#id_password", "hub389-demo")
    page.click("#login-submit")
    expect(page.locator("h1")).to_contain_text("Xin chào")


SHOTS = os.environ.get("HUB389_SCREENSHOTS", "")


def shot(page: Page, name: str) -> None:
    """With HUB389_SCREENSHOTS=docs/img, the flow also refreshes the README's screenshots."""
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
