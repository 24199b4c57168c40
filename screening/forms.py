from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, TextField

from .models import NAME_MAX_LENGTH, Answer


class UseCaseForm(forms.Form):
    name = TextField(label=_("Add a use case by hand"), max_length=NAME_MAX_LENGTH)


class MergeForm(forms.Form):
    use_cases = forms.TypedMultipleChoiceField(coerce=int, choices=())
    keep = forms.TypedChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, ids, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(pk, pk) for pk in ids]
        self.fields["use_cases"].choices = choices
        self.fields["use_cases"].required = False
        self.fields["keep"].choices = [("", ""), *choices]

    def clean(self):
        data = super().clean()
        keep = data.get("keep")
        picked = list(data.get("use_cases") or [])
        # The name chosen to keep is one of those merged, ticked or not.
        if keep and keep not in picked:
            picked.insert(0, keep)
        if len(picked) < 2:
            raise forms.ValidationError(_("Tick two or more use cases to merge them."))
        if not keep:
            raise forms.ValidationError(_("Choose which name to keep."))
        data["use_cases"] = picked
        return data


class ScreeningForm(forms.Form):
    """One radio group per question: yes, no or don't know."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=question.examples,
            )

    def answers(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}


class HandledForm(forms.Form):
    handled_on = forms.DateField(
        label=_("Handled on"), widget=DateInput, initial=timezone.localdate
    )
    note = TextField(
        label=_("What was done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_handled_on(self):
        day = self.cleaned_data["handled_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date can't be in the future."))
        return day
