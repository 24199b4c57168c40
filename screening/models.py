"""AI use cases named on the worksheets, screened against rules kept as data
(rules.py): each "yes" raises its flag, with a next step, a date and a source."""

from __future__ import annotations

import hashlib
import json
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop

NAME_MAX_LENGTH = 200


def normalise(name: str) -> str:
    """The form two spellings of one use case share: "  Microsoft  Copilot" and
    "microsoft copilot" are one name."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _in_language(obj, field: str) -> str:
    danish = (get_language() or "da").startswith("da")
    return getattr(obj, f"{field}_da" if danish else f"{field}_en")


class ScreeningQuestion(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    text_da = models.TextField()
    text_en = models.TextField()
    examples_da = models.TextField(blank=True)
    examples_en = models.TextField(blank=True)
    # The flag is raised only if one of these questions is also a "yes".
    requires_any = models.JSONField(default=list, blank=True)
    # Out of the data: kept for the answers given, no longer asked.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.key

    @property
    def text(self) -> str:
        return _in_language(self, "text")

    @property
    def examples(self) -> str:
        return _in_language(self, "examples")


class Severity(models.TextChoices):
    PROHIBITED = "prohibited", _("Prohibited")
    HIGH_RISK = "high_risk", _("High-risk")
    DUTY = "duty", _("Step to take")


class FlagRule(models.Model):
    """The flag a "yes" to its question raises."""

    key = models.SlugField(max_length=60, unique=True)
    question = models.OneToOneField(
        ScreeningQuestion, on_delete=models.CASCADE, related_name="flag"
    )
    severity = models.CharField(max_length=20, choices=Severity.choices)
    title_da = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    step_da = models.TextField()
    step_en = models.TextField()
    # None: applies now (a Danish rule in force); else since or from this date.
    date = models.DateField(null=True, blank=True)
    date_kind = models.CharField(max_length=10, default="now")
    source_da = models.CharField(max_length=200)
    source_en = models.CharField(max_length=200)
    url_da = models.URLField()
    url_en = models.URLField()
    # Further sources, each {"source_da", "source_en", "url_da", "url_en"}:
    # a rule that differs between the private and the public sector names both.
    more_sources = models.JSONField(default=list, blank=True)
    reviewed_on = models.DateField()

    class Meta:
        ordering = ["question__position"]

    def __str__(self) -> str:
        return self.key

    @property
    def title(self) -> str:
        return _in_language(self, "title")

    @property
    def step(self) -> str:
        return _in_language(self, "step")

    @property
    def source(self) -> str:
        return _in_language(self, "source")

    @property
    def url(self) -> str:
        return _in_language(self, "url")

    @property
    def sources(self) -> list[dict]:
        """Every source in the reader's language: [{"text", "url"}], the main one first."""
        danish = (get_language() or "da").startswith("da")
        suffix = "da" if danish else "en"
        return [{"text": self.source, "url": self.url}] + [
            {"text": extra[f"source_{suffix}"], "url": extra[f"url_{suffix}"]}
            for extra in self.more_sources
        ]

    def fingerprint(self) -> str:
        """A hash of everything the flag shows, in every language: it changes
        when the data does, never with the reader's language."""
        shown = [
            self.key,
            self.severity,
            self.title_da,
            self.title_en,
            self.step_da,
            self.step_en,
            str(self.date),
            self.date_kind,
            self.source_da,
            self.source_en,
            self.url_da,
            self.url_en,
            json.dumps(self.more_sources, sort_keys=True),
            str(self.reviewed_on),
        ]
        return hashlib.sha256("\x1f".join(shown).encode("utf-8")).hexdigest()[:16]


class UseCase(models.Model):
    """One AI use case of a workshop: the spellings (aliases) the worksheets
    used for it, or a name the facilitator added by hand."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="use_cases")
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # Normalised names that belong to this use case; worksheets naming any of
    # them are its sources.
    aliases = models.JSONField(default=list)
    added_by_hand = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "name", "pk"]
        verbose_name = _("AI use case")
        verbose_name_plural = _("AI use cases")

    def __str__(self) -> str:
        return self.name


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")


class Screening(models.Model):
    """The answers given for one use case: {question key: Answer}."""

    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="screening")
    answers = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)


class FlagHandling(models.Model):
    """A flag marked as handled, with a date and a note; kept as history."""

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="handlings")
    rule = models.ForeignKey(FlagRule, on_delete=models.CASCADE, related_name="+")
    handled_on = models.DateField(_("handled on"))
    note = models.TextField(_("note"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["use_case", "created_at", "pk"]
