"""A charter's action plan (the "APV action plan") as CSV and Excel.

Each export returns (filename, content type, bytes), like principles.exports,
in the workshop's language and Danish time. Actions carry roles and, at most,
the name of the person who owns an action: never who took part in the
workshop. A Danish workshop's CSV uses semicolons, which is what Danish
Excel splits a double-clicked file on.
"""

from __future__ import annotations

import datetime

from django.template.defaultfilters import yesno
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from principles.exports import CSV_TYPE, XLSX_TYPE, csv_table
from principles.exports import _xlsx as xlsx_table
from principles.render import TIME_ZONE, filename_slug
from workshops.models import Workshop

from .models import Action


def _label(field: str) -> str:
    """A column named as the model names the field, so it shares its translation."""
    return capfirst(str(Action._meta.get_field(field).verbose_name))


def _principle_order(home: Workshop) -> dict[int, int]:
    """A principle's id -> its place in the latest published version, so the
    plan reads in the charter's order."""
    version = home.versions.order_by("-number").first()
    principles = version.content.get("principles", []) if version else []
    return {principle["id"]: place for place, principle in enumerate(principles)}


def action_plan_table(home: Workshop) -> tuple[list[str], list[list]]:
    """Headers and rows: one row per action of the charter, in the charter's
    order of principles, then by due date."""
    today = timezone.localdate()
    order = _principle_order(home)
    actions = sorted(
        Action.objects.filter(charter=home).select_related("record__version"),
        key=lambda a: (
            order.get(a.principle_key, len(order)),
            a.principle_key,
            a.due or datetime.date.max,
            a.pk,
        ),
    )
    headers = [
        pgettext("action plan", "Principle"),
        _label("text"),
        _label("owner_role"),
        _label("owner_name"),
        _label("due"),
        _label("status"),
        _label("status_note"),
        _label("answers"),
        pgettext("action plan", "Overdue"),
    ]
    rows = [
        [
            action.principle_title,
            action.text,
            action.owner_role,
            action.owner_name,
            action.due,
            action.get_status_display(),
            action.status_note,
            " · ".join(
                filter(None, [action.record.label if action.record else "", action.answers])
            ),
            yesno(bool(action.due and action.due < today and not action.is_closed)),
        ]
        for action in actions
    ]
    return headers, rows


def action_plan_filename(home: Workshop, extension: str) -> str:
    """ "apv-handlingsplan-sygehus-oest.csv": in the workshop's language, ASCII."""
    kind = filename_slug(pgettext("file name", "apv-action-plan")) or "apv-action-plan"
    name = filename_slug(home.organisation.name, max_length=40)
    return f"{kind}-{name}.{extension}" if name else f"{kind}-{home.pk}.{extension}"


def action_plan_csv(home: Workshop) -> tuple[str, str, bytes]:
    with translation.override(home.language), timezone.override(TIME_ZONE):
        headers, rows = action_plan_table(home)
        filename = action_plan_filename(home, "csv")
    return filename, CSV_TYPE, csv_table(headers, rows, language=home.language)


def action_plan_xlsx(home: Workshop) -> tuple[str, str, bytes]:
    with translation.override(home.language), timezone.override(TIME_ZONE):
        headers, rows = action_plan_table(home)
        filename = action_plan_filename(home, "xlsx")
        title = _("APV action plan")
    return filename, XLSX_TYPE, xlsx_table(title, headers, rows)
