"""A workshop's cards and principles as CSV, Excel and JSON.

Each export returns (filename, content type, bytes). They go to managers and
facilitators, so they carry no display names and no tokens: a participant is
a number, the same in every export of the workshop. Text is written in the
workshop's language and times in Danish time.

Anyone in the room can write "=HYPERLINK(...)"; a spreadsheet must show it as
text, so a cell that would start a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db.models import Count, Prefetch
from django.template.defaultfilters import yesno
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from workshops.models import Entry, Participant, Question, Workshop

from .models import Principle
from .render import TIME_ZONE, filename_slug

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"
MAX_COLUMN_WIDTH = 60


def neutralise(value):
    """A string a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _local(value: datetime.datetime | None) -> datetime.datetime | None:
    # Spreadsheets know no time zones: local time, without one.
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _iso(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


# What a file holds, in its name: "kort-…csv" for a Danish workshop.
FILE_KINDS = {
    "cards": pgettext_lazy("file name", "cards"),
    "principles": pgettext_lazy("file name", "principles"),
    "workshop": pgettext_lazy("file name", "workshop"),
}


def _filename(workshop: Workshop, what: str, extension: str) -> str:
    """ "kort-ai-paa-sengeafsnittet-2026-11-29.csv": in the workshop's language, ASCII."""
    with translation.override(workshop.language):
        kind = filename_slug(str(FILE_KINDS[what])) or what
    name = filename_slug(workshop.title, max_length=40) or f"workshop-{workshop.pk}"
    return f"{kind}-{name}-{workshop.date.isoformat()}.{extension}"


def _label(model, field: str | None = None) -> str:
    """A column named as the model names the field, so it shares its translation."""
    name = model._meta.get_field(field).verbose_name if field else model._meta.verbose_name
    return capfirst(str(name))


def participant_numbers(workshop: Workshop) -> dict[int, int]:
    """Participant id -> 1, 2, 3… in the order they joined: anonymous, and the
    same in every export."""
    ids = Participant.objects.filter(workshop=workshop).order_by("pk").values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(ids, start=1)}


def _entries(workshop: Workshop):
    return Entry.objects.live().filter(workshop=workshop).for_cards().order_by("question", "pk")


def _principles(workshop: Workshop):
    return (
        Principle.objects.filter(workshop=workshop)
        .annotate(vote_count=Count("votes", distinct=True))
        .prefetch_related(
            Prefetch(
                "sources",
                queryset=Entry.objects.live().order_by("question", "pk").only("pk"),
            )
        )
        .order_by("position", "pk")
    )


# Tables -----------------------------------------------------------------------------


def entries_table(workshop: Workshop) -> tuple[list[str], list[list]]:
    """Headers and rows: one row per card the participant did not remove."""
    numbers = participant_numbers(workshop)
    headers = [
        _("ID"),
        _label(Participant),
        _label(Entry, "question"),
        _("Question text"),
        _("Text"),
        _("Participant's text"),
        _("Levels"),
        _("Placed by the facilitator"),
        _("Levels suggested by the participant"),
        _label(Entry, "hidden"),
        _label(Participant, "profession"),
        _label(Participant, "team"),
        _label(Participant, "ai_kind"),
        _label(Participant, "from_paper"),
        _label(Entry, "created_at"),
    ]
    rows = []
    for entry in _entries(workshop):
        participant = entry.participant
        rows.append(
            [
                entry.pk,
                numbers.get(participant.pk),
                entry.question,
                str(Question(entry.question).label),
                entry.shown_text,
                entry.text,
                ";".join(level.name for level in entry.effective_levels),
                yesno(entry.placed),
                ";".join(level.name for level in entry.suggested_levels.all()),
                yesno(entry.hidden),
                participant.profession,
                participant.team.name if participant.team else "",
                participant.get_ai_kind_display(),
                yesno(participant.from_paper),
                _local(entry.created_at),
            ]
        )
    return headers, rows


def principles_table(workshop: Workshop) -> tuple[list[str], list[list]]:
    """Headers and rows: the principles in the charter's order."""
    levels = list(workshop.scheme.levels.all())
    headers = [
        _label(Principle, "position"),
        _label(Principle, "title"),
        _label(Principle, "statement"),
        *(level.name for level in levels),
        _("Dots"),
        _("Sources"),
        _("Source card IDs"),
    ]
    rows = []
    for position, principle in enumerate(_principles(workshop), start=1):
        sources = [entry.pk for entry in principle.sources.all()]
        rows.append(
            [
                position,
                principle.title,
                principle.statement,
                *(principle.cells.get(level.code, "") for level in levels),
                principle.vote_count,
                len(sources),
                ";".join(str(pk) for pk in sources),
            ]
        )
    return headers, rows


# Formats ----------------------------------------------------------------------------


# Danish Excel splits a double-clicked CSV on semicolons and reads decimal
# commas; other locales expect commas and points.
CSV_DIALECTS = {"da": (";", ",")}


