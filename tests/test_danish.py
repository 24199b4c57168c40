"""Danish that reads as written by a Dane, kept so: the house rules checked
on every Danish message, and every message with a number in the singular
when the number is one, in Danish and in English."""

from __future__ import annotations

import csv
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
# Placeholders that name a number without counting anything (version 3).
IDENTIFIERS = {"number", "year"}
# English nouns that a number in front of them counts ("%(total)s dots").
COUNTED = (
    "dots|points|cards|participants|teams|principles|days|minutes|hours|weeks|months|"
    "actions|workshops|phones|entries|records|groups|people|suggestions|levels|questions|"
    "seconds|charters|versions|use cases|flags|answers|remarks|times"
)
# Terms the glossary replaces (../shared/reference/danish-style.md), in any case.
REPLACED = ["Deltagelseskode", "AI-use-case", "Type af AI", "Charterets", "venligst", "Eksportér"]
# Where a capital after a colon is the seed's own heading or a name.
COLON_CAPITAL_KEPT = ("STEP 1: Etabler", "AI-refleksion: Når", "placeres på: IGLOO")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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


def test_english_sources_quote_with_english_quotes():
    # English “…”, translated to Danish »…«: the source never carries »…«.
    keys = [key[0] if isinstance(key, tuple) else key for key in catalog() if key]
    assert [key for key in keys if re.search(r"[»«]", key)] == []


def test_danish_messages_say_prikker_for_dots():
    wrong = [(m, s) for m, s in danish_messages() if re.search(r"\b[Ss]temmer\b", s)]
    assert wrong == []


@pytest.mark.parametrize("term", REPLACED)
def test_danish_messages_use_the_glossarys_terms(term):
    assert [(m, s) for m, s in danish_messages() if term.lower() in s.lower()] == []


def test_danish_has_no_capital_after_a_colon_mid_sentence():
    wrong = [
        s
        for m, s in danish_messages()
        for found in re.finditer(r"\w: [A-ZÆØÅ][a-zæøå]", s)
        if not any(
            kept in s[max(0, found.start() - 20) : found.end() + 10] for kept in COLON_CAPITAL_KEPT
        )
    ]
    assert wrong == []


def test_danish_imperatives_have_no_accent():
    # "Marker", "Omformuler", "Eksporter": Danish writes them without é.
    assert [s for m, s in danish_messages() if re.search(r"\b\w+ér\b", s)] == []


def test_every_message_with_a_number_has_a_plural_form():
    def counts(msgid: str) -> bool:
        names = set(re.findall(r"%\((\w+)\)[sd]", msgid))
        numbers = set(re.findall(r"%\((\w+)\)d", msgid))
        counted = re.search(rf"%\(\w+\)[sd] (?:\w+ )?(?:{COUNTED})\b", msgid)
        return bool(QUANTITIES & names or numbers - IDENTIFIERS or counted)

    singular_only = [
        key for key in catalog() if isinstance(key, str) and key and counts(key.split("\x04")[-1])
    ]
    assert singular_only == []


def test_templates_quote_only_through_their_translations():
    """A quote mark written straight into a template shows in both languages
    as it is: quotes belong inside the message, so Danish uses »…« and
    English “…”."""
    translated = re.compile(
        r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}|{%\s*translate\s.*?%}|{#.*?#}",
        re.S,
    )
    wrong = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"[“”„»«]", translated.sub("", path.read_text(encoding="utf-8")))
    ]
    assert wrong == []


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


@pytest.mark.parametrize(
    ("language", "dialect", "cells"),
    [
        ("da", "DanishExcel", ["2,5", "3", "Ålborg; Øst"]),
        ("en", "excel", ["2.5", "3", "Ålborg; Øst"]),
    ],
)
def test_csv_numbers_have_the_languages_decimal_mark(language, dialect, cells):
    from principles.exports import csv_table
    from tests.test_exports import DanishExcel, csv_rows

    content = csv_table(["a", "b", "c"], [[2.5, 3, "Ålborg; Øst"]], language=language)

    rows = csv_rows(content, DanishExcel if dialect == "DanishExcel" else csv.excel)
    assert rows == [["a", "b", "c"], cells]
