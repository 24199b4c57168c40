"""After the workshop, in a real headless Chromium: the facilitator records a
consultation in which one principle is not agreed, adds two actions and plans
the review; the reminder goes out on the day; a manager reads it all on the
charter's page; an employee representative remarks on the record; and every
new page passes axe."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections

from agreements.models import Action, ConsultationRecord, RecordRemark, ReviewPlan
from tests.browser import log_in, require_chromium, serious_violations
from tests.conftest import make_user
from tests.test_browser_manager import published_workshop
from workshops.models import Role

pytestmark = pytest.mark.browser
require_chromium()


def test_consultation_actions_and_review_after_publishing(
    live_server, laptop_page, open_workshop, browser
):
    from playwright.sync_api import expect

    try:
        workshop, version = published_workshop(open_workshop)
        owner = open_workshop.created_by
        page = laptop_page
        log_in(page, live_server, owner)

        # The charter page says version 1 has not been consulted, and leads there.
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/charter/")
        page.get_by_role("link", name="Version 1 has not been through consultation yet").click()
        assert serious_violations(page) == []
        page.get_by_role("link", name="Record a consultation").click()
        assert serious_violations(page) == []
        page.get_by_label("Forum").select_option("med")
        page.get_by_label("Name of the committee").fill("Hoved-MED")
        page.get_by_label("Informed on").fill("2026-11-01")
        page.get_by_label("Discussed on").fill("2026-11-10")
        page.get_by_label("Decided on").fill("2026-11-20")
        page.get_by_label("Name 1").fill("Lone Leder")
        page.get_by_label("Role 1").select_option("chair")
        page.get_by_label("Present 1").check()
        page.get_by_label("Outcome overall").select_option("agreed_remarks")
        page.get_by_label("3. Ingen overvågning").select_option("not_agreed")
        page.get_by_role("button", name="Save the record").click()
        # Not agreed without the disagreement: refused, and what was typed stays.
        expect(page.get_by_role("alert")).to_contain_text("Record the disagreement on")
        expect(page.get_by_label("Name 1")).to_have_value("Lone Leder")
        page.get_by_label("Disagreement on “Ingen overvågning”").fill(
            "Medarbejdersiden vil ikke have målinger af den enkelte."
        )
        page.get_by_role("button", name="Save the record").click()
        expect(
            page.get_by_text("The record is saved. It can no longer be changed.")
        ).to_be_visible()
        expect(page.get_by_text("Medarbejdersiden vil ikke have målinger")).to_be_visible()
        assert ConsultationRecord.objects.get().principle_outcomes[0]["outcome"] == "not_agreed"

        # Two actions.
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/actions/")
        for principle, text, due in [
            ("Mennesket bestemmer", "Instruks om gennemlæsning af AI-udkast", "2027-01-15"),
            ("Tid til kerneopgaven", "Opfølgning på den sparede tid i teamet", "2027-03-01"),
        ]:
            page.get_by_label("Principle").select_option(label=principle)
            page.get_by_label("Action", exact=True).fill(text)
            page.get_by_label("Owner (role)").fill("afdelingsleder")
            page.get_by_label("Due").fill(due)
            page.get_by_role("button", name="Add the action").click()
            expect(page.get_by_text("The action is added to the plan.")).to_be_visible()
        expect(page.get_by_text("2 open actions")).to_be_visible()
        assert serious_violations(page) == []
        assert Action.objects.filter(charter=workshop).count() == 2

        # The review plan: the owner is the manager, a year on.
        manager = make_user("leder@example.dk", workshop.organisation, role=Role.MANAGER)
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/review/")
        assert serious_violations(page) == []
        page.get_by_label("Owner of the charter (role)").fill("HR-chef")
        page.get_by_label("Owner of the charter (person)").select_option(str(manager.pk))
        page.get_by_label("Next review").fill("2027-11-20")
        page.get_by_role("button", name="Save the review plan").click()
        expect(page.get_by_text("The review plan is saved.")).to_be_visible()
        assert ReviewPlan.objects.get().next_review == datetime.date(2027, 11, 20)

        # Time moves on to the review date: the daily command mails the owner.
        mail.outbox.clear()
        with time_machine.travel(datetime.datetime(2027, 11, 20, 7, tzinfo=datetime.UTC)):
            call_command("send_review_reminders", stdout=None)
        assert [m.to for m in mail.outbox] == [[manager.email]]
        assert "due for review today" in mail.outbox[0].subject

        # The manager reads the record and the plan on the charter's page.
        manager_context = browser.new_context(
            viewport={"width": 1440, "height": 900}, locale="en-GB"
        )
        manager_page = manager_context.new_page()
        log_in(manager_page, live_server, manager)
        manager_page.goto(f"{live_server.url}/charters/{version.pk}/")
        expect(manager_page.get_by_text("Adopted by")).to_be_visible()
        expect(
            manager_page.get_by_role("heading", name="Consideration in the cooperation bodies")
        ).to_be_visible()
        expect(manager_page.get_by_text("Instruks om gennemlæsning af AI-udkast")).to_be_visible()
        assert serious_violations(manager_page) == []
        manager_page.goto(f"{live_server.url}/charters/overview/")
        expect(manager_page.get_by_text("Opfølgning på den sparede tid i teamet")).to_be_visible()
        assert serious_violations(manager_page) == []
        manager_context.close()

        # An employee representative adds a remark, and can't edit the charter.
        amr = make_user("amr@example.dk", workshop.organisation, role=Role.REPRESENTATIVE)
        amr_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
        amr_page = amr_context.new_page()
        log_in(amr_page, live_server, amr)
        amr_page.goto(f"{live_server.url}/workshops/")
        amr_page.get_by_role("link", name=workshop.title, exact=True).click()
        expect(amr_page.get_by_role("heading", name="Draft charter")).to_be_visible()
        assert serious_violations(amr_page) == []
        amr_page.goto(f"{live_server.url}/charters/{version.pk}/consultation/")
        amr_page.get_by_label("Add a remark").fill("AMR: husk oplæring før start.")
        amr_page.get_by_role("button", name="Add the remark").click()
        expect(amr_page.get_by_text("AMR: husk oplæring før start.")).to_be_visible()
        assert serious_violations(amr_page) == []
        assert RecordRemark.objects.get().author == amr
        response = amr_page.goto(f"{live_server.url}/workshops/{workshop.pk}/charter/")
        assert response.status == 403
        amr_context.close()
    finally:
        connections.close_all()
