"""Participants: joining by code or QR, the worksheet's autosave, the no-JavaScript form."""

from __future__ import annotations

import html
import json
import re
import uuid
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from core.errors import DomainError
from tests.conftest import (
    autosave_body,
    client_for,
    entry_change,
    make_workshop,
    move_to,
    phone_for,
)
from workshops.access import COOKIE_SALT, participant_cookie_name
from workshops.models import Entry, Participant, Phase, Team, Workshop
from workshops.services import participant_join

UNREADABLE = "The save could not be read. Please try again."
CLOSED = "Collection has closed, so the worksheet can't be changed."
DA_MO = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.mo"


def text(response) -> str:
    return html.unescape(response.content.decode())


def set_code(workshop: Workshop, code: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(join_code=code)
    workshop.refresh_from_db()


def set_phase(workshop: Workshop, phase: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.refresh_from_db()


def close_as_facilitator(workshop: Workshop, owner) -> None:
    response = client_for(owner).post(
        reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.CLUSTERING}
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.phase == Phase.CLUSTERING


def worksheet_url(workshop: Workshop) -> str:
    return reverse("phone:worksheet", args=[workshop.public_id])


def change(**overrides) -> dict:
    return entry_change(
        **{"text": "Hurtigere journalføring", "levels": ["individual"], **overrides}
    )


def save(client, workshop: Workshop, *, fields=None, entries=None, body=None):
    if body is None:
        body = autosave_body(entries=entries or [], fields=fields)
    return client.post(
        reverse("phone:save", args=[workshop.public_id]),
        body,
        content_type="application/json",
    )


def stored(participant: Participant) -> list[tuple]:
    """Everything stored for the participant's entries, levels included."""
    return [
        (*row, sorted(Entry.objects.get(pk=row[0]).suggested_levels.values_list("code", flat=True)))
        for row in Entry.objects.filter(participant=participant)
        .order_by("pk")
        .values_list(
            "pk", "client_id", "question", "text", "position", "removed", "rev", "updated_at"
        )
    ]


def participant_state(participant: Participant) -> tuple:
    participant.refresh_from_db()
    return (
        participant.profession,
        participant.use_case,
        participant.ai_kind,
        participant.field_revs,
        participant.submitted_at,
        participant.updated_at,
    )


# Joining by code ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["wn7 g5u", "WN7G5U", "  wn7-g5u ", "Wn7\tG5u", "w n 7 g 5 u"])
def test_join_by_code_tolerates_case_and_spaces(workshop, typed):
    set_code(workshop, "WN7G5U")

    response = client_for().get(reverse("join:code"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == "/j/WN7G5U/"


def test_join_link_in_lower_case_redirects_to_the_code(workshop):
    set_code(workshop, "WN7G5U")

    response = client_for().get("/j/wn7g5u/")

    assert response.status_code == 302
    assert response["Location"] == "/j/WN7G5U/"


def test_a_join_link_with_an_empty_code_goes_to_the_code_form(db):
    # Found by this suite as a server error (NoReverseMatch); fixed in 3c5072b.
    response = client_for().get("/j/-/", follow=True)

    assert response.redirect_chain == [(reverse("join:code"), 302)]
    assert response.status_code == 200
    assert "Join a workshop" in text(response)
    assert not Participant.objects.exists()


def test_an_unknown_code_says_so_and_creates_nothing(workshop):
    set_code(workshop, "WN7G5U")
    client = client_for()

    by_form = client.get(reverse("join:code"), {"code": "abc def"})
    by_link = client.get("/j/ABCDEF/")
    posted = client.post("/j/ABCDEF/", {"display_name": "Mette"})

    message = "No workshop has the code ABCDEF. Check the code on the screen and try again."
    assert by_form.status_code == 200
    assert message in text(by_form)
    assert by_link.status_code == 404
    assert message in text(by_link)
    assert posted.status_code == 404
    assert not Participant.objects.exists()


def test_a_malformed_code_says_what_a_code_looks_like(db):
    response = client_for().get(reverse("join:code"), {"code": "K7P 4Q"})

    assert response.status_code == 200
    assert "A join code has 6 letters and digits, like “K7P 4QX”." in text(response)


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        (
            Phase.CLUSTERING,
            "Collection has closed for now. New participants can join when voting starts.",
        ),
        (Phase.CHARTER, "This workshop is closed and can't be joined any more."),
    ],
)
def test_a_closed_workshops_code_says_it_is_closed_and_creates_nothing(
    owner, workshop, phase, message
):
    set_phase(workshop, phase)
    client = client_for()
    team = workshop.teams.first()

    by_form = client.get(reverse("join:code"), {"code": workshop.join_code.lower()})
    by_link = client.get(f"/j/{workshop.join_code}/")
    posted = client.post(f"/j/{workshop.join_code}/", {"team": team.pk})

    assert message in text(by_form)
    assert by_form.status_code == 200
    assert by_link.status_code == 404
    assert message in text(by_link)
    assert posted.status_code == 404
    assert not Participant.objects.exists()


def test_an_open_workshop_wins_over_a_closed_one_with_the_same_code(owner, organisation, workshop):
    closed = make_workshop(organisation, owner, phase=Phase.CHARTER)
    set_code(closed, workshop.join_code)

    response = client_for().get(f"/j/{workshop.join_code}/")

    assert response.status_code == 200
    assert response.context["workshop"] == workshop


# Joining: language --------------------------------------------------------------------


def test_danish_workshop_speaks_danish_to_a_phone_without_a_language_cookie(workshop, participant):
    Workshop.objects.filter(pk=workshop.pk).update(language="da")
    # The browser asks for English, but the workshop's language wins until the
    # phone picks one.
    newcomer = client_for()
    phone = phone_for(participant)
    del phone.cookies[settings.LANGUAGE_COOKIE_NAME]

    join = newcomer.get(f"/j/{workshop.join_code}/")
    sheet = phone.get(worksheet_url(workshop))

    assert '<html lang="da">' in join.content.decode()
    assert join["Content-Language"] == "da"
    assert '<html lang="da">' in sheet.content.decode()
    # Level names are data, translated without the message catalogue.
    assert "Ledelse" in text(sheet)
    assert "Omkringliggende kontekst" in text(sheet)
    assert "Leadership" not in text(sheet)


def test_the_phones_language_choice_wins_over_the_workshops(workshop, phone):
    Workshop.objects.filter(pk=workshop.pk).update(language="da")

    sheet = phone.get(worksheet_url(workshop))

    assert '<html lang="en">' in sheet.content.decode()
    assert "Leadership" in text(sheet)
    assert "What value is added?" in text(sheet)


@pytest.mark.skipif(not DA_MO.exists(), reason="locale/da/LC_MESSAGES/django.mo is not compiled")
def test_danish_workshop_shows_danish_interface_text(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(language="da")
    with translation.override("da"):
        danish = str(translation.gettext("Start the worksheet"))
    assert danish != "Start the worksheet"

    response = client_for().get(f"/j/{workshop.join_code}/")

    assert danish in text(response)
    assert "Start the worksheet" not in text(response)


# Joining: the form ---------------------------------------------------------------------


def test_joining_with_a_team_and_a_name_creates_a_participant_and_sets_the_cookie(workshop):
    team = workshop.teams.get(name="Medicin")
    client = client_for()

    response = client.post(
        f"/j/{workshop.join_code}/", {"team": team.pk, "display_name": "  Mette  "}
    )

    participant = Participant.objects.get()
    assert (participant.workshop, participant.team, participant.display_name) == (
        workshop,
        team,
        "Mette",
    )
    assert response.status_code == 302
    assert response["Location"] == worksheet_url(workshop)
    cookie = response.cookies[participant_cookie_name(workshop)]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # Signed: the token is in it, but only with a signature that binds it to this workshop.
    assert cookie.value != participant.token
    request = HttpRequest()
    request.COOKIES[cookie.key] = cookie.value
    assert request.get_signed_cookie(cookie.key, salt=COOKIE_SALT) == participant.token

    sheet = client.get(worksheet_url(workshop))
    assert sheet.status_code == 200
    assert sheet.context["participant"] == participant


def test_the_name_is_optional(workshop):
    client_for().post(f"/j/{workshop.join_code}/", {"team": workshop.teams.first().pk})

    assert Participant.objects.get().display_name == ""


def test_a_workshop_with_teams_needs_one_of_its_teams(workshop, other_workshop):
    foreign = Team.objects.create(workshop=other_workshop, name="Fremmed")
    client = client_for()

    missing = client.post(f"/j/{workshop.join_code}/", {"display_name": "Mette"})
    wrong = client.post(f"/j/{workshop.join_code}/", {"team": foreign.pk})

    assert missing.status_code == 200
    assert "This field is required." in text(missing)
    assert wrong.status_code == 200
    assert "Select a valid choice." in text(wrong)
    assert not Participant.objects.exists()


def test_a_workshop_without_teams_joins_without_one(other_workshop):
    response = client_for().post(f"/j/{other_workshop.join_code}/", {"display_name": ""})

    assert response.status_code == 302
    assert Participant.objects.get().team is None


def test_reopening_the_join_link_with_the_cookie_returns_to_the_same_worksheet(workshop):
    client = client_for()
    client.post(f"/j/{workshop.join_code}/", {"team": workshop.teams.first().pk})

    again = client.get(f"/j/{workshop.join_code}/")
    again_posted = client.post(f"/j/{workshop.join_code}/", {"team": workshop.teams.first().pk})

    assert again.status_code == 302
    assert again["Location"] == worksheet_url(workshop)
    assert again_posted["Location"] == worksheet_url(workshop)
    assert Participant.objects.count() == 1


# The save endpoint: what is stored ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Æbler, øl og åer – ÆØÅ  ", "Æbler, øl og åer – ÆØÅ"),
        ("Robot 🤖 og sygeplejerske 👩🏽‍⚕️ ", "Robot 🤖 og sygeplejerske 👩🏽‍⚕️"),
        ("\tالذكاء الاصطناعي يساعد الممرضات\n", "الذكاء الاصطناعي يساعد الممرضات"),
        (" בינה מלאכותית בעבודה (AI) ", "בינה מלאכותית בעבודה (AI)"),
        ("Linje et\nLinje to", "Linje et\nLinje to"),
        ("x" * 500, "x" * 500),
    ],
    ids=["danish", "emoji", "arabic", "hebrew", "lines", "500-chars"],
)
def test_save_stores_text_exactly_as_typed_after_trimming(
    phone, participant, workshop, typed, kept
):
    entry = change(text=typed, levels=["individual", "group"])
    response = save(
        phone,
        workshop,
        fields={"profession": {"value": f"  {kept[:100]}  ", "rev": 5}},
        entries=[entry],
    )

    assert response.status_code == 200
    assert response.json() == {
        "acks": {"field:profession": 5, f"entry:{entry['id']}": 10},
        "errors": {},
    }
    stored_entry = Entry.objects.get(participant=participant)
    assert stored_entry.text == kept
    assert str(stored_entry.client_id) == entry["id"]
    assert (stored_entry.question, stored_entry.rev, stored_entry.removed) == (1, 10, False)
    assert sorted(stored_entry.suggested_levels.values_list("code", flat=True)) == [
        "group",
        "individual",
    ]
    participant.refresh_from_db()
    assert participant.profession == kept[:100].strip()
    assert participant.field_revs == {"profession": 5}
    assert kept in text(phone.get(worksheet_url(workshop)))


def test_repeating_the_same_save_changes_nothing(phone, participant, workshop):
    body = json.dumps(
        {
            "fields": {
                "profession": {"value": "Sygeplejerske", "rev": 5},
                "ai_kind": {"value": "genai", "rev": 5},
            },
            "entries": [change(), change(question=2, text="Mindre tid ved tasterne", rev=11)],
        }
    )
    first = save(phone, workshop, body=body)
    before_entries, before_participant = stored(participant), participant_state(participant)

    second = save(phone, workshop, body=body)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert stored(participant) == before_entries
    assert participant_state(participant) == before_participant
    assert len(before_entries) == 2


def test_an_older_revision_after_a_newer_one_changes_nothing(phone, participant, workshop):
    entry_id = str(uuid.uuid4())
    save(
        phone,
        workshop,
        fields={"profession": {"value": "Læge", "rev": 7}},
        entries=[change(id=entry_id, text="Ny tekst", levels=["group"], rev=20)],
    )
    before_entries, before_participant = stored(participant), participant_state(participant)

    late = save(
        phone,
        workshop,
        fields={"profession": {"value": "Sygeplejerske", "rev": 6}},
        entries=[change(id=entry_id, text="Gammel tekst", levels=[], rev=19)],
    )

    assert late.json() == {"acks": {"field:profession": 7, f"entry:{entry_id}": 20}, "errors": {}}
    assert stored(participant) == before_entries
    assert participant_state(participant) == before_participant
    assert before_entries[0][3] == "Ny tekst"


def test_removed_hides_the_entry_and_a_late_retry_does_not_bring_it_back(
    phone, participant, workshop
):
    entry = change(text="Skal væk")
    save(phone, workshop, entries=[entry])

    response = save(phone, workshop, entries=[{**entry, "removed": True, "rev": 11}])
    late = save(phone, workshop, entries=[entry])

    assert response.json()["acks"] == {f"entry:{entry['id']}": 11}
    assert late.json()["acks"] == {f"entry:{entry['id']}": 11}
    row = Entry.objects.get(participant=participant)
    assert (row.removed, row.text, row.rev) == (True, "", 11)
    assert "Skal væk" not in text(phone.get(worksheet_url(workshop)))


@pytest.mark.parametrize("emptied", ["", "   \n\t "])
def test_an_emptied_entry_is_dropped(phone, participant, workshop, emptied):
    entry = change(text="Bliver tømt")
    save(phone, workshop, entries=[entry])

    save(phone, workshop, entries=[{**entry, "text": emptied, "rev": 11}])

    row = Entry.objects.get(participant=participant)
    assert (row.removed, row.text) == (True, "")
    assert "Bliver tømt" not in text(phone.get(worksheet_url(workshop)))


def test_a_new_empty_entry_is_acknowledged_but_not_stored(phone, participant, workshop):
    entry = change(text="  ")

    response = save(phone, workshop, entries=[entry])

    assert response.json() == {"acks": {f"entry:{entry['id']}": 10}, "errors": {}}
    assert not Entry.objects.exists()


def test_an_entry_moves_to_another_question(phone, participant, workshop):
    entry = change()
    save(phone, workshop, entries=[entry])

    save(phone, workshop, entries=[{**entry, "question": 4, "position": 3, "rev": 11}])

    row = Entry.objects.get(participant=participant)
    assert (row.question, row.position, row.rev) == (4, 3, 11)


def test_another_participant_can_not_change_an_entry_by_its_id(workshop, phone, participant):
    neighbour = Participant.objects.create(workshop=workshop)
    entry = change(text="Min egen tekst")
    save(phone, workshop, entries=[entry])

    save(phone_for(neighbour), workshop, entries=[{**entry, "text": "Overskrevet", "rev": 99}])

    assert Entry.objects.get(participant=participant).text == "Min egen tekst"
    assert Entry.objects.get(participant=neighbour).text == "Overskrevet"


# The save endpoint: what is refused ----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "x" * 501}, "Ensure this value has at most 500 characters (it has 501)."),
        ({"text": "æ" * 400 + "🤖" * 101}, "at most 500 characters"),
        ({"levels": ["nonsense"]}, "Select a valid choice. nonsense is not one of the available"),
        # A level of the other scheme is unknown in this workshop.
        ({"levels": ["individual", "unit"]}, "Select a valid choice. unit is not one of"),
        ({"question": 0}, "Select a valid choice. 0 is not one of the available choices."),
        ({"question": 6}, "Select a valid choice. 6 is not one of the available choices."),
        ({"question": "6"}, "Select a valid choice."),
        ({"text": "før\x00efter"}, "Null characters are not allowed."),
        ({"text": "ring\x07klokke"}, "The text contains characters that can't be stored."),
        ({"text": "\x1b[31mrød"}, "The text contains characters that can't be stored."),
        ({"text": "slet\x7f"}, "The text contains characters that can't be stored."),
        ({"id": "not-a-uuid"}, "Enter a valid UUID."),
        ({"rev": 0}, "Ensure this value is greater than or equal to 1."),
        ({"rev": 2**62 + 1}, "Ensure this value is less than or equal to"),
        ({"position": -1}, "Ensure this value is greater than or equal to 0."),
    ],
    ids=[
        "501",
        "501-multibyte",
        "level",
        "other-scheme-level",
        "q0",
        "q6",
        "q6-str",
        "nul",
        "bell",
        "escape",
        "delete",
        "id",
        "rev0",
        "rev-huge",
        "position",
    ],
)
def test_a_bad_entry_gets_a_message_and_stores_nothing(
    phone, participant, workshop, overrides, message
):
    good = change(text="Den her er fin", question=2)
    bad = change(**overrides)

    response = save(phone, workshop, entries=[bad, good])

    assert response.status_code == 200
    data = response.json()
    assert message in data["errors"][f"entry:{bad['id']}"]
    assert f"entry:{bad['id']}" not in data["acks"]
    assert list(Entry.objects.values_list("text", flat=True)) == ["Den her er fin"]


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        (
            {"profession": {"value": "x" * 121, "rev": 5}},
            "field:profession",
            "at most 120 characters",
        ),
        (
            {"profession": {"value": "Læ\x00ge", "rev": 5}},
            "field:profession",
            "Null characters are not allowed.",
        ),
        (
            {"use_case": {"value": "a\x08b", "rev": 5}},
            "field:use_case",
            "The text contains characters that can't be stored.",
        ),
        ({"ai_kind": {"value": "robots", "rev": 5}}, "field:ai_kind", "Select a valid choice."),
        (
            {"submitted_at": {"value": "2020-01-01", "rev": 5}},
            "field:submitted_at",
            "Unknown field.",
        ),
        ({"token": {"value": "stolen", "rev": 5}}, "field:token", "Unknown field."),
        ({"field_revs": {"value": "{}", "rev": 5}}, "field:field_revs", "Unknown field."),
        ({"profession": "Læge"}, "field:profession", "Unknown field."),
        ({"profession": {"value": ["Læge"], "rev": 5}}, "field:profession", UNREADABLE),
        ({"profession": {"value": "Læge", "rev": "5"}}, "field:profession", UNREADABLE),
        ({"profession": {"value": "Læge", "rev": True}}, "field:profession", UNREADABLE),
        ({"profession": {"value": "Læge", "rev": 0}}, "field:profession", UNREADABLE),
    ],
    ids=[
        "long",
        "nul",
        "control",
        "choice",
        "submitted_at",
        "token",
        "field_revs",
        "not-dict",
        "value-list",
        "rev-str",
        "rev-bool",
        "rev-0",
    ],
)
def test_a_bad_field_gets_a_message_and_stores_nothing(
    phone, participant, workshop, fields, key, message
):
    before = participant_state(participant)
    token = participant.token

    response = save(phone, workshop, fields=fields)

    assert response.status_code == 200
    data = response.json()
    assert message in data["errors"][key]
    assert data["acks"] == {}
    assert participant_state(participant) == before
    assert participant.token == token


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"entries": [change(text=["Læge"])]}),
        json.dumps({"entries": [change(rev="10")]}),
        json.dumps({"entries": [change(rev=True)]}),
        json.dumps({"entries": [change(rev=10.5)]}),
        json.dumps({"entries": [change(question=1.0)]}),
        json.dumps({"entries": [change(levels="individual")]}),
        json.dumps({"entries": [change(levels=[1])]}),
        json.dumps({"entries": [change(removed="false")]}),
        json.dumps({"entries": [change(position="0")]}),
        json.dumps({"entries": [change(id=7)]}),
        json.dumps({"entries": [{"id": str(uuid.uuid4()), "question": 1, "text": "uden rev"}]}),
        json.dumps({"entries": ["Læge"]}),
        json.dumps({"entries": {"a": 1}, "fields": "x"}),
        json.dumps({"entries": "Læge"}),
        json.dumps({"fields": ["profession"]}),
        json.dumps([change()]),
        json.dumps("Læge"),
        json.dumps(None),
        "{not json",
        "",
        b"\xff\xfe{}",
    ],
    ids=[
        "text-list",
        "rev-str",
        "rev-bool",
        "rev-float",
        "question-float",
        "levels-str",
        "levels-int",
        "removed-str",
        "position-str",
        "id-int",
        "no-rev",
        "entry-str",
        "fields-str",
        "entries-str",
        "fields-list",
        "body-list",
        "body-str",
        "body-null",
        "invalid-json",
        "empty",
        "not-utf8",
    ],
)
def test_an_unreadable_save_is_refused_as_a_whole(phone, participant, workshop, body):
    good = change(text="Kom med i samme pakke")
    if isinstance(body, str) and body.startswith('{"entries": ['):
        payload = json.loads(body)
        payload["entries"].append(good)
        payload["fields"] = {"profession": {"value": "Læge", "rev": 5}}
        body = json.dumps(payload)
    before = participant_state(participant)

    response = save(phone, workshop, body=body)

    assert response.status_code == 400
    assert response.json()["error"] == UNREADABLE
    assert not Entry.objects.exists()
    assert participant_state(participant) == before


