"""The facilitator's suggestions: draft groups of cards, a suggested level for
cards on no level, and the progress of the vectors they are computed from.

Suggestions change nothing: every change is a POST the facilitator makes (a
group into a new principle, a level onto a card)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from igloo.models import Level
from workshops.access import get_workshop_for
from workshops.links import safe_next
from workshops.models import Entry, Workshop
from workshops.services import entry_place

from . import services
from .embeddings import EmbeddingUnavailable, compare, model_state, vectors_compute
from .grouping import draft_groups, level_suggestions

DEFAULT_THRESHOLD = 60


def _state(workshop: Workshop, *, auto: bool, refresh: bool = False, compact: bool = False):
    return {
        "workshop": workshop,
        "state": model_state(workshop),
        "auto": auto,
        "refresh": refresh,
        "compact": compact,
    }


@login_required
@require_http_methods(["GET", "POST"])
def prepare(request, pk: int):
    """Which method the suggestions use and how far the vectors are. A POST
    computes the next batch; the progress bar posts again until all are done
    (each request takes about a second, fine for a sync worker)."""
    workshop = get_workshop_for(request.user, pk)
    failed = False
    if request.method == "POST":
        try:
            vectors_compute(workshop=workshop)
        except EmbeddingUnavailable:
            failed = True
        if not request.htmx:
            if failed:
                messages.error(request, _("The language model could not be loaded."))
            return redirect(safe_next(request, reverse("principles:groups", args=[workshop.pk])))
    context = _state(
        workshop,
        auto=bool(request.GET.get("auto") or request.POST.get("auto")),
        refresh=bool(request.GET.get("refresh") or request.POST.get("refresh")),
        compact=bool(request.GET.get("compact") or request.POST.get("compact")),
    )
    response = render(request, "principles/suggestions.html#progress", context)
    progress = context["state"]["progress"]
    if request.method == "POST" and context["refresh"] and progress and progress.complete:
        # The page's suggestions were made by shared words: show them by meaning.
        response["HX-Refresh"] = "true"
    return response


def _open_cards(workshop: Workshop) -> list[Entry]:
    """Cards the suggestions are about: live, not hidden, in no principle yet."""
    return list(
        Entry.objects.visible().unused().filter(workshop=workshop).for_cards().order_by("pk")
    )


@login_required
@require_GET
def groups(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    cards = _open_cards(workshop)
    comparison = compare(cards)
    drafts = draft_groups(cards, comparison)
    grouped = sum(len(group.entries) for group in drafts)
    return render(
        request,
        "principles/suggestions.html",
        {
            **_state(workshop, auto=True, refresh=True),
            "page": "groups",
            "method": comparison.method.key,
            "groups": drafts,
            "loners": len(cards) - grouped,
        },
    )


@login_required
@require_POST
def group_accept(request, pk: int):
    """One draft group, as the facilitator edited it, into a new principle."""
    workshop = get_workshop_for(request.user, pk)
    back = reverse("principles:groups", args=[workshop.pk])
    number = request.POST.get("accept", "")
    ids = []
    for key in request.POST:
        if key.startswith("group-") and request.POST[key] == number and number:
            entry_id = key.removeprefix("group-")
            if entry_id.isdigit():
                ids.append(int(entry_id))
    if not ids:
        messages.error(request, _("Choose one or more cards for the group."))
        return redirect(back)
    try:
        accepted = services.group_accept(
            workshop=workshop,
            entry_ids=ids,
            title=request.POST.get(f"title-{number}", ""),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(back)
    taken = accepted.left_out
    if accepted.principle is None:
        messages.warning(
            request,
            ngettext(
                "The card of this group is already in a principle, so nothing was merged.",
                "All %(n)d cards of this group are already in a principle, so nothing was merged.",
                taken,
            )
            % {"n": taken},
        )
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "“%(title)s” is now a principle, made of %(n)d card.",
            "“%(title)s” is now a principle, made of %(n)d cards.",
            accepted.merged,
        )
        % {"title": accepted.principle.title, "n": accepted.merged},
    )
    if taken:
        messages.warning(
            request,
            ngettext(
                "%(n)d card of the group was left out: it is already in a principle.",
                "%(n)d cards of the group were left out: they are already in a principle.",
                taken,
            )
            % {"n": taken},
        )
    return redirect(back)


@login_required
@require_GET
def levels(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    method, suggestions = level_suggestions(workshop, _level_cards(workshop))
    return render(
        request,
        "principles/suggestions.html",
        {
            **_state(workshop, auto=True, refresh=True),
            "page": "levels",
            "method": method.key,
            "suggestions": suggestions,
            "threshold": DEFAULT_THRESHOLD,
        },
    )


def _level_cards(workshop: Workshop) -> list[Entry]:
    return list(Entry.objects.visible().filter(workshop=workshop).for_cards().order_by("pk"))


def _threshold(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 0 <= int(raw) <= 100 else None


@login_required
@require_POST
def level_accept(request, pk: int):
    """Place one card on its suggested level, or every card whose suggestion
    is at least `threshold` % sure."""
    workshop = get_workshop_for(request.user, pk)
    back = reverse("principles:levels", args=[workshop.pk])
    if "threshold" in request.POST:
        threshold = _threshold(request.POST["threshold"])
        if threshold is None:
            messages.error(request, _("Give a confidence from 0 to 100."))
            return redirect(back)
        _method, suggestions = level_suggestions(workshop, _level_cards(workshop))
        chosen = [s for s in suggestions if s.confidence >= threshold]
        for suggestion in chosen:
            entry_place(entry=suggestion.entry, level_codes=[suggestion.level.code])
        messages.success(
            request,
            ngettext(
                "%(n)d card is now placed on its suggested level.",
                "%(n)d cards are now placed on their suggested levels.",
                len(chosen),
            )
            % {"n": len(chosen)},
        )
        return redirect(back)
    entry_id = request.POST.get("entry", "")
    entry = get_object_or_404(
        Entry.objects.live(), pk=int(entry_id) if entry_id.isdigit() else 0, workshop=workshop
    )
    level = Level.objects.filter(
        scheme_id=workshop.scheme_id, code=request.POST.get("level", "")
    ).first()
    if level is None:
        messages.error(request, _("Unknown level."))
        return redirect(back)
    entry_place(entry=entry, level_codes=[level.code])
    messages.success(
        request,
        _("“%(card)s” is now on %(level)s.") % {"card": entry.shown_text[:60], "level": level.name},
    )
    return redirect(back)
