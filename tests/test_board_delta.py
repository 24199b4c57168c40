"""A board poll after only phones wrote gets the changed cards alone (with
each column's ids in order), and the full body whenever anything else
changed or the poll is odd. tests/test_browser_board.py checks in Chromium
that the live board still equals a fresh load."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import add_entry, phone_saves
from workshops.models import Entry
from workshops.selectors import CARDS_PER_COLUMN
from workshops.services import entry_set_hidden
from workshops.worksheet import FieldChange, worksheet_save

START = timezone.now().replace(microsecond=0) + timedelta(hours=1)


def board_url(workshop) -> str:
    return reverse("workshops:board", args=[workshop.pk])


def poll(client, workshop, held=None, *, query=""):
    headers = {"HTTP_HX_REQUEST": "true"}
    if held is not None:
        headers["HTTP_IF_NONE_MATCH"] = held["ETag"]
        headers["HTTP_X_BOARD_SINCE"] = held["X-Board-Since"]
    return client.get(board_url(workshop) + query, **headers)


def card_ids(html: str) -> set[int]:
    return {
        int(pk)
        for pk in re.findall(
            r'<li class="board-card[^"]*" id="card-\d+-[^"]*" data-id="(\d+)"', html
        )
    }


def column_ids(html: str) -> dict[str, list[int]]:
    return {
        level: [int(pk) for pk in ids.split(",") if pk]
        for level, ids in re.findall(r'<section data-level="([^"]*)" data-ids="([^"]*)"', html)
    }


@pytest.fixture
def room(workshop, participant):
    """Ten cards written an hour from now, and the board read a minute later."""
    with time_machine.travel(START, tick=False):
        cards = [
            add_entry(participant, f"Punkt {i}", question=1 + i % 3, levels=["group"])
            for i in range(10)
        ]
    return cards


def test_after_a_phone_writes_the_poll_gets_only_the_new_card(
    owner_client, workshop, participant, room
):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    assert first.status_code == 200 and "X-Board-Delta" not in first
    assert card_ids(first.content.decode()) == {card.pk for card in room}

    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        phone_saves(participant, (2, "Et helt nyt punkt", ["group"]), rev=5)
        delta = poll(owner_client, workshop, first)

    html = delta.content.decode()
    new = Entry.objects.get(text="Et helt nyt punkt")
    assert delta.status_code == 200
    assert delta["X-Board-Delta"] == "1"
    assert card_ids(html) == {new.pk}
    # The column lists every card in the board's order, the new one among them.
    expected = list(
        Entry.objects.filter(workshop=workshop, removed=False)
        .order_by("question", "created_at", "pk")
        .values_list("pk", flat=True)
    )
    assert column_ids(html)["group"] == expected
    assert column_ids(html)["-"] == []
    # The summary's counts are current.
    assert re.search(r"<dd>11</dd>", html)
    assert len(delta.content) < len(first.content) / 2


def test_a_removed_card_leaves_the_column_list(owner_client, workshop, participant, room):
    client_id = room[3].client_id
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        phone_saves(participant, (client_id, 2, "weg", ["group"]), rev=5)
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        phone_saves(participant, (client_id, 2, "weg", ["group"]), rev=6, removed=True)
        delta = poll(owner_client, workshop, first)

    assert delta["X-Board-Delta"] == "1"
    assert room[3].pk not in column_ids(delta.content.decode())["group"]
    assert card_ids(delta.content.decode()) == set()


def test_a_participants_new_details_send_their_cards(owner_client, workshop, participant, room):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        worksheet_save(
            participant=participant, fields=[FieldChange("profession", "Jordemoder", 9)], entries=[]
        )
        delta = poll(owner_client, workshop, first)

    assert delta["X-Board-Delta"] == "1"
    assert card_ids(delta.content.decode()) == {card.pk for card in room}
    assert "Jordemoder" in delta.content.decode()


def test_a_change_stamped_just_before_the_read_is_sent_again(
    owner_client, workshop, participant, room
):
    """A save stamped before the board read but committed after it is in the
    next delta: the poll looks back a few seconds before its read."""
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=1, seconds=-2), tick=False):
        phone_saves(participant, (3, "Sent fra en langsom transaktion", ["group"]), rev=5)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        delta = poll(owner_client, workshop, first)

    late = Entry.objects.get(text="Sent fra en langsom transaktion")
    assert card_ids(delta.content.decode()) == {late.pk}


def test_a_facilitators_change_gets_the_full_body(owner_client, workshop, participant, room):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        entry_set_hidden(entry=room[0], hidden=True)
        phone_saves(participant, (2, "Og et punkt til", ["group"]), rev=5)
        full = poll(owner_client, workshop, first)

    assert full.status_code == 200 and "X-Board-Delta" not in full
    assert len(card_ids(full.content.decode())) == 11


@pytest.mark.parametrize(
    "since",
    ["", "soon", "-1", "99999999999999999999999", "1e3", "0"],
)
def test_an_odd_since_gets_the_full_body(owner_client, workshop, participant, room, since):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
        phone_saves(participant, (2, "Nyt", ["group"]), rev=5)
        held = {"ETag": first["ETag"], "X-Board-Since": since}
        response = poll(owner_client, workshop, held)

    assert response.status_code == 200 and "X-Board-Delta" not in response
    assert len(card_ids(response.content.decode())) == 11


def test_a_since_from_the_future_or_long_ago_gets_the_full_body(
    owner_client, workshop, participant, room
):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
        phone_saves(participant, (2, "Nyt", ["group"]), rev=5)
    stamp = int(first["X-Board-Since"])
    for millis in (stamp + 3_600_000, stamp - 3_600_000):
        with time_machine.travel(START + timedelta(minutes=2), tick=False):
            response = poll(
                owner_client, workshop, {"ETag": first["ETag"], "X-Board-Since": str(millis)}
            )
        assert "X-Board-Delta" not in response
        assert len(card_ids(response.content.decode())) == 11


def test_a_filtered_board_gets_the_full_body(owner_client, workshop, participant, room):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop, query="?question=1")
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        phone_saves(participant, (1, "Nyt", ["group"]), rev=5)
        response = poll(owner_client, workshop, first, query="?question=1")

    assert "X-Board-Delta" not in response
    assert "Nyt" in response.content.decode()


def test_another_language_gets_the_full_body(owner_client, workshop, participant, room):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        phone_saves(participant, (1, "Nyt", ["group"]), rev=5)
        response = owner_client.get(
            board_url(workshop),
            HTTP_HX_REQUEST="true",
            HTTP_IF_NONE_MATCH=first["ETag"],
            HTTP_X_BOARD_SINCE=first["X-Board-Since"],
            HTTP_ACCEPT_LANGUAGE="da",
        )
    assert response.status_code == 200
    assert "X-Board-Delta" not in response
    assert "Ikke placeret endnu" in response.content.decode()


def test_a_full_column_lists_only_what_a_fresh_load_shows(owner_client, workshop, participant):
    with time_machine.travel(START, tick=False):
        cards = [
            add_entry(participant, f"Kort {i}", question=1, levels=["leadership"])
            for i in range(CARDS_PER_COLUMN + 5)
        ]
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        phone_saves(participant, (cards[0].client_id, 1, "Kort 0, rettet", ["leadership"]), rev=7)
        delta = poll(owner_client, workshop, first)

    html = delta.content.decode()
    assert column_ids(html)["leadership"] == [card.pk for card in cards[:CARDS_PER_COLUMN]]
    assert card_ids(html) == {cards[0].pk}
    assert "5 more cards" in html


def test_a_delta_costs_the_same_number_of_queries_for_more_cards(
    owner_client, workshop, participant
):
    def delta_queries(n: int) -> int:
        with time_machine.travel(START + timedelta(minutes=n), tick=False):
            for i in range(n):
                add_entry(participant, f"Kort {n}-{i}", question=1 + i % 5, levels=["group"])
            first = poll(owner_client, workshop)
        with time_machine.travel(START + timedelta(minutes=n + 1), tick=False):
            phone_saves(participant, (2, f"Nyt {n}", ["group"]), rev=5 + n)
            with CaptureQueriesContext(connection) as ctx:
                response = poll(owner_client, workshop, first)
        assert response["X-Board-Delta"] == "1"
        return len(ctx.captured_queries)

    assert delta_queries(3) == delta_queries(30)


def test_a_submit_that_sends_the_same_text_again_sends_no_card(
    owner_client, workshop, participant, room
):
    """The Submit button posts the whole form once more: the cards whose text
    did not change stay out of the delta."""
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        for card in room[:3]:
            phone_saves(participant, (card.client_id, card.question, card.text, ["group"]), rev=50)
        delta = poll(owner_client, workshop, first)
    assert delta["X-Board-Delta"] == "1"
    assert card_ids(delta.content.decode()) == set()


def test_a_card_whose_levels_alone_change_is_sent(owner_client, workshop, participant, room):
    card = room[0]
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        phone_saves(participant, (card.client_id, card.question, card.text, ["context"]), rev=50)
        delta = poll(owner_client, workshop, first)
    html = delta.content.decode()
    assert card_ids(html) == {card.pk}
    assert card.pk in column_ids(html)["context"] and card.pk not in column_ids(html)["group"]


def test_the_same_profession_sent_again_sends_no_card(owner_client, workshop, participant, room):
    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        worksheet_save(
            participant=participant, fields=[FieldChange("profession", "Lærer", 9)], entries=[]
        )
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        worksheet_save(
            participant=participant, fields=[FieldChange("profession", "Lærer", 10)], entries=[]
        )
        delta = poll(owner_client, workshop, first)
    assert card_ids(delta.content.decode()) == set()


def test_a_use_case_named_on_a_phone_reaches_the_open_boards_summary(
    owner_client, workshop, participant, room
):
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        first = poll(owner_client, workshop)
    assert "AI use case" not in first.content.decode()

    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        worksheet_save(
            participant=participant,
            fields=[FieldChange("use_case", "Skærmovervågning", 9)],
            entries=[],
        )
        live = poll(owner_client, workshop, first)
        fresh = owner_client.get(board_url(workshop)).content.decode()

    # Whether the poll got a delta or the whole body, it says what a fresh load says.
    assert live.status_code == 200
    assert "1 AI use case</a>" in live.content.decode() and "1 not screened" in live.content.decode()
    assert "1 AI use case</a>" in fresh
