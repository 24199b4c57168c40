"""Form pieces every app uses."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _unstorable(ch: str) -> bool:
    code = ord(ch)
    # Control characters (NUL included) and lone UTF-16 surrogates (half an
    # emoji) cannot be stored or shown.
    return (code < 32 and ch not in "\t\n\r") or code == 0x7F or 0xD800 <= code <= 0xDFFF


def reject_control_characters(value: str) -> None:
    if any(_unstorable(ch) for ch in value):
        raise ValidationError(_("The text contains characters that can't be stored."))


class TextField(forms.CharField):
    """A trimmed text field that refuses control characters (NUL included)."""

    default_validators = [reject_control_characters]


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (2026-11-29): in
    Danish Django would write "29.11.2026", which <input type=date> can't
    read, so the field would show empty and the form call it missing. The
    browser shows the date in the user's own format."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)
