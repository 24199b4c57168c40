"""URL converters that keep what can't be a token out of the database.

PostgreSQL refuses NUL in text, so a stray %00 in a link must be a 404 before
any query, not a server error.
"""

from __future__ import annotations

import re

from django.urls import register_converter
from django.urls.converters import get_converters

TOKEN_PATTERN = r"[-\w]+"
_TOKEN = re.compile(rf"^{TOKEN_PATTERN}$", re.ASCII)


def is_token(value: str) -> bool:
    return bool(_TOKEN.match(value))


class TokenConverter:
    """Random tokens and public ids: letters, digits, - and _."""

    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CodeConverter:
    """A join code as typed in a link: any printable text, tidied by the view."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    """Make <code:…> and <token:…> known to URL patterns; every URL module
    that uses them calls this before its patterns (once is enough, more is
    harmless)."""
    known = get_converters()
    if "code" not in known:
        register_converter(CodeConverter, "code")
    if "token" not in known:
        register_converter(TokenConverter, "token")
