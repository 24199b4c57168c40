"""The series app's section of an organisation charter's page and PDF: the
contributing teams and versions, and each principle's coverage, as frozen
when the version was published. Registered in SeriesConfig.ready()."""

from __future__ import annotations

import hashlib
import json

from principles.render import Section
from workshops.models import WorkshopKind

from .models import RollupRecord


def charter_sections(version, *, wall: bool = False) -> list[Section]:
    if version.workshop.kind != WorkshopKind.ORGANISATION:
        return []
    record = RollupRecord.objects.filter(version=version).first()
    if record is None:
        return []
    content = record.content
    stamp = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
    return [
        Section(
            template="series/sections/appendix.html",
            place="end",
            stamp=stamp,
            context={"rollup": content, "wall": wall},
        )
    ]
