"""The workshops app's one file output, with the contract the charter's PDF
has (principles/render.py): (filename, content_type, bytes)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf

from .links import qr_svg
from .models import ENTRY_MAX_LENGTH, Question, Workshop


def render_blank_worksheet_pdf(workshop: Workshop, url: str) -> tuple[str, str, bytes]:
    """The blank STEP 1 worksheet with the join QR code, one A4 page, in the
    workshop's language."""
    with translation.override(workshop.language):
        html = render_to_string(
            "workshops/worksheet_print.html",
            {
                "workshop": workshop,
                "join_url": url,
                "qr": qr_svg(url, _("QR code that opens %(url)s") % {"url": url}),
                "questions": [(q, Question(q).label) for q in Question.values],
                "entry_max_length": ENTRY_MAX_LENGTH,
            },
        )
    return f"worksheet-{workshop.join_code}.pdf", "application/pdf", render_pdf(html)
