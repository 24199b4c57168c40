"""Paper worksheets: the blank one to print, and typing in a filled one."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.pdf import render_pdf

from .access import get_workshop_for
from .forms import PaperWorksheetForm
from .links import join_url, qr_svg
from .models import ENTRY_MAX_LENGTH, Participant, Question, Workshop
from .participant_views import save_json, save_whole_form
from .services import paper_worksheet_create
from .worksheet import worksheet_page


def _paper_participant(request, pk: int, participant_pk: int):
    workshop = get_workshop_for(request.user, pk)
    participant = get_object_or_404(
        Participant, pk=participant_pk, workshop=workshop, from_paper=True
    )
    participant.workshop = workshop
    return workshop, participant


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
@require_http_methods(["GET", "POST"])
def paper_worksheet(request, pk: int, participant_pk: int):
    """The same worksheet form a phone fills, typed in by the facilitator."""
    workshop, participant = _paper_participant(request, pk, participant_pk)
    urls = _urls(workshop, participant)
    if request.method == "POST":
        return save_whole_form(request, workshop, participant, by_facilitator=True, **urls)
    context = worksheet_page(workshop, participant, by_facilitator=True, **urls)
    return render(request, "workshops/worksheet.html", context)


@login_required
@require_POST
def paper_save(request, pk: int, participant_pk: int):
    workshop, participant = _paper_participant(request, pk, participant_pk)
    return save_json(request, workshop, participant, by_facilitator=True)


def _urls(workshop: Workshop, participant: Participant) -> dict:
    return {
        "form_action": reverse("workshops:paper_worksheet", args=[workshop.pk, participant.pk]),
        "save_url": reverse("workshops:paper_save", args=[workshop.pk, participant.pk]),
    }


@login_required
@require_GET
def blank_worksheet_pdf(request, pk: int):
    """The blank STEP 1 worksheet with the workshop's QR code, one A4 page."""
    workshop = get_workshop_for(request.user, pk)
    url = join_url(request, workshop)
    filename, content_type, content = render_blank_worksheet_pdf(workshop, url)
    return FileResponse(io.BytesIO(content), content_type=content_type, filename=filename)


def render_blank_worksheet_pdf(workshop: Workshop, url: str) -> tuple[str, str, bytes]:
    with translation.override(workshop.language):
        html = render_to_string(
            "workshops/worksheet_print.html",
            {
                "workshop": workshop,
                "join_url": url,
                "qr": qr_svg(url, _("QR code that opens %(url)s") % {"url": url}),
                "questions": [(q, Question(q).label) for q in Question.values],
                "entry_max_length": ENTRY_MAX_LENGTH,
            },
        )
    return f"worksheet-{workshop.join_code}.pdf", "application/pdf", render_pdf(html)
