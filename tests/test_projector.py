"""The projector's modes, how the facilitator switches them, and its poll."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from principles.models import Principle, Vote
from principles.services import charter_publish, vote_add
from tests.conftest import add_entry, client_for, make_user, make_workshop, move_to
from workshops.models import Participant, Phase, ProjectorMode, Workshop
from workshops.services import workshop_set_projector_mode


def presenter_url(workshop: Workshop) -> str:
    return reverse("workshops:presenter", args=[workshop.pk])


def mode_url(workshop: Workshop) -> str:
    return reverse("workshops:projector_mode", args=[workshop.pk])


def text(response) -> str:
    return response.content.decode()


def wall(response) -> str:
    """The live part of the page: what the poll swaps in."""
    page = text(response)
    return page.split('<div id="wall-live"', 1)[1] if "wall-live" in page else page


def shown_mode(page: str) -> str:
    match = re.search(r'data-mode="(\w+)"', page)
    assert match is not None
    return match.group(1)


def set_phase(workshop: Workshop, phase: str) -> Workshop:
    return move_to(workshop, phase)


def principles(workshop: Workshop, *titles: str) -> list[Principle]:
    return [
        Principle.objects.create(
            workshop=workshop, title=title, statement=f"Om {title}", position=i
        )
        for i, title in enumerate(titles)
    ]


# Which mode ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phase", "mode"),
    [
        (Phase.DRAFT, "join"),
        (Phase.COLLECTING, "collecting"),
        (Phase.CLUSTERING, "collecting"),
        (Phase.VOTING, "voting"),
        (Phase.CHARTER, "charter"),
    ],
)
def test_the_projector_follows_the_phase(owner_client, organisation, owner, phase, mode):
    workshop = make_workshop(organisation, owner, phase=phase)

    assert shown_mode(text(owner_client.get(presenter_url(workshop)))) == mode


def test_a_facilitators_pick_holds_until_the_phase_changes(owner_client, workshop):
    response = owner_client.post(mode_url(workshop), {"mode": "wall", "next": "/workshops/"})
    picked = shown_mode(text(owner_client.get(presenter_url(workshop))))
    set_phase(workshop, Phase.VOTING)
    next_phase = shown_mode(text(owner_client.get(presenter_url(workshop))))

    assert response.status_code == 302
    assert response["Location"] == "/workshops/"
    assert picked == "wall"
    assert next_phase == "voting"
    # Back to following the phases by choice, too.
    owner_client.post(mode_url(workshop), {"mode": "results"})
    owner_client.post(mode_url(workshop), {"mode": "auto"})
    assert shown_mode(text(owner_client.get(presenter_url(workshop)))) == "voting"


def test_the_board_shows_the_modes_with_the_current_one_pressed(owner_client, workshop):
    workshop_set_projector_mode(workshop=workshop, mode=ProjectorMode.WALL)

    board = text(owner_client.get(reverse("workshops:board", args=[workshop.pk])))

    form = board.split(f'action="{mode_url(workshop)}"', 1)[1].split("</form>", 1)[0]
    pressed = re.findall(r'value="(\w+)" class="[^"]*" aria-pressed="true"', form)
    assert pressed == ["wall"]
    assert re.findall(r'name="mode" value="(\w+)"', form) == ProjectorMode.values


def test_an_unknown_mode_changes_nothing(owner_client, workshop):
    response = owner_client.post(mode_url(workshop), {"mode": "disco"}, follow=True)

    assert Workshop.objects.get(pk=workshop.pk).projector_mode == "auto"
    assert "Unknown projector mode." in text(response)


def test_the_older_reveal_form_shows_and_hides_the_cards(owner_client, workshop):
    reveal = reverse("workshops:reveal", args=[workshop.pk])

    owner_client.post(reveal, {"revealed": "1"})
    shown = Workshop.objects.get(pk=workshop.pk).projector_shows
    owner_client.post(reveal, {"revealed": "0"})

    assert shown == "wall"
    assert Workshop.objects.get(pk=workshop.pk).projector_shows == "collecting"


def test_phones_do_not_notice_a_mode_change(owner_client, workshop):
    before = Workshop.objects.get(pk=workshop.pk).room_signature

    owner_client.post(mode_url(workshop), {"mode": "results"})

    assert Workshop.objects.get(pk=workshop.pk).room_signature == before


# Access ----------------------------------------------------------------------------


def test_switching_modes_is_for_those_who_run_the_workshop(
    workshop, manager, outsider, other_workshop
):
    url = mode_url(workshop)

    assert client_for().post(url, {"mode": "wall"})["Location"].startswith("/accounts/login/")
    assert client_for(manager).post(url, {"mode": "wall"}).status_code == 403
    assert client_for(outsider).post(url, {"mode": "wall"}).status_code == 404
    assert client_for(outsider).post(mode_url(other_workshop), {"mode": "wall"}).status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).projector_mode == "auto"


def test_switching_modes_is_post_only(owner_client, workshop):
    assert owner_client.get(mode_url(workshop)).status_code == 405


def test_an_htmx_switch_is_a_204_that_tells_the_board(owner_client, workshop):
    response = owner_client.post(mode_url(workshop), {"mode": "wall"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert "board-changed" in response["HX-Trigger"]


# Join -----------------------------------------------------------------------------


def test_join_shows_code_qr_countdown_and_counts(owner_client, organisation, owner):
    workshop = make_workshop(organisation, owner, phase=Phase.DRAFT)
    Participant.objects.create(workshop=workshop)
    owner_client.post(
        reverse("workshops:timer", args=[workshop.pk]), {"minutes": 5, "label": "Kaffe"}
    )

    page = wall(owner_client.get(presenter_url(workshop)))

    assert workshop.join_code_display in page
    assert '<div class="presenter-qr"><svg' in page
    assert re.search(r'<p class="presenter-timer">Kaffe <span data-ends-at="[^"]+"', page)
    assert re.search(r'<span class="big">1</span> joined', page)


@pytest.mark.parametrize("mode", ["join", "collecting", "wall", "results", "charter"])
def test_the_join_code_leaves_the_projector_once_joining_is_closed(owner_client, workshop, mode):
    open_page = text(owner_client.get(presenter_url(workshop)))
    set_phase(workshop, Phase.CLUSTERING)
    owner_client.post(mode_url(workshop), {"mode": mode})

    page = text(owner_client.get(presenter_url(workshop)))

    assert workshop.join_code_display in open_page
    assert shown_mode(page) == mode
    assert workshop.join_code_display not in page
    assert workshop.join_code not in page
    assert "presenter-qr" not in page
    if mode == "join":
        assert "Joining is closed." in page


# Collecting ------------------------------------------------------------------------


def test_collecting_shows_how_many_have_submitted(owner_client, workshop, participant, phone):
    Participant.objects.create(workshop=workshop)
    add_entry(participant, "Et punkt")
    phone.post(reverse("phone:submit", args=[workshop.public_id]))

    page = wall(owner_client.get(presenter_url(workshop)))

    assert "1 of 2 have submitted" in page
    assert '<rect width="50" height="4" class="bar-fill"/>' in page
    assert re.search(r'<span class="big">2</span> joined', page)
    assert re.search(r'<span class="big">1</span> card<', page)
    assert "Et punkt" not in page


# The wall -------------------------------------------------------------------------


def test_the_wall_shows_the_visible_cards_and_pages_long_columns(
    owner_client, workshop, participant
):
    add_entry(participant, "Synligt punkt", levels=["group"])
    add_entry(participant, "Skjult punkt", levels=["group"], hidden=True)
    workshop_set_projector_mode(workshop=workshop, mode=ProjectorMode.WALL)

    page = wall(owner_client.get(presenter_url(workshop)))

    assert "Synligt punkt" in page
    assert "Skjult punkt" not in page
    assert page.count('<ul class="wall-cards" data-pager>') == 6
    assert workshop.join_code_display in page


# Voting and results ----------------------------------------------------------------


@pytest.fixture
def voting(workshop, participant):
    """Three principles; of two participants one has put three dots."""
    Participant.objects.create(workshop=workshop)
    first, second, third = principles(workshop, "Åbenhed", "Tid til omsorg", "Faglighed")
    set_phase(workshop, Phase.VOTING)
    for principle in (third, third, second):
        vote_add(participant=participant, principle=principle)
    return first, second, third


def test_voting_shows_who_has_voted_but_no_tallies(owner_client, workshop, voting):
    page = wall(owner_client.get(presenter_url(workshop)))

    assert "1 of 2 have voted" in page
    assert "Vote on your phone: 3 dots each." in page
    titles = re.findall(r"<li>(.*?)</li>", page.split('class="projector-principles"')[1])
    assert titles == ["Åbenhed", "Tid til omsorg", "Faglighed"]
    assert not re.search(r"\d+ dots?<", page)
    assert "results-bar" not in page


def test_results_order_the_principles_by_dots_as_bars(owner_client, workshop, voting):
    owner_client.post(mode_url(workshop), {"mode": "results"})

    page = wall(owner_client.get(presenter_url(workshop)))

    rows = re.findall(
        r'<span class="results-title">(.*?)</span>.*?<rect width="(\d+)" height="10" '
        r'class="bar-fill"/>.*?<span class="results-dots">(.*?)</span>',
        page,
        re.S,
    )
    assert rows == [
        ("Faglighed", "100", "2 dots"),
        ("Tid til omsorg", "50", "1 dot"),
        ("Åbenhed", "0", "0 dots"),
    ]
    assert "1 of 2 have voted" in page


def test_results_in_danish_say_prikker(organisation, workshop, voting):
    user = make_user("dansk@example.dk", organisation)
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "da"
    workshop_set_projector_mode(
        workshop=Workshop.objects.get(pk=workshop.pk), mode=ProjectorMode.RESULTS
    )

    page = wall(client.get(presenter_url(workshop)))

    assert ">2 prikker<" in page
    assert ">1 prik<" in page
    assert "1 af 2 har stemt" in page


# The charter -----------------------------------------------------------------------


def test_the_charter_shows_the_current_principles_until_one_is_published(
    owner_client, workshop, owner
):
    (principle,) = principles(workshop, "Åbenhed")
    set_phase(workshop, Phase.CHARTER)
    draft = wall(owner_client.get(presenter_url(workshop)))

    charter_publish(workshop=workshop, user=owner)
    Principle.objects.filter(pk=principle.pk).update(title="Ændret bagefter")
    published = wall(owner_client.get(presenter_url(workshop)))

    assert "<h2>Åbenhed</h2><p>Om Åbenhed</p>" in draft
    assert "version" not in draft
    assert "<h2>Åbenhed</h2>" in published
    assert "Ændret bagefter" not in published
    assert ", version 1</p>" in published


def test_modes_without_principles_say_so(owner_client, workshop):
    for mode in ("voting", "results", "charter"):
        workshop_set_projector_mode(workshop=workshop, mode=mode)
        assert "No principles yet." in text(owner_client.get(presenter_url(workshop)))


# The poll ---------------------------------------------------------------------------


def poll(client, workshop: Workshop, etag: str | None = None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(presenter_url(workshop), HTTP_HX_REQUEST="true", **headers)


def test_the_poll_is_the_partial_with_an_etag_and_304_until_something_changes(
    owner_client, workshop
):
    page = owner_client.get(presenter_url(workshop))
    first = poll(owner_client, workshop)
    unchanged = poll(owner_client, workshop, first["ETag"])

    owner_client.post(mode_url(workshop), {"mode": "wall"})
    changed = poll(owner_client, workshop, first["ETag"])

    assert text(first).lstrip().startswith('<div id="wall">')
    assert "<html" not in text(first)
    assert page["ETag"] == first["ETag"]
    assert "HX-Request" in first["Vary"]
    assert first["Cache-Control"] == "private, no-cache"
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert shown_mode(text(changed)) == "wall"


@pytest.mark.parametrize("mode", ["voting", "results"])
def test_a_vote_changes_the_poll(owner_client, workshop, voting, participant, mode):
    workshop_set_projector_mode(workshop=Workshop.objects.get(pk=workshop.pk), mode=mode)
    etag = poll(owner_client, workshop)["ETag"]

    # A phone that joined during voting, in a workshop that lets it vote.
    Workshop.objects.filter(pk=workshop.pk).update(late_joiners_vote=True)
    vote_add(participant=Participant.objects.create(workshop=workshop), principle=voting[0])

    assert poll(owner_client, workshop, etag).status_code == 200


@pytest.mark.parametrize("mode", ProjectorMode.values[1:])
def test_the_poll_equals_the_page(owner_client, workshop, voting, mode):
    add_entry(Participant.objects.filter(workshop=workshop).first(), "Et kort", levels=["group"])
    owner_client.post(mode_url(workshop), {"mode": mode})

    page = text(owner_client.get(presenter_url(workshop)))
    fragment = text(poll(owner_client, workshop))

    assert fragment.strip() in page


def test_the_projector_never_shows_votes_of_another_workshop(
    owner_client, workshop, voting, other_participant
):
    (theirs,) = principles(other_participant.workshop, "Deres princip")
    Vote.objects.create(principle=theirs, participant=other_participant)
    workshop_set_projector_mode(workshop=Workshop.objects.get(pk=workshop.pk), mode="results")

    page = wall(owner_client.get(presenter_url(workshop)))

    assert "Deres princip" not in page
    assert "1 of 2 have voted" in page
