from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, TextField

from .models import (
    CELL_MAX_LENGTH,
    PREAMBLE_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Charter,
)


class MergeForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(coerce=int, choices=())
    # Empty: a new principle; else the principle to add the cards to.
    principle = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=())

    def __init__(self, *args, entry_ids, principle_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(pk, pk) for pk in entry_ids]
        self.fields["entries"].error_messages["required"] = _("Select one or more cards to merge.")
        self.fields["entries"].error_messages["invalid_choice"] = _(
            "Select one or more cards of this workshop to merge."
        )
        self.fields["principle"].choices = [("", "")] + [(pk, pk) for pk in principle_ids]


class PrincipleForm(forms.Form):
    title = TextField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    statement = TextField(
        label=_("Statement"),
        max_length=STATEMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the principle says, e.g. “When we use GenAI, a person always …”."),
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(levels)
        for level in self.levels:
            self.fields[f"cell_{level.code}"] = TextField(
                label=level.name,
                max_length=CELL_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def cells(self) -> dict[str, str]:
        return {level.code: self.cleaned_data[f"cell_{level.code}"] for level in self.levels}


class CharterForm(forms.ModelForm):
    title = TextField(label=_("Title"), max_length=200)
    preamble = TextField(
        label=_("Preamble"),
        max_length=PREAMBLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7}),
    )

    class Meta:
        model = Charter
        fields = ["title", "date", "preamble", "include_appendix"]
        widgets = {"date": DateInput}


class DotsForm(forms.Form):
    dots = forms.IntegerField(label=_("Dots per participant"), min_value=1, max_value=20)


class VoteForm(forms.Form):
    principle = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
