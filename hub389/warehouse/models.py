"""The seized-goods warehouse: lots of exhibits (tang vật, administrative) or evidence (vật
chứng, criminal), never mixed in one lot or bin, with a hash-chained custody record per lot."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.cases.models import Case
from hub389.lib.counted import CountedQuerySet
from hub389.registry.models import Agency

GENESIS = "0" * 64


class LotKind(models.TextChoices):
    EXHIBIT = "exhibit", _("Tang vật (hành chính)")
    EVIDENCE = "evidence", _("Vật chứng (hình sự)")


class Warehouse(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="warehouses")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class Bin(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="bins")
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=LotKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["warehouse", "code"], name="bin_code_unique")]

    def __str__(self) -> str:
        return f"{self.warehouse.name} · {self.code} ({self.get_kind_display()})"


class LotStatus(models.TextChoices):
    HELD = "held", _("Đang lưu kho")
    HANDED_OVER = "handed_over", _("Đã bàn giao")
    RETURNED = "returned", _("Đã trả lại")
    DISPOSED = "disposed", _("Đã xử lý")


class Lot(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="lots")
    kind = models.CharField(max_length=10, choices=LotKind.choices)
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    unit = models.CharField(max_length=30)
    value_vnd = models.PositiveBigIntegerField(default=0)
    bin = models.ForeignKey(Bin, null=True, blank=True, on_delete=models.PROTECT, related_name="lots")
    seized_on = models.DateField()
    status = models.CharField(max_length=20, choices=LotStatus.choices, default=LotStatus.HELD)
    held_by = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan đang giữ (sau bàn giao)"),
    )
    seizure_extended_to = models.DateField(_("gia hạn tạm giữ đến"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Lô #{self.pk} {self.description}"


class Movement(models.TextChoices):
    INTAKE = "intake", _("Nhập kho")
    MOVE = "move", _("Chuyển vị trí")
    SAMPLE = "sample", _("Lấy mẫu giám định")
    HANDOVER = "handover", _("Bàn giao")
    RETURN = "return", _("Trả lại")
    DISPOSAL = "disposal", _("Xử lý (tiêu hủy, bán đấu giá, chuyển giao)")


class CustodyEvent(models.Model):
    """One movement of a lot; each entry carries the hash of the previous one of the same lot,
    so `verify_custody` finds any entry changed or removed afterwards."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="custody")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Movement.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_bin = models.ForeignKey(Bin, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_bin = models.ForeignKey(Bin, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    reason = models.CharField(max_length=300)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["lot", "seq"]
        constraints = [models.UniqueConstraint(fields=["lot", "seq"], name="custody_seq_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"

    def compute_hash(self) -> str:
        payload = {
            "lot": self.lot_id,
            "seq": self.seq,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "actor": self.actor_id,
            "from": self.from_bin_id,
            "to": self.to_bin_id,
            "quantity": f"{self.quantity:.3f}" if self.quantity is not None else None,
            "reason": self.reason,
            "prev": self.prev_hash,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class DisposalMethod(models.TextChoices):
    DESTROY = "destroy", _("Tiêu hủy")
    AUCTION = "auction", _("Bán đấu giá")
    RETURN = "return", _("Trả lại chủ sở hữu")
    TRANSFER = "transfer", _("Chuyển giao cơ quan khác")


class DisposalQuerySet(CountedQuerySet["Disposal"]):
    counted_fields = frozenset({"lot", "done_on", "proceeds_vnd"})


class Disposal(models.Model):
    """A disposal needs the Finance department's approval first (seed 003)."""

    lot = models.OneToOneField(Lot, on_delete=models.PROTECT, related_name="disposal")
    method = models.CharField(max_length=20, choices=DisposalMethod.choices)
    approved_by = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    approval_ref = models.CharField(max_length=100)
    approved_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    proceeds_vnd = models.PositiveBigIntegerField(default=0)

    objects = DisposalQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.get_method_display()} · {self.approval_ref}"
