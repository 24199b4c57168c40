"""Danish that reads as written by a Dane, kept so: the house rules checked
on every Danish message, and every message with a number in the singular
when the number is one, in Danish and in English."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

from principles.models import Vote
from principles.render import render_charter_html
from principles.services import charter_publish, principle_merge
from tests.conftest import add_entry, client_for, make_workshop, move_to, phone_for
from workshops.models import Participant, Phase, Team

MO = Path(__file__).resolve().parent.parent / "locale" / "da" / "LC_MESSAGES" / "django.mo"
# Placeholders that count something: their messages need a plural form.
QUANTITIES = {"n", "count", "joined", "entries", "dots", "days"}
# Terms the glossary replaces (../shared/reference/danish-style.md).
REPLACED = ["Deltagelseskode", "AI-use-case", "Type af AI", "Charterets", "venligst", "Eksportér"]


def catalog() -> dict:
    with MO.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def danish_messages() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every translated message, plural forms included."""
    found = []
    for key, value in catalog().items():
        if not key:
            continue
        msgid = key[0] if isinstance(key, tuple) else key
        found.append((msgid.split("\x04")[-1], value))
    return found


def test_danish_messages_use_danish_quotes():
    wrong = [(m, s) for m, s in danish_messages() if re.search(r"[“”„]", s)]
    assert wrong == []


def test_danish_messages_say_prikker_for_dots():
    wrong = [(m, s) for m, s in danish_messages() if re.search(r"\b[Ss]temmer\b", s)]
    assert wrong == []


@pytest.mark.parametrize("term", REPLACED)
def test_danish_messages_use_the_glossarys_terms(term):
    assert [(m, s) for m, s in danish_messages() if term in s] == []


def test_every_message_with_a_number_has_a_plural_form():
    singular_only = [
        key
        for key in catalog()
        if isinstance(key, str)
        and QUANTITIES & set(re.findall(r"%\((\w+)\)[sd]", key.split("\x04")[-1]))
    ]
    assert singular_only == []


# One of everything, in both languages -------------------------------------------------

SINGULAR = {
    "da": {
        "vote": ["Du har 1 prik tilbage.", "Sæt din 1 prik"],
        "tally": ['<span class="dot-count">1</span> prik<'],
        "delete": ["1 deltager<", "deres 1 punkt<"],
        "appendix": ["1 prik · 1 punkt"],
        "team": "Dette team har allerede deltagere",
    },
    "en": {
        "vote": ["You have 1 dot left.", "Put your 1 dot"],
        "tally": ['<span class="dot-count">1</span> dot<'],
        "delete": ["1 participant<", "their 1 point<"],
        "appendix": ["1 dot · 1 point"],
        "team": "This team already has participants",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_one_dot_one_participant_one_team_read_in_the_singular(organisation, owner, language):
    expected = SINGULAR[language]
    workshop = make_workshop(organisation, owner, language=language, teams=["Akut"])
    person = Participant.objects.create(workshop=workshop, team=workshop.teams.first())
    card = add_entry(person, "Mere tid til borgeren")
    principle = principle_merge(workshop=workshop, entry_ids=[card.pk])
    workshop.dots_per_participant = 1
    workshop.save(update_fields=["dots_per_participant"])
    workshop = move_to(workshop, Phase.VOTING)
    facilitator = client_for(owner)
    header = {"HTTP_ACCEPT_LANGUAGE": language}

    on_phone = phone_for(person)
    on_phone.cookies["django_language"] = language
    phone = on_phone.get(reverse("phone:worksheet", args=[workshop.public_id]))
    for text in expected["vote"]:
        assert text in phone.content.decode()

    Vote.objects.create(principle=principle, participant=person)
    tally = facilitator.get(reverse("principles:list", args=[workshop.pk]), **header)
    for text in expected["tally"]:
        assert text in tally.content.decode()

    delete = facilitator.get(reverse("workshops:delete", args=[workshop.pk]), **header)
    for text in expected["delete"]:
        assert text in delete.content.decode()

    version = charter_publish(workshop=workshop, user=owner, notify=False)
    appendix = render_charter_html(version)
    for text in expected["appendix"]:
        assert text in appendix

    # Removing the one team that has participants.
    refused = facilitator.post(
        reverse("workshops:edit", args=[workshop.pk]),
        {
            "title": workshop.title,
            "date": workshop.date.isoformat(),
            "language": language,
            "scheme": workshop.scheme_id,
            "ai_focus": workshop.ai_focus,
            "teams": "Medicin",
        },
        **header,
    )
    assert expected["team"] in refused.content.decode()
    assert Team.objects.filter(workshop=workshop, name="Akut").exists()
