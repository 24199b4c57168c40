"""The participant's pages: join by code or QR, fill and submit the worksheet."""

from __future__ import annotations

import json
import time
import uuid

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from igloo.models import InspirationCard
from principles.selectors import ballot, latest_charter_content

from . import throttle
from .access import get_participant, remember_participant, use_workshop_language
from .forms import EntryChangeForm, JoinCodeForm, JoinForm, WorksheetFieldsForm
from .models import (
    ENTRIES_PER_QUESTION,
    ENTRY_MAX_LENGTH,
    Entry,
    Participant,
    Phase,
    Question,
    Workshop,
    normalise_join_code,
)
from .services import (
    EntryChange,
    FieldChange,
    participant_done,
    participant_join,
    worksheet_save,
    worksheet_submit,
)
from .throttle import client_address

MAX_CHANGES_PER_SAVE = 200


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
            if workshop is not None and (error is None or get_participant(request, workshop)):
                return redirect("join", code=workshop.join_code)
    return render(
        request, "workshops/join_code.html", {"form": form, "error": error}, status=status
    )


@require_http_methods(["GET", "POST"])
def join(request, code: str):
    """The QR link: pick a team and an optional name, or continue the worksheet."""
    normalised = normalise_join_code(code)
    if not normalised:
        return redirect("join_by_code")
    if normalised != code:
        return redirect("join", code=normalised)
    workshop, limited = _guarded_lookup(request, code)
    if limited is not None:
        form = JoinCodeForm(initial={"code": code})
        return render(
            request, "workshops/join_code.html", {"form": form, "error": limited}, status=429
        )
    if workshop is not None and get_participant(request, workshop) is not None:
        return redirect("worksheet", public_id=workshop.public_id)
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
        response = redirect("worksheet", public_id=workshop.public_id)
        remember_participant(response, participant)
        return response
    return render(request, "workshops/join.html", {"workshop": workshop, "form": form})


def _participant_or_redirect(request, public_id: str):
    workshop = get_object_or_404(
        Workshop.objects.select_related("organisation", "scheme"), public_id=public_id
    )
    use_workshop_language(request, workshop)
    participant = get_participant(request, workshop)
    if participant is None:
        if workshop.is_open:
            return workshop, None, redirect("join", code=workshop.join_code)
        return (
            workshop,
            None,
            render(request, "workshops/closed.html", {"workshop": workshop}, status=403),
        )
    return workshop, participant, None


def worksheet_context(
    workshop: Workshop,
    participant: Participant,
    posted=None,
    *,
    by_facilitator: bool = False,
    form_action: str | None = None,
    save_url: str | None = None,
) -> dict:
    """What the worksheet page shows. With `posted` (a refused form), the
    participant's typing is shown again instead of what is stored. The
    facilitator typing in a paper worksheet sees the same page."""
    levels = list(workshop.scheme.levels.all())
    entries = list(
        Entry.objects.live()
        .filter(participant=participant)
        .prefetch_related(Prefetch("levels", to_attr="level_list"))
        .order_by("question", "position", "created_at")
    )
    for entry in entries:
        entry.level_codes = {level.code for level in entry.level_list}
    new_texts = {}
    if posted is not None:
        entries = _entries_as_posted(entries, posted, workshop)
        new_texts = {q: posted.get(f"new-{q}-text", "") for q in Question.values}
    by_question = {q: [] for q in Question.values}
    for entry in entries:
        by_question[entry.question].append(entry)

    kinds = {"genai": ["genai"], "ml": ["ml"], "both": ["genai", "ml"]}[workshop.ai_focus]
    cards = list(InspirationCard.objects.filter(ai_kind__in=kinds).order_by("position"))
    cards_by_question = {q: [] for q in Question.values}
    for card in cards:
        for q in card.questions:
            if q in cards_by_question and len(cards_by_question[q]) < 4:
                cards_by_question[q].append(card)

    questions = [
        {
            "number": q,
            "label": Question(q).label,
            "entries": by_question[q],
            "cards": cards_by_question[q],
            "new_text": new_texts.get(q, ""),
        }
        for q in Question.values
    ]
    return {
        "workshop": workshop,
        "participant": participant,
        "levels": levels,
        "questions": questions,
        "editable": workshop.accepts_entries
        or (by_facilitator and workshop.phase == Phase.CLUSTERING),
        "by_facilitator": by_facilitator,
        "form_action": form_action or reverse("worksheet", args=[workshop.public_id]),
        "save_url": save_url or reverse("worksheet_save", args=[workshop.public_id]),
        # The facilitator's paper form submits through the whole form.
        "submit_url": form_action
        if by_facilitator
        else reverse("worksheet_submit", args=[workshop.public_id]),
        "fields_form": WorksheetFieldsForm(posted)
        if posted is not None
        else WorksheetFieldsForm(
            initial={
                "profession": participant.profession,
                "use_case": participant.use_case,
                "ai_kind": participant.ai_kind,
            }
        ),
        "entry_max_length": ENTRY_MAX_LENGTH,
        "entries_per_question": ENTRIES_PER_QUESTION,
        "field_revs": participant.field_revs,
        "sent": _sent_summary(participant, questions)
        if participant.submitted_at and not by_facilitator and posted is None
        else None,
    }


