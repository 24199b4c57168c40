"""Workshops: creating and editing them, join codes, phases, the presenter and dashboard."""

from __future__ import annotations

import datetime
import html
import re
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from igloo.models import LevelScheme
from tests.conftest import client_for, make_user, make_workshop
from workshops.models import (
    JOIN_CODE_ALPHABET,
    Entry,
    Membership,
    Participant,
    Phase,
    Role,
    Team,
    Workshop,
    new_join_code,
)

CODE = re.compile(rf"^[{JOIN_CODE_ALPHABET}]{{6}}$")


def text(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def scheme(slug: str) -> LevelScheme:
    return LevelScheme.objects.get(slug=slug)


def form_data(workshop: Workshop | None = None, **overrides) -> dict:
    data = {
        "title": workshop.title if workshop else "AI i akutmodtagelsen",
        "date": (workshop.date if workshop else datetime.date(2026, 12, 3)).isoformat(),
        "language": workshop.language if workshop else "da",
        "scheme": workshop.scheme_id if workshop else scheme("charter-scopes").pk,
        "ai_focus": workshop.ai_focus if workshop else "both",
        "teams": "\n".join(workshop.teams.values_list("name", flat=True))
        if workshop
        else "Akut\n  \nMedicin \nAkut\n",
    }
    data.update(overrides)
    return data


def team_names(workshop: Workshop) -> list[str]:
    return list(workshop.teams.values_list("name", flat=True))


# Creating and editing --------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "facilitator"])
def test_owner_or_facilitator_creates_a_workshop(request, organisation, role):
    user = request.getfixturevalue(role)
    response = client_for(user).post(
        reverse("workshops:new"), form_data(organisation=organisation.pk), follow=True
    )

    workshop = Workshop.objects.get()
    assert response.redirect_chain == [(reverse("workshops:detail", args=[workshop.pk]), 302)]
    assert "The workshop is created." in messages_of(response)
    assert workshop.organisation == organisation
    assert workshop.created_by == user
    assert workshop.title == "AI i akutmodtagelsen"
    assert workshop.date == datetime.date(2026, 12, 3)
    assert workshop.language == "da"
    assert workshop.scheme.slug == "charter-scopes"
    assert workshop.ai_focus == "both"
    assert workshop.phase == Phase.DRAFT
    # Blank lines and repeats are dropped, names trimmed, order kept.
    assert team_names(workshop) == ["Akut", "Medicin"]
    assert list(workshop.teams.values_list("position", flat=True)) == [0, 1]
    assert CODE.match(workshop.join_code)
    assert "AI i akutmodtagelsen" in text(response)


def test_workshop_form_refuses_nul_and_too_many_teams(owner, organisation):
    client = client_for(owner)
    nul = client.post(
        reverse("workshops:new"), form_data(organisation=organisation.pk, title="AI\x00")
    )
    teams = client.post(
        reverse("workshops:new"),
        form_data(organisation=organisation.pk, teams="\n".join(f"Hold {n}" for n in range(31))),
    )

    assert nul.status_code == 200
    assert "The text contains characters that can't be stored." in text(nul)
    assert teams.status_code == 200
    assert "At most 30 teams." in text(teams)
    assert not Workshop.objects.exists()


def test_team_names_refuse_control_characters(owner, organisation):
    response = client_for(owner).post(
        reverse("workshops:new"),
        form_data(organisation=organisation.pk, teams="Akut\x07\nMed\x1bicin"),
    )

    assert response.status_code == 200
    assert "The text contains characters that can't be stored." in text(response)
    assert not Team.objects.exists()


def test_manager_can_not_create_workshops(manager, organisation):
    client = client_for(manager)

    assert client.get(reverse("workshops:new")).status_code == 403
    response = client.post(reverse("workshops:new"), form_data(organisation=organisation.pk))
    assert response.status_code == 403
    assert not Workshop.objects.exists()


def test_workshop_can_only_be_created_in_an_organisation_one_runs(
    outsider, organisation, other_organisation
):
    # The outsider owns another organisation: the form works for that one only.
    response = client_for(outsider).post(
        reverse("workshops:new"), form_data(organisation=organisation.pk)
    )

    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not Workshop.objects.exists()


def test_edit_saves_fields_and_reorders_renames_and_adds_teams(owner, workshop):
    response = client_for(owner).post(
        reverse("workshops:edit", args=[workshop.pk]),
        form_data(
            workshop, title="Nyt navn", language="da", ai_focus="ml", teams="Medicin\nAkut\nKirurgi"
        ),
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.title, workshop.language, workshop.ai_focus) == ("Nyt navn", "da", "ml")
    assert team_names(workshop) == ["Medicin", "Akut", "Kirurgi"]


def test_level_scheme_can_change_in_draft(owner, organisation):
    workshop = make_workshop(organisation, owner, phase=Phase.DRAFT)

    response = client_for(owner).post(
        reverse("workshops:edit", args=[workshop.pk]),
        form_data(workshop, scheme=scheme("charter-scopes").pk),
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.scheme.slug == "charter-scopes"


@pytest.mark.parametrize("phase", [Phase.COLLECTING, Phase.CLUSTERING])
def test_level_scheme_can_not_change_once_collection_started(owner, organisation, phase):
    workshop = make_workshop(organisation, owner, phase=phase, title="Før")

    response = client_for(owner).post(
        reverse("workshops:edit", args=[workshop.pk]),
        form_data(workshop, title="Efter", scheme=scheme("charter-scopes").pk),
    )

    assert response.status_code == 200
    assert "The level scheme can only be changed before collection starts." in text(response)
    workshop.refresh_from_db()
    assert workshop.scheme.slug == "igloo"
    assert workshop.title == "Før"


def test_level_scheme_can_not_change_after_collection_even_back_in_draft(
    owner, workshop, participant
):
    # Found by this suite (the scheme changed under existing entries); fixed in 3c5072b.
    entry = Entry.objects.create(
        workshop=workshop, participant=participant, question=1, text="Mindre dobbeltarbejde", rev=1
    )
    entry.suggested_levels.set(workshop.scheme.levels.filter(code="individual"))
    client = client_for(owner)
    client.post(reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.DRAFT})

    response = client.post(
        reverse("workshops:edit", args=[workshop.pk]),
        form_data(workshop, scheme=scheme("charter-scopes").pk),
    )

    assert "The level scheme can only be changed before collection starts." in text(response)
    workshop.refresh_from_db()
    assert workshop.phase == Phase.DRAFT
    assert workshop.scheme.slug == "igloo"
    assert {level.scheme_id for level in entry.suggested_levels.all()} == {workshop.scheme_id}


def test_teams_with_participants_can_not_be_removed(owner, workshop, participant):
    assert participant.team.name == "Akut"

    response = client_for(owner).post(
        reverse("workshops:edit", args=[workshop.pk]), form_data(workshop, teams="Medicin\nNyt")
    )

    assert response.status_code == 200
    assert "This team already has participants and can't be removed: Akut" in text(response)
    assert team_names(workshop) == ["Akut", "Medicin"]
    participant.refresh_from_db()
    assert participant.team.name == "Akut"


def test_teams_without_participants_can_be_removed(owner, workshop, participant):
    response = client_for(owner).post(
        reverse("workshops:edit", args=[workshop.pk]), form_data(workshop, teams="Akut")
    )

    assert response.status_code == 302
    assert team_names(workshop) == ["Akut"]
    assert Team.objects.filter(workshop=workshop).count() == 1


# Join codes -------------------------------------------------------------------------


def test_join_codes_are_six_characters_of_the_readable_alphabet(owner, organisation):
    codes = [new_join_code() for _ in range(2000)]
    workshops = [make_workshop(organisation, owner) for _ in range(5)]

    assert all(CODE.match(code) for code in codes)
    assert set("".join(codes)) == set(JOIN_CODE_ALPHABET)
    assert not set("".join(codes)) & set("01ILO")
    assert all(CODE.match(w.join_code) for w in workshops)
    assert len({w.join_code for w in workshops}) == 5


def test_two_open_workshops_can_not_share_a_code(owner, organisation, workshop):
    draft = make_workshop(organisation, owner, phase=Phase.DRAFT)

    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=draft.pk).update(join_code=workshop.join_code)

    draft.refresh_from_db()
    assert draft.join_code != workshop.join_code


