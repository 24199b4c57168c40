"""The published charter as a page and as a PDF, from its frozen content.

Both come from the one template, rendered in the version's language and in
Danish time: there is no browser to localise a PDF, and a page must say
what the PDF says.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from config.pdf import render_pdf

from .chart import counts_chart_svg
from .models import CharterVersion

TEMPLATE = "principles/charter_document.html"
TIME_ZONE = "Europe/Copenhagen"

# slugify() drops what NFKD can't take apart; spell these out instead.
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def filename_slug(text: str, *, max_length: int = 50) -> str:
    """ASCII for a file name: "Sygehus Øst" -> "sygehus-oest"."""
    return slugify(text.translate(_TRANSLITERATE))[:max_length].strip("-")


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


def render_charter_pdf(version: CharterVersion) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the charter as an A4 landscape PDF."""
    html = _render(version, pdf=True, pdf_url=None, back_url=None)
    name = filename_slug(version.content.get("organisation", ""))
    filename = f"charter-{name}-v{version.number}.pdf" if name else f"charter-v{version.number}.pdf"
    return filename, "application/pdf", render_pdf(html)
