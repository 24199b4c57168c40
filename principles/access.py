"""Who may read which published charter: every member of its organisation,
managers included. Helpers return the object or raise (404 for others)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from workshops.access import organisations_of

from .models import CharterVersion


def versions_readable_by(user):
    """Every published version of the charters of the user's organisations."""
    return CharterVersion.objects.filter(workshop__organisation__in=organisations_of(user))


def get_version_for(user, version_pk: int) -> CharterVersion:
    return get_object_or_404(versions_readable_by(user).select_related("workshop"), pk=version_pk)
