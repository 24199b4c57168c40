"""Links: where a phone joins, the QR code for it, and where a form may send
the browser back to."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from .models import Workshop


def join_url(request, workshop: Workshop) -> str:
    path = reverse("join:workshop", args=[workshop.join_code])
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


def qr_svg(url: str, title: str) -> str:
    """The join URL as an inline SVG QR code (segno writes nothing but the code)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=10, border=2, dark="#000", light="#fff", omitsize=True, title=title
    )
    return mark_safe(svg)  # nosec B308 B703 - segno writes the code; it escapes the title


def safe_next(request, default: str) -> str:
    """The `next` the request carries if it is a path on this site, else
    `default` (redirect() would take "0" for a view's name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return default
