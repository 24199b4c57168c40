"""The charter's appendix of use cases that need special attention: each
flagged use case with its flags, next steps, dates and sources. Registered
with principles.render in ScreeningConfig.ready()."""

from __future__ import annotations

from principles.render import Section
from workshops.models import Workshop

from . import selectors


def charter_sections(version, *, wall: bool = False) -> list[Section]:
    workshop = Workshop.objects.filter(pk=version.made_in_id or version.workshop_id).first()
    if workshop is None:
        return []
    flagged = [case for case in selectors.use_cases(workshop, with_sources=False) if case.flags]
    if not flagged:
        return []
    stamp = ";".join(
        f"{case.pk}:{case.name}:"
        + ",".join(
            f"{f.rule.pk}-{f.rule.date}-{f.rule.reviewed_on}-{f.rule.title}-{len(f.handlings)}"
            for f in case.flags
        )
        for case in flagged
    )
    return [
        Section(
            template="screening/section.html",
            place="end",
            stamp=stamp,
            context={"cases": flagged},
        )
    ]
