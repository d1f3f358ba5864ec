import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.api.models import Scope


def _default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Tên hệ thống"), max_length=120)
    contact = forms.CharField(label=_("Người liên hệ (tên, điện thoại, thư điện tử)"), max_length=200)
    scopes = forms.MultipleChoiceField(
        label=_("Quyền"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(label=_("Hết hạn ngày"), initial=_default_expiry)
    allowed_ips = forms.CharField(
        label=_("Địa chỉ IP được phép (mỗi dòng một địa chỉ hoặc dải; để trống: mọi địa chỉ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rate_per_minute = forms.IntegerField(
        label=_("Số lần gọi mỗi phút"), initial=600, min_value=1, max_value=100_000
    )
