from __future__ import annotations

from django.conf import settings


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def static_headers(headers, path: str, url: str) -> None:
    """WhiteNoise's hook: static files answer outside the middleware above,
    so they get the same no-sniffing, no-framing and a policy of their own
    (an SVG opened directly runs no script)."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
