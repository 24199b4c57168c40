"""Pages of the series app: templates, a series and its teams, the
comparison across teams, and the organisation charter rolled up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from principles.exports import csv_table
from principles.models import CharterVersion
from principles.render import filename_slug
from workshops.access import get_workshop_for
from workshops.models import Role

from . import selectors, services
from .access import get_org_for_series, get_org_principle, get_series_for, get_template_for
from .forms import ImportForm, PickForm, SchemeForm, SeriesForm, TeamFormSet, TemplateForm
from .models import Series, WorkshopTemplate


def _errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# /series/org/<org_pk>/ ---------------------------------------------------------------


@login_required
@require_GET
def org_series(request, org_pk: int):
    organisation, membership = get_org_for_series(request.user, org_pk)
    series = Series.objects.filter(organisation=organisation).select_related("template")
    if membership.role != Role.OWNER:
        series = series.filter(owner=request.user)
    return render(
        request,
        "series/org.html",
        {
            "organisation": organisation,
            "templates": WorkshopTemplate.objects.filter(organisation=organisation),
            "series_list": series,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request, org_pk: int):
    organisation, _membership = get_org_for_series(request.user, org_pk)
    form = TemplateForm(
        request.POST or None,
        initial={
            "title_pattern": _("AI principles – {team}"),
            "dots_per_participant": 3,
            "cards": "focus",
            "language": "da",
        },
    )
    if request.method == "POST" and form.is_valid():
        template = services.template_save(organisation=organisation, **form.values())
        messages.success(request, _("The template “%(name)s” is saved.") % {"name": template.name})
        return redirect("series:org", org_pk=organisation.pk)
    return render(
        request,
        "series/template_form.html",
        {"organisation": organisation, "form": form, "template": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, template_pk: int):
    template = get_template_for(request.user, template_pk)
    form = TemplateForm(request.POST or None, initial=TemplateForm.initial_for(template))
    if request.method == "POST" and form.is_valid():
        services.template_save(
            organisation=template.organisation, template=template, **form.values()
        )
        messages.success(
            request,
            _("The template is saved. Workshops made from it before keep their settings."),
        )
        return redirect("series:org", org_pk=template.organisation_id)
    return render(
        request,
        "series/template_form.html",
        {"organisation": template.organisation, "form": form, "template": template},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def template_from_workshop(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    try:
        template = services.template_from_workshop(workshop=workshop)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("workshops:detail", pk=workshop.pk)
    messages.success(
        request, _("The workshop is saved as the template “%(name)s”.") % {"name": template.name}
    )
    return redirect("series:template_edit", template_pk=template.pk)


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request, org_pk: int):
    organisation, _membership = get_org_for_series(request.user, org_pk)
    form = SeriesForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(
                organisation=organisation, owner=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("series:detail", series_pk=series.pk)
    return render(
        request,
        "series/series_new.html",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


# /series/<series_pk>/ ---------------------------------------------------------------


def _detail(request, series, formset, *, status=200):
    return render(
        request,
        "series/detail.html",
        {"series": series, "members": selectors.members_of(series), "formset": formset},
        status=status,
    )


@login_required
@require_GET
def series_detail(request, series_pk: int):
    series = get_series_for(request.user, series_pk)
    return _detail(request, series, TeamFormSet(organisation=series.organisation))


@login_required
@require_POST
def series_spawn(request, series_pk: int):
    series = get_series_for(request.user, series_pk)
    formset = TeamFormSet(request.POST, organisation=series.organisation)
    if not formset.is_valid():
        messages.error(request, _("Check the teams below."))
        return _detail(request, series, formset, status=400)
    teams = [
        services.TeamPlan(
            name=form.cleaned_data["name"],
            date=form.cleaned_data["date"],
            facilitator_id=form.cleaned_data["facilitator"].pk
            if form.cleaned_data.get("facilitator")
            else None,
        )
        for form in formset
        if form.cleaned_data.get("name")
    ]
    try:
        made = services.series_spawn(series=series, teams=teams, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return _detail(request, series, formset, status=400)
    if made:
        messages.success(
            request,
            ngettext("%(n)d team workshop is made.", "%(n)d team workshops are made.", len(made))
            % {"n": len(made)},
        )
    else:
        messages.info(request, _("The series already has these teams; nothing new is made."))
    return redirect("series:detail", series_pk=series.pk)


@login_required
@require_GET
def compare(request, series_pk: int):
    series = get_series_for(request.user, series_pk)
    return render(
        request, "series/compare.html", {"series": series, "data": selectors.comparison(series)}
    )


@login_required
@require_GET
def compare_csv(request, series_pk: int):
    """The comparison as a CSV for a spreadsheet in the series' language
    (semicolons and a byte order mark for Danish Excel), named in it too."""
    series = get_series_for(request.user, series_pk)
    with translation.override(series.language):
        rows = selectors.comparison_csv_rows(series)
        kind = filename_slug(pgettext("file name", "comparison")) or "comparison"
    name = filename_slug(series.name, max_length=40) or str(series.pk)
    response = HttpResponse(
        csv_table(rows[0], rows[1:], language=series.language),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# /series/<series_pk>/rollup/ ---------------------------------------------------------


def _version_choices(series) -> list[tuple[int, str]]:
    members = {m.workshop_id: m for m in series.members.all()}
    versions = CharterVersion.objects.filter(workshop_id__in=list(members)).order_by(
        "workshop_id", "-number"
    )
    return [
        (
            v.pk,
            _("%(team)s, version %(number)d")
            % {"team": members[v.workshop_id].team_name, "number": v.number},
        )
        for v in versions
    ]


@login_required
@require_http_methods(["GET", "POST"])
def rollup(request, series_pk: int):
    series = get_series_for(request.user, series_pk)
    choices = _version_choices(series)
    form = ImportForm(request.POST or None, choices=choices, with_scheme=not series.charter_id)
    if request.method == "POST":
        if not form.is_valid():
            _errors(request, form)
            return redirect("series:rollup", series_pk=series.pk)
        versions = list(CharterVersion.objects.filter(pk__in=form.cleaned_data["versions"]))
        try:
            added = services.rollup_import(
                series=series,
                versions=versions,
                user=request.user,
                scheme=form.cleaned_data.get("scheme"),
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext("%(n)d principle is imported.", "%(n)d principles are imported.", added)
                % {"n": added},
            )
        return redirect("series:rollup", series_pk=series.pk)
    series.refresh_from_db()
    return render(
        request,
        "series/rollup.html",
        {
            "series": series,
            "form": form,
            "principles": selectors.coverage(series),
            "versions": list(series.charter.versions.order_by("-number"))
            if series.charter_id
            else [],
            "scheme_form": SchemeForm(initial={"scheme": series.charter.scheme_id})
            if series.charter_id
            else None,
        },
    )


@login_required
@require_POST
def rollup_scheme(request, series_pk: int):
    """The organisation charter's levels; its principles' cells move along."""
    series = get_series_for(request.user, series_pk)
    form = SchemeForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("series:rollup", series_pk=series.pk)
    charter = services.rollup_set_scheme(
        series=series, scheme=form.cleaned_data["scheme"], user=request.user
    )
    messages.success(
        request,
        _("The organisation charter now uses the levels of “%(scheme)s”.")
        % {"scheme": charter.scheme.name},
    )
    return redirect("series:rollup", series_pk=series.pk)


@login_required
@require_POST
def rollup_merge(request, series_pk: int):
    series = get_series_for(request.user, series_pk)
    ids = list(series.charter.principles.values_list("pk", flat=True)) if series.charter_id else []
    form = PickForm(request.POST, choices=ids)
    if not form.is_valid():
        _errors(request, form)
        return redirect("series:rollup", series_pk=series.pk)
    try:
        principle = services.rollup_merge(
            series=series, principle_ids=form.cleaned_data["principles"]
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("series:rollup", series_pk=series.pk)
    messages.success(
        request,
        _("The principles are merged into “%(title)s”. Reword it if needed.")
        % {"title": principle.title},
    )
    return redirect("series:rollup", series_pk=series.pk)


@login_required
@require_POST
def rollup_seen(request, series_pk: int, principle_pk: int):
    series = get_series_for(request.user, series_pk)
    principle = get_org_principle(series, principle_pk)
    services.rollup_seen(series=series, principle=principle)
    messages.success(request, _("Marked as seen."))
    return redirect("series:provenance", series_pk=series.pk, principle_pk=principle.pk)


@login_required
@require_POST
def rollup_publish(request, series_pk: int):
    series = get_series_for(request.user, series_pk)
    try:
        version = services.rollup_publish(
            series=series, user=request.user, site_url=request.build_absolute_uri("/")
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("series:rollup", series_pk=series.pk)
    messages.success(
        request,
        _("Version %(number)d of the organisation charter is published.")
        % {"number": version.number},
    )
    return redirect("series:rollup", series_pk=series.pk)


@login_required
@require_GET
def provenance(request, series_pk: int, principle_pk: int):
    series = get_series_for(request.user, series_pk)
    principle = get_org_principle(series, principle_pk)
    found = next(p for p in selectors.coverage(series) if p.pk == principle.pk)
    return render(request, "series/provenance.html", {"series": series, "principle": found})
