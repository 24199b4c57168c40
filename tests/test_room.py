"""Running the room: phases that phones follow, the timer, "I'm done", paper worksheets."""

from __future__ import annotations

import datetime
import html
import io
import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from core import pdf
from tests.conftest import autosave_body, client_for, entry_change, make_workshop
from workshops.models import Entry, Participant, Phase, Workshop
from workshops.services import workshop_counts

NOW = datetime.datetime(2026, 11, 21, 9, 30, tzinfo=datetime.UTC)
TIMER_REFUSED = "Give the timer between 1 and 120 minutes."
QUESTIONS_EN = [
    "What value is added?",
    "What role does the AI model play in your work?",
    "What changes do you see in the short and the long term?",
    "How are well-being and efficiency ensured?",
    "Which fundamental values are important to keep in the work?",
]
QUESTIONS_DA = [
    "Hvilken værdi tilføres?",
    "Hvilken rolle agerer AI-modellen i dit arbejde?",
    "Hvilke ændringer ser du på kort og lang sigt?",
    "Hvordan sikres trivsel og effektivitet?",
    "Hvilke grundlæggende værdier er vigtige at bibeholde i arbejdet?",
]


def text(response) -> str:
    return html.unescape(response.content.decode())


def set_phase(owner_client: Client, workshop: Workshop, phase: str):
    response = owner_client.post(reverse("workshops:phase", args=[workshop.pk]), {"phase": phase})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.phase == phase
    return response


def worksheet_url(workshop: Workshop) -> str:
    return reverse("phone:worksheet", args=[workshop.public_id])


def status_poll(page: str) -> str:
    """The status URL the phone's room bar polls."""
    match = re.search(r'<div id="room" class="room" hx-get="([^"]+)"', page)
    assert match is not None, "no room bar"
    return match.group(1)


def phone_save(phone: Client, workshop: Workshop, **entry):
    return phone.post(
        reverse("phone:save", args=[workshop.public_id]),
        autosave_body(entries=[entry_change(**entry)]),
        content_type="application/json",
    )


def board_count(owner_client: Client, workshop: Workshop, label: str) -> int:
    page = text(owner_client.get(reverse("workshops:board", args=[workshop.pk])))
    match = re.search(rf"<dt>{label}</dt><dd>(\d+)</dd>", page)
    assert match is not None
    return int(match.group(1))


def presenter_count(owner_client: Client, workshop: Workshop, label: str) -> int:
    page = text(owner_client.get(reverse("workshops:presenter", args=[workshop.pk])))
    match = re.search(rf'<span class="big">(\d+)</span> {label}', page)
    assert match is not None
    return int(match.group(1))


# Phases --------------------------------------------------------------------------


def test_the_phases_go_forward_and_back(owner_client, organisation, owner):
    workshop = make_workshop(organisation, owner, phase=Phase.DRAFT)
    assert workshop.collection_started_at is None

    with time_machine.travel(NOW, tick=False):
        response = set_phase(owner_client, workshop, Phase.COLLECTING)
    page = text(owner_client.get(response["Location"]))
    assert workshop.collection_started_at == NOW
    assert "The workshop is now: Collecting." in page
    for phase in ["clustering", "voting", "charter", "voting", "clustering", "collecting", "draft"]:
        set_phase(owner_client, workshop, phase)

    # Going back to draft does not make collection "not started" again.
    assert workshop.collection_started_at == NOW


@pytest.mark.parametrize(
    ("phase", "back", "back_to", "reopens"),
    [
        (
            Phase.COLLECTING,
            "draft",
            "Draft",
            "Closes the worksheets until you start collecting again.",
        ),
        (
            Phase.CLUSTERING,
            "collecting",
            "Collecting",
            "Reopens the worksheets: participants can write and change their answers again.",
        ),
        (
            Phase.VOTING,
            "clustering",
            "Clustering (collection closed)",
            "Closes voting; the dots put so far are kept.",
        ),
        (Phase.CHARTER, "voting", "Voting", "Reopens voting and the join code."),
    ],
)
def test_the_workshop_page_says_what_going_back_reopens(
    owner_client, workshop, phase, back, back_to, reopens
):
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)

    page = text(owner_client.get(reverse("workshops:detail", args=[workshop.pk])))

    button = re.search(
        rf'<button [^>]*value="(\w+)"[^>]*>Back to: {re.escape(back_to)}</button>', page
    )
    assert button is not None and button.group(1) == back
    assert f'<p class="help" id="previous-phase-help">{reopens}</p>' in page


