import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hub389.api import services
from hub389.api.models import Scope
from hub389.lib.numbers import parse_count


def _default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Tên hệ thống"), max_length=120)
    contact = forms.CharField(label=_("Người liên hệ (tên, điện thoại, thư điện tử)"), max_length=200)
    scopes = forms.MultipleChoiceField(
        label=_("Quyền"),
        # The code beside each name: the one docs/api.md and the list of systems use.
        choices=[(code, format_lazy("{} ({})", label, code)) for code, label in Scope.choices],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một quyền hợp lệ.")},
    )
    expires_on = forms.DateField(label=_("Hết hạn ngày"), initial=_default_expiry)
    allowed_ips = forms.CharField(
        label=_("Địa chỉ IP được phép (mỗi dòng một địa chỉ hoặc dải; để trống: mọi địa chỉ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rate_per_minute = forms.CharField(
        label=_("Số lần gọi mỗi phút (1.000 là một nghìn)"), initial="600", max_length=12
    )

    def clean_rate_per_minute(self) -> int:
        """Written the Vietnamese way: "1.000" is a thousand (a bare IntegerField reads 1)."""
        return parse_count(str(self.cleaned_data.get("rate_per_minute", "")))

    def clean(self) -> dict[str, Any]:
        """Every check of the service at once, so the form shows all its problems together
        (the service checks them again when it saves)."""
        data = super().clean() or {}
        checks = (
            lambda: services.parse_ips(data.get("allowed_ips", "")),
            lambda: services.check_values(
                data.get("name") or "---",
                data.get("contact") or "---",
                data.get("scopes") or [Scope.CASES_READ],
                data.get("expires_on") or _default_expiry(),
                1 if data.get("rate_per_minute") is None else data["rate_per_minute"],
            ),
        )
        for check in checks:
            try:
                check()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    if field in self.fields and field not in self.errors:
                        for message in messages:
                            self.add_error(field, message)
        return data
