"""The facilitator's pages: workshops, the presenter screen, organisations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError

from . import services
from .access import get_organisation_for, get_workshop_for, organisations_run_by
from .forms import InviteForm, PhaseForm, WorkshopForm
from .links import join_url, safe_next
from .models import Invite, Membership, Phase, Role, Workshop
from .services import (
    workshop_counts,
    workshop_create,
    workshop_delete,
    workshop_set_phase,
    workshop_update,
)


def home(request):
    if request.user.is_authenticated:
        return redirect("workshops:dashboard")
    return redirect("join:code")


# /workshops/ ------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
    run_ids = [m.organisation_id for m in memberships if m.runs_workshops]
    facilitates = [m.organisation_id for m in memberships if m.role == Role.FACILITATOR]
    workshops = (
        Workshop.objects.filter(organisation_id__in=run_ids)
        # Workshop.hidden_from: other facilitators' team workshops of a series.
        .exclude(
            Q(organisation_id__in=facilitates, assigned_facilitator__isnull=False)
            & ~Q(assigned_facilitator=request.user)
            & ~Q(created_by=request.user)
        )
        .select_related("organisation")
        .annotate(
            joined=Count("participants", distinct=True),
            submitted=Count(
                "participants", filter=Q(participants__submitted_at__isnull=False), distinct=True
            ),
        )
    )
    # Every member may read what is published; for a manager it is all there
    # is. The latest version of each workshop, newest first ("versions" is the
    # principles app's relation: workshops does not import principles).
    published = (
        Workshop.objects.filter(
            organisation_id__in=[m.organisation_id for m in memberships],
            versions__isnull=False,
        )
        .distinct()
        .select_related("organisation")
        .prefetch_related("versions")
        .order_by("organisation__name", "-date", "-pk")
    )
    charters = [(workshop, workshop.versions.all()[0]) for workshop in published]
    # An employee representative reads the charters being prepared.
    represented = [m.organisation_id for m in memberships if m.role == Role.REPRESENTATIVE]
    drafts = Workshop.objects.filter(organisation_id__in=represented).select_related("organisation")
    return render(
        request,
        "workshops/dashboard.html",
        {
            "memberships": memberships,
            "workshops": workshops,
            "charters": charters,
            "drafts": drafts,
            "can_create": bool(run_ids),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_new(request):
    organisations = organisations_run_by(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = WorkshopForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": organisations.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = workshop_create(created_by=request.user, **data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The workshop is created."))
            return redirect("workshops:detail", pk=workshop.pk)
    return render(request, "workshops/workshop_form.html", {"form": form})


def phase_guide() -> dict[str, dict[str, str]]:
    """What each phase lets the room do, and what going back to it reopens."""
    return {
        Phase.DRAFT: {
            "does": _("Participants can join and wait; nothing can be written yet."),
            "back": _("Closes the worksheets until you start collecting again."),
        },
        Phase.COLLECTING: {
            "does": _("Participants write and change their worksheets."),
            "back": _(
                "Reopens the worksheets: participants can write and change their answers again."
            ),
        },
        Phase.CLUSTERING: {
            "does": _(
                "Collection is closed: worksheets are read-only while you place, edit and "
                "merge the cards."
            ),
            "back": _("Closes voting; the dots put so far are kept."),
        },
        Phase.VOTING: {
            "does": _("Participants vote on the principles on their phones."),
            "back": _("Reopens voting and the join code."),
        },
        Phase.CHARTER: {
            "does": _("The workshop is finished, and its join code is free for other workshops."),
            "back": "",
        },
    }


@login_required
@require_GET
def workshop_detail(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    guide = phase_guide()
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "counts": workshop_counts(workshop),
            "teams": workshop.teams.annotate(n=Count("participants")),
            "join_url": join_url(request, workshop),
            "phase_does": guide[workshop.phase]["does"],
            "retention_days": settings.RETENTION_DAYS,
            "next_phase": _phase_step(workshop.next_phase, guide, "does"),
            "previous_phase": _phase_step(workshop.previous_phase, guide, "back"),
            # From voting on, the work happens on the principles and the charter.
            "follows_on": workshop.phase in (Phase.VOTING, Phase.CHARTER),
            # An organisation charter's series (the series app), for its link back.
            "rolled_up_for": getattr(workshop, "rolled_up_for", None)
            if workshop.is_organisation_charter
            else None,
        },
    )


def _phase_step(phase: str | None, guide: dict, key: str) -> dict | None:
    if phase is None:
        return None
    return {"value": phase, "label": Phase(phase).label, "help": guide[phase][key]}


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    form = WorkshopForm(request.POST or None, organisations=None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            workshop_update(workshop=workshop, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect("workshops:detail", pk=workshop.pk)
    return render(request, "workshops/workshop_form.html", {"form": form, "workshop": workshop})


@login_required
@require_POST
def workshop_phase(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown phase."))
        return redirect("workshops:detail", pk=workshop.pk)
    old_code = workshop.join_code
    try:
        workshop_set_phase(workshop=workshop, phase=form.cleaned_data["phase"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The workshop is now: %(phase)s.") % {"phase": workshop.get_phase_display()}
        )
        if workshop.join_code != old_code:
            messages.warning(
                request,
                _(
                    "The old join code is now used by another workshop, so this one has a new "
                    "code: %(code)s."
                )
                % {"code": workshop.join_code_display},
            )
    return redirect(safe_next(request, reverse("workshops:detail", args=[workshop.pk])))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_delete_view(request, pk: int):
    """The owner deletes a workshop and every participant's data in it."""
    workshop = get_workshop_for(request.user, pk, owner=True)
    if request.method == "POST":
        if request.POST.get("confirm") != workshop.join_code:
            messages.error(request, _("Type the workshop's code to confirm."))
        else:
            title = workshop.title
            workshop_delete(workshop=workshop)
            messages.success(
                request, _("“%(title)s” and all its data are deleted.") % {"title": title}
            )
            return redirect("workshops:dashboard")
    return render(
        request,
        "workshops/workshop_delete.html",
        {"workshop": workshop, "counts": workshop_counts(workshop)},
    )


