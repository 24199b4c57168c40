"""Cards that say something like a given card, to merge 300 entries in minutes.

By meaning when the workshop's cards have vectors (principles/embeddings.py:
an offline multilingual model), else by shared words with rapidfuzz (token
set ratio over case-folded text), the fallback. On an evaluation set of 235
short worksheet points in 18 themes, the share of the top five that share the
card's theme is 10 % by words and 19 % by meaning (chance: 5 %;
bench/similarity.py).
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from workshops.models import Entry

from .embeddings import MEANING, WORDS, Method, rank_by_meaning


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


def ranked_similar(entry: Entry, candidates: list[Entry], limit: int = 5) -> tuple[Method, list]:
    """Like similar_entries, by meaning when the entry and most candidates
    have a vector of their current text (the rest after them, by shared
    words), else by shared words alone; with the method."""
    others = [c for c in candidates if c.pk != entry.pk]
    ranked = rank_by_meaning(entry, others, limit=limit)
    if ranked is None:
        return WORDS, similar_entries(entry, others, limit=limit)
    return MEANING, ranked
