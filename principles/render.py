"""The published charter as a page and as a PDF, from its frozen content.

Both come from the one template, rendered in the version's language and in
Danish time: there is no browser to localise a PDF, and a page must say
what the PDF says.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import pgettext

from core.pdf import render_pdf

from .chart import counts_chart_svg
from .models import CharterPDF, CharterVersion

TEMPLATE = "principles/charter_document.html"
# The page links this file; the PDF carries it inline (WeasyPrint reads no
# hashed static names, and that HTML never reaches a browser).
STYLESHEET = "css/charter.css"
TIME_ZONE = "Europe/Copenhagen"
# Raise this whenever the PDF's template, stylesheet or wording changes: a
# published version's stored PDF made by another renderer is made again.
PDF_RENDERER = "3"

# slugify() drops what NFKD can't take apart; spell these out instead.
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def filename_slug(text: str, *, max_length: int = 50) -> str:
    """ASCII for a file name: "Sygehus Øst" -> "sygehus-oest"."""
    return slugify(text.translate(_TRANSLITERATE))[:max_length].strip("-")


@functools.cache
def _stylesheet() -> str:
    with open(finders.find(STYLESHEET), encoding="utf-8") as handle:
        return handle.read()


@dataclass(frozen=True)
class Section:
    """A part another app adds to a published version's page and PDF (the
    agreements app: who adopted it, its consultation records, its action
    plan). `place` is "front" (under the title) or "end" (after the
    appendix); `stamp` changes whenever what it shows changes, so that a
    stored PDF is made again."""

    template: str
    place: str
    stamp: str
    context: dict = field(default_factory=dict)


# Callables (version, *, wall: bool) -> list[Section], registered by the apps
# that add sections (in their AppConfig.ready()).
_SECTION_PROVIDERS: list[Callable] = []


def register_section(provider: Callable) -> None:
    if provider not in _SECTION_PROVIDERS:
        _SECTION_PROVIDERS.append(provider)


def charter_sections(version: CharterVersion, *, wall: bool = False) -> list[Section]:
    if version.pk is None:
        # A version not saved (a benchmark's, a preview) has nothing recorded about it.
        return []
    return [section for provider in _SECTION_PROVIDERS for section in provider(version, wall=wall)]


def _renderer(version: CharterVersion, sections: list[Section], *, wall: bool) -> str:
    """The stored PDF's key: the renderer, what the sections show, and the
    variant ("w": for the wall, without dots and quotes)."""
    stamps = "|".join(section.stamp for section in sections)
    digest = hashlib.sha256(stamps.encode("utf-8")).hexdigest()[:12]
    return f"{PDF_RENDERER}-{digest}{'w' if wall else ''}"


def _context(
    version: CharterVersion,
    *,
    pdf: bool,
    pdf_url: str | None,
    back_url: str | None,
    wall_pdf_url: str | None = None,
    sections: list[Section] = (),
    wall: bool = False,
):
    content = version.content
    appendix = content.get("appendix")
    try:
        date = datetime.date.fromisoformat(content.get("date", ""))
    except ValueError:
        date = None
    return {
        "c": content,
        "version": version.number,
        "published_at": version.published_at,
        "date": date,
        "chart": counts_chart_svg(appendix) if appendix else None,
        "pdf": pdf,
        "stylesheet": _stylesheet() if pdf else "",
        "pdf_url": pdf_url,
        "back_url": back_url,
        "wall_pdf_url": wall_pdf_url,
        "wall": wall,
        "front_sections": [s for s in sections if s.place == "front"],
        "end_sections": [s for s in sections if s.place == "end"],
    }


def _render(version: CharterVersion, **kwargs) -> str:
    with translation.override(version.language), timezone.override(TIME_ZONE):
        return render_to_string(TEMPLATE, _context(version, **kwargs))


def render_charter_html(
    version: CharterVersion,
    *,
    pdf_url: str | None = None,
    back_url: str | None = None,
    wall_pdf_url: str | None = None,
) -> str:
    """The charter as a standalone page, with its own print stylesheet."""
    return _render(
        version,
        pdf=False,
        pdf_url=pdf_url,
        back_url=back_url,
        wall_pdf_url=wall_pdf_url,
        sections=charter_sections(version),
    )


def pdf_filename(version: CharterVersion) -> str:
    """ "principsaet-sygehus-oest-akut-v1.pdf": in the version's language,
    ASCII, with the organisation and the workshop, so that two charters of
    one organisation download under two names."""
    with translation.override(version.language):
        kind = filename_slug(pgettext("file name", "charter")) or "charter"
    parts = [
        kind,
        filename_slug(version.content.get("organisation", ""), max_length=30),
        filename_slug(version.content.get("workshop", ""), max_length=40),
        f"v{version.number}",
    ]
    return "-".join(part for part in parts if part) + ".pdf"


def render_charter_pdf(version: CharterVersion, *, wall: bool = False) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the charter as an A4 landscape PDF.
    `wall`: the version to hang up, without dots and the participants' quotes."""
    sections = charter_sections(version, wall=wall)
    return pdf_filename(version), "application/pdf", _pdf(version, sections, wall=wall)


