"""Paper worksheets: start one for a person without a phone, and print the
blank one (typing a filled one in is in worksheet_views.py)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from .access import get_workshop_for
from .forms import PaperWorksheetForm
from .links import join_url
from .render import render_blank_worksheet_pdf
from .services import paper_worksheet_create


@login_required
@require_http_methods(["GET", "POST"])
def paper_new(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    form = PaperWorksheetForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        participant = paper_worksheet_create(workshop=workshop, **form.cleaned_data)
        return redirect("workshops:paper_worksheet", pk=workshop.pk, participant_pk=participant.pk)
    papers = workshop.participants.filter(from_paper=True).select_related("team")
    return render(
        request, "workshops/paper_new.html", {"workshop": workshop, "form": form, "papers": papers}
    )


@login_required
@require_GET
def blank_worksheet_pdf(request, pk: int):
    """The blank STEP 1 worksheet with the workshop's QR code, one A4 page."""
    workshop = get_workshop_for(request.user, pk)
    url = join_url(request, workshop)
    filename, content_type, content = render_blank_worksheet_pdf(workshop, url)
    response = FileResponse(io.BytesIO(content), content_type=content_type, filename=filename)
    # The workshop's join link and code: for this facilitator's browser only.
    patch_cache_control(response, private=True, no_store=True)
    return response