def test_the_same_new_entry_twice_in_one_save_keeps_the_newest(phone, participant, workshop):
    # Found by this suite as a server error (IntegrityError); fixed in 3c5072b.
    entry = change(text="Første")

    response = save(phone, workshop, entries=[{**entry, "text": "Anden", "rev": 11}, entry])

    assert response.status_code == 200
    assert response.json() == {"acks": {f"entry:{entry['id']}": 11}, "errors": {}}
    row = Entry.objects.get(client_id=entry["id"])
    assert (row.text, row.rev) == ("Anden", 11)


@pytest.mark.parametrize("where", ["entry", "field"])
def test_half_an_emoji_gets_a_message_and_stores_nothing(phone, participant, workshop, where):
    # JSON.stringify writes a lone surrogate as an escape, and json.loads reads it back.
    body = json.dumps(
        {"entries": [change(text="Robot \ud83e")]}
        if where == "entry"
        else {"fields": {"profession": {"value": "Læge \ud83e", "rev": 5}}}
    )
    assert "\\ud83e" in body
    before = participant_state(participant)

    response = save(phone, workshop, body=body)

    assert response.status_code in {200, 400}
    data = response.json()
    assert data.get("error") or data["errors"]
    assert not Entry.objects.exists()
    assert participant_state(participant) == before


