"""Pages a full room hits stay at a fixed number of queries, however many phones."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igloo.levels import level_ids
from tests.conftest import client_for, make_workshop, phone_for
from workshops.models import Entry, Participant


def fill(workshop, n: int) -> Participant:
    participants = Participant.objects.bulk_create(
        Participant(
            workshop=workshop, profession="Lærer", token=uuid.uuid4().hex, submitted_at=None
        )
        for _ in range(n)
    )
    Entry.objects.bulk_create(
        Entry(workshop=workshop, participant=p, question=q, text=f"Punkt {q} ø")
        for p in participants
        for q in range(1, 6)
    )
    return participants[0]


def count(client, method: str, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.fixture
def small_and_large(organisation, owner):
    small = make_workshop(organisation, owner, title="Small", teams=["A"])
    large = make_workshop(organisation, owner, title="Large", teams=["A"])
    return (small, fill(small, 5)), (large, fill(large, 200))


def test_presenter_queries_do_not_grow(owner, small_and_large):
    client = client_for(owner)
    counts = []
    for workshop, _participant in small_and_large:
        url = reverse("workshops:presenter", args=[workshop.pk])
        counts.append(
            (count(client, "get", url), count(client, "get", url, HTTP_HX_REQUEST="true"))
        )
    assert counts[0] == counts[1]


def test_worksheet_page_queries_do_not_grow(small_and_large):
    counts = []
    for workshop, participant in small_and_large:
        participant.workshop = workshop
        url = reverse("phone:worksheet", args=[workshop.public_id])
        counts.append(count(phone_for(participant), "get", url))
    assert counts[0] == counts[1]


def test_save_queries_do_not_grow(small_and_large):
    counts = []
    for workshop, participant in small_and_large:
        level_ids(workshop.scheme_id)  # read once per process (issue 15)
        participant.workshop = workshop
        body = {
            "fields": {"profession": {"value": "Sygeplejerske", "rev": 5}},
            "entries": [
                {
                    "id": str(uuid.uuid4()),
                    "question": 2,
                    "text": "Nyt punkt",
                    "levels": ["group"],
                    "position": 1,
                    "removed": False,
                    "rev": 7,
                },
            ],
        }
        url = reverse("phone:save", args=[workshop.public_id])
        counts.append(
            count(phone_for(participant), "post", url, data=body, content_type="application/json")
        )
    assert counts[0] == counts[1]
    # Issue 15: 14 before (a statement per point and per level set, the
    # scheme's levels on every save); now the phone's workshop and
    # participant, the savepoint, the participant's lock, its fields, the
    # stored points, one upsert, one insert of levels, the board's slice and
    # the savepoint's release; and since the profession changed, the stamp
    # on the participant's cards that sends them in the board's next delta.
    assert counts[0] == 11


def test_a_batch_of_points_is_one_statement(small_and_large):
    """One point or twelve across three questions, new or changed, with
    levels added and removed: the same statements, and one upsert of the
    points (INSERT … ON CONFLICT … DO UPDATE … WHERE rev < excluded.rev)."""
    (workshop, participant), _large = small_and_large
    participant.workshop = workshop
    level_ids(workshop.scheme_id)
    url = reverse("phone:save", args=[workshop.public_id])
    phone = phone_for(participant)
    ids = [str(uuid.uuid4()) for _ in range(12)]

    def save(points, rev, levels):
        entries = [
            {
                "id": i,
                "question": 1 + n % 3,
                "text": f"Punkt {n} {rev}",
                "levels": levels,
                "position": n,
                "removed": False,
                "rev": rev,
            }
            for n, i in enumerate(points)
        ]
        with CaptureQueriesContext(connection) as ctx:
            response = phone.post(url, data={"entries": entries}, content_type="application/json")
        assert response.status_code == 200 and not response.json()["errors"]
        upserts = [q for q in ctx.captured_queries if 'INSERT INTO "workshops_entry"' in q["sql"]]
        assert len(upserts) == 1
        assert "ON CONFLICT" in upserts[0]["sql"] and "excluded" in upserts[0]["sql"]
        return len(ctx.captured_queries)

    one, many = save(ids[:1], 1, ["group"]), save(ids[1:], 1, ["group"])
    assert one == many == 9
    # Text and levels changed: the levels' delete beside their insert, and
    # one stamp of the points that moved columns (for the board's delta); no
    # statement per point.
    assert save(ids, 2, ["individual"]) == 11
    # Typing: only the text changed.
    assert save(ids, 3, ["individual"]) == 8


def test_unchanged_polls_are_one_query_each(owner, small_and_large):
    """What a full room polls most: the board's unchanged poll (304, issue 15:
    3 queries before, session, user and workshop) and every phone's status
    poll (204), answered by LivePollMiddleware before any session, user or
    participant is loaded."""
    client = client_for(owner)
    for workshop, participant in small_and_large:
        url = reverse("workshops:board", args=[workshop.pk])
        etag = client.get(url, HTTP_HX_REQUEST="true")["ETag"]
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert len(ctx.captured_queries) == 1

        participant.workshop = workshop
        status = reverse("phone:status", args=[workshop.public_id])
        key = f"{workshop.phase}.{workshop.step}.0"
        with CaptureQueriesContext(connection) as ctx:
            response = phone_for(participant).get(status, {"phase": workshop.phase, "room": key})
        assert response.status_code == 204
        assert len(ctx.captured_queries) == 1


def test_what_is_due_queries_do_not_grow_with_the_charters(organisation, owner):
    from agreements.models import ReviewPlan
    from principles.services import charter_publish, principle_merge
    from tests.conftest import add_entry

    client = client_for(owner)
    url = reverse("charters:overview")
    counts = []
    for n in (1, 4):
        while ReviewPlan.objects.count() < n:
            workshop = make_workshop(
                organisation, owner, title=f"Charter {ReviewPlan.objects.count()}"
            )
            card = add_entry(Participant.objects.create(workshop=workshop), "Tid til borgeren")
            principle_merge(workshop=workshop, entry_ids=[card.pk])
            version = charter_publish(workshop=workshop, user=owner, notify=False)
            charter_publish(workshop=workshop, user=owner, notify=False)
            ReviewPlan.objects.update_or_create(
                charter=version.workshop,
                defaults={"owner": owner, "next_review": version.published_at.date()},
            )
        page = client.get(url).content.decode()
        assert page.count("Charter ") >= n
        counts.append(count(client, "get", url))
    assert counts[0] == counts[1]
