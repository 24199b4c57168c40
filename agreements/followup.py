"""The follow-up workshop: a new workshop that reviews a published charter.

It starts with copies of the latest version's principles (never the old
entries); its phones first say whether the workplace lives by each principle
and where each open action stands; the facilitator sees the answers as counts,
never for fewer than SMALL_GROUP phones, decides per principle to keep, reword
or retire it, and publishes the charter's next version (charter_publish
publishes into the charter's home workshop)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from principles.models import TITLE_MAX_LENGTH, Charter, Decision, Principle
from principles.services import PRINCIPLES_MAX
from workshops.models import Participant, Workshop
from workshops.services import workshop_create, workshop_touch

from .models import Action, ActionCheck, ActionStatus, Answer, Rating

# Fewer answers than this are shown as "<5", never as counts: in a small
# group a count can tell who answered what.
SMALL_GROUP = 5
# A second "Start" within this time is the same click twice.
DOUBLE_CLICK = datetime.timedelta(minutes=1)
WORKSHOP_TITLE_MAX_LENGTH = Workshop._meta.get_field("title").max_length


class FollowUpExists(DomainError):
    """A follow-up was started a moment ago; `workshop` is that one."""

    def __init__(self, message: str, workshop: Workshop):
        super().__init__(message)
        self.workshop = workshop


def open_actions(workshop: Workshop):
    """The actions of the workshop's charter that are neither done nor dropped."""
    return Action.objects.filter(charter=workshop.charter_home).exclude(
        status__in=[ActionStatus.DONE, ActionStatus.DROPPED]
    )


def reviewed_principles(workshop: Workshop):
    """The principles a follow-up workshop copied from the charter, in order."""
    return Principle.objects.filter(workshop=workshop, origin_key__isnull=False).order_by(
        "position", "pk"
    )


# Starting ---------------------------------------------------------------------------


def followup_start(*, workshop: Workshop, user) -> Workshop:
    """A new workshop, in the same organisation with the same settings, that
    follows `workshop` and starts with copies of its charter's latest
    version's principles. Refuses a second start within a minute (a double
    click) with FollowUpExists naming the first."""
    if workshop.is_organisation_charter:
        raise DomainError(
            _(
                "An organisation charter is rolled up from the teams' charters: review it "
                "with follow-up workshops in the teams, then roll them up again."
            )
        )
    version = workshop.latest_version()
    if version is None:
        raise DomainError(_("Publish the charter before starting a follow-up workshop."))
    with transaction.atomic():
        # Two clicks wait for each other here, so the second sees the first.
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        recent = (
            Workshop.objects.filter(follows=workshop, created_at__gte=timezone.now() - DOUBLE_CLICK)
            .order_by("-created_at")
            .first()
        )
        if recent is not None:
            raise FollowUpExists(_("A follow-up workshop was just started."), recent)
        with translation.override(workshop.language):
            title = _("%(title)s – follow-up") % {"title": workshop.title}
        new = workshop_create(
            organisation=workshop.organisation,
            created_by=user,
            title=_shorten(title, WORKSHOP_TITLE_MAX_LENGTH),
            date=timezone.localdate(),
            language=workshop.language,
            scheme=workshop.scheme,
            ai_focus=workshop.ai_focus,
            teams=list(workshop.teams.order_by("position").values_list("name", flat=True)),
            show_names=workshop.show_names,
            approve_first=workshop.approve_first,
            participant_cap=workshop.participant_cap,
            late_joiners_vote=workshop.late_joiners_vote,
        )
        new.follows = workshop
        new.dots_per_participant = workshop.dots_per_participant
        Workshop.objects.filter(pk=new.pk).update(
            follows=workshop, dots_per_participant=workshop.dots_per_participant
        )
        content = version.content
        codes = set(new.scheme.levels.values_list("code", flat=True))
        # Copies of the published text: no sources, no votes, and the id
        # each had in the version, so the next version compares with it.
        Principle.objects.bulk_create(
            Principle(
                workshop=new,
                title=row["title"][:TITLE_MAX_LENGTH],
                statement=row.get("statement", ""),
                cells={code: text for code, text in row.get("cells", {}).items() if code in codes},
                position=position,
                origin_key=row["id"],
            )
            for position, row in enumerate(content.get("principles", [])[:PRINCIPLES_MAX])
        )
        Charter.objects.create(
            workshop=new,
            title=content["title"],
            date=timezone.localdate(),
            preamble=content["preamble"],
            include_appendix=content.get("include_appendix", True),
        )
    return new


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# The phone's review -------------------------------------------------------------------


@dataclass
class ReviewAnswers:
    """What a phone sent: principle pk -> (answer, comment), action pk -> status."""

    ratings: dict[int, tuple[str, str]] = field(default_factory=dict)
    checks: dict[int, str] = field(default_factory=dict)