def _sent_summary(participant: Participant, questions: list[dict]) -> dict:
    """What a submitted worksheet holds, in a few words: the one confirmation
    the phone shows after "Submit" (instead of a message for every layer)."""
    counts = [(q["number"], len(q["entries"])) for q in questions]
    total = sum(n for _number, n in counts)
    return {
        "points": ngettext("%(n)s point", "%(n)s points", total) % {"n": total},
        # "per question: 2 · 0 · 1 · 0 · 0" shows at a glance which were skipped.
        "per_question": _("per question: %(counts)s")
        % {"counts": " · ".join(str(n) for _number, n in counts)},
        "profession": participant.profession,
        "use_case": participant.use_case,
        "ai_kind": participant.get_ai_kind_display() if participant.ai_kind else "",
    }


def room_context(workshop: Workshop, participant: Participant | None) -> dict:
    """The phone's room bar shows only what applies now: a timer while it
    runs, in the phases that are timed on phones. Its poll key changes when the
    timer runs out, so the finished timer leaves the bar by itself."""
    show_timer = (
        workshop.phase in (Phase.COLLECTING, Phase.VOTING)
        and workshop.timer_ends_at is not None
        and workshop.timer_ends_at > timezone.now()
    )
    ends = int(workshop.timer_ends_at.timestamp()) if show_timer else 0
    return {
        "workshop": workshop,
        "participant": participant,
        "show_timer": show_timer,
        "room_key": f"{workshop.phase}.{workshop.step}.{ends}",
    }


def _entries_as_posted(entries: list[Entry], posted, workshop: Workshop) -> list[Entry]:
    by_id = {str(entry.client_id): entry for entry in entries}
    shown = []
    for key in posted:
        if not (key.startswith("e-") and key.endswith("-text")):
            continue
        raw_id = key[2:-5]
        entry = by_id.pop(raw_id, None)
        if entry is None:
            try:
                question = int(posted.get(f"e-{raw_id}-q", ""))
            except ValueError:
                continue
            if question not in Question.values:
                continue
            entry = Entry(workshop=workshop, question=question, client_id=raw_id)
        entry.text = posted.get(key, "")
        entry.level_codes = set(posted.getlist(f"e-{raw_id}-levels"))
        shown.append(entry)
    return shown + list(by_id.values())


@require_http_methods(["GET", "POST"])
def worksheet(request, public_id: str):
    """The worksheet. GET shows it; POST saves the whole form (phones without
    JavaScript, and the final "Submit", which sends everything once more)."""
    workshop, participant, response = _participant_or_redirect(request, public_id)
    if response is not None:
        return response
    if request.method == "POST":
        return save_worksheet_form(request, workshop, participant)
    context = worksheet_context(workshop, participant)
    context.update(room_context(workshop, participant))
    if workshop.phase in (Phase.VOTING, Phase.CHARTER):
        context.update(ballot(workshop, participant))
        context["charter"] = latest_charter_content(workshop)
    return render(request, "workshops/worksheet.html", context)


