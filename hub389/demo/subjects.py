"""Demo of subject linkage: the same traders recorded by Market Surveillance, Customs and the
police of two provinces, each as its officer typed them (no diacritics at Customs, the given
name first on a shop profile, the phone with +84), then one linkage run, so the review queue
has pairs to judge and the model its first version. Idempotent."""

import datetime

from django.db import transaction

from hub389.accounts.models import User
from hub389.subjects import resolution
from hub389.subjects.models import Source, SubjectLink, SubjectRecord, Verdict
from hub389.subjects.services import find_or_create

D = datetime.date
# (officer, kind, name, date of birth, address)
TYPED = (
    ("qltt.hanoi", "person", "Nguyễn Văn Hùng", D(1979, 4, 12), "Số 18 phố Hàng Bạc, Hoàn Kiếm"),
    ("haiquan.langson", "person", "NGUYEN VAN HUNG", D(1979, 4, 12), "So 18 Hang Bac, Hoan Kiem"),
    ("congan.hanoi", "person", "Hùng Nguyễn", None, "18 Hàng Bạc, Hoàn Kiếm"),
    ("qltt.hanoi", "person", "Nguyễn Văn Hưng", D(1985, 9, 2), "Số 40 Trần Phú, Hà Đông"),
    ("qltt.hanoi", "person", "Trần Thị Mai", D(1990, 1, 30), "Số 7 ngõ Huế, Hai Bà Trưng"),
    ("haiquan.langson", "person", "TRAN THI MAI", D(1990, 1, 30), "So 7 ngo Hue, Hai Ba Trung"),
    ("qltt.hanoi", "organisation", "Công ty TNHH Thương mại An Phát", None, "Số 5 Kim Mã, Ba Đình"),
    ("haiquan.langson", "organisation", "CTY TNHH TM AN PHAT", None, "So 5 Kim Ma, Ba Dinh"),
)
# Market Surveillance has the head office's tax code, Customs its branch's
TAX = {"qltt.hanoi": "0100109106", "haiquan.langson": "0100109106-001"}


def load_demo_subjects() -> int:
    if SubjectRecord.objects.filter(source=Source.CASE, source_id="demo-linkage").exists():
        return 0
    with transaction.atomic():
        _record()
    resolution.link_all(None)
    # the national standing office confirms the strongest pair (the demo's first judgement)
    best = SubjectLink.objects.select_related("a", "b").order_by("-score").first()
    if best is not None:
        reviewer = User.objects.get(username="vptt.quocgia")
        resolution.judge(
            reviewer, best.a, best.b, verdict=Verdict.SAME, reason="Cùng ngày sinh, cùng địa chỉ; khác dấu."
        )
    return SubjectLink.objects.count()


def _record() -> None:
    for username, kind, name, born, address in TYPED:
        officer = User.objects.get(username=username)
        fields = {"kind": kind, "name": name, "address": address, "date_of_birth": born}
        if kind == "organisation":
            fields["tax_code"] = TAX[username]
        find_or_create(officer, source=Source.CASE, source_id="demo-linkage", **fields)