def review_save(*, participant: Participant, answers: ReviewAnswers) -> int:
    """Store a phone's ratings and action checks (a new answer replaces the
    phone's earlier one). Returns how many answers were stored."""
    workshop = participant.workshop
    if not workshop.follows_id:
        raise DomainError(_("This workshop does not review a charter."))
    if not workshop.accepts_entries:
        raise DomainError(
            _("The workshop is not open for answers now, so your answers can't be saved.")
        )
    principles = set(
        reviewed_principles(workshop)
        .filter(pk__in=list(answers.ratings))
        .values_list("pk", flat=True)
    )
    actions = set(
        open_actions(workshop).filter(pk__in=list(answers.checks)).values_list("pk", flat=True)
    )
    if set(answers.ratings) - principles or set(answers.checks) - actions:
        raise DomainError(
            _("Some of the principles or actions are no longer part of the workshop.")
        )
    stored = 0
    with transaction.atomic():
        for principle_pk, (answer, comment) in answers.ratings.items():
            if answer not in Answer.values:
                raise DomainError(_("Choose yes, partly or no."))
            Rating.objects.update_or_create(
                participant=participant,
                principle_id=principle_pk,
                defaults={"answer": answer, "comment": comment},
            )
            stored += 1
        for action_pk, status in answers.checks.items():
            if status not in ActionStatus.values:
                raise DomainError(_("Choose where the action stands."))
            ActionCheck.objects.update_or_create(
                participant=participant, action_id=action_pk, defaults={"status": status}
            )
            stored += 1
    return stored


def review_of(participant: Participant) -> ReviewAnswers:
    """The phone's earlier answers, to show on its page."""
    return ReviewAnswers(
        ratings={
            r.principle_id: (r.answer, r.comment)
            for r in Rating.objects.filter(participant=participant)
        },
        checks=dict(
            ActionCheck.objects.filter(participant=participant).values_list("action_id", "status")
        ),
    )


# The facilitator's summary ---------------------------------------------------------------


def _counts(rows, choices, *, comments: list[str] | None = None) -> dict | None:
    """Counts per choice, or None when fewer than SMALL_GROUP answered: the
    page then shows "<5" and no number at all, and no comment."""
    total = sum(rows.values())
    if total < SMALL_GROUP:
        return None
    counts = {
        "total": total,
        "choices": [(value, label, rows.get(value, 0)) for value, label in choices],
    }
    if comments is not None:
        counts["comments"] = comments
    return counts


def followup_summary(workshop: Workshop) -> dict:
    """Per reviewed principle the ratings, per open action the checks, as
    counts that are None below SMALL_GROUP."""
    ratings: dict[int, dict[str, int]] = {}
    for row in (
        Rating.objects.filter(principle__workshop=workshop)
        .values("principle_id", "answer")
        .annotate(n=Count("pk"))
    ):
        ratings.setdefault(row["principle_id"], {})[row["answer"]] = row["n"]
    # The comments' texts alone, in the order of their text: neither who
    # wrote one nor what they answered, nor when they joined, can be read off.
    comments: dict[int, list[str]] = {}
    for principle_id, comment in (
        Rating.objects.filter(principle__workshop=workshop)
        .exclude(comment="")
        .order_by("comment")
        .values_list("principle_id", "comment")
    ):
        comments.setdefault(principle_id, []).append(comment)
    checks: dict[int, dict[str, int]] = {}
    for row in (
        ActionCheck.objects.filter(participant__workshop=workshop)
        .values("action_id", "status")
        .annotate(n=Count("pk"))
    ):
        checks.setdefault(row["action_id"], {})[row["status"]] = row["n"]
    principles = [
        {
            "principle": principle,
            "counts": _counts(
                ratings.get(principle.pk, {}),
                Answer.choices,
                comments=comments.get(principle.pk, []),
            ),
        }
        for principle in reviewed_principles(workshop)
    ]
    actions = [
        {"action": action, "counts": _counts(checks.get(action.pk, {}), ActionStatus.choices)}
        for action in open_actions(workshop)
    ]
    return {
        "principles": principles,
        "actions": actions,
        "small_group": SMALL_GROUP,
        "decided": sum(1 for row in principles if row["principle"].decision),
    }


# Decisions ----------------------------------------------------------------------------


def principle_decide(*, principle: Principle, decision: str, reason: str) -> Principle:
    """Keep, reword or retire a principle the follow-up workshop reviews,
    with a reason (required to reword or retire). A retired principle is left
    out of the next version; the version lists every decision."""
    reason = reason.strip()
    if principle.origin_key is None:
        raise DomainError(_("Only principles from the charter under review get a decision."))
    if decision not in Decision.values:
        raise DomainError(_("Choose keep, reword or retire."))
    if decision in (Decision.REWORD, Decision.RETIRE) and not reason:
        raise DomainError(_("Give a reason for rewording or retiring the principle."))
    with transaction.atomic():
        # Only these two fields: a colleague may be editing the text meanwhile.
        Principle.objects.filter(pk=principle.pk).update(decision=decision, decision_reason=reason)
        workshop_touch(principle.workshop_id)
    principle.decision, principle.decision_reason = decision, reason
    return principle
