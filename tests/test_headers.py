"""Response headers the pages and files promise: who may cache what, what a
share link keeps out of search engines, the PDF's ETag, the Content-Security-
Policy's styles, the language cookie, and static files' own headers."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from principles import render as render_module
from principles.models import CharterPDF
from tests.conftest import client_for
from tests.test_charter_pdf import build_charter

ROOT = Path(__file__).resolve().parent.parent
FAKE_PDF = b"%PDF-1.7 fake"


@pytest.fixture
def renders(monkeypatch):
    """render_charter_pdf() without WeasyPrint; the list of versions rendered."""
    calls: list[int] = []

    def fake(version):
        calls.append(version.pk)
        return render_module.pdf_filename(version), "application/pdf", FAKE_PDF

    monkeypatch.setattr(render_module, "render_charter_pdf", fake)
    return calls


@pytest.fixture
def published(organisation, owner):
    workshop, version = build_charter(organisation, owner, principles=2)
    link = workshop.share_links.create()
    return workshop, version, link


def file_urls(workshop, version, link) -> dict[str, tuple[str, bool]]:
    """URL -> (path, reached by a share link)."""
    urls = {
        "version page": (reverse("charters:version", args=[version.pk]), False),
        "version pdf": (reverse("charters:pdf", args=[version.pk]), False),
        "shared page": (reverse("share:page", args=[link.token]), True),
        "shared pdf": (reverse("share:pdf", args=[link.token]), True),
        "blank worksheet": (reverse("workshops:worksheet_pdf", args=[workshop.pk]), False),
    }
    for name in ("entries.csv", "entries.xlsx", "principles.csv", "principles.xlsx"):
        urls[name] = (reverse("principles:export", args=[workshop.pk, name]), False)
    urls["workshop.json"] = (
        reverse("principles:export", args=[workshop.pk, "workshop.json"]),
        False,
    )
    return urls


# Finding 9: no cache keeps personal data; share links are not indexed ------------------


def test_every_page_and_file_with_personal_data_is_private(owner, published, renders, monkeypatch):
    from workshops import paper

    monkeypatch.setattr(
        paper,
        "render_blank_worksheet_pdf",
        lambda workshop, url: ("worksheet.pdf", "application/pdf", FAKE_PDF),
    )
    client = client_for(owner)
    for name, (url, shared) in file_urls(*published).items():
        response = (client_for() if shared else client).get(url)
        assert response.status_code == 200, name
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert "private" in directives, name
        # Stored by no cache at all, or (a published PDF) revalidated by its ETag.
        assert "no-store" in directives or (
            "no-cache" in directives and response.has_header("ETag")
        ), name
        if shared:
            assert response["X-Robots-Tag"] == "noindex", name


# Finding 1: a PDF costs nothing after the first ------------------------------------


def test_the_pdf_has_an_etag_and_a_second_request_is_a_304(manager, published, renders):
    workshop, version, link = published
    for client, url in (
        (client_for(manager), reverse("charters:pdf", args=[version.pk])),
        (client_for(), reverse("share:pdf", args=[link.token])),
    ):
        first = client.get(url)
        etag = first["ETag"]
        assert etag.startswith('"') and first.getvalue() == FAKE_PDF

        again = client.get(url, headers={"if-none-match": etag})

        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        assert "private" in again["Cache-Control"]
    assert renders == [version.pk]


def test_a_304_loads_nothing_but_the_access_check(
    manager, published, renders, django_assert_max_num_queries
):
    workshop, version, link = published
    client = client_for(manager)
    url = reverse("charters:pdf", args=[version.pk])
    etag = client.get(url)["ETag"]

    # The access check (3), and the small rows the sections' stamps read:
    # records, the review plan, actions, flagged use cases. Never the PDF.
    with django_assert_max_num_queries(14) as queries:
        again = client.get(url, headers={"if-none-match": etag})

    assert again.status_code == 304
    assert not any("principles_charterpdf" in query["sql"] for query in queries.captured_queries)


def test_a_new_version_or_renderer_changes_the_etag(owner, published, renders, monkeypatch):
    workshop, version, link = published
    client = client_for()
    url = reverse("share:pdf", args=[link.token])
    etag = client.get(url)["ETag"]

    monkeypatch.setattr(render_module, "PDF_RENDERER", "test-next")
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_first_downloads_at_once_render_once(organisation, owner, monkeypatch):
    """Two first downloads of a version at once: the second waits on the
    version's row lock and serves what the first stored."""
    if not connection.features.has_select_for_update:
        pytest.skip("Row locks need PostgreSQL; SQLite keeps one PDF by its unique constraint.")
    workshop, version = build_charter(organisation, owner, principles=1)
    calls: list[int] = []

    def slow(v):
        calls.append(v.pk)
        time.sleep(0.5)
        return render_module.pdf_filename(v), "application/pdf", FAKE_PDF

    monkeypatch.setattr(render_module, "render_charter_pdf", slow)
    results: list[bytes] = []

    def download():
        try:
            results.append(render_module.stored_charter_pdf(version)[2])
        finally:
            connection.close()

    threads = [threading.Thread(target=download) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert results == [FAKE_PDF] * 3
    assert calls == [version.pk]
    assert CharterPDF.objects.filter(version=version).count() == 1


# Finding 8: no inline styles in any page -------------------------------------------------

# Rendered only by WeasyPrint, never served to a browser.
PDF_ONLY_TEMPLATES = {"workshops/worksheet_print.html", "agreements/evidence.html"}


def test_no_template_served_as_a_page_has_inline_styles():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name in PDF_ONLY_TEMPLATES:
            continue
        source = path.read_text()
        # The charter's PDF branch carries the stylesheet inline; its page links it.
        source = source.replace("{% if pdf %}<style>{{ stylesheet|safe }}</style>", "")
        if re.search(r"<style\b|\sstyle\s*=", source):
            found.append(name)
    assert found == []


def test_the_policy_allows_no_inline_styles(manager, published):
    workshop, version, link = published
    response = client_for(manager).get(reverse("charters:version", args=[version.pk]))

    policy = response["Content-Security-Policy"]
    style = next(d for d in policy.split(";") if d.strip().startswith("style-src"))
    assert style.split() == ["style-src", "'self'"]
    assert '<link rel="stylesheet" href="/static/css/charter.css">' in response.content.decode()
    assert "<style" not in response.content.decode()


# Finding 11: the language cookie, and static files ----------------------------------------


def test_the_language_cookie_is_lax_and_not_for_scripts(client, db):
    response = client.post(reverse("set_language"), {"language": "da", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "da"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
    # Secure follows the session cookie: on in production (test_project.py).
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE


@pytest.mark.parametrize("path", ["css/charter.css", "js/download.js"])
def test_static_files_are_not_sniffed_framed_or_run(client, db, path):
    response = client.get(settings.STATIC_URL.rstrip("/") + "/" + path)
    response.close()  # WhiteNoise streams the file

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