def csv_table(headers: Sequence[str], rows: Iterable[Sequence], *, language: str) -> bytes:
    """A CSV for a spreadsheet in `language`, with a byte order mark, which is
    how Excel knows the file is UTF-8 (æøå)."""
    delimiter, decimal = CSV_DIALECTS.get(language[:2], (",", "."))

    def cell(value):
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.isoformat(sep=" ", timespec="seconds")
        if isinstance(value, float):
            return repr(value).replace(".", decimal)
        return neutralise(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in [headers, *rows]:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig", errors="replace")


def _xlsx(sheet_title: str, headers: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    def clean(value):
        if isinstance(value, str):
            # Control characters make the file one Excel refuses to open.
            return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        return value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "".join(ch for ch in sheet_title if ch not in "[]:*?/\\")[:31] or "Sheet"
    sheet.append([clean(header) for header in headers])
    for row in rows:
        sheet.append([clean(value) for value in row])

    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions

    wrap = Alignment(wrap_text=True, vertical="top")
    for index, header in enumerate(headers, start=1):
        values = [row[index - 1] for row in rows]
        longest = max(
            [len(str(header))]
            + [max(len(line) for line in str(v).splitlines() or [""]) for v in values if v]
        )
        width = min(max(longest + 2, 8), MAX_COLUMN_WIDTH)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        is_date = any(isinstance(v, datetime.datetime) for v in values)
        if longest + 2 > MAX_COLUMN_WIDTH or is_date:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if is_date:
                    cell.number_format = "yyyy-mm-dd hh:mm"
                else:
                    cell.alignment = wrap

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@contextmanager
def _in_language(workshop: Workshop):
    with translation.override(workshop.language), timezone.override(TIME_ZONE):
        yield


def entries_csv(workshop: Workshop) -> tuple[str, str, bytes]:
    with _in_language(workshop):
        headers, rows = entries_table(workshop)
    return (
        _filename(workshop, "cards", "csv"),
        CSV_TYPE,
        csv_table(headers, rows, language=workshop.language),
    )


def entries_xlsx(workshop: Workshop) -> tuple[str, str, bytes]:
    with _in_language(workshop):
        headers, rows = entries_table(workshop)
        title = _("Cards")
    return _filename(workshop, "cards", "xlsx"), XLSX_TYPE, _xlsx(title, headers, rows)


def principles_csv(workshop: Workshop) -> tuple[str, str, bytes]:
    with _in_language(workshop):
        headers, rows = principles_table(workshop)
    return (
        _filename(workshop, "principles", "csv"),
        CSV_TYPE,
        csv_table(headers, rows, language=workshop.language),
    )


def principles_xlsx(workshop: Workshop) -> tuple[str, str, bytes]:
    with _in_language(workshop):
        headers, rows = principles_table(workshop)
        title = _("Principles")
    return _filename(workshop, "principles", "xlsx"), XLSX_TYPE, _xlsx(title, headers, rows)


# JSON -------------------------------------------------------------------------------


def workshop_data(workshop: Workshop) -> dict:
    """The whole workshop as plain data, participants by number only."""
    numbers = participant_numbers(workshop)
    levels = list(workshop.scheme.levels.all())
    participants = (
        Participant.objects.filter(workshop=workshop).select_related("team").order_by("pk")
    )
    return {
        "workshop": {
            "id": workshop.pk,
            "title": workshop.title,
            "organisation": workshop.organisation.name,
            "date": workshop.date.isoformat(),
            "language": workshop.language,
            "scheme": {"slug": workshop.scheme.slug, "name": workshop.scheme.name},
            "levels": [
                {"code": level.code, "name": level.name, "igloo": level.igloo} for level in levels
            ],
            "ai_focus": workshop.ai_focus,
            "phase": workshop.phase,
            "show_names": workshop.show_names,
            "approve_first": workshop.approve_first,
            "dots_per_participant": workshop.dots_per_participant,
            "collection_started_at": _iso(workshop.collection_started_at),
            "created_at": _iso(workshop.created_at),
        },
        "teams": [team.name for team in workshop.teams.all()],
        "participants": [
            {
                "number": numbers[participant.pk],
                "team": participant.team.name if participant.team else None,
                "profession": participant.profession,
                "use_case": participant.use_case,
                "ai_kind": participant.ai_kind,
                "from_paper": participant.from_paper,
                "submitted_at": _iso(participant.submitted_at),
                "joined_at": _iso(participant.created_at),
            }
            for participant in participants
        ],
        "entries": [
            {
                "id": entry.pk,
                "participant": numbers.get(entry.participant_id),
                "question": entry.question,
                "text": entry.shown_text,
                "original_text": entry.text,
                "levels": [level.code for level in entry.effective_levels],
                "placed_by_facilitator": entry.placed,
                "suggested_levels": [level.code for level in entry.suggested_levels.all()],
                "hidden": entry.hidden,
                "approved": entry.approved,
                "created_at": _iso(entry.created_at),
            }
            for entry in _entries(workshop)
        ],
        "principles": [
            {
                "id": principle.pk,
                "position": position,
                "title": principle.title,
                "statement": principle.statement,
                "cells": {
                    level.code: principle.cells[level.code]
                    for level in levels
                    if principle.cells.get(level.code)
                },
                "votes": principle.vote_count,
                "sources": [entry.pk for entry in principle.sources.all()],
            }
            for position, principle in enumerate(_principles(workshop), start=1)
        ],
        "versions": [
            {
                "number": version.number,
                "language": version.language,
                "published_at": _iso(version.published_at),
                "content": version.content,
            }
            for version in workshop.versions.order_by("number")
        ],
    }


def workshop_json(workshop: Workshop) -> tuple[str, str, bytes]:
    with _in_language(workshop):
        data = workshop_data(workshop)
    content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8", errors="replace")
    return _filename(workshop, "workshop", "json"), JSON_TYPE, content
