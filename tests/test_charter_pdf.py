"""The published charter as a page and as a PDF: content, layout across pages,
escaping of the room's text, the chart, and both languages."""

from __future__ import annotations

import io
import os
import re
import socket

import pytest
from django.utils import translation

from core import pdf as pdf_module
from principles import render as render_module
from principles.chart import counts_chart_svg
from principles.models import CharterVersion, Vote
from principles.render import render_charter_html, render_charter_pdf
from principles.services import charter_for, charter_publish, principle_merge, principle_update
from tests.conftest import add_entry, make_workshop
from workshops.models import Entry, Participant, Phase, Workshop

DANISH = "æøå ÆØÅ"
IGLOO_EN = ["Individual", "Group", "Leadership", "Organisation", "Surrounding context"]
IGLOO_DA = ["Individ", "Gruppe", "Ledelse", "Organisation", "Omkringliggende kontekst"]
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel=stylesheet href="http://example.com/x.css">'


# Building a published charter -------------------------------------------------------


def add_principle(workshop: Workshop, entries: list[Entry], *, title, statement="", cells=None):
    principle = principle_merge(workshop=workshop, entry_ids=[e.pk for e in entries])
    return principle_update(
        principle=principle,
        edit_version=principle.edit_version,
        title=title,
        statement=statement,
        cells=cells or {},
    )


def publish(workshop: Workshop, user, *, appendix: bool = True) -> CharterVersion:
    charter = charter_for(workshop)
    charter.include_appendix = appendix
    charter.save()
    return charter_publish(workshop=workshop, user=user)


def build_charter(
    organisation, user, *, principles: int = 3, language: str = "en", appendix: bool = True
) -> tuple[Workshop, CharterVersion]:
    """A workshop with cards on every question, `principles` principles with
    a cell on each level, a few votes, and version 1 published."""
    workshop = make_workshop(
        organisation, user, language=language, teams=["Akut", "Medicin"], phase=Phase.CHARTER
    )
    codes = list(workshop.scheme.levels.values_list("code", flat=True))
    people = [
        Participant.objects.create(workshop=workshop, display_name=f"Person {n}", profession="Læge")
        for n in range(3)
    ]
    for index in range(principles):
        person = people[index % len(people)]
        card = add_entry(
            person,
            f"Punkt {index + 1} om {DANISH}",
            question=index % 5 + 1,
            levels=[codes[index % len(codes)]],
        )
        principle = add_principle(
            workshop,
            [card],
            title=f"Princip {index + 1}: {DANISH}",
            statement=f"Vi bruger AI med omtanke ({index + 1}).",
            cells={code: f"{code} {index + 1}\nanden linje" for code in codes},
        )
        Vote.objects.create(principle=principle, participant=person)
    add_entry(people[0], "Ikke placeret", question=2)
    return workshop, publish(workshop, user, appendix=appendix)


# PDF helpers --------------------------------------------------------------------------


@pytest.fixture
def weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its libraries missing
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint cannot be imported ({error}); CI must install it.")
        pytest.skip(f"WeasyPrint cannot be imported on this machine: {error}")
    return weasyprint


@pytest.fixture
def no_fetching(weasyprint, monkeypatch):
    """Fail the test if rendering fetches anything: a file, the network, a
    URL the project's fetcher refuses."""
    import weasyprint.urls

    fetched: list[str] = []

    def forbidden(url, *args, **kwargs):
        fetched.append(url)
        pytest.fail(f"WeasyPrint fetched {url}")

    def no_network(*args, **kwargs):
        pytest.fail("Rendering the charter opened a network connection.")

    monkeypatch.setattr(weasyprint, "default_url_fetcher", forbidden)
    monkeypatch.setattr(weasyprint.urls, "default_url_fetcher", forbidden)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    refused_before = list(pdf_module.refused_urls)
    yield fetched
    assert fetched == []
    assert pdf_module.refused_urls == refused_before


