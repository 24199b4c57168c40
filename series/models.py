"""Many teams, one organisation: workshop templates, a series of team
workshops made from one, and the organisation charter rolled up from the
teams' published charters by reference."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from igloo.models import LevelScheme
from principles.models import PREAMBLE_MAX_LENGTH, CharterVersion, Principle
from workshops.models import (
    TEAM_NAME_MAX_LENGTH,
    AIFocus,
    Organisation,
    Workshop,
    WorkshopLanguage,
    default_scheme_id,
)

# Fewer participants than this, and a team's counts and cards stay in the team.
SMALL_TEAM = 5
TEAMS_MAX = 40


class CardChoice(models.TextChoices):
    FOCUS = "focus", _("The cards of the workshop's AI focus")
    CHOSEN = "chosen", _("Only the cards chosen here")


class WorkshopTemplate(models.Model):
    """What a series' team workshops start from. A workshop copies these
    values when it is made, so a later change here changes none of them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="workshop_templates"
    )
    name = models.CharField(_("name"), max_length=120)
    title_pattern = models.CharField(
        _("title of each workshop"),
        max_length=150,
        help_text=_("{team} is replaced by the team's name."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=WorkshopLanguage.choices, default="da"
    )
    scheme = models.ForeignKey(
        LevelScheme,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level scheme"),
        default=default_scheme_id,
    )
    ai_focus = models.CharField(
        _("AI focus"), max_length=10, choices=AIFocus.choices, default=AIFocus.GENAI
    )
    # Question number (as text) -> an extra prompt shown under the question.
    extra_prompts = models.JSONField(_("extra prompts"), default=dict, blank=True)
    cards = models.CharField(
        _("inspiration cards"), max_length=10, choices=CardChoice.choices, default=CardChoice.FOCUS
    )
    card_keys = models.JSONField(_("chosen cards"), default=list, blank=True)
    dots_per_participant = models.PositiveSmallIntegerField(
        _("dots each participant votes with"), default=3
    )
    show_names = models.BooleanField(_("show participants' names on the board"), default=False)
    approve_first = models.BooleanField(
        _("approve cards before they reach the projector"), default=False
    )
    preamble = models.TextField(
        _("preamble"),
        max_length=PREAMBLE_MAX_LENGTH,
        blank=True,
        help_text=_("Empty: the charter template's wording."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("workshop template")
        verbose_name_plural = _("workshop templates")

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    """One process run in many teams: their workshops, compared, and the
    organisation charter rolled up from their charters."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="series")
    template = models.ForeignKey(
        WorkshopTemplate,
        on_delete=models.SET_NULL,
        null=True,
        related_name="series",
        verbose_name=_("template"),
    )
    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The organisation charter: a workshop of kind "organisation".
    charter = models.OneToOneField(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="rolled_up_for"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.name

    @property
    def language(self) -> str:
        """The language its exports speak: the template's, or its teams' once
        the template is deleted."""
        if self.template_id:
            return self.template.language
        member = self.members.select_related("workshop").first()
        return member.workshop.language if member else settings.LANGUAGE_CODE[:2]


class SeriesWorkshop(models.Model):
    """A team's workshop in a series, with the template's values as they
    were when it was made (the prompts and cards it was made with)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="members")
    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="series_link")
    team_name = models.CharField(_("team"), max_length=TEAM_NAME_MAX_LENGTH)
    made_with = models.JSONField(default=dict, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["series", "position", "team_name"]
        constraints = [
            models.UniqueConstraint(fields=["series", "team_name"], name="series_team_unique"),
        ]

    def __str__(self) -> str:
        return self.team_name


class ImportedPrinciple(models.Model):
    """An organisation principle's reference to a team principle in a
    published (frozen) team version: the provenance that survives the team's
    later versions. `seen_number` is the team's newest version someone has
    looked at; a newer one marks "a source has changed"."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="imports")
    member = models.ForeignKey(SeriesWorkshop, on_delete=models.CASCADE, related_name="imports")
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="+")
    source_key = models.PositiveIntegerField()
    team_name = models.CharField(max_length=TEAM_NAME_MAX_LENGTH)
    seen_number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member__position", "team_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "member", "source_key"], name="imported_principle_unique"
            ),
        ]


class RollupRecord(models.Model):
    """What a published organisation version was rolled up from, frozen
    with it: the teams and versions, and each principle's coverage."""

    version = models.OneToOneField(
        CharterVersion, on_delete=models.CASCADE, related_name="rollup_record"
    )
    content = models.JSONField(editable=False)
