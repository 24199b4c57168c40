"""Forms of the series app: they parse and validate; services act."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, TextField
from igloo.models import InspirationCard, LevelScheme
from principles.models import PREAMBLE_MAX_LENGTH
from workshops.models import (
    RUNS_WORKSHOPS,
    TEAM_NAME_MAX_LENGTH,
    AIFocus,
    Question,
    WorkshopLanguage,
)

from .models import CardChoice, WorkshopTemplate

PROMPT_MAX_LENGTH = 300


class TemplateForm(forms.Form):
    name = TextField(label=_("Name"), max_length=120)
    title_pattern = TextField(
        label=_("Title of each workshop"),
        max_length=150,
        help_text=_("{team} is replaced by the team's name."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=WorkshopLanguage.choices)
    scheme = forms.ModelChoiceField(
        label=_("Level scheme"), queryset=LevelScheme.objects.all(), empty_label=None
    )
    ai_focus = forms.ChoiceField(label=_("AI focus"), choices=AIFocus.choices)
    cards = forms.ChoiceField(
        label=_("Inspiration cards"), choices=CardChoice.choices, widget=forms.RadioSelect
    )
    card_keys = forms.MultipleChoiceField(
        label=_("Chosen cards"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    dots_per_participant = forms.IntegerField(
        label=_("Dots each participant votes with"),
        min_value=1,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    show_names = forms.BooleanField(
        label=_("Show participants' names on the board"), required=False
    )
    approve_first = forms.BooleanField(
        label=_("Approve cards before they reach the projector"), required=False
    )
    preamble = TextField(
        label=_("Preamble"),
        max_length=PREAMBLE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Empty: the charter template's wording."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["card_keys"].choices = [
            (card.key, str(card)) for card in InspirationCard.objects.all()
        ]
        for q in Question:
            self.fields[f"prompt_{q.value}"] = TextField(
                label=_("Extra prompt for “%(question)s”") % {"question": q.short_label},
                max_length=PROMPT_MAX_LENGTH,
                required=False,
            )

    def clean(self):
        data = super().clean()
        if data.get("cards") == CardChoice.CHOSEN and not data.get("card_keys"):
            self.add_error("card_keys", _("Choose the cards to show, or show those of the focus."))
        return data

    @classmethod
    def initial_for(cls, template: WorkshopTemplate) -> dict:
        initial = {
            name: getattr(template, name)
            for name in (
                "name",
                "title_pattern",
                "language",
                "scheme",
                "ai_focus",
                "cards",
                "card_keys",
                "dots_per_participant",
                "show_names",
                "approve_first",
                "preamble",
            )
        }
        for q in Question:
            initial[f"prompt_{q.value}"] = template.extra_prompts.get(str(q.value), "")
        return initial

    def values(self) -> dict:
        """The template's values, the prompts gathered into one field."""
        data = dict(self.cleaned_data)
        data["extra_prompts"] = {
            str(q.value): data.pop(f"prompt_{q.value}")
            for q in Question
            if data.get(f"prompt_{q.value}")
        }
        for q in Question:
            data.pop(f"prompt_{q.value}", None)
        return data


class SeriesForm(forms.Form):
    name = TextField(label=_("Name of the series"), max_length=120)
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=WorkshopTemplate.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = WorkshopTemplate.objects.filter(
            organisation=organisation
        )


class TeamForm(forms.Form):
    name = TextField(label=_("Team"), max_length=TEAM_NAME_MAX_LENGTH, required=False)
    date = forms.DateField(label=_("Date"), widget=DateInput, required=False)
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("(the series owner)"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organisation=organisation,
                memberships__role__in=list(RUNS_WORKSHOPS),
            )
            .order_by("email")
        )
        self.fields["facilitator"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )
        # The formset is a table: each input names its column and row.
        row = (self.prefix or "").rsplit("-", 1)[-1]
        number = int(row) + 1 if row.isdigit() else 1
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} {number}"

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("date"):
            self.add_error("date", _("Give the team's workshop a date."))
        return data


class BaseTeamFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "organisation": self.organisation}

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)


TeamFormSet = forms.formset_factory(
    TeamForm, formset=BaseTeamFormSet, extra=3, max_num=40, validate_max=True
)


def _scheme_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Levels of the organisation charter"),
        queryset=LevelScheme.objects.all(),
        empty_label=None,
        **kwargs,
    )


class ImportForm(forms.Form):
    versions = forms.TypedMultipleChoiceField(
        label=_("Published team charters"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    # Only before the first import, when the organisation charter is made.
    scheme = _scheme_field(required=False)

    def __init__(self, *args, choices, with_scheme: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versions"].choices = choices
        if with_scheme:
            self.fields["scheme"].initial = LevelScheme.objects.filter(
                slug="charter-scopes"
            ).first()
        else:
            del self.fields["scheme"]


class SchemeForm(forms.Form):
    scheme = _scheme_field()


class PickForm(forms.Form):
    principles = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = [(pk, pk) for pk in choices]
        self.fields["principles"].error_messages["invalid_choice"] = _(
            "Choose principles of the organisation charter."
        )
        self.fields["principles"].error_messages["required"] = _(
            "Choose two or more principles to merge."
        )
