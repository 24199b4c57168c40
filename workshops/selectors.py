"""Reads that the board and the projector share: cards by column, the heat
map, counts. Each runs a number of queries that does not grow with the number
of cards."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from igloo.models import Level

from .forms import BoardFilterForm
from .models import Entry, Participant, Question, Workshop

NOT_PLACED = BoardFilterForm.NOT_PLACED


@dataclass
class Column:
    level: Level | None
    cards: list = field(default_factory=list)
    total: int = 0
    more: int = 0
    # The ids of the cards a full render shows, in order; a delta sends
    # them so the board can put its cards in order and drop the gone ones.
    ids: list = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.level.code if self.level else NOT_PLACED


def _entries(workshop: Workshop):
    return (
        Entry.objects.live()
        .filter(workshop=workshop)
        .for_cards()
        .order_by("question", "created_at", "pk")
    )


# A facilitator reads a few dozen cards at a time; the rest of a column is a
# count and a hint to filter. This keeps a board of 15,000 cards as cheap to
# render as one of 500.
CARDS_PER_COLUMN = 60
CARDS_PER_COLUMN_ON_PROJECTOR = 24


def _counts(entries, levels: list[Level]) -> Counter:
    """Points per (question, level code, hidden), counted by the database in
    three grouped queries: the heat map and the columns' totals both read it."""
    codes = {level.pk: level.code for level in levels}
    counts = Counter()
    for through, placed in (
        (Entry.placed_levels.through, True),
        (Entry.suggested_levels.through, False),
    ):
        rows = (
            through.objects.filter(entry__in=entries.filter(placed=placed))
            .values_list("entry__question", "entry__hidden", "level_id")
            .annotate(n=Count("entry_id"))
            .order_by()
        )
        for question, hidden, level_id, n in rows:
            counts[(question, codes.get(level_id), hidden)] += n
    unplaced = (
        entries.on_level(None).values_list("question", "hidden").annotate(n=Count("pk")).order_by()
    )
    for question, hidden, n in unplaced:
        counts[(question, NOT_PLACED, hidden)] += n
    return counts


def board_data(
    workshop: Workshop,
    filters: dict,
    *,
    projector: bool = False,
    changed_since: datetime.datetime | None = None,
) -> dict:
    """Cards by level for the board or the projector, and the heat map of
    counts per question × level, in a number of queries that does not grow
    with the number of cards.

    With `changed_since`, the columns still list every card's id in order,
    but only the cards changed since then are loaded to be drawn (a change of
    the profession every card shows stamps the participant's cards too)."""
    levels = list(workshop.scheme.levels.all())
    entries = Entry.objects.live().filter(workshop=workshop)
    if projector:
        entries = entries.filter(hidden=False)
        if workshop.approve_first:
            entries = entries.filter(approved=True)
    if filters.get("team"):
        entries = entries.filter(participant__team_id=filters["team"])
    if filters.get("profession"):
        entries = entries.filter(participant__profession=filters["profession"])
    if filters.get("ai_kind"):
        entries = entries.filter(participant__ai_kind=filters["ai_kind"])
    if filters.get("q"):
        entries = entries.matching(filters["q"])
    counts = _counts(entries, levels)
    heat = Counter()
    for (question, code, hidden), n in counts.items():
        if not hidden:
            heat[(question, code)] += n

    shown = entries
    if filters.get("question"):
        shown = shown.filter(question=filters["question"])
    if filters.get("unused"):
        shown = shown.unused()
    level_filter = filters.get("level") or ""
    by_code = {level.code: level for level in levels}
    if level_filter:
        shown = shown.on_level(by_code.get(level_filter))

    limit = CARDS_PER_COLUMN_ON_PROJECTOR if projector else CARDS_PER_COLUMN
    # The column a facilitator works through comes first, on the wall too.
    columns = [Column(None)] + [Column(level) for level in levels]
    ids_by_column = {}
    for column in columns:
        if level_filter and column.code != level_filter:
            continue
        in_column = shown.on_level(column.level)
        if filters.get("unused") or level_filter:
            column.total = in_column.count()
        else:
            # Shown is the counted cards, or one question of them.
            column.total = sum(
                n
                for (question, code, _hidden), n in counts.items()
                if code == column.code and filters.get("question") in (None, question)
            )
        ids_by_column[column.code] = list(
            in_column.order_by("question", "created_at", "pk").values_list("pk", flat=True)[:limit]
        )
    # The cards of all columns in one query (and one for each kind of level).
    wanted = {pk for ids in ids_by_column.values() for pk in ids}
    to_draw = _entries(workshop).filter(pk__in=wanted)
    if changed_since is not None:
        to_draw = to_draw.filter(updated_at__gte=changed_since)
    loaded = {card.pk: card for card in to_draw}
    for column in columns:
        column.ids = ids_by_column.get(column.code, [])
        column.cards = [loaded[pk] for pk in column.ids if pk in loaded]
        column.more = column.total - len(column.ids)
    cards = list(loaded.values())
    for card in cards:
        card.suggested = list(card.suggested_levels.all())
        card.effective = card.effective_levels
    peak = max(heat.values(), default=0)
    heat_rows = [
        {
            "question": q,
            "label": Question(q).label,
            "short_label": Question(q).short_label,
            "cells": [
                {
                    "column": column,
                    "count": heat[(q, column.code)],
                    "strength": round(4 * heat[(q, column.code)] / peak) if peak else 0,
                }
                for column in columns
            ],
        }
        for q in Question.values
    ]
    return {
        "levels": levels,
        "columns": columns,
        "heat_rows": heat_rows,
        "shown_count": shown.count(),
    }


def unused_count(workshop: Workshop) -> int:
    """Visible cards of the workshop that feed no principle yet, whatever the
    board's filters show."""
    return Entry.objects.visible().filter(workshop=workshop).unused().count()


def professions(workshop: Workshop) -> list[str]:
    return sorted(
        set(
            Participant.objects.filter(workshop=workshop)
            .exclude(profession="")
            .values_list("profession", flat=True)
        ),
        key=str.casefold,
    )


def inspiration_by_level(workshop: Workshop) -> dict[str, list]:
    cards = workshop.inspiration_cards(future_formats=True)
    by_igloo: dict[str, list] = {}
    for card in cards:
        by_igloo.setdefault(card.igloo, []).append(card)
    return by_igloo


def joins_last_minute(workshop: Workshop, *, seconds: int = 60) -> int:
    """Phones that joined in the last minute (or `seconds`): a flood shows on the board."""
    since = timezone.now() - datetime.timedelta(seconds=seconds)
    return Participant.objects.filter(
        workshop=workshop, from_paper=False, created_at__gte=since
    ).count()
