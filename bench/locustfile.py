"""Load profiles for `bench/load.py` (Locust): officers opening the pages they use most, and
citizens sending tips through the public form."""

import os
import random
import re

from locust import FastHttpUser, HttpUser, between, constant, task

WORDS = ["sua", "dien thoai", "thuoc la", "duong", "my pham", "nguyen van"]
RECEIPT = re.compile(r"\b(\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4})\b")


class Officer(HttpUser):
    """A signed-in officer: case list with filters, diacritic-insensitive search, the tip queue,
    the dashboard."""

    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        # A session made by bench/load.py for one of the demo officers (signed in already).
        self.client.cookies.set("sessionid", random.choice(os.environ["HUB389_BENCH_SESSIONS"].split(",")))

    def page(self, url: str, name: str) -> None:
        """GET a page; a sign-in page instead of it is a failure (the session did not hold)."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if "/accounts/login/" in response.url:
                response.failure("redirected to sign-in")

    @task(4)
    def case_list(self) -> None:
        kind = random.choice(["", "smuggling", "fraud", "counterfeit"])
        self.page(f"/cases/?province=01&kind={kind}&from=01/01/2026", "/cases/ (filters)")

    @task(2)
    def case_search(self) -> None:
        self.page(f"/cases/?q={random.choice(WORDS)}", "/cases/?q= (search)")

    @task(3)
    def tip_queue(self) -> None:
        self.page(random.choice(["/tips/", "/tips/?tab=all", "/tips/?tab=overdue"]), "/tips/ (queue)")

    @task(1)
    def dashboard(self) -> None:
        self.page("/reports/dashboard/?committee=01", "/reports/dashboard/")


class AgencySystem(HttpUser):
    """Another agency's system calling the API: filtered case lists and case details, as its
    synchronisation would (20 at once by default)."""

    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {os.environ['HUB389_BENCH_TOKEN']}"
        self.ids = os.environ["HUB389_BENCH_CASES"].split(",")

    @task(3)
    def case_list(self) -> None:
        kind = random.choice(["", "smuggling", "fraud", "counterfeit"])
        self.client.get(
            f"/api/v1/cases?province=01&kind={kind}&from=2026-01-01&limit=50", name="API /cases (filters)"
        )

    @task(5)
    def case_detail(self) -> None:
        self.client.get(f"/api/v1/cases/{random.choice(self.ids)}", name="API /cases/{id}")


class Citizen(HttpUser):
    """A citizen sending a tip. The browser solves the proof-of-work in real life; here the
    challenge is minted with the server's key (the bench shares it) at the bench's difficulty."""

    wait_time = between(0.0, 0.05)

    def on_start(self) -> None:
        import django

        django.setup()
        self.client.get("/tin-bao/", name="/tin-bao/ (form)")

    @task
    def send(self) -> None:
        from django.conf import settings

        from hub389.tips import guard

        challenge = guard.new_challenge()
        province, commune = random.choice(os.environ["HUB389_BENCH_PLACES"].split(",")).split(":")
        response = self.client.post(
            "/tin-bao/",
            {
                "summary": "Cửa hàng bán sữa giả gần chợ",
                "description": "Nhiều hộp sữa không rõ nguồn gốc, bán giá rẻ vào buổi tối.",
                "province": province,
                "commune": commune,
                "identity": "anonymous",
                "challenge": challenge,
                "solution": guard.solve(challenge, settings.HUB389_TIP_POW_BITS),
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="/tin-bao/ (submit)",
        )
        if response.url.endswith("/tin-bao/da-gui/") and RECEIPT.search(response.text):
            self.environment.events.request.fire(
                request_type="RECEIPT",
                name="receipt shown",
                response_time=0,
                response_length=0,
                exception=None,
                context={},
            )


class Reader(FastHttpUser):
    """An anonymous reader of the portal (bench/portal.py): its home, the published decisions
    of a province and goods group, a decision's page; no pause between pages, so the figure is
    what the server gives, with the load generator on the same cores."""

    wait_time = constant(0)
    provinces = ["01", "31", "79", "20", "15", "48", "22"]
    goods = ["sua", "my-pham", "thuoc-la", "dien-tu", ""]

    def on_start(self) -> None:
        self.ids = os.environ["HUB389_BENCH_NOTICES"].split(",")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/ (portal home)")

    @task(3)
    def filtered(self) -> None:
        province, goods = random.choice(self.provinces), random.choice(self.goods)
        self.client.get(
            f"/cong-khai/vi-pham/?province={province}&goods={goods}", name="/cong-khai/vi-pham/?…"
        )

    @task(5)
    def notice(self) -> None:
        self.client.get(f"/cong-khai/vi-pham/{random.choice(self.ids)}/", name="/cong-khai/vi-pham/{id}/")
