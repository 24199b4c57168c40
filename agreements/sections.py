"""The agreements app's sections of a published version's page and PDF:
under the title, who adopted it, when, and when it is next reviewed; at the
end, how the cooperation bodies treated it and the action plan. Registered
with principles.render in AgreementsConfig.ready()."""

from __future__ import annotations

from principles.render import Section

from . import selectors
from .models import ReviewPlan


def charter_sections(version, *, wall: bool = False) -> list[Section]:
    records = selectors.records_of(version)
    latest = selectors.latest_record(records)
    adopted = selectors.adoption(records)
    plan = ReviewPlan.objects.filter(charter_id=version.workshop_id).first()
    newest_number = (
        version.workshop.versions.order_by("-number").values_list("number", flat=True).first()
    )
    actions = list(selectors.actions_of(version.workshop))
    principles = version.content.get("principles", [])
    known = {p["id"] for p in principles}
    for action in actions:
        action.overdue = selectors.is_overdue(action)
    by_principle = [
        (p, [a for a in actions if a.principle_key == p["id"]])
        for p in principles
        if any(a.principle_key == p["id"] for a in actions)
    ]
    stamp = "|".join(
        [
            ",".join(f"{r.pk}:{len(r.remarks.all())}" for r in records),
            f"{plan.next_review}:{plan.at_annual_discussion}:{plan.owner_role}" if plan else "",
            ",".join(f"{a.pk}:{a.updated_at.isoformat()}:{a.overdue}" for a in actions),
            str(newest_number),
        ]
    )
    front = Section(
        template="agreements/sections/front.html",
        place="front",
        stamp=stamp,
        context={
            "adopted": adopted,
            # The latest record, when it did not adopt the version (noted,
            # discussed or not agreed): shown beside an earlier adoption too.
            "considered": latest if latest is not None and latest != adopted else None,
            "considered_on": selectors.record_date(latest) if latest else None,
            "plan": plan,
            "number": version.number,
        },
    )
    end = Section(
        template="agreements/sections/end.html",
        place="end",
        stamp=stamp,
        context={
            "records": records,
            "number": version.number,
            "by_principle": by_principle,
            "other_actions": [a for a in actions if a.principle_key not in known],
        },
    )
    return [front, end]