def test_a_closed_workshop_may_share_its_code_with_an_open_one(owner, organisation, workshop):
    closed = make_workshop(organisation, owner, phase=Phase.CHARTER)
    another_closed = make_workshop(organisation, owner, phase=Phase.CHARTER)

    Workshop.objects.filter(pk__in=[closed.pk, another_closed.pk]).update(
        join_code=workshop.join_code
    )

    assert Workshop.objects.filter(join_code=workshop.join_code).count() == 3


def test_creating_draws_a_new_code_when_the_first_one_is_taken(monkeypatch, owner, organisation):
    codes = iter(["WN7G5U", "WN7G5U", "K7P4QX"])
    monkeypatch.setattr("workshops.services.new_join_code", lambda: next(codes))

    first = make_workshop(organisation, owner)
    second = make_workshop(organisation, owner)

    assert (first.join_code, second.join_code) == ("WN7G5U", "K7P4QX")


def test_creating_gives_up_with_a_message_when_no_code_is_free(
    monkeypatch, owner, organisation, workshop
):
    monkeypatch.setattr("workshops.services.new_join_code", lambda: workshop.join_code)

    response = client_for(owner).post(
        reverse("workshops:new"), form_data(organisation=organisation.pk)
    )

    assert response.status_code == 200
    assert "Could not find a free join code. Please try again." in text(response)
    assert Workshop.objects.count() == 1
    assert not Team.objects.exclude(workshop=workshop).exists()


