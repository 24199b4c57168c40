"""A phone's requests: which participant it is, and what it gets when it is
none. Every phone view takes `(request, workshop, participant)` through
`phone_view`, so the answers to a stranger are decided here, once:

- a page: to the join page while the workshop can be joined, else the
  "closed" page (403);
- htmx: the same, as a client-side redirect (htmx would not show a 403);
- the autosave's JSON: 403 with a message and where to join again, so the
  phone keeps the unsent text and can offer to rejoin.
"""

from __future__ import annotations

import functools

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .access import NotJoined, get_phone


def phone_view(view=None, *, json: bool = False):
    """Decorate `view(request, workshop, participant, ...)` for a URL with
    `public_id`; with `json`, a stranger gets the autosave's JSON answer."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, public_id: str, *args, **kwargs):
            try:
                workshop, participant = get_phone(request, public_id)
            except NotJoined as stranger:
                return not_joined(request, stranger.workshop, json=json)
            except Http404:
                if not json:
                    raise
                return JsonResponse({"error": _("This workshop does not exist.")}, status=404)
            return view(request, workshop, participant, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def not_joined(request, workshop, *, json: bool = False):
    join = reverse("join:workshop", args=[workshop.join_code])
    if json:
        message = _(
            "This phone is no longer joined to the workshop. Your text is kept on the phone; "
            "join again to send it."
        )
        return JsonResponse({"error": message, "rejoin": join}, status=403)
    target = join if workshop.is_open else reverse("phone:worksheet", args=[workshop.public_id])
    if request.htmx:
        return HttpResponseClientRedirect(target)
    if workshop.is_open:
        return redirect(join)
    return render(request, "workshops/closed.html", {"workshop": workshop}, status=403)