def test_a_deeply_nested_body_is_refused_as_unreadable(phone, participant, workshop):
    response = save(phone, workshop, body="[" * 100_000 + "]" * 100_000)

    assert response.status_code == 400
    assert response.json()["error"] == UNREADABLE


def test_too_many_changes_at_once_are_refused(phone, participant, workshop):
    response = save(phone, workshop, entries=[change() for _ in range(201)])

    assert response.status_code == 400
    assert response.json()["error"] == "Too many changes at once."
    assert not Entry.objects.exists()


def test_the_21st_point_of_a_question_is_refused(phone, participant, workshop):
    twenty = [change(text=f"Punkt {n}", position=n) for n in range(20)]
    assert save(phone, workshop, entries=twenty).json()["errors"] == {}

    extra = change(text="Punkt 21", position=20)
    other_question = change(text="Andet spørgsmål", question=2)
    data = save(phone, workshop, entries=[extra, other_question]).json()

    message = "You can write at most 20 points for each question."
    assert data["errors"] == {f"entry:{extra['id']}": message}
    assert f"entry:{other_question['id']}" in data["acks"]
    assert Entry.objects.filter(question=1, removed=False).count() == 20
    assert not Entry.objects.filter(text="Punkt 21").exists()

    # Moving a point into the full question is refused too.
    moved = save(phone, workshop, entries=[{**other_question, "question": 1, "rev": 11}]).json()
    assert moved["errors"] == {f"entry:{other_question['id']}": message}
    assert Entry.objects.get(text="Andet spørgsmål").question == 2

    # After one is removed, the retried 21st fits.
    save(phone, workshop, entries=[{**twenty[0], "removed": True, "rev": 11}])
    retry = save(phone, workshop, entries=[{**extra, "rev": 11}]).json()
    assert retry == {"acks": {f"entry:{extra['id']}": 11}, "errors": {}}
    assert Entry.objects.filter(question=1, removed=False).count() == 20


