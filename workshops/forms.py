"""Forms parse and validate; the services act."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import throttle
from core.forms import DateInput, TextField, reject_control_characters
from igloo.models import LevelScheme

from .models import (
    DISPLAY_NAME_MAX_LENGTH,
    ENTRY_MAX_LENGTH,
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_TEAMS,
    PARTICIPANT_CAP_DEFAULT,
    PARTICIPANT_CAP_MAX,
    PROFESSION_MAX_LENGTH,
    TEAM_NAME_MAX_LENGTH,
    USE_CASE_MAX_LENGTH,
    AIFocus,
    Invite,
    Organisation,
    ParticipantAIKind,
    Question,
    Role,
    Team,
    Workshop,
    WorkshopLanguage,
    normalise_join_code,
)
from .services import account_warn_failed_logins

User = get_user_model()


# Accounts --------------------------------------------------------------------


class ThrottledLogin:
    """Django's log-in check behind limits on failures per address and per
    account, for the site's log-in and the admin's: both use the same buckets."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "").lower()
        address = throttle.client_address(self.request)
        by_address = (f"login:address:{address}", throttle.LOGIN_FAILURES_PER_ADDRESS)
        failing = (f"login:failing:{address}", throttle.LOGIN_FAILING_ADDRESS)
        by_account = (f"login:account:{username}", throttle.LOGIN_FAILURES_PER_ACCOUNT)
        # The per-account limit holds back only addresses that have failed
        # lately: anyone can run it down with the owner's e-mail, and the owner,
        # from an address that has not been guessing, must still get in.
        if not throttle.allowed(*by_address) or (
            not throttle.allowed(*failing) and not throttle.allowed(*by_account)
        ):
            raise ValidationError(
                _("Too many failed log-ins. Wait 15 minutes, or reset your password."),
                code="throttled",
            )
        try:
            return super().clean()
        except ValidationError:
            # No user: a wrong e-mail or password (not, say, a right one in the
            # admin for someone who isn't staff).
            if self.user_cache is None:
                throttle.failed(*by_address)
                throttle.failed(*failing)
                # Once a burst: when the account's bucket runs empty.
                if throttle.failed(*by_account) and throttle.take(
                    f"login:notice:{username}", throttle.LOGIN_NOTICE_PER_ACCOUNT
                ):
                    account_warn_failed_logins(
                        username=username,
                        reset_url=self.request.build_absolute_uri(reverse("password_reset")),
                    )
            raise


class LoginForm(ThrottledLogin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The email or the password is not right. Please try again."),
    }

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass


