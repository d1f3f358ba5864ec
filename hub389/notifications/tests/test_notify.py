from django.core import mail

from hub389.accounts.models import User
from hub389.notifications.models import Notification
from hub389.notifications.services import mark_read, notify_agency, unread_count
from hub389.registry.models import Agency


def test_agency_notice_reaches_every_officer_in_app_and_by_mail(db, django_capture_on_commit_callbacks):
    agency = Agency.objects.get(code="01-QLTT")
    officers = set(User.objects.filter(agency=agency).values_list("username", flat=True))
    assert officers == {"qltt.hanoi", "canbo.qltt.hanoi", "truong.qltt.hanoi"}
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_agency(agency, "Thông báo vụ việc", "Phát hiện hàng giả tại phường Hoàn Kiếm", "/")
    assert {n.recipient.username for n in rows} == officers
    assert len({n.batch for n in rows}) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{u}@demo.hub389.local" for u in officers)
    assert all(n.emailed for n in Notification.objects.filter(batch=rows[0].batch))


def test_inbox_and_reading(client, db, django_capture_on_commit_callbacks):
    officer = User.objects.get(username="qltt.hanoi")
    other = User.objects.get(username="congan.hanoi")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_agency(Agency.objects.get(code="01-QLTT"), "Việc mới", url="/registry/matrix/")
        [note] = [n for n in rows if n.recipient.username == "qltt.hanoi"]
    assert note.recipient == officer
    assert unread_count(officer) == 1
    client.force_login(officer)
    assert "Việc mới" in client.get("/notifications/?scope=agency").content.decode()
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/registry/matrix/"
    assert unread_count(officer) == 0
    client.force_login(other)
    assert client.post(f"/notifications/{note.pk}/open/").status_code == 404


def test_only_the_recipient_marks_read(db):
    [note, *_] = notify_agency(Agency.objects.get(code="01-QLTT"), "x", email=False)
    try:
        mark_read(User.objects.get(username="congan.hanoi"), note)
    except PermissionError:
        pass
    else:
        raise AssertionError("a stranger marked the notice read")
    note.refresh_from_db()
    assert note.read_at is None
