"""The projector: read-only, large, for the wall, in one mode at a time.

The mode follows the phase (join code while drafting, progress while
collecting and clustering, "x of y have voted" while voting, the charter at
the end) unless the facilitator picks another on the board; a pick holds
until the phase changes. The cards and the dots reach the projector only when
the facilitator picks them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotModified
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from principles.selectors import (
    principles_by_dots,
    principles_in_order,
    projector_charter,
    voters_count,
)

from .access import get_workshop_for
from .links import join_url, qr_svg
from .live import back_to_board, live_response, not_modified, projector_etag, refuse
from .models import ProjectorMode, Workshop
from .selectors import board_data
from .services import workshop_counts, workshop_set_projector_mode

# /workshops/<pk>/present/ : the projector --------------------------------------------


@login_required
@require_GET
def presenter(request, pk: int):
    """The page, or for its htmx poll the partial; 304 while nothing it
    shows has changed (answered by LivePollMiddleware from one query when the
    ETag is current, by this view when the middleware is not sure)."""
    workshop = get_workshop_for(request.user, pk)
    etag = projector_etag(request, workshop)
    if not_modified(request, etag):
        return HttpResponseNotModified(headers={"ETag": etag})
    context = {**projector_context(request, workshop), "etag": etag}
    template = "workshops/presenter.html#wall" if request.htmx else "workshops/presenter.html"
    return live_response(render(request, template, context), etag)


def projector_context(request, workshop: Workshop) -> dict:
    mode = workshop.projector_shows
    context = {"workshop": workshop, "mode": mode, "counts": workshop_counts(workshop)}
    if workshop.is_open:
        url = join_url(request, workshop)
        context.update(join_url=url, qr=qr_svg(url, _("QR code that opens %(url)s") % {"url": url}))
    if mode == ProjectorMode.WALL:
        context.update(board_data(workshop, {}, projector=True))
    elif mode == ProjectorMode.VOTING:
        # In the charter's order: the order by dots would give the tally away.
        context.update(voters=voters_count(workshop), principles=principles_in_order(workshop))
    elif mode == ProjectorMode.RESULTS:
        context.update(voters=voters_count(workshop), principles=principles_by_dots(workshop))
    elif mode == ProjectorMode.CHARTER:
        version, rows = projector_charter(workshop)
        context.update(version=version, charter_rows=rows)
    return context


# /workshops/<pk>/present/mode/ : the facilitator switches the projector ---------------


@login_required
@require_POST
def projector_mode(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    try:
        workshop_set_projector_mode(workshop=workshop, mode=request.POST.get("mode", ""))
    except DomainError as error:
        return refuse(request, workshop, str(error))
    return back_to_board(request, workshop)
