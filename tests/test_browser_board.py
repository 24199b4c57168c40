"""The live board in a real Chromium: after any action, by a phone or by the
facilitator, the open board shows exactly what a fresh load of its URL shows.

These are the failures a room saw: cards doubled per saved version, copies
left in the old column after a move, old text after a reword, a hidden card
that did not look hidden, suggestions that arrived ticked, and columns that
started below the first screen.
"""

from __future__ import annotations

import random
import time
import uuid

import pytest
from django.db import connections

from tests.browser import log_in, require_chromium, serious_violations
from tests.conftest import phone_saves
from workshops.models import Entry
from workshops.services import participant_join

pytestmark = pytest.mark.browser
require_chromium()

# The same reading of a board, for the live page and for a fresh load of its
# URL parsed by the browser: every card box with its column, text and flags.
SNAPSHOT = """
(root) => Array.from(root.querySelectorAll("li.board-card")).map((card) => [
  card.id,
  card.closest("section.column").dataset.level,
  card.querySelector(".card-text").textContent.trim(),
  card.classList.contains("is-hidden"),
  Array.from(card.querySelectorAll(".card-meta .flag")).map((f) => f.textContent.trim()).join(","),
  (card.querySelector(".card-feeds") || {textContent: ""}).textContent.trim(),
]).sort()
"""

COMPARE = f"""
async (url) => {{
  const snapshot = {SNAPSHOT};
  const response = await fetch(url, {{credentials: "same-origin", cache: "no-store"}});
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const counts = (root) => Array.from(root.querySelectorAll("section.column")).map(
    (c) => [c.dataset.level, c.querySelector("h2 .count").textContent.trim(),
            c.querySelectorAll("li.board-card").length]);
  const ids = Array.from(document.querySelectorAll("li.board-card")).map((c) => c.id);
  return {{
    live: snapshot(document), fresh: snapshot(fresh),
    liveCounts: counts(document), freshCounts: counts(fresh),
    duplicates: ids.length - new Set(ids).size,
  }};
}}
"""


