"""The whole loop after the workshop in a real headless Chromium, in one
flow through the pages (issue 11, "How it is checked"): the facilitator
publishes version 1, records a consultation with one principle not agreed,
adds two actions (one answering the record) and plans the review; time moves
to the review date and the owner's reminder goes out, and its link opens for
the owner (a manager); the facilitator starts the follow-up workshop, five
phones join, land on the rating page and rate; the board's drawer shows the
counts; the facilitator retires one principle and rewords one, publishes
version 2, and the diff shows the decisions with their reasons; version 1
keeps its record and version 2 is "not yet consulted".

FOLLOWUP_SCREENSHOTS=<dir> keeps the phone's and the facilitator's pages."""

from __future__ import annotations

import datetime
import os
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections

from agreements.models import Action, ConsultationRecord, ReviewPlan
from tests.browser import log_in, require_chromium, serious_violations
from tests.conftest import make_user
from tests.test_followup import TITLES, principles_for_v1
from workshops.models import Phase, Role, Workshop

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
    principles_for_v1(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(phase=Phase.CHARTER)
    manager = make_user("leder@example.dk", workshop.organisation, role=Role.MANAGER)
    log_in(board, live_server, workshop.created_by)

    # Publish version 1.
    board.goto(f"{url}/workshops/{workshop.pk}/charter/")
    board.get_by_role("button", name="Publish version 1").click()
    expect(board.get_by_text("Version 1 is published.")).to_be_visible()
    v1 = workshop.versions.get(number=1)

    # Record a consultation: MED agreed with remarks, the third principle not.
    board.get_by_role("link", name="Version 1 has not been through consultation yet").click()
    board.get_by_role("link", name="Record a consultation").click()
    board.get_by_label("Forum").select_option("med")
    board.get_by_label("Name of the committee").fill("Hoved-MED")
    board.get_by_label("Decided on").fill("2026-11-20")
    board.get_by_label("Name 1").fill("Lone Leder")
    board.get_by_label("Role 1").select_option("chair")
    board.get_by_label("Outcome overall").select_option("agreed_remarks")
    board.get_by_label(f"3. {TITLES[2]}").select_option("not_agreed")
    board.get_by_label(f"Disagreement on “{TITLES[2]}”").fill("Medarbejdersiden vil ikke måles")
    board.get_by_role("button", name="Save the record").click()
    expect(board.get_by_text("The record is saved. It can no longer be changed.")).to_be_visible()
    record = ConsultationRecord.objects.get(version=v1)

    # Two actions; the first answers the record.
    board.goto(f"{url}/workshops/{workshop.pk}/actions/")
    for principle, text, answers_record in [
        (TITLES[2], "Kursus i AI for alle", True),
        (TITLES[0], "Instruks om gennemlæsning af AI-udkast", False),
    ]:
        board.get_by_label("Principle").select_option(label=principle)
        board.get_by_label("Action", exact=True).fill(text)
        board.get_by_label("Owner (role)").fill("Afdelingsleder")
        if answers_record:
            board.get_by_label("Answers a consultation record").select_option(str(record.pk))
        board.get_by_role("button", name="Add the action").click()
        expect(board.get_by_text("The action is added to the plan.")).to_be_visible()
    expect(board.get_by_text("2 open actions")).to_be_visible()
    assert Action.objects.get(text="Kursus i AI for alle").record == record
    # The edit page of an action passes axe.
    board.get_by_role("link", name=re.compile("Edit Kursus i AI")).click()
    expect(board.get_by_role("heading", name="Edit action")).to_be_visible()
    assert serious_violations(board) == []

    # The review plan: the manager owns the charter.
    board.goto(f"{url}/workshops/{workshop.pk}/review/")
    board.get_by_label("Owner of the charter (role)").fill("HR-chef")
    board.get_by_label("Owner of the charter (person)").select_option(str(manager.pk))
    review_on = datetime.date.today() + datetime.timedelta(days=90)
    board.get_by_label("Next review").fill(review_on.isoformat())
    board.get_by_role("button", name="Save the review plan").click()
    expect(board.get_by_text("The review plan is saved.")).to_be_visible()
    assert ReviewPlan.objects.get().next_review == review_on

    # Time moves to the review date: the daily command mails the owner, and
    # the owner opens the link the e-mail gives.
    mail.outbox.clear()
    on_the_day = datetime.datetime.combine(review_on, datetime.time(6), tzinfo=datetime.UTC)
    with time_machine.travel(on_the_day):
        call_command("send_review_reminders", site_url=url, stdout=None)
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "due for review today" in mail.outbox[0].subject
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    owner_context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    contexts.append(owner_context)
    owner_page = owner_context.new_page()
    log_in(owner_page, live_server, manager)
    assert link.startswith(url)
    opened = owner_page.goto(link)
    assert opened.status == 200
    expect(owner_page.get_by_role("heading", name="Review of the charter")).to_be_visible()
    expect(owner_page.get_by_text("HR-chef")).to_be_visible()
    assert serious_violations(owner_page) == []

    # The facilitator starts the follow-up from the charter page.
    board.goto(f"{url}/workshops/{workshop.pk}/charter/")
    board.get_by_role("button", name="Start a follow-up workshop").click()
    expect(board.get_by_role("heading", name="Workshop – follow-up", level=1)).to_be_visible()
    expect(board.get_by_text("ready with 3 principles")).to_be_visible()
    followup = Workshop.objects.get(follows=workshop)
    board.get_by_role("button", name="Next: Collecting").click()
    expect(board.locator("strong.phase")).to_have_text("Collecting")

    # Five phones join and land on the rating page first.
    for index, answers in enumerate(ANSWERS):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
        )
        contexts.append(context)
        phone = context.new_page()
        phone.goto(f"{url}/j/{followup.join_code}/")
        phone.get_by_label("Akut", exact=True).check()
        phone.get_by_role("button", name="Start the worksheet").click()
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
            expect(
                phone.get_by_text("The facilitator reads it, without your name").first
            ).to_be_visible()
            assert serious_violations(phone) == []
            # The page fits the phone: nothing wider than the screen.
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            shot(phone, "phone-review")
        phone.get_by_role("button", name="Save and go to the worksheet").click()
        expect(phone.get_by_text("Thank you! Your answers are saved.")).to_be_visible()
        expect(phone.get_by_role("link", name="Change your ratings")).to_be_visible()

    # The board's drawer shows the ratings as counts.
    board.goto(f"{url}/workshops/{followup.pk}/board/")
    board.get_by_text("Ratings of the principles").click()
    drawer = board.locator("#drawer-ratings")
    third_row = drawer.locator("tr", has_text=TITLES[2])
    expect(third_row.locator('td[data-answer="no"]')).to_have_text("4")
    shot(board, "board-ratings")
    assert serious_violations(board) == []

    # The follow-up page: counts, the comment without its author, decisions.
    board.get_by_role("link", name="Ratings and decisions").first.click()
    expect(
        board.get_by_role("heading", name="Follow-up: are we living the charter?")
    ).to_be_visible()
    third = board.locator("section.followup-principle", has_text=TITLES[2])
    expect(third.locator('dd[data-answer="no"]')).to_have_text("4")
    third.get_by_text("1 comment").click()
    expect(third.get_by_text("Vi bliver stadig målt på skærmtid")).to_be_visible()
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
    assert serious_violations(board) == []
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
    board.goto(f"{url}/charters/{v1.pk}/")
    expect(board.get_by_text("Adopted by")).to_be_visible()
    board.goto(f"{url}/charters/{v1.pk}/consultation/")
    expect(board.get_by_text("Medarbejdersiden vil ikke måles")).to_be_visible()
    assert v1.consultations.count() == 1 and v2.consultations.count() == 0
