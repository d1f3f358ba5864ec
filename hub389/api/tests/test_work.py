"""What an agency's system reports: a task's progress on its occurrence, its monthly report
with typed figures (marked as typed, checked by the validation rules), and the lots it holds."""

from typing import Any

from hub389.api.tests.conftest import Api, register
from hub389.plans.models import Progress
from hub389.reports.models import Submission, SubmissionStatus
from hub389.tests.factories import make_case, make_issued_task, make_lot
from hub389.tests.personas import persona


def test_a_report_is_sent_with_typed_figures_and_read_back(db: Any) -> None:
    _, token = register("head", scopes=["reports:read", "reports:write"])
    api = Api(token)
    sent = api(
        "POST", "submissions", {"report_type": "monthly", "period": "2026-11", "committee": "01", "typed": {}}
    )
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["status"] == SubmissionStatus.SUBMITTED and body["agency"] == "01-QLTT" and body["number"]
    by = Submission.objects.get(pk=body["id"]).submitted_by
    assert by is not None and by.is_api_client
    assert api("GET", f"submissions/{body['id']}").json()["figures"] == body["figures"]
    wrong = api("POST", "submissions", {"report_type": "monthly", "period": "2026-13", "committee": "01"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "period"
    outsider = api("POST", "submissions", {"report_type": "monthly", "period": "2026-11", "committee": "20"})
    assert outsider.status_code == 422  # 01-QLTT does not report to Lạng Sơn's committee


def test_progress_is_reported_on_an_occurrence_of_the_agencys_task(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    task = make_issued_task(persona("owner"), persona("handler"))
    occurrence = task.occurrences.get()
    _, token = register("head", scopes=["tasks:read", "tasks:write"])
    api = Api(token)
    listed = api("GET", "occurrences", {"status": "open", "limit": 500}).json()["items"]
    assert occurrence.pk in {o["id"] for o in listed}
    done = api(
        "POST",
        f"occurrences/{occurrence.pk}/progress",
        {"status": "in_progress", "percent": 40, "text": "Đã kiểm tra 12 cơ sở kinh doanh"},
    )
    assert done.status_code == 201 and done.json()["percent"] == 40
    assert Progress.objects.filter(occurrence=occurrence, text__startswith="Đã kiểm tra").exists()


def test_a_sample_is_taken_from_a_lot_and_the_custody_chain_shows_it(db: Any) -> None:
    handler = persona("handler")
    lot = make_lot(handler, make_case(handler))
    _, token = register("head", scopes=["lots:read", "cases:write"])
    api = Api(token)
    taken = api(
        "POST",
        f"lots/{lot.pk}/movements",
        {"movement": "sample", "quantity": "2.5", "reason": "Lấy mẫu kiểm nghiệm"},
    )
    assert taken.status_code == 200 and taken.json()["quantity"] == "37.5"
    chain = api("GET", f"lots/{lot.pk}").json()["custody"]
    assert [e["kind"] for e in chain][-1] == "sample" and chain[-1]["quantity"] == "2.5"
    too_much = api(
        "POST",
        f"lots/{lot.pk}/movements",
        {"movement": "sample", "quantity": "100", "reason": "Quá số lượng"},
    )
    assert too_much.status_code == 422
