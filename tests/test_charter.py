"""The charter: editing the draft, publishing frozen numbered versions, what
changed between two versions, managers reading, share links, and nothing of it
for another organisation."""

from __future__ import annotations

import copy
import html
import re

import pytest
from django.urls import reverse

from principles.models import Charter, CharterVersion, Principle, PrincipleSource, ShareLink, Vote
from principles.services import charter_for, default_preamble, principle_merge
from tests.conftest import PASSWORD, client_for, make_user, make_workshop
from tests.test_principles import add_entry, add_principle, messages_of, text
from workshops.models import Entry, Participant, Phase, Role, Workshop

PREAMBLE_EN = "When we implement and use generative AI, we want to secure productivity"
PREAMBLE_DA = "Når vi implementerer og anvender generativ AI, vil vi sikre produktivitet"


def publish(client, workshop: Workshop):
    return client.post(reverse("principles:publish", args=[workshop.pk]))


def charter_url(workshop: Workshop, name: str = "charter", *extra) -> str:
    return reverse(f"principles:{name}", args=[workshop.pk, *extra])


def version_page(version: CharterVersion) -> str:
    return reverse("charters:version", args=[version.pk])


def snapshot(workshop: Workshop) -> tuple:
    """Everything a manager or an outsider must not be able to change."""
    charter = Charter.objects.filter(workshop=workshop).values_list(
        "title", "date", "preamble", "include_appendix"
    )
    return (
        list(Principle.objects.filter(workshop=workshop).values_list("pk", "title", "position")),
        list(PrincipleSource.objects.order_by("pk").values_list("principle", "entry")),
        list(CharterVersion.objects.order_by("pk").values_list("pk", "number", "content")),
        list(charter),
        list(ShareLink.objects.order_by("pk").values_list("pk", "token", "revoked_at")),
        list(Entry.objects.order_by("pk").values_list("pk", "text", "hidden")),
        Workshop.objects.get(pk=workshop.pk).dots_per_participant,
    )


@pytest.fixture
def cards(workshop, participant):
    second = Participant.objects.create(workshop=workshop)
    return [
        add_entry(participant, "Tid til patienterne", question=1, levels=["individual"]),
        add_entry(second, "Vi lærer af hinanden", question=3, levels=["group"]),
        add_entry(participant, "Ledelsen går forrest", question=4, levels=["leadership"]),
        add_entry(second, "Ingen overvågning", question=5, levels=["organisation"]),
        add_entry(participant, "Et kort uden princip", question=2),
    ]


@pytest.fixture
def principles(workshop, cards):
    return [
        add_principle(
            workshop,
            [card],
            title=title,
            statement=f"Når vi bruger GenAI, {title.lower()}.",
            cells={"individual": f"{title}: den enkelte", "leadership": f"{title}: ledelsen"},
        )
        for card, title in zip(
            cards[:4], ["Tid til mennesker", "Deling", "Ansvar", "Uændret"], strict=True
        )
    ]


@pytest.fixture
def version_1(owner_client, workshop, principles):
    publish(owner_client, workshop)
    return CharterVersion.objects.get(workshop=workshop, number=1)


# Publishing -----------------------------------------------------------------------


def test_publishing_makes_version_1_then_version_2(owner_client, workshop, principles, owner):
    first = publish(owner_client, workshop)
    second = publish(owner_client, workshop)

    versions = list(CharterVersion.objects.filter(workshop=workshop).order_by("number"))
    assert first.status_code == second.status_code == 302
    assert [v.number for v in versions] == [1, 2]
    assert messages_of(second)[-1] == "Version 2 is published."
    assert versions[0].published_by == owner
    assert versions[0].language == "en"
    content = versions[0].content
    assert content["organisation"] == "Sygehus Øst"
    assert content["title"] == "Socio-technical AI principles at Sygehus Øst"
    assert [p["title"] for p in content["principles"]] == [
        "Tid til mennesker",
        "Deling",
        "Ansvar",
        "Uændret",
    ]
    assert content["principles"][0]["cells"] == {
        "individual": "Tid til mennesker: den enkelte",
        "group": "",
        "leadership": "Tid til mennesker: ledelsen",
        "organisation": "",
        "context": "",
    }
    page = text(owner_client.get(charter_url(workshop)))
    assert "Publish version 3" in page
    for version in versions:
        assert version_page(version) in page


