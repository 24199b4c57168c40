from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DateInput, TextField

from .models import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Action,
    ActionStatus,
    ConsultationRecord,
    Forum,
    Outcome,
    SeatRole,
)

# Empty rows offered for the people at a meeting; a row left empty is ignored.
MEMBER_ROWS = 8


class RecordForm(forms.Form):
    """One consultation record. Per principle of the version: an outcome
    (empty: the overall outcome) and the disagreement, if any."""

    forum = forms.ChoiceField(label=_("Forum"), choices=Forum.choices)
    forum_name = TextField(
        label=_("Name of the committee"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("For example “Hoved-MED” or “Lokal-MED Akutafdelingen”."),
    )
    forum_level = TextField(
        label=_("Level"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("Where in the organisation the committee sits: local, area or top level."),
    )
    informed_on = forms.DateField(label=_("Informed on"), required=False, widget=DateInput)
    discussed_on = forms.DateField(label=_("Discussed on"), required=False, widget=DateInput)
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput)
    outcome = forms.ChoiceField(label=_("Outcome overall"), choices=Outcome.choices)
    disagreement = TextField(
        label=_("Disagreement"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the outcome is “not agreed”: what the sides disagree on."),
    )
    management_remarks = TextField(
        label=_("Remarks of the management side"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    employee_remarks = TextField(
        label=_("Remarks of the employee side"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    apv_update = forms.BooleanField(label=_("The APV must be updated"), required=False)
    apv_responsible = TextField(
        label=_("Who updates the APV"), max_length=NAME_MAX_LENGTH, required=False
    )
    apv_due = forms.DateField(label=_("APV updated by"), required=False, widget=DateInput)
    training = TextField(
        label=_("Training"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Training or retraining agreed for the people who will use the AI."),
    )

    def __init__(self, *args, principles: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.principles = principles
        outcome_choices = [("", _("As overall")), *Outcome.choices]
        for p in principles:
            self.fields[f"p{p['id']}_outcome"] = forms.ChoiceField(
                label=p["title"], choices=outcome_choices, required=False
            )
            self.fields[f"p{p['id']}_disagreement"] = TextField(
                label=_("Disagreement on “%(title)s”") % {"title": p["title"]},
                max_length=TEXT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for i in range(MEMBER_ROWS):
            self.fields[f"m{i}_name"] = TextField(
                label=_("Name"), max_length=NAME_MAX_LENGTH, required=False
            )
            self.fields[f"m{i}_role"] = forms.ChoiceField(
                label=_("Role"), choices=[("", "–"), *SeatRole.choices], required=False
            )
            self.fields[f"m{i}_present"] = forms.BooleanField(label=_("Present"), required=False)

    @property
    def principle_rows(self):
        return [
            (p, self[f"p{p['id']}_outcome"], self[f"p{p['id']}_disagreement"])
            for p in self.principles
        ]

    @property
    def member_rows(self):
        return [
            (self[f"m{i}_name"], self[f"m{i}_role"], self[f"m{i}_present"])
            for i in range(MEMBER_ROWS)
        ]

    @property
    def main_fields(self):
        names = ["forum", "forum_name", "forum_level", "informed_on", "discussed_on", "decided_on"]
        return [self[name] for name in names]

    @property
    def outcome_fields(self):
        return [self["outcome"], self["disagreement"]]

    @property
    def remark_fields(self):
        names = ["management_remarks", "employee_remarks", "apv_update", "apv_responsible"]
        return [self[name] for name in [*names, "apv_due", "training"]]

    def clean(self):
        data = super().clean()
        for i in range(MEMBER_ROWS):
            if data.get(f"m{i}_name") and not data.get(f"m{i}_role"):
                self.add_error(f"m{i}_role", _("Give the person's role."))
        return data

    def members(self) -> list[dict]:
        return [
            {
                "name": self.cleaned_data[f"m{i}_name"],
                "role": self.cleaned_data[f"m{i}_role"],
                "present": self.cleaned_data[f"m{i}_present"],
            }
            for i in range(MEMBER_ROWS)
            if self.cleaned_data.get(f"m{i}_name")
        ]

    def principle_outcomes(self) -> list[dict]:
        rows = []
        for p in self.principles:
            outcome = self.cleaned_data.get(f"p{p['id']}_outcome", "")
            disagreement = self.cleaned_data.get(f"p{p['id']}_disagreement", "")
            if outcome or disagreement:
                rows.append(
                    {
                        "id": p["id"],
                        "title": p["title"],
                        "outcome": outcome or self.cleaned_data["outcome"],
                        "disagreement": disagreement,
                    }
                )
        return rows


class RemarkForm(forms.Form):
    text = TextField(
        label=_("Your remark"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionForm(forms.ModelForm):
    principle_key = forms.TypedChoiceField(label=_("Principle"), coerce=int, choices=())
    text = TextField(
        label=pgettext_lazy("action plan", "Action"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner_role = TextField(
        label=_("Owner (role)"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("For example “afdelingsleder” or “AMR”."),
    )
    owner_name = TextField(label=_("Owner (name)"), max_length=NAME_MAX_LENGTH, required=False)
    status_note = TextField(
        label=_("Note on the status"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the action is no longer open: what happened."),
    )
    record = forms.ModelChoiceField(
        label=_("Answers a consultation record"),
        queryset=ConsultationRecord.objects.none(),
        required=False,
        empty_label="–",
        help_text=_("The record of the forum whose decision the action follows up, if any."),
    )
    answers = TextField(
        label=_("Answers (decision or APV item)"),
        max_length=200,
        required=False,
        help_text=_("For example an item of the APV's action plan."),
    )

    class Meta:
        model = Action
        fields = [
            "principle_key",
            "text",
            "owner_role",
            "owner_name",
            "due",
            "status",
            "status_note",
            "record",
            "answers",
        ]
        widgets = {"due": DateInput}

    def __init__(self, *args, principles: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.principles = {p["id"]: p for p in principles}
        choices = [(p["id"], p["title"]) for p in principles]
        if self.instance.pk and self.instance.principle_key not in self.principles:
            choices.append((self.instance.principle_key, self.instance.principle_title))
        self.fields["principle_key"].choices = choices
        # The records of the charter's versions, newest first.
        records = ConsultationRecord.objects.filter(
            version__workshop_id=self.instance.charter_id
        ).select_related("version")
        self.fields["record"].queryset = records.order_by("-version__number", "-created_at", "-pk")
        self.fields["record"].label_from_instance = lambda record: record.label

    def clean(self):
        data = super().clean()
        before = self.instance.status if self.instance.pk else ActionStatus.OPEN
        status = data.get("status")
        leaves_open = status and status != before and status != ActionStatus.OPEN
        if leaves_open and not data.get("status_note"):
            self.add_error("status_note", _("Say in a few words why the status changes."))
        return data


class ReviewPlanForm(forms.Form):
    owner_role = TextField(
        label=_("Owner of the charter (role)"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("For example “HR-chef” or “formand for Hoved-MED”."),
    )
    owner = forms.TypedChoiceField(
        label=_("Owner of the charter (person)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
        help_text=_("Gets an e-mail 30 days before the review and on the day."),
    )
    next_review = forms.DateField(label=_("Next review"), widget=DateInput)
    at_annual_discussion = forms.BooleanField(
        label=_("Review it at the annual work-environment discussion"), required=False
    )
    triggers = TextField(
        label=_("Triggers for an early review"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a new AI system, a change in the APV, an incident."),
    )

    def __init__(
        self,
        *args,
        people: list[tuple[int, str]],
        current: datetime.date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "–"), *people]
        # The date saved before: an overdue plan can still be saved as it is.
        self.current = current

    def clean_next_review(self):
        date = self.cleaned_data["next_review"]
        if date < timezone.localdate() and date != self.current:
            raise forms.ValidationError(
                _("That date has passed. Choose today or a later date for the next review.")
            )
        return date
