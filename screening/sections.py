"""The charter's appendix of use cases that need special attention: each
flagged use case with its flags, next steps, dates and sources, and the use
cases with questions still answered "don't know". Registered with
principles.render in ScreeningConfig.ready()."""

from __future__ import annotations

import hashlib
import json

from principles.render import Section
from workshops.models import Workshop

from . import selectors


def stamp(cases) -> str:
    """What the appendix shows, without the reader's language: each use case's
    name and answers, and each flag's rule key, a hash of every field it shows
    in every language, and how it was handled. A change in the data (a date, a
    next step, a source, a link) changes it; switching the language does not."""
    shown = [
        {
            "case": case.pk,
            "name": case.name,
            "answers": case.answers,
            "flags": [
                {
                    "rule": f.rule.key,
                    "shown": f.rule.fingerprint(),
                    "handled": [(h.pk, str(h.handled_on), h.note) for h in f.handlings],
                }
                for f in case.flags
            ],
            # Open questions are shown with their text, in both languages.
            "open": [(q.key, q.text_da, q.text_en) for q in case.open_questions],
        }
        for case in cases
    ]
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode("utf-8")).hexdigest()


def charter_sections(version, *, wall: bool = False) -> list[Section]:
    workshop = Workshop.objects.filter(pk=version.made_in_id or version.workshop_id).first()
    if workshop is None:
        return []
    cases = [
        case
        for case in selectors.use_cases(workshop, with_sources=False)
        if case.flags or case.open_questions
    ]
    if not cases:
        return []
    return [
        Section(
            template="screening/section.html",
            place="end",
            stamp=f"screening:{stamp(cases)}",
            context={
                "workshop_pk": workshop.pk,
                "cases": [c for c in cases if c.flags],
                "open_cases": [c for c in cases if c.open_questions],
            },
        )
    ]
