"""The facilitator's live board and the projector view.

Both poll for changes. Every change a board shows bumps the workshop's
board_version, so a poll is answered with 304 Not Modified after one query
(the workshop, with the permission check) when nothing changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from igloo.models import InspirationCard, Level
from principles.models import PrincipleSource
from principles.services import principles_with_tally

from .access import get_workshop_for
from .forms import BoardFilterForm, PlaceForm, RewordForm, TimerForm
from .models import Entry, Participant, Question, Workshop
from .services import (
    WorkshopError,
    entry_place,
    entry_reword,
    entry_set_approved,
    entry_set_hidden,
    workshop_counts,
    workshop_reveal_cards,
    workshop_start_timer,
    workshop_stop_timer,
)
from .views import join_url, qr_svg

NOT_PLACED = BoardFilterForm.NOT_PLACED


def _etag(workshop: Workshop, *parts: str) -> str:
    return '"' + "-".join([str(workshop.board_version), get_language() or "", *parts]) + '"'


def _not_modified(request, etag: str) -> bool:
    return request.headers.get("If-None-Match") == etag


@dataclass
class Column:
    level: Level | None
    cards: list = field(default_factory=list)
    total: int = 0
    more: int = 0

    @property
    def code(self) -> str:
        return self.level.code if self.level else NOT_PLACED


def _entries(workshop: Workshop):
    return (
        Entry.objects.filter(workshop=workshop, removed=False)
        .select_related("participant__team")
        .prefetch_related(
            Prefetch("levels", to_attr="suggested"),
            Prefetch("placed_levels", to_attr="placed_list"),
        )
        .order_by("question", "created_at", "pk")
    )


# A facilitator reads a few dozen cards at a time; the rest of a column is a
# count and a hint to filter. This keeps a board of 15,000 cards as cheap to
# render as one of 500.
CARDS_PER_COLUMN = 60
CARDS_PER_COLUMN_ON_PROJECTOR = 24


def _on_level(level: Level | None) -> Q:
    """Cards whose effective levels (the facilitator's placement, else the
    participant's suggestion) include `level`; None: cards on no level."""
    if level is None:
        return Q(placed=True, placed_levels__isnull=True) | Q(placed=False, levels__isnull=True)
    return Q(placed=True, placed_levels=level) | Q(placed=False, levels=level)


def _heat(entries, levels: list[Level]) -> Counter:
    """Visible points per (question, level code), counted by the database."""
    visible = entries.filter(hidden=False)
    heat = Counter()
    for through, placed in ((Entry.placed_levels.through, True), (Entry.levels.through, False)):
        rows = (
            through.objects.filter(entry__in=visible.filter(placed=placed))
            .values_list("entry__question", "level__code")
            .annotate(n=Count("entry_id"))
        )
        for question, code, n in rows:
            heat[(question, code)] += n
    unplaced = visible.filter(_on_level(None)).values_list("question").annotate(n=Count("pk"))
    for question, n in unplaced:
        heat[(question, NOT_PLACED)] += n
    return heat


def board_data(workshop: Workshop, filters: dict, *, projector: bool = False) -> dict:
    """Cards by level for the board or the projector, and the heat map of
    counts per question × level, in a number of queries that does not grow
    with the number of cards."""
    levels = list(workshop.scheme.levels.all())
    entries = Entry.objects.filter(workshop=workshop, removed=False)
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
        entries = entries.filter(search_text__contains=filters["q"].casefold())
    heat = _heat(entries, levels)

    shown = entries
    if filters.get("question"):
        shown = shown.filter(question=filters["question"])
    if filters.get("unused"):
        shown = shown.filter(principle_links__isnull=True)
    level_filter = filters.get("level") or ""
    by_code = {level.code: level for level in levels}
    if level_filter:
        shown = shown.filter(_on_level(by_code.get(level_filter))).distinct()

    limit = CARDS_PER_COLUMN_ON_PROJECTOR if projector else CARDS_PER_COLUMN
    columns = [Column(level) for level in levels] + [Column(None)]
    ids_by_column = {}
    for column in columns:
        if level_filter and column.code != level_filter:
            continue
        in_column = shown.filter(_on_level(column.level)).distinct()
        column.total = in_column.count()
        ids_by_column[column.code] = list(
            in_column.order_by("question", "created_at", "pk").values_list("pk", flat=True)[:limit]
        )
    # The cards of all columns in one query (and one for each kind of level).
    wanted = {pk for ids in ids_by_column.values() for pk in ids}
    loaded = {card.pk: card for card in _entries(workshop).filter(pk__in=wanted)}
    for column in columns:
        column.cards = [loaded[pk] for pk in ids_by_column.get(column.code, []) if pk in loaded]
        column.more = column.total - len(column.cards)
    cards = list(loaded.values())
    for card in cards:
        card.effective = card.placed_list if card.placed else card.suggested
    used_ids = set(
        PrincipleSource.objects.filter(entry_id__in={card.pk for card in cards}).values_list(
            "entry_id", flat=True
        )
    )

    peak = max(heat.values(), default=0)
    heat_rows = [
        {
            "question": q,
            "label": Question(q).label,
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
        "used_ids": used_ids,
    }


def _professions(workshop: Workshop) -> list[str]:
    return sorted(
        set(
            Participant.objects.filter(workshop=workshop)
            .exclude(profession="")
            .values_list("profession", flat=True)
        ),
        key=str.casefold,
    )


def _inspiration_by_level(workshop: Workshop) -> dict[str, list]:
    kinds = {"genai": ["genai"], "ml": ["ml"], "both": ["genai", "ml"]}[workshop.ai_focus]
    cards = InspirationCard.objects.filter(ai_kind__in=[*kinds, "agents", "robots"])
    by_igloo: dict[str, list] = {}
    for card in cards:
        by_igloo.setdefault(card.igloo, []).append(card)
    return by_igloo


# /workshops/<pk>/board/ ------------------------------------------------------------


@login_required
@require_GET
def board(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    fragment = request.GET.get("fragment") == "1"
    etag = _etag(workshop, "board")
    if fragment and _not_modified(request, etag):
        return HttpResponseNotModified(headers={"ETag": etag})

    levels = list(workshop.scheme.levels.all())
    form = BoardFilterForm(
        request.GET, workshop=workshop, levels=levels, professions=_professions(workshop)
    )
    filters = form.filters()
    principles = list(principles_with_tally(workshop))
    context = {
        "workshop": workshop,
        "form": form,
        "filters": filters,
        "counts": workshop_counts(workshop),
        "board_url": _board_url(request, workshop),
        "principles": principles,
        "tally": sorted(
            (p for p in principles if p.dots), key=lambda p: (-p.dots, p.position, p.pk)
        ),
        "etag": etag,
        **board_data(workshop, filters),
    }
    context["unused_count"] = (
        Entry.objects.filter(workshop=workshop, removed=False, hidden=False)
        .exclude(pk__in=context["used_ids"])
        .count()
    )
    if fragment:
        response = render(request, "workshops/board.html#board-body", context)
    else:
        inspiration = _inspiration_by_level(workshop)
        for column in context["columns"]:
            column.inspiration = inspiration.get(column.level.igloo, []) if column.level else []
        context.update(
            timer_form=TimerForm(),
            question_tabs=[("", _("All questions")), *Question.choices],
            query_without_question=_query_without(request, "question"),
        )
        response = render(request, "workshops/board.html", context)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _board_url(request, workshop: Workshop) -> str:
    query = _query_without(request, "fragment")
    path = reverse("workshops:board", args=[workshop.pk])
    return f"{path}?{query}" if query else path


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("fragment", None)
    return query.urlencode()


def _back(request, workshop: Workshop):
    """Back to the board the action came from, with its filters."""
    inline = request.headers.get("X-Board-Inline") == "1"
    if inline:
        return HttpResponse(status=204)
    target = request.POST.get("next", "")
    # A path on this site only: redirect() would take "0" for a view's name.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = reverse("workshops:board", args=[workshop.pk])
    return redirect(target)


def _refuse(request, workshop: Workshop, message: str):
    if request.headers.get("X-Board-Inline") == "1":
        return JsonResponse({"error": message}, status=400)
    messages.error(request, message)
    return _back(request, workshop)


def _entry(request, pk: int, entry_pk: int) -> tuple[Workshop, Entry]:
    workshop = get_workshop_for(request.user, pk)
    entry = get_object_or_404(Entry, pk=entry_pk, workshop=workshop, removed=False)
    return workshop, entry


@login_required
@require_POST
def entry_levels(request, pk: int, entry_pk: int):
    """Move a card to levels (drag and drop, or the chips with the keyboard)."""
    workshop, entry = _entry(request, pk, entry_pk)
    form = PlaceForm(request.POST, levels=workshop.scheme.levels.all())
    if not form.is_valid():
        return _refuse(request, workshop, _("Unknown level."))
    codes = None if form.cleaned_data["reset"] else form.cleaned_data["levels"]
    try:
        entry_place(entry=entry, level_codes=codes)
    except WorkshopError as error:
        return _refuse(request, workshop, str(error))
    return _back(request, workshop)


@login_required
@require_POST
def entry_hide(request, pk: int, entry_pk: int):
    workshop, entry = _entry(request, pk, entry_pk)
    entry_set_hidden(entry=entry, hidden=request.POST.get("hidden") != "0")
    return _back(request, workshop)


@login_required
@require_POST
def entry_approve(request, pk: int, entry_pk: int):
    workshop, entry = _entry(request, pk, entry_pk)
    entry_set_approved(entry=entry, approved=request.POST.get("approved") != "0")
    return _back(request, workshop)


@login_required
@require_POST
def entry_edit(request, pk: int, entry_pk: int):
    """Reword a card; the participant's original stays and is shown beside it."""
    workshop, entry = _entry(request, pk, entry_pk)
    form = RewordForm(request.POST)
    if not form.is_valid():
        return _refuse(request, workshop, " ".join(form.errors["text"]))
    entry_reword(entry=entry, text=form.cleaned_data["text"])
    return _back(request, workshop)


# The room: timer and revealing cards ----------------------------------------------


@login_required
@require_POST
def timer(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    if request.POST.get("stop") == "1":
        workshop_stop_timer(workshop=workshop)
        return _back(request, workshop)
    form = TimerForm(request.POST)
    if not form.is_valid():
        if "minutes" in form.errors:
            return _refuse(request, workshop, _("Give the timer between 1 and 120 minutes."))
        return _refuse(request, workshop, " ".join(form.errors["label"]))
    workshop_start_timer(
        workshop=workshop, minutes=form.cleaned_data["minutes"], label=form.cleaned_data["label"]
    )
    return _back(request, workshop)


@login_required
@require_POST
def reveal(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    workshop_reveal_cards(workshop=workshop, revealed=request.POST.get("revealed") != "0")
    return _back(request, workshop)


# /workshops/<pk>/present/ : the projector --------------------------------------------


@login_required
@require_GET
def presenter(request, pk: int):
    """Read-only, large, for the wall: the code and the counts, and, once the
    facilitator reveals them, the cards (never hidden ones, never names)."""
    workshop = get_workshop_for(request.user, pk)
    fragment = request.GET.get("fragment") == "1" or request.htmx
    etag = _etag(workshop, "projector")
    if fragment and _not_modified(request, etag):
        return HttpResponseNotModified(headers={"ETag": etag})
    context = {"workshop": workshop, "counts": workshop_counts(workshop), "etag": etag}
    if workshop.cards_revealed:
        context.update(board_data(workshop, {}, projector=True))
    url = join_url(request, workshop)
    context.update(join_url=url, qr=qr_svg(url, _("QR code that opens %(url)s") % {"url": url}))
    template = "workshops/presenter.html#wall" if fragment else "workshops/presenter.html"
    response = render(request, template, context)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
