"""The projector in a real headless Chromium at 1920×1080, with the demo workshop.

Every mode fits the screen without scrolling, shows what the room needs at a
size readable from the back, has no serious accessibility faults, and the
live page always equals a fresh load of it.

PROJECTOR_SCREENSHOTS=1 also saves each mode as docs/projector-<mode>.png.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections

from igloo.data import sync
from principles.management.commands.demo_workshop import FACILITATOR_EMAIL
from principles.models import Principle
from principles.services import vote_add
from tests.browser import log_in, require_chromium, serious_violations
from tests.conftest import move_to
from workshops import demo_data
from workshops.models import Participant, Phase, Workshop
from workshops.services import (
    workshop_set_projector_mode,
    workshop_start_timer,
)

pytestmark = pytest.mark.browser
require_chromium()

DOCS = Path(__file__).resolve().parent.parent / "docs"

# Each mode in the phase a facilitator would show it in.
MODES = {
    "join": Phase.DRAFT,
    "collecting": Phase.COLLECTING,
    "wall": Phase.CLUSTERING,
    "voting": Phase.VOTING,
    "results": Phase.VOTING,
    "charter": Phase.CHARTER,
}

# Outside the self-paging lists nothing may leave the screen or spill out of
# its box; the page itself may not scroll.
FIT = """() => {
  const vw = innerWidth, vh = innerHeight, out = [];
  for (const el of document.querySelectorAll('#wall *')) {
    const pager = el.closest('[data-pager]');
    if (pager && pager !== el) continue;
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    const name = el.tagName.toLowerCase() + (el.className.baseVal === undefined && el.className
      ? '.' + el.className.split(' ')[0] : '');
    if (r.bottom > vh + 1 || r.right > vw + 1 || r.top < -1 || r.left < -1) {
      out.push(name + ' off screen');
    } else if (el instanceof HTMLElement && !pager
               && getComputedStyle(el).overflow === 'visible'
               // (glyphs of large type may reach a few pixels past a tight line)
               && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 10)
               && getComputedStyle(el).display !== 'inline') {
      out.push(name + ' spills ' + (el.scrollWidth - el.clientWidth) + 'x' + (el.scrollHeight - el.clientHeight));
    }
  }
  const doc = document.documentElement;
  return {height: doc.scrollHeight, width: doc.scrollWidth, vh, vw, out};
}"""

# The live part as a fresh load would show it: the countdown's text is the
# clock's, and classes set by scripts are not the server's.
SNAPSHOT = """() => {
  const wall = document.getElementById('wall').cloneNode(true);
  wall.querySelectorAll('[data-ends-at]').forEach(el => { el.textContent = ''; el.classList.remove('timer-over'); });
  wall.querySelectorAll('*').forEach(el => {
    ['is-paged', 'htmx-added', 'htmx-settling', 'htmx-swapping', 'htmx-request'].forEach(c => el.classList.remove(c));
    if (el.getAttribute('class') === '') el.removeAttribute('class');
  });
  return wall.outerHTML;
}"""


@pytest.fixture
def demo(transactional_db):
    """The demo workshop: about 40 worksheets, voted principles, a published charter."""
    sync(apps)
    call_command("demo_workshop", stdout=io.StringIO())
    workshop = Workshop.objects.get(title=demo_data.WORKSHOP_TITLE)
    yield workshop, get_user_model().objects.get(username=FACILITATOR_EMAIL)
    # Playwright's greenlet opened ORM connections pytest-django does not close.
    connections.close_all()


def projector(browser, live_server, user, locale: str):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale=locale)
    page = context.new_page()
    log_in(page, live_server, user)
    return page


def show(workshop: Workshop, mode: str, *, timer: bool = True) -> Workshop:
    workshop = Workshop.objects.get(pk=workshop.pk)
    if workshop.phase != MODES[mode]:
        workshop = move_to(workshop, MODES[mode])
    if timer and mode in ("join", "collecting"):
        workshop_start_timer(workshop=workshop, minutes=12, label="Spørgsmål 1–3")
    return workshop_set_projector_mode(workshop=workshop, mode=mode)


def font_px(page, selector: str) -> float:
    return page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_fits_1920x1080_and_reads_from_the_back(live_server, browser, demo, mode):
    from playwright.sync_api import expect

    workshop, owner = demo
    workshop = show(workshop, mode)
    # The product's own language, as the room sees it.
    page = projector(browser, live_server, owner, "da-DK")
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/present/")
    wall = page.locator("#wall")
    expect(wall.locator(f'[data-mode="{mode}"]')).to_be_visible()
    if workshop.timer_ends_at:
        expect(page.locator("[data-ends-at]")).to_have_text(re.compile(r"^1[12]:\d\d$"))

    if os.environ.get("PROJECTOR_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / f"projector-{mode}.png"))
    fit = page.evaluate(FIT)
    assert fit["height"] <= fit["vh"], fit
    assert fit["width"] <= fit["vw"], fit
    assert fit["out"] == [], fit["out"]
    code = workshop.join_code_display

    if mode == "join":
        expect(page.locator(".presenter-code")).to_have_text(code)
        expect(page.locator(".presenter-qr svg")).to_be_visible()
        assert font_px(page, ".presenter-code") >= 150
        # The countdown is large, not the size of the URL.
        assert font_px(page, "[data-ends-at]") >= 120
        assert font_px(page, "[data-ends-at]") >= 3 * font_px(page, ".presenter-url")
        expect(page.locator("#counts")).to_contain_text("tilmeldt")
        expect(page.locator("#counts")).to_be_in_viewport(ratio=1)
    elif mode == "collecting":
        expect(page.locator(".projector-stat")).to_have_text(
            re.compile(r"^\d+ af \d+ har indsendt$")
        )
        assert font_px(page, "[data-ends-at]") >= 150
        expect(page.locator(".projector-join")).to_contain_text(code)
    elif mode == "wall":
        expect(wall.locator(".wall-column h2").first).to_be_visible()
        assert wall.locator(".wall-cards li").count() > 20
        assert font_px(page, ".wall-cards li") >= 24
        assert code not in wall.inner_text()  # joining is closed while clustering
        # Columns longer than the screen turn their pages by themselves.
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-pager]')].some(l => l.scrollTop > 0)",
            timeout=12_000,
        )
    elif mode == "voting":
        voters = Participant.objects.filter(workshop=workshop, votes__isnull=False).distinct()
        joined = Participant.objects.filter(workshop=workshop).count()
        expect(page.locator(".projector-stat")).to_have_text(
            f"{voters.count()} af {joined} har stemt"
        )
        titles = wall.locator(".projector-principles li").all_inner_texts()
        assert titles == list(
            Principle.objects.filter(workshop=workshop)
            .order_by("position", "pk")
            .values_list("title", flat=True)
        )
        assert "prik" not in wall.locator(".projector-principles").inner_text()
        expect(page.locator(".projector-join")).to_contain_text(code)
    elif mode == "results":
        dots = [int(t.split()[0]) for t in wall.locator(".results-dots").all_inner_texts()]
        assert dots == sorted(dots, reverse=True) and dots[0] > 0
        assert wall.locator(".results-dots").first.inner_text().endswith("prikker")
        assert font_px(page, ".results-title") >= 36
    elif mode == "charter":
        version = workshop.versions.order_by("-number").first()
        titles = wall.locator(".charter-principles h2").all_inner_texts()
        assert titles == [p["title"] for p in version.content["principles"]]
        assert font_px(page, ".charter-principles h2") >= 36
        assert code not in wall.inner_text()

    assert serious_violations(page) == []
    page.context.close()


def test_the_live_projector_equals_a_fresh_load(live_server, browser, demo):
    from playwright.sync_api import expect

    workshop, owner = demo
    workshop = show(workshop, "voting")
    page = projector(browser, live_server, owner, "en-GB")
    url = f"{live_server.url}/workshops/{workshop.pk}/present/"
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if r.url == url else None)
    page.goto(url)
    fresh = page.context.new_page()

    def same_as_fresh():
        fresh.goto(url)
        assert page.evaluate(SNAPSHOT) == fresh.evaluate(SNAPSHOT)

    # Nothing changes: the polls are answered 304 and the page stays as it is.
    page.wait_for_timeout(3_500)
    assert 304 in statuses
    same_as_fresh()

    # A phone votes (one that joined during voting, so the workshop lets it).
    Workshop.objects.filter(pk=workshop.pk).update(late_joiners_vote=True)
    late = Participant.objects.create(workshop=workshop)
    principle = Principle.objects.filter(workshop=workshop).first()
    before = page.locator(".projector-stat").inner_text()
    vote_add(participant=late, principle=principle)
    expect(page.locator(".projector-stat")).not_to_have_text(before, timeout=8_000)
    same_as_fresh()

    # The facilitator shows the results, then starts a timer.
    workshop_set_projector_mode(workshop=Workshop.objects.get(pk=workshop.pk), mode="results")
    expect(page.locator('[data-mode="results"]')).to_be_visible(timeout=8_000)
    same_as_fresh()
    workshop_start_timer(workshop=Workshop.objects.get(pk=workshop.pk), minutes=5, label="Pause")
    countdown = page.locator("[data-ends-at]")
    expect(countdown).to_have_text(re.compile(r"^[45]:\d\d$"), timeout=8_000)
    # It keeps counting after the morph.
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=3_000)
    same_as_fresh()

    # Joining closes: the code leaves the live projector.
    move_to(workshop, Phase.CHARTER)
    expect(page.locator('[data-mode="charter"]')).to_be_visible(timeout=8_000)
    assert workshop.join_code_display not in page.locator("#wall").inner_text()
    same_as_fresh()
    assert serious_violations(page) == []
    page.context.close()