def test_publishing_without_principles_is_refused(owner_client, workshop, cards):
    response = publish(owner_client, workshop)

    assert response.status_code == 302
    assert CharterVersion.objects.count() == 0
    assert messages_of(response) == ["Merge at least one principle before publishing."]


def test_each_workshop_counts_its_own_versions(
    owner_client, organisation, owner, workshop, version_1
):
    second = make_workshop(organisation, owner, title="Anden workshop")
    add_principle(second, [add_entry(Participant.objects.create(workshop=second), "Kort")])

    publish(owner_client, second)

    assert CharterVersion.objects.get(workshop=second).number == 1
    assert CharterVersion.objects.filter(workshop=workshop).count() == 1


def test_a_published_version_never_changes(
    owner_client, workshop, cards, principles, version_1, phone
):
    frozen = copy.deepcopy(version_1.content)
    page_before = owner_client.get(version_page(version_1)).content
    tid, deling, ansvar, _uaendret = principles

    # The principles: reworded, cards in and out, deleted, voted on, reordered.
    owner_client.post(
        reverse("principles:edit", args=[workshop.pk, deling.pk]),
        {
            "title": "Vidensdeling",
            "statement": "Ny ordlyd",
            "cell_group": "Ny celle",
            "edit_version": deling.edit_version,
        },
    )
    owner_client.post(
        reverse("principles:merge", args=[workshop.pk]),
        {"entries": [cards[4].pk], "principle": ansvar.pk},
    )
    owner_client.post(reverse("principles:source_remove", args=[workshop.pk, tid.pk, cards[0].pk]))
    owner_client.post(reverse("principles:delete", args=[workshop.pk, tid.pk]))
    Workshop.objects.filter(pk=workshop.pk).update(phase=Phase.VOTING)
    phone.post(
        reverse("phone:vote", args=[workshop.public_id]),
        {"principle": ansvar.pk, "action": "add"},
    )
    owner_client.post(reverse("principles:order", args=[workshop.pk]))
    # The cards: reworded and hidden on the board.
    owner_client.post(
        reverse("workshops:entry_edit", args=[workshop.pk, cards[1].pk]), {"text": "Nyt"}
    )
    owner_client.post(
        reverse("workshops:entry_hide", args=[workshop.pk, cards[2].pk]), {"hidden": "1"}
    )
    # The charter itself.
    owner_client.post(
        charter_url(workshop),
        {"title": "Ny titel", "date": "2027-02-03", "preamble": "Ny indledning"},
    )

    version_1.refresh_from_db()
    assert version_1.content == frozen
    assert owner_client.get(version_page(version_1)).content == page_before
    assert Vote.objects.filter(principle=ansvar).count() == 1

    publish(owner_client, workshop)
    version_2 = CharterVersion.objects.get(workshop=workshop, number=2)
    assert version_2.content["title"] == "Ny titel"
    assert version_2.content["date"] == "2027-02-03"
    assert version_2.content["preamble"] == "Ny indledning"
    assert "appendix" not in version_2.content
    assert [p["title"] for p in version_2.content["principles"]] == [
        "Ansvar",
        "Vidensdeling",
        "Uændret",
    ]
    assert version_2.content["principles"][0]["votes"] == 1
    assert version_2.content["principles"][0]["sources"] == [
        {"question": 2, "text": "Et kort uden princip"}
    ]
    assert version_2.content["principles"][1]["sources"] == [{"question": 3, "text": "Nyt"}]
    version_1.refresh_from_db()
    assert version_1.content == frozen


def test_deleting_every_principle_leaves_the_published_versions(
    owner_client, workshop, principles, version_1
):
    frozen = copy.deepcopy(version_1.content)

    for principle in principles:
        owner_client.post(reverse("principles:delete", args=[workshop.pk, principle.pk]))

    version_1.refresh_from_db()
    assert Principle.objects.filter(workshop=workshop).count() == 0
    assert version_1.content == frozen
    assert len(version_1.content["principles"]) == 4
    assert "Tid til mennesker" in text(owner_client.get(version_page(version_1)))


# What changed -----------------------------------------------------------------------