def _pdf(version: CharterVersion, sections: list[Section], *, wall: bool) -> bytes:
    html = _render(version, pdf=True, pdf_url=None, back_url=None, sections=sections, wall=wall)
    return render_pdf(html)


def pdf_etag(version: CharterVersion, *, wall: bool = False) -> str:
    """The stored PDF's validator: the version's text never changes, so only a
    new renderer, a change in what the sections show or the variant make
    another PDF."""
    sections = charter_sections(version, wall=wall)
    return f'"charter-{version.pk}-r{_renderer(version, sections, wall=wall)}"'


def _stored(version: CharterVersion, renderer: str) -> bytes | None:
    stored = (
        CharterPDF.objects.filter(version=version, renderer=renderer)
        .values_list("content", flat=True)
        .first()
    )
    return None if stored is None else bytes(stored)


def _render_and_store(version: CharterVersion, sections, *, wall: bool) -> bytes:
    renderer = _renderer(version, sections, wall=wall)
    content = (render_charter_pdf(version, wall=True) if wall else render_charter_pdf(version))[2]
    CharterPDF.objects.bulk_create(
        [CharterPDF(version=version, renderer=renderer, content=content)],
        ignore_conflicts=True,
    )
    # Older PDFs of the same variant are out of date.
    stale = CharterPDF.objects.filter(version=version).exclude(renderer=renderer)
    stale = stale.filter(renderer__endswith="w") if wall else stale.exclude(renderer__endswith="w")
    stale.delete()
    return content


def stored_charter_pdf(version: CharterVersion, *, wall: bool = False) -> tuple[str, str, bytes]:
    """render_charter_pdf(), rendered once per version, renderer, sections'
    content and variant, and served from storage after that."""
    sections = charter_sections(version, wall=wall)
    content = _stored(version, _renderer(version, sections, wall=wall))
    if content is None:
        content = _render_once(version, sections, wall=wall)
    return pdf_filename(version), "application/pdf", content


def _render_once(version: CharterVersion, sections, *, wall: bool) -> bytes:
    """The first download renders; downloads that arrive meanwhile wait on the
    version's row and then read what it stored, instead of rendering too."""
    if not connection.features.has_select_for_update:
        # SQLite has no row locks, and a transaction here would hold the whole
        # database's write lock (transaction_mode IMMEDIATE) for the seconds a
        # render takes, stalling every phone. There two first downloads at once
        # may both render; the unique constraint keeps one.
        return _render_and_store(version, sections, wall=wall)
    renderer = _renderer(version, sections, wall=wall)
    with transaction.atomic():
        CharterVersion.objects.select_for_update().filter(pk=version.pk).values("pk").first()
        content = _stored(version, renderer)
        if content is None:
            content = _render_and_store(version, sections, wall=wall)
    return content
