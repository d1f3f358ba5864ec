"""The commitments register: who signed not to trade in, advertise or host fakes (seed 001
§II: "100% các sàn giao dịch thương mại điện tử, mạng xã hội lớn, cơ quan báo chí, truyền hình
ký cam kết"), before which agency, with the document; the committee's yearly targets per
category and the share reached; a breach linked to the case or the published violation that
shows it."""

import datetime
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import User
from hub389.attachments.services import attach
from hub389.audit import services as audit
from hub389.cases.models import Case
from hub389.committee.models import Breach, Commitment, CommitmentTarget, Signatory
from hub389.committee.services.common import Errors, committee_for
from hub389.portal.models import Notice
from hub389.registry.models import SteeringCommittee
from hub389.subjects.identifiers import clean_tax_code
from hub389.subjects.models import Subject


@dataclass
class CommitmentInput:
    category: str
    signatory: str
    tax_code: str
    signed_on: datetime.date | None
    scope: str
    valid_until: datetime.date | None = None


def record(
    actor: User, data: CommitmentInput, document: IO[bytes] | None = None, name: str = ""
) -> Commitment:
    """A commitment signed before the actor's agency, in its committee's register; a business
    with a valid tax code is linked to the subject registry (found, never overwritten)."""
    with transaction.atomic():
        policy.require(actor, "create", Commitment)
        errors = Errors()
        if data.category not in Signatory.values:
            errors.add("category", "Chọn loại đối tượng ký cam kết.")
        if not data.signatory.strip():
            errors.add("signatory", "Hãy ghi tên tổ chức, cá nhân ký cam kết.")
        tax_code = ""
        if data.tax_code.strip():
            try:
                tax_code = clean_tax_code(data.tax_code)
            except ValidationError as exc:
                errors.add("tax_code", exc.messages[0])
        if data.signed_on is None:
            errors.add("signed_on", "Ngày ký không hợp lệ (dd/mm/yyyy).")
        elif data.signed_on > timezone.localdate():
            errors.add("signed_on", "Ngày ký không thể ở tương lai.")
        elif data.valid_until is not None and data.valid_until < data.signed_on:
            errors.add("valid_until", "Thời hạn cam kết phải sau ngày ký.")
        if not data.scope.strip():
            errors.add("scope", "Hãy ghi nội dung, phạm vi cam kết.")
        errors.raise_any()
        assert actor.agency is not None and data.signed_on is not None
        other = (
            Commitment.objects.filter(tax_code=tax_code)
            .exclude(signatory__iexact=data.signatory.strip())
            .first()
        )
        if tax_code and other is not None:
            errors.add(
                "tax_code",
                f"Mã số thuế {tax_code} đã ghi cho {other.signatory}: một mã số thuế là một đối tượng. "
                "Hãy kiểm tra lại tên hoặc mã số thuế.",
            )
            errors.raise_any()
        if (
            tax_code
            and Commitment.objects.filter(
                tax_code=tax_code, category=data.category, signed_on=data.signed_on
            ).exists()
        ):
            errors.add(
                "signatory",
                f"Cam kết của mã số thuế {tax_code} ngày {data.signed_on:%d/%m/%Y} đã có trong sổ.",
            )
            errors.raise_any()
        row = Commitment.objects.create(
            committee=committee_for(actor.agency.area),
            category=data.category,
            signatory=data.signatory.strip()[:200],
            tax_code=tax_code,
            subject=Subject.objects.filter(tax_code=tax_code).first() if tax_code else None,
            agency=actor.agency,
            signed_on=data.signed_on,
            scope=data.scope.strip(),
            valid_until=data.valid_until,
            recorded_by=actor,
        )
        if document is not None:
            attach(actor, row, document, name or f"cam-ket-{row.pk}.pdf")
        audit.record(
            actor, "commitment.record", row, object_repr=str(row), changes={"category": row.category}
        )
    return row