def test_the_diff_shows_principles_added_removed_and_reworded(
    owner_client, workshop, cards, principles, version_1
):
    tid, deling, ansvar, uaendret = principles
    owner_client.post(reverse("principles:delete", args=[workshop.pk, tid.pk]))
    added = principle_merge(workshop=workshop, entry_ids=[cards[4].pk])
    owner_client.post(
        reverse("principles:edit", args=[workshop.pk, deling.pk]),
        {
            "title": "Vidensdeling",
            "statement": "Vi deler det, vi lærer.",
            "cell_individual": "Deling: den enkelte",
            "cell_leadership": "Deling: ledelsen",
            "edit_version": deling.edit_version,
        },
    )
    owner_client.post(
        reverse("principles:edit", args=[workshop.pk, ansvar.pk]),
        {
            "title": "Ansvar",
            "statement": ansvar.statement,
            "cell_individual": "Ansvar: den enkelte",
            "cell_leadership": "Ansvar: ledelsen tager det",
            "edit_version": ansvar.edit_version,
        },
    )
    owner_client.post(
        reverse("principles:move", args=[workshop.pk, uaendret.pk]), {"direction": "up"}
    )
    publish(owner_client, workshop)

    response = owner_client.get(charter_url(workshop, "diff"), {"from": 1, "to": 2})

    changes = response.context["changes"]
    assert response.status_code == 200
    assert [p["title"] for p in changes["added"]] == [added.title]
    assert [p["title"] for p in changes["removed"]] == ["Tid til mennesker"]
    assert [(r["before"]["title"], r["after"]["title"]) for r in changes["reworded"]] == [
        ("Ansvar", "Ansvar"),
        ("Deling", "Vidensdeling"),
    ]
    assert [level["code"] for level in changes["reworded"][0]["cells"]] == ["leadership"]
    assert changes["reworded"][1]["cells"] == []
    assert changes["preamble_changed"] is False
    page = text(response)
    assert f'<li class="diff-added">{added.title}</li>' in page
    assert '<li class="diff-removed">Tid til mennesker</li>' in page
    assert "<del>Deling</del> → <ins>Vidensdeling</ins>" in page
    assert "Changed at these levels: Leadership" in page
    assert "Uændret" not in page.split("Reworded", 1)[1]


def test_the_diff_compares_the_last_two_versions_by_default_and_either_way(
    owner_client, workshop, cards, principles, version_1
):
    owner_client.post(reverse("principles:delete", args=[workshop.pk, principles[0].pk]))
    owner_client.post(charter_url(workshop), {"title": "T", "date": "2027-01-01", "preamble": "Ny"})
    publish(owner_client, workshop)

    latest = owner_client.get(charter_url(workshop, "diff"))
    backwards = owner_client.get(charter_url(workshop, "diff"), {"from": 2, "to": 1})

    assert (latest.context["older"].number, latest.context["newer"].number) == (1, 2)
    assert [p["title"] for p in latest.context["changes"]["removed"]] == ["Tid til mennesker"]
    assert latest.context["changes"]["preamble_changed"] is True
    assert "The preamble was changed." in text(latest)
    assert [p["title"] for p in backwards.context["changes"]["added"]] == ["Tid til mennesker"]
    assert backwards.context["changes"]["removed"] == []


@pytest.mark.parametrize("query", [{"from": 1, "to": 3}, {"from": "x"}, {"to": 0}])
def test_the_diff_of_a_version_that_does_not_exist_is_404(owner_client, workshop, version_1, query):
    assert owner_client.get(charter_url(workshop, "diff"), query).status_code == 404


def test_the_diff_before_anything_is_published_is_404(owner_client, workshop, principles):
    assert owner_client.get(charter_url(workshop, "diff")).status_code == 404


# The draft and its default preamble -----------------------------------------------------


def test_the_default_preamble_names_the_organisation(owner_client, workshop, principles):
    page = text(owner_client.get(charter_url(workshop)))

    charter = Charter.objects.get(workshop=workshop)
    assert charter.preamble.startswith(PREAMBLE_EN)
    assert "we at Sygehus Øst have developed the following socio-technical principles" in (
        charter.preamble
    )
    assert "[X]" not in charter.preamble
    assert "%(" not in charter.preamble
    assert charter.preamble == default_preamble(workshop)
    assert charter.title == "Socio-technical AI principles at Sygehus Øst"
    assert charter.preamble in page
    assert charter.include_appendix is True


