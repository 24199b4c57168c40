"""The facilitator's live board and the projector view.

Both poll for changes. Every change a board shows bumps the board's version
(workshops/live.py), so an unchanged poll is answered with 304 Not Modified.
The board's ETag is bound to the facilitator's session, so LivePollMiddleware
answers that 304 from one query before the session or the user is loaded.
When only phones wrote since the board a poll holds, the poll gets the
changed cards alone (a delta, see _delta_since and static/js/board.js).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from principles.selectors import card_feeds, principles_with_tally

from .access import get_workshop_for
from .forms import BoardFilterForm, PlaceForm, RewordForm, TimerForm
from .links import safe_next
from .live import (
    back_to_board,
    board_etag,
    board_version,
    live_response,
    not_modified,
    refuse,
    version_of_tag,
)
from .models import Entry, Question, Workshop
from .selectors import (
    board_data,
    inspiration_by_level,
    joins_last_minute,
    professions,
    unused_count,
)
from .services import (
    entry_place,
    entry_reword,
    entry_set_approved,
    entry_set_hidden,
    workshop_counts,
    workshop_reveal_cards,
    workshop_start_timer,
    workshop_stop_timer,
)

NOT_PLACED = BoardFilterForm.NOT_PLACED


# /workshops/<pk>/board/ ------------------------------------------------------------


@login_required
@require_GET
def board(request, pk: int):
    """The board page; an htmx poll gets its body only, or 304 if nothing
    changed since the ETag it holds."""
    workshop = get_workshop_for(request.user, pk)
    etag = board_etag(request, workshop)
    if not_modified(request, etag):
        return HttpResponseNotModified(headers={"ETag": etag})
    # What the board reads is as of now: its next poll asks for what changed since.
    stamp = timezone.now()
    if request.htmx and (since := _delta_since(request, workshop, stamp)):
        context = {**_board_body(request, workshop, changed_since=since), "etag": etag}
        response = render(request, "workshops/board.html#board-delta", context)
        response["X-Board-Delta"] = "1"
        return _stamped(live_response(response, etag), stamp)
    context = {**_board_body(request, workshop), "etag": etag}
    if request.htmx:
        response = render(request, "workshops/board.html#board-body", context)
        return _stamped(live_response(response, etag), stamp)
    context.update(
        timer_form=TimerForm(),
        question_tabs=[("", _("All questions"), ""), *Question.tabs()],
        query_without_question=_query_without(request, "question"),
        board_since=_millis(stamp),
    )
    return _stamped(live_response(render(request, "workshops/board.html", context), etag), stamp)


@login_required
@require_GET
def board_inspiration(request, pk: int):
    """The inspiration cards of each level: the board's drawer fetches them
    when it is opened, so the board itself stays light."""
    workshop = get_workshop_for(request.user, pk)
    by_igloo = inspiration_by_level(workshop)
    context = {
        "workshop": workshop,
        "inspiration": [
            (level, by_igloo.get(level.igloo, [])) for level in workshop.scheme.levels.all()
        ],
    }
    template = "workshops/board_inspiration.html"
    return render(request, f"{template}#cards" if request.htmx else template, context)


# A change is stamped before its transaction commits. A board that read at
# T may miss a change stamped just before T that committed just after, so
# it asks for the changes since a little before T.
DELTA_OVERLAP = timedelta(seconds=5)
DELTA_MAX_AGE = timedelta(minutes=10)


def _delta_since(request, workshop: Workshop, now) -> datetime | None:
    """When a poll may be answered with only the cards changed since the
    board it holds, the time to look back to; None means a full body.

    Only while nothing but phones' writing changed the board (the workshop's
    own counter in the held ETag is current), in the same language, and for
    the board without filters. Anything odd gets the full body, which is
    always right."""
    held = version_of_tag(request.headers.get("If-None-Match", ""))
    if held is None or request.GET:
        return None
    own, _phones, language = held
    if own != board_version(workshop).split("_")[0] or language != (get_language() or ""):
        return None
    try:
        millis = int(request.headers.get("X-Board-Since", ""))
        since = datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    if not now - DELTA_MAX_AGE <= since <= now:
        return None
    return since - DELTA_OVERLAP


def _stamped(response, stamp):
    """The time the board was read, for the next poll's X-Board-Since."""
    response["X-Board-Since"] = _millis(stamp)
    return response


def _millis(stamp: datetime) -> str:
    return str(int(stamp.timestamp() * 1000))


