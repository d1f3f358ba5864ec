"""The synthetic data set generator (bench/generate.py) at its small scale: realistic mix,
valid identifiers, refusals."""

from collections import Counter

import pytest
from stdnum.vn import mst

from bench import generate
from hub389.accounts.models import User
from hub389.cases.models import Case, CaseViolation
from hub389.subjects.identifiers import clean_citizen_id
from hub389.subjects.models import Subject
from hub389.tips.models import Tip

pytestmark = pytest.mark.django_db


def test_small_scale_is_realistic_and_valid() -> None:
    with pytest.raises(generate.Refused, match="quy mô"):
        generate.generate("huge", progress=lambda _: None)
    counts = generate.generate("small", progress=lambda _: None)
    scale = generate.SCALES["small"]
    assert counts["cases"] == Case.objects.count() == scale.cases
    assert counts["tips"] == Tip.objects.count() == scale.tips
    assert Subject.objects.count() == scale.subjects
    kinds = Counter(CaseViolation.objects.values_list("kind", flat=True))
    assert kinds.most_common(1)[0][0] == "fraud" and 0.6 < kinds["fraud"] / scale.cases < 0.8
    assert 0.14 < kinds["smuggling"] / scale.cases < 0.26
    hanoi = Case.objects.filter(area__province__code="01").count()
    small_province = Case.objects.filter(area__province__code="46").count()
    assert hanoi > 3 * small_province  # big cities see more cases
    for subject in Subject.objects.exclude(citizen_id="")[:50]:
        assert clean_citizen_id(subject.citizen_id) == subject.citizen_id
    for subject in Subject.objects.exclude(tax_code="")[:50]:
        assert mst.is_valid(subject.tax_code)
    assert Tip.objects.filter(status="in_progress", due_on__isnull=False).exists()  # some overdue
    assert generate.is_synthetic()
    with pytest.raises(generate.Refused, match="đã có dữ liệu tổng hợp"):
        generate.generate("small", progress=lambda _: None)


def test_a_database_with_real_records_is_refused() -> None:
    from hub389.cases.services import CaseInput, record_case
    from hub389.registry.models import Area

    record_case(
        User.objects.get(username="qltt.hanoi"),
        CaseInput(
            detection="inspection",
            detected_on=Case._meta.get_field("detected_on").to_python("2026-11-02"),
            area=Area.objects.get(code="01"),
            summary="Một vụ việc thật",
            violations=["fraud"],
        ),
    )
    with pytest.raises(generate.Refused, match="hồ sơ thật"):
        generate.generate("small", progress=lambda _: None)
    assert not generate.is_synthetic()