def test_reopening_a_closed_workshop_whose_code_is_taken_gives_it_a_new_code(owner, organisation):
    old = make_workshop(organisation, owner, phase=Phase.CHARTER, title="Gammel")
    make_workshop(organisation, owner, title="Ny")
    Workshop.objects.filter(title="Ny").update(join_code=old.join_code)
    old_code = old.join_code

    response = client_for(owner).post(
        reverse("workshops:phase", args=[old.pk]), {"phase": Phase.VOTING}, follow=True
    )

    old.refresh_from_db()
    assert old.phase == Phase.VOTING
    assert old.join_code != old_code
    assert CODE.match(old.join_code)
    assert Workshop.objects.get(title="Ny").join_code == old_code
    page = text(response)
    assert f"so this one has a new code: {old.join_code[:3]} {old.join_code[3:]}." in page


def test_reopening_keeps_a_code_that_is_still_free(owner, organisation):
    old = make_workshop(organisation, owner, phase=Phase.CHARTER)
    code = old.join_code

    response = client_for(owner).post(
        reverse("workshops:phase", args=[old.pk]), {"phase": Phase.VOTING}, follow=True
    )

    old.refresh_from_db()
    assert (old.phase, old.join_code) == (Phase.VOTING, code)
    assert "new code" not in text(response)


def test_a_workshop_moves_one_phase_at_a_time(owner, organisation):
    workshop = make_workshop(organisation, owner, phase=Phase.DRAFT)
    client = client_for(owner)

    skipped = client.post(
        reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.VOTING}, follow=True
    )

    workshop.refresh_from_db()
    assert workshop.phase == Phase.DRAFT
    assert "A workshop moves one phase at a time, forward or back." in text(skipped)
    assert workshop.can_move_to(Phase.COLLECTING) and not workshop.can_move_to(Phase.DRAFT)


# Phases -----------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.CLUSTERING])
def test_phase_changes_by_post(owner, workshop, phase):
    response = client_for(owner).post(
        reverse("workshops:phase", args=[workshop.pk]), {"phase": phase}, follow=True
    )

    workshop.refresh_from_db()
    assert workshop.phase == phase
    assert response.redirect_chain == [(reverse("workshops:detail", args=[workshop.pk]), 302)]
    assert f"The workshop is now: {workshop.get_phase_display()}." in messages_of(response)


def test_phase_refuses_get(owner, workshop):
    response = client_for(owner).get(
        reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.CLUSTERING}
    )

    assert response.status_code == 405
    workshop.refresh_from_db()
    assert workshop.phase == Phase.COLLECTING