def wait_until_live_equals_fresh(board, url: str, what: str, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = board.evaluate(COMPARE, url)
        same = state["live"] == state["fresh"] and state["liveCounts"] == state["freshCounts"]
        if same and state["duplicates"] == 0:
            return state
        if time.monotonic() > deadline:
            live, fresh = set(map(tuple, state["live"])), set(map(tuple, state["fresh"]))
            pytest.fail(
                f"After {what}: the live board differs from a fresh load.\n"
                f"only live: {sorted(live - fresh)}\nonly fresh: {sorted(fresh - live)}\n"
                f"counts live {state['liveCounts']} fresh {state['freshCounts']}; "
                f"duplicate ids: {state['duplicates']}"
            )
        board.wait_for_timeout(200)


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    yield context
    context.close()


def test_after_every_action_the_live_board_equals_a_fresh_load(live_server, laptop, open_workshop):
    try:
        random_room(live_server, laptop, open_workshop, seed=20261129, steps=36)
    finally:
        connections.close_all()


def random_room(live_server, laptop, workshop, *, seed: int, steps: int):
    rng = random.Random(seed)
    teams = list(workshop.teams.all())
    phones = [
        participant_join(workshop=workshop, team=teams[i % len(teams)], display_name=f"P{i}")
        for i in range(3)
    ]
    # What each phone has written: client id -> [question, text, levels, rev].
    written: dict[int, dict[uuid.UUID, list]] = {phone.pk: {} for phone in phones}
    levels = ["individual", "group", "leadership", "organisation", "context"]
    words = ["tid", "data", "ledelse", "trivsel", "kvalitet", "regler", "kurser", "ansvar"]

    def phone_save(phone, client_id, *, removed=False):
        question, text, codes, rev = written[phone.pk][client_id]
        phone_saves(phone, (client_id, question, text, codes), rev=rev, removed=removed)

    def phone_writes():
        phone = rng.choice(phones)
        client_id = uuid.uuid4()
        text = f"{rng.choice(words).capitalize()} {rng.choice(words)} {rng.randrange(1000)}"
        codes = rng.sample(levels, rng.randrange(0, 3))
        written[phone.pk][client_id] = [rng.randrange(1, 6), text, codes, 1]
        phone_save(phone, client_id)
        return f"a phone wrote {text!r} on {codes}"

    def phone_edits():
        phone = rng.choice([p for p in phones if written[p.pk]] or phones)
        if not written[phone.pk]:
            return phone_writes()
        client_id = rng.choice(list(written[phone.pk]))
        point = written[phone.pk][client_id]
        if rng.random() < 0.5:
            point[1] = point[1] + " og mere"
        else:
            point[2] = rng.sample(levels, rng.randrange(0, 3))
        point[3] += 1
        phone_save(phone, client_id)
        return f"a phone edited {point[1]!r} on {point[2]}"

    def phone_removes():
        phone = rng.choice([p for p in phones if written[p.pk]] or phones)
        if not written[phone.pk]:
            return phone_writes()
        client_id = rng.choice(list(written[phone.pk]))
        written[phone.pk][client_id][3] += 1
        phone_save(phone, client_id, removed=True)
        del written[phone.pk][client_id]
        return "a phone removed a point"

    def a_card():
        cards = board.locator("li.board-card")
        if cards.count() == 0:
            return None
        return cards.nth(rng.randrange(cards.count()))

    def open_tools(card):
        card.locator("details.card-tools > summary").click()
        # The tools are fetched when a card is opened.
        card.locator(".tools-body form").first.wait_for()

    def facilitator_hides():
        card = a_card()
        if card is None:
            return phone_writes()
        open_tools(card)
        button = card.get_by_role("button", name="Hide")
        if button.count() == 0:
            button = card.get_by_role("button", name="Show again")
        label = button.inner_text()
        button.click()
        return f"the facilitator pressed {label!r}"

    def facilitator_rewords():
        card = a_card()
        if card is None:
            return phone_writes()
        open_tools(card)
        new_text = f"Omformuleret {rng.randrange(1000)}"
        card.get_by_label("Wording on the board").fill(new_text)
        card.get_by_role("button", name="Save wording").click()
        return f"the facilitator reworded a card to {new_text!r}"

    def facilitator_places():
        card = a_card()
        if card is None:
            return phone_writes()
        open_tools(card)
        chosen = rng.sample(levels, rng.randrange(1, 3))
        for box in card.locator(".chips input").all():
            box.set_checked(box.get_attribute("value") in chosen)
        card.get_by_role("button", name="Place on these levels").click()
        return f"the facilitator placed a card on {chosen}"

    def facilitator_merges():
        boxes = board.locator("li.board-card input.select")
        if boxes.count() < 2:
            return phone_writes()
        picked = rng.sample(range(boxes.count()), 2)
        for index in picked:
            boxes.nth(index).check()
        board.get_by_role("button", name="Merge selected cards").click()
        board.wait_for_url("**/principles/**")
        board.goto(url)
        return "the facilitator merged two cards into a principle"

    actions = (
        [phone_writes] * 4
        + [phone_edits] * 3
        + [phone_removes]
        + [
            facilitator_hides,
            facilitator_rewords,
            facilitator_places,
            facilitator_places,
            facilitator_merges,
        ]
    )

    owner = workshop.created_by
    board = laptop.new_page()
    log_in(board, live_server, owner)
    url = f"{live_server.url}/workshops/{workshop.pk}/board/"
    answers = []
    board.on("response", lambda r: answers.append((r.status, r.headers.get("x-board-delta"))))
    board.goto(url)
    for _ in range(3):
        phone_writes()
    for step in range(steps):
        what = rng.choice(actions)()
        # A phone's change reaches the board with the next poll (every 3 s);
        # the check waits for it rather than asking the board to look now.
        wait_until_live_equals_fresh(board, url, f"step {step}: {what}")
    assert Entry.objects.filter(workshop=workshop, removed=False).count() > 0
    # Both kinds of answer were applied: deltas after phones' writing, the
    # full body after the facilitator's actions.
    assert (200, "1") in answers
    assert sum(1 for status, delta in answers if status == 200 and delta is None) > 3


def test_a_full_column_stays_equal_to_a_fresh_load(live_server, laptop, open_workshop):
    """A card that slides into a full column unchanged is not in a delta:
    the board notices and fetches the whole body."""
    try:
        full_column(live_server, laptop, open_workshop)
    finally:
        connections.close_all()


def full_column(live_server, laptop, workshop):
    from workshops.selectors import CARDS_PER_COLUMN

    phone = participant_join(workshop=workshop, team=None, display_name="")
    ids = [uuid.uuid4() for _ in range(CARDS_PER_COLUMN + 2)]
    # At most 20 points for each question: 13 on each of five.
    points = [(cid, 1 + i // 13, f"Ledelse {i:02d}", ["leadership"]) for i, cid in enumerate(ids)]
    phone_saves(phone, *points)
    board = laptop.new_page()
    log_in(board, live_server, workshop.created_by)
    url = f"{live_server.url}/workshops/{workshop.pk}/board/"
    board.goto(url)
    wait_until_live_equals_fresh(board, url, "the first load")
    # The facilitator is on a later card with the keyboard: it keeps the
    # focus when an earlier card leaves the column.
    later = board.locator("li.board-card", has_text="Ledelse 20").locator("summary")
    later.focus()
    phone_saves(phone, points[5], rev=2, removed=True)
    state = wait_until_live_equals_fresh(board, url, "a card left the full column")
    assert board.evaluate("document.activeElement.closest('li').textContent").count("Ledelse 20")
    texts = [card[2] for card in state["live"] if card[1] == "leadership"]
    assert len(texts) == CARDS_PER_COLUMN
    assert "Ledelse 05" not in texts and f"Ledelse {CARDS_PER_COLUMN:02d}" in texts


def test_hiding_greys_the_card_at_once_and_the_first_screen_shows_the_cards(
    live_server, laptop, open_workshop
):
    try:
        hide_and_first_screen(live_server, laptop, open_workshop)
    finally:
        connections.close_all()


def hide_and_first_screen(live_server, laptop, workshop):
    from playwright.sync_api import expect

    phone = participant_join(workshop=workshop, team=None, display_name="")
    codes = ["individual", "group", "leadership", "organisation", "context", None]
    phone_saves(
        phone,
        *(
            (
                1 + i % 5,
                f"Et punkt om arbejdet nummer {i} med lidt længere tekst end ellers",
                [codes[i % 6]] if codes[i % 6] else [],
            )
            for i in range(36)
        ),
    )
    board = laptop.new_page()
    log_in(board, live_server, workshop.created_by)
    board.goto(f"{live_server.url}/workshops/{workshop.pk}/board/")

    # The first screen is the board: every column and its first card.
    columns = board.locator("section.column")
    assert columns.count() == 6
    assert columns.first.get_attribute("data-level") == "-"
    for index in range(columns.count()):
        box = columns.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1440
        first_card = columns.nth(index).locator("li.board-card").first.bounding_box()
        assert first_card["y"] + 40 < 900, f"column {index}'s first card is below the fold"
    assert board.evaluate("document.documentElement.scrollWidth") <= 1440

    # Hide: the card greys at once, without a reload.
    card = board.locator("li.board-card", has_text="nummer 7 ").first
    card.locator("details.card-tools > summary").click()
    card.get_by_role("button", name="Hide").click()
    expect(card).to_have_class("board-card is-hidden", timeout=2_500)
    expect(card.locator(".flag", has_text="hidden")).to_be_visible()
    assert board.evaluate("getComputedStyle(document.querySelector('.is-hidden')).borderStyle") == (
        "dashed"
    )

    # Similar cards are offers: none ticked, each with its likeness, in view.
    other = board.locator("li.board-card", has_text="nummer 3 ").first
    other.locator("input.select").check()
    panel = board.locator("#similar-panel")
    expect(panel).to_be_visible(timeout=5_000)
    offers = panel.locator("input.select")
    assert offers.count() == 5
    assert all(not offers.nth(i).is_checked() for i in range(5))
    assert panel.locator("meter").count() == 5
    box = panel.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900
    expect(board.locator(".merge-count")).to_have_text("1 card selected")
    offers.first.check()
    expect(board.locator(".merge-count")).to_have_text("2 cards selected")
    # The next poll keeps the selection.
    board.evaluate("htmx.trigger(document.body, 'board-changed')")
    board.wait_for_timeout(800)
    expect(board.locator(".merge-count")).to_have_text("2 cards selected")
    assert serious_violations(board) == []

    # Search finds every word, in any order and case.
    board.get_by_label("Search", exact=True).fill("NUMMER arbejdet 12")
    board.get_by_role("button", name="Search", exact=True).click()
    expect(board.locator("li.board-card")).to_have_count(1)