def test_21_points_in_one_save_store_20(phone, participant, workshop):
    entries = [change(text=f"Punkt {n}", position=n) for n in range(21)]

    data = save(phone, workshop, entries=entries).json()

    assert len(data["errors"]) == 1
    assert Entry.objects.filter(question=1, removed=False).count() == 20


# Closing, submitting, reading another workshop -----------------------------------------


def test_saves_after_collection_closes_get_409_and_store_nothing(
    owner, phone, participant, workshop
):
    earlier = json.dumps(
        {
            "fields": {"profession": {"value": "Læge", "rev": 5}},
            "entries": [change(text="Før lukning")],
        }
    )
    assert save(phone, workshop, body=earlier).status_code == 200
    close_as_facilitator(workshop, owner)
    before_entries, before_participant = stored(participant), participant_state(participant)

    late = save(
        phone,
        workshop,
        fields={"profession": {"value": "Sygeplejerske", "rev": 6}},
        entries=[change(text="Efter lukning", rev=99)],
    )
    replay = save(phone, workshop, body=earlier)

    for response in (late, replay):
        assert response.status_code == 409
        assert response.json() == {"error": CLOSED, "closed": True}
    assert stored(participant) == before_entries
    assert participant_state(participant) == before_participant


def test_a_draft_workshop_takes_no_saves(phone, participant, workshop):
    set_phase(workshop, Phase.DRAFT)

    response = save(phone, workshop, entries=[change()])

    assert response.status_code == 409
    assert not Entry.objects.exists()