def test_the_default_preamble_of_a_danish_workshop_is_danish(organisation, owner):
    workshop = make_workshop(organisation, owner, language="da")

    charter = charter_for(workshop)

    assert "Sygehus Øst" in charter.preamble
    assert charter.preamble.startswith(PREAMBLE_DA)
    assert "Sygehus Øst" in charter.title
    assert "Socio-technical" not in charter.title


def test_editing_the_draft(owner_client, workshop, principles):
    response = owner_client.post(
        charter_url(workshop),
        {
            "title": "Vores principper",
            "date": "2027-03-01",
            "preamble": "Hos Sygehus Øst …",
            "include_appendix": "",
        },
    )

    charter = Charter.objects.get(workshop=workshop)
    assert response.status_code == 302
    assert (charter.title, charter.date.isoformat(), charter.preamble) == (
        "Vores principper",
        "2027-03-01",
        "Hos Sygehus Øst …",
    )
    assert charter.include_appendix is False


def test_an_invalid_draft_is_not_saved(owner_client, workshop, principles):
    before = charter_for(workshop)

    response = owner_client.post(
        charter_url(workshop), {"title": "", "date": "not a date", "preamble": "x"}
    )

    after = Charter.objects.get(workshop=workshop)
    assert response.status_code == 400
    assert (after.title, after.date, after.preamble) == (before.title, before.date, before.preamble)


def test_charter_views_that_change_state_refuse_get(owner_client, workshop, version_1):
    link = ShareLink.objects.create(workshop=workshop)

    refused = {
        "publish": owner_client.get(charter_url(workshop, "publish")),
        "share_create": owner_client.get(charter_url(workshop, "share_create")),
        "share_revoke": owner_client.get(charter_url(workshop, "share_revoke", link.pk)),
        "diff-post": owner_client.post(charter_url(workshop, "diff")),
        "version-post": owner_client.post(version_page(version_1)),
        "shared-post": client_for().post(reverse("share:page", args=[link.token])),
    }

    assert {name: r.status_code for name, r in refused.items()} == dict.fromkeys(refused, 405)
    assert CharterVersion.objects.count() == 1
    assert ShareLink.objects.get().revoked_at is None
    assert ShareLink.objects.count() == 1


# Managers: read every published charter, change nothing ------------------------------------


@pytest.fixture
def two_versions(owner_client, workshop, principles, version_1):
    owner_client.post(
        charter_url(workshop), {"title": "Titel 2", "date": "2027-01-01", "preamble": "P"}
    )
    publish(owner_client, workshop)
    return version_1, CharterVersion.objects.get(workshop=workshop, number=2)


def test_managers_see_all_published_charters_of_their_organisation(
    manager, organisation, owner, two_versions, other_workshop, outsider
):
    second = make_workshop(organisation, owner, title="Anden workshop")
    add_principle(second, [add_entry(Participant.objects.create(workshop=second), "Kort")])
    publish(client_for(owner), second)
    add_principle(
        other_workshop,
        [add_entry(Participant.objects.create(workshop=other_workshop), "Deres kort")],
    )
    publish(client_for(outsider), other_workshop)
    theirs = CharterVersion.objects.get(workshop=other_workshop)

    page = text(client_for(manager).get(reverse("charters:list")))

    for version in [*two_versions, CharterVersion.objects.get(workshop=second)]:
        assert version_page(version) in page
        assert reverse("charters:pdf", args=[version.pk]) in page
    assert "Anden workshop" in page
    assert version_page(theirs) not in page
    outsiders = text(client_for(outsider).get(reverse("charters:list")))
    assert version_page(theirs) in outsiders
    assert version_page(two_versions[0]) not in outsiders


def test_managers_open_any_version_and_download_its_pdf(manager, two_versions):
    version_1, version_2 = two_versions
    client = client_for(manager)

    first = client.get(version_page(version_1))
    second = client.get(version_page(version_2))
    pdf = client.get(reverse("charters:pdf", args=[version_1.pk]))

    assert first.status_code == second.status_code == 200
    assert "Socio-technical AI principles at Sygehus Øst" in text(first)
    assert "Titel 2" in text(second)
    assert "Titel 2" not in text(first)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    # A file to keep, with its name: not a tab that replaces the page.
    assert pdf["Content-Disposition"] == 'attachment; filename="charter-sygehus-oest-workshop-v1.pdf"'
    assert pdf.getvalue().startswith(b"%PDF")


