"""Reads of principles, dots and charters that pages share.

This module is the one interface of principles that the workshops app may use
(the board, the projector and the phone show principles): it only reads. The
lint enforces it (workshops/ruff.toml bans every other principles module
there)."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from workshops.models import Participant, Phase, Workshop

from .models import CharterVersion, Principle, PrincipleSource, Vote


def voters_count(workshop: Workshop) -> int:
    """How many of the workshop's participants have put at least one dot."""
    return Participant.objects.filter(workshop=workshop, votes__isnull=False).distinct().count()


def principles_in_order(workshop: Workshop) -> list[Principle]:
    """The principles in the charter's order, without their dots."""
    return list(Principle.objects.filter(workshop=workshop).order_by("position", "pk"))


def principles_by_dots(workshop: Workshop) -> list[Principle]:
    """The principles with their dots, most dots first (ties in the charter's
    order), each with `share`: its dots against the most any principle got."""
    principles = list(
        Principle.objects.filter(workshop=workshop)
        .annotate(dots=Count("votes"))
        .order_by("-dots", "position", "pk")
    )
    top = max((p.dots for p in principles), default=0)
    for principle in principles:
        principle.share = round(100 * principle.dots / top) if top else 0
    return principles


def projector_charter(workshop: Workshop) -> tuple[CharterVersion | None, list[dict]]:
    """The charter's principles (title, statement) as the room should see
    them: from the latest published version, else as they stand now."""
    version = workshop.latest_version()
    if version is not None:
        rows = version.content.get("principles", [])
        return version, [{"title": p["title"], "statement": p["statement"]} for p in rows]
    rows = Principle.objects.filter(workshop=workshop).order_by("position", "pk")
    return None, [{"title": p.title, "statement": p.statement} for p in rows]


def principles_with_tally(workshop: Workshop):
    """The principles in the charter's order, with their dots and sources counted."""
    return (
        Principle.objects.filter(workshop=workshop)
        .annotate(dots=Count("votes", distinct=True), n_sources=Count("sources", distinct=True))
        .order_by("position", "pk")
    )


def ballot(workshop: Workshop, participant: Participant) -> dict:
    """What a phone shows in voting and after it: the principles with this
    participant's dots and everyone's, and the dots left."""
    mine = dict(
        Vote.objects.filter(participant=participant)
        .values_list("principle")
        .annotate(n=Count("pk"))
    )
    principles = list(
        Principle.objects.filter(workshop=workshop)
        .prefetch_related(Prefetch("votes"))
        .order_by("position", "pk")
    )
    for principle in principles:
        principle.my_dots = mine.get(principle.pk, 0)
        principle.dot_marks = "●" * principle.my_dots
        principle.all_dots = len(principle.votes.all())
    return {
        "principles": principles,
        "dots_left": max(workshop.dots_per_participant - sum(mine.values()), 0),
        "dots_total": workshop.dots_per_participant,
        "voting_open": workshop.phase == Phase.VOTING,
    }


def card_feeds(entry_ids) -> dict[int, list[Principle]]:
    """For each card (by id), the principles it feeds, in the charter's order."""
    feeds: dict[int, list[Principle]] = {}
    sources = (
        PrincipleSource.objects.filter(entry_id__in=entry_ids)
        .select_related("principle")
        .order_by("principle__position", "principle__pk")
    )
    for source in sources:
        feeds.setdefault(source.entry_id, []).append(source.principle)
    return feeds


def latest_charter_content(workshop: Workshop) -> dict | None:
    """The frozen content of the workshop's latest published version, if any."""
    version = workshop.latest_version()
    return version.content if version else None
