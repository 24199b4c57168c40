"""URL converters that keep what can't be a token out of the database.

PostgreSQL refuses NUL in text, so a stray %00 in a link must be a 404 before
any query, not a server error.
"""

from __future__ import annotations

import re

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
