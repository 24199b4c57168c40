"""Forms of the follow-up workshop: the phone's review and the facilitator's
decision. They parse and validate; agreements.followup acts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from principles.models import STATEMENT_MAX_LENGTH, Decision

from .followup import ReviewAnswers
from .models import ActionStatus, Answer, Rating

COMMENT_MAX_LENGTH = Rating._meta.get_field("comment").max_length


class ReviewForm(forms.Form):
    """One radio group and a comment per principle, one radio group per open
    action. Nothing is required: a phone may skip what it can't judge."""

    def __init__(self, *args, principles, actions, initial_answers: ReviewAnswers, **kwargs):
        initial = {}
        for pk, (answer, comment) in initial_answers.ratings.items():
            initial[f"answer_{pk}"], initial[f"comment_{pk}"] = answer, comment
        for pk, status in initial_answers.checks.items():
            initial[f"action_{pk}"] = status
        super().__init__(*args, initial=initial, **kwargs)
        self.principles, self.actions = list(principles), list(actions)
        for principle in self.principles:
            self.fields[f"answer_{principle.pk}"] = forms.ChoiceField(
                label=_("Do we live by it?"),
                choices=Answer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{principle.pk}"] = forms.CharField(
                label=_("Comment (optional)"),
                max_length=COMMENT_MAX_LENGTH,
                required=False,
                help_text=_(
                    "The facilitator reads it, without your name, once at least "
                    "five people have answered this principle."
                ),
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_LENGTH}),
            )
        for action in self.actions:
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                label=_("Where does it stand?"),
                choices=ActionStatus.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def clean(self):
        cleaned = super().clean()
        for principle in self.principles:
            if cleaned.get(f"comment_{principle.pk}", "").strip() and not cleaned.get(
                f"answer_{principle.pk}"
            ):
                self.add_error(
                    f"answer_{principle.pk}",
                    _("Choose yes, partly or no to send your comment."),
                )
        return cleaned

    def rows(self) -> list[dict]:
        """What the template shows: each principle with its two fields, and
        each action with its field."""
        return [
            {
                "principle": principle,
                "answer": self[f"answer_{principle.pk}"],
                "comment": self[f"comment_{principle.pk}"],
            }
            for principle in self.principles
        ]

    def action_rows(self) -> list[dict]:
        return [
            {"action": action, "status": self[f"action_{action.pk}"]} for action in self.actions
        ]

    def answers(self) -> ReviewAnswers:
        data = self.cleaned_data
        return ReviewAnswers(
            ratings={
                p.pk: (data[f"answer_{p.pk}"], data[f"comment_{p.pk}"].strip())
                for p in self.principles
                if data.get(f"answer_{p.pk}")
            },
            checks={
                a.pk: data[f"action_{a.pk}"] for a in self.actions if data.get(f"action_{a.pk}")
            },
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=STATEMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": STATEMENT_MAX_LENGTH}),
        help_text=_("Required when you reword or retire the principle."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") in (Decision.REWORD, Decision.RETIRE)
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Give a reason for rewording or retiring the principle."))
        return cleaned
