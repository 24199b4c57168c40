"""Many teams, one organisation (series app): a series spawned from a
template, who sees which team workshop, the comparison across teams with
small teams withheld, and the organisation charter rolled up by reference."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from agreements.followup import followup_start
from core.errors import DomainError
from igloo.models import InspirationCard, LevelScheme
from principles.models import Principle
from principles.render import render_charter_html
from principles.services import charter_publish, principle_merge
from series.models import ImportedPrinciple, Series, SeriesWorkshop
from series.selectors import comparison
from series.services import (
    TeamPlan,
    rollup_import,
    rollup_merge,
    rollup_publish,
    series_create,
    series_spawn,
    template_save,
)
from tests.conftest import add_entry, client_for, make_user, move_to, phone_for
from tests.test_exports import DanishExcel, csv_rows
from workshops.models import Participant, Phase, Role, Workshop, WorkshopKind
from workshops.services import workshop_change_scheme, workshop_set_phase

DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def template(organisation):
    return template_save(
        organisation=organisation,
        name="Standard",
        title_pattern="AI-principper – {team}",
        language="en",
        scheme=LevelScheme.objects.get(slug="igloo"),
        ai_focus="genai",
        extra_prompts={"1": "Think of last week"},
        cards="focus",
        card_keys=[],
        dots_per_participant=4,
        show_names=False,
        approve_first=True,
        preamble="Our own preamble.",
    )


@pytest.fixture
def series(organisation, template, owner):
    return series_create(organisation=organisation, template=template, name="Hospital", owner=owner)


def spawn(series, owner, *teams):
    return series_spawn(
        series=series,
        teams=[TeamPlan(name=name, date=DAY, facilitator_id=fid) for name, fid in teams],
        user=owner,
    )


def fill(workshop: Workshop, participants: int, words: str) -> Principle:
    """`participants` phones with a card each, merged into one principle."""
    entries = []
    for i in range(participants):
        person = Participant.objects.create(workshop=workshop)
        entries.append(add_entry(person, f"{words} {i}", question=1, levels=["individual"]))
    principle = principle_merge(workshop=workshop, entry_ids=[e.pk for e in entries])
    # Reworded as a facilitator would: the cells no longer quote the cards.
    Principle.objects.filter(pk=principle.pk).update(title=words, cells={"individual": words})
    return principle


@pytest.fixture
def teams(series, owner, facilitator):
    """Three teams: A (6 participants, facilitated by `facilitator`), B (6), C (2)."""
    made = spawn(series, owner, ("Akut", facilitator.pk), ("Medicin", None), ("Kirurgi", None))
    workshops = [m.workshop for m in made]
    for workshop, n, words in zip(
        workshops,
        (6, 6, 2),
        ("Keep people in the loop", "Humans decide", "Tiny team secret"),
        strict=True,
    ):
        fill(workshop, n, words)
    return workshops


def test_spawning_a_series_is_idempotent_and_copies_the_template(
    series, owner, facilitator, template
):
    first = spawn(series, owner, ("Akut", facilitator.pk), ("Medicin", None))
    again = spawn(series, owner, ("Akut", facilitator.pk), ("Medicin", None))

    assert len(first) == 2 and again == []
    assert SeriesWorkshop.objects.filter(series=series).count() == 2
    akut = first[0].workshop
    assert akut.title == "AI-principper – Akut"
    assert akut.assigned_facilitator == facilitator
    assert (akut.dots_per_participant, akut.approve_first, akut.language) == (4, True, "en")
    assert akut.charter.preamble == "Our own preamble."
    assert akut.join_code != first[1].workshop.join_code
    # A later change of the template changes no workshop made from it.
    template_save(
        organisation=template.organisation,
        template=template,
        dots_per_participant=9,
        title_pattern="X {team}",
    )
    akut.refresh_from_db()
    assert (akut.dots_per_participant, akut.title) == (4, "AI-principper – Akut")


def test_the_templates_prompts_and_chosen_cards_reach_the_phone_board_and_paper(
    series, owner, template, participant
):
    ml = InspirationCard.objects.filter(ai_kind="ml").order_by("position").first()
    genai = InspirationCard.objects.filter(ai_kind="genai").order_by("position").first()
    template_save(
        organisation=template.organisation,
        template=template,
        cards="chosen",
        card_keys=[ml.key, genai.key],
    )
    (member,) = spawn(series, owner, ("Akut", None))
    workshop = member.workshop
    # The template changes later: the workshop keeps what it was made with.
    template_save(
        organisation=template.organisation,
        template=template,
        extra_prompts={"1": "Changed later"},
        cards="focus",
    )
    workshop.refresh_from_db()
    assert workshop.extra_prompts == {"1": "Think of last week"}
    assert sorted(workshop.card_keys) == sorted([ml.key, genai.key])

    move_to(workshop, Phase.COLLECTING)
    person = Participant.objects.create(workshop=workshop)
    page = phone_for(person).get(reverse("phone:worksheet", args=[workshop.public_id]))
    html = page.content.decode()
    # Under question 1, before question 2; no other question has a prompt.
    heading_1, heading_2 = html.index('id="q1-heading"'), html.index('id="q2-heading"')
    assert heading_1 < html.index("Think of last week") < heading_2
    assert "Changed later" not in html and html.count('class="help prompt"') == 1
    shown = set(re.findall(r'<li class="inspiration-card[^"]*">\s*<strong>([^<]+)</strong>', html))
    assert shown and shown <= {ml.title, genai.title}

    board = client_for(owner).get(reverse("workshops:board_inspiration", args=[workshop.pk]))
    titles = set(re.findall(r"<strong>([^<]+)</strong>", board.content.decode()))
    assert titles == {ml.title, genai.title}

    # A workshop of the same focus made without a template shows the focus's cards.
    plain = participant.workshop
    plain_board = client_for(owner).get(reverse("workshops:board_inspiration", args=[plain.pk]))
    assert ml.title not in plain_board.content.decode()
    assert len(re.findall(r"<strong>", plain_board.content.decode())) > 2

    # The blank paper worksheet carries the prompt too.
    html = render_to_string(
        "workshops/worksheet_print.html", {"workshop": workshop, "join_url": "", "qr": ""}
    )
    assert "Think of last week" in html


def test_spawning_through_the_page_twice_makes_nothing_new(owner_client, series, facilitator):
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Akut",
        "form-0-date": "2026-12-01",
        "form-0-facilitator": str(facilitator.pk),
        "form-1-name": "",
        "form-1-date": "",
    }
    url = reverse("series:spawn", args=[series.pk])
    assert owner_client.post(url, data).status_code == 302
    assert owner_client.post(url, data).status_code == 302
    assert series.members.count() == 1
    # Bad input: a clear message, no server error.
    bad = owner_client.post(url, {**data, "form-0-date": "", "form-0-name": "Ny"})
    assert bad.status_code == 400
    assert "Give the team" in bad.content.decode()


def test_a_workshop_can_be_saved_as_a_template(owner_client, workshop):
    response = owner_client.post(reverse("series:template_from_workshop", args=[workshop.pk]))
    assert response.status_code == 302
    template = workshop.organisation.workshop_templates.get()
    assert template.scheme == workshop.scheme and "{team}" in template.title_pattern


def test_a_team_facilitator_gets_404_on_another_teams_workshop(
    series, owner, facilitator, organisation
):
    other = make_user("other@example.dk", organisation, Role.FACILITATOR)
    akut, medicin = (
        m.workshop for m in spawn(series, owner, ("Akut", facilitator.pk), ("Medicin", other.pk))
    )
    mine, theirs = client_for(facilitator), client_for(other)

    (owners,) = (m.workshop for m in spawn(series, owner, ("Ejerens", None)))
    assert owners.assigned_facilitator == owner
    assert mine.get(reverse("workshops:detail", args=[owners.pk])).status_code == 404
    assert mine.get(reverse("workshops:detail", args=[akut.pk])).status_code == 200
    assert mine.get(reverse("workshops:detail", args=[medicin.pk])).status_code == 404
    assert mine.get(reverse("workshops:board", args=[medicin.pk])).status_code == 404
    assert theirs.get(reverse("workshops:board", args=[akut.pk])).status_code == 404
    # The owner of the organisation (and of the series) sees every team.
    assert client_for(owner).get(reverse("workshops:board", args=[medicin.pk])).status_code == 200
    # The dashboard lists only their own team workshop.
    page = mine.get(reverse("workshops:dashboard")).content.decode()
    assert akut.title in page and medicin.title not in page


def test_the_unchanged_board_poll_fast_path_applies_the_same_rule(series, owner, facilitator):
    (akut,) = (m.workshop for m in spawn(series, owner, ("Akut", facilitator.pk)))
    client = client_for(facilitator)
    url = reverse("workshops:board", args=[akut.pk])
    etag = client.get(url, HTTP_HX_REQUEST="true")["ETag"]
    assert client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag).status_code == 304

    # Assigned to someone else now: neither the poll's 304 nor the board.
    other = make_user("other@example.dk", series.organisation, Role.FACILITATOR)
    Workshop.objects.filter(pk=akut.pk).update(assigned_facilitator=other)
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 404
    # The series owner still gets the 304.
    owner_client = client_for(owner)
    mine = owner_client.get(url, HTTP_HX_REQUEST="true")["ETag"]
    assert owner_client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=mine).status_code == 304


def test_series_pages_are_for_the_owners(series, facilitator, owner, teams):
    assert (
        client_for(facilitator).get(reverse("series:detail", args=[series.pk])).status_code == 403
    )
    page = client_for(owner).get(reverse("series:detail", args=[series.pk])).content.decode()
    assert "Akut" in page and "&lt;5" in page


def test_a_small_teams_charter_is_not_one_click_from_the_series(series, owner, teams):
    big, _medicin, small = publish_all(teams, owner)
    page = client_for(owner).get(reverse("series:detail", args=[series.pk])).content.decode()

    assert reverse("charters:version", args=[big.pk]) in page
    assert reverse("charters:version", args=[small.pk]) not in page
    (row,) = [row for row in page.split("<tr>") if ">Kirurgi<" in row]
    # Its version as text only: no link from its row to its charter.
    assert "version 1" in row and "/charters/" not in row
    assert "is not linked from the series" in page


def test_counts_under_5_never_appear_on_the_comparison_or_its_export(owner_client, series, teams):
    small = teams[2]
    add_entry(
        Participant.objects.filter(workshop=small).first(), "Another", question=2, levels=["group"]
    )
    # In a large team, two people (with three cards) on Group under question 2,
    # and one of them twice on Leadership under question 3.
    two = list(Participant.objects.filter(workshop=teams[0])[:2])
    for person in two:
        add_entry(person, "Group work", question=2, levels=["group"])
    add_entry(two[0], "More group work", question=2, levels=["group"])
    add_entry(two[0], "Ask the manager", question=3, levels=["leadership"])
    add_entry(two[0], "Ask again", question=3, levels=["leadership"])
    page = owner_client.get(reverse("series:compare", args=[series.pk]))
    export = owner_client.get(reverse("series:compare_csv", args=[series.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Kirurgi" in html and "&lt;5" in html
    # No heat-map cell and no share on the page shows a count of 1 to 4.
    shown = re.findall(r'<td class="(?:num )?(?:heat-\d|withheld)[^"]*">([^<]*)</td>', html)
    assert shown and not {value.strip() for value in shown} & {"1", "2", "3", "4"}
    # An English series: commas, and the file named in English.
    assert 'filename="comparison-hospital.csv"' in export["Content-Disposition"]
    rows = csv_rows(export.content)
    kirurgi_rows = [row for row in rows if row[0] == "Kirurgi"]
    assert kirurgi_rows and all("<5" in row for row in kirurgi_rows)
    assert not any(cell in {"1", "2", "3", "4"} for row in kirurgi_rows for cell in row[3:])
    # The large team's cells of 2 people are withheld too; its cell of 6 is shown.
    assert ["Akut", "2", "Group", "<5", ""] in rows
    assert ["Akut", "3", "Leadership", "<5", ""] in rows
    assert ["Akut", "1", "Individual", "6", ""] in rows
    # Nowhere a count of 1 to 4 (shares of levels with few people are withheld too).
    assert ["Akut", "", "Leadership", "", "<5"] in rows
    assert not any(row[3] in {"1", "2", "3", "4"} for row in rows[1:])


def test_one_withheld_share_takes_a_second_with_it_so_it_cant_be_worked_out(
    owner_client, series, teams
):
    people = list(Participant.objects.filter(workshop=teams[0]))
    # Akut: Individual 6 points (6 people), Leadership 9 (6), Group 2 (2).
    for i, person in enumerate(people):
        add_entry(person, "Ask the manager", question=3, levels=["leadership"])
        if i < 3:
            add_entry(person, "Ask again", question=3, levels=["leadership"])
        if i < 2:
            add_entry(person, "Group work", question=2, levels=["group"])

    data = comparison(series)
    codes = [level["code"] for level in data["levels"]]
    akut, medicin = data["teams"][0], data["teams"][1]
    shares = {code: akut.share(code) for code in codes}
    shown = [value for value in shares.values() if value != "<5"]
    group = round(100 * 2 / 17)

    assert shares["group"] == "<5"
    # The smallest share shown otherwise (Individual's 35) goes with it, not
    # an empty level's 0, and 100 minus the rest is no longer Group's share.
    assert shares["individual"] == "<5" and shares["leadership"] == 53
    assert abs(100 - sum(shown) - group) > 1
    # A team with no share withheld shows them all.
    assert "<5" not in [medicin.share(code) for code in codes]

    export = owner_client.get(reverse("series:compare_csv", args=[series.pk]))
    rows = csv_rows(export.content)
    akut_shares = [row[4] for row in rows if row[0] == "Akut" and row[1] == ""]
    assert akut_shares.count("<5") == 2
    assert abs(100 - sum(int(v) for v in akut_shares if v != "<5") - group) > 1


def test_a_danish_series_comparison_opens_in_danish_excel(owner_client, series, teams):
    series.template.language = "da"
    series.template.save(update_fields=["language"])

    export = owner_client.get(reverse("series:compare_csv", args=[series.pk]))

    assert 'filename="sammenligning-hospital.csv"' in export["Content-Disposition"]
    assert export.content.startswith("\ufeff".encode())
    rows = csv_rows(export.content, DanishExcel)
    assert rows[0][:3] == ["Team", "Spørgsmål", "Niveau"]
    assert ["Akut", "1", "Individ", "6", ""] in rows
    assert all(len(row) == 5 for row in rows)


def test_the_comparison_reads_the_levels_the_teams_were_made_with(owner_client, series, teams):
    # The template moves to the six scopes after the teams were made.
    series.template.scheme = LevelScheme.objects.get(slug="charter-scopes")
    series.template.save(update_fields=["scheme"])

    data = comparison(series)
    assert [level["code"] for level in data["levels"]] == [
        "individual",
        "group",
        "leadership",
        "organisation",
        "context",
    ]
    assert data["teams"][0].cell(1, "individual") == 6


def publish_all(teams, owner):
    return [charter_publish(workshop=w, user=owner, notify=False) for w in teams]


def test_the_rollup_imports_by_reference_merges_and_counts_coverage(series, owner, teams):
    versions = publish_all(teams[:2], owner)
    assert rollup_import(series=series, versions=versions, user=owner) == 2
    assert rollup_import(series=series, versions=versions, user=owner) == 0
    series.refresh_from_db()
    charter = series.charter
    assert charter.kind == WorkshopKind.ORGANISATION and charter.phase == Phase.CHARTER
    assert not charter.is_open

    first, second = charter.principles.order_by("position")
    Principle.objects.filter(pk=first.pk).update(cells={"individual": "Ours"})
    Principle.objects.filter(pk=second.pk).update(
        cells={"individual": "Theirs", "leadership": "Their manager asks"}
    )
    kept = rollup_merge(series=series, principle_ids=[first.pk, second.pk])
    assert charter.principles.count() == 1
    assert {i.team_name for i in kept.imports.all()} == {"Akut", "Medicin"}
    # The kept cell stays; the other team's cell fills the empty one.
    kept.refresh_from_db()
    assert kept.cells == {"individual": "Ours", "leadership": "Their manager asks"}

    page = client_for(owner).get(reverse("series:rollup", args=[series.pk])).content.decode()
    assert "supported by 2 of 3 teams" in page


def test_the_organisation_charter_is_no_room_and_is_the_series_owners(
    series, owner, facilitator, teams
):
    versions = publish_all(teams[:1], owner)
    rollup_import(series=series, versions=versions, user=owner)
    series.refresh_from_db()
    charter = series.charter
    assert charter.assigned_facilitator == owner
    assert "organisation charter" in charter.charter.title and series.name in charter.charter.title
    assert charter.charter.title != teams[0].charter.title

    # The phase service refuses every phase but the charter's.
    for phase in (Phase.VOTING, Phase.CLUSTERING, Phase.DRAFT, "nonsense"):
        with pytest.raises(DomainError):
            workshop_set_phase(workshop=charter, phase=phase)
    owner_client = client_for(owner)
    response = owner_client.post(
        reverse("workshops:phase", args=[charter.pk]), {"phase": Phase.VOTING}, follow=True
    )
    assert "no phases" in response.content.decode()
    charter.refresh_from_db()
    assert charter.phase == Phase.CHARTER and not charter.is_open and not charter.holds_code

    # Its code joins nothing.
    join = Client().get(reverse("join:workshop", args=[charter.join_code]), follow=True)
    assert Participant.objects.filter(workshop=charter).count() == 0
    assert "closed" in join.content.decode()

    # Its page offers no room: no phases, board, projector or join code.
    page = owner_client.get(reverse("workshops:detail", args=[charter.pk])).content.decode()
    assert reverse("workshops:board", args=[charter.pk]) not in page
    assert reverse("workshops:presenter", args=[charter.pk]) not in page
    assert reverse("workshops:phase", args=[charter.pk]) not in page
    assert charter.join_code_display not in page
    assert reverse("series:rollup", args=[series.pk]) in page
    # Nor does its charter page: no board, no use cases, no follow-up of its own.
    charter_page = owner_client.get(reverse("principles:charter", args=[charter.pk])).content
    assert reverse("workshops:board", args=[charter.pk]) not in charter_page.decode()
    assert reverse("agreements:followup_start", args=[charter.pk]) not in charter_page.decode()
    with pytest.raises(DomainError):
        followup_start(workshop=charter, user=owner)

    # Another facilitator of the organisation: 404, like another team's workshop.
    other = client_for(facilitator)
    for name in ("workshops:detail", "principles:charter", "principles:list"):
        assert other.get(reverse(name, args=[charter.pk])).status_code == 404


def test_igloo_principles_fill_the_six_scopes_and_a_change_of_levels_keeps_them(
    owner_client, series, owner, teams
):
    cells = {
        "individual": "Time to learn",
        "leadership": "The manager asks first",
        "organisation": "Workflows are rewritten together",
        "context": "The law on data",
    }
    Principle.objects.filter(workshop=teams[0]).update(cells=cells)
    (version,) = publish_all(teams[:1], owner)
    scopes = LevelScheme.objects.get(slug="charter-scopes")

    page = owner_client.get(reverse("series:rollup", args=[series.pk])).content.decode()
    assert 'name="scheme"' in page  # chosen before the first import
    owner_client.post(
        reverse("series:rollup", args=[series.pk]),
        {"versions": [version.pk], "scheme": scopes.pk},
    )
    series.refresh_from_db()
    assert series.charter.scheme == scopes
    principle = series.charter.principles.get()
    # Each IGLOO cell in one column: Ledelse under Enhed, Organisation under
    # Afdeling; Koncern is the organisation's own, not a copy of a team cell.
    assert principle.cells == {
        "individual": "Time to learn",
        "unit": "The manager asks first",
        "department": "Workflows are rewritten together",
        "national": "The law on data",
    }
    with pytest.raises(DomainError):
        workshop_change_scheme(workshop=series.charter, scheme=scopes)

    # Back to IGLOO and forth again: no cell is lost on the way.
    igloo = LevelScheme.objects.get(slug="igloo")
    response = owner_client.post(reverse("series:scheme", args=[series.pk]), {"scheme": igloo.pk})
    assert response.status_code == 302
    principle.refresh_from_db()
    assert principle.cells == cells
    Principle.objects.filter(pk=principle.pk).update(cells={**cells, "organisation": "Workflows"})
    owner_client.post(reverse("series:scheme", args=[series.pk]), {"scheme": scopes.pk})
    principle.refresh_from_db()
    assert principle.cells["department"] == "Workflows" and "corporate" not in principle.cells
    # A six-scope cell of each of Afdeling and Koncern goes back to one Organisation cell.
    Principle.objects.filter(pk=principle.pk).update(
        cells={"department": "Ours", "corporate": "Everyone's"}
    )
    owner_client.post(reverse("series:scheme", args=[series.pk]), {"scheme": igloo.pk})
    principle.refresh_from_db()
    assert principle.cells == {"organisation": "Ours\nEveryone's"}


def test_a_refused_import_leaves_the_charters_levels_and_principles_as_they_were(
    owner_client, monkeypatch, series, owner, teams, workshop
):
    scopes = LevelScheme.objects.get(slug="charter-scopes")
    versions = publish_all(teams[:2], owner)
    # Before the first import: a refusal, even halfway (too many principles),
    # makes no charter on the chosen levels.
    monkeypatch.setattr("series.services.PRINCIPLES_MAX", 1)
    response = owner_client.post(
        reverse("series:rollup", args=[series.pk]),
        {"versions": [v.pk for v in versions], "scheme": scopes.pk},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "A charter has at most 1 principle. Merge some first."
    ]
    assert Series.objects.get(pk=series.pk).charter is None
    assert not Workshop.objects.filter(kind=WorkshopKind.ORGANISATION).exists()

    monkeypatch.undo()
    rollup_import(series=series, versions=versions[:1], user=owner)
    series.refresh_from_db()
    charter = series.charter
    before = list(charter.principles.values_list("pk", "cells", "edit_version"))
    fill(workshop, 1, "Not of this series")
    foreign = charter_publish(workshop=workshop, user=owner, notify=False)
    for refused in ([], [foreign], [versions[1], foreign]):
        with pytest.raises(DomainError):
            rollup_import(series=series, versions=refused, user=owner, scheme=scopes)
        charter.refresh_from_db()
        assert charter.scheme.slug == "igloo"
        assert list(charter.principles.values_list("pk", "cells", "edit_version")) == before

    assert rollup_import(series=series, versions=versions[1:], user=owner, scheme=scopes) == 1
    charter.refresh_from_db()
    assert charter.scheme == scopes and charter.principles.count() == 2


def test_counts_under_5_never_appear_in_the_organisation_pdf(series, owner, teams):
    versions = publish_all(teams, owner)
    rollup_import(series=series, versions=versions, user=owner)
    series.refresh_from_db()
    version = rollup_publish(series=series, user=owner)
    html = render_charter_html(version)

    assert "Contributing teams" in html and "Kirurgi" in html
    assert "Akut, version 1: Keep people in the loop" in html and " v1" not in html
    assert "Tiny team secret 0" not in html  # no card of a small team
    assert "Keep people in the loop 0" not in html  # nor of any team: cards stay in the team
    response = client_for(owner).get(reverse("charters:pdf", args=[version.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_drill_down_shows_cards_only_of_teams_of_5_or_more(owner_client, series, owner, teams):
    versions = publish_all(teams, owner)
    rollup_import(series=series, versions=versions, user=owner)
    series.refresh_from_db()
    for principle in series.charter.principles.all():
        page = owner_client.get(
            reverse("series:provenance", args=[series.pk, principle.pk])
        ).content.decode()
        if principle.title == "Tiny team secret":
            assert "Tiny team secret 0" not in page and "fewer than 5" in page
        else:
            assert f"{principle.title} 0" in page


def test_provenance_survives_a_republish_and_the_change_mark_appears_and_clears(
    owner_client, series, owner, teams
):
    (version,) = publish_all(teams[:1], owner)
    rollup_import(series=series, versions=[version], user=owner)
    series.refresh_from_db()
    principle = series.charter.principles.get()
    rollup_url = reverse("series:rollup", args=[series.pk])
    url = reverse("series:provenance", args=[series.pk, principle.pk])
    assert "a source has changed" not in owner_client.get(rollup_url).content.decode()

    # The team republishes with this principle as it was: nothing to mark.
    Principle.objects.filter(workshop=teams[0]).update(position=7)
    charter_publish(workshop=teams[0], user=owner, notify=False)
    assert "a source has changed" not in owner_client.get(rollup_url).content.decode()

    # The team rewords and republishes.
    Principle.objects.filter(workshop=teams[0]).update(title="Reworded by the team")
    charter_publish(workshop=teams[0], user=owner, notify=False)

    assert "a source has changed" in owner_client.get(rollup_url).content.decode()
    page = owner_client.get(url).content.decode()
    # Still the principle as the team published it in version 1, and the new wording.
    assert "Keep people in the loop" in page and "version 1" in page and "now version 3" in page
    assert "Now, in version 3:" in page and "Reworded by the team" in page
    assert ImportedPrinciple.objects.get().version == version

    assert (
        owner_client.post(reverse("series:seen", args=[series.pk, principle.pk])).status_code == 302
    )
    assert "a source has changed" not in owner_client.get(rollup_url).content.decode()
    page = owner_client.get(url).content.decode()
    assert "Keep people in the loop" in page and "Reworded by the team" not in page

    # Republished once more without a change since it was seen: still no mark.
    charter_publish(workshop=teams[0], user=owner, notify=False)
    assert "a source has changed" not in owner_client.get(rollup_url).content.decode()

    # The team drops the principle: marked, and said so.
    dropped = Principle.objects.get(workshop=teams[0])
    Principle.objects.create(workshop=teams[0], title="Something else", position=1)
    dropped.delete()
    charter_publish(workshop=teams[0], user=owner, notify=False)
    assert "a source has changed" in owner_client.get(rollup_url).content.decode()
    assert "Version 5 no longer has this principle." in owner_client.get(url).content.decode()


def test_bad_input_gets_a_message_not_an_error(owner_client, series, owner, teams):
    merge = owner_client.post(
        reverse("series:merge", args=[series.pk]), {"principles": ["x"]}, follow=True
    )
    assert merge.status_code == 200 and merge.context["messages"]
    imp = owner_client.post(
        reverse("series:rollup", args=[series.pk]), {"versions": ["999999"]}, follow=True
    )
    assert imp.status_code == 200 and list(imp.context["messages"])
    pub = owner_client.post(reverse("series:publish", args=[series.pk]), follow=True)
    assert pub.status_code == 200 and list(pub.context["messages"])
    assert Series.objects.get(pk=series.pk).charter is None


def test_the_demo_series_is_made_once_and_rolled_up(db, capsys):
    from django.core.management import call_command

    call_command("demo_workshop")
    call_command("demo_series")
    call_command("demo_series")

    series = Series.objects.get()
    assert series.members.count() == 3
    assert series.charter.versions.count() == 1
    page = client_for(series.owner).get(reverse("series:rollup", args=[series.pk]))
    assert "supported by 2 of 3 teams" in page.content.decode()
    assert "Found the demo series" in capsys.readouterr().out
    assert series.charter.scheme.slug == "charter-scopes"
    # One team has its own facilitator, and the larger teams a review date.
    detail = client_for(series.owner).get(reverse("series:detail", args=[series.pk]))
    html = detail.content.decode()
    assert "Demo Teamfacilitator" in html
    assert sum(1 for m in detail.context["members"] if m.next_review) == 2
