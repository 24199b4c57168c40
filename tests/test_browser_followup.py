"""The follow-up workshop in a real headless Chromium: version 1 is
published, the facilitator starts a follow-up, five phones rate the
principles, the facilitator retires one and rewords one, publishes version 2,
and the diff shows the decisions with their reasons.

FOLLOWUP_SCREENSHOTS=<dir> keeps the phone's and the facilitator's pages."""

from __future__ import annotations

import os
import re

import pytest
from django.db import connections

from agreements.models import Action
from agreements.services import record_create
from tests.browser import log_in, require_chromium, serious_violations
from tests.test_followup import TITLES, publish_v1
from workshops.models import Workshop

pytestmark = pytest.mark.browser
require_chromium()

# What each of the five phones answers for the three principles.
ANSWERS = [
    ("Yes", "Yes", "No"),
    ("Yes", "Partly", "No"),
    ("Partly", "Partly", "No"),
    ("Yes", "No", "Partly"),
    ("Yes", "Partly", "No"),
]


def shot(page, name: str) -> None:
    if os.environ.get("FOLLOWUP_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["FOLLOWUP_SCREENSHOTS"], f"{name}.png"), full_page=True
        )


def test_a_follow_up_workshop_reviews_the_charter(live_server, browser, laptop_page, open_workshop):
    contexts = []
    try:
        follow_up(live_server, browser, laptop_page, open_workshop, contexts)
    finally:
        for context in contexts:
            context.close()
        connections.close_all()