@pytest.mark.parametrize("phase", ["published", "", "CLOSED"])
def test_unknown_phase_is_refused_with_a_message(owner, workshop, phase):
    response = client_for(owner).post(
        reverse("workshops:phase", args=[workshop.pk]), {"phase": phase}, follow=True
    )

    assert "Unknown phase." in messages_of(response)
    workshop.refresh_from_db()
    assert workshop.phase == Phase.COLLECTING


# Presenter --------------------------------------------------------------------------


def add_participants(workshop: Workshop, joined: int, submitted: int) -> None:
    for n in range(joined):
        Participant.objects.create(
            workshop=workshop, submitted_at=timezone.now() if n < submitted else None
        )


def count_of(page: str, label: str) -> int:
    match = re.search(rf'<span class="big">(\d+)</span>\s*{label}', page)
    assert match is not None, f"no count for {label}"
    return int(match.group(1))


def test_presenter_shows_code_join_url_and_inline_qr(owner, workshop):
    response = client_for(owner).get(reverse("workshops:presenter", args=[workshop.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert workshop.join_code_display in page
    assert f"http://testserver/j/{workshop.join_code}/" in page
    assert re.search(r'<div class="presenter-qr"><svg\b', page)
    assert "</svg>" in page
    assert "<?xml" not in page
    assert "<img" not in page


def test_presenter_uses_the_public_base_url(settings, owner, workshop):
    settings.PUBLIC_BASE_URL = "https://igloo.example.dk/"

    response = client_for(owner).get(reverse("workshops:presenter", args=[workshop.pk]))

    assert f"https://igloo.example.dk/j/{workshop.join_code}/" in response.content.decode()


def test_presenter_counts_and_the_htmx_fragment(owner, workshop, other_workshop):
    add_participants(workshop, joined=3, submitted=1)
    add_participants(other_workshop, joined=4, submitted=4)
    client = client_for(owner)
    url = reverse("workshops:presenter", args=[workshop.pk])

    full = client.get(url).content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert (count_of(full, "joined"), count_of(full, "submitted")) == (3, 1)
    assert (count_of(fragment, "joined"), count_of(fragment, "submitted")) == (3, 1)
    assert fragment.lstrip().startswith('<div id="wall"')
    assert "<html" not in fragment

    Participant.objects.filter(workshop=workshop).update(submitted_at=timezone.now())
    Participant.objects.create(workshop=workshop)
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert (count_of(fragment, "joined"), count_of(fragment, "submitted")) == (4, 3)


# Dashboard --------------------------------------------------------------------------


def test_dashboard_lists_only_the_users_organisations_workshops(
    owner, facilitator, outsider, organisation, other_organisation
):
    ours = make_workshop(organisation, owner, title="Vores workshop")
    theirs = make_workshop(other_organisation, outsider, title="Deres workshop")

    for user, shown, hidden in [
        (owner, ours, theirs),
        (facilitator, ours, theirs),
        (outsider, theirs, ours),
    ]:
        page = client_for(user).get(reverse("workshops:dashboard")).content.decode()
        assert shown.title in page
        assert reverse("workshops:detail", args=[shown.pk]) in page
        assert hidden.title not in page
        assert reverse("workshops:detail", args=[hidden.pk]) not in page


def test_dashboard_of_a_member_of_two_organisations(
    owner, organisation, other_organisation, outsider
):
    ours = make_workshop(organisation, owner, title="Vores workshop")
    theirs = make_workshop(other_organisation, outsider, title="Deres workshop")
    both = make_user("both@example.dk", organisation, Role.FACILITATOR)
    Membership.objects.create(user=both, organisation=other_organisation, role=Role.MANAGER)

    page = text(client_for(both).get(reverse("workshops:dashboard")))

    assert ours.title in page
    # A manager does not run workshops, so the other organisation's are not listed.
    assert theirs.title not in page
    assert "Andet Firma" in page


def test_dashboard_of_a_manager_lists_no_workshops(manager, workshop):
    page = text(client_for(manager).get(reverse("workshops:dashboard")))

    assert reverse("workshops:detail", args=[workshop.pk]) not in page
    assert reverse("workshops:new") not in page
    assert "No charter of your organisation has been published yet." in page


def test_dashboard_counts_joined_and_submitted(owner, workshop):
    add_participants(workshop, joined=5, submitted=2)
    Entry.objects.bulk_create(
        Entry(workshop=workshop, participant=p, question=1, text="x", client_id=uuid.uuid4())
        for p in workshop.participants.all()
    )

    page = client_for(owner).get(reverse("workshops:dashboard")).content.decode()

    assert re.search(r'<td class="num">5</td><td class="num">2</td>', page)


# Dates in both languages -------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_date_inputs_hold_iso_dates_in_every_language(
    owner, workshop, language, settings, time_machine
):
    """<input type=date> reads only 2026-11-29; a Danish "29.11.2026" showed an
    empty field, and the form then said the date was missing."""
    time_machine.move_to(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC))
    workshop.date = datetime.date(2026, 12, 3)
    workshop.save(update_fields=["date"])
    client = client_for(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    new = text(client.get(reverse("workshops:new")))
    edit = text(client.get(reverse("workshops:edit", args=[workshop.pk])))
    charter = text(client.get(reverse("principles:charter", args=[workshop.pk])))

    assert f'<html lang="{language}">' in new
    assert re.search(r'<input type="date" name="date" value="2026-11-29"', new)
    assert re.search(r'<input type="date" name="date" value="2026-12-03"', edit)
    assert re.search(r'<input type="date" name="date" value="\d{4}-\d\d-\d\d"', charter)
    for page in (new, edit, charter):
        assert not re.search(r'type="date"[^>]*value="\d\d\.\d\d\.\d{4}"', page)


def test_a_danish_facilitator_creates_a_workshop_with_the_date_as_the_form_shows_it(
    owner, organisation, settings
):
    client = client_for(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    shown = re.search(
        r'type="date" name="date" value="([^"]+)"', text(client.get(reverse("workshops:new")))
    ).group(1)

    response = client.post(
        reverse("workshops:new"), form_data(organisation=organisation.pk, date=shown)
    )

    assert response.status_code == 302
    assert Workshop.objects.get(title="AI i akutmodtagelsen").date.isoformat() == shown


# The overview follows the phase ----------------------------------------------------------


def test_the_overview_title_is_text(owner, workshop):
    page = text(client_for(owner).get(reverse("workshops:detail", args=[workshop.pk])))

    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title
    assert title.strip() == workshop.title
    assert page.count("<h2>Data</h2>") == 1


@pytest.mark.parametrize(
    ("phase", "links"),
    [
        (Phase.COLLECTING, False),
        (Phase.CLUSTERING, False),
        (Phase.VOTING, True),
        (Phase.CHARTER, True),
    ],
)
def test_the_overview_links_to_principles_and_charter_from_voting_on(
    owner, organisation, phase, links
):
    workshop = make_workshop(organisation, owner, phase=phase)
    page = text(client_for(owner).get(reverse("workshops:detail", args=[workshop.pk])))
    main = page[page.index('<main id="main"') :]
    # The workshop nav is not on the overview; only the next-step card links there.
    assert (reverse("principles:list", args=[workshop.pk]) in main) is links
    assert (reverse("principles:charter", args=[workshop.pk]) in main) is links


def test_a_released_code_is_shown_as_released_not_large(owner, organisation):
    open_one = make_workshop(organisation, owner, phase=Phase.VOTING, title="Åben")
    finished = make_workshop(organisation, owner, phase=Phase.CHARTER, title="Færdig")
    client = client_for(owner)

    open_page = text(client.get(reverse("workshops:detail", args=[open_one.pk])))
    finished_page = text(client.get(reverse("workshops:detail", args=[finished.pk])))

    assert f'<p class="join-code" aria-label="Join code">{open_one.join_code_display}</p>' in (
        open_page
    )
    assert 'class="join-code"' not in finished_page
    assert f"The code {finished.join_code_display} is released" in finished_page
    assert reverse("join:workshop", args=[finished.join_code]) not in finished_page
