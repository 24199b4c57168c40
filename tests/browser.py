"""Fixtures and helpers for the tests that run a real headless Chromium.

A test module that uses them sets `pytestmark = pytest.mark.browser` and
imports what it needs from here; the fixtures are registered in conftest.py.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.apps import apps
from django.db import connections
from playwright.sync_api import Error as PlaywrightError

from igloo.data import sync
from workshops.models import Organisation

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Call at module level in a browser test module."""
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is missing at {CHROMIUM}; CI must install it.", pytrace=False)
    pytest.skip(
        f"Chromium is not installed ({CHROMIUM}); install the Debian package 'chromium' "
        "to run the browser tests.",
        allow_module_level=True,
    )


# Playwright's sync API runs an event loop; the ORM calls in this test are
# still made from plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def live_server(transactional_db):
    """A server for this test only, stopped (with its connections) when it ends."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()
    # Playwright's sync API runs the test in a greenlet with a context of its
    # own, so the ORM connection opened there is not the one pytest-django
    # closes; left open, PostgreSQL refuses to drop the test database.
    connections.close_all()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    yield page
    context.close()


def _laptop(browser, locale: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale=locale)
    yield context.new_page()
    context.close()


@pytest.fixture
def laptop_page(browser):
    """A facilitator's laptop at 1440×900."""
    yield from _laptop(browser, "en-GB")


@pytest.fixture
def danish_laptop_page(browser):
    """The same laptop with a Danish browser."""
    yield from _laptop(browser, "da-DK")


def log_in(page, live_server, user) -> None:
    """Give the browser the session of a logged-in user."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # A click that follows a link returns before the next page has loaded,
    # and axe started on the old document fails once it is replaced. Wait
    # for the page to settle, and run once more if it was replaced anyway.
    page.wait_for_load_state()
    try:
        results = Axe().run(page)
    except PlaywrightError as error:
        if "documentElement" not in str(error):
            raise
        page.wait_for_load_state()
        results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def open_workshop(transactional_db):
    # A transactional test starts from empty tables: load the levels and the
    # screening's rules again.
    from screening.rules import sync as sync_rules
    from tests.conftest import make_user, make_workshop

    sync(apps)
    sync_rules(apps)
    organisation = Organisation.objects.create(name="Sygehus Øst")
    user = make_user("facilitator@example.dk", organisation)
    return make_workshop(organisation, user, teams=["Akut", "Medicin"])
