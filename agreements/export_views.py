"""Downloads of the agreements app: a charter's APV action plan, and the
organisation's AI-literacy record. Every member of the organisation may
download them (managers and employee representatives read the action plan);
another organisation's are a 404."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from workshops.access import get_organisation_for, get_workshop_for

from . import evidence, exports

ACTION_PLAN_EXPORTS = {
    "action-plan.csv": exports.action_plan_csv,
    "action-plan.xlsx": exports.action_plan_xlsx,
}

EVIDENCE_EXPORTS = {
    "evidence.pdf": evidence.render_evidence_pdf,
    "evidence.csv": evidence.evidence_csv,
}


def _download(filename: str, content_type: str, content: bytes) -> FileResponse:
    response = FileResponse(
        io.BytesIO(content), content_type=content_type, filename=filename, as_attachment=True
    )
    # Made on each request from what may change; no cache keeps it.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def action_plan_export(request, pk: int, name: str):
    """The action plan of the charter this workshop belongs to: a follow-up
    workshop's link downloads its charter's plan."""
    workshop = get_workshop_for(request.user, pk, run=False)
    if name not in ACTION_PLAN_EXPORTS:
        raise Http404
    return _download(*ACTION_PLAN_EXPORTS[name](workshop.charter_home))


@login_required
@require_GET
def evidence_export(request, pk: int, name: str):
    organisation, _membership = get_organisation_for(request.user, pk)
    if name not in EVIDENCE_EXPORTS:
        raise Http404
    return _download(*EVIDENCE_EXPORTS[name](organisation, language=get_language()))