def test_a_draft_workshop_offers_no_way_back(owner_client, organisation, owner):
    workshop = make_workshop(organisation, owner, phase=Phase.DRAFT)

    page = text(owner_client.get(reverse("workshops:detail", args=[workshop.pk])))

    assert "Back to:" not in page
    assert "Next: Collecting" in page


def test_going_back_to_collecting_reopens_the_worksheets(
    owner_client, workshop, participant, phone
):
    set_phase(owner_client, workshop, Phase.CLUSTERING)
    closed = phone_save(phone, workshop, text="For sent")
    closed_page = text(phone.get(worksheet_url(workshop)))

    set_phase(owner_client, workshop, Phase.COLLECTING)
    reopened = phone_save(phone, workshop, text="Nu igen")
    reopened_page = text(phone.get(worksheet_url(workshop)))

    assert closed.status_code == 409
    assert "Collection has closed." in closed_page
    assert '<form id="worksheet"' not in closed_page
    assert reopened.status_code == 200
    assert list(Entry.objects.filter(participant=participant).values_list("text", flat=True)) == [
        "Nu igen"
    ]
    assert '<form id="worksheet"' in reopened_page
    assert "Nu igen" in reopened_page


# Phones follow the phase ----------------------------------------------------------------


def test_a_phones_poll_is_empty_until_the_phase_changes_then_it_reloads(
    owner_client, workshop, phone
):
    poll = status_poll(text(phone.get(worksheet_url(workshop))))
    assert poll == (
        f"/w/{workshop.public_id}/status/?phase=collecting&room={workshop.room_signature}"
    )

    quiet = phone.get(poll)
    set_phase(owner_client, workshop, Phase.CLUSTERING)
    moved = phone.get(poll)
    new_poll = status_poll(text(phone.get(worksheet_url(workshop))))
    settled = phone.get(new_poll)
    set_phase(owner_client, workshop, Phase.COLLECTING)
    back = phone.get(new_poll)

    assert (quiet.status_code, quiet.content) == (204, b"")
    assert "HX-Refresh" not in quiet.headers
    assert moved.status_code == 200
    assert moved["HX-Refresh"] == "true"
    assert "phase=clustering" in new_poll
    assert settled.status_code == 204
    assert "HX-Refresh" not in settled.headers
    assert back["HX-Refresh"] == "true"


def test_a_timer_reaches_the_phones_room_bar_and_the_projector(owner_client, workshop, phone):
    poll = status_poll(text(phone.get(worksheet_url(workshop))))

    with time_machine.travel(NOW, tick=False):
        response = owner_client.post(
            reverse("workshops:timer", args=[workshop.pk]),
            {"minutes": "7", "label": "Spørgsmål 1–3"},
        )
        bar = phone.get(poll)
        unchanged = phone.get(status_poll(text(bar)))

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.step == 1
    assert workshop.timer_ends_at == NOW + datetime.timedelta(minutes=7)
    assert workshop.timer_label == "Spørgsmål 1–3"
    assert bar.status_code == 200
    room = text(bar)
    assert room.startswith('<div id="room"')
    assert '<span class="timer-label">Spørgsmål 1–3</span>' in room
    assert 'data-ends-at="2026-11-21T10:37:00+01:00"' in room
    assert unchanged.status_code == 204
    projector = text(owner_client.get(reverse("workshops:presenter", args=[workshop.pk])))
    assert '<p class="presenter-timer">Spørgsmål 1–3 <span data-ends-at="2026-11-21T10:37:00' in (
        projector
    )
    board = text(owner_client.get(reverse("workshops:board", args=[workshop.pk])))
    assert "Spørgsmål 1–3" in board


def test_stopping_the_timer_takes_it_off_the_phones(owner_client, workshop, phone):
    timer_url = reverse("workshops:timer", args=[workshop.pk])
    owner_client.post(timer_url, {"minutes": "5", "label": "Runde 1"})
    poll = status_poll(text(phone.get(worksheet_url(workshop))))

    response = owner_client.post(timer_url, {"stop": "1"})
    bar = phone.get(poll)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.timer_ends_at, workshop.step) == (None, 1)
    assert bar.status_code == 200
    assert "Runde 1" not in text(bar)
    assert "data-ends-at" not in text(bar)
    assert "data-ends-at" not in text(
        owner_client.get(reverse("workshops:presenter", args=[workshop.pk]))
    )


