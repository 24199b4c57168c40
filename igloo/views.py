"""Read-only pages of the report's material."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import AIKind, IglooLevel, InspirationCard, Level


@require_GET
def card_list(request):
    """All inspiration cards, by IGLOO level, optionally for one kind of AI."""
    kind = request.GET.get("kind", "")
    cards = InspirationCard.objects.all()
    if kind in AIKind.values:
        cards = cards.filter(ai_kind=kind)
    else:
        kind = ""
    by_level = {value: [] for value in IglooLevel.values}
    for card in cards:
        by_level[card.igloo].append(card)
    levels = Level.objects.filter(scheme__slug="igloo")
    sections = [{"level": level, "cards": by_level.get(level.code, [])} for level in levels]
    return render(
        request,
        "igloo/cards.html",
        {"sections": sections, "kinds": AIKind.choices, "kind": kind},
    )
