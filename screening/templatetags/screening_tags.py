"""For the facilitator's board and the workshop's overview (never the
projector or a phone): the screening's summary, and a gentle hint on a card
whose words sound like monitoring."""

from __future__ import annotations

import re

from django import template

from screening.selectors import summary

register = template.Library()

# Word stems that suggest monitoring of people; a hint to screen the use
# case, never a verdict.
MONITORING = re.compile(
    r"\b(overvåg\w*|måling\w*|måle\w*|score\w*|scoring\w*|tonefald\w*|tone\w*|sensor\w*|"
    r"kamera\w*|gps|monitor\w*|surveil\w*|track\w*|camera\w*)",
    re.IGNORECASE,
)


@register.filter
def suggests_monitoring(text: str) -> bool:
    return bool(MONITORING.search(text or ""))


@register.inclusion_tag("screening/_summary.html")
def screening_summary(workshop):
    return {"workshop": workshop, **summary(workshop)}
