"""The screening's pages: the workshop's use cases, one use case's screening,
merging, and marking a flag handled. Those who run the workshop change them;
managers read them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from workshops.access import get_workshop_for
from workshops.models import RUNS_WORKSHOPS, Entry, Role

from . import selectors
from .forms import HandledForm, MergeForm, ScreeningForm, UseCaseForm
from .models import FlagRule, UseCase, normalise
from .services import (
    flag_handle,
    screening_save,
    use_case_add,
    use_case_merge,
    use_cases_sync,
)

# Employee representatives read the screening too: they must hear of
# monitoring before it starts.
READERS = {*RUNS_WORKSHOPS, Role.MANAGER, Role.REPRESENTATIVE}


def _workshop(request, pk: int, *, change: bool):
    workshop = get_workshop_for(request.user, pk, run=False)
    if workshop.member_role not in (RUNS_WORKSHOPS if change else READERS):
        raise PermissionDenied
    workshop.can_change = workshop.member_role in RUNS_WORKSHOPS
    return workshop


@login_required
@require_http_methods(["GET", "POST"])
def use_case_list(request, pk: int):
    workshop = _workshop(request, pk, change=request.method == "POST")
    if request.method == "GET" and request.GET.get("entry", "").isdigit():
        # The board's hint on a card: straight to the use case its author named.
        case = _use_case_of_entry(workshop, int(request.GET["entry"]))
        if case is not None:
            return redirect("screening:screen", pk=workshop.pk, case_pk=case.pk)
    form = UseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = use_case_add(workshop=workshop, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request, _("“%(name)s” is added. Screen it below.") % {"name": case.name}
            )
            return redirect("screening:screen", pk=workshop.pk, case_pk=case.pk)
    if workshop.can_change:
        use_cases_sync(workshop)
    return render(
        request,
        "screening/list.html",
        {
            "workshop": workshop,
            "cases": selectors.use_cases(workshop, with_cards=workshop.can_change),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _use_case_of_entry(workshop, entry_pk: int) -> UseCase | None:
    entry = (
        Entry.objects.filter(workshop=workshop, pk=entry_pk).select_related("participant").first()
    )
    if entry is None or not normalise(entry.participant.use_case):
        return None
    if workshop.can_change:
        use_cases_sync(workshop)
    key = normalise(entry.participant.use_case)
    return next((c for c in UseCase.objects.filter(workshop=workshop) if key in c.aliases), None)


@login_required
@require_POST
def merge(request, pk: int):
    workshop = _workshop(request, pk, change=True)
    ids = list(UseCase.objects.filter(workshop=workshop).values_list("pk", flat=True))
    form = MergeForm(request.POST, ids=ids)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("screening:list", pk=workshop.pk)
    data = form.cleaned_data
    try:
        keep = use_case_merge(
            workshop=workshop,
            keep_pk=data["keep"],
            merge_pks=[p for p in data["use_cases"] if p != data["keep"]],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("screening:list", pk=workshop.pk)
    messages.success(
        request,
        _("Merged into “%(name)s”. Their answers are combined: a “yes” in any of them counts.")
        % {"name": keep.name},
    )
    return redirect("screening:list", pk=workshop.pk)


@login_required
@require_http_methods(["GET", "POST"])
def use_case_screen(request, pk: int, case_pk: int):
    workshop = _workshop(request, pk, change=request.method == "POST")
    case = get_object_or_404(UseCase, pk=case_pk, workshop=workshop)
    questions = selectors.questions()
    screening = getattr(case, "screening", None)
    form = ScreeningForm(
        request.POST or None,
        questions=questions,
        initial=screening.answers if screening else {},
    )
    if request.method == "POST" and form.is_valid():
        screening_save(use_case=case, answers=form.answers(), user=request.user)
        messages.success(request, _("The screening is saved."))
        return redirect("screening:screen", pk=workshop.pk, case_pk=case.pk)
    detailed = next(
        c
        for c in selectors.use_cases(workshop, with_cards=workshop.can_change)
        if c.pk == case.pk
    )
    return render(
        request,
        "screening/screen.html",
        {
            "workshop": workshop,
            "case": detailed,
            "form": form,
            "handled_form": HandledForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def handled(request, pk: int, case_pk: int, rule_pk: int):
    workshop = _workshop(request, pk, change=True)
    case = get_object_or_404(UseCase, pk=case_pk, workshop=workshop)
    rule = get_object_or_404(FlagRule, pk=rule_pk)
    form = HandledForm(request.POST)
    if form.is_valid():
        try:
            flag_handle(use_case=case, rule=rule, user=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The flag is marked as handled. It stays in the history."))
    else:
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
    return redirect("screening:screen", pk=workshop.pk, case_pk=case.pk)
