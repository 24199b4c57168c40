"""Level schemes, their levels, and the report's inspiration cards.

All of it is data (loaded by data migrations from igloo/data.py and
igloo/cards_data.py), read by the other apps and never edited by users.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(obj, field: str) -> str:
    """The Danish or English variant of a bilingual field, by the active language."""
    lang = (get_language() or "da")[:2]
    return getattr(obj, f"{field}_en" if lang == "en" else f"{field}_da")


class IglooLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")
    LEADERSHIP = "leadership", _("Leadership")
    ORGANISATION = "organisation", _("Organisation")
    CONTEXT = "context", _("Surrounding context")


class LevelScheme(models.Model):
    slug = models.SlugField(_("key"), unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("level scheme")
        verbose_name_plural = _("level schemes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self, "name")


class Level(models.Model):
    scheme = models.ForeignKey(LevelScheme, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(_("key"))
    name_da = models.CharField(_("name (Danish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_da = models.CharField(_("description (Danish)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    # Every level of every scheme maps onto one IGLOO level, so workshops that
    # use different schemes stay comparable.
    igloo = models.CharField(_("IGLOO level"), max_length=20, choices=IglooLevel.choices)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="level_unique_code"),
        ]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self, "name")

    @property
    def description(self) -> str:
        return _in_language(self, "description")


class AIKind(models.TextChoices):
    ML = "ml", _("Machine learning")
    GENAI = "genai", _("Generative AI")
    AGENTS = "agents", _("AI agents")
    ROBOTS = "robots", _("Robots")


class Polarity(models.TextChoices):
    OPPORTUNITY = "opportunity", _("Opportunity")
    RISK = "risk", _("Risk")


class InspirationCardQuerySet(models.QuerySet):
    def for_focus(self, focus: str, *, future_formats: bool = False) -> InspirationCardQuerySet:
        """Cards for a workshop's AI focus ("genai", "ml" or "both"); with
        `future_formats`, also those on AI agents and robots."""
        kinds = {"genai": ["genai"], "ml": ["ml"], "both": ["genai", "ml"]}[focus]
        if future_formats:
            kinds += ["agents", "robots"]
        return self.filter(ai_kind__in=kinds)


class InspirationCard(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    igloo = models.CharField(_("IGLOO level"), max_length=20, choices=IglooLevel.choices)
    ai_kind = models.CharField(_("kind of AI"), max_length=10, choices=AIKind.choices)
    polarity = models.CharField(_("opportunity or risk"), max_length=12, choices=Polarity.choices)
    title_da = models.CharField(_("title (Danish)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    body_da = models.TextField(_("text (Danish)"))
    body_en = models.TextField(_("text (English)"))
    chapter = models.CharField(_("chapter of the report"), max_length=10)
    # The worksheet questions (1-5) the card prompts.
    questions = models.JSONField(_("questions"), default=list)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = InspirationCardQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("inspiration card")
        verbose_name_plural = _("inspiration cards")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self, "title")

    @property
    def body(self) -> str:
        return _in_language(self, "body")