def test_managers_may_read_what_changed(manager, workshop, two_versions):
    response = client_for(manager).get(charter_url(workshop, "diff"), {"from": 1, "to": 2})

    assert response.status_code == 200
    assert response.context["changes"]["preamble_changed"] is True


def test_managers_can_edit_nothing(manager, workshop, cards, principles, two_versions):
    link = ShareLink.objects.create(workshop=workshop)
    principle = principles[0]
    before = snapshot(workshop)
    client = client_for(manager)
    on_principle = [workshop.pk, principle.pk]

    responses = {
        "list": client.get(reverse("principles:list", args=[workshop.pk])),
        "merge": client.post(
            reverse("principles:merge", args=[workshop.pk]),
            {"entries": [cards[4].pk], "principle": ""},
        ),
        "order": client.post(reverse("principles:order", args=[workshop.pk])),
        "dots": client.post(reverse("principles:dots", args=[workshop.pk]), {"dots": 9}),
        "edit": client.get(reverse("principles:edit", args=on_principle)),
        "edit-post": client.post(
            reverse("principles:edit", args=on_principle),
            {"title": "Manager", "edit_version": principle.edit_version},
        ),
        "delete": client.post(reverse("principles:delete", args=on_principle)),
        "move": client.post(reverse("principles:move", args=on_principle), {"direction": "down"}),
        "source_remove": client.post(
            reverse("principles:source_remove", args=[*on_principle, cards[0].pk])
        ),
        "similar": client.get(reverse("principles:similar", args=[workshop.pk, cards[0].pk])),
        "charter": client.get(charter_url(workshop)),
        "charter-post": client.post(
            charter_url(workshop), {"title": "M", "date": "2027-01-01", "preamble": "M"}
        ),
        "publish": client.post(charter_url(workshop, "publish")),
        "share_create": client.post(charter_url(workshop, "share_create")),
        "share_revoke": client.post(charter_url(workshop, "share_revoke", link.pk)),
        "export": client.get(charter_url(workshop, "export", "principles.csv")),
        "board": client.get(reverse("workshops:board", args=[workshop.pk])),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 403)
    assert snapshot(workshop) == before
    for response in responses.values():
        assert "Tid til mennesker" not in text(response)


# Share links ----------------------------------------------------------------------------


def test_a_share_link_opens_the_latest_version_without_an_account(
    owner_client, workshop, two_versions
):
    response = owner_client.post(charter_url(workshop, "share_create"))
    owner_client.post(charter_url(workshop, "share_create"))

    first, second = ShareLink.objects.filter(workshop=workshop).order_by("pk")
    assert response.status_code == 302
    assert len(first.token) >= 40
    assert first.token != second.token
    assert reverse("share:page", args=[first.token]) in text(
        owner_client.get(charter_url(workshop))
    )
    anonymous = client_for()
    page = anonymous.get(reverse("share:page", args=[first.token]))
    pdf = anonymous.get(reverse("share:pdf", args=[first.token]))
    assert page.status_code == 200
    assert "Titel 2" in text(page)
    assert "Version 2" in text(page)
    assert page["X-Robots-Tag"] == "noindex"
    assert reverse("share:pdf", args=[first.token]) in text(page)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="charter-')
    assert pdf.getvalue().startswith(b"%PDF")


def test_a_share_link_follows_the_next_published_version(owner_client, workshop, version_1):
    link = ShareLink.objects.create(workshop=workshop)
    shared = reverse("share:page", args=[link.token])
    assert "Version 1" in text(client_for().get(shared))

    owner_client.post(
        charter_url(workshop), {"title": "Næste", "date": "2027-01-01", "preamble": "P"}
    )
    publish(owner_client, workshop)

    page = text(client_for().get(shared))
    assert "Næste" in page
    assert "Version 2" in page


def test_a_revoked_share_link_is_404(owner_client, workshop, version_1):
    revoked = ShareLink.objects.create(workshop=workshop)
    kept = ShareLink.objects.create(workshop=workshop)

    response = owner_client.post(charter_url(workshop, "share_revoke", revoked.pk))

    revoked.refresh_from_db()
    assert response.status_code == 302
    assert revoked.revoked_at is not None
    anonymous = client_for()
    assert anonymous.get(reverse("share:page", args=[revoked.token])).status_code == 404
    assert anonymous.get(reverse("share:pdf", args=[revoked.token])).status_code == 404
    assert anonymous.get(reverse("share:page", args=[kept.token])).status_code == 200
    assert reverse("share:page", args=[revoked.token]) not in text(
        owner_client.get(charter_url(workshop))
    )


