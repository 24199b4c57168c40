"""Principles merged from the board's cards: merging, taking cards out, deleting
(no card is ever lost), hints, provenance, similar cards, dots and the order by
votes, and what happens when two people change a principle at once."""

from __future__ import annotations

import html
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from principles.models import CELL_MAX_LENGTH, Principle, PrincipleSource, Vote
from principles.services import charter_content, principle_merge, principle_update
from principles.similar import similar_entries
from tests.conftest import add_entry, client_for, make_workshop, move_to, phone_for
from workshops.models import Entry, Participant, Phase, Workshop

# Helpers ---------------------------------------------------------------------------


def add_principle(workshop: Workshop, entries, *, title=None, statement="", cells=None):
    principle = principle_merge(workshop=workshop, entry_ids=[e.pk for e in entries])
    if title is None:
        return principle
    return principle_update(
        principle=principle,
        edit_version=principle.edit_version,
        title=title,
        statement=statement,
        cells=cells or {},
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def merge(client, workshop: Workshop, entries, principle: Principle | None = None, **extra):
    return client.post(
        reverse("principles:merge", args=[workshop.pk]),
        {"entries": [e.pk for e in entries], "principle": principle.pk if principle else ""},
        **extra,
    )


def edit_url(principle: Principle) -> str:
    return reverse("principles:edit", args=[principle.workshop_id, principle.pk])


def sources(principle: Principle) -> set[int]:
    return set(PrincipleSource.objects.filter(principle=principle).values_list("entry", flat=True))


def entry_rows() -> list[tuple]:
    return list(
        Entry.objects.order_by("pk").values_list("pk", "workshop", "question", "text", "removed")
    )


def vote(phone, workshop: Workshop, principle: Principle, action: str = "add", **extra):
    return phone.post(
        reverse("phone:vote", args=[workshop.public_id]),
        {"principle": principle.pk, "action": action},
        **extra,
    )


def dots_of(participant: Participant) -> dict[int, int]:
    return dict(
        Counter(Vote.objects.filter(participant=participant).values_list("principle", flat=True))
    )


def set_phase(workshop: Workshop, phase: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.phase = phase


def input_value(response, name: str) -> str:
    """The value a form on the page holds for an <input>."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.content.decode())
    assert match is not None, name
    return html.unescape(match.group(1))


@pytest.fixture
def cards(participant, workshop):
    """Four cards on different questions and levels, from two phones."""
    second = Participant.objects.create(workshop=workshop, team=workshop.teams.last())
    return [
        add_entry(
            participant, "AI skal frigøre tid til patienterne", question=1, levels=["individual"]
        ),
        add_entry(second, "Vi deler erfaringer i teamet", question=3, levels=["group"]),
        add_entry(participant, "Ledelsen tager ansvar", question=4, levels=["leadership", "group"]),
        add_entry(second, "Faglighed før værktøj", question=5),
    ]


# Merging ---------------------------------------------------------------------------


def test_merging_cards_of_any_question_and_level_makes_a_principle(owner_client, workshop, cards):
    response = merge(owner_client, workshop, [cards[2], cards[0], cards[1]])

    principle = Principle.objects.get(workshop=workshop)
    assert response.status_code == 302
    assert response["Location"] == edit_url(principle)
    assert sources(principle) == {cards[0].pk, cards[1].pk, cards[2].pk}
    # The first card (by question) gives the title the facilitator rewords.
    assert principle.title == "AI skal frigøre tid til patienterne"
    assert principle.statement == ""
    assert principle.position == 1
    assert principle.edit_version == 1


def test_each_new_principle_goes_last(owner_client, workshop, cards):
    merge(owner_client, workshop, [cards[0]])
    merge(owner_client, workshop, [cards[1]])
    merge(owner_client, workshop, [cards[2]])

    assert list(Principle.objects.filter(workshop=workshop).values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]


def test_cells_start_with_the_merged_cards_as_hints_per_level(owner_client, workshop, cards):
    merge(owner_client, workshop, cards)

    principle = Principle.objects.get(workshop=workshop)
    assert principle.cells == {
        "individual": "· AI skal frigøre tid til patienterne",
        "group": "· Vi deler erfaringer i teamet\n· Ledelsen tager ansvar",
        "leadership": "· Ledelsen tager ansvar",
    }
    page = text(owner_client.get(edit_url(principle)))
    assert re.search(
        r'<textarea[^>]*name="cell_group"[^>]*>\s*· Vi deler erfaringer i teamet\n'
        r"· Ledelsen tager ansvar</textarea>",
        page,
    )


def test_hints_follow_the_facilitators_placement_over_the_participants_tags(workshop, participant):
    moved = add_entry(participant, "Flyttet kort", levels=["individual"], placed=["organisation"])
    unplaced = add_entry(participant, "Lagt i ikke placeret", levels=["group"], placed=[])
    long = add_entry(participant, "x" * 500, question=2, levels=["context"])
    longer = add_entry(participant, "y" * 500, question=2, levels=["context"])

    principle = principle_merge(
        workshop=workshop, entry_ids=[moved.pk, unplaced.pk, long.pk, longer.pk]
    )

    assert set(principle.cells) == {"organisation", "context"}
    assert principle.cells["organisation"] == "· Flyttet kort"
    assert len(principle.cells["context"]) == CELL_MAX_LENGTH


def test_hints_use_the_codes_of_the_workshops_scheme(organisation, owner):
    workshop = make_workshop(organisation, owner, scheme="charter-scopes", title="Scopes")
    person = Participant.objects.create(workshop=workshop)
    codes = list(workshop.scheme.levels.values_list("code", flat=True))
    card = add_entry(person, "Et punkt", levels=[codes[-1]])

    principle = principle_merge(workshop=workshop, entry_ids=[card.pk])

    assert principle.cells == {codes[-1]: "· Et punkt"}


def test_merging_into_a_principle_adds_cards_and_keeps_its_wording(owner_client, workshop, cards):
    principle = add_principle(
        workshop,
        [cards[0]],
        title="Tid til mennesker",
        statement="Sparet tid går til kerneopgaven.",
        cells={"individual": "Egne ord", "group": ""},
    )
    version = principle.edit_version

    response = merge(owner_client, workshop, [cards[2], cards[3]], principle)

    principle.refresh_from_db()
    assert response["Location"] == edit_url(principle)
    assert Principle.objects.filter(workshop=workshop).count() == 1
    assert sources(principle) == {cards[0].pk, cards[2].pk, cards[3].pk}
    assert principle.title == "Tid til mennesker"
    assert principle.statement == "Sparet tid går til kerneopgaven."
    # Written cells stay; empty ones get the new cards as hints.
    assert principle.cells == {
        "individual": "Egne ord",
        "group": "· Ledelsen tager ansvar",
        "leadership": "· Ledelsen tager ansvar",
    }
    assert principle.edit_version == version + 1


def test_merging_a_card_that_is_already_in_the_principle_adds_it_once(
    owner_client, workshop, cards
):
    principle = add_principle(workshop, [cards[0], cards[1]])

    merge(owner_client, workshop, [cards[0], cards[1], cards[2]], principle)

    assert PrincipleSource.objects.filter(principle=principle).count() == 3


def test_a_card_can_feed_several_principles(owner_client, workshop, cards):
    merge(owner_client, workshop, [cards[0], cards[1]])
    merge(owner_client, workshop, [cards[0], cards[2]])

    first, second = Principle.objects.filter(workshop=workshop)
    assert sources(first) == {cards[0].pk, cards[1].pk}
    assert sources(second) == {cards[0].pk, cards[2].pk}
    assert set(cards[0].principles.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_merging_the_same_cards_twice_gives_one_principle(owner_client, workshop, cards):
    first = merge(owner_client, workshop, [cards[0], cards[1]])
    # A double click, or a second facilitator, with the cards in another order.
    second = merge(owner_client, workshop, [cards[1], cards[0]])

    principle = Principle.objects.get(workshop=workshop)
    assert first["Location"] == second["Location"] == edit_url(principle)
    assert PrincipleSource.objects.filter(principle=principle).count() == 2
    # Other cards are another principle.
    merge(owner_client, workshop, [cards[0], cards[1], cards[2]])
    assert Principle.objects.filter(workshop=workshop).count() == 2


def test_merging_again_after_rewording_still_finds_the_principle(owner_client, workshop, cards):
    principle = add_principle(workshop, [cards[0], cards[1]], title="Omformuleret")

    merge(owner_client, workshop, [cards[0], cards[1]])

    assert list(Principle.objects.filter(workshop=workshop)) == [principle]
    principle.refresh_from_db()
    assert principle.title == "Omformuleret"


@pytest.mark.parametrize("which", ["none", "other_workshop", "removed", "unknown"])
def test_merge_refuses_cards_that_are_not_this_workshops(
    owner_client, workshop, cards, other_participant, which
):
    foreign = add_entry(other_participant, "Et andet firmas kort")
    removed = add_entry(cards[0].participant, "Fjernet", removed=True)
    chosen = {
        "none": [],
        "other_workshop": [cards[0].pk, foreign.pk],
        "removed": [removed.pk],
        "unknown": [cards[0].pk, foreign.pk + 1000],
    }[which]

    response = owner_client.post(
        reverse("principles:merge", args=[workshop.pk]), {"entries": chosen, "principle": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:board", args=[workshop.pk])
    assert Principle.objects.count() == 0
    assert messages_of(response) in (
        ["Select one or more cards to merge."],
        ["Select one or more cards of this workshop to merge."],
    )


def test_merge_into_another_workshops_principle_is_refused(
    owner_client, workshop, cards, other_workshop, other_participant
):
    theirs = add_principle(other_workshop, [add_entry(other_participant, "Deres kort")])

    response = merge(owner_client, workshop, [cards[0]], theirs)

    assert response.status_code == 302
    assert sources(theirs) == {Entry.objects.get(workshop=other_workshop).pk}
    assert Principle.objects.filter(workshop=workshop).count() == 0


def test_merge_goes_back_to_the_board_with_its_filters(owner_client, workshop, cards):
    back = reverse("workshops:board", args=[workshop.pk]) + "?question=3"

    response = owner_client.post(
        reverse("principles:merge", args=[workshop.pk]), {"entries": [], "next": back}
    )

    assert response["Location"] == back


# Taking cards out and deleting: no card is lost ----------------------------------------


def test_taking_a_card_out_of_a_principle_keeps_the_card(owner_client, workshop, cards):
    first = add_principle(workshop, [cards[0], cards[1]], title="Første")
    second = add_principle(workshop, [cards[0], cards[2]], title="Anden")
    before = entry_rows()
    version = first.edit_version

    response = owner_client.post(
        reverse("principles:source_remove", args=[workshop.pk, first.pk, cards[0].pk])
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(first)
    assert sources(first) == {cards[1].pk}
    assert sources(second) == {cards[0].pk, cards[2].pk}
    assert entry_rows() == before
    first.refresh_from_db()
    assert first.title == "Første"
    assert first.edit_version == version + 1


def test_taking_out_a_card_of_another_workshop_is_404(
    owner_client, workshop, cards, other_participant
):
    principle = add_principle(workshop, [cards[0]])
    foreign = add_entry(other_participant, "Deres kort")

    response = owner_client.post(
        reverse("principles:source_remove", args=[workshop.pk, principle.pk, foreign.pk])
    )

    assert response.status_code == 404
    assert sources(principle) == {cards[0].pk}


def test_deleting_a_principle_keeps_its_cards(owner_client, workshop, cards, participant):
    doomed = add_principle(workshop, [cards[0], cards[1]], title="Slettes")
    kept = add_principle(workshop, [cards[0], cards[2]], title="Bliver")
    set_phase(workshop, Phase.VOTING)
    Vote.objects.create(principle=doomed, participant=participant)
    before = entry_rows()

    response = owner_client.post(reverse("principles:delete", args=[workshop.pk, doomed.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("principles:list", args=[workshop.pk])
    assert list(Principle.objects.filter(workshop=workshop)) == [kept]
    assert entry_rows() == before
    assert sources(kept) == {cards[0].pk, cards[2].pk}
    assert not PrincipleSource.objects.filter(principle_id=doomed.pk).exists()
    # Its dots go back to the phone.
    assert Vote.objects.count() == 0


def test_deleting_or_taking_out_needs_this_workshops_principle(
    owner_client, workshop, cards, other_workshop, other_participant
):
    card = add_entry(other_participant, "Deres kort")
    theirs = add_principle(other_workshop, [card])

    responses = [
        owner_client.post(reverse("principles:delete", args=[workshop.pk, theirs.pk])),
        owner_client.post(
            reverse("principles:source_remove", args=[workshop.pk, theirs.pk, card.pk])
        ),
        owner_client.get(reverse("principles:edit", args=[workshop.pk, theirs.pk])),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert sources(theirs) == {card.pk}


def test_principle_views_that_change_state_refuse_get(owner_client, workshop, cards, phone):
    principle = add_principle(workshop, [cards[0]])
    before = (
        sources(principle),
        entry_rows(),
        Workshop.objects.get(pk=workshop.pk).dots_per_participant,
    )
    args = [workshop.pk, principle.pk]

    refused = {
        "merge": owner_client.get(
            reverse("principles:merge", args=[workshop.pk]), {"entries": cards[1].pk}
        ),
        "order": owner_client.get(reverse("principles:order", args=[workshop.pk])),
        "dots": owner_client.get(reverse("principles:dots", args=[workshop.pk]), {"dots": 7}),
        "delete": owner_client.get(reverse("principles:delete", args=args)),
        "move": owner_client.get(reverse("principles:move", args=args)),
        "source_remove": owner_client.get(
            reverse("principles:source_remove", args=[*args, cards[0].pk])
        ),
        "vote": phone.get(reverse("phone:vote", args=[workshop.public_id])),
        "list-post": owner_client.post(reverse("principles:list", args=[workshop.pk])),
        "similar-post": owner_client.post(
            reverse("principles:similar", args=[workshop.pk, cards[0].pk])
        ),
    }

    assert {name: r.status_code for name, r in refused.items()} == dict.fromkeys(refused, 405)
    assert Principle.objects.filter(workshop=workshop).count() == 1
    assert before == (
        sources(principle),
        entry_rows(),
        Workshop.objects.get(pk=workshop.pk).dots_per_participant,
    )


# Provenance -----------------------------------------------------------------------------


def test_the_principle_page_lists_the_cards_it_came_from(owner_client, workshop, cards):
    principle = add_principle(workshop, [cards[1], cards[3]], title="Fællesskab")

    page = text(owner_client.get(edit_url(principle)))

    sources_section = page.split("Merged from these cards", 1)[1]
    assert "Vi deler erfaringer i teamet" in sources_section
    assert "Faglighed før værktøj" in sources_section
    assert "AI skal frigøre tid" not in sources_section
    for card in (cards[1], cards[3]):
        assert reverse("principles:source_remove", args=[workshop.pk, principle.pk, card.pk]) in (
            sources_section
        )


def test_the_charter_content_keeps_each_principles_sources(workshop, cards, participant):
    reworded = add_entry(participant, "skrevet hurtigt", question=2, facilitator_text="Omskrevet")
    hidden = add_entry(participant, "Skjult kort", question=2, hidden=True)
    first = add_principle(workshop, [cards[3], cards[0], reworded, hidden], title="Første")
    add_principle(workshop, [cards[1]], title="Anden")
    Entry.objects.filter(pk=cards[3].pk).update(removed=True)

    content = charter_content(workshop)

    assert [p["title"] for p in content["principles"]] == ["Første", "Anden"]
    assert content["principles"][0]["id"] == first.pk
    # In the order of the questions; the facilitator's wording; hidden and
    # removed cards left out.
    assert content["principles"][0]["sources"] == [
        {"question": 1, "text": "AI skal frigøre tid til patienterne"},
        {"question": 2, "text": "Omskrevet"},
    ]
    assert content["principles"][1]["sources"] == [
        {"question": 3, "text": "Vi deler erfaringer i teamet"}
    ]
    # The links themselves stay.
    assert sources(first) == {cards[3].pk, cards[0].pk, reworded.pk, hidden.pk}


# Similar cards ---------------------------------------------------------------------------


def suggested_ids(response) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(
            r'<input type="checkbox" class="select" name="entries" value="(\d+)"',
            response.content.decode(),
        )
    ]


def test_similar_cards_share_words_first_and_never_show_the_card_itself(
    owner_client, workshop, participant, other_participant
):
    second = Participant.objects.create(workshop=workshop)
    card = add_entry(participant, "AI giver mere tid til patienterne")
    twin = add_entry(second, "AI giver mere tid til patienterne", question=4)
    close = add_entry(second, "Mere tid til patienterne", question=2)
    others = [
        add_entry(second, words, question=3)
        for words in [
            "Klare regler for persondata",
            "Kurser i værktøjet for alle",
            "Ledelsen skal lytte",
            "Ingen overvågning af medarbejdere",
            "Vi deler gode prompts",
        ]
    ]
    gone = add_entry(second, "AI giver mere tid til patienterne", removed=True)
    foreign = add_entry(other_participant, "AI giver mere tid til patienterne")

    response = owner_client.get(reverse("principles:similar", args=[workshop.pk, card.pk]))

    ids = suggested_ids(response)
    assert response.status_code == 200
    assert set(ids[:2]) == {twin.pk, close.pk}
    assert len(ids) == 5
    assert set(ids[2:]) <= {o.pk for o in others}
    assert card.pk not in ids
    assert gone.pk not in ids
    assert foreign.pk not in ids
    # Offers, not choices: no suggestion arrives ticked, each shows its likeness;
    # the card itself goes along with the ones the facilitator ticks.
    page = response.content.decode()
    suggestions = re.findall(r'<input type="checkbox" class="select"[^>]*>', page)
    assert len(suggestions) == 5 and not any("checked" in box for box in suggestions)
    assert len(re.findall(r'<meter min="0" max="100" value="\d+"', page)) == 5
    assert re.search(rf'name="entries" value="{card.pk}" checked>', page)


def test_similar_cards_inline_on_the_board_is_the_suggestions_only(
    owner_client, workshop, participant
):
    card = add_entry(participant, "AI giver mere tid")
    other = add_entry(participant, "Mere tid", question=2)

    response = owner_client.get(
        reverse("principles:similar", args=[workshop.pk, card.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert suggested_ids(response) == [other.pk]
    assert "<h1>" not in response.content.decode()
    assert "<html" not in response.content.decode()


def test_similar_cards_of_a_lone_card_is_an_empty_list(owner_client, workshop, participant):
    card = add_entry(participant, "Alene")

    response = owner_client.get(reverse("principles:similar", args=[workshop.pk, card.pk]))

    assert suggested_ids(response) == []
    assert "No other cards yet." in text(response)
    assert similar_entries(card, [card]) == []


def test_similar_cards_of_a_removed_or_foreign_card_is_404(
    owner_client, workshop, participant, other_participant
):
    removed = add_entry(participant, "Fjernet", removed=True)
    foreign = add_entry(other_participant, "Deres")

    assert owner_client.get(
        reverse("principles:similar", args=[workshop.pk, removed.pk])
    ).status_code == (404)
    assert owner_client.get(
        reverse("principles:similar", args=[workshop.pk, foreign.pk])
    ).status_code == (404)


def test_similar_entries_ranks_by_shared_words_ignoring_case(participant):
    card = add_entry(participant, "Data om borgere skal beskyttes")
    shouting = add_entry(participant, "DATA OM BORGERE")
    unrelated = add_entry(participant, "Vi holder kaffepause sammen")

    assert similar_entries(card, [unrelated, card, shouting], limit=5) == [shouting, unrelated]
    assert similar_entries(card, [unrelated, card, shouting], limit=1) == [shouting]


def test_the_similarity_bench_reports_precision_at_5_above_chance():
    path = Path(__file__).resolve().parent.parent / "bench" / "similarity.py"
    spec = importlib.util.spec_from_file_location("bench_similarity", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    report = bench.main()

    assert report["k"] == 5
    assert report["entries"] > 100
    assert 0 < report["chance"] < report["precision_at_k"] <= 1


# Dots ---------------------------------------------------------------------------------


@pytest.fixture
def voting(workshop, cards):
    """The workshop in the voting phase with three principles."""
    principles = [
        add_principle(workshop, [card], title=title)
        for card, title in zip(cards[:3], ["Tid", "Deling", "Ansvar"], strict=True)
    ]
    set_phase(workshop, Phase.VOTING)
    return principles


def test_each_phone_has_three_dots_by_default(workshop):
    assert workshop.dots_per_participant == 3


@pytest.mark.parametrize(
    ("posted", "stored"), [("1", 1), ("20", 20), ("7", 7), ("0", 3), ("21", 3), ("many", 3)]
)
def test_the_facilitator_sets_the_dots_between_1_and_20(owner_client, workshop, posted, stored):
    response = owner_client.post(reverse("principles:dots", args=[workshop.pk]), {"dots": posted})

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert workshop.dots_per_participant == stored
    if posted != str(stored):
        assert messages_of(response) == ["Give each participant between 1 and 20 dots."]


def test_a_phone_spreads_its_dots_and_may_put_several_on_one(phone, participant, voting):
    tid, deling, _ansvar = voting

    statuses = [
        vote(phone, participant.workshop, tid).status_code,
        vote(phone, participant.workshop, tid).status_code,
        vote(phone, participant.workshop, deling).status_code,
    ]
    refused = vote(phone, participant.workshop, tid)

    assert statuses == [302, 302, 302]
    assert dots_of(participant) == {tid.pk: 2, deling.pk: 1}
    assert refused.status_code == 302
    assert refused["Location"] == reverse("phone:worksheet", args=[participant.workshop.public_id])
    assert messages_of(refused) == ["You have used all your 3 dots. Take one back to move it."]


def test_all_dots_on_one_principle(phone, participant, workshop, voting):
    workshop.dots_per_participant = 5
    workshop.save()

    for _ in range(6):
        vote(phone, workshop, voting[2])

    assert dots_of(participant) == {voting[2].pk: 5}


def test_a_dot_can_be_taken_back_and_put_elsewhere(phone, participant, workshop, voting):
    tid, deling, ansvar = voting
    for principle in (tid, tid, deling):
        vote(phone, workshop, principle)

    vote(phone, workshop, tid, "remove")
    vote(phone, workshop, ansvar)

    assert dots_of(participant) == {tid.pk: 1, deling.pk: 1, ansvar.pk: 1}


def test_taking_back_only_takes_the_phones_own_dots(phone, participant, workshop, voting):
    neighbour = Participant.objects.create(workshop=workshop)
    Vote.objects.create(principle=voting[0], participant=neighbour)

    vote(phone, workshop, voting[0], "remove")

    assert dots_of(neighbour) == {voting[0].pk: 1}
    assert dots_of(participant) == {}


def test_dots_can_not_be_taken_back_once_voting_closes(phone, participant, workshop, voting):
    vote(phone, workshop, voting[0])
    vote(phone, workshop, voting[1])
    set_phase(workshop, Phase.CHARTER)

    removed = vote(phone, workshop, voting[0], "remove")
    added = vote(phone, workshop, voting[2])

    assert dots_of(participant) == {voting[0].pk: 1, voting[1].pk: 1}
    assert messages_of(removed) == ["Voting is not open."]
    assert messages_of(added)[-1] == "Voting is not open."


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.COLLECTING, Phase.CLUSTERING, Phase.CHARTER])
def test_votes_are_refused_outside_the_voting_phase(phone, participant, workshop, voting, phase):
    set_phase(workshop, phase)

    response = vote(phone, workshop, voting[0])

    assert response.status_code == 302
    assert Vote.objects.count() == 0
    assert messages_of(response) == ["Voting is not open."]


def test_a_phone_can_not_vote_on_another_workshops_principle(
    phone, participant, workshop, voting, other_workshop, other_participant, other_phone
):
    theirs = add_principle(other_workshop, [add_entry(other_participant, "Deres kort")])
    set_phase(other_workshop, Phase.VOTING)

    through_own = vote(phone, workshop, theirs)
    through_theirs = vote(phone, other_workshop, theirs)
    htmx = vote(phone, other_workshop, theirs, HTTP_HX_REQUEST="true")

    assert Vote.objects.filter(participant=participant).count() == 0
    assert Vote.objects.filter(principle=theirs).count() == 0
    assert messages_of(through_own) == ["This principle is not part of the workshop."]
    # Not joined there: sent to join, an htmx request too (htmx shows no 403).
    assert through_theirs["Location"] == reverse("join:workshop", args=[other_workshop.join_code])
    assert htmx["HX-Redirect"] == reverse("join:workshop", args=[other_workshop.join_code])
    # Their own phone may.
    vote(other_phone, other_workshop, theirs)
    assert dots_of(other_participant) == {theirs.pk: 1}


def test_a_browser_that_has_not_joined_can_not_vote(phone, participant, workshop, voting):
    response = client_for().post(
        reverse("phone:vote", args=[workshop.public_id]),
        {"principle": voting[0].pk, "action": "add"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("join:workshop", args=[workshop.join_code])
    assert Vote.objects.count() == 0


def test_replaying_the_same_add_never_exceeds_the_dots(phone, participant, workshop, voting):
    responses = [vote(phone, workshop, voting[0], HTTP_HX_REQUEST="true") for _ in range(6)]

    assert [r.status_code for r in responses] == [200] * 6
    assert dots_of(participant) == {voting[0].pk: 3}
    assert "You have 0 dots left." in text(responses[-1])
    assert "You have 2 dots left." in text(responses[0])


def test_lowering_the_dots_below_what_a_phone_used_lets_it_add_no_more(
    owner_client, phone, participant, workshop, voting
):
    for principle in voting:
        vote(phone, workshop, principle)
    owner_client.post(reverse("principles:dots", args=[workshop.pk]), {"dots": "2"})

    vote(phone, workshop, voting[0], "remove")
    vote(phone, workshop, voting[0])

    assert sum(dots_of(participant).values()) == 2
    page = text(phone.get(reverse("phone:worksheet", args=[workshop.public_id])))
    assert "You have 0 dots left." in page


def test_a_bad_vote_is_refused_without_a_change(phone, participant, workshop, voting):
    response = phone.post(
        reverse("phone:vote", args=[workshop.public_id]),
        {"principle": voting[0].pk, "action": "twice"},
    )

    assert response.status_code == 302
    assert Vote.objects.count() == 0
    assert messages_of(response) == ["That dot could not be saved. Please try again."]


def test_the_tally_shows_on_the_board_and_the_principles_page(
    owner_client, workshop, voting, phone
):
    neighbour = Participant.objects.create(workshop=workshop)
    tid, deling, ansvar = voting
    for principle in (deling, deling, tid):
        vote(phone, workshop, principle)
    vote(phone_for(neighbour), workshop, deling)

    board = owner_client.get(reverse("workshops:board", args=[workshop.pk]))
    listing = owner_client.get(reverse("principles:list", args=[workshop.pk]))

    tally = re.search(r'<table class="tally-table">.*?</table>', text(board), re.S).group(0)
    rows = re.findall(
        r"<th scope=\"row\"><a [^>]*>([^<]*)</a></th><td class=\"num\">(\d+)</td>", tally
    )
    assert rows == [("Deling", "3"), ("Tid", "1")]
    titles = re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', text(listing))
    counts = re.findall(r'<span class="dot-count">(\d+)</span>', text(listing))
    assert list(zip(titles, counts, strict=True)) == [
        ("Tid", "1"),
        ("Deling", "3"),
        ("Ansvar", "0"),
    ]
    assert "2 participants have voted." in text(listing)
    assert ansvar.title not in tally


def test_the_order_by_votes_puts_the_most_dots_first(owner_client, workshop, cards, participant):
    principles = [
        add_principle(workshop, [card], title=title)
        for card, title in zip(cards, ["Nul", "To", "En a", "En b"], strict=True)
    ]
    nul, to, en_a, en_b = principles
    people = [Participant.objects.create(workshop=workshop) for _ in range(2)]
    for principle, person in [
        (to, people[0]),
        (to, people[1]),
        (en_b, people[0]),
        (en_a, people[1]),
    ]:
        Vote.objects.create(principle=principle, participant=person)

    response = owner_client.post(reverse("principles:order", args=[workshop.pk]))

    assert response.status_code == 302
    ordered = list(Principle.objects.filter(workshop=workshop).order_by("position"))
    # Ties keep the order they had.
    assert [p.title for p in ordered] == ["To", "En a", "En b", "Nul"]
    assert [p.position for p in ordered] == [0, 1, 2, 3]
    assert [p["title"] for p in charter_content(workshop)["principles"]] == [
        "To",
        "En a",
        "En b",
        "Nul",
    ]


def test_moving_a_principle_swaps_it_with_its_neighbour(owner_client, workshop, cards):
    first, second, third = (
        add_principle(workshop, [card], title=title)
        for card, title in zip(cards[:3], ["A", "B", "C"], strict=True)
    )

    owner_client.post(reverse("principles:move", args=[workshop.pk, third.pk]), {"direction": "up"})
    owner_client.post(reverse("principles:move", args=[workshop.pk, first.pk]), {"direction": "up"})

    ordered = Principle.objects.filter(workshop=workshop).order_by("position", "pk")
    assert [p.title for p in ordered] == ["A", "C", "B"]


# Two people at once ------------------------------------------------------------------------


def edit_data(response, **changes) -> dict:
    """The edit form as the page holds it, with some fields changed."""
    data = {
        "title": input_value(response, "title"),
        "statement": "",
        "edit_version": input_value(response, "edit_version"),
    }
    data.update(changes)
    return data


def test_a_save_with_a_stale_edit_version_is_refused_and_shows_the_current_state(
    workshop, cards, owner, facilitator
):
    principle = add_principle(workshop, [cards[0]], title="Start")
    first, second = client_for(owner), client_for(facilitator)
    first_form = first.get(edit_url(principle))
    second_form = second.get(edit_url(principle))

    saved = first.post(
        edit_url(principle),
        edit_data(first_form, title="Den første", statement="Først", cell_group="Gruppen"),
    )
    refused = second.post(
        edit_url(principle), edit_data(second_form, title="Den anden", statement="Sidst")
    )

    principle.refresh_from_db()
    assert saved.status_code == 302
    assert refused.status_code == 409
    assert (principle.title, principle.statement, principle.cells) == (
        "Den første",
        "Først",
        {"group": "Gruppen"},
    )
    page = text(refused)
    assert "Someone else changed this principle while you were editing it." in page
    assert re.search(r'<input[^>]*name="title"[^>]*value="Den første"', page)
    assert re.search(r'<textarea[^>]*name="cell_group"[^>]*>\s*Gruppen</textarea>', page)
    # The form now carries the current version: saving again works.
    assert input_value(refused, "edit_version") == str(principle.edit_version)
    again = second.post(edit_url(principle), edit_data(refused, title="Den anden"))
    principle.refresh_from_db()
    assert again.status_code == 302
    assert principle.title == "Den anden"


def test_a_merge_while_someone_edits_makes_their_save_a_conflict_not_a_loss(
    owner_client, workshop, cards
):
    principle = add_principle(workshop, [cards[0]], title="Start")
    form = owner_client.get(edit_url(principle))

    merge(owner_client, workshop, [cards[1]], principle)
    response = owner_client.post(edit_url(principle), edit_data(form, title="Overskrevet"))

    principle.refresh_from_db()
    assert response.status_code == 409
    assert principle.title == "Start"
    assert sources(principle) == {cards[0].pk, cards[1].pk}
    assert principle.cells["group"] == "· Vi deler erfaringer i teamet"
    # What the second person typed stays on the page to copy over.
    page = response.content.decode()
    assert "What you typed (not saved)" in page
    assert "Overskrevet" in page


def test_taking_a_card_out_while_someone_edits_is_a_conflict(owner_client, workshop, cards):
    principle = add_principle(workshop, [cards[0], cards[1]], title="Start")
    form = owner_client.get(edit_url(principle))

    owner_client.post(
        reverse("principles:source_remove", args=[workshop.pk, principle.pk, cards[1].pk])
    )
    response = owner_client.post(edit_url(principle), edit_data(form, title="Overskrevet"))

    principle.refresh_from_db()
    assert response.status_code == 409
    assert principle.title == "Start"


@pytest.mark.parametrize(
    "data",
    [{"title": "", "edit_version": "1"}, {"title": "Uden version"}, {"title": "x" * 121}],
    ids=["no-title", "no-edit-version", "title-too-long"],
)
def test_an_invalid_save_changes_nothing(owner_client, workshop, cards, data):
    principle = add_principle(workshop, [cards[0]], title="Start")

    response = owner_client.post(edit_url(principle), data)

    principle.refresh_from_db()
    assert response.status_code == 400
    assert (principle.title, principle.edit_version) == ("Start", 2)


@pytest.mark.parametrize(
    ("language", "one", "many", "sort"),
    [
        ("en", "1</span> dot<", "3</span> dots<", "Sort by dots"),
        ("da", "1</span> prik<", "3</span> prikker<", "Sorter efter prikker"),
    ],
)
def test_the_tally_says_dot_or_dots_and_has_no_stray_label(
    owner_client, workshop, voting, phone, language, one, many, sort, settings
):
    neighbour = Participant.objects.create(workshop=workshop)
    tid, deling, _ansvar = voting
    for principle in (deling, deling, tid):
        vote(phone, workshop, principle)
    vote(phone_for(neighbour), workshop, deling)
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = text(owner_client.get(reverse("principles:list", args=[workshop.pk])))

    tallies = re.findall(r'<p class="tally"[^>]*>.*?</p>', page, re.S)
    assert len(tallies) == 3
    # aria-label is not allowed on a <p> without a role (axe: aria-prohibited-attr).
    assert all("aria-label" not in tally for tally in tallies)
    assert one in page
    assert many in page
    assert sort in page
    assert "stemmer" not in page.lower()
    assert "votes" not in page.lower().replace("principles:order", "")


def test_dots_message_is_singular_for_one_dot(owner_client, workshop, settings):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    response = owner_client.post(
        reverse("principles:dots", args=[workshop.pk]), {"dots": 1}, follow=True
    )

    assert "Hver deltager har nu 1 prik." in text(response)


# Dots only from the room that was there when voting opened (issue 10) -------------


def test_a_phone_that_joined_after_voting_opened_can_not_put_dots(workshop, cards):
    principle = add_principle(workshop, cards[:1], title="Tid")
    with time_machine.travel("2026-11-21 10:00", tick=False):
        participant = Participant.objects.create(workshop=workshop)
        phone = phone_for(participant)
        workshop = move_to(workshop, Phase.VOTING)
        opened = timezone.now()
    with time_machine.travel("2026-11-21 10:05", tick=False):
        late = Participant.objects.create(workshop=workshop)
        late_phone = phone_for(late)
        refused = vote(late_phone, workshop, principle)
        ballot_page = late_phone.get(reverse("phone:worksheet", args=[workshop.public_id]))
        counted = vote(phone, workshop, principle)

    assert workshop.voting_opened_at == opened
    assert messages_of(refused) == [
        "You joined after voting started, so you can't put dots in this workshop. "
        "Only participants who were there when voting started can vote."
    ]
    assert "You joined after voting started" in html.unescape(ballot_page.content.decode())
    assert f'id="vote-add-{principle.pk}"' not in ballot_page.content.decode()
    assert counted.status_code == 302
    assert dots_of(participant) == {principle.pk: 1}
    assert dots_of(late) == {}


def test_the_facilitator_may_let_late_joiners_vote(workshop, cards):
    principle = add_principle(workshop, cards[:1], title="Tid")
    with time_machine.travel("2026-11-21 10:00", tick=False):
        workshop = move_to(workshop, Phase.VOTING)
    Workshop.objects.filter(pk=workshop.pk).update(late_joiners_vote=True)
    with time_machine.travel("2026-11-21 10:05", tick=False):
        late = Participant.objects.create(workshop=workshop)
        vote(phone_for(late), workshop, principle)

    assert dots_of(late) == {principle.pk: 1}


def test_reopening_voting_keeps_the_time_it_first_opened(workshop):
    with time_machine.travel("2026-11-21 10:00", tick=False):
        workshop = move_to(workshop, Phase.VOTING)
        opened = timezone.now()
    with time_machine.travel("2026-11-21 11:00", tick=False):
        workshop = move_to(move_to(workshop, Phase.CLUSTERING), Phase.VOTING)

    assert workshop.voting_opened_at == opened
