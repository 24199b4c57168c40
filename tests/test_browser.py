"""The phone journey in a real headless Chromium, offline moment included."""

from __future__ import annotations

import re

import pytest
from django.db import connections

from tests.browser import log_in, require_chromium, serious_violations
from tests.conftest import make_user, move_to, phone_saves
from workshops.models import Entry, Participant

pytestmark = pytest.mark.browser
require_chromium()


def entry_box(page, question: int, n: int):
    return page.locator(f'ol.entries[data-question="{question}"] li.entry').nth(n)


def test_phone_joins_fills_goes_offline_and_loses_nothing(live_server, phone_page, open_workshop):
    try:
        phone_journey(live_server, phone_page, open_workshop)
    finally:
        # Playwright's sync API runs this test in a greenlet with a context of
        # its own, so the ORM connection opened here is not the one
        # pytest-django closes; left open, PostgreSQL refuses to drop the
        # test database.
        connections.close_all()


def phone_journey(live_server, page, open_workshop):
    from playwright.sync_api import expect

    code = open_workshop.join_code
    page.goto(f"{live_server.url}/join/")
    assert serious_violations(page) == []

    # Typed in lower case with a space, as people do.
    page.get_by_label("Join code").fill(f"{code[:3].lower()} {code[3:].lower()}")
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(f"/j/{code}/$"))
    assert serious_violations(page) == []
    page.get_by_label("Medicin").check()
    page.get_by_label("Your name (optional)").fill("Åse")
    page.get_by_role("button", name="Start the worksheet").click()
    expect(page.get_by_role("heading", name=re.compile("What value is added"))).to_be_visible()
    assert serious_violations(page) == []

    status = page.locator("#save-status")
    page.get_by_label("Profession").fill("Sygeplejerske")
    entry_box(page, 1, 0).locator("textarea").fill("Mere tid ved sengen 🙂")
    entry_box(page, 1, 0).get_by_label("Individual").check()
    expect(status).to_have_text("All changes saved", timeout=10_000)
    participant = Participant.objects.get(workshop=open_workshop)
    assert participant.profession == "Sygeplejerske"
    assert participant.team.name == "Medicin"

    # The Wi-Fi drops; the participant keeps writing.
    page.context.set_offline(True)
    entry_box(page, 2, 0).locator("textarea").fill("Den skriver første udkast; jeg retter")
    page.locator('button[data-add="1"]').click()
    entry_box(page, 1, 1).locator("textarea").fill("Færre fejl i medicinlisten")
    entry_box(page, 1, 1).get_by_label("Organisation").check()
    entry_box(page, 5, 0).locator("textarea").fill("Omsorg og faglig dømmekraft")
    expect(status).to_contain_text("Offline", timeout=10_000)
    assert Entry.objects.filter(participant=participant).count() == 1

    page.context.set_offline(False)
    expect(status).to_have_text("All changes saved", timeout=15_000)

    stored = {
        entry.text: sorted(level.code for level in entry.suggested_levels.all())
        for entry in Entry.objects.filter(participant=participant, removed=False)
    }
    assert stored == {
        "Mere tid ved sengen 🙂": ["individual"],
        "Den skriver første udkast; jeg retter": [],
        "Færre fejl i medicinlisten": ["organisation"],
        "Omsorg og faglig dømmekraft": [],
    }

    # Reopening the link continues the same worksheet.
    page.goto(f"{live_server.url}/j/{code}/")
    expect(entry_box(page, 1, 1).locator("textarea")).to_have_value("Færre fejl i medicinlisten")

    # Removing a point, then submitting.
    entry_box(page, 1, 1).get_by_role("button", name=re.compile("Remove")).click()
    expect(page.locator("#undo")).to_contain_text("Point removed.")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your worksheet is submitted")).to_be_visible()
    participant.refresh_from_db()
    assert participant.submitted_at is not None
    assert not Entry.objects.filter(text="Færre fejl i medicinlisten", removed=False).exists()
    assert Participant.objects.filter(workshop=open_workshop).count() == 1


def test_board_is_live_and_cards_move_by_keyboard_and_by_drag(live_server, browser, open_workshop):
    try:
        board_journey(live_server, browser, open_workshop)
    finally:
        connections.close_all()