def test_an_unknown_token_or_a_link_to_nothing_published_is_404(owner_client, workshop, principles):
    unpublished = ShareLink.objects.create(workshop=workshop)
    anonymous = client_for()

    assert anonymous.get(reverse("share:page", args=["no-such-token"])).status_code == 404
    assert anonymous.get(reverse("share:pdf", args=["no-such-token"])).status_code == 404
    assert anonymous.get(reverse("share:page", args=[unpublished.token])).status_code == 404
    assert anonymous.get(reverse("share:pdf", args=[unpublished.token])).status_code == 404


def test_a_link_of_another_workshop_can_not_be_revoked_through_ones_own(
    owner_client, workshop, other_workshop
):
    theirs = ShareLink.objects.create(workshop=other_workshop)

    response = owner_client.post(charter_url(workshop, "share_revoke", theirs.pk))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.revoked_at is None


# Another organisation sees nothing of it --------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "other_manager"])
def test_another_organisation_gets_404_on_every_charter_url(
    request, who, workshop, cards, principles, two_versions, other_organisation
):
    user = (
        request.getfixturevalue("outsider")
        if who == "outsider"
        else make_user("chef@andet.dk", other_organisation, Role.MANAGER)
    )
    link = ShareLink.objects.create(workshop=workshop)
    version_1, version_2 = two_versions
    before = snapshot(workshop)
    client = client_for(user)
    on_principle = [workshop.pk, principles[0].pk]

    responses = {
        "charter": client.get(charter_url(workshop)),
        "charter-post": client.post(
            charter_url(workshop), {"title": "X", "date": "2027-01-01", "preamble": "X"}
        ),
        "publish": client.post(charter_url(workshop, "publish")),
        "diff": client.get(charter_url(workshop, "diff"), {"from": 1, "to": 2}),
        "share_create": client.post(charter_url(workshop, "share_create")),
        "share_revoke": client.post(charter_url(workshop, "share_revoke", link.pk)),
        "export": client.get(charter_url(workshop, "export", "workshop.json")),
        "version-1": client.get(version_page(version_1)),
        "version-2": client.get(version_page(version_2)),
        "version_pdf": client.get(reverse("charters:pdf", args=[version_1.pk])),
        "list": client.get(reverse("principles:list", args=[workshop.pk])),
        "merge": client.post(
            reverse("principles:merge", args=[workshop.pk]), {"entries": [cards[4].pk]}
        ),
        "edit": client.get(reverse("principles:edit", args=on_principle)),
        "delete": client.post(reverse("principles:delete", args=on_principle)),
        "dots": client.post(reverse("principles:dots", args=[workshop.pk]), {"dots": 9}),
        "similar": client.get(reverse("principles:similar", args=[workshop.pk, cards[0].pk])),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 404)
    assert snapshot(workshop) == before
    for response in responses.values():
        assert "Tid til mennesker" not in text(response)
        assert "Sygehus Øst" not in text(response)
    listing = text(client.get(reverse("charters:list")))
    assert version_page(version_1) not in listing


# The board: cards not in a principle yet ---------------------------------------------------


def board_cards(response) -> dict[int, int]:
    """Card id -> how many principles the board says it feeds."""
    feeds = {}
    for pk, body in re.findall(
        r'<li class="board-card[^"]*"[^>]*data-id="(\d+)".*?>(.*?)</li>', text(response), re.S
    ):
        found = re.search(r'<p class="card-feeds">(.*?)</p>', body, re.S)
        feeds[int(pk)] = found.group(1).count("<a ") if found else 0
    return feeds