def save_worksheet_form(
    request,
    workshop: Workshop,
    participant: Participant,
    *,
    by_facilitator: bool = False,
    form_action: str | None = None,
    save_url: str | None = None,
):
    """The whole worksheet as one plain form post."""
    back = redirect(form_action or reverse("worksheet", args=[workshop.public_id]))
    rev = int(time.time() * 1000)
    level_codes = list(workshop.scheme.levels.values_list("code", flat=True))
    post = request.POST
    problems = []

    fields_form = WorksheetFieldsForm(post)
    field_changes = []
    if fields_form.is_valid():
        field_changes = [
            FieldChange(name=name, value=value, rev=rev)
            for name, value in fields_form.cleaned_data.items()
            if name in post
        ]
    else:
        problems.extend(e for errors in fields_form.errors.values() for e in errors)

    remove = post.get("remove", "")
    entry_changes = []
    seen = set()
    for key in post:
        if key.startswith("e-") and key.endswith("-text"):
            raw_id = key[2:-5]
            seen.add(raw_id)
            data = {
                "id": raw_id,
                "question": post.get(f"e-{raw_id}-q"),
                "text": post.get(key),
                "levels": post.getlist(f"e-{raw_id}-levels"),
                "position": post.get(f"e-{raw_id}-position") or 0,
                "removed": raw_id == remove,
                "rev": rev,
            }
        elif key.startswith("new-") and key.endswith("-text") and post.get(key, "").strip():
            q = key[4:-5]
            data = {
                "id": str(uuid.uuid4()),
                "question": q,
                "text": post.get(key),
                "levels": post.getlist(f"new-{q}-levels"),
                "position": 9_999,
                "rev": rev,
            }
        else:
            continue
        form = EntryChangeForm(data, level_codes=level_codes)
        if form.is_valid():
            entry_changes.append(_entry_change(form.cleaned_data))
        else:
            problems.extend(e for errors in form.errors.values() for e in errors)

    if problems:
        # Nothing is stored from a form with a mistake: the participant fixes
        # it and sends again, with everything they typed still on the page.
        for problem in dict.fromkeys(problems):
            messages.error(request, problem)
        context = worksheet_context(
            workshop,
            participant,
            posted=post,
            by_facilitator=by_facilitator,
            form_action=form_action,
            save_url=save_url,
        )
        return render(request, "workshops/worksheet.html", context, status=400)
    try:
        result = worksheet_save(
            participant=participant,
            fields=field_changes,
            entries=entry_changes,
            by_facilitator=by_facilitator,
        )
        for message in dict.fromkeys(result.errors.values()):
            messages.error(request, message)
        if post.get("action") == "submit" and not result.errors:
            worksheet_submit(participant=participant, by_facilitator=by_facilitator)
            if by_facilitator:
                messages.success(request, _("The paper worksheet is submitted."))
            else:
                # The page itself confirms it, with what was sent: no message.
                return redirect(_submitted_url(workshop))
        elif not result.errors:
            messages.success(request, _("Saved."))
    except DomainError as error:
        messages.error(request, str(error))
    return back


def _entry_change(data: dict) -> EntryChange:
    return EntryChange(
        client_id=data["id"],
        question=data["question"],
        text=data["text"],
        level_codes=list(data["levels"]),
        position=data["position"] or 0,
        removed=data["removed"],
        rev=data["rev"],
    )


def _well_typed_entry(raw) -> bool:
    return (
        isinstance(raw, dict)
        and isinstance(raw.get("id"), str)
        and isinstance(raw.get("question"), int | str)
        and isinstance(raw.get("text", ""), str)
        and isinstance(raw.get("levels", []), list)
        and all(isinstance(code, str) for code in raw.get("levels", []))
        and isinstance(raw.get("position", 0), int)
        and isinstance(raw.get("removed", False), bool)
        and isinstance(raw.get("rev"), int)
        and not isinstance(raw.get("rev"), bool)
    )


def _json_error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


@require_POST
def save(request, public_id: str):
    """The phone's autosave: a batch of changes as JSON, each with a revision.

    Answers which revision it now holds for every change (acks) and why any
    change was refused (errors); the phone keeps what is not acknowledged and
    sends it again.
    """
    workshop = Workshop.objects.filter(public_id=public_id).select_related("scheme").first()
    if workshop is None:
        return _json_error(_("This workshop does not exist."), 404)
    use_workshop_language(request, workshop)
    participant = get_participant(request, workshop)
    if participant is None:
        return _json_error(
            _(
                "This phone is no longer joined to the workshop. Your text is kept on the phone; "
                "join again to send it."
            ),
            403,
            rejoin=reverse("join", args=[workshop.join_code]),
        )
    return apply_json_save(request, workshop, participant)


