"""What the access table's series rows need (tests/test_permissions.py),
made the first time a row asks and kept on the table's World."""

from __future__ import annotations

from igloo.models import LevelScheme
from series.models import Series, SeriesWorkshop
from series.services import rollup_import, series_create, template_save


def template_of(w):
    if "_series_template" not in w.__dict__:
        w._series_template = template_save(
            organisation=w.organisation,
            name="Standard",
            title_pattern="AI – {team}",
            language="da",
            scheme=LevelScheme.objects.get(slug="igloo"),
            ai_focus="genai",
            extra_prompts={},
            cards="focus",
            card_keys=[],
            dots_per_participant=3,
            show_names=False,
            approve_first=False,
            preamble="",
        )
    return w._series_template


def series_of(w) -> Series:
    """A series owned by the organisation's owner, with the table's workshop as a team."""
    if "_series" not in w.__dict__:
        series = series_create(
            organisation=w.organisation, template=template_of(w), name="Alle enheder", owner=w.owner
        )
        SeriesWorkshop.objects.create(series=series, workshop=w.workshop, team_name="Akut")
        w._series = series
    return w._series


def org_principle_of(w):
    """A principle of the series' organisation charter, imported from the
    table workshop's published version."""
    if "_org_principle" not in w.__dict__:
        series = series_of(w)
        rollup_import(series=series, versions=[w.version], user=w.owner)
        series.refresh_from_db()
        w._org_principle = series.charter.principles.first()
    return w._org_principle


def template_data(w) -> dict:
    return {
        "name": "Ny skabelon",
        "title_pattern": "AI – {team}",
        "language": "da",
        "scheme": LevelScheme.objects.get(slug="igloo").pk,
        "ai_focus": "genai",
        "cards": "focus",
        "dots_per_participant": 3,
    }


def spawn_data(w) -> dict:
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Medicin",
        "form-0-date": "2026-12-01",
    }


def scheme_data(w) -> dict:
    """The organisation charter on the six scopes (series:scheme)."""
    return {"scheme": LevelScheme.objects.get(slug="charter-scopes").pk}
