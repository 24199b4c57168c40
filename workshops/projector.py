"""The projector: read-only, large, for the wall."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotModified
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .access import get_workshop_for
from .board import _etag, _not_modified
from .selectors import board_data
from .services import workshop_counts
from .views import join_url, qr_svg

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
