"""Cards that say something like a given card, to merge 300 entries in minutes.

Lexical similarity with rapidfuzz (token set ratio over case-folded text):
no network, no model, and a few megabytes in each worker. On the demo
workshop, 28 % of the top five suggestions share the theme the card was
written with (chance: 7.5 %); TF-IDF over character n-grams with
scikit-learn reached 31 % but costs each worker 120 MB (bench/similarity.py).
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from workshops.models import Entry


def _fold(text: str) -> str:
    return text.casefold()


def similar_entries(entry: Entry, candidates: list[Entry], limit: int = 5) -> list[Entry]:
    """The candidates most like `entry`, best first (never the entry itself).
    Each carries `likeness`, the score from 0 to 100 that the board shows."""
    others = [c for c in candidates if c.pk != entry.pk]
    if not others:
        return []
    matches = process.extract(
        entry.shown_text,
        [c.shown_text for c in others],
        scorer=fuzz.token_set_ratio,
        processor=_fold,
        limit=limit,
    )
    result = []
    for _text, score, index in matches:
        other = others[index]
        other.likeness = round(score)
        result.append(other)
    return result