def pdf_pages(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def squeeze(text: str) -> str:
    """Text without any whitespace, as a table cell's wrapping can't change it."""
    return re.sub(r"\s+", "", text)


# The PDF ------------------------------------------------------------------------------


def test_pdf_has_the_charter(organisation, owner, no_fetching):
    workshop, version = build_charter(organisation, owner)

    filename, content_type, content = render_charter_pdf(version)

    assert filename == "charter-sygehus-oest-workshop-v1.pdf"
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF-")
    pages = pdf_pages(content)
    text = squeeze("\n".join(pages))
    assert squeeze("Sygehus Øst") in text
    assert squeeze(version.content["title"]) in text
    assert squeeze(version.content["table_heading"]) in text
    for principle in version.content["principles"]:
        assert squeeze(principle["title"]) in text
        assert squeeze(principle["statement"]) in text
    for name in IGLOO_EN:
        assert squeeze(name) in text
    assert DANISH in "\n".join(pages)
    assert "Version 1" in pages[0]
    for number, page in enumerate(pages, start=1):
        # The running head says "Version 1" as the title block does.
        assert "Sygehus Øst · Version 1" in page
        assert f"{number} / {len(pages)}" in page


def test_long_charter_repeats_the_level_header_on_every_page(organisation, owner, no_fetching):
    workshop, version = build_charter(organisation, owner, principles=40, appendix=False)

    pages = pdf_pages(render_charter_pdf(version)[2])

    assert len(pages) >= 3
    for page in pages:
        for name in IGLOO_EN:
            assert squeeze(name) in squeeze(page)
    text = squeeze("\n".join(pages))
    for principle in version.content["principles"]:
        assert squeeze(principle["title"]) in text
    assert "Appendix" not in text


def test_room_text_is_text_in_the_page_and_the_pdf(organisation, owner, participant, no_fetching):
    workshop = participant.workshop
    card = add_entry(participant, IMG, question=1, levels=["individual"])
    add_principle(
        workshop, [card], title=SCRIPT, statement=LINK, cells={"individual": IMG, "group": ""}
    )
    version = publish(workshop, owner)

    html = render_charter_html(version)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "&lt;link rel=stylesheet href=&quot;http://example.com/x.css&quot;&gt;" in html
    for raw in ("<script", "<img"):
        assert raw not in html
    # Only the page's own two stylesheets.
    assert html.count("<link") == 2
    assert 'href="http://example.com' not in html
    # The empty cells stay empty; the others keep their text.
    assert html.count('<td class="cell" data-level="Group"></td>') == 1
    assert html.count('<td class="cell" data-level="Leadership"></td>') == 1

    text = squeeze("\n".join(pdf_pages(render_charter_pdf(version)[2])))
    assert squeeze(SCRIPT) in text
    assert squeeze(IMG) in text
    assert squeeze(LINK) in text


def test_pdf_of_a_danish_charter(organisation, owner, no_fetching):
    workshop, version = build_charter(organisation, owner, language="da")

    html = render_charter_html(version)
    pages = pdf_pages(render_charter_pdf(version)[2])

    text = squeeze("\n".join(pages))
    for name in IGLOO_DA:
        assert f'<th scope="col">{name}</th>' in html
        assert squeeze(name) in text
    assert '<html lang="da">' in html
    # The rendering language is the version's, not the caller's.
    assert translation.get_language() == "en"


def test_danish_preamble(organisation, owner):
    workshop, version = build_charter(organisation, owner, language="da")
    if version.content["preamble"].startswith("When we implement"):
        pytest.skip("locale/da/LC_MESSAGES/django.mo has no Danish charter preamble yet.")

    html = render_charter_html(version)

    assert version.content["preamble"].startswith("Når vi implementerer")
    assert "Når vi implementerer" in html
    assert "Sygehus Øst" in version.content["preamble"]


# The page and the chart -----------------------------------------------------------------


def test_page_links_and_no_pdf_only_parts(organisation, owner):
    workshop, version = build_charter(organisation, owner)

    html = render_charter_html(version, pdf_url="/charters/1/pdf/", back_url="/charters/")

    assert html.startswith("<!doctype html>")
    assert 'href="/charters/1/pdf/"' in html
    assert 'href="/charters/"' in html
    assert "<caption>" + version.content["table_heading"] + "</caption>" in html
    assert "Version 1" in html
    # The organisation reaches the running head through string-set, never
    # through the stylesheet; the page links it, the PDF carries it inline.
    pdf_html = render_module._render(version, pdf=True, pdf_url=None, back_url=None)
    style = pdf_html[pdf_html.index("<style>") : pdf_html.index("</style>")]
    assert "Sygehus" not in style
    assert 'class="running"' in html
    # Line breaks in a cell are kept (white-space: pre-line), as text.
    assert "individual 1\nanden linje</td>" in html
    assert "white-space: pre-line" in style
    assert "@page" in style
    # No inline style in the page (the CSP has no 'unsafe-inline'); nothing to
    # fetch but its stylesheet and the download link's own script, and in the
    # PDF nothing at all.
    assert "<style" not in html and "style=" not in html
    page = html.replace('<link rel="stylesheet" href="/static/css/charter.css">', "", 1)
    page = page.replace(
        '<link rel="stylesheet" href="/static/css/charter-screen.css" media="screen">', "", 1
    )
    page = page.replace('<script src="/static/js/download.js" defer></script>', "", 1)
    for fetching in ("<script", "<link", "<img", "src=", "url(http", "@import", "@font-face"):
        assert fetching not in page
        assert fetching not in pdf_html


def test_chart_only_with_the_appendix(organisation, owner):
    workshop, with_appendix = build_charter(organisation, owner)
    charter = charter_for(workshop)
    charter.include_appendix = False
    charter.save()
    without = charter_publish(workshop=workshop, user=owner)

    html = render_charter_html(with_appendix)
    assert 'class="counts-chart"' in html
    assert 'role="img"' in html
    assert "Appendix" in html
    for source in with_appendix.content["principles"][0]["sources"]:
        assert source["text"] in html
    for person in Participant.objects.filter(workshop=workshop):
        assert person.display_name not in html

    html = render_charter_html(without)
    assert "<svg" not in html
    assert "Appendix" not in html


def test_chart_svg_is_escaped_and_described():
    appendix = {
        "columns": [
            {"code": "individual", "name": "Individ & <b>"},
            {"code": "group", "name": "Gruppe"},
            {"code": "-", "name": "Not placed"},
        ],
        "rows": [
            {
                "number": 1,
                "label": "<i>Værdi</i>?",
                "counts": {"individual": 3, "group": 0, "-": 1},
            },
            {"number": 2, "label": "Rolle", "counts": {"individual": 0, "group": 0, "-": 0}},
        ],
    }

    svg = str(counts_chart_svg(appendix))

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "Individ &amp; &lt;b&gt;" in svg
    assert "1. &lt;i&gt;Værdi&lt;/i&gt;?" in svg
    assert "<b>" not in svg and "<i>" not in svg
    desc = svg[svg.index("<desc") : svg.index("</desc>")]
    assert "Individ &amp; &lt;b&gt; 3, Gruppe 0, Not placed 1; total 4" in desc
    assert "url(#counts-chart-hatch)" in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


# Pages, and the stored PDF ---------------------------------------------------------------


def content_lines(page: str, pages: int) -> list[str]:
    """A page's text without its running head and page number."""
    return [
        line.strip()
        for line in page.splitlines()
        if line.strip()
        and not re.search(r" · [Vv]ersion \d+$", line.strip())
        and not line.strip().endswith(f"/ {pages}")
    ]


def test_no_appendix_page_holds_only_headings(organisation, owner, no_fetching):
    """A principle merged from many points is taller than what is left of the
    page after the sources' heading; it must not leave that heading alone."""
    workshop = make_workshop(organisation, owner, phase=Phase.CHARTER)
    person = Participant.objects.create(workshop=workshop)
    cards = [
        add_entry(person, f"Et punkt om tid og omsorg, nummer {n}", question=n % 5 + 1)
        for n in range(45)
    ]
    add_principle(workshop, cards[:40], title="Mennesket har det sidste ord")
    add_principle(workshop, cards[40:], title="Frigjort tid går til kerneopgaven")
    version = publish(workshop, owner)
    headings = {
        "Appendix",
        "Points per question and level",
        "Where the principles come from",
        "The participants' points each principle was merged from, without names.",
    }

    pages = pdf_pages(render_charter_pdf(version)[2])

    assert len(pages) >= 3
    for page in pages:
        lines = content_lines(page, len(pages))
        assert lines, page
        assert not set(lines) <= headings, f"a page with only headings: {lines}"
        # Nor does a page end on a heading.
        assert lines[-1] not in headings, lines


def test_a_published_pdf_is_rendered_once_then_served_from_storage(
    organisation, owner, manager, weasyprint, monkeypatch
):
    from django.urls import reverse

    from principles import views
    from principles.models import CharterPDF
    from tests.conftest import client_for

    workshop, version = build_charter(organisation, owner)
    calls = []
    real = render_module.render_charter_pdf

    def counting(v):
        calls.append(v.pk)
        return real(v)

    monkeypatch.setattr(render_module, "render_charter_pdf", counting)
    client = client_for(manager)
    url = reverse("charters:pdf", args=[version.pk])

    first = client.get(url)
    second = client.get(url)
    link = workshop.share_links.create()
    shared = client_for().get(reverse("share:pdf", args=[link.token]))

    assert calls == [version.pk]
    bodies = [response.getvalue() for response in (first, second, shared)]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0].startswith(b"%PDF")
    for response in (first, second, shared):
        assert (
            response["Content-Disposition"] == 'attachment; filename="charter-sygehus-oest-workshop-v1.pdf"'
        )
        assert response.cookies[views.PDF_READY_COOKIE].value == str(version.pk)
    assert CharterPDF.objects.filter(version=version).count() == 1

    # A new renderer (a changed template) makes it once more, and replaces it.
    monkeypatch.setattr(render_module, "PDF_RENDERER", "test-next")
    client.get(url)
    client.get(url)
    assert calls == [version.pk, version.pk]
    renderers = list(CharterPDF.objects.filter(version=version).values_list("renderer", flat=True))
    assert len(renderers) == 1
    assert renderers[0].startswith("test-next-")


