import pytest
from django.core.management import call_command
from django.db import connections

from tests.browser import log_in
from workshops.models import Workshop

pytestmark = pytest.mark.browser


def test_shot(live_server, browser, transactional_db):
    try:
        from django.apps import apps

        from igloo.data import sync

        sync(apps)
        call_command("demo_workshop")
        w = Workshop.objects.get()
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="da-DK")
        page = ctx.new_page()
        log_in(page, live_server, w.created_by)
        page.goto(f"{live_server.url}/workshops/{w.pk}/board/")
        page.screenshot(path="docs/board-laptop.png")
        print("ELEMENTS", page.evaluate("document.getElementsByTagName('*').length"), page.evaluate("document.querySelectorAll('li.board-card').length"))
        page.locator("li.board-card input.select").first.check()
        page.wait_for_timeout(1500)
        page.screenshot(path="/tmp/board-similar.png")
        page.goto(f"{live_server.url}/workshops/{w.pk}/board/?q=BØRN")
        page.screenshot(path="/tmp/board-search.png")
    finally:
        connections.close_all()