def test_a_participant_can_not_save_to_or_read_another_workshop(
    phone, participant, workshop, other_workshop
):
    response = save(phone, other_workshop, entries=[change()])
    page = phone.get(worksheet_url(other_workshop))
    submit = phone.post(reverse("phone:submit", args=[other_workshop.public_id]))

    assert response.status_code == 403
    assert response.json()["rejoin"] == f"/j/{other_workshop.join_code}/"
    assert "join again" in response.json()["error"]
    assert page.status_code == 302
    assert page["Location"] == f"/j/{other_workshop.join_code}/"
    assert submit["Location"] == f"/j/{other_workshop.join_code}/"
    assert not Entry.objects.exists()
    assert not Participant.objects.filter(workshop=other_workshop).exists()
    participant.refresh_from_db()
    assert participant.submitted_at is None


def test_a_token_under_another_workshops_cookie_name_is_not_accepted(
    participant, workshop, other_workshop
):
    forged = client_for()
    response = HttpResponse()
    response.set_signed_cookie(
        participant_cookie_name(other_workshop), participant.token, salt=COOKIE_SALT
    )
    forged.cookies.update(response.cookies)
    unsigned = client_for()
    unsigned.cookies[participant_cookie_name(workshop)] = participant.token

    assert save(forged, other_workshop, entries=[change()]).status_code == 403
    assert save(unsigned, workshop, entries=[change()]).status_code == 403
    assert unsigned.get(worksheet_url(workshop))["Location"] == f"/j/{workshop.join_code}/"
    assert not Entry.objects.exists()


