"""Principles merged from the room's entries, the dots the room votes with,
and the charter with its published, frozen versions."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import Entry, Participant, Workshop

TITLE_MAX_LENGTH = 120
STATEMENT_MAX_LENGTH = 600
CELL_MAX_LENGTH = 600
PREAMBLE_MAX_LENGTH = 3000


class Decision(models.TextChoices):
    KEEP = "keep", _("Keep")
    REWORD = "reword", _("Reword")
    RETIRE = "retire", _("Retire")


class Principle(models.Model):
    """One row of the charter: a statement, and what it means at each level."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="principles")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    statement = models.TextField(_("statement"), max_length=STATEMENT_MAX_LENGTH, blank=True)
    # Level code -> what the principle means at that level (may be empty).
    cells = models.JSONField(_("cells"), default=dict, blank=True)
    # The entries it was merged from; a card may feed several principles, and
    # nothing done to a principle deletes an entry.
    sources = models.ManyToManyField(
        Entry, through="PrincipleSource", related_name="principles", blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # In a follow-up workshop: the id this principle had in the version it
    # was copied from, so that versions compare principle by principle; and
    # what the room decided about it, and why.
    origin_key = models.PositiveIntegerField(null=True, blank=True, editable=False)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason"), max_length=STATEMENT_MAX_LENGTH, blank=True)
    # Raised by every edit, so that two facilitators editing at once find out
    # instead of overwriting each other.
    edit_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "position", "pk"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self) -> str:
        return self.title


class PrincipleSource(models.Model):
    # One pair of names for the relation: principle.sources / entry.principles
    # (the M2M on Principle); the link rows themselves need no other names.
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principle", "entry"], name="principle_source_unique")
        ]


class Vote(models.Model):
    """One dot a phone put on a principle; a phone may put several on one."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["participant"], name="vote_participant")]


class Charter(models.Model):
    """The charter being prepared: what the next published version will say."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="charter")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    preamble = models.TextField(_("preamble"), max_length=PREAMBLE_MAX_LENGTH)
    include_appendix = models.BooleanField(
        _("include the appendix"),
        default=True,
        help_text=_("Counts of points per question and level, and each principle's sources."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def __str__(self) -> str:
        return self.title


class CharterVersion(models.Model):
    """A published charter. Its content is frozen when it is published and
    never changes; the next publish makes the next number."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(editable=False)
    language = models.CharField(max_length=2, editable=False)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The workshop it was published from: the charter's own workshop, or a
    # follow-up workshop of it.
    made_in = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["workshop", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="charter_version_unique")
        ]
        verbose_name = _("published charter")
        verbose_name_plural = _("published charters")

    def __str__(self) -> str:
        return f"{self.content.get('title', '')} v{self.number}"


class CharterPDF(models.Model):
    """A published version's PDF, rendered once: the content never changes,
    rendering takes seconds, and managers download the same version again and
    again. Kept beside the version (not on it) so that lists of versions never
    load the bytes. `renderer` is render.PDF_RENDERER when it was made; a new
    template or stylesheet raises that, and the PDF is made again."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="pdfs")
    renderer = models.CharField(max_length=40)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "renderer"], name="charter_pdf_unique")
        ]


def new_share_token() -> str:
    return secrets.token_urlsafe(32)


class ShareLink(models.Model):
    """Opens a workshop's published charter without an account, until revoked."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class EntryVector(models.Model):
    """A card's vector from the embedding model (principles/embeddings.py),
    keyed by a hash of the text it was computed from: a reworded card gets a
    new one, an unchanged card is never computed twice. Deleted with its card."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=40)
    text_hash = models.CharField(max_length=64)
    # float32, little-endian, L2-normalised.
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "model", "text_hash"], name="entry_vector_unique"
            )
        ]


class InspirationVector(models.Model):
    """An inspiration card's vector in one language: the level suggestions let
    the report's cards of each IGLOO level vote too."""

    card = models.ForeignKey("igloo.InspirationCard", on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=40)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["card", "model", "text_hash"], name="inspiration_vector_unique"
            )
        ]
