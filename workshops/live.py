"""What the live pages (board, projector) share in HTTP: the ETag a poll is
answered with, and how a board action answers htmx or a plain form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django_htmx.http import trigger_client_event

from .links import safe_next
from .models import Workshop


def etag_for(workshop: Workshop, page: str) -> str:
    """Changes with every change a board shows (board_version) and the language."""
    return f'"{workshop.board_version}-{get_language() or ""}-{page}"'


def not_modified(request, etag: str) -> bool:
    """An htmx poll that already holds what the page would show."""
    return bool(request.htmx) and request.headers.get("If-None-Match") == etag


def live_response(response, etag: str):
    """A live page or its partial: revalidated every time, and kept apart from
    each other in a cache since they share a URL."""
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["HX-Request"])
    return response


def back_to_board(request, workshop: Workshop):
    """From the board: htmx is told the board changed (its poll fetches the
    body at once); a plain form goes back to the board it came from."""
    if request.htmx:
        return trigger_client_event(HttpResponse(status=204), "board-changed")
    return redirect(safe_next(request, reverse("workshops:board", args=[workshop.pk])))


def refuse(request, workshop: Workshop, message: str):
    """A board action that was refused: the message for htmx (which swaps
    nothing on a 4xx; the board's script reads it), else a flash message."""
    if request.htmx:
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return back_to_board(request, workshop)
