"""Suggestions in a real Chromium (issue 14): on the demo workshop, the board
in the clustering phase prepares the vectors with a progress bar, "Suggest
groups" drafts groups, and the facilitator edits one and makes it a principle.

The embedding is a small fake (words hashed into a vector): the real model is
tested in test_similarity.py, and 371 texts take it most of a minute on two
busy cores.
"""

from __future__ import annotations

import io
import os
import re
import zlib

import numpy as np
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from igloo.data import sync
from principles import embeddings
from principles.models import EntryVector, Principle
from tests.browser import log_in, require_chromium, serious_violations
from workshops import demo_data
from workshops.models import Phase, Workshop
from workshops.services import workshop_set_phase

pytestmark = pytest.mark.browser
require_chromium()


class HashedWords:
    name = "hashed-words"

    def available(self) -> bool:
        return True

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 97), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w{4,}", text.casefold()):
                rows[row, zlib.crc32(word.encode()) % 96] += 1
            rows[row, 96] = 0.5
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def demo(transactional_db, monkeypatch):
    """The demo workshop (291 cards, 143 in no principle), back in clustering."""
    monkeypatch.setattr(embeddings, "_embedder", HashedWords())
    monkeypatch.setattr(
        embeddings,
        "MEANING",
        embeddings.Method(
            "meaning",
            floor=0.3,
            ceiling=1.0,
            group_threshold=0.55,
            group_floor=0.45,
            temperature=0.05,
        ),
    )
    # A transactional test starts from empty tables: load the levels again.
    sync(apps)
    call_command("demo_workshop", stdout=io.StringIO())
    workshop = Workshop.objects.get(title=demo_data.WORKSHOP_TITLE)
    workshop = workshop_set_phase(workshop=workshop, phase=Phase.VOTING)
    return workshop_set_phase(workshop=workshop, phase=Phase.CLUSTERING)


def test_suggest_groups_on_the_demo_workshop_and_accept_one(demo, live_server, laptop_page):
    workshop = demo
    facilitator = get_user_model().objects.get(email="facilitator@example.dk")
    before = set(Principle.objects.filter(workshop=workshop).values_list("pk", flat=True))
    page = laptop_page
    log_in(page, live_server, facilitator)

    page.goto(f"{live_server.url}/workshops/{workshop.pk}/board/")
    # The board reads the cards a batch per request, with a progress bar,
    # until none is left.
    page.locator("#suggest-progress progress").wait_for(timeout=10_000)
    page.wait_for_function(
        "() => { const p = document.querySelector('#suggest-progress');"
        " return p && !p.querySelector('progress'); }",
        timeout=60_000,
    )
    assert EntryVector.objects.filter(entry__workshop=workshop).count() == 291
    if shots := os.environ.get("SUGGESTIONS_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/board.png")
    # The demo has cards on no level: the board offers level suggestions too,
    # next to the groups, inside the laptop's width.
    levels = page.get_by_role("link", name="Suggest levels")
    groups = page.get_by_role("link", name="Suggest groups")
    assert levels.is_visible()
    box, beside = levels.bounding_box(), groups.bounding_box()
    assert box["x"] + box["width"] <= 1440
    assert abs(box["y"] - beside["y"]) < box["height"]

    page.get_by_role("link", name="Suggest groups").click()
    page.get_by_role("heading", name="Draft groups").wait_for()
    assert page.locator(".method-badge").inner_text() == "By meaning"
    assert Principle.objects.filter(workshop=workshop).count() == len(before)
    first = page.locator("fieldset.draft-group").first
    selects = first.locator("select.group-select")
    cards = [int(s.get_attribute("name").removeprefix("group-")) for s in selects.all()]
    assert len(cards) >= 2
    if shots:
        page.screenshot(path=f"{shots}/groups.png")
    assert serious_violations(page) == []

    first.get_by_label("Title").fill("Tid til det vigtige")
    # The facilitator leaves the last card out of the group.
    selects.last.select_option("")
    first.get_by_role("button", name=re.compile("^Make group 1 a principle")).click()

    page.get_by_text("“Tid til det vigtige” is now a principle").wait_for()
    made = Principle.objects.filter(workshop=workshop).exclude(pk__in=before).get()
    assert made.title == "Tid til det vigtige"
    assert sorted(made.sources.values_list("pk", flat=True)) == sorted(cards[:-1])
    # The accepted cards are no longer suggested; the one left out still may be.
    remaining = page.locator("select.group-select")
    names = {s.get_attribute("name") for s in remaining.all()}
    assert not names & {f"group-{pk}" for pk in cards[:-1]}
