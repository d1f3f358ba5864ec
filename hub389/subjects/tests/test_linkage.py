"""Subject linkage: the columns a record is compared on, the model on synthetic records with
known truth (Splink on DuckDB, trained without labels), the run over the registry, and the
officers' judgements with what they refuse."""

from typing import Any

import pyarrow as pa
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from splink import DuckDBAPI, Linker

from bench.subjects_data import generate
from hub389.audit.models import AuditEntry
from hub389.demo.subjects import load_demo_subjects
from hub389.subjects import resolution
from hub389.subjects.linkage import model as linkage
from hub389.subjects.linkage.prepare import identifiers, mark_shared, prepare
from hub389.subjects.linkage.resolve import curve, pairwise_scores, resolve
from hub389.subjects.models import Judgement, Source, SubjectLink, SubjectRecord, Verdict
from hub389.subjects.services import find_or_create


def test_a_record_is_prepared_as_the_model_compares_it() -> None:
    one = prepare({"unique_id": 1, "kind": "person", "name": "Hùng Nguyễn", "phone": "+84 912 345 678"})
    assert (one["family"], one["given"], one["name_fold"]) == ("nguyen", "hung", "nguyen hung")
    assert one["phone"] == "0912345678" and one["has_marks"]
    plain = prepare({"unique_id": 2, "kind": "person", "name": "NGUYEN VAN HUNG"})
    assert plain["name_fold"] == "nguyen van hung" and not plain["has_marks"]
    hung, hưng = (
        prepare({"unique_id": i, "name": n}) for i, n in ((3, "Nguyễn Văn Hùng"), (4, "Nguyễn Văn Hưng"))
    )
    assert hung["name_fold"] == hưng["name_fold"] and hung["name_marked"] != hưng["name_marked"]
    firm = prepare(
        {"unique_id": 5, "kind": "organisation", "name": "CTY TNHH TM An Phát", "tax_code": "0100109106-001"}
    )
    assert firm["name_fold"] == "an phat" and firm["tax_root"] == "0100109106"
    shop = prepare(
        {"unique_id": 6, "kind": "online", "name": "x", "url": "https://lazada.vn/shop/anphat7?x=1"}
    )
    assert shop["handle"] == "lazada.vn/shop/anphat7"
    # a pre-2025 commune code becomes the commune(s) it went into
    old = prepare({"unique_id": 7, "name": "x", "commune": 13, "commune_legacy": True})
    assert old["communes"] == [4]


def test_the_model_links_synthetic_records_better_than_exact_identifiers() -> None:
    """3,000 records of five agencies with known truth: trained without labels, the model finds
    most true pairs that exact identifiers miss, at a precision the officers can trust."""
    raw = list(generate(3000, seed=7))
    truth = {r["unique_id"]: r["truth"] for r in raw}
    rows = mark_shared([prepare(r) for r in raw])
    linker = Linker(DuckDBAPI().register(pa.Table.from_pylist(rows)), linkage.settings(), log_level=40)
    linkage.train(linker)
    frame = linker.inference.predict(threshold_match_weight=0, warning_mode="never").as_duckdbpyrelation()
    pairs = frame.select("unique_id_l, unique_id_r, match_weight").fetchall()
    held = {r["unique_id"]: identifiers(r) for r in rows}
    result = resolve(pairs, threshold=linkage.THRESHOLD, ids=truth, identifiers=held)
    scores = pairwise_scores({u: result.clusters.find(u) for u in truth}, truth)
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.85, scores
    exact = curve([], truth, [0])[0]
    assert exact["recall"] == 0  # no pair without the model: the curve starts from nothing
    points = curve(pairs, truth, [0, linkage.THRESHOLD, 15])
    assert points[0]["recall"] >= points[-1]["recall"]


def test_judgements_override_the_model_and_contradictions_are_refused() -> None:
    positive, negative = [(1, 2)], [(2, 3)]
    result = resolve([(1, 3, 20.0), (3, 4, 20.0)], threshold=6, positive=positive, negative=negative)
    c = result.clusters
    assert c.together(1, 2) and not c.together(1, 3) and c.together(3, 4)
    assert result.held_apart == 1
    # two records that each hold a CCCD and share none are never joined by the model
    two = resolve([(1, 2, 30.0)], threshold=6, identifiers={1: {"citizen_id": "a"}, 2: {"citizen_id": "b"}})
    assert not two.clusters.together(1, 2)


