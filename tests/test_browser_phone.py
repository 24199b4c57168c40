"""The phone at 390×844 in a real headless Chromium: one way to hand in, undo
for a removed point, a compact worksheet, voting and every phase checked by axe."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser import require_chromium, serious_violations
from tests.conftest import phone_for
from workshops.models import Entry, Participant, Phase, Workshop
from workshops.services import participant_join, workshop_counts

pytestmark = pytest.mark.browser
require_chromium()


def phone_of(page, live_server, workshop: Workshop, *, language="da") -> Participant:
    """A joined phone: the participant's cookie and a language in the browser."""
    participant = participant_join(
        workshop=workshop, team=workshop.teams.first(), display_name="Åse"
    )
    jar = phone_for(participant).cookies
    jar["django_language"] = language
    page.context.add_cookies(
        [{"name": key, "value": jar[key].value, "url": live_server.url} for key in jar]
    )
    return participant


def open_sheet(page, live_server, workshop: Workshop) -> None:
    page.goto(f"{live_server.url}/w/{workshop.public_id}/")


def entry(page, question: int, n: int):
    return page.locator(f'ol.entries[data-question="{question}"] li.entry').nth(n)


def set_phase(workshop: Workshop, phase: str, **fields) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase, **fields)
    workshop.refresh_from_db()


# One way to hand in -------------------------------------------------------------------


def test_one_submit_confirms_once_with_a_summary_and_counts_once(
    live_server, phone_page, open_workshop
):
    from playwright.sync_api import expect

    page = phone_page
    participant = phone_of(page, live_server, open_workshop)
    open_sheet(page, live_server, open_workshop)
    status = page.locator("#save-status")
    # Nothing typed yet: the save status says nothing.
    expect(status).to_be_hidden()
    expect(page.get_by_role("button", name="Jeg er færdig")).to_have_count(0)

    page.get_by_label("Profession").fill("Sygeplejerske")
    entry(page, 1, 0).locator("textarea").fill("Mere tid ved sengen")
    entry(page, 3, 0).locator("textarea").fill("Den foreslår, jeg beslutter")
    expect(status).to_have_text("Alle ændringer er gemt", timeout=10_000)
    page.get_by_role("button", name="Indsend").click()

    box = page.locator("#submitted")
    expect(box).to_contain_text("Dit arbejdsark er indsendt")
    expect(box).to_contain_text("2 punkter")
    expect(box).to_contain_text("pr. spørgsmål: 1 · 0 · 1 · 0 · 0")
    expect(box).to_contain_text("Sygeplejerske")
    # One message: no flash on top of it, no "done" box, no "saved" banner.
    assert page.locator(".messages").count() == 0
    assert page.get_by_text("indsendt", exact=False).count() == 1
    expect(status).to_be_hidden()
    assert page.locator(".done-form").count() == 0
    assert serious_violations(page) == []

    participant.refresh_from_db()
    assert participant.submitted_at is not None
    counts = workshop_counts(open_workshop)
    assert (counts["joined"], counts["submitted"]) == (1, 1)

    # Submitting again after an edit still counts once.
    entry(page, 1, 0).locator("textarea").fill("Mere tid ved sengen, hver dag")
    with page.expect_navigation():
        page.get_by_role("button", name="Indsend igen").click()
    expect(page.locator("#submitted")).to_contain_text("2 punkter")
    assert workshop_counts(open_workshop)["submitted"] == 1
    assert Entry.objects.filter(text="Mere tid ved sengen, hver dag").exists()


# Undo for a removed point ----------------------------------------------------------------


def test_undo_brings_a_removed_point_back_and_nothing_is_lost_offline_or_after_reload(
    live_server, phone_page, open_workshop
):
    from playwright.sync_api import expect

    page = phone_page
    participant = phone_of(page, live_server, open_workshop, language="en")
    open_sheet(page, live_server, open_workshop)
    status = page.locator("#save-status")
    entry(page, 1, 0).locator("textarea").fill("Første punkt")
    page.locator('button[data-add="1"]').click()
    entry(page, 1, 1).locator("textarea").fill("Andet punkt")
    entry(page, 1, 1).get_by_label("Group").check()
    expect(status).to_have_text("All changes saved", timeout=10_000)

    # Offline, the participant edits the point, removes it by mistake and undoes.
    page.context.set_offline(True)
    entry(page, 1, 1).locator("textarea").fill("Andet punkt, rettet offline")
    entry(page, 1, 1).get_by_role("button", name="Remove point 2").click()
    expect(page.locator("ol.entries[data-question='1'] li.entry")).to_have_count(1)
    undo = page.locator("#undo").get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    expect(page.locator("#undo")).to_contain_text("Point removed.")
    undo.click()
    expect(page.locator("#undo")).to_have_text("Point restored.")
    expect(entry(page, 1, 1).locator("textarea")).to_have_value("Andet punkt, rettet offline")
    expect(entry(page, 1, 1).get_by_label("Group")).to_be_checked()
    expect(entry(page, 1, 1).locator("textarea")).to_be_focused()

    page.context.set_offline(False)
    expect(status).to_have_text("All changes saved", timeout=15_000)
    page.reload()
    expect(entry(page, 1, 1).locator("textarea")).to_have_value("Andet punkt, rettet offline")

    # A reload inside the undo time keeps the point: it was never sent as removed.
    entry(page, 1, 0).get_by_role("button", name="Remove point 1").click()
    page.reload()
    expect(page.locator("ol.entries[data-question='1'] li.entry")).to_have_count(2)

    # Left alone, the removal is sent when the undo time has passed.
    page.evaluate("document.getElementById('worksheet').dataset.undoMs = '600'")
    first_id = entry(page, 1, 0).get_attribute("data-id")
    entry(page, 1, 0).get_by_role("button", name="Remove point 1").click()
    expect(page.locator("#undo")).to_be_empty(timeout=5_000)
    expect(status).to_have_text("All changes saved", timeout=10_000)
    kept = Entry.objects.filter(participant=participant, removed=False)
    assert [e.text for e in kept] == ["Andet punkt, rettet offline"]
    assert Entry.objects.get(client_id=first_id).removed is True
    page.reload()
    expect(page.locator("ol.entries[data-question='1'] li.entry")).to_have_count(1)
    expect(entry(page, 1, 0).locator("textarea")).to_have_value("Andet punkt, rettet offline")


