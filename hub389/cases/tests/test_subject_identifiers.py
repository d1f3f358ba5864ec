"""Subjects of a case: citizen IDs and tax codes checked, one record per business whatever the case
that names it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hub389.accounts.models import User
from hub389.subjects import services as subjects
from hub389.subjects.identifiers import clean_citizen_id, clean_tax_code
from hub389.subjects.models import Subject

pytestmark = pytest.mark.django_db
D = datetime.date


def test_identifiers() -> None:
    assert clean_citizen_id("001 203 012345") == "001203012345"
    for bad in ("12345", "00120301234x", "000203012345"):
        with pytest.raises(ValidationError):
            clean_citizen_id(bad)
    assert clean_tax_code("0100109106") == "0100109106"
    assert clean_tax_code("0100109106001") == "0100109106-001"
    with pytest.raises(ValidationError, match="Mã số thuế"):
        clean_tax_code("0100109107")  # wrong check digit


def test_same_business_is_one_subject(handler: User) -> None:
    first, created = subjects.find_or_create(
        handler, kind="household", name="Cửa hàng Sữa Mẹ", tax_code="0100109106"
    )
    again, created_again = subjects.find_or_create(
        handler, kind="organisation", name="CH Sữa Mẹ", tax_code="0100109106"
    )
    assert created and not created_again and first == again
    with pytest.raises(ValidationError) as err:
        subjects.find_or_create(handler, kind="person", name="Nguyễn A", citizen_id="123")
    assert "12 chữ số" in str(err.value)
    assert Subject.objects.count() == 1
