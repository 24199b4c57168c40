"""The published charter as a page and as a PDF, from its frozen content.

Both come from the one template, rendered in the version's language and in
Danish time: there is no browser to localise a PDF, and a page must say
what the PDF says.
"""

from __future__ import annotations

import datetime
import functools

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


def _context(version: CharterVersion, *, pdf: bool, pdf_url: str | None, back_url: str | None):
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
    }


def _render(version: CharterVersion, **kwargs) -> str:
    with translation.override(version.language), timezone.override(TIME_ZONE):
        return render_to_string(TEMPLATE, _context(version, **kwargs))


def render_charter_html(
    version: CharterVersion, *, pdf_url: str | None = None, back_url: str | None = None
) -> str:
    """The charter as a standalone page, with its own print stylesheet."""
    return _render(version, pdf=False, pdf_url=pdf_url, back_url=back_url)


def pdf_filename(version: CharterVersion) -> str:
    """ "principsaet-sygehus-oest-v1.pdf": in the version's language, ASCII."""
    with translation.override(version.language):
        kind = filename_slug(pgettext("file name", "charter")) or "charter"
    name = filename_slug(version.content.get("organisation", ""))
    return f"{kind}-{name}-v{version.number}.pdf" if name else f"{kind}-v{version.number}.pdf"


def render_charter_pdf(version: CharterVersion) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the charter as an A4 landscape PDF."""
    html = _render(version, pdf=True, pdf_url=None, back_url=None)
    return pdf_filename(version), "application/pdf", render_pdf(html)


def pdf_etag(version: CharterVersion) -> str:
    """The stored PDF's validator, known without loading it: a version never
    changes, and only a new renderer makes its PDF again."""
    return f'"charter-{version.pk}-r{PDF_RENDERER}"'


def _stored(version: CharterVersion) -> bytes | None:
    stored = (
        CharterPDF.objects.filter(version=version, renderer=PDF_RENDERER)
        .values_list("content", flat=True)
        .first()
    )
    return None if stored is None else bytes(stored)


def _render_and_store(version: CharterVersion) -> bytes:
    content = render_charter_pdf(version)[2]
    CharterPDF.objects.bulk_create(
        [CharterPDF(version=version, renderer=PDF_RENDERER, content=content)],
        ignore_conflicts=True,
    )
    CharterPDF.objects.filter(version=version).exclude(renderer=PDF_RENDERER).delete()
    return content


def stored_charter_pdf(version: CharterVersion) -> tuple[str, str, bytes]:
    """render_charter_pdf(), rendered once per version and renderer.

    A published version never changes, so its PDF is stored and served from
    there; only a new renderer (PDF_RENDERER) makes it again.
    """
    content = _stored(version)
    if content is None:
        content = _render_once(version)
    return pdf_filename(version), "application/pdf", content


def _render_once(version: CharterVersion) -> bytes:
    """The first download renders; downloads that arrive meanwhile wait on the
    version's row and then read what it stored, instead of rendering too."""
    if not connection.features.has_select_for_update:
        # SQLite has no row locks, and a transaction here would hold the whole
        # database's write lock (transaction_mode IMMEDIATE) for the seconds a
        # render takes, stalling every phone. There two first downloads at once
        # may both render; the unique constraint keeps one.
        return _render_and_store(version)
    with transaction.atomic():
        CharterVersion.objects.select_for_update().filter(pk=version.pk).values("pk").first()
        content = _stored(version)
        if content is None:
            content = _render_and_store(version)
    return content