@pytest.mark.parametrize("minutes", ["0", "121", "-5", "7.5", "ti", "", "1e3"])
def test_a_timer_outside_1_to_120_minutes_is_refused(owner_client, workshop, minutes):
    url = reverse("workshops:timer", args=[workshop.pk])
    version = Workshop.objects.get(pk=workshop.pk).board_version

    page = text(owner_client.post(url, {"minutes": minutes, "label": "Runde"}, follow=True))
    inline = owner_client.post(url, {"minutes": minutes}, HTTP_HX_REQUEST="true")

    assert TIMER_REFUSED in page
    assert inline.status_code == 400
    assert inline.content.decode() == TIMER_REFUSED
    workshop.refresh_from_db()
    assert (workshop.step, workshop.timer_ends_at, workshop.timer_label) == (0, None, "")
    assert workshop.board_version == version


@pytest.mark.parametrize("minutes", [1, 120])
def test_a_timer_of_1_or_120_minutes_is_fine(owner_client, workshop, minutes):
    with time_machine.travel(NOW, tick=False):
        owner_client.post(reverse("workshops:timer", args=[workshop.pk]), {"minutes": minutes})

    workshop.refresh_from_db()
    assert workshop.timer_ends_at == NOW + datetime.timedelta(minutes=minutes)
    assert workshop.step == 1


# Joining by phase -----------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.COLLECTING, Phase.VOTING])
def test_new_phones_may_join_while_there_is_something_to_do(workshop, phase):
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    client = client_for()
    team = workshop.teams.get(name="Medicin")

    form = client.get(reverse("join:workshop", args=[workshop.join_code]))
    response = client.post(reverse("join:workshop", args=[workshop.join_code]), {"team": team.pk})

    assert form.status_code == 200
    assert 'name="team"' in text(form)
    assert response.status_code == 302
    assert response["Location"] == worksheet_url(workshop)
    assert list(Participant.objects.filter(workshop=workshop).values_list("team__name")) == [
        ("Medicin",)
    ]
    assert client.get(worksheet_url(workshop)).status_code == 200


@pytest.mark.parametrize(
    ("phase", "why"),
    [
        (
            Phase.CLUSTERING,
            "Collection has closed for now. New participants can join when voting starts.",
        ),
        (Phase.CHARTER, "This workshop is closed and can't be joined any more."),
    ],
)
def test_the_join_page_says_why_a_new_phone_can_not_join(workshop, phase, why):
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    client = client_for()
    team = workshop.teams.first()

    page = client.get(reverse("join:workshop", args=[workshop.join_code]))
    by_code = client.get(reverse("join:code"), {"code": workshop.join_code.lower()})
    posted = client.post(reverse("join:workshop", args=[workshop.join_code]), {"team": team.pk})

    assert page.status_code == 404
    assert why in text(page)
    assert why in text(by_code)
    assert why in text(posted)
    assert not Participant.objects.filter(workshop=workshop).exists()


# "I'm done" ------------------------------------------------------------------------------


def done_url(workshop: Workshop) -> str:
    return reverse("phone:done", args=[workshop.public_id])


def test_the_phone_hands_in_with_submit_only_and_it_counts_once(
    owner_client, workshop, participant, phone
):
    Participant.objects.create(workshop=workshop)
    page = text(phone.get(worksheet_url(workshop)))

    phone.post(reverse("phone:submit", args=[workshop.public_id]))
    # A page opened before the change may still send "I'm done": no second count.
    phone.post(done_url(workshop), {"done": "1"})

    assert 'name="done"' not in page
    assert "I'm done" not in page
    assert board_count(owner_client, workshop, "Handed in") == 1
    assert board_count(owner_client, workshop, "Joined") == 2
    assert workshop_counts(workshop) == {"joined": 2, "submitted": 1, "entries": 0}


def test_an_old_pages_im_done_counts_as_handed_in_and_can_be_undone(
    owner_client, workshop, participant, phone
):
    done = phone.post(done_url(workshop), {"done": "1"})
    participant.refresh_from_db()
    marked = (participant.done_step, board_count(owner_client, workshop, "Handed in"))
    undone = phone.post(done_url(workshop), {"done": "0"}, HTTP_HX_REQUEST="true")
    participant.refresh_from_db()

    assert done.status_code == 302
    assert done["Location"] == worksheet_url(workshop)
    assert marked == (0, 1)
    assert undone.status_code == 200
    assert text(undone).startswith('<div id="room"')
    assert participant.done_step is None
    assert board_count(owner_client, workshop, "Handed in") == 0


