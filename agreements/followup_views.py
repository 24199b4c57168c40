"""The follow-up workshop's pages: starting one, the phone's review ("are we
living it?") and the facilitator's counts and decisions. The rules are in
agreements.followup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from principles.models import Principle
from workshops.access import get_workshop_for
from workshops.models import Participant, Workshop
from workshops.phone import phone_view

from .followup import (
    FollowUpExists,
    followup_start,
    followup_summary,
    open_actions,
    principle_decide,
    review_of,
    review_save,
    reviewed_principles,
)
from .followup_forms import DecisionForm, ReviewForm
from .models import Answer

# /workshops/<pk>/follow-up/ ----------------------------------------------------------


@login_required
@require_POST
def start(request, pk: int):
    """Start a follow-up workshop of this one's charter."""
    workshop = get_workshop_for(request.user, pk)
    try:
        new = followup_start(workshop=workshop, user=request.user)
    except FollowUpExists as error:
        messages.info(request, str(error))
        return redirect("workshops:detail", pk=error.workshop.pk)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("principles:charter", pk=workshop.pk)
    n = new.principles.count()
    messages.success(
        request,
        ngettext(
            "The follow-up workshop is ready with %(n)d principle from the charter. "
            "The phones rate it before they fill in the worksheet.",
            "The follow-up workshop is ready with %(n)d principles from the charter. "
            "The phones rate them before they fill in the worksheet.",
            n,
        )
        % {"n": n},
    )
    return redirect("workshops:detail", pk=new.pk)


@login_required
@require_GET
def followup(request, pk: int):
    """The room's answers as counts, and a decision per principle."""
    workshop = get_workshop_for(request.user, pk)
    return _followup_page(request, workshop)


@login_required
@require_GET
def counts(request, pk: int):
    """The ratings per principle as counts ("<5" below the threshold), for the
    board's drawer: fetched each time the drawer opens."""
    workshop = get_workshop_for(request.user, pk)
    summary = followup_summary(workshop) if workshop.follows_id else None
    return render(
        request,
        "agreements/followup/_board_counts.html",
        {"workshop": workshop, "summary": summary, "answers": Answer.choices},
    )


@login_required
@require_POST
def decide(request, pk: int, principle_pk: int):
    workshop = get_workshop_for(request.user, pk)
    principle = get_object_or_404(Principle, pk=principle_pk, workshop=workshop)
    form = DecisionForm(request.POST, auto_id=_auto_id(principle))
    if not form.is_valid():
        # The page again, with what was typed and the mistake beside it.
        return _followup_page(request, workshop, bound={principle.pk: form}, status=400)
    try:
        principle_decide(principle=principle, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The decision on “%(title)s” is saved: %(decision)s.")
            % {"decision": principle.get_decision_display(), "title": principle.title},
        )
    return redirect(reverse("agreements:followup", args=[workshop.pk]) + f"#p{principle.pk}")


def _auto_id(principle: Principle) -> str:
    # One form a principle on one page: the ids must differ.
    return f"p{principle.pk}_%s"


def _followup_page(request, workshop: Workshop, *, bound: dict | None = None, status: int = 200):
    summary = followup_summary(workshop) if workshop.follows_id else None
    if summary:
        for row in summary["principles"]:
            principle = row["principle"]
            row["form"] = (bound or {}).get(principle.pk) or DecisionForm(
                initial={"decision": principle.decision, "reason": principle.decision_reason},
                auto_id=_auto_id(principle),
            )
    return render(
        request,
        "agreements/followup/facilitator.html",
        {
            "workshop": workshop,
            "summary": summary,
            "version": workshop.latest_version(),
            "new_principles": Principle.objects.filter(
                workshop=workshop, origin_key__isnull=True
            ).count(),
        },
        status=status,
    )


# /w/<public id>/review/ : the phone's review ----------------------------------------


@require_http_methods(["GET", "POST"])
@phone_view
def review(request, workshop: Workshop, participant: Participant):
    """Before the worksheet: does the workplace live by each principle, and
    where does each open action stand? A plain form; a mistake shows the page
    again with everything typed."""
    reviewing = bool(workshop.follows_id)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        principles=reviewed_principles(workshop) if reviewing else [],
        actions=open_actions(workshop) if reviewing else [],
        initial_answers=review_of(participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_save(participant=participant, answers=form.answers())
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("phone:review", public_id=workshop.public_id)
        messages.success(request, _("Thank you! Your answers are saved."))
        return redirect("phone:worksheet", public_id=workshop.public_id)
    return render(
        request,
        "agreements/followup/review.html",
        {
            "workshop": workshop,
            "participant": participant,
            "form": form,
            "reviewing": reviewing,
            "open": workshop.accepts_entries,
        },
        status=400 if form.errors else 200,
    )
