"""Pages of the agreements app: a draft for representatives, the action
plan, the review plan, consultation records and the overview of what is due."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from principles.access import get_version_for
from principles.services import charter_content
from workshops.access import get_workshop_for, membership_for
from workshops.models import RUNS_WORKSHOPS, Membership, Role

from . import selectors
from .forms import ActionForm, RecordForm, RemarkForm, ReviewPlanForm
from .models import Action, ConsultationRecord
from .services import (
    action_save,
    default_review_date,
    record_create,
    remark_add,
    review_plan_for,
    review_plan_save,
)

# Roles that read the charter's records and action plan; of these, only
# RUNS_WORKSHOPS change them, and representatives add remarks.
READERS = {Role.OWNER, Role.FACILITATOR, Role.MANAGER, Role.REPRESENTATIVE}
REMARKERS = {Role.OWNER, Role.FACILITATOR, Role.REPRESENTATIVE}


def _home(request, pk: int, *, roles) -> tuple:
    """The charter's home workshop for workshop `pk`, if the user's role is
    one of `roles` (else 403; another organisation's workshop is a 404)."""
    workshop = get_workshop_for(request.user, pk, run=False)
    if workshop.member_role not in roles:
        raise PermissionDenied
    home = workshop.charter_home
    home.member_role = workshop.member_role
    return workshop, home


def _published_principles(home) -> list[dict]:
    version = home.versions.order_by("-number").first()
    return version.content["principles"] if version else []


# /workshops/<pk>/draft/ : the charter being prepared, read-only -------------------


@login_required
@require_GET
def draft(request, pk: int):
    """What the next version will say, for the people who run the workshop and
    for employee representatives. Never who wrote what."""
    workshop = get_workshop_for(request.user, pk, run=False)
    if workshop.member_role not in REMARKERS:
        raise PermissionDenied
    return render(
        request,
        "agreements/draft.html",
        {"workshop": workshop, "c": charter_content(workshop), "role": workshop.member_role},
    )


# /workshops/<pk>/actions/ : the action plan ------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_list(request, pk: int):
    workshop, home = _home(request, pk, roles=READERS)
    principles = _published_principles(home)
    can_edit = home.member_role in RUNS_WORKSHOPS
    form = None
    if can_edit and principles:
        form = ActionForm(
            request.POST or None, principles=principles, prefix="new", instance=Action(charter=home)
        )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form is None:
            messages.error(request, _("Publish the charter first: actions answer its principles."))
            return redirect("agreements:actions", pk=workshop.pk)
        if form.is_valid():
            action_save(
                action=form.save(commit=False),
                user=request.user,
                principle_titles={p["id"]: p["title"] for p in principles},
            )
            messages.success(request, _("The action is added to the plan."))
            return redirect("agreements:actions", pk=workshop.pk)
    actions = list(selectors.actions_of(home))
    for action in actions:
        action.overdue = selectors.is_overdue(action)
    by_principle = [(p, [a for a in actions if a.principle_key == p["id"]]) for p in principles]
    known = {p["id"] for p in principles}
    retired = [a for a in actions if a.principle_key not in known]
    return render(
        request,
        "agreements/actions.html",
        {
            "workshop": workshop,
            "home": home,
            "form": form,
            "can_edit": can_edit,
            "by_principle": by_principle,
            "retired": retired,
            "open_count": sum(1 for a in actions if not a.is_closed),
            "overdue_count": sum(1 for a in actions if a.overdue),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int, action_pk: int):
    workshop, home = _home(request, pk, roles=RUNS_WORKSHOPS)
    action = get_object_or_404(Action, pk=action_pk, charter=home)
    principles = _published_principles(home)
    form = ActionForm(request.POST or None, principles=principles, instance=action)
    if request.method == "POST" and form.is_valid():
        action_save(
            action=form.save(commit=False),
            user=request.user,
            principle_titles={p["id"]: p["title"] for p in principles},
        )
        messages.success(request, _("The action is saved."))
        return redirect("agreements:actions", pk=workshop.pk)
    return render(
        request,
        "agreements/action_edit.html",
        {"workshop": workshop, "action": action, "form": form},
        status=400 if form.errors else 200,
    )


# /workshops/<pk>/review/ : who owns the charter, and when it is reviewed ------------


@login_required
@require_http_methods(["GET", "POST"])
def review_plan(request, pk: int):
    """Every reader of the charter sees its review plan (the owner's reminder
    links here, and the owner may be a manager or a representative); those
    who run workshops change it."""
    workshop, home = _home(request, pk, roles=READERS)
    version = home.versions.order_by("-number").first()
    plan = review_plan_for(home)
    if home.member_role not in RUNS_WORKSHOPS:
        if request.method == "POST":
            raise PermissionDenied
        return render(
            request,
            "agreements/review.html",
            {"workshop": workshop, "home": home, "version": version, "plan": plan},
        )
    people = [
        (m.user_id, m.user.get_full_name() or m.user.email)
        for m in Membership.objects.filter(organisation_id=home.organisation_id)
        .select_related("user")
        .order_by("user__email")
    ]
    initial = (
        {
            "owner_role": plan.owner_role,
            "owner": plan.owner_id,
            "next_review": plan.next_review,
            "at_annual_discussion": plan.at_annual_discussion,
            "triggers": plan.triggers,
        }
        if plan
        else {"next_review": default_review_date(version) if version else None}
    )
    form = ReviewPlanForm(
        request.POST or None,
        initial=initial,
        people=people,
        current=plan.next_review if plan else None,
    )
    if request.method == "POST":
        if version is None:
            messages.error(request, _("Publish the charter before you plan its review."))
            return redirect("agreements:review", pk=workshop.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review_plan_save(
                    home=home,
                    owner_role=data["owner_role"],
                    owner_id=data["owner"],
                    next_review=data["next_review"],
                    at_annual_discussion=data["at_annual_discussion"],
                    triggers=data["triggers"],
                )
            except DomainError as error:
                form.add_error("owner", str(error))
            else:
                messages.success(request, _("The review plan is saved."))
                return redirect("agreements:review", pk=workshop.pk)
    return render(
        request,
        "agreements/review.html",
        {"workshop": workshop, "home": home, "version": version, "plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


# /charters/<version_pk>/consultation/ : records of one published version -----------


def _version(request, version_pk: int):
    version = get_version_for(request.user, version_pk)
    membership = membership_for(request.user, version.workshop.organisation_id)
    return version, membership.role


@login_required
@require_GET
def record_list(request, version_pk: int):
    version, role = _version(request, version_pk)
    records = selectors.records_of(version)
    newest = version.workshop.versions.order_by("-number").first()
    return render(
        request,
        "agreements/records.html",
        {
            "version": version,
            "records": records,
            "can_record": role in RUNS_WORKSHOPS,
            "can_remark": role in REMARKERS,
            "remark_form": RemarkForm(),
            "newest": newest,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request, version_pk: int):
    version, role = _version(request, version_pk)
    if role not in RUNS_WORKSHOPS:
        raise PermissionDenied
    corrects = None
    corrects_pk = request.POST.get("corrects") or request.GET.get("corrects")
    if corrects_pk:
        try:
            corrects = ConsultationRecord.objects.get(pk=int(corrects_pk), version=version)
        except (ValueError, ConsultationRecord.DoesNotExist):
            raise Http404 from None
    principles = version.content["principles"]
    initial = _record_initial(corrects) if corrects and request.method == "GET" else None
    form = RecordForm(request.POST or None, principles=principles, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_create(
                version=version,
                user=request.user,
                corrects=corrects,
                forum=data["forum"],
                forum_name=data["forum_name"],
                forum_level=data["forum_level"],
                informed_on=data["informed_on"],
                discussed_on=data["discussed_on"],
                decided_on=data["decided_on"],
                members=form.members(),
                outcome=data["outcome"],
                disagreement=data["disagreement"],
                principle_outcomes=form.principle_outcomes(),
                management_remarks=data["management_remarks"],
                employee_remarks=data["employee_remarks"],
                apv_update=data["apv_update"],
                apv_responsible=data["apv_responsible"],
                apv_due=data["apv_due"],
                training=data["training"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The record is saved. It can no longer be changed."))
            return redirect("consultation:list", version_pk=version.pk)
    return render(
        request,
        "agreements/record_new.html",
        {"version": version, "form": form, "corrects": corrects},
        status=400 if form.errors else 200,
    )


def _record_initial(record: ConsultationRecord) -> dict:
    """A correction starts from the record it corrects."""
    initial = {
        name: getattr(record, name)
        for name in (
            "forum",
            "forum_name",
            "forum_level",
            "informed_on",
            "discussed_on",
            "decided_on",
            "outcome",
            "disagreement",
            "management_remarks",
            "employee_remarks",
            "apv_update",
            "apv_responsible",
            "apv_due",
            "training",
        )
    }
    for i, member in enumerate(record.members):
        initial[f"m{i}_name"] = member.get("name", "")
        initial[f"m{i}_role"] = member.get("role", "")
        initial[f"m{i}_present"] = member.get("present", False)
    for row in record.principle_outcomes:
        initial[f"p{row['id']}_outcome"] = row["outcome"]
        initial[f"p{row['id']}_disagreement"] = row["disagreement"]
    return initial


@login_required
@require_POST
def remark_add_view(request, version_pk: int, record_pk: int):
    version, role = _version(request, version_pk)
    if role not in REMARKERS:
        raise PermissionDenied
    record = get_object_or_404(ConsultationRecord, pk=record_pk, version=version)
    form = RemarkForm(request.POST)
    if form.is_valid():
        remark_add(record=record, user=request.user, role=role, text=form.cleaned_data["text"])
        messages.success(request, _("Your remark is added to the record."))
    else:
        messages.error(request, " ".join(form.errors.get("text", [_("Write a remark.")])))
    return redirect("consultation:list", version_pk=version.pk)


# /charters/overview/ : what is due across the user's organisations ------------------


@login_required
@require_GET
def overview(request):
    return render(request, "agreements/overview.html", selectors.overview(request.user))
