"""A series in a real headless Chromium: three team workshops from a
template, two team charters published and rolled up, two imported
principles merged into one (supported by 2 of 3 teams), and the
organisation charter published and downloaded as a PDF. axe on every page."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader

from principles.models import Principle
from principles.services import principle_merge
from series.models import Series
from tests.browser import log_in, require_chromium, serious_violations
from tests.conftest import add_entry
from workshops.models import Participant

pytestmark = pytest.mark.browser
require_chromium()

SHOTS = os.environ.get("SERIES_SHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def merge_team(workshop, title: str, people: int) -> None:
    """The team's room: a card from each person, merged into one principle."""
    entries = []
    for n in range(people):
        person = Participant.objects.create(workshop=workshop)
        entries.append(
            add_entry(person, f"{title}, kort {n}", question=n % 5 + 1, levels=["individual"])
        )
    principle = principle_merge(workshop=workshop, entry_ids=[e.pk for e in entries])
    Principle.objects.filter(pk=principle.pk).update(title=title, cells={"individual": title})


def publish_on_the_page(page, base: str, workshop) -> None:
    """The team's facilitator publishes its charter on the charter page."""
    from playwright.sync_api import expect

    page.goto(f"{base}/workshops/{workshop.pk}/charter/")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 is published.")).to_be_visible()


def test_a_series_from_a_template_rolled_up_into_the_organisation_charter(
    live_server, laptop_page, open_workshop
):
    from playwright.sync_api import expect

    page = laptop_page
    owner = open_workshop.created_by
    organisation = open_workshop.organisation
    log_in(page, live_server, owner)
    base = live_server.url

    # A template.
    page.goto(f"{base}/series/org/{organisation.pk}/templates/new/")
    assert serious_violations(page) == []
    shot(page, "template")
    page.get_by_label("Name", exact=True).fill("Standard")
    page.get_by_role("button", name="Save the template").click()
    expect(page.get_by_role("link", name="Standard")).to_be_visible()
    assert serious_violations(page) == []

    # A series from it, with three teams in one go.
    page.get_by_role("link", name="New series").click()
    assert serious_violations(page) == []
    page.get_by_label("Name of the series").fill("Alle afdelinger")
    page.get_by_role("button", name="Create the series").click()
    expect(page.get_by_role("heading", name="Alle afdelinger", level=1)).to_be_visible()
    for row, team in enumerate(["Akut", "Medicin", "Kirurgi"], start=1):
        page.get_by_label(f"Team {row}", exact=True).fill(team)
        page.get_by_label(f"Date {row}", exact=True).fill("2026-12-01")
    page.get_by_role("button", name="Create the team workshops").click()
    expect(page.get_by_text("3 team workshops are made.")).to_be_visible()
    assert serious_violations(page) == []
    shot(page, "series")
    series = Series.objects.get(name="Alle afdelinger")
    akut, medicin, _kirurgi = (m.workshop for m in series.members.order_by("position"))

    # Two teams merge their cards and publish their charters on the charter page.
    merge_team(akut, "Mennesket bestemmer", 6)
    merge_team(medicin, "Fagligheden først", 6)
    for workshop in (akut, medicin):
        publish_on_the_page(page, base, workshop)
    page.goto(f"{base}/series/{series.pk}/")
    # A template's team is the series owner's: listed with a link to each version.
    expect(page.get_by_role("link", name="version 1")).to_have_count(2)

    page.get_by_role("link", name="Comparison").click()
    expect(page.get_by_role("table").first).to_contain_text("<5")
    assert serious_violations(page) == []
    shot(page, "compare")

    # Roll them up, and merge the two imported principles into one.
    page.get_by_role("link", name="Organisation charter").click()
    page.get_by_label("Akut, version 1").check()
    page.get_by_label("Medicin, version 1").check()
    page.get_by_role("button", name="Import the chosen charters").click()
    expect(page.get_by_text("2 principles are imported.")).to_be_visible()
    page.get_by_label("Select “Mennesket bestemmer”").check()
    page.get_by_label("Select “Fagligheden først”").check()
    page.get_by_role("button", name="Merge the selected principles").click()
    expect(page.get_by_text("supported by 2 of 3 teams")).to_be_visible()
    assert serious_violations(page) == []
    shot(page, "rollup")

    page.get_by_role("link", name="Mennesket bestemmer").click()
    expect(page.get_by_text("Fagligheden først, kort 0")).to_be_visible()
    assert serious_violations(page) == []
    shot(page, "provenance")
    page.go_back()

    # Publish, and download the PDF.
    page.get_by_role("button", name="Publish the organisation charter").click()
    expect(page.get_by_text("Version 1 of the organisation charter is published.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    with open(download_info.value.path(), "rb") as handle:
        content = handle.read()
    assert content[:5] == b"%PDF-"
    text = " ".join(
        (p.extract_text() or "").replace("\n", " ") for p in PdfReader(io.BytesIO(content)).pages
    )
    # The appendix of contributing teams and coverage, in the series' language.
    assert "Bidragende teams" in text and "Opbakning" in text
    assert "Akut, version 1" in text and "Medicin, version 1" in text
    assert "2 af 3 teams" in text and "Alle afdelinger" in text
    assert " v1" not in text
    page.get_by_role("link", name="Open it").click()
    # The published version speaks the organisation charter's language (Danish).
    expect(page.get_by_text("Bidragende teams")).to_be_visible()
    shot(page, "version")
