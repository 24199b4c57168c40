"""The worksheet's pages: a phone filling its own (autosave, submit, the room
bar's poll), and the facilitator typing in a paper worksheet through the same
page. The parsing, the page and the storing are in worksheet.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from core.errors import DomainError
from igloo.levels import level_ids
from principles.selectors import ballot, latest_charter_content

from .access import find_participant, get_workshop_for, use_workshop_language
from .models import Participant, Phase, Workshop
from .phone import phone_view
from .services import participant_done
from .worksheet import (
    Unreadable,
    changes_from_form,
    changes_from_json,
    room_bar,
    worksheet_page,
    worksheet_save,
    worksheet_submit,
)


@require_http_methods(["GET", "POST"])
@phone_view
def worksheet(request, workshop: Workshop, participant: Participant):
    """The worksheet. GET shows it; POST saves the whole form (phones without
    JavaScript, and the final "Submit", which sends everything once more)."""
    if request.method == "POST":
        return save_whole_form(request, workshop, participant)
    context = {**worksheet_page(workshop, participant), **room_bar(workshop, participant)}
    if workshop.phase in (Phase.VOTING, Phase.CHARTER):
        context.update(ballot(workshop, participant), charter=latest_charter_content(workshop))
    return render(request, "workshops/worksheet.html", context)


def save_whole_form(request, workshop, participant, *, by_facilitator=False, **urls):
    """The whole worksheet as one plain form post, from a phone or from the
    facilitator's paper form (`urls`: its form_action and save_url)."""
    levels = list(level_ids(workshop.scheme_id))
    changes = changes_from_form(request.POST, levels)
    if changes.problems:
        # Nothing is stored from a form with a mistake: the participant fixes
        # it and sends again, with everything they typed still on the page.
        for problem in dict.fromkeys(changes.problems.values()):
            messages.error(request, problem)
        context = worksheet_page(
            workshop, participant, posted=request.POST, by_facilitator=by_facilitator, **urls
        )
        return render(request, "workshops/worksheet.html", context, status=400)
    submit = request.POST.get("action") == "submit"
    try:
        result = worksheet_save(
            participant=participant,
            fields=changes.fields,
            entries=changes.entries,
            by_facilitator=by_facilitator,
        )
        if submit and not result.errors:
            worksheet_submit(participant=participant, by_facilitator=by_facilitator)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(urls.get("form_action") or _worksheet_url(workshop))
    for message in dict.fromkeys(result.errors.values()):
        messages.error(request, message)
    if submit and not result.errors and not by_facilitator:
        # The page itself confirms it, with what was sent: no message.
        return redirect(_worksheet_url(workshop) + "#submitted")
    if not result.errors:
        messages.success(request, _("The paper worksheet is submitted.") if submit else _("Saved."))
    return redirect(urls.get("form_action") or _worksheet_url(workshop))


def _worksheet_url(workshop: Workshop) -> str:
    return reverse("phone:worksheet", args=[workshop.public_id])


@require_POST
@phone_view(json=True)
def save(request, workshop: Workshop, participant: Participant):
    """The phone's autosave: a batch of changes as JSON, each with a revision.

    Answers which revision it now holds for every change (acks) and why any
    change was refused (errors); the phone keeps what is not acknowledged and
    sends it again.
    """
    return save_json(request, workshop, participant)


def save_json(request, workshop, participant, *, by_facilitator=False) -> JsonResponse:
    """A JSON batch from a phone or from the facilitator's paper form."""
    levels = list(level_ids(workshop.scheme_id))
    try:
        changes = changes_from_json(request.body, levels)
    except Unreadable as error:
        message = str(error) or _("The save could not be read. Please try again.")
        return JsonResponse({"error": message}, status=400)
    try:
        result = worksheet_save(
            participant=participant,
            fields=changes.fields,
            entries=changes.entries,
            by_facilitator=by_facilitator,
        )
    except DomainError as error:
        return JsonResponse({"error": str(error), "closed": True}, status=409)
    return JsonResponse({"acks": result.acks, "errors": {**changes.problems, **result.errors}})


@require_POST
@phone_view
def submit(request, workshop: Workshop, participant: Participant):
    """The one way to hand the worksheet in. It counts once on the board, as
    "I'm done" did; the page then confirms it with a summary, no message."""
    try:
        worksheet_submit(participant=participant)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_worksheet_url(workshop))
    return redirect(_worksheet_url(workshop) + "#submitted")


@require_GET
def status(request, public_id: str):
    """Polled by the phone every few seconds. Nothing changed: an empty answer.
    A new phase: reload the page. A new timer or step: the room bar anew."""
    workshop = get_object_or_404(
        Workshop.objects.only("phase", "step", "timer_ends_at", "timer_label", "public_id"),
        public_id=public_id,
    )
    if request.GET.get("phase") != workshop.phase:
        return HttpResponseClientRefresh()
    room = room_bar(workshop, None)
    if request.GET.get("room") == room["room_key"]:
        return HttpResponse(status=204)
    use_workshop_language(request, workshop)
    room["participant"] = find_participant(request, workshop)
    return render(request, "workshops/_room.html", room)


@require_POST
@phone_view
def done(request, workshop: Workshop, participant: Participant):
    """ "I'm done" (or "not done after all") for the current step, from phones
    whose page still shows it. The page now has only "Submit", which counts
    the same on the board; this stays so an open old page does not fail."""
    participant = participant_done(participant=participant, done=request.POST.get("done") != "0")
    if request.htmx:
        return render(request, "workshops/_room.html", room_bar(workshop, participant))
    return redirect(_worksheet_url(workshop))


# Paper worksheets, typed in by the facilitator ----------------------------------------


def _paper_participant(request, pk: int, participant_pk: int):
    workshop = get_workshop_for(request.user, pk)
    participant = get_object_or_404(
        Participant, pk=participant_pk, workshop=workshop, from_paper=True
    )
    participant.workshop = workshop
    return workshop, participant


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