def test_the_board_flags_cards_not_in_a_principle_yet_and_filters_them(
    owner_client, workshop, cards
):
    add_principle(workshop, [cards[0], cards[1]])
    add_principle(workshop, [cards[1]])
    Entry.objects.filter(pk=cards[3].pk).update(hidden=True)
    board = reverse("workshops:board", args=[workshop.pk])

    everything = owner_client.get(board)
    unused = owner_client.get(board, {"unused": "1"})

    assert board_cards(everything) == {
        cards[0].pk: 1,
        cards[1].pk: 2,
        cards[2].pk: 0,
        cards[3].pk: 0,
        cards[4].pk: 0,
    }
    assert set(board_cards(unused)) == {cards[2].pk, cards[3].pk, cards[4].pk}
    # Hidden cards are not counted as waiting for a principle.
    assert re.search(
        r"<dt>Not in a principle</dt><dd><a [^>]*>2</a></dd>",
        html.unescape(everything.content.decode()),
    )
    listing = text(owner_client.get(reverse("principles:list", args=[workshop.pk])))
    assert "2 visible cards are not used by any principle yet." in listing
    assert f"{board}?unused=1" in listing


def test_the_count_of_cards_not_in_a_principle_does_not_follow_the_filters(
    owner_client, workshop, participant
):
    merged = add_entry(participant, "Brugt i et princip", question=1)
    add_entry(participant, "Endnu ikke brugt", question=2)
    add_principle(workshop, [merged])
    board = reverse("workshops:board", args=[workshop.pk])

    counts = [
        re.search(
            r"<dt>Not in a principle</dt><dd><a [^>]*>(\d+)</a>", text(owner_client.get(board, q))
        )
        for q in ({}, {"question": "2"}, {"question": "1"}, {"q": "brugt"})
    ]

    assert [int(found.group(1)) for found in counts] == [1, 1, 1, 1]


def test_a_card_taken_out_of_its_only_principle_is_flagged_again(owner_client, workshop, cards):
    principle = add_principle(workshop, [cards[0], cards[1]])
    board = reverse("workshops:board", args=[workshop.pk])

    owner_client.post(
        reverse("principles:source_remove", args=[workshop.pk, principle.pk, cards[0].pk])
    )

    assert board_cards(owner_client.get(board))[cards[0].pk] == 0
    assert cards[0].pk in board_cards(owner_client.get(board, {"unused": "1"}))
    owner_client.post(reverse("principles:delete", args=[workshop.pk, principle.pk]))
    assert set(board_cards(owner_client.get(board, {"unused": "1"}))) == {c.pk for c in cards}


# Managers land on their charters, and hear of a new version -----------------------


def test_a_manager_lands_on_the_published_charters_with_a_pdf_link(
    manager, organisation, owner, owner_client, workshop, principles, other_organisation
):
    publish(owner_client, workshop)
    publish(owner_client, workshop)
    other_facilitator = make_user("other@example.dk", other_organisation)
    theirs = make_workshop(other_organisation, other_facilitator, title="Deres workshop")
    other_version = CharterVersion.objects.create(
        workshop=theirs, number=1, content={"title": "Deres principsæt"}, language="en"
    )
    client = client_for()

    # Log-in leads to the landing page, and the landing page has the charters.
    login = client.post(reverse("login"), {"username": manager.email, "password": PASSWORD})
    page = text(client.get(login["Location"]))

    assert login["Location"] == reverse("workshops:dashboard")
    latest = CharterVersion.objects.get(workshop=workshop, number=2)
    assert reverse("charters:pdf", args=[latest.pk]) in page
    assert "Download PDF" in page
    assert "Version 2" in page
    # Only the latest version of each workshop is on the landing page.
    first = CharterVersion.objects.get(workshop=workshop, number=1)
    assert reverse("charters:pdf", args=[first.pk]) not in page
    assert reverse("charters:list") in page
    assert "Deres workshop" not in page
    assert reverse("charters:pdf", args=[other_version.pk]) not in page


def test_the_pdf_link_says_it_is_working(manager, owner_client, workshop, principles):
    publish(owner_client, workshop)
    version = CharterVersion.objects.get(workshop=workshop)
    pdf_url = reverse("charters:pdf", args=[version.pk])

    pages = [
        text(client_for(manager).get(reverse("workshops:dashboard"))),
        text(client_for(manager).get(reverse("charters:list"))),
        text(client_for(manager).get(version_page(version))),
        text(owner_client.get(charter_url(workshop))),
    ]

    for page in pages:
        link = re.search(rf'<a href="{re.escape(pdf_url)}"[^>]*>', page).group(0)
        assert " download " in link or link.endswith(" download>") or " download" in link
        assert 'data-busy-text="Preparing the PDF…"' in link
        assert '<script src="/static/js/download.js" defer></script>' in page
        # Nothing inline: the Content-Security-Policy allows only our files.
        assert "onclick" not in page
        assert re.search(r"<script>(?!</script>)", page) is None


