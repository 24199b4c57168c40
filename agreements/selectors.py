"""Reads of the agreements app, for its pages and the charter's sections."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone

from principles.models import CharterVersion
from workshops.access import organisations_of
from workshops.models import Membership, Workshop

from .models import Action, ActionStatus, ConsultationRecord, Outcome, ReviewPlan

# Reviews due within this many days show on the overview.
DUE_SOON_DAYS = 30
ADOPTING = {Outcome.AGREED, Outcome.AGREED_WITH_REMARKS}


def records_of(version: CharterVersion) -> list[ConsultationRecord]:
    """A version's records, oldest first, each with its remarks and the
    records that correct it."""
    records = list(
        ConsultationRecord.objects.filter(version=version)
        .select_related("corrects", "version")
        .prefetch_related("remarks")
        .order_by("created_at", "pk")
    )
    corrected = {r.corrects_id for r in records if r.corrects_id}
    for record in records:
        record.is_current = record.pk not in corrected
    return records


def current_records(records: list[ConsultationRecord]) -> list[ConsultationRecord]:
    """The records no later record corrects."""
    return [r for r in records if r.is_current]


def record_date(record: ConsultationRecord) -> datetime.date | None:
    """The date a record speaks for: the decision, else the meeting, else
    when the forum was informed."""
    return record.decided_on or record.discussed_on or record.informed_on


def latest_record(records: list[ConsultationRecord]) -> ConsultationRecord | None:
    """The latest current record (by its date, then by when it was made):
    what the version's first page says of its consultation."""
    return max(
        current_records(records),
        key=lambda r: (record_date(r) or datetime.date.min, r.created_at, r.pk),
        default=None,
    )


def adoption(records: list[ConsultationRecord]) -> ConsultationRecord | None:
    """The latest current record that agreed to the version, if any: a
    forum that later only noted or discussed it does not undo that."""
    return latest_record([r for r in records if r.outcome in ADOPTING])


def actions_of(home: Workshop):
    return (
        Action.objects.filter(charter=home)
        .select_related("record__version")
        .order_by("principle_key", "due", "pk")
    )


def open_actions():
    return Action.objects.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])


def is_overdue(action: Action, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return not action.is_closed and action.due is not None and action.due < today


def has_owner(plan: ReviewPlan) -> bool:
    """Whether the plan names a person who can be reminded: with an e-mail
    address, and still a member of the charter's organisation (read from
    `owner_is_member` when the query annotated it, as `overview` does)."""
    if not (plan.owner_id and plan.owner.email):
        return False
    member = getattr(plan, "owner_is_member", None)
    if member is None:
        member = Membership.objects.filter(
            organisation_id=plan.charter.organisation_id, user_id=plan.owner_id
        ).exists()
    return bool(member)


def charter_titles(home_ids) -> dict[int, str]:
    """The title of each charter (its latest version's), by home workshop."""
    newest = (
        CharterVersion.objects.filter(workshop_id=OuterRef("workshop_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    return {
        home_id: title
        for home_id, title in CharterVersion.objects.filter(
            workshop_id__in=home_ids, number=Subquery(newest)
        ).values_list("workshop_id", "content__title")
        if title
    }


def overview(user, today: datetime.date | None = None) -> dict:
    """What needs attention across the user's organisations: reviews due in
    30 days or overdue, and open or overdue actions."""
    today = today or timezone.localdate()
    organisations = organisations_of(user)
    plans = list(
        ReviewPlan.objects.filter(
            charter__organisation__in=organisations,
            next_review__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("charter__organisation", "owner")
        .annotate(
            owner_is_member=Exists(
                Membership.objects.filter(
                    organisation_id=OuterRef("charter__organisation_id"),
                    user_id=OuterRef("owner_id"),
                )
            )
        )
        .order_by("next_review")
    )
    actions = list(
        open_actions()
        .filter(charter__organisation__in=organisations)
        .select_related("charter__organisation")
        .order_by(F("due").asc(nulls_last=True), "pk")
    )
    titles = charter_titles({plan.charter_id for plan in plans} | {a.charter_id for a in actions})
    for plan in plans:
        plan.overdue = plan.next_review < today
        plan.charter_title = titles.get(plan.charter_id, plan.charter.title)
        plan.no_one_to_remind = not has_owner(plan)
    for action in actions:
        action.overdue = is_overdue(action, today)
        action.charter_title = titles.get(action.charter_id, action.charter.title)
    return {
        "reviews": plans,
        "actions": actions,
        "overdue_actions": sum(1 for a in actions if a.overdue),
        "today": today,
    }