class SignupForm(forms.Form):
    name = TextField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        validators=[reject_control_characters],
        label=_("Email"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = TextField(
        label=_("Organisation"),
        max_length=150,
        help_text=_("The name your charter will carry, e.g. “Region Sydhavn, Akutafdelingen”."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invite: Invite | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if invite is not None:
            del self.fields["organisation"]

    def clean_email(self):
        # Whether the e-mail has an account is not told here: only a mail to it says so.
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            user = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.ModelForm):
    # No empty "---------" choice: one role is always chosen, and the one that
    # can only read is the safer default.
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Invite._meta.get_field("role").choices,
        initial=Role.MANAGER,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Invite
        fields = ["role"]


# Workshops -----------------------------------------------------------------


class TeamsField(forms.CharField):
    """One team name a line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def clean(self, value):
        value = super().clean(value)
        reject_control_characters(value)
        names = list(dict.fromkeys(line.strip() for line in value.splitlines() if line.strip()))
        if len(names) > MAX_TEAMS:
            raise ValidationError(
                ngettext("At most %(n)d team.", "At most %(n)d teams.", MAX_TEAMS)
                % {"n": MAX_TEAMS}
            )
        for name in names:
            if len(name) > TEAM_NAME_MAX_LENGTH:
                raise ValidationError(
                    ngettext(
                        "A team name can be at most %(n)d character.",
                        "A team name can be at most %(n)d characters.",
                        TEAM_NAME_MAX_LENGTH,
                    )
                    % {"n": TEAM_NAME_MAX_LENGTH}
                )
        return names


class WorkshopForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    title = TextField(label=_("Title"), max_length=150)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=WorkshopLanguage.choices,
        help_text=_("The language participants see first."),
    )
    scheme = forms.ModelChoiceField(
        label=_("Level scheme"),
        queryset=LevelScheme.objects.all(),
        empty_label=None,
        help_text=_(
            "The levels entries are placed on: the IGLOO model, or the charter's six scopes."
        ),
    )
    ai_focus = forms.ChoiceField(label=_("AI focus"), choices=AIFocus.choices)
    show_names = forms.BooleanField(
        label=_("Show participants' names on the board"),
        required=False,
        help_text=_("Off: cards show only profession and team. Names never reach the projector."),
    )
    approve_first = forms.BooleanField(
        label=_("Approve cards before they reach the projector"), required=False
    )
    teams = TeamsField(
        label=_("Teams"),
        required=False,
        help_text=_("Optional. One team a line; participants pick theirs when they join."),
    )
    participant_cap = forms.IntegerField(
        label=_("Most participants"),
        min_value=1,
        max_value=PARTICIPANT_CAP_MAX,
        initial=PARTICIPANT_CAP_DEFAULT,
        required=False,
        help_text=_("Phones beyond this number can't join."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    late_joiners_vote = forms.BooleanField(
        label=_("Participants who join during voting may vote"),
        required=False,
        help_text=_("Off: only participants who joined before voting started can put dots."),
    )

    def clean_participant_cap(self):
        # Left empty (or a form from before the field existed): the default.
        return self.cleaned_data["participant_cap"] or PARTICIPANT_CAP_DEFAULT

    def __init__(self, *args, organisations, workshop: Workshop | None = None, **kwargs):
        if workshop is not None:
            kwargs.setdefault("initial", {}).update(
                organisation=workshop.organisation_id,
                title=workshop.title,
                date=workshop.date,
                language=workshop.language,
                scheme=workshop.scheme_id,
                ai_focus=workshop.ai_focus,
                show_names=workshop.show_names,
                approve_first=workshop.approve_first,
                participant_cap=workshop.participant_cap,
                late_joiners_vote=workshop.late_joiners_vote,
                teams="\n".join(team.name for team in workshop.teams.all()),
            )
        else:
            kwargs.setdefault("initial", {}).setdefault("date", datetime.date.today())
            kwargs["initial"].setdefault("scheme", LevelScheme.objects.filter(slug="igloo").first())
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if workshop is not None:
            # A workshop stays in its organisation.
            del self.fields["organisation"]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=Workshop._meta.get_field("phase").choices)


# Participants ---------------------------------------------------------------


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "code-input",
            }
        ),
    )

    def clean_code(self):
        code = normalise_join_code(self.cleaned_data["code"])
        if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
            raise ValidationError(
                _(
                    "A join code has 6 letters and digits, like “K7P 4QX”. Check the code on the "
                    "screen and try again."
                )
            )
        return code


class JoinForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Your team"),
        queryset=Team.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    display_name = TextField(
        label=_("Your name (optional)"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("Only the facilitator sees it. Leave it empty to take part anonymously."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        teams = workshop.teams.all()
        if teams:
            self.fields["team"].queryset = teams
        else:
            del self.fields["team"]


class WorksheetFieldsForm(forms.Form):
    """The worksheet's single fields, as one phone save sends them."""

    profession = TextField(label=_("Profession"), max_length=PROFESSION_MAX_LENGTH, required=False)
    use_case = TextField(label=_("AI use case"), max_length=USE_CASE_MAX_LENGTH, required=False)
    ai_kind = forms.ChoiceField(
        label=_("Kind of AI"), choices=ParticipantAIKind.choices, required=False
    )


class EntryChangeForm(forms.Form):
    """One entry as a phone save sends it."""

    id = forms.UUIDField()
    question = forms.TypedChoiceField(choices=Question.choices, coerce=int)
    text = TextField(max_length=ENTRY_MAX_LENGTH, required=False)
    levels = forms.MultipleChoiceField(required=False)
    position = forms.IntegerField(min_value=0, max_value=10_000, required=False)
    removed = forms.BooleanField(required=False)
    rev = forms.IntegerField(min_value=1, max_value=2**62)

    def __init__(self, *args, level_codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].choices = [(code, code) for code in level_codes]


# The board -----------------------------------------------------------------------


class BoardFilterForm(forms.Form):
    """The board's filters; they live in the URL."""

    question = forms.TypedChoiceField(
        label=_("Question"),
        choices=[("", _("All questions")), *Question.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, empty_value=None, required=False)
    profession = forms.ChoiceField(label=_("Profession"), required=False)
    ai_kind = forms.ChoiceField(
        label=_("Kind of AI"),
        choices=[("", _("All kinds")), *ParticipantAIKind.choices],
        required=False,
    )
    q = TextField(label=_("Search"), max_length=100, required=False)
    unused = forms.BooleanField(label=_("Only cards not in a principle"), required=False)

    NOT_PLACED = "-"

    def __init__(self, *args, workshop: Workshop, levels, professions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            ("", _("All levels")),
            *((level.code, level.name) for level in levels),
            (self.NOT_PLACED, _("Not placed yet")),
        ]
        self.fields["team"].choices = [
            ("", _("All teams")),
            *((team.pk, team.name) for team in workshop.teams.all()),
        ]
        self.fields["profession"].choices = [
            ("", _("All professions")),
            *((p, p) for p in professions),
        ]

    def filters(self) -> dict:
        """The valid filters; a bad value in the URL is ignored, not an error."""
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class PlaceForm(forms.Form):
    levels = forms.MultipleChoiceField(required=False)
    # "suggested": give the card back to the participant's own tags.
    reset = forms.BooleanField(required=False)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].choices = [(level.code, level.name) for level in levels]


class RewordForm(forms.Form):
    text = TextField(label=_("Wording on the board"), max_length=ENTRY_MAX_LENGTH, required=False)


class TimerForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=120, initial=10)
    label = TextField(label=_("For"), max_length=80, required=False)


class PaperWorksheetForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("No team"),
    )
    display_name = TextField(
        label=_("Name on the paper (optional)"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = workshop.teams.all()