def test_the_header_links_to_the_charters_for_every_role(manager, owner):
    for user in (manager, owner):
        page = text(client_for(user).get(reverse("workshops:dashboard")))
        nav = re.search(r'<nav aria-label="Main">.*?</nav>', page, re.S).group(0)
        assert f'href="{reverse("charters:list")}"' in nav
    anonymous = text(client_for().get(reverse("login")))
    assert "Facilitator log-in" not in anonymous
    assert reverse("charters:list") not in anonymous


def test_publishing_mails_each_manager_a_link_in_the_workshops_language(
    organisation,
    owner,
    manager,
    owner_client,
    workshop,
    principles,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PUBLIC_BASE_URL = "https://workshop.example.dk"
    second_manager = make_user("leder2@example.dk", organisation, role=Role.MANAGER)
    workshop.language = "da"
    workshop.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        publish(owner_client, workshop)

    version = CharterVersion.objects.get(workshop=workshop)
    link = "https://workshop.example.dk" + version_page(version)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([manager.email, second_manager.email])
    for message in mailoutbox:
        assert len(message.to) == 1
        assert link in message.body
        assert message.subject == "Nyt principsæt for Sygehus Øst: version 1"
        assert "er offentliggjort" in message.body
    assert owner.email not in [m.to[0] for m in mailoutbox]


def test_without_a_public_address_the_mail_links_to_the_host_that_published(
    manager,
    owner_client,
    workshop,
    principles,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PUBLIC_BASE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        publish(owner_client, workshop)

    version = CharterVersion.objects.get(workshop=workshop)
    (message,) = mailoutbox
    assert f"http://testserver{version_page(version)}" in message.body
    assert "Version 1 of the charter" in message.body


def test_no_mail_when_publishing_fails(
    manager, owner_client, workshop, cards, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(owner_client, workshop)

    assert not CharterVersion.objects.filter(workshop=workshop).exists()
    assert mailoutbox == []


# The largest charter: what bounds a PDF's first render --------------------------------


def test_a_workshop_holds_at_most_sixty_principles(owner_client, workshop, participant):
    from core.errors import DomainError
    from principles.services import PRINCIPLES_MAX

    cards = [add_entry(participant, f"Punkt {n}", question=n % 5 + 1) for n in range(62)]
    Principle.objects.bulk_create(
        Principle(workshop=workshop, title=f"Princip {n}", position=n)
        for n in range(PRINCIPLES_MAX - 1)
    )
    principle_merge(workshop=workshop, entry_ids=[cards[0].pk])
    assert workshop.principles.count() == PRINCIPLES_MAX == 60

    with pytest.raises(DomainError, match="at most 60 principles"):
        principle_merge(workshop=workshop, entry_ids=[cards[1].pk])
    response = owner_client.post(
        reverse("principles:merge", args=[workshop.pk]), {"entries": [cards[1].pk]}, follow=True
    )
    assert any("at most 60 principles" in message for message in messages_of(response))
    assert workshop.principles.count() == PRINCIPLES_MAX

    # Cards still join an existing principle, and the same cards merged again
    # give the principle they made.
    first = workshop.principles.order_by("position").first()
    principle_merge(workshop=workshop, entry_ids=[cards[2].pk], principle=first)
    assert principle_merge(workshop=workshop, entry_ids=[cards[0].pk]).title == "Punkt 0"
    assert workshop.principles.count() == PRINCIPLES_MAX


def test_a_principles_words_are_bounded_where_they_are_edited(owner_client, workshop, principles):
    principle = principles[0]
    url = reverse("principles:edit", args=[workshop.pk, principle.pk])
    too_long = "x" * 601

    response = owner_client.post(
        url,
        {
            "title": "Kort",
            "statement": too_long,
            "cell_individual": too_long,
            "edit_version": principle.edit_version,
        },
    )

    assert response.status_code == 400
    page = text(response)
    assert "at most 600 characters" in page
    assert 'maxlength="600"' in response.content.decode()
    principle.refresh_from_db()
    assert principle.title != "Kort"
