"""The screening in a real headless Chromium: a facilitator merges two
spellings of one use case, screens another as monitoring performance in a
municipality, and the charter's PDF lists it with its next steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

from screening.models import FlagRule, UseCase
from tests.browser import log_in, require_chromium, serious_violations
from tests.test_browser_manager import published_workshop
from tests.test_charter_pdf import pdf_pages, squeeze
from workshops.models import Participant

pytestmark = pytest.mark.browser
require_chromium()


def test_merge_screen_and_the_pdf_lists_the_flags(live_server, laptop_page, open_workshop):
    from playwright.sync_api import expect

    try:
        workshop, version = published_workshop(open_workshop)
        for name, profession in [
            ("Copilot", "Sekretær"),
            ("Microsoft Copilot", "Sagsbehandler"),
            ("Måling af tempo i hjemmeplejen", "Leder"),
        ]:
            Participant.objects.create(workshop=workshop, use_case=name, profession=profession)
        page = laptop_page
        log_in(page, live_server, open_workshop.created_by)
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/")
        page.get_by_role("link", name="3 AI use cases").click()
        expect(page.get_by_role("heading", name="AI use cases", level=1)).to_be_visible()
        assert serious_violations(page) == []

        page.get_by_label("Select “Copilot”").check()
        page.get_by_label("Select “Microsoft Copilot”").check()
        page.get_by_label("Keep the name “Microsoft Copilot”").check()
        page.get_by_role("button", name="Merge the selected use cases").click()
        expect(page.get_by_text("Merged into “Microsoft Copilot”.")).to_be_visible()
        expect(
            page.get_by_role("row", name="Microsoft Copilot 2 spellings Named on 2 worksheets")
        ).to_be_visible()

        page.get_by_role("link", name="Måling af tempo i hjemmeplejen").click()
        expect(page.get_by_role("button", name="Save the screening")).to_be_visible()
        assert serious_violations(page) == []
        for key in ("evaluate", "public"):
            question = FlagRule.objects.get(question__key=key).question
            page.get_by_role("group", name=question.text_en).get_by_label("Yes").check()
        control = FlagRule.objects.get(question__key="control").question
        page.get_by_role("group", name=control.text_en).get_by_label("Don't know").check()
        page.get_by_role("button", name="Save the screening").click()
        expect(page.get_by_text("The screening is saved.")).to_be_visible()
        expect(page.get_by_role("heading", name="2 flags")).to_be_visible()
        expect(
            page.locator(".flag-title", has_text="Fundamental-rights impact assessment")
        ).to_be_visible()
        expect(page.get_by_text("1 question is answered “don't know”.")).to_be_visible()
        assert serious_violations(page) == []

        # The board counts the flags, never the projector.
        page.goto(f"{live_server.url}/workshops/{workshop.pk}/board/")
        expect(page.get_by_text("2 flags to look at")).to_be_visible()

        with page.expect_download() as download:
            page.goto(f"{live_server.url}/charters/{version.pk}/")
            page.get_by_role("link", name="Download PDF").click()
        text = squeeze("\n".join(pdf_pages(Path(download.value.path()).read_bytes())))
        assert "Usecasesthatneedspecialattention" in text
        assert "Målingaftempoihjemmeplejen" in text
        for key in ("evaluate-high-risk", "public-fria"):
            rule = FlagRule.objects.get(key=key)
            assert squeeze(rule.step_en) in text
        assert UseCase.objects.filter(workshop=workshop).count() == 2
    finally:
        connections.close_all()
