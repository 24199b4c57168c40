"""The report's material as data: inspiration cards, level schemes and their IGLOO mapping."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from igloo.cards_data import CARDS
from igloo.data import SCHEMES
from igloo.models import AIKind, IglooLevel, InspirationCard, Level, LevelScheme, Polarity
from tests.conftest import client_for, make_workshop
from workshops.models import Entry, Participant, Phase, Workshop

CHARTER_TO_IGLOO = {
    "individual": "individual",
    "group": "group",
    "unit": "leadership",
    "department": "organisation",
    "corporate": "organisation",
    "national": "context",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


# Inspiration cards ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_data_migration_loaded_every_card():
    assert len({card["key"] for card in CARDS}) == len(CARDS)
    assert set(InspirationCard.objects.values_list("key", flat=True)) == {
        card["key"] for card in CARDS
    }


@pytest.mark.django_db
@pytest.mark.parametrize("level", IglooLevel.values)
@pytest.mark.parametrize("kind", [AIKind.ML, AIKind.GENAI])
def test_every_igloo_level_has_opportunities_and_risks_for_ml_and_genai(level, kind):
    cards = InspirationCard.objects.filter(igloo=level, ai_kind=kind)

    assert set(cards.values_list("polarity", flat=True)) == set(Polarity.values)
    assert set(cards.values_list("chapter", flat=True)) == {"2"}


@pytest.mark.django_db
def test_every_card_is_written_in_danish_and_in_english():
    for card in InspirationCard.objects.all():
        for field in ("title_da", "title_en", "body_da", "body_en"):
            assert getattr(card, field).strip(), (card.key, field)
        assert card.body_da != card.body_en, card.key
        assert card.igloo in IglooLevel.values
        assert card.questions and set(card.questions) <= {1, 2, 3, 4, 5}, card.key


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [AIKind.AGENTS, AIKind.ROBOTS])
def test_agents_and_robots_cards_come_from_chapter_3(kind):
    cards = InspirationCard.objects.filter(ai_kind=kind)

    assert cards.exists()
    assert set(cards.values_list("chapter", flat=True)) == {"3"}


@pytest.mark.django_db
def test_the_card_list_shows_every_card_by_level():
    page = text(client_for().get(reverse("igloo:cards")))

    for card in InspirationCard.objects.all():
        assert f"<strong>{card.title_en}</strong>" in page
        assert card.body_en in page
    headings = [
        "<h2>Individual</h2>",
        "<h2>Group</h2>",
        "<h2>Leadership</h2>",
        "<h2>Organisation</h2>",
        "<h2>Surrounding context</h2>",
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    # A card sits under its own level's heading.
    robots = InspirationCard.objects.filter(ai_kind="robots", igloo="group").first()
    at = page.index(f"<strong>{robots.title_en}</strong>")
    assert positions[1] < at < positions[2]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [AIKind.ML, AIKind.GENAI, AIKind.AGENTS, AIKind.ROBOTS])
def test_the_card_list_filters_by_kind_of_ai(kind):
    page = text(client_for().get(reverse("igloo:cards"), {"kind": kind}))

    for card in InspirationCard.objects.all():
        assert (f"<strong>{card.title_en}</strong>" in page) == (card.ai_kind == kind), card.key
    assert f'<a href="?kind={kind}" aria-current="page">' in page


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["", "bogus", "ML", "robots'"])
def test_an_unknown_kind_lists_every_card(kind):
    page = text(client_for().get(reverse("igloo:cards"), {"kind": kind}))

    assert page.count('<li class="inspiration-card') == InspirationCard.objects.count()


@pytest.mark.django_db
def test_the_card_list_speaks_danish():
    client = Client()
    client.cookies["django_language"] = "da"

    page = text(client.get(reverse("igloo:cards"), {"kind": "ml"}))

    for card in InspirationCard.objects.filter(ai_kind="ml"):
        assert f"<strong>{card.title_da}</strong>" in page
        assert f"<strong>{card.title_en}</strong>" not in page
    assert "<h2>Omkringliggende kontekst</h2>" in page


# Level schemes ----------------------------------------------------------------------


def codes(scheme: str) -> list[str]:
    return list(Level.objects.filter(scheme__slug=scheme).values_list("code", flat=True))


@pytest.mark.django_db
def test_the_igloo_scheme_has_five_levels_each_its_own_igloo_level():
    levels = Level.objects.filter(scheme__slug="igloo")

    assert [(lvl.code, lvl.igloo) for lvl in levels] == [(v, v) for v in IglooLevel.values]
    assert [lvl.name_da for lvl in levels] == [
        "Individ",
        "Gruppe",
        "Ledelse",
        "Organisation",
        "Omkringliggende kontekst",
    ]
    assert all(lvl.description_da and lvl.description_en for lvl in levels)


@pytest.mark.django_db
def test_the_charter_scopes_are_six_levels_mapped_onto_igloo():
    levels = Level.objects.filter(scheme__slug="charter-scopes")

    assert {lvl.code: lvl.igloo for lvl in levels} == CHARTER_TO_IGLOO
    assert codes("charter-scopes") == list(CHARTER_TO_IGLOO)
    assert [lvl.name_da for lvl in levels] == [
        "Individ",
        "Gruppe",
        "Enhed",
        "Afdeling",
        "Koncern",
        "Nationalt",
    ]
    assert [lvl.name_en for lvl in levels] == [
        "Individual",
        "Group",
        "Unit",
        "Department",
        "Corporate group",
        "National",
    ]


@pytest.mark.django_db
def test_the_schemes_are_data_and_each_covers_all_five_igloo_levels():
    assert list(LevelScheme.objects.values_list("slug", flat=True)) == [
        scheme["slug"] for scheme in SCHEMES
    ]
    for scheme in LevelScheme.objects.all():
        assert set(scheme.levels.values_list("igloo", flat=True)) == set(IglooLevel.values)
    assert LevelScheme.objects.get(slug="igloo").name_en == "The IGLOO model"


# Changing a workshop's scheme --------------------------------------------------------


def edit(client: Client, workshop: Workshop, scheme: str):
    return client.post(
        reverse("workshops:edit", args=[workshop.pk]),
        {
            "title": workshop.title,
            "date": "2026-11-21",
            "language": workshop.language,
            "scheme": LevelScheme.objects.get(slug=scheme).pk,
            "ai_focus": workshop.ai_focus,
            "teams": "\n".join(workshop.teams.values_list("name", flat=True)),
        },
    )


def tagged(participant: Participant, words: str, levels=(), placed=None) -> Entry:
    entry = Entry.objects.create(
        workshop_id=participant.workshop_id,
        participant=participant,
        question=1,
        text=words,
        placed=placed is not None,
    )
    scheme = Level.objects.filter(scheme_id=participant.workshop.scheme_id)
    entry.suggested_levels.set(scheme.filter(code__in=levels))
    entry.placed_levels.set(scheme.filter(code__in=placed or []))
    return entry


def tags(entry: Entry) -> tuple:
    entry.refresh_from_db()
    return (
        sorted(entry.suggested_levels.values_list("scheme__slug", "code")),
        entry.placed,
        sorted(entry.placed_levels.values_list("scheme__slug", "code")),
    )


@pytest.fixture
def draft(organisation, owner) -> Workshop:
    return make_workshop(organisation, owner, phase=Phase.DRAFT, teams=["Akut"])


def test_before_collection_the_scheme_changes_and_tags_follow_the_igloo_mapping(
    owner, organisation, draft
):
    person = Participant.objects.create(workshop=draft)
    both = tagged(person, "Begge", ["individual", "leadership"], placed=["organisation", "context"])
    suggested = tagged(person, "Forslag", ["group", "organisation", "context"])
    nowhere = tagged(person, "Ingen steder", placed=[])
    untouched = make_workshop(organisation, owner, phase=Phase.DRAFT, title="Anden")
    theirs = tagged(Participant.objects.create(workshop=untouched), "Deres", ["leadership"])
    owner_client = client_for(owner)

    response = edit(owner_client, draft, "charter-scopes")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.scheme.slug == "charter-scopes"
    scopes = "charter-scopes"
    assert tags(both) == (
        [(scopes, "individual"), (scopes, "unit")],
        True,
        [(scopes, "department"), (scopes, "national")],
    )
    assert tags(suggested) == (
        [(scopes, "department"), (scopes, "group"), (scopes, "national")],
        False,
        [],
    )
    assert tags(nowhere) == ([], True, [])
    assert tags(theirs) == ([("igloo", "leadership")], False, [])
    board = text(owner_client.get(reverse("workshops:board", args=[draft.pk])))
    assert f'id="card-{both.pk}-department"' in board
    assert f'id="card-{both.pk}-national"' in board
    assert f'id="card-{suggested.pk}-department"' in board
    assert f'id="card-{suggested.pk}-unit"' not in board


def test_back_to_igloo_several_scopes_fold_into_one_level(owner, organisation):
    workshop = make_workshop(organisation, owner, phase=Phase.DRAFT, scheme="charter-scopes")
    person = Participant.objects.create(workshop=workshop)
    entry = tagged(
        person,
        "Mange niveauer",
        ["unit", "department", "corporate", "national"],
        placed=["corporate", "department"],
    )

    response = edit(client_for(owner), workshop, "igloo")

    assert response.status_code == 302
    assert tags(entry) == (
        [("igloo", "context"), ("igloo", "leadership"), ("igloo", "organisation")],
        True,
        [("igloo", "organisation")],
    )


@pytest.mark.parametrize("phase", [Phase.COLLECTING, Phase.CLUSTERING, Phase.DRAFT])
def test_after_collection_started_the_scheme_is_refused_with_a_message(
    owner, workshop, participant, phase
):
    # The fixture's workshop has started collecting; DRAFT is going back to it.
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.refresh_from_db()
    entry = tagged(participant, "Låst", ["organisation"], placed=["context"])
    before = tags(entry)

    response = edit(client_for(owner), workshop, "charter-scopes")

    assert response.status_code == 200
    assert "The level scheme can only be changed before collection starts." in text(response)
    workshop.refresh_from_db()
    assert workshop.scheme.slug == "igloo"
    assert tags(entry) == before == ([("igloo", "organisation")], True, [("igloo", "context")])