# /org/ ---------------------------------------------------------------------


@login_required
@require_GET
def organisation_detail(request, pk: int):
    organisation, membership = get_organisation_for(request.user, pk)
    invites = []
    if membership.role == Role.OWNER:
        invites = [
            invite
            for invite in organisation.invites.filter(
                accepted_at__isnull=True, revoked_at__isnull=True
            )
            if invite.is_usable()
        ]
        for invite in invites:
            invite.url = request.build_absolute_uri(reverse("invite", args=[invite.token]))
    return render(
        request,
        "workshops/organisation.html",
        {
            "organisation": organisation,
            "membership": membership,
            "members": organisation.memberships.select_related("user").order_by("role"),
            "invites": invites,
            "invite_form": InviteForm(),
        },
    )


@login_required
@require_POST
def invite_create(request, pk: int):
    organisation, _membership = get_organisation_for(request.user, pk, owner=True)
    form = InviteForm(request.POST)
    if form.is_valid():
        services.invite_create(
            organisation=organisation, role=form.cleaned_data["role"], created_by=request.user
        )
        messages.success(
            request, _("The invitation link is ready. Send it to the person you invite.")
        )
    else:
        messages.error(request, _("Choose a role for the invitation."))
    return redirect("org:detail", pk=organisation.pk)


@login_required
@require_POST
def invite_revoke(request, pk: int, invite_pk: int):
    organisation, _membership = get_organisation_for(request.user, pk, owner=True)
    services.invite_revoke(
        invite=get_object_or_404(Invite, pk=invite_pk, organisation=organisation)
    )
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("org:detail", pk=organisation.pk)