# A compact worksheet -------------------------------------------------------------------


def test_a_point_with_its_chips_is_compact_and_its_box_grows(
    live_server, phone_page, open_workshop
):

    page = phone_page
    phone_of(page, live_server, open_workshop)
    open_sheet(page, live_server, open_workshop)
    point = entry(page, 1, 0)
    textarea = point.locator("textarea")
    textarea.fill("Kort")

    assert point.bounding_box()["height"] <= 150
    chip_tops = {round(chip.bounding_box()["y"]) for chip in point.locator(".chip").all()}
    assert len(chip_tops) == 1, "the level chips are on one line"
    remove = point.get_by_role("button", name="Fjern punkt 1")
    chips = point.locator(".chip-row").bounding_box()
    assert remove.bounding_box()["y"] + remove.bounding_box()["height"] < chips["y"]

    short = textarea.bounding_box()["height"]
    textarea.fill("Et langt punkt om, hvordan AI kan hjælpe i hverdagen. " * 5)
    tall = textarea.bounding_box()["height"]
    assert tall > short + 40
    # The whole text shows: no inner scrolling.
    assert textarea.evaluate("t => t.scrollHeight <= t.clientHeight + 1")


# Voting ---------------------------------------------------------------------------------


def test_voting_shows_no_done_box_nor_finished_timer_and_spent_buttons_look_disabled(
    live_server, phone_page, open_workshop
):
    from playwright.sync_api import expect

    from principles.models import Principle

    page = phone_page
    phone_of(page, live_server, open_workshop)
    Principle.objects.create(workshop=open_workshop, title="Mennesket beslutter", position=1)
    Principle.objects.create(workshop=open_workshop, title="Åbenhed om AI", position=2)
    set_phase(
        open_workshop,
        Phase.VOTING,
        dots_per_participant=1,
        step=1,
        timer_label="Runde 1",
        timer_ends_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    open_sheet(page, live_server, open_workshop)

    expect(page.get_by_text("Du har 1 prik tilbage.")).to_be_visible()
    expect(page.get_by_text("Sæt din 1 prik på det princip")).to_be_visible()
    assert page.locator(".done-form, [name=done]").count() == 0
    assert page.locator("#room [data-ends-at]").count() == 0

    page.locator("button[id^=vote-add-]").first.click()
    expect(page.get_by_text("Du har 0 prikker tilbage.")).to_be_visible()
    spent = page.locator("button[id^=vote-add-]").first
    live = page.locator("button[id^=vote-remove-]").first
    expect(spent).to_be_disabled()
    expect(live).to_be_enabled()

    def look(button):
        return button.evaluate(
            "b => { const s = getComputedStyle(b); return [s.opacity, s.cursor, s.backgroundColor]; }"
        )

    assert look(spent) != look(live)
    assert look(spent)[1] == "not-allowed"
    assert float(look(spent)[0]) < 1
    assert serious_violations(page) == []


# Every phase on the phone passes axe ------------------------------------------------------


def test_the_phone_passes_axe_in_every_phase(live_server, phone_page, open_workshop):
    from playwright.sync_api import expect

    from principles.models import Principle

    page = phone_page
    participant = phone_of(page, live_server, open_workshop)
    Principle.objects.create(workshop=open_workshop, title="Mennesket beslutter", position=1)
    Entry.objects.create(
        workshop=open_workshop, participant=participant, question=1, text="Mere tid", rev=1
    )
    found = {}
    for phase in (Phase.DRAFT, Phase.COLLECTING, Phase.CLUSTERING, Phase.VOTING, Phase.CHARTER):
        set_phase(
            open_workshop, phase, timer_ends_at=timezone.now() + datetime.timedelta(minutes=5)
        )
        open_sheet(page, live_server, open_workshop)
        expect(page.locator("h1")).to_be_visible()
        found[phase] = serious_violations(page)
        shows_timer = page.locator("#room [data-ends-at]").count() == 1
        assert shows_timer == (phase in (Phase.COLLECTING, Phase.VOTING)), phase
    assert found == {phase: [] for phase in found}