def test_a_new_timer_step_keeps_submitted_worksheets_but_not_old_done_signals(
    owner_client, workshop, participant, phone
):
    phone.post(done_url(workshop), {"done": "1"})
    submitter = Participant.objects.create(workshop=workshop)
    submitter.submitted_at = workshop.created_at
    submitter.save()
    assert board_count(owner_client, workshop, "Handed in") == 2

    owner_client.post(
        reverse("workshops:timer", args=[workshop.pk]), {"minutes": "10", "label": "Q4"}
    )

    workshop.refresh_from_db()
    assert board_count(owner_client, workshop, "Handed in") == 1
    assert workshop_counts(workshop)["submitted"] == 1


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.CLUSTERING, Phase.CHARTER])
def test_the_phone_shows_a_running_timer_only_in_collecting_and_voting(
    owner_client, workshop, phone, phase
):
    with time_machine.travel(NOW, tick=False):
        owner_client.post(
            reverse("workshops:timer", args=[workshop.pk]), {"minutes": "5", "label": "Runde"}
        )
        Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
        elsewhere = text(phone.get(worksheet_url(workshop)))
        Workshop.objects.filter(pk=workshop.pk).update(phase=Phase.VOTING)
        voting = text(phone.get(worksheet_url(workshop)))

    assert "data-ends-at" not in elsewhere
    assert "data-ends-at" in voting
    assert 'name="done"' not in voting


def test_a_finished_timer_leaves_the_phones_room_bar(owner_client, workshop, phone):
    with time_machine.travel(NOW, tick=False):
        owner_client.post(
            reverse("workshops:timer", args=[workshop.pk]), {"minutes": "5", "label": "Runde"}
        )
        poll = status_poll(text(phone.get(worksheet_url(workshop))))
    with time_machine.travel(NOW + datetime.timedelta(minutes=5, seconds=1), tick=False):
        bar = phone.get(poll)
        page = text(phone.get(worksheet_url(workshop)))

    assert bar.status_code == 200
    assert "data-ends-at" not in text(bar)
    assert phone.get(status_poll(text(bar))).status_code == 204
    assert "data-ends-at" not in page