def follow_up(live_server, browser, board, workshop, contexts):
    from playwright.sync_api import expect

    url = live_server.url
    v1 = publish_v1(workshop, workshop.created_by)
    first = v1.content["principles"][0]
    Action.objects.create(
        charter=workshop,
        principle_key=first["id"],
        principle_title=first["title"],
        text="Kursus i AI for alle",
        owner_role="Afdelingsleder",
    )
    # Version 1 went through MED, with one principle not agreed.
    record_create(
        version=v1,
        user=workshop.created_by,
        forum="med",
        outcome="agreed_remarks",
        principle_outcomes=[
            {
                "id": v1.content["principles"][2]["id"],
                "title": v1.content["principles"][2]["title"],
                "outcome": "not_agreed",
                "disagreement": "Medarbejdersiden vil ikke måles",
            }
        ],
    )
    log_in(board, live_server, workshop.created_by)

    # The facilitator starts the follow-up from the charter page.
    board.goto(f"{url}/workshops/{workshop.pk}/charter/")
    board.get_by_role("button", name="Start a follow-up workshop").click()
    expect(board.get_by_role("heading", name="Workshop – follow-up", level=1)).to_be_visible()
    expect(board.get_by_text("ready with 3 principles")).to_be_visible()
    followup = Workshop.objects.get(follows=workshop)
    board.get_by_role("button", name="Next: Collecting").click()
    expect(board.locator("strong.phase")).to_have_text("Collecting")

    # Five phones join, follow the worksheet's banner and rate.
    for index, answers in enumerate(ANSWERS):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
        )
        contexts.append(context)
        phone = context.new_page()
        phone.goto(f"{url}/j/{followup.join_code}/")
        phone.get_by_label("Akut", exact=True).check()
        phone.get_by_role("button", name="Start the worksheet").click()
        expect(phone.get_by_text("First: are we living our principles?")).to_be_visible()
        phone.get_by_role("link", name="Rate the principles").click()
        expect(
            phone.get_by_role("heading", name="Are we living our principles?", level=1)
        ).to_be_visible()
        for title, answer in zip(TITLES, answers, strict=True):
            group = phone.get_by_role("group", name=re.compile(re.escape(title)))
            group.get_by_role("group", name="Do we live by it?").get_by_label(
                answer, exact=True
            ).check()
        phone.get_by_role("group", name="Kursus i AI for alle").get_by_label(
            "In progress" if index else "Done", exact=True
        ).check()
        if index == 0:
            phone.get_by_role("group", name=re.compile(TITLES[2])).get_by_label(
                "Comment (optional)"
            ).fill("Vi bliver stadig målt på skærmtid")
            assert serious_violations(phone) == []
            # The page fits the phone: nothing wider than the screen.
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            shot(phone, "phone-review")
        phone.get_by_role("button", name="Save and go to the worksheet").click()
        expect(phone.get_by_text("Thank you! Your answers are saved.")).to_be_visible()
        expect(phone.get_by_role("link", name="Change your ratings")).to_be_visible()

    # The facilitator sees the counts, from the board's link.
    board.goto(f"{url}/workshops/{followup.pk}/board/")
    board.get_by_role("link", name="Ratings and decisions").click()
    expect(
        board.get_by_role("heading", name="Follow-up: are we living the charter?")
    ).to_be_visible()
    third = board.locator("section.followup-principle", has_text=TITLES[2])
    expect(third.locator('dd[data-answer="no"]')).to_have_text("4")
    expect(third.locator('dd[data-answer="comments"]')).to_have_text("1")
    action = board.locator("tr", has_text="Kursus i AI for alle")
    expect(action.locator('dd[data-answer="in_progress"]')).to_have_text("4")
    assert serious_violations(board) == []

    # Retire the third, with a reason.
    third.get_by_label("Retire").check()
    third.get_by_label("Reason").fill("Overvågning er nu reguleret i personalepolitikken")
    third.get_by_role("button", name="Save the decision").click()
    expect(
        board.get_by_text("The decision on “Ingen overvågning” is saved: Retire.")
    ).to_be_visible()

    # Reword the second: a reason is needed, then new words.
    second = board.locator("section.followup-principle", has_text=TITLES[1])
    second.get_by_label("Reword").check()
    second.get_by_role("button", name="Save the decision").click()
    second = board.locator("section.followup-principle", has_text=TITLES[1])
    expect(second.get_by_text("Give a reason for rewording or retiring")).to_be_visible()
    second.get_by_label("Reason").fill("Kerneopgaven er også samarbejdet")
    second.get_by_role("button", name="Save the decision").click()
    second = board.locator("section.followup-principle", has_text=TITLES[1])
    second.get_by_role("link", name="Change its wording").click()
    board.get_by_label("Title").fill("Tid til kerneopgaven og hinanden")
    board.get_by_role("button", name="Save", exact=True).click()
    board.goto(f"{url}/workshops/{followup.pk}/follow-up/")
    expect(board.get_by_text("2 principles have a decision so far.")).to_be_visible()
    shot(board, "facilitator-followup")

    # Version 2 of the same charter, and what changed.
    board.get_by_role("link", name="Publish the next version").click()
    board.get_by_role("button", name="Publish version 2").click()
    expect(board.get_by_text("Version 2 is published.")).to_be_visible()
    assert list(workshop.versions.values_list("number", flat=True)) == [2, 1]
    board.goto(f"{url}/workshops/{workshop.pk}/charter/diff/")
    decisions = board.locator("table.decisions")
    expect(decisions.locator("tr.decision-retire")).to_contain_text(
        "Overvågning er nu reguleret i personalepolitikken"
    )
    expect(decisions.locator("tr.decision-reword")).to_contain_text(
        "Kerneopgaven er også samarbejdet"
    )
    expect(board.get_by_text("Tid til kerneopgaven og hinanden").first).to_be_visible()
    shot(board, "diff")

    # Version 1 keeps its record; version 2 has not been through consultation.
    board.goto(f"{url}/workshops/{workshop.pk}/charter/")
    expect(board.get_by_text("Consultation: 1 record")).to_be_visible()
    expect(
        board.get_by_role("link", name="Version 2 has not been through consultation yet")
    ).to_be_visible()
    v2 = workshop.versions.get(number=2)
    board.goto(f"{url}/charters/{v2.pk}/")
    expect(board.get_by_text("Version 2 has not been through consultation yet.")).to_be_visible()
    board.goto(f"{url}/charters/{v1.pk}/consultation/")
    expect(board.get_by_text("Medarbejdersiden vil ikke måles")).to_be_visible()
