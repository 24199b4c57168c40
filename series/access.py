"""Who may see a series: the organisation's owners and the series' owner.
Another organisation's series is a 404; a member who is neither is a 403
(a team's facilitator sees their own workshop, not the series)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from principles.models import Principle
from workshops.access import get_organisation_for, membership_for
from workshops.models import Role

from .models import Series, WorkshopTemplate


def get_series_for(user, pk: int) -> Series:
    series = (
        Series.objects.select_related("organisation", "template", "charter").filter(pk=pk).first()
    )
    membership = membership_for(user, series.organisation_id) if series else None
    if membership is None:
        raise Http404
    if membership.role != Role.OWNER and (
        series.owner_id != user.pk or not membership.runs_workshops
    ):
        raise PermissionDenied
    return series


def get_org_for_series(user, pk: int):
    """The organisation, for those who run workshops in it."""
    organisation, membership = get_organisation_for(user, pk)
    if not membership.runs_workshops:
        raise PermissionDenied
    return organisation, membership


def get_template_for(user, pk: int) -> WorkshopTemplate:
    template = WorkshopTemplate.objects.select_related("organisation").filter(pk=pk).first()
    membership = membership_for(user, template.organisation_id) if template else None
    if membership is None:
        raise Http404
    if not membership.runs_workshops:
        raise PermissionDenied
    return template


def get_org_principle(series: Series, pk: int) -> Principle:
    principle = Principle.objects.filter(pk=pk, workshop_id=series.charter_id).first()
    if principle is None or series.charter_id is None:
        raise Http404
    return principle
