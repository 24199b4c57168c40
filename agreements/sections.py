"""The agreements app's sections of a published version's page and PDF."""

from __future__ import annotations


def charter_sections(version, *, wall: bool = False) -> list:
    return []