def _board_body(request, workshop: Workshop, changed_since=None) -> dict:
    """What the board's body shows: the columns with the filters of the URL,
    the counts, the heat map, and the principles each card feeds. With
    `changed_since`, only the cards changed since then are drawn."""
    levels = list(workshop.scheme.levels.all())
    # A delta is only for the board without filters: no need for the
    # professions the filter offers.
    offered = [] if changed_since else professions(workshop)
    form = BoardFilterForm(request.GET, workshop=workshop, levels=levels, professions=offered)
    filters = form.filters()
    principles = list(principles_with_tally(workshop))
    context = {
        "workshop": workshop,
        "levels": levels,
        "form": form,
        "filters": filters,
        "counts": workshop_counts(workshop),
        "joins_last_minute": joins_last_minute(workshop),
        "unused_count": unused_count(workshop),
        "board_url": _board_url(request, workshop),
        "principles": principles,
        "tally": sorted(
            (p for p in principles if p.dots), key=lambda p: (-p.dots, p.position, p.pk)
        ),
        **board_data(workshop, filters, changed_since=changed_since),
    }
    cards = [card for column in context["columns"] for card in column.cards]
    feeds = card_feeds({card.pk for card in cards})
    for card in cards:
        card.feeds = feeds.get(card.pk, [])
    return context


def _board_url(request, workshop: Workshop) -> str:
    query = request.GET.urlencode()
    path = reverse("workshops:board", args=[workshop.pk])
    return f"{path}?{query}" if query else path


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _entry(request, pk: int, entry_pk: int) -> tuple[Workshop, Entry]:
    workshop = get_workshop_for(request.user, pk)
    entry = get_object_or_404(Entry.objects.live(), pk=entry_pk, workshop=workshop)
    return workshop, entry


@login_required
@require_GET
def entry_tools(request, pk: int, entry_pk: int):
    """A card's tools (levels, wording, hide, approve): opened inside the card
    on the board, or as a page of its own without JavaScript."""
    workshop, entry = _entry(request, pk, entry_pk)
    entry.effective = entry.effective_levels
    slot = request.GET.get("slot", "")
    context = {
        "workshop": workshop,
        "entry": entry,
        "levels": list(workshop.scheme.levels.all()),
        "board_url": safe_next(request, reverse("workshops:board", args=[workshop.pk])),
        # Tells apart the editors of one card open in two columns.
        "slot": "-" + slot if slot.replace("-", "").isalnum() and len(slot) <= 40 else "",
    }
    template = "workshops/entry_tools.html#tools" if request.htmx else "workshops/entry_tools.html"
    return render(request, template, context)


@login_required
@require_POST
def entry_levels(request, pk: int, entry_pk: int):
    """Move a card to levels (drag and drop, or the chips with the keyboard)."""
    workshop, entry = _entry(request, pk, entry_pk)
    form = PlaceForm(request.POST, levels=workshop.scheme.levels.all())
    if not form.is_valid():
        return refuse(request, workshop, _("Unknown level."))
    codes = None if form.cleaned_data["reset"] else form.cleaned_data["levels"]
    try:
        entry_place(entry=entry, level_codes=codes)
    except DomainError as error:
        return refuse(request, workshop, str(error))
    return back_to_board(request, workshop)


@login_required
@require_POST
def entry_hide(request, pk: int, entry_pk: int):
    workshop, entry = _entry(request, pk, entry_pk)
    entry_set_hidden(entry=entry, hidden=request.POST.get("hidden") != "0")
    return back_to_board(request, workshop)


@login_required
@require_POST
def entry_approve(request, pk: int, entry_pk: int):
    workshop, entry = _entry(request, pk, entry_pk)
    entry_set_approved(entry=entry, approved=request.POST.get("approved") != "0")
    return back_to_board(request, workshop)


@login_required
@require_POST
def entry_edit(request, pk: int, entry_pk: int):
    """Reword a card; the participant's original stays and is shown beside it."""
    workshop, entry = _entry(request, pk, entry_pk)
    form = RewordForm(request.POST)
    if not form.is_valid():
        return refuse(request, workshop, " ".join(form.errors["text"]))
    entry_reword(entry=entry, text=form.cleaned_data["text"])
    return back_to_board(request, workshop)


# The room: timer and revealing cards ----------------------------------------------


@login_required
@require_POST
def timer(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    if request.POST.get("stop") == "1":
        workshop_stop_timer(workshop=workshop)
        return back_to_board(request, workshop)
    form = TimerForm(request.POST)
    if not form.is_valid():
        if "minutes" in form.errors:
            return refuse(request, workshop, _("Give the timer between 1 and 120 minutes."))
        return refuse(request, workshop, " ".join(form.errors["label"]))
    workshop_start_timer(
        workshop=workshop, minutes=form.cleaned_data["minutes"], label=form.cleaned_data["label"]
    )
    return back_to_board(request, workshop)


@login_required
@require_POST
def reveal(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    workshop_reveal_cards(workshop=workshop, revealed=request.POST.get("revealed") != "0")
    return back_to_board(request, workshop)
