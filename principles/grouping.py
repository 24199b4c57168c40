"""Draft groups of cards and suggested levels: suggestions only.

Nothing here writes. The facilitator accepts a group into a new principle
(services.principle_merge) or a level (workshops.services.entry_place) with a
click; until then nothing changes.

Both work on a similarity matrix (embeddings.compare), by meaning when the
cards have vectors and by shared words otherwise; the thresholds of each
method were chosen on the first half of the themes of
bench/data/similarity_eval.jsonl and are reported on the other half as well
(bench/similarity.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from workshops.models import Entry, Workshop

from .embeddings import Comparison, Method, compare, inspiration_vectors


def clusters(matrix: np.ndarray, threshold: float, floor: float | None = None) -> list[list[int]]:
    """Average-linkage clustering with a floor: join the two groups with the
    highest mean similarity, as long as that mean keeps `threshold` and every
    pair of cards across them keeps `floor` (so a group never chains two
    unrelated topics through a card in between; None: no floor, plain
    average linkage). No fixed number of groups;
    loners are left out. Groups of two or more, largest first."""
    n = len(matrix)
    if n < 2:
        return []
    floor = -np.inf if floor is None else floor
    mean = np.array(matrix, dtype=float, copy=True)
    np.fill_diagonal(mean, -np.inf)
    # The least similar pair of cards across two groups (complete linkage).
    least = mean.copy()
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while True:
        # Rows and columns of joined-away groups are -inf, so never picked.
        allowed = np.where(least >= floor, mean, -np.inf)
        a, b = divmod(int(np.argmax(allowed)), n)
        if allowed[a, b] < threshold:
            break
        na, nb = len(members[a]), len(members[b])
        # Lance-Williams updates for average and complete linkage.
        merged = (na * mean[a] + nb * mean[b]) / (na + nb)
        lowest = np.minimum(least[a], least[b])
        mean[a, :] = merged
        mean[:, a] = merged
        least[a, :] = lowest
        least[:, a] = lowest
        mean[a, a] = least[a, a] = -np.inf
        members[a].extend(members.pop(b))
        mean[b, :] = mean[:, b] = least[b, :] = least[:, b] = -np.inf
    groups = [sorted(m) for m in members.values() if len(m) > 1]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def central(matrix: np.ndarray, group: list[int]) -> int:
    """The member most like the others: its text drafts the group's title."""
    sub = matrix[np.ix_(group, group)]
    return group[int(np.argmax(sub.sum(axis=1)))]


@dataclass
class DraftGroup:
    number: int
    title: str
    entries: list[Entry]
    # (level, how many of the cards sit there), most first.
    levels: list[tuple] = field(default_factory=list)


def draft_groups(entries: list[Entry], comparison: Comparison | None = None) -> list[DraftGroup]:
    """Groups of the given cards (the caller passes those not in a principle)."""
    comparison = comparison or compare(entries)
    result = []
    for number, group in enumerate(
        clusters(
            comparison.matrix, comparison.method.group_threshold, comparison.method.group_floor
        ),
        start=1,
    ):
        members = [entries[i] for i in group]
        counts = Counter(level for e in members for level in e.effective_levels)
        text = entries[central(comparison.matrix, group)].shown_text
        result.append(
            DraftGroup(
                number=number,
                title=text if len(text) <= 80 else text[:79].rstrip() + "…",
                entries=members,
                levels=sorted(counts.items(), key=lambda item: (-item[1], item[0].position)),
            )
        )
    return result


# Suggested levels ----------------------------------------------------------------------

NEIGHBOURS = 7
# How much the inspiration cards of a level weigh against one placed card.
INSPIRATION_WEIGHT = 1.5


@dataclass
class LevelSuggestion:
    entry: Entry
    level: object  # igloo.Level
    confidence: int  # 0-100


def level_votes(
    *,
    method: Method,
    sims_to_placed: np.ndarray,
    placed_levels: list[list[int]],
    sims_to_inspiration: np.ndarray | None,
    inspiration_levels: list[list[int]],
    n_levels: int,
) -> np.ndarray:
    """One row of level scores per card (summing to 1): its nearest placed
    cards vote for their levels, and the inspiration cards of each level vote
    with their best match. Scores are softmax weights of the similarity."""
    n = sims_to_placed.shape[0]
    scores = np.zeros((n, n_levels))
    for row in range(n):
        sims = sims_to_placed[row]
        if sims.size:
            nearest = np.argsort(-sims)[:NEIGHBOURS]
            top = sims[nearest[0]]
            for j in nearest:
                weight = np.exp((sims[j] - top) / method.temperature)
                for level in placed_levels[j]:
                    scores[row, level] += weight / len(placed_levels[j])
        if sims_to_inspiration is not None and sims_to_inspiration.size:
            best = np.full(n_levels, -np.inf)
            for j, levels in enumerate(inspiration_levels):
                for level in levels:
                    best[level] = max(best[level], sims_to_inspiration[row, j])
            reachable = np.isfinite(best)
            if reachable.any():
                top = best[reachable].max()
                weights = np.where(reachable, np.exp((best - top) / method.temperature), 0)
                scores[row] += INSPIRATION_WEIGHT * weights / max(weights.sum(), 1e-9)
        total = scores[row].sum()
        if total > 0:
            scores[row] /= total
    return scores


def level_suggestions(workshop: Workshop, entries: list[Entry]) -> tuple[Method, list]:
    """A level for each card on no level yet (neither placed by the facilitator
    nor tagged by the phone), with its confidence, most confident first."""
    levels = list(workshop.scheme.levels.all())
    index = {level.pk: i for i, level in enumerate(levels)}
    comparison = compare(entries)
    labelled, open_ = [], []
    for i, entry in enumerate(entries):
        on = [index[level.pk] for level in entry.effective_levels if level.pk in index]
        (labelled if on else open_).append((i, on))
    if not open_ or not levels:
        return comparison.method, []
    rows = [i for i, _on in open_]
    cols = [i for i, _on in labelled]
    sims_to_placed = comparison.matrix[np.ix_(rows, cols)]
    sims_to_inspiration, inspiration_levels = None, []
    reference = inspiration_vectors(workshop) if comparison.vectors is not None else None
    if reference is not None:
        igloo_levels, vectors = reference
        sims_to_inspiration = comparison.vectors[rows] @ vectors.T
        inspiration_levels = [
            [i for i, level in enumerate(levels) if level.igloo == igloo] for igloo in igloo_levels
        ]
    scores = level_votes(
        method=comparison.method,
        sims_to_placed=sims_to_placed,
        placed_levels=[on for _i, on in labelled],
        sims_to_inspiration=sims_to_inspiration,
        inspiration_levels=inspiration_levels,
        n_levels=len(levels),
    )
    suggestions = []
    for (i, _on), row in zip(open_, scores, strict=True):
        if row.sum() <= 0:
            continue
        best = int(np.argmax(row))
        suggestions.append(
            LevelSuggestion(entry=entries[i], level=levels[best], confidence=round(100 * row[best]))
        )
    suggestions.sort(key=lambda s: (-s.confidence, s.entry.pk))
    return comparison.method, suggestions