def test_a_closed_workshop_without_the_cookie_shows_the_closed_page(other_phone, workshop):
    set_phase(workshop, Phase.CLUSTERING)

    response = other_phone.get(worksheet_url(workshop))

    assert response.status_code == 403
    assert "This workshop is closed and can't be joined any more." in text(response)


def test_submit_then_edit_until_collection_closes(owner, phone, participant, workshop):
    save(phone, workshop, entries=[change(text="Første udgave")])

    response = phone.post(reverse("phone:submit", args=[workshop.public_id]), follow=True)

    participant.refresh_from_db()
    submitted_at = participant.submitted_at
    assert submitted_at is not None
    assert response.redirect_chain == [(worksheet_url(workshop) + "#submitted", 302)]
    page = text(response)
    assert page.count("Your worksheet is submitted") == 1
    assert 'class="messages"' not in page
    assert "<dd>1 point <span" in page
    assert "(per question: 1 · 0 · 0 · 0 · 0)" in page
    assert 'id="worksheet"' in page
    assert "Submit again" in page

    entry = Entry.objects.get()
    edited = save(phone, workshop, entries=[change(id=str(entry.client_id), text="Rettet", rev=11)])
    assert edited.status_code == 200
    assert Entry.objects.get().text == "Rettet"
    phone.post(reverse("phone:submit", args=[workshop.public_id]))
    participant.refresh_from_db()
    assert participant.submitted_at == submitted_at

    close_as_facilitator(workshop, owner)
    closed = phone.get(worksheet_url(workshop))
    page = text(closed)
    assert closed.status_code == 200
    assert "Collection has closed. Your worksheet can be read but no longer changed." in page
    assert 'id="worksheet"' not in page
    assert "<textarea" not in page
    assert "<form" not in page.replace('<form class="language"', "")
    assert "Rettet" in page


def test_submit_after_closing_is_refused(phone, participant, workshop):
    set_phase(workshop, Phase.CLUSTERING)

    response = phone.post(reverse("phone:submit", args=[workshop.public_id]), follow=True)

    assert CLOSED in text(response)
    participant.refresh_from_db()
    assert participant.submitted_at is None


# The no-JavaScript form ------------------------------------------------------------------