def test_danish_pdf_counts_dots_in_singular_and_plural(organisation, owner):
    workshop, version = build_charter(organisation, owner, language="da", principles=2)
    if "Bilag" not in render_charter_html(version):
        pytest.skip("locale/da/LC_MESSAGES/django.mo is not compiled.")
    person = Participant.objects.filter(workshop=workshop).first()
    first = workshop.principles.order_by("position").first()
    Vote.objects.create(principle=first, participant=person)
    version = publish(workshop, owner)

    html = render_charter_html(version)

    assert "2 prikker · 1 punkt" in html
    assert "1 prik · 1 punkt" in html
    assert "stemme" not in html
    assert "Sygehus Øst · Version 2" in html
    assert "<span>Version 2</span>" in html
    assert "ST-princip" in html


@pytest.mark.parametrize("levels", range(1, 8))
def test_every_number_in_the_chart_stands_out_from_its_segment(levels):
    from principles.chart import contrast

    columns = [{"code": f"l{n}", "name": f"Level {n}"} for n in range(levels)]
    rows = [{"number": 1, "label": "Q", "counts": {c["code"]: 9 for c in columns}}]

    svg = str(counts_chart_svg({"columns": columns, "rows": rows}))

    pairs = re.findall(
        r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="24" fill="(#[0-9a-f]{6})"[^>]*/>'
        r'<text [^>]*fill="(#[0-9a-f]{6})">9</text>',
        svg,
    )
    assert len(pairs) == levels
    for background, colour in pairs:
        # Small text: WCAG AA asks for 4.5:1 (six levels gave 4.35 before).
        assert contrast(background, colour) >= 4.5, (background, colour)