def board_journey(live_server, browser, workshop):

    from playwright.sync_api import expect

    from workshops.services import participant_join

    owner = workshop.created_by
    laptop = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    board = laptop.new_page()
    log_in(board, live_server, owner)
    board.goto(f"{live_server.url}/workshops/{workshop.pk}/board/")
    expect(board.get_by_role("heading", name="Board", exact=True)).to_be_visible()

    def column(code):
        return board.locator(f'section.column[data-level="{code}"]')

    # A phone writes; the card arrives on the open board without a reload.
    participant = participant_join(workshop=workshop, team=None, display_name="Bo")
    participant.profession = "Lærer"
    participant.save()

    def write(text, levels):
        phone_saves(participant, (1, text, levels))

    write("Mere tid til eleverne", ["individual"])
    card = column("individual").locator("li.board-card", has_text="Mere tid til eleverne")
    expect(card).to_be_visible(timeout=8_000)
    expect(card).to_contain_text("Lærer")
    expect(card).not_to_contain_text("Bo")  # names are not shown by default

    # An open editor survives the next live update.
    card.locator("summary").click()
    card.get_by_label("Wording on the board").fill("Mere tid til eleverne (udkast)")
    write("Fælles regler for brug af chatbots", [])
    expect(column("-").locator("li.board-card", has_text="Fælles regler")).to_be_visible(
        timeout=8_000
    )
    expect(card.locator("details")).to_have_attribute("open", "")
    expect(card.get_by_label("Wording on the board")).to_have_value(
        "Mere tid til eleverne (udkast)"
    )

    # Keyboard only: tick the level chips and press the button.
    card.get_by_label("Group").focus()
    board.keyboard.press("Space")
    card.get_by_label("Individual").focus()
    board.keyboard.press("Space")
    card.get_by_role("button", name="Place on these levels").focus()
    board.keyboard.press("Enter")
    moved = column("group").locator("li.board-card", has_text="Mere tid til eleverne")
    expect(moved).to_be_visible(timeout=8_000)
    expect(column("individual").locator("li.board-card", has_text="Mere tid")).to_have_count(0)
    expect(moved).to_contain_text("Suggested by the participant: Individual")

    # Drag and drop onto another column.
    dragged = column("-").locator("li.board-card", has_text="Fælles regler")
    dragged.drag_to(column("context"))
    expect(column("context").locator("li.board-card", has_text="Fælles regler")).to_be_visible(
        timeout=8_000
    )
    entry = Entry.objects.get(text="Fælles regler for brug af chatbots")
    assert entry.placed
    assert [level.code for level in entry.placed_levels.all()] == ["context"]
    assert list(entry.suggested_levels.all()) == []
    laptop.close()


def test_phone_follows_the_phase_by_itself(live_server, phone_page, open_workshop):
    try:
        from playwright.sync_api import expect

        page = phone_page
        page.goto(f"{live_server.url}/j/{open_workshop.join_code}/")
        page.get_by_label("Akut").check()
        page.get_by_role("button", name="Start the worksheet").click()
        # The worksheet's script has started: nothing to save, nothing said.
        expect(page.locator("#save-status")).to_have_attribute("data-state", "idle")

        move_to(open_workshop, "clustering")
        expect(page.get_by_text("Collection has closed.")).to_be_visible(timeout=10_000)
        expect(page.locator("textarea")).to_have_count(0)
    finally:
        connections.close_all()


def test_facilitator_merges_rewords_publishes_and_manager_downloads(
    live_server, browser, open_workshop
):
    try:
        charter_journey(live_server, browser, open_workshop)
    finally:
        connections.close_all()


