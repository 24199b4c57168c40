"""Joining a workshop from a phone: by code or by the QR link, with the
guessing limit and the limit on new phones per address; the facilitator's
lock on joining. The worksheet itself is in worksheet_views.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import throttle
from core.errors import DomainError
from core.throttle import client_address

from .access import (
    find_participant,
    get_workshop_for,
    remember_participant,
    use_workshop_language,
)
from .forms import JoinCodeForm, JoinForm
from .live import back_to_board
from .models import Phase, Workshop, normalise_join_code
from .services import joining_refusal, participant_join, workshop_lock_joining

# New phones per client address. An office of 300 behind one NAT address
# joins at once; a script that clears its cookies gets 400 phones, then 40 a
# minute (the workshop's participant cap bounds the rest).
JOINS_PER_ADDRESS = throttle.Limit(capacity=400, per_seconds=600)


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
    return joining_refusal(workshop)


def _guarded_lookup(request, code: str) -> tuple[Workshop | None, str | None]:
    """The workshop for a code, unless this address has guessed too often.
    Only unknown codes count, and a known open code (or a phone that has
    joined) always gets through: a guesser slows down guessing, not the
    colleagues behind the same address."""
    key = f"join:{client_address(request)}"
    workshop = _workshop_for_code(code)
    if workshop is not None and (workshop.is_open or find_participant(request, workshop)):
        return workshop, None
    if not throttle.allowed(key, throttle.JOIN_FAILURES):
        return None, _(
            "Too many unknown codes were tried from your network. Wait a few minutes and try again."
        )
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
    if workshop is not None and (known := find_participant(request, workshop)) is not None:
        return _first_page(workshop, known)
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
        key = f"join-new:{client_address(request)}"
        if not throttle.allowed(key, JOINS_PER_ADDRESS):
            form.add_error(
                None,
                _(
                    "Very many phones joined from your network just now. Wait a minute and try again."
                ),
            )
            return render(
                request, "workshops/join.html", {"workshop": workshop, "form": form}, status=429
            )
        try:
            participant = participant_join(
                workshop=workshop,
                team=form.cleaned_data.get("team"),
                display_name=form.cleaned_data["display_name"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            throttle.failed(key, JOINS_PER_ADDRESS)  # takes a token: one new phone
            response = _first_page(workshop, participant)
            remember_participant(response, participant)
            return response
    return render(request, "workshops/join.html", {"workshop": workshop, "form": form})


def _first_page(workshop: Workshop, participant):
    """Where a phone starts: the worksheet, or, in a follow-up workshop that
    takes answers, the rating of the charter's principles until it has rated
    (the page is the agreements app's; `ratings` is its relation)."""
    if workshop.follows_id and workshop.accepts_entries and not participant.ratings.exists():
        return redirect("phone:review", public_id=workshop.public_id)
    return redirect("phone:worksheet", public_id=workshop.public_id)


# /workshops/<pk>/board/joining/ : the facilitator's lock -------------------------


@login_required
@require_POST
def joining(request, pk: int):
    """Close or open joining for new phones, from the board's drawer."""
    workshop = get_workshop_for(request.user, pk)
    workshop_lock_joining(workshop=workshop, locked=request.POST.get("locked") != "0")
    return back_to_board(request, workshop)
