"""PDF rendering with WeasyPrint that fetches nothing but the project's static files.

Text in a PDF may come from anyone in the room; an `<img src=file:///etc/passwd>`
or a link to another host in it must stay text, and if markup ever slipped
through, WeasyPrint must still not read files or reach the network.
"""

from __future__ import annotations

import logging
import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

# Every URL WeasyPrint wanted and was refused; tests read it.
refused_urls: list[str] = []


def static_url_fetcher(url: str, timeout=10, ssl_context=None, http_headers=None) -> dict:
    parsed = urlparse(url)
    if parsed.scheme == "data":
        from weasyprint import default_url_fetcher

        return default_url_fetcher(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parsed.scheme in ("http", "https", "file") and parsed.path.startswith(static_prefix):
        relative = unquote(parsed.path[len(static_prefix) :])
        if ".." not in relative.split("/"):
            path = finders.find(relative)
            if path:
                with open(path, "rb") as handle:
                    return {
                        "string": handle.read(),
                        "mime_type": mimetypes.guess_type(path)[0],
                        "redirected_url": url,
                    }
    refused_urls.append(url)
    logger.warning("PDF rendering refused to fetch %s", url)
    raise ValueError(f"Not fetched: {url}")


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # A base URL under the static prefix lets {% static %} paths resolve to
    # the fetcher above, and nothing else.
    return HTML(
        string=html, base_url="http://pdf.invalid/", url_fetcher=static_url_fetcher
    ).write_pdf()
