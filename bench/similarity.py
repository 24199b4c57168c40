"""How often the board's "similar cards" share a theme, on the demo data.

    .venv/bin/python bench/similarity.py

The demo worksheets were written with a theme per entry (workshops/demo_data.py);
a suggestion is a hit when it has the same theme as the selected card. Prints
precision at 5 for the method the board uses, and what chance would give.
"""

from __future__ import annotations

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from principles.similar import similar_entries  # noqa: E402
from workshops import demo_data  # noqa: E402
from workshops.models import Entry  # noqa: E402


def main(k: int = 5) -> dict:
    entries, themes = [], []
    for person in demo_data.PARTICIPANTS:
        for _q, text, _levels, theme in person["entries"]:
            entry = Entry(text=text)
            entry.pk = len(entries) + 1
            entries.append(entry)
            themes.append(theme)
    theme_of = {entry.pk: theme for entry, theme in zip(entries, themes, strict=True)}
    started = time.perf_counter()
    hits = total = 0
    for entry in entries:
        top = similar_entries(entry, entries, limit=k)
        hits += sum(theme_of[other.pk] == theme_of[entry.pk] for other in top)
        total += len(top)
    elapsed = time.perf_counter() - started
    chance = sum((themes.count(t) - 1) / (len(themes) - 1) for t in themes) / len(themes)
    return {
        "entries": len(entries),
        "k": k,
        "precision_at_k": round(hits / total, 3),
        "chance": round(chance, 3),
        "ms_per_lookup": round(1000 * elapsed / len(entries), 2),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
