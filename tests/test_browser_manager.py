"""The facilitator's and the manager's pages in a real headless Chromium: a
workshop created in Danish, the principles and charter pages under axe, and a
manager downloading the published PDF from the landing page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from principles.models import CharterVersion, Vote
from principles.services import charter_publish, principle_merge, principle_update
from tests.browser import log_in, require_chromium, serious_violations
from tests.conftest import add_entry, make_user, make_workshop
from workshops.models import Participant, Phase, Role, Workshop

pytestmark = pytest.mark.browser
require_chromium()


def published_workshop(open_workshop) -> tuple[Workshop, CharterVersion]:
    """Six levels (the charter's scopes, whose chart once had pale text), voted
    principles, and version 1 published."""
    organisation = open_workshop.organisation
    user = open_workshop.created_by
    workshop = make_workshop(
        organisation, user, scheme="charter-scopes", phase=Phase.VOTING, title="Principperne"
    )
    codes = list(workshop.scheme.levels.values_list("code", flat=True))
    people = [Participant.objects.create(workshop=workshop) for _ in range(3)]
    for index, title in enumerate(
        ["Mennesket bestemmer", "Tid til kerneopgaven", "Ingen overvågning"]
    ):
        cards = [
            add_entry(
                people[n % 3], f"{title} – punkt {n}", question=n % 5 + 1, levels=[codes[n % 6]]
            )
            for n in range(index * 4, index * 4 + 4 + index)
        ]
        principle = principle_merge(workshop=workshop, entry_ids=[c.pk for c in cards])
        principle = principle_update(
            principle=principle,
            edit_version=principle.edit_version,
            title=title,
            statement="Når vi bruger AI, tænker vi os om.",
            cells={code: f"{title} ({code})" for code in codes},
        )
        for person in people[: index + 1]:
            Vote.objects.create(principle=principle, participant=person)
    version = charter_publish(workshop=workshop, user=user, notify=False)
    workshop.phase = Phase.CHARTER
    workshop.save(update_fields=["phase"])
    return workshop, version


def test_a_danish_facilitator_creates_a_workshop_with_the_prefilled_date(
    live_server, danish_laptop_page, open_workshop
):
    from playwright.sync_api import expect

    page = danish_laptop_page
    log_in(page, live_server, open_workshop.created_by)
    page.goto(f"{live_server.url}/workshops/new/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    date = page.get_by_label("Dato")
    # The browser can read the value, so the field is not empty.
    expect(date).to_have_value(timezone.localdate().isoformat())

    page.get_by_label("Titel").fill("AI på sengeafsnittet")
    page.get_by_role("button", name="Opret workshop").click()

    expect(page.get_by_role("heading", name="AI på sengeafsnittet", level=1)).to_be_visible()
    assert "Dette felt er påkrævet" not in page.content()
    created = Workshop.objects.get(title="AI på sengeafsnittet")
    assert created.date == timezone.localdate()


def test_principles_and_charter_pages_pass_axe(live_server, laptop_page, open_workshop):
    workshop, version = published_workshop(open_workshop)
    page = laptop_page
    log_in(page, live_server, open_workshop.created_by)

    for path in (
        f"/workshops/{workshop.pk}/principles/",
        f"/workshops/{workshop.pk}/charter/",
        f"/charters/{version.pk}/",
        f"/workshops/{workshop.pk}/",
    ):
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
    # The version page carries the chart whose pale numbers failed before.
    page.goto(f"{live_server.url}/charters/{version.pk}/")
    assert page.locator("svg.counts-chart text").count() > 10


def test_a_manager_lands_on_the_charter_and_downloads_the_pdf(
    live_server, laptop_page, open_workshop
):
    from playwright.sync_api import expect

    workshop, version = published_workshop(open_workshop)
    manager = make_user("leder@example.dk", workshop.organisation, role=Role.MANAGER)
    page = laptop_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(manager.email)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Published charters", level=1)).to_be_visible()
    assert serious_violations(page) == []
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    # By its address: while it works, its name is "Preparing the PDF…".
    link = page.locator(f'a[href="/charters/{version.pk}/pdf/"]')
    expect(link).to_have_attribute("download", "")
    with page.expect_download() as download_info:
        link.click()
        # Until the file arrives the link says that it is working.
        expect(link).to_have_attribute("aria-busy", "true")
        expect(link).to_have_text("Preparing the PDF…")
    download = download_info.value
    assert re.fullmatch(r"charter-sygehus-oest-principperne-v\d+\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    expect(link).not_to_have_attribute("aria-busy", "true")
    expect(link).to_have_text("Download PDF")
