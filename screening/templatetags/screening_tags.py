"""For the facilitator's board and the workshop's overview (never the
projector or a phone): the screening's summary, and a gentle hint on a card
whose words sound like monitoring."""

from __future__ import annotations

import re

from django import template

from screening.selectors import summary

register = template.Library()

# Words that suggest monitoring of people; a hint to screen the use case,
# never a verdict. Danish glues words together ("skærmovervågning",
# "trivselsmålinger", "tidsmåling"), so these stems count anywhere in a word.
STEMS_ANYWHERE = (
    "overvåg",
    "måling",
    "scoring",
    "score",
    "tonefald",
    "toneleje",
    "sensor",
    "kamera",
    "gps",
    "monitor",
    "surveil",
    "tracking",
    "camera",
)
# These only at the start of a word: "tone" is also inside "betone".
STEMS_AT_START = ("tone",)
# The verb "måle" in its forms; "mål", "målet", "målene" (goals) are not
# monitoring, so a bare "mål" never counts.
WORDS = {"måle", "måler", "måles", "målt", "målte", "track", "tracker", "tracks"}
# Words that hold a stem but mean something else.
STOP = {"toner", "tonerpatron", "tonerpatroner"}

_WORD = re.compile(r"\w+")


def monitoring_words(text: str) -> list[str]:
    """The words of `text` that sound like monitoring."""
    found = []
    for word in _WORD.findall((text or "").casefold()):
        if word in STOP:
            continue
        if (
            word in WORDS
            or word.startswith(STEMS_AT_START)
            or any(stem in word for stem in STEMS_ANYWHERE)
        ):
            found.append(word)
    return found


@register.filter
def suggests_monitoring(text: str) -> bool:
    return bool(monitoring_words(text))


@register.inclusion_tag("screening/_summary.html")
def screening_summary(workshop):
    return {"workshop": workshop, **summary(workshop)}
