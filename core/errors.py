"""The domain's one error."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the user.

    Services raise it, views turn it into a message (or a 400 for htmx)."""