def set_target(
    actor: User, committee: SteeringCommittee, category: str, year: int, target: int
) -> CommitmentTarget:
    with transaction.atomic():
        if not policy.can(actor, "manage_plans", committee):
            raise PermissionDenied("Chỉ Cơ quan Thường trực đặt chỉ tiêu ký cam kết.")
        errors = Errors()
        if category not in Signatory.values:
            errors.add("category", "Chọn loại đối tượng ký cam kết.")
        if not 0 <= target <= 100_000:
            errors.add("target", "Chỉ tiêu là số đối tượng cần ký, từ 0.")
        errors.raise_any()
        row, _new = CommitmentTarget.objects.select_for_update().get_or_create(
            committee=committee, category=category, year=year, defaults={"target": target}
        )
        before = row.target
        row.target = target
        row.save(update_fields=["target"])
        audit.record(
            actor,
            "commitment.target",
            committee,
            changes={"category": category, "year": year, "target": [before, target]},
        )
    return row


def add_breach(
    actor: User,
    commitment: Commitment,
    *,
    case: Case | None = None,
    notice: Notice | None = None,
    note: str = "",
) -> Breach:
    """A breach shown by a case the actor may open, or by a published violation."""
    with transaction.atomic():
        row = Commitment.objects.select_for_update().get(pk=commitment.pk)
        policy.require(actor, "view", row)
        errors = Errors()
        if (case is None) == (notice is None):
            errors.add(
                "case", "Dẫn một vụ việc hoặc một thông tin xử phạt đã công khai cho thấy vi phạm cam kết."
            )
        elif case is not None and not policy.can(actor, "view", case):
            errors.add("case", f"Bạn không xem được vụ việc {case.reference}.")
        elif notice is not None and not Notice.objects.live().filter(pk=notice.pk).exists():
            errors.add("notice", "Chỉ dẫn thông tin xử phạt đang được công khai.")
        elif Breach.objects.filter(Q(case=case) if case else Q(notice=notice), commitment=row).exists():
            errors.add("case", "Vi phạm này đã được ghi cho cam kết.")
        errors.raise_any()
        breach = Breach.objects.create(
            commitment=row, case=case, notice=notice, note=note.strip()[:300], recorded_by=actor
        )
        audit.record(
            actor,
            "commitment.breach",
            row,
            object_repr=str(row),
            changes={"case": case.reference if case else None, "notice": notice.pk if notice else None},
        )
    return breach


def summary(rows: QuerySet[Commitment], committee: SteeringCommittee, year: int) -> list[dict[str, Any]]:
    """Per category: the target, how many signed up to the year's end (still valid then), the
    share reached and how many signatories broke theirs."""
    end = datetime.date(year, 12, 31)
    valid = rows.filter(committee=committee, signed_on__lte=end).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=datetime.date(year, 1, 1))
    )
    signed = dict(valid.values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    breached = dict(
        valid.filter(breaches__isnull=False)
        .values_list("category")
        .annotate(n=Count("pk", distinct=True))
        .values_list("category", "n")
    )
    targets = dict(
        CommitmentTarget.objects.filter(committee=committee, year=year).values_list("category", "target")
    )
    out = []
    for code, label in Signatory.choices:
        target, n = targets.get(code), signed.get(code, 0)
        share = round(100 * n / target, 1) if target else None
        out.append(
            {
                "code": code,
                "label": label,
                "target": target,
                "signed": n,
                "share": share,
                "width": min(100, share or 0),
                "breached": breached.get(code, 0),
            }
        )
    return out


def by_province(rows: QuerySet[Commitment], year: int) -> list[dict[str, Any]]:
    """For the national committee: per province committee and category, signed / target."""
    end = datetime.date(year, 12, 31)
    valid = rows.filter(signed_on__lte=end).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=datetime.date(year, 1, 1))
    )
    signed: dict[int, dict[str, int]] = {}
    for committee_id, category, n in (
        valid.values_list("committee_id", "category")
        .annotate(n=Count("pk"))
        .values_list("committee_id", "category", "n")
    ):
        signed.setdefault(committee_id, {})[category] = n
    targets: dict[int, dict[str, int]] = {}
    for committee_id, category, target in CommitmentTarget.objects.filter(year=year).values_list(
        "committee_id", "category", "target"
    ):
        targets.setdefault(committee_id, {})[category] = target
    ids = set(signed) | set(targets)
    names = dict(SteeringCommittee.objects.filter(pk__in=ids).values_list("pk", "area__name"))
    return sorted(
        (
            {
                "committee": names[i],
                "cells": [(signed.get(i, {}).get(c, 0), targets.get(i, {}).get(c)) for c in Signatory.values],
            }
            for i in ids
        ),
        key=lambda r: str(r["committee"]),
    )