def test_the_form_saves_removes_adds_and_submits(phone, participant, workshop):
    kept, dropped = change(text="Gammel", question=3), change(text="Væk", question=2)
    save(phone, workshop, entries=[kept, dropped])

    response = phone.post(
        worksheet_url(workshop),
        {
            "profession": "  Radiograf ",
            f"e-{kept['id']}-text": " Ny formulering ",
            f"e-{kept['id']}-q": "3",
            f"e-{kept['id']}-levels": ["group", "leadership"],
            f"e-{dropped['id']}-text": "Væk",
            f"e-{dropped['id']}-q": "2",
            "remove": dropped["id"],
            "new-1-text": "  Et nyt punkt ",
            "new-1-levels": ["organisation"],
            "new-2-text": "   ",
            "new-5-text": "",
            "action": "submit",
        },
        follow=True,
    )

    assert response.redirect_chain == [(worksheet_url(workshop) + "#submitted", 302)]
    assert text(response).count("Your worksheet is submitted") == 1
    assert "Radiograf" in text(response).split('id="submitted"')[1].split("</section>")[0]
    participant.refresh_from_db()
    assert participant.profession == "Radiograf"
    assert participant.submitted_at is not None
    rows = {e.text: e for e in Entry.objects.filter(participant=participant, removed=False)}
    assert set(rows) == {"Ny formulering", "Et nyt punkt"}
    assert rows["Ny formulering"].question == 3
    assert str(rows["Ny formulering"].client_id) == kept["id"]
    assert sorted(rows["Ny formulering"].suggested_levels.values_list("code", flat=True)) == [
        "group",
        "leadership",
    ]
    assert rows["Et nyt punkt"].question == 1
    assert list(rows["Et nyt punkt"].suggested_levels.values_list("code", flat=True)) == [
        "organisation"
    ]
    assert Entry.objects.get(client_id=dropped["id"]).removed is True
    assert "Væk" not in text(response)


def test_the_form_save_without_submit_only_saves(phone, participant, workshop):
    response = phone.post(
        worksheet_url(workshop), {"new-4-text": "Trivsel først", "action": "save"}, follow=True
    )

    assert "Saved." in text(response)
    assert Entry.objects.get().question == 4
    participant.refresh_from_db()
    assert participant.submitted_at is None


def test_a_form_with_a_mistake_stores_nothing_and_keeps_the_typing(phone, participant, workshop):
    kept = change(text="Gammel")
    save(phone, workshop, entries=[kept])
    before_entries, before_participant = stored(participant), participant_state(participant)

    response = phone.post(
        worksheet_url(workshop),
        {
            "profession": "Radiograf",
            f"e-{kept['id']}-text": "Ny men ikke gemt",
            f"e-{kept['id']}-q": "1",
            "new-2-text": "y" * 501,
            "action": "submit",
        },
    )

    assert response.status_code == 400
    page = text(response)
    assert "Ensure this value has at most 500 characters (it has 501)." in page
    assert "Ny men ikke gemt" in page
    assert "y" * 501 in page
    assert stored(participant) == before_entries
    assert participant_state(participant) == before_participant


def test_the_form_after_closing_stores_nothing(phone, participant, workshop):
    set_phase(workshop, Phase.CLUSTERING)

    response = phone.post(
        worksheet_url(workshop), {"profession": "Radiograf", "new-1-text": "For sent"}, follow=True
    )

    assert CLOSED in text(response)
    assert not Entry.objects.exists()
    participant.refresh_from_db()
    assert participant.profession == ""


# Output is escaped --------------------------------------------------------------------


def test_what_participants_write_is_escaped(owner, phone, participant, workshop):
    save(
        phone,
        workshop,
        fields={"profession": {"value": '"><img src=x onerror=alert(2)>', "rev": 5}},
        entries=[change(text="<script>alert(1)</script>")],
    )

    editable = phone.get(worksheet_url(workshop)).content.decode()
    close_as_facilitator(workshop, owner)
    readonly = phone.get(worksheet_url(workshop)).content.decode()

    for page in (editable, readonly):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)" not in page
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page


# The status endpoint ---------------------------------------------------------------------


def test_status_asks_for_a_refresh_only_when_the_phase_differs(owner, workshop):
    url = reverse("phone:status", args=[workshop.public_id])
    client = client_for()

    same = client.get(url, {"phase": "collecting", "room": workshop.room_signature})
    other = client.get(url, {"phase": "draft"})
    close_as_facilitator(workshop, owner)
    after_close = client.get(url, {"phase": "collecting"})
    workshop.refresh_from_db()
    closed_same = client.get(url, {"phase": "clustering", "room": workshop.room_signature})

    assert same.status_code == 204
    assert "HX-Refresh" not in same.headers
    assert other["HX-Refresh"] == "true"
    assert after_close["HX-Refresh"] == "true"
    assert "HX-Refresh" not in closed_same.headers
    assert client.get(reverse("phone:status", args=["nope"])).status_code == 404


def test_the_code_forms_old_address_still_leads_there_with_the_code(client):
    response = client.get("/join/", {"code": "abc 234"})

    assert response.status_code == 302
    assert response["Location"] == "/j/?code=abc+234"


# A cap, a lock and a visible rate of joining (issue 10) ----------------------------


def join_as_new_phone(workshop: Workshop, **extra):
    return client_for().post(
        f"/j/{workshop.join_code}/", {"team": workshop.teams.first().pk}, **extra
    )


def test_a_workshop_has_room_for_1500_phones_by_default(workshop):
    assert workshop.participant_cap == 1500