def test_a_phone_of_another_workshop_can_not_say_done_here(workshop, other_phone):
    response = other_phone.post(done_url(workshop), {"done": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("join:workshop", args=[workshop.join_code])
    assert not Participant.objects.filter(done_step__isnull=False).exists()


# Paper worksheets ------------------------------------------------------------------------


def paper_url(workshop: Workshop, participant: Participant | None = None, save=False) -> str:
    if participant is None:
        return reverse("workshops:paper_new", args=[workshop.pk])
    name = "workshops:paper_save" if save else "workshops:paper_worksheet"
    return reverse(name, args=[workshop.pk, participant.pk])


@pytest.fixture
def paper(workshop) -> Participant:
    return Participant.objects.create(
        workshop=workshop, from_paper=True, display_name="Papir-Per", team=workshop.teams.first()
    )


def test_a_paper_worksheet_is_a_participant_typed_in_by_the_facilitator(owner_client, workshop):
    form = owner_client.get(paper_url(workshop))
    team = workshop.teams.get(name="Medicin")

    response = owner_client.post(
        paper_url(workshop), {"team": team.pk, "display_name": "Papir-Per"}
    )

    assert form.status_code == 200
    assert reverse("workshops:worksheet_pdf", args=[workshop.pk]) in text(form)
    paper = Participant.objects.get(workshop=workshop)
    assert (paper.from_paper, paper.team, paper.display_name) == (True, team, "Papir-Per")
    assert response.status_code == 302
    assert response["Location"] == paper_url(workshop, paper)
    assert "Papir-Per" in text(owner_client.get(paper_url(workshop)))


def test_a_paper_worksheet_for_a_team_of_another_workshop_is_refused(
    owner_client, workshop, organisation, owner
):
    elsewhere = make_workshop(organisation, owner, title="Anden", teams=["Fremmed"])

    response = owner_client.post(paper_url(workshop), {"team": elsewhere.teams.get().pk})

    assert response.status_code == 200
    assert "Select a valid choice." in text(response)
    assert not Participant.objects.filter(from_paper=True).exists()


def test_the_paper_worksheet_is_the_phones_form_saving_to_the_paper_url(
    owner_client, workshop, paper
):
    page = text(owner_client.get(paper_url(workshop, paper)))

    assert '<form id="worksheet"' in page
    assert f'data-save-url="{paper_url(workshop, paper, save=True)}"' in page
    assert f'action="{paper_url(workshop, paper)}"' in page
    for question in QUESTIONS_EN:
        assert question in page
    assert "You are typing in a paper worksheet (Papir-Per)." in page


def test_a_paper_save_stores_entries_for_the_paper_participant(
    owner_client, workshop, paper, participant
):
    body = json.loads(
        autosave_body(entries=[entry_change(text="Skrevet på papir", levels=["group"], question=2)])
    )
    body["fields"] = {"profession": {"value": "Serviceassistent", "rev": 4}}

    response = owner_client.post(
        paper_url(workshop, paper, save=True), json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["errors"] == {}
    entry = Entry.objects.get()
    assert (entry.participant, entry.question, entry.text) == (paper, 2, "Skrevet på papir")
    assert list(entry.suggested_levels.values_list("code", flat=True)) == ["group"]
    paper.refresh_from_db()
    assert paper.profession == "Serviceassistent"
    board = text(owner_client.get(reverse("workshops:board", args=[workshop.pk])))
    card = re.search(r'<li class="board-card.*?Skrevet på papir.*?</li>', board, re.S).group(0)
    assert '<span class="flag">paper</span>' in card
    assert "<span>Serviceassistent</span>" in card


def test_a_paper_worksheet_also_takes_the_plain_form(owner_client, workshop, paper):
    response = owner_client.post(
        paper_url(workshop, paper),
        {"profession": "Portør", "new-3-text": "Fra papiret", "new-3-levels": ["context"]},
    )

    assert response.status_code == 302
    assert response["Location"] == paper_url(workshop, paper)
    entry = Entry.objects.get(participant=paper)
    assert (entry.question, entry.text) == (3, "Fra papiret")
    assert list(entry.suggested_levels.values_list("code", flat=True)) == ["context"]


def test_paper_worksheets_are_typed_in_while_clustering_but_not_while_voting(
    owner_client, workshop, paper, phone
):
    def paper_save(words):
        return owner_client.post(
            paper_url(workshop, paper, save=True),
            autosave_body(entries=[entry_change(text=words)]),
            content_type="application/json",
        )

    set_phase(owner_client, workshop, Phase.CLUSTERING)
    clustering = paper_save("Under gruppering")
    from_a_phone = phone_save(phone, workshop, text="Telefonen er for sent på den")
    clustering_page = text(owner_client.get(paper_url(workshop, paper)))
    set_phase(owner_client, workshop, Phase.VOTING)
    voting = paper_save("Under afstemning")
    voting_page = text(owner_client.get(paper_url(workshop, paper)))

    assert clustering.status_code == 200
    assert from_a_phone.status_code == 409
    assert '<form id="worksheet"' in clustering_page
    assert voting.status_code == 409
    assert voting.json()["closed"] is True
    assert '<form id="worksheet"' not in voting_page
    assert list(Entry.objects.values_list("participant", "text")) == [
        (paper.pk, "Under gruppering")
    ]


def test_paper_urls_only_reach_paper_worksheets_of_this_workshop(
    owner_client, workshop, participant, organisation, owner
):
    elsewhere = make_workshop(organisation, owner, title="Anden")
    foreign = Participant.objects.create(workshop=elsewhere, from_paper=True)
    body = autosave_body(entries=[entry_change(text="Skulle ikke gemmes")])

    for who in (participant, foreign):
        url = reverse("workshops:paper_worksheet", args=[workshop.pk, who.pk])
        save_url = reverse("workshops:paper_save", args=[workshop.pk, who.pk])
        assert owner_client.get(url).status_code == 404
        assert owner_client.post(save_url, body, content_type="application/json").status_code == 404

    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("language", "scheme", "questions"),
    [("en", "igloo", QUESTIONS_EN), ("da", "charter-scopes", QUESTIONS_DA)],
)
def test_the_blank_worksheet_is_one_a4_page_with_the_questions_and_the_code(
    owner_client, organisation, owner, language, scheme, questions
):
    workshop = make_workshop(
        organisation,
        owner,
        language=language,
        scheme=scheme,
        title="Arbejdsmiljø og kunstig intelligens på Akutafdelingen, Sygehus Øst " * 2,
        teams=["Akut", "Medicin"],
    )
    refused_before = list(pdf.refused_urls)

    response = owner_client.get(reverse("workshops:worksheet_pdf", args=[workshop.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="worksheet-{workshop.join_code}.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.getvalue()))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    words = " ".join(reader.pages[0].extract_text().split())
    for question in questions:
        assert question in words
    assert workshop.join_code_display in words
    assert pdf.refused_urls == refused_before
