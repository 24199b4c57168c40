"""The unchanged polls' fast path (workshops.live.LivePollMiddleware): one
query, and never a 304 or a byte of a board for someone without access."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import add_entry, client_for, make_user, phone_saves
from workshops.models import Membership, Role
from workshops.services import workshop_start_timer


def board_url(workshop) -> str:
    return reverse("workshops:board", args=[workshop.pk])


def poll(client: Client, workshop, etag: str | None = None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(board_url(workshop), HTTP_HX_REQUEST="true", **headers)


def queries(call) -> tuple:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def etag(owner_client, workshop, participant) -> str:
    add_entry(participant, "Hurtigere svar", levels=["group"])
    return poll(owner_client, workshop)["ETag"]


def test_an_unchanged_board_poll_is_one_query(owner_client, workshop, etag):
    response, sql = queries(lambda: poll(owner_client, workshop, etag))

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "private, no-cache"
    # The version, with the session, the user and the membership checked in it.
    assert len(sql) == 1
    assert "django_session" in sql[0] and "workshops_membership" in sql[0]


def test_a_phones_save_changes_the_board_etag(owner_client, workshop, participant, etag):
    phone_saves(participant, (1, "Et nyt punkt", []), rev=10)

    response = poll(owner_client, workshop, etag)

    assert response.status_code == 200
    assert "Et nyt punkt" in response.content.decode()
    assert response["ETag"] != etag


def test_the_etag_is_bound_to_the_session(owner, workshop, etag):
    """The same user in another browser (another session) gets the board,
    never a 304 for a tag it was not given."""
    response = poll(client_for(owner), workshop, etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_another_organisations_user_gets_no_304_and_no_board(outsider_client, workshop, etag):
    response = poll(outsider_client, workshop, etag)

    assert response.status_code == 404
    assert "Hurtigere svar" not in response.content.decode()


def test_an_anonymous_poll_gets_no_304_and_no_board(owner_client, workshop, etag):
    anonymous = Client()
    response = poll(anonymous, workshop, etag)
    assert response.status_code == 302
    assert "/login" in response["Location"]

    # Even with the owner's session cookie copied after they logged out.
    stolen = owner_client.cookies["sessionid"].value
    owner_client.logout()
    anonymous.cookies["sessionid"] = stolen
    response = poll(anonymous, workshop, etag)
    assert response.status_code == 302
    assert b"Hurtigere" not in response.content


def test_a_forged_etag_gets_the_view(owner_client, workshop, etag):
    tag, user_id, mac = etag.strip('"').rsplit(".", 2)
    for forged in (f'"{tag}.{user_id}.{"0" * len(mac)}"', f'"{tag}.999.{mac}"', '"x"', "*"):
        assert poll(owner_client, workshop, forged).status_code == 200


def test_who_loses_access_gets_no_304(facilitator, facilitator_client, workshop, etag):
    mine = poll(facilitator_client, workshop)["ETag"]
    assert poll(facilitator_client, workshop, mine).status_code == 304

    Membership.objects.filter(user=facilitator).update(role=Role.MANAGER)
    assert poll(facilitator_client, workshop, mine).status_code == 403

    Membership.objects.filter(user=facilitator).delete()
    assert poll(facilitator_client, workshop, mine).status_code == 404


def test_a_new_password_ends_the_304s(owner, owner_client, workshop, etag):
    owner.set_password("another-long-password")
    owner.save()

    response = poll(owner_client, workshop, etag)

    assert response.status_code == 302  # logged out, as Django does everywhere


def test_an_inactive_user_gets_no_304(owner, owner_client, workshop, etag):
    owner.is_active = False
    owner.save()

    assert poll(owner_client, workshop, etag).status_code == 302


def test_a_full_page_load_is_never_304(owner_client, workshop, etag):
    response = owner_client.get(board_url(workshop), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200


def test_a_poll_in_another_language_gets_the_board(owner, workshop, etag):
    danish = client_for(owner)
    danish_etag = poll(danish, workshop)["ETag"]
    danish.cookies["django_language"] = "da"

    assert poll(danish, workshop, danish_etag).status_code == 200


def test_two_facilitators_each_have_their_own_304(facilitator_client, owner_client, workshop):
    make_user("third@example.dk")
    mine = poll(facilitator_client, workshop)["ETag"]
    theirs = poll(owner_client, workshop)["ETag"]

    assert mine != theirs
    assert poll(facilitator_client, workshop, mine).status_code == 304
    assert poll(facilitator_client, workshop, theirs).status_code == 200


# The phone's status poll ------------------------------------------------------


def status(client: Client, workshop, **query):
    return client.get(reverse("phone:status", args=[workshop.public_id]), query)


def test_an_unchanged_status_poll_is_one_query(phone, workshop):
    key = f"{workshop.phase}.{workshop.step}.0"

    response, sql = queries(lambda: status(phone, workshop, phase=workshop.phase, room=key))

    assert response.status_code == 204
    assert len(sql) == 1
    assert "workshops_participant" not in sql[0]


def test_a_status_poll_sees_a_new_timer_and_a_new_phase(phone, workshop):
    key = f"{workshop.phase}.{workshop.step}.0"
    workshop_start_timer(workshop=workshop, minutes=5, label="Skriv")

    changed = status(phone, workshop, phase=workshop.phase, room=key)
    assert changed.status_code == 200
    assert "Skriv" in changed.content.decode()

    moved = status(phone, workshop, phase="draft", room=key)
    assert moved.status_code == 200
    assert moved["HX-Refresh"] == "true"


def test_an_unknown_workshops_status_is_404(phone):
    response = Client().get("/w/no-such-workshop/status/", {"phase": "collecting", "room": "x"})
    assert response.status_code == 404


def test_a_poll_for_another_host_is_refused_not_answered(owner_client, workshop, etag):
    response = owner_client.get(
        board_url(workshop), HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag, HTTP_HOST="evil.test"
    )

    assert response.status_code == 400


# The projector's unchanged poll (issue 15): the same fast path as the board's.


def presenter_poll(client: Client, workshop, etag: str | None = None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    url = reverse("workshops:presenter", args=[workshop.pk])
    return client.get(url, HTTP_HX_REQUEST="true", **headers)


def test_an_unchanged_projector_poll_is_one_query(owner_client, workshop, participant, etag):
    mine = presenter_poll(owner_client, workshop)["ETag"]
    assert mine != etag  # the board's tag is not the projector's

    response, sql = queries(lambda: presenter_poll(owner_client, workshop, mine))
    assert response.status_code == 304
    assert response["ETag"] == mine
    assert len(sql) == 1  # was four: session, user, workshop and the board's slices
    assert "django_session" in sql[0] and "workshops_membership" in sql[0]

    assert presenter_poll(owner_client, workshop, etag).status_code == 200
    phone_saves(participant, (1, "Et nyt punkt", []), rev=10)
    assert presenter_poll(owner_client, workshop, mine).status_code == 200


def test_the_projectors_304_checks_access_as_the_boards(
    owner, owner_client, facilitator, facilitator_client, workshop
):
    mine = presenter_poll(facilitator_client, workshop)["ETag"]
    assert presenter_poll(facilitator_client, workshop, mine).status_code == 304
    assert presenter_poll(client_for(facilitator), workshop, mine).status_code == 200
    assert presenter_poll(Client(), workshop, mine).status_code == 302

    Membership.objects.filter(user=facilitator).update(role=Role.MANAGER)
    assert presenter_poll(facilitator_client, workshop, mine).status_code == 403
    Membership.objects.filter(user=facilitator).delete()
    assert presenter_poll(facilitator_client, workshop, mine).status_code == 404

    stolen = owner_client.cookies["sessionid"].value
    theirs = presenter_poll(owner_client, workshop)["ETag"]
    owner_client.logout()
    anonymous = Client()
    anonymous.cookies["sessionid"] = stolen
    assert presenter_poll(anonymous, workshop, theirs).status_code == 302