def charter_journey(live_server, browser, workshop):
    import io

    from playwright.sync_api import expect
    from pypdf import PdfReader

    from principles.models import CharterVersion, Principle
    from workshops.models import Membership, Role
    from workshops.services import participant_join

    participant = participant_join(workshop=workshop, team=None, display_name="")
    phone_saves(
        participant,
        (1, "Vi deler erfaringer med AI i teamet", ["group"]),
        (4, "Fælles videndeling om gode prompts", ["group"]),
        (5, "Ærlighed om fejl", ["group"]),
    )

    laptop = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    page = laptop.new_page()
    log_in(page, live_server, workshop.created_by)
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/board/")
    page.get_by_label("Select: Vi deler erfaringer med AI i teamet").check()
    page.get_by_label("Select: Fælles videndeling om gode prompts").check()
    expect(page.locator(".merge-count")).to_have_text("2 cards selected")
    page.get_by_role("button", name="Merge selected cards").click()

    expect(page.get_by_role("heading", name="Principle", exact=True)).to_be_visible()
    page.get_by_label("Title").fill("Vi lærer af hinanden")
    page.get_by_label("Statement").fill("Når vi bruger GenAI, deler vi det, vi lærer.")
    page.get_by_label("Group", exact=True).fill("Fast punkt på teammødet: hvad har AI lært os?")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("link", name="Vi lærer af hinanden")).to_be_visible()

    principle = Principle.objects.get(workshop=workshop)
    assert sorted(e.text for e in principle.sources.all()) == [
        "Fælles videndeling om gode prompts",
        "Vi deler erfaringer med AI i teamet",
    ]

    page.get_by_role("link", name="Charter", exact=True).first.click()
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 is published.")).to_be_visible()
    version = CharterVersion.objects.get(workshop=workshop)
    assert version.content["principles"][0]["title"] == "Vi lærer af hinanden"
    laptop.close()

    # The manager reads it and downloads the PDF.
    manager = make_user("leder@example.dk")
    Membership.objects.create(user=manager, organisation=workshop.organisation, role=Role.MANAGER)
    office = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    page = office.new_page()
    log_in(page, live_server, manager)
    page.goto(f"{live_server.url}/charters/")
    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_text("Vi lærer af hinanden").first).to_be_visible()
    expect(page.get_by_text("Fast punkt på teammødet")).to_be_visible()
    pdf_link = page.get_by_role("link", name=re.compile("PDF"))
    response = page.request.get(live_server.url + pdf_link.first.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Vi lærer af hinanden" in text
    assert "Sygehus Øst" in text
    office.close()


def test_saves_survive_a_server_answering_502_for_ten_seconds(
    live_server, phone_page, open_workshop
):
    try:
        from playwright.sync_api import expect

        page = phone_page
        page.goto(f"{live_server.url}/j/{open_workshop.join_code}/")
        page.get_by_label("Akut").check()
        page.get_by_role("button", name="Start the worksheet").click()
        status = page.locator("#save-status")
        expect(status).to_have_attribute("data-state", "idle", timeout=10_000)

        # The proxy in front of the app fails: every save gets a 502.
        failed = []

        def bad_gateway(route):
            failed.append(route.request.url)
            route.fulfill(status=502, body="Bad Gateway", content_type="text/plain")

        page.route("**/save/", bad_gateway)
        entry_box(page, 1, 0).locator("textarea").fill("Skrevet mens serveren var nede")
        entry_box(page, 3, 0).locator("textarea").fill("Også dette punkt")
        expect(status).to_contain_text("Could not reach the server", timeout=10_000)
        page.wait_for_timeout(10_000)
        assert failed, "the phone did not try to save while the server failed"
        assert not Entry.objects.filter(workshop=open_workshop).exists()

        page.unroute("**/save/")
        expect(status).to_have_text("All changes saved", timeout=20_000)
        assert sorted(
            Entry.objects.filter(workshop=open_workshop).values_list("text", flat=True)
        ) == [
            "Også dette punkt",
            "Skrevet mens serveren var nede",
        ]
    finally:
        connections.close_all()


def test_phone_votes_with_its_dots(live_server, phone_page, open_workshop):
    try:
        from playwright.sync_api import expect

        from principles.models import Principle, Vote
        from workshops.services import participant_join

        participant_join(workshop=open_workshop, team=None, display_name="")
        first = Principle.objects.create(workshop=open_workshop, title="Mennesket bestemmer")
        Principle.objects.create(workshop=open_workshop, title="Tid til kerneopgaven", position=1)
        # The phone joins while the room writes (joining locks when voting
        # starts, and only those who were there may vote).
        page = phone_page
        page.goto(f"{live_server.url}/j/{open_workshop.join_code}/")
        page.get_by_label("Akut").check()
        page.get_by_role("button", name="Start the worksheet").click()
        move_to(open_workshop, "voting")
        page.reload()
        expect(page.get_by_text("You have 3 dots left.")).to_be_visible()
        assert serious_violations(page) == []

        add = page.get_by_role("button", name="Put a dot on Mennesket bestemmer")
        add.click()
        expect(page.get_by_text("You have 2 dots left.")).to_be_visible()
        add.click()
        expect(page.get_by_text("You have 1 dot left.")).to_be_visible()
        add.click()
        expect(page.get_by_text("You have 0 dots left.")).to_be_visible()
        expect(
            page.get_by_role("button", name="Put a dot on Tid til kerneopgaven")
        ).to_be_disabled()
        page.get_by_role("button", name="Take back a dot from Mennesket bestemmer").click()
        expect(page.get_by_text("You have 1 dot left.")).to_be_visible()
        assert Vote.objects.filter(principle=first).count() == 2
        assert serious_violations(page) == []
    finally:
        connections.close_all()