@pytest.mark.django_db
def test_two_agencies_typing_one_trader_are_linked_and_judged(
    handler: Any, customs: Any, national: Any, owner: Any
) -> None:
    load_demo_subjects()
    one, _ = find_or_create(
        handler, source=Source.CASE, kind="person", name="Lê Thị Thu Hà", address="Số 9 Lò Đúc"
    )
    two, _ = find_or_create(
        customs, source=Source.CASE, kind="person", name="LE THI THU HA", address="So 9 Lo Duc"
    )
    assert one.pk != two.pk  # no identifier: the registry alone keeps two
    assert SubjectRecord.objects.filter(subject=two, agency=customs.agency, name="LE THI THU HA").exists()
    run = resolution.link_all(None)
    assert run.model.version >= 1
    a, b = sorted((one.pk, two.pk))
    link = SubjectLink.objects.get(a_id=a, b_id=b)
    assert link.agencies == 2 and any("cùng tên" in e[1] for e in link.evidence)

    # the reviewer's pages: the queue and the pair with its evidence; others are refused
    client = Client()
    client.force_login(national)
    page = client.get(f"/subjects/review/{link.pk}/")
    assert page.status_code == 200 and "cùng tên" in page.content.decode()
    refused = Client()
    refused.force_login(handler)
    assert refused.get("/subjects/review/").status_code == 403
    # Hà Nội's standing office reviews Hà Nội's pairs; one that reaches Lạng Sơn is the nation's
    province = Client()
    province.force_login(owner)
    assert f"/subjects/review/{link.pk}/" not in province.get("/subjects/review/").content.decode()
    assert province.get(f"/subjects/review/{link.pk}/").status_code == 403

    with pytest.raises(ValidationError, match="lý do"):
        resolution.judge(national, one, two, verdict=Verdict.SAME, reason="")
    made = resolution.judge(national, one, two, verdict=Verdict.SAME, reason="Cùng địa chỉ, cùng tên")
    assert AuditEntry.objects.filter(action="subject.judge", object_id=str(made.pk)).exists()
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.resolved_to_id or one.pk) == (two.resolved_to_id or two.pk)
    with pytest.raises(ValidationError, match="đã được đánh giá"):
        resolution.judge(national, one, two, verdict=Verdict.SAME, reason="lần nữa cho chắc")

    third, _ = find_or_create(
        handler, source=Source.CASE, kind="person", name="Lê Thu Hà", address="Số 9 Lò Đúc"
    )
    resolution.judge(national, two, third, verdict=Verdict.SAME, reason="cùng người, bỏ tên đệm")
    with pytest.raises(ValidationError, match="Mâu thuẫn"):
        resolution.judge(national, one, third, verdict=Verdict.DIFFERENT, reason="thử mâu thuẫn")
    vehicle, _ = find_or_create(handler, kind="vehicle", name="Xe tải", plate="29C-123.45")
    with pytest.raises(ValidationError, match="hai loại"):
        resolution.judge(national, one, vehicle, verdict=Verdict.SAME, reason="không cùng loại")
    with pytest.raises(Exception):  # noqa: B017 (the policy's PermissionDenied)
        resolution.judge(handler, one, third, verdict=Verdict.DIFFERENT, reason="không phải người duyệt")

    # a revision replaces the verdict and keeps the old one; the cluster splits
    revised = resolution.revise(
        national, made, verdict=Verdict.DIFFERENT, reason="Khác năm sinh theo hồ sơ gốc"
    )
    made.refresh_from_db()
    assert not made.current and revised.current and revised.replaces_id == made.pk
    assert Judgement.objects.filter(a_id=a, b_id=b).count() == 2
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.resolved_to_id or one.pk) != (two.resolved_to_id or two.pk)


@pytest.mark.django_db
def test_a_bridge_between_two_groups_is_flagged_and_reviewed_first(handler: Any, owner: Any) -> None:
    people = [
        find_or_create(handler, source=Source.CASE, kind="person", name=f"Đinh Văn Cầu {n}")[0]
        for n in range(4)
    ]
    a, b, c, d = (p.pk for p in people)
    model = resolution.current_model()
    for x, y, score in ((a, b, 20.0), (b, c, 7.0), (c, d, 20.0)):  # a chain: b–c holds {a,b} to {c,d}
        SubjectLink.objects.create(a_id=x, b_id=y, score=score, agencies=1, model=model)
    result = resolve([(a, b, 20.0), (b, c, 7.0), (c, d, 20.0)], threshold=6)
    resolution._flag(result, result.clusters.members({a, b, c, d}))
    flags = dict(SubjectLink.objects.filter(a_id__in=[a, b, c]).values_list("a_id", "flag"))
    assert flags == {a: "weak", b: "bridge", c: "weak"}

    client = Client()
    client.force_login(owner)
    page = client.get("/subjects/review/?flag=bridge").content.decode()
    assert "Cầu nối duy nhất" in page and f"#{b}" in page and f"#{a}<" not in page


@pytest.mark.django_db
def test_unsure_keeps_the_pair_waiting_and_the_model_from_joining_it(
    handler: Any, customs: Any, national: Any
) -> None:
    one, _ = find_or_create(
        handler, source=Source.CASE, kind="person", name="Võ Thị Kim Chi", address="Số 3 Hàng Gai"
    )
    two, _ = find_or_create(
        customs, source=Source.CASE, kind="person", name="VO THI KIM CHI", address="So 3 Hang Gai"
    )
    resolution.link_all(None)
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.resolved_to_id or one.pk) == (two.resolved_to_id or two.pk)  # joined by the model
    link = SubjectLink.objects.get(a=min(one.pk, two.pk), b=max(one.pk, two.pk))
    client = Client()
    client.force_login(national)
    judged = client.post(
        f"/subjects/review/{link.pk}/",
        {
            "action": "judge",
            "verdict": "unsure",
            "reason": "Không có ngày sinh để đối chiếu",
            "kind": "person",
        },
    )
    assert judged.status_code == 302 and judged["Location"] == "/subjects/review/?kind=person"  # filter kept
    said = client.get(judged["Location"]).content.decode()
    assert "không được ghép (kể cả khi mô hình đã ghép tự động)" in said
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.resolved_to_id or one.pk) != (two.resolved_to_id or two.pk)  # held for a second look
    link.refresh_from_db()
    assert not link.confirmed
    assert "cần người thứ hai xem" in client.get("/subjects/review/").content.decode()
    assert client.get(f"/subjects/review/{link.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="subject.view_pair", object_id=str(link.pk)).exists()
    resolution.link_all(None)  # another run keeps it apart
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.resolved_to_id or one.pk) != (two.resolved_to_id or two.pk)
