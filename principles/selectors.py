"""Reads of principles, dots and charters that pages share."""

from __future__ import annotations

from django.db.models import Count

from workshops.models import Participant, Workshop

from .models import CharterVersion, Principle


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
    version = CharterVersion.objects.filter(workshop=workshop).order_by("-number").first()
    if version is not None:
        rows = version.content.get("principles", [])
        return version, [{"title": p["title"], "statement": p["statement"]} for p in rows]
    rows = Principle.objects.filter(workshop=workshop).order_by("position", "pk")
    return None, [{"title": p.title, "statement": p.statement} for p in rows]
