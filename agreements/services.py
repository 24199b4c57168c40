"""Every write of the agreements app: consultation records and remarks
(append-only), the action plan, the review plan and its reminders."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from principles.models import CharterVersion
from workshops.models import Membership, Workshop

from .models import (
    Action,
    ConsultationRecord,
    Outcome,
    RecordRemark,
    ReviewPlan,
    content_hash,
)
from .selectors import has_owner

logger = logging.getLogger(__name__)

# A charter is reviewed a year after it is published, unless its owner says otherwise.
DEFAULT_REVIEW_DAYS = 365
# The owner is reminded this many days before the review, and on the day.
REMIND_DAYS_BEFORE = 30


def record_create(
    *, version: CharterVersion, user, corrects: ConsultationRecord | None = None, **fields
) -> ConsultationRecord:
    """A new record of how a forum treated `version`, bound to its exact text."""
    if corrects is not None and corrects.version_id != version.pk:
        raise DomainError(_("A record can only correct a record of the same version."))
    dates = [fields.get(name) for name in ("informed_on", "discussed_on", "decided_on")]
    given = [d for d in dates if d]
    if given != sorted(given):
        raise DomainError(_("The dates must run in order: informed, then discussed, then decided."))
    not_agreed = fields.get("outcome") == Outcome.NOT_AGREED
    if not_agreed and not fields.get("disagreement"):
        raise DomainError(_("Record the disagreement when the outcome is “not agreed”."))
    for row in fields.get("principle_outcomes", []):
        if row["outcome"] == Outcome.NOT_AGREED and not row["disagreement"]:
            raise DomainError(
                _("Record the disagreement on “%(title)s”, which was not agreed.")
                % {"title": row["title"]}
            )
    return ConsultationRecord.objects.create(
        version=version,
        content_hash=content_hash(version.content),
        corrects=corrects,
        created_by=user,
        **fields,
    )


def remark_add(*, record: ConsultationRecord, user, role: str, text: str) -> RecordRemark:
    return RecordRemark.objects.create(
        record=record,
        author=user,
        # Never the e-mail address: the name is printed in the PDF and on
        # share links. Without a name, the role says who remarked (signature).
        author_name=user.get_full_name(),
        author_role=role,
        text=text,
    )


def action_save(*, action: Action, user, principle_titles: dict[int, str]) -> Action:
    """Create or update an action; the principle's title is kept with it, so
    the plan still reads when a later version retires the principle."""
    if action.principle_key in principle_titles:
        action.principle_title = principle_titles[action.principle_key][:200]
    if action.pk is None:
        action.created_by = user
    action.save()
    return action


def default_review_date(version: CharterVersion) -> datetime.date:
    published = timezone.localdate(version.published_at)
    return published + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)


def review_plan_for(home: Workshop) -> ReviewPlan | None:
    return ReviewPlan.objects.filter(charter=home).select_related("owner").first()


def review_plan_save(*, home: Workshop, **fields) -> ReviewPlan:
    owner_id = fields.pop("owner_id", None)
    if (
        owner_id is not None
        and not Membership.objects.filter(
            organisation_id=home.organisation_id, user_id=owner_id
        ).exists()
    ):
        raise DomainError(_("The owner must be a member of the organisation."))
    plan, _created = ReviewPlan.objects.update_or_create(
        charter=home, defaults={**fields, "owner_id": owner_id}
    )
    return plan


@dataclass
class Reminders:
    """What a run of the reminders did."""

    sent: int = 0
    # Reviews due within REMIND_DAYS_BEFORE whose plan names no person (or one
    # without an e-mail address, or no longer a member): no one to remind.
    unowned: list[ReviewPlan] = field(default_factory=list)
    # Reminders whose e-mail could not be sent; the next run tries again.
    failed: list[ReviewPlan] = field(default_factory=list)


def reminders_send(*, today: datetime.date | None = None, site_url: str = "") -> Reminders:
    """E-mail each charter's owner 30 days before its review and on the day
    (or the first run after either; a review already past is mailed as
    overdue). Each reminder goes once per review date, and is marked sent
    only when the mail went out. Meant for a daily cron:
    `manage.py send_review_reminders`."""
    today = today or timezone.localdate()
    result = Reminders()
    due_soon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    plans = (
        ReviewPlan.objects.filter(next_review__lte=due_soon)
        .select_related("charter__organisation", "owner")
        .order_by("next_review", "pk")
    )
    for plan in plans:
        kind = "due" if plan.next_review <= today else "before"
        if kind == "due" and plan.reminded_due_for == plan.next_review:
            continue
        if kind == "before" and plan.reminded_before_for == plan.next_review:
            continue
        if not has_owner(plan):
            result.unowned.append(plan)
            continue
        # The mail goes out before anything is written, outside any
        # transaction: a slow mail server must not hold the database's write
        # lock (SQLite's is the whole file) while phones save.
        try:
            _send_reminder(plan, kind=kind, today=today, site_url=site_url)
        except Exception:
            # Not marked: tomorrow's run tries again.
            logger.exception("The review reminder for charter %s was not sent", plan.charter_id)
            result.failed.append(plan)
            continue
        # The reminder 30 days before is moot once the day has come. Marked
        # only for the date it was sent for, should the plan have moved since.
        marks = {"reminded_before_for": plan.next_review}
        if kind == "due":
            marks["reminded_due_for"] = plan.next_review
        ReviewPlan.objects.filter(pk=plan.pk, next_review=plan.next_review).update(**marks)
        result.sent += 1
    return result


def _send_reminder(plan: ReviewPlan, *, kind: str, today, site_url: str) -> None:
    home = plan.charter
    version = home.versions.order_by("-number").first()
    base = (settings.PUBLIC_BASE_URL or site_url).rstrip("/")
    link = base + reverse("agreements:review", args=[home.pk])
    with translation.override(home.language):
        title = version.content.get("title", home.title) if version else home.title
        date = formats.date_format(plan.next_review, "DATE_FORMAT")
        if kind == "due" and plan.next_review < today:
            subject = _("The charter “%(title)s” is overdue for review: it was due on %(date)s") % {
                "title": title,
                "date": date,
            }
        elif kind == "due":
            subject = _("The charter “%(title)s” is due for review today") % {"title": title}
        else:
            subject = _("The charter “%(title)s” is due for review on %(date)s") % {
                "title": title,
                "date": date,
            }
        body = _(
            "%(subject)s.\n\n"
            "You are the charter's owner in %(organisation)s. Look at how the workplace "
            "lives by it, the open actions and what has changed, and start a follow-up "
            "workshop if it needs one:\n\n%(link)s\n"
        ) % {"subject": subject, "organisation": home.organisation.name, "link": link}
    send_mail(subject, body, None, [plan.owner.email], fail_silently=False)
