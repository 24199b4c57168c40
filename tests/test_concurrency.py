"""Real requests at the same moment, from threads, each on its own connection.

PostgreSQL only: SQLite takes one writer at a time (the settings open every
transaction IMMEDIATE), so requests there queue and never race.
"""

from __future__ import annotations

import threading

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from igloo.data import sync
from principles.models import Principle, PrincipleSource, Vote
from tests.conftest import client_for, phone_for
from tests.test_principles import add_entry, add_principle
from workshops.models import Phase, Workshop

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "Needs PostgreSQL (set DATABASE_URL): SQLite serialises every write "
            "transaction, so concurrent requests cannot race there."
        ),
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def levels(transactional_db):
    # A transactional test starts from tables another one may have flushed:
    # load the level schemes again.
    sync(apps)


@pytest.fixture(scope="module", autouse=True)
def levels_afterwards(django_db_blocker):
    # Each test here ends by emptying every table; leave the schemes (which a
    # migration loaded) for the tests that run after this module.
    yield
    with django_db_blocker.unblock():
        sync(apps)


def at_once(clients, send) -> list:
    """Call send(client) from one thread per client, all released together."""
    barrier = threading.Barrier(len(clients))
    results: list = [None] * len(clients)
    errors: list[BaseException] = []

    def run(index: int, client) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = send(client)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, client)) for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    return results


def test_eight_adds_at_once_from_one_phone_never_exceed_its_dots(workshop, participant):
    principles = [
        add_principle(workshop, [add_entry(participant, f"Kort {n}", question=n + 1)])
        for n in range(2)
    ]
    Workshop.objects.filter(pk=workshop.pk).update(phase=Phase.VOTING)
    url = reverse("phone:vote", args=[workshop.public_id])
    # The same phone, eight times: its cookie in eight clients.
    phones = [phone_for(participant) for _ in range(8)]
    targets = {id(phone): principles[n % 2] for n, phone in enumerate(phones)}

    responses = at_once(
        phones,
        lambda phone: phone.post(url, {"principle": targets[id(phone)].pk, "action": "add"}),
    )

    assert [r.status_code for r in responses] == [302] * 8
    assert Vote.objects.filter(participant=participant).count() == 3
    assert Vote.objects.count() == 3


def test_two_merges_of_the_same_cards_at_once_give_one_principle(
    workshop, participant, owner, facilitator
):
    cards = [
        add_entry(participant, "Tid til patienterne", question=1, levels=["individual"]),
        add_entry(participant, "Vi lærer sammen", question=3, levels=["group"]),
    ]
    url = reverse("principles:merge", args=[workshop.pk])
    clients = [client_for(owner), client_for(facilitator)]

    responses = at_once(
        clients, lambda client: client.post(url, {"entries": [c.pk for c in cards]})
    )

    principle = Principle.objects.get(workshop=workshop)
    edit = reverse("principles:edit", args=[workshop.pk, principle.pk])
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, edit)] * 2
    assert sorted(
        PrincipleSource.objects.filter(principle=principle).values_list("entry", flat=True)
    ) == [cards[0].pk, cards[1].pk]


def test_two_saves_of_the_same_version_at_once_one_wins_the_other_is_told(
    workshop, participant, owner, facilitator
):
    principle = add_principle(workshop, [add_entry(participant, "Kort")], title="Start")
    url = reverse("principles:edit", args=[workshop.pk, principle.pk])
    clients = [client_for(owner), client_for(facilitator)]
    titles = {id(clients[0]): "Fra den første", id(clients[1]): "Fra den anden"}

    responses = at_once(
        clients,
        lambda client: client.post(
            url,
            {
                "title": titles[id(client)],
                "statement": titles[id(client)],
                "edit_version": principle.edit_version,
            },
        ),
    )

    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [302, 409]
    winner = list(titles.values())[statuses.index(302)]
    loser = responses[statuses.index(409)]
    principle_now = Principle.objects.get(pk=principle.pk)
    assert (principle_now.title, principle_now.statement) == (winner, winner)
    assert principle_now.edit_version == principle.edit_version + 1
    assert "Someone else changed this principle" in loser.content.decode()
    assert winner in loser.content.decode()
