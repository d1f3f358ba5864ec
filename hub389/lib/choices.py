"""A picker of reference rows shipped with hub389 (fields, goods groups): each option in the
reader's language (the names are in the catalogue; one an administrator added stays as typed)."""

from typing import Any

from django import forms
from django.utils.translation import gettext


class ReferenceChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return gettext(str(obj.name))
