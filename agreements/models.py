"""What happens to a published charter after the workshop: it is consulted in
the workplace's cooperation bodies, acted on and reviewed, and a follow-up
workshop asks the room whether the workplace lives by it.

A charter's "home" is the workshop whose published versions it holds; a
follow-up workshop publishes its next version there
(principles.services.charter_home)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from principles.models import CharterVersion, Principle
from workshops.models import Participant, Role, Workshop

TEXT_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 120


def content_hash(content: dict) -> str:
    """A stable digest of a version's frozen content, so that a record says
    which exact text it was about."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Forum(models.TextChoices):
    SU = "su", _("Cooperation committee (SU)")
    MED = "med", _("MED committee")
    AMO = "amo", _("Work-environment organisation (AMO)")
    TR = "tr", _("Union representative (TR) only")
    DIRECT = "direct", _("Direct dialogue (small workplace)")


class Outcome(models.TextChoices):
    NOTED = "noted", _("Noted")
    DISCUSSED = "discussed", _("Discussed")
    AGREED = "agreed", _("Agreed as a guideline")
    AGREED_WITH_REMARKS = "agreed_remarks", _("Agreed with remarks")
    NOT_AGREED = "not_agreed", _("Not agreed")


class SeatRole(models.TextChoices):
    MANAGEMENT = "management", _("Management representative")
    EMPLOYEE = "employee", _("Employee representative")
    AMR = "amr", _("Work-environment representative (AMR)")
    TR = "tr", _("Union representative (TR)")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses to change or delete rows in bulk. (Deleting the version or the
    organisation still removes its records: Django's cascade does not go
    through this queryset.)"""

    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} is append-only: it can't be updated")

    def delete(self):
        raise TypeError(f"{self.model.__name__} is append-only: it can't be deleted")


class AppendOnly(models.Model):
    """A row that is written once. Corrections are new rows."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} is append-only: it can't be deleted")


class ConsultationRecord(AppendOnly):
    """How one forum treated one published version."""

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="consultations"
    )
    # The digest of version.content when the record was made.
    content_hash = models.CharField(max_length=64, editable=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    forum = models.CharField(_("forum"), max_length=10, choices=Forum.choices)
    forum_name = models.CharField(
        _("name of the committee"), max_length=NAME_MAX_LENGTH, blank=True
    )
    forum_level = models.CharField(_("level"), max_length=NAME_MAX_LENGTH, blank=True)
    informed_on = models.DateField(_("informed on"), null=True, blank=True)
    discussed_on = models.DateField(_("discussed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # [{"name": str, "role": SeatRole, "present": bool}]
    members = models.JSONField(_("participants"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    disagreement = models.TextField(_("disagreement"), max_length=TEXT_MAX_LENGTH, blank=True)
    # [{"id": content principle id, "title": str, "outcome": Outcome, "disagreement": str}]
    principle_outcomes = models.JSONField(default=list, blank=True)
    management_remarks = models.TextField(
        _("remarks of the management side"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    employee_remarks = models.TextField(
        _("remarks of the employee side"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    apv_update = models.BooleanField(_("the APV must be updated"), default=False)
    apv_responsible = models.CharField(
        _("who updates the APV"), max_length=NAME_MAX_LENGTH, blank=True
    )
    apv_due = models.DateField(_("APV updated by"), null=True, blank=True)
    training = models.TextField(_("training"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("consultation record")
        verbose_name_plural = _("consultation records")

    def __str__(self) -> str:
        return f"{self.get_forum_display()} v{self.version.number}"

    @property
    def matches_version(self) -> bool:
        return self.content_hash == content_hash(self.version.content)

    @property
    def label(self) -> str:
        """The record in a list of choices: forum, date, version."""
        date = self.decided_on or self.discussed_on or self.informed_on
        forum = self.get_forum_display()
        if self.forum_name:
            forum = f"{forum}: {self.forum_name}"
        return _("%(forum)s, %(date)s (version %(number)s)") % {
            "forum": forum,
            "date": formats.date_format(date, "SHORT_DATE_FORMAT") if date else _("no date"),
            "number": self.version.number,
        }

    @property
    def member_rows(self) -> list[dict]:
        labels = dict(SeatRole.choices)
        return [
            {**member, "role_label": labels.get(member.get("role"), member.get("role", ""))}
            for member in self.members
        ]

    @property
    def outcome_rows(self) -> list[dict]:
        labels = dict(Outcome.choices)
        return [
            {**row, "label": labels.get(row.get("outcome"), row.get("outcome", ""))}
            for row in self.principle_outcomes
        ]


class RecordRemark(AppendOnly):
    """A remark an employee representative (or a facilitator) adds to a record."""

    record = models.ForeignKey(ConsultationRecord, on_delete=models.CASCADE, related_name="remarks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    author_role = models.CharField(max_length=20, blank=True)
    text = models.TextField(_("remark"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "created_at", "pk"]

    @property
    def signature(self) -> str:
        """Who remarked, as printed in the PDF and on share links: their name,
        else their role in the reader's language, never an e-mail address."""
        return self.author_name or str(dict(Role.choices).get(self.author_role, ""))


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    """One step in the charter's action plan (the APV action plan), answering
    one principle. Kept on the charter's home workshop, so that it outlives
    versions; `principle_key` is the principle's id in the published content."""

    charter = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="actions")
    principle_key = models.PositiveIntegerField()
    principle_title = models.CharField(max_length=200)
    text = models.TextField(_("action"), max_length=600)
    owner_role = models.CharField(_("owner (role)"), max_length=NAME_MAX_LENGTH)
    owner_name = models.CharField(_("owner (name)"), max_length=NAME_MAX_LENGTH, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_note = models.TextField(_("note on the status"), max_length=600, blank=True)
    answers = models.CharField(_("answers (decision or APV item)"), max_length=200, blank=True)
    # The consultation record the action answers, if any (the free text above
    # names an APV item or another decision).
    record = models.ForeignKey(
        ConsultationRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("answers a consultation record"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["charter", "principle_key", "due", "pk"]
        indexes = [models.Index(fields=["charter", "status"], name="action_charter_status")]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_closed(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.DROPPED)


class ReviewPlan(models.Model):
    """Who owns a charter, and when it is next reviewed."""

    charter = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="review_plan")
    owner_role = models.CharField(_("owner (role)"), max_length=NAME_MAX_LENGTH, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (person)"),
    )
    next_review = models.DateField(_("next review"))
    at_annual_discussion = models.BooleanField(
        _("at the annual work-environment discussion"), default=False
    )
    triggers = models.TextField(
        _("triggers for an early review"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    # The review date each reminder was sent for, so a cron run twice a day
    # sends each once, and a moved date gets its own reminders.
    reminded_before_for = models.DateField(null=True, blank=True, editable=False)
    reminded_due_for = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["next_review"], name="review_next")]


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Rating(models.Model):
    """A phone's answer in a follow-up workshop: are we living this principle?"""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="ratings")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = models.TextField(_("comment"), max_length=600, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "principle"], name="rating_unique")
        ]


class ActionCheck(models.Model):
    """A phone's view, in a follow-up workshop, of where an action stands."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="action_checks"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="checks")
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "action"], name="action_check_unique")
        ]
