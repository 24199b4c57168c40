"""The participant's pages: join by code or QR, fill and submit the worksheet."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from core import throttle
from core.errors import DomainError
from core.throttle import client_address
from principles.selectors import ballot, latest_charter_content

from .access import find_participant, remember_participant, use_workshop_language
from .forms import JoinCodeForm, JoinForm
from .models import Participant, Phase, Workshop, normalise_join_code
from .phone import phone_view
from .services import participant_done, participant_join
from .worksheet import (
    Unreadable,
    changes_from_form,
    changes_from_json,
    room_bar,
    worksheet_page,
    worksheet_save,
    worksheet_submit,
)


def _workshop_for_code(code: str) -> Workshop | None:
    """The workshop holding this code, or else the newest finished one that had it."""
    return (
        Workshop.objects.filter(join_code=code).exclude(phase=Phase.CHARTER).first()
        or Workshop.objects.filter(join_code=code, phase=Phase.CHARTER)
        .order_by("-created_at")
        .first()
    )


def _why_not_joinable(workshop: Workshop | None, code: str) -> str | None:
    if workshop is None:
        return _(
            "No workshop has the code %(code)s. Check the code on the screen and try again."
        ) % {"code": code}
    if workshop.phase == Phase.CLUSTERING:
        return _("Collection has closed for now. New participants can join when voting starts.")
    if not workshop.is_open:
        return _("This workshop is closed and can't be joined any more.")
    return None


def _guarded_lookup(request, code: str) -> tuple[Workshop | None, str | None]:
    """The workshop for a code, unless this address has guessed too often.
    Only unknown codes count, so a room joining from one address is fine."""
    key = f"join:{client_address(request)}"
    if not throttle.allowed(key, throttle.JOIN_FAILURES):
        return None, _(
            "Too many unknown codes were tried from your network. Wait a few minutes and try again."
        )
    workshop = _workshop_for_code(code)
    if workshop is None:
        throttle.failed(key, throttle.JOIN_FAILURES)
    return workshop, None


@require_GET
def join_by_code(request):
    """The code form. Tolerates lower case and spaces; says clearly what is wrong."""
    form = JoinCodeForm(request.GET or None)
    error = None
    status = 200
    if form.is_valid():
        code = form.cleaned_data["code"]
        workshop, error = _guarded_lookup(request, code)
        if error is not None:
            status = 429
        else:
            error = _why_not_joinable(workshop, code)
            if workshop is not None and (error is None or find_participant(request, workshop)):
                return redirect("join:workshop", code=workshop.join_code)
    return render(
        request, "workshops/join_code.html", {"form": form, "error": error}, status=status
    )


@require_http_methods(["GET", "POST"])
def join(request, code: str):
    """The QR link: pick a team and an optional name, or continue the worksheet."""
    normalised = normalise_join_code(code)
    if not normalised:
        return redirect("join:code")
    if normalised != code:
        return redirect("join:workshop", code=normalised)
    workshop, limited = _guarded_lookup(request, code)
    if limited is not None:
        form = JoinCodeForm(initial={"code": code})
        return render(
            request, "workshops/join_code.html", {"form": form, "error": limited}, status=429
        )
    if workshop is not None and find_participant(request, workshop) is not None:
        return redirect("phone:worksheet", public_id=workshop.public_id)
    error = _why_not_joinable(workshop, code)
    if error is not None:
        if workshop is not None:
            use_workshop_language(request, workshop)
            error = _why_not_joinable(workshop, code)
        form = JoinCodeForm(initial={"code": code})
        return render(
            request, "workshops/join_code.html", {"form": form, "error": error}, status=404
        )
    use_workshop_language(request, workshop)
    form = JoinForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        participant = participant_join(
            workshop=workshop,
            team=form.cleaned_data.get("team"),
            display_name=form.cleaned_data["display_name"],
        )
        response = redirect("phone:worksheet", public_id=workshop.public_id)
        remember_participant(response, participant)
        return response
    return render(request, "workshops/join.html", {"workshop": workshop, "form": form})


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
    levels = list(workshop.scheme.levels.values_list("code", flat=True))
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
    levels = [level.code for level in workshop.scheme.levels.all()]
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