def apply_json_save(
    request, workshop: Workshop, participant: Participant, *, by_facilitator: bool = False
) -> JsonResponse:
    """Validate a JSON batch of changes and apply what is valid."""
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        payload = None
    if not isinstance(payload, dict):
        return _json_error(_("The save could not be read. Please try again."), 400)
    raw_fields = payload.get("fields") or {}
    raw_entries = payload.get("entries") or []
    if not isinstance(raw_fields, dict) or not isinstance(raw_entries, list):
        return _json_error(_("The save could not be read. Please try again."), 400)
    if len(raw_entries) + len(raw_fields) > MAX_CHANGES_PER_SAVE:
        return _json_error(_("Too many changes at once."), 400)

    errors: dict[str, str] = {}
    field_changes = []
    for name, change in raw_fields.items():
        key = f"field:{name}"
        if name not in WorksheetFieldsForm.base_fields or not isinstance(change, dict):
            errors[key] = _("Unknown field.")
            continue
        value = change.get("value")
        if not isinstance(value, str):
            errors[key] = _("The save could not be read. Please try again.")
            continue
        form = WorksheetFieldsForm({name: value})
        rev = change.get("rev")
        if not isinstance(rev, int) or isinstance(rev, bool) or not 0 < rev < 2**62:
            errors[key] = _("The save could not be read. Please try again.")
        elif not form.is_valid() or name in form.errors:
            errors[key] = " ".join(form.errors.get(name, []))
        else:
            field_changes.append(FieldChange(name=name, value=form.cleaned_data[name], rev=rev))

    level_codes = [level.code for level in workshop.scheme.levels.all()]
    entry_changes = []
    for raw in raw_entries:
        if not _well_typed_entry(raw):
            return _json_error(_("The save could not be read. Please try again."), 400)
        form = EntryChangeForm(raw, level_codes=level_codes)
        if form.is_valid():
            entry_changes.append(_entry_change(form.cleaned_data))
        else:
            key = f"entry:{raw.get('id')}"
            errors[key] = " ".join(e for errs in form.errors.values() for e in errs)

    try:
        result = worksheet_save(
            participant=participant,
            fields=field_changes,
            entries=entry_changes,
            by_facilitator=by_facilitator,
        )
    except DomainError as error:
        return _json_error(str(error), 409, closed=True)
    errors.update(result.errors)
    return JsonResponse({"acks": result.acks, "errors": errors})


def _submitted_url(workshop: Workshop) -> str:
    return reverse("worksheet", args=[workshop.public_id]) + "#submitted"


@require_POST
def submit(request, public_id: str):
    """The one way to hand the worksheet in. It counts once on the board, as
    "I'm done" did; the page then confirms it with a summary, no message."""
    workshop, participant, response = _participant_or_redirect(request, public_id)
    if response is not None:
        return response
    try:
        worksheet_submit(participant=participant)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("worksheet", public_id=workshop.public_id)
    return redirect(_submitted_url(workshop))


@require_GET
def status(request, public_id: str):
    """Polled by the phone every few seconds. Nothing changed: an empty answer.
    A new phase: reload the page. A new timer or step: the room bar anew."""
    workshop = get_object_or_404(
        Workshop.objects.only("phase", "step", "timer_ends_at", "timer_label", "public_id"),
        public_id=public_id,
    )
    if request.GET.get("phase") != workshop.phase:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    room = room_context(workshop, None)
    if request.GET.get("room") == room["room_key"]:
        return HttpResponse(status=204)
    use_workshop_language(request, workshop)
    room["participant"] = get_participant(request, workshop)
    return render(request, "workshops/_room.html", room)


@require_POST
def done(request, public_id: str):
    """ "I'm done" (or "not done after all") for the current step, from phones
    whose page still shows it. The page now has only "Submit", which counts
    the same on the board; this stays so an open old page does not fail."""
    workshop, participant, response = _participant_or_redirect(request, public_id)
    if response is not None:
        return response
    participant = participant_done(participant=participant, done=request.POST.get("done") != "0")
    if request.htmx:
        return render(request, "workshops/_room.html", room_context(workshop, participant))
    return redirect("worksheet", public_id=workshop.public_id)