def test_joins_beyond_the_participant_cap_are_refused_with_a_clear_message(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(participant_cap=2)
    joined = [join_as_new_phone(workshop) for _ in range(2)]

    refused = join_as_new_phone(workshop)
    opened = client_for().get(f"/j/{workshop.join_code}/")
    # A phone that loaded the workshop before the room filled up.
    with pytest.raises(DomainError) as raced:
        participant_join(workshop=workshop, team=None, display_name="")

    full = "This workshop is full: it has room for 2 participants. Ask the facilitator."
    assert [r.status_code for r in joined] == [302, 302]
    assert refused.status_code == 404
    assert full in text(refused)
    assert str(raced.value) == full
    assert opened.status_code == 404
    assert full in text(opened)
    assert Participant.objects.filter(workshop=workshop).count() == 2


def test_the_facilitator_sets_the_cap_between_1_and_5000(owner_client, workshop):
    data = {
        "title": workshop.title,
        "date": "2026-11-21",
        "language": "en",
        "scheme": workshop.scheme_id,
        "ai_focus": "genai",
        "teams": "\n".join(team.name for team in workshop.teams.all()),
    }
    url = reverse("workshops:edit", args=[workshop.pk])

    too_many = owner_client.post(url, {**data, "participant_cap": "5001"})
    none = owner_client.post(url, {**data, "participant_cap": "0"})
    saved = owner_client.post(url, {**data, "participant_cap": "300", "late_joiners_vote": "on"})

    assert too_many.status_code == 200 and none.status_code == 200
    assert "less than or equal to 5000" in text(too_many)
    workshop.refresh_from_db()
    assert saved.status_code == 302
    assert (workshop.participant_cap, workshop.late_joiners_vote) == (300, True)
    form = owner_client.get(url)
    assert 'name="participant_cap"' in text(form)
    assert 'max="5000"' in text(form)


def test_joining_locks_when_voting_starts_and_joined_phones_carry_on(owner_client, workshop, phone):
    workshop = move_to(workshop, Phase.VOTING)

    refused = join_as_new_phone(workshop)
    opened = client_for().get(f"/j/{workshop.join_code}/")
    by_code = client_for().get("/j/", {"code": workshop.join_code})
    again = phone.get(f"/j/{workshop.join_code}/")

    locked = "The facilitator has closed joining for now."
    assert workshop.joining_locked
    assert locked in text(refused)
    assert opened.status_code == 404 and locked in text(opened)
    assert by_code.status_code == 200 and locked in text(by_code)
    assert again.status_code == 302
    assert again["Location"] == worksheet_url(workshop)
    assert phone.get(worksheet_url(workshop)).status_code == 200
    assert Participant.objects.filter(workshop=workshop).count() == 1


def test_the_facilitator_opens_and_closes_joining_from_the_board(owner_client, workshop):
    workshop = move_to(workshop, Phase.VOTING)
    url = reverse("workshops:joining", args=[workshop.pk])
    board = text(owner_client.get(reverse("workshops:board", args=[workshop.pk])))
    assert f'action="{url}"' in board and "Open joining" in board

    opened = owner_client.post(url, {"locked": "0"})
    joined = join_as_new_phone(workshop)
    closed = owner_client.post(url, {"locked": "1"})
    refused = join_as_new_phone(workshop)

    assert opened.status_code == 302 and closed.status_code == 302
    assert joined.status_code == 302
    assert "The facilitator has closed joining for now." in text(refused)
    assert Participant.objects.filter(workshop=workshop).count() == 1
    assert "Close joining" not in text(
        owner_client.get(reverse("workshops:board", args=[workshop.pk]))
    )


def test_leaving_voting_for_an_earlier_phase_opens_joining_again(workshop):
    workshop = move_to(move_to(workshop, Phase.VOTING), Phase.COLLECTING)

    assert not workshop.joining_locked
    assert join_as_new_phone(workshop).status_code == 302


def board_poll(client, workshop: Workshop, etag: str = ""):
    return client.get(
        reverse("workshops:board", args=[workshop.pk]),
        HTTP_HX_REQUEST="true",
        **({"HTTP_IF_NONE_MATCH": etag} if etag else {}),
    )


def joins_shown(response) -> str:
    match = re.search(r'id="joins-last-minute"><dt>[^<]*</dt><dd>(\d+)</dd>', text(response))
    assert match is not None
    return match.group(1)


def test_the_board_shows_the_phones_that_joined_in_the_last_minute(owner_client, workshop):
    with time_machine.travel("2026-11-21 10:00", tick=False):
        for _ in range(3):
            join_as_new_phone(workshop)
        at_once = board_poll(owner_client, workshop)
        assert board_poll(owner_client, workshop, at_once["ETag"]).status_code == 304
    with time_machine.travel("2026-11-21 10:00:30", tick=False):
        join_as_new_phone(workshop)
        later = board_poll(owner_client, workshop)
    # No join since: the count falls, and the poll sees it fall.
    with time_machine.travel("2026-11-21 10:01:15", tick=False):
        falling = board_poll(owner_client, workshop, later["ETag"])
    with time_machine.travel("2026-11-21 10:05", tick=False):
        quiet = board_poll(owner_client, workshop, falling["ETag"])
        assert board_poll(owner_client, workshop, quiet["ETag"]).status_code == 304

    assert joins_shown(at_once) == "3"
    assert joins_shown(later) == "4"
    assert falling.status_code == 200 and joins_shown(falling) == "1"
    assert quiet.status_code == 200 and joins_shown(quiet) == "0"
