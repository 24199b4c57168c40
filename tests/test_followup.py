"""The follow-up workshop: started from a published charter, rated by the
phones, decided by the facilitator, published as the charter's next version."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agreements.evidence import render_evidence_pdf
from agreements.followup import (
    SMALL_GROUP,
    FollowUpExists,
    ReviewAnswers,
    followup_start,
    followup_summary,
    principle_decide,
    review_save,
)
from agreements.models import Action, ActionCheck, ActionStatus, Rating
from core.errors import DomainError
from principles.models import Decision, Principle, Vote
from principles.render import render_charter_pdf
from principles.services import (
    charter_publish,
    principle_merge,
    principle_update,
    version_diff,
)
from tests.conftest import add_entry, client_for, phone_for
from tests.test_charter_pdf import pdf_pages, weasyprint  # noqa: F401 - a fixture
from workshops.models import Participant, Phase, Workshop

TITLES = ["Mennesket bestemmer", "Tid til kerneopgaven", "Ingen overvågning"]


def publish_v1(workshop, owner):
    """Three principles, each from a card and with a dot, published as version 1."""
    principles_for_v1(workshop)
    return charter_publish(workshop=workshop, user=owner, notify=False)


def principles_for_v1(workshop) -> None:
    """Three principles, each from a card and with a dot, ready to publish."""
    person = Participant.objects.create(workshop=workshop)
    for title in TITLES:
        entry = add_entry(person, f"{title} (kort)")
        principle = principle_merge(workshop=workshop, entry_ids=[entry.pk])
        principle_update(
            principle=principle,
            edit_version=principle.edit_version,
            title=title,
            statement=f"Om {title.lower()}.",
            cells={"individual": f"{title} for den enkelte"},
        )
        Vote.objects.create(principle=principle, participant=person)


@pytest.fixture
def v1(workshop, owner):
    return publish_v1(workshop, owner)


@pytest.fixture
def followup(v1, workshop, owner):
    new = followup_start(workshop=workshop, user=owner)
    new.phase = Phase.COLLECTING
    new.collection_started_at = new.created_at
    new.save()
    return new


def phones(workshop, n):
    return [Participant.objects.create(workshop=workshop) for _ in range(n)]


def rate(participants, principle, answer="yes", comment=""):
    for participant in participants:
        review_save(
            participant=participant,
            answers=ReviewAnswers(ratings={principle.pk: (answer, comment)}),
        )


# Starting ---------------------------------------------------------------------------


def test_a_follow_up_copies_the_latest_versions_principles_and_settings(v1, workshop, owner):
    workshop.show_names, workshop.approve_first, workshop.dots_per_participant = True, True, 5
    workshop.save()

    new = followup_start(workshop=workshop, user=owner)

    new = Workshop.objects.get(pk=new.pk)
    assert new.follows == workshop
    assert new.charter_home == workshop
    assert new.organisation == workshop.organisation
    assert new.phase == Phase.DRAFT
    assert new.title == "Workshop – follow-up"
    assert (new.language, new.scheme_id, new.ai_focus) == ("en", workshop.scheme_id, "genai")
    assert (new.show_names, new.approve_first, new.dots_per_participant) == (True, True, 5)
    assert list(new.teams.values_list("name", flat=True)) == ["Akut", "Medicin"]
    assert new.join_code != workshop.join_code
    copies = list(new.principles.order_by("position"))
    assert [p.title for p in copies] == TITLES
    assert [p.origin_key for p in copies] == [row["id"] for row in v1.content["principles"]]
    assert copies[0].statement == "Om mennesket bestemmer."
    assert copies[0].cells["individual"] == "Mennesket bestemmer for den enkelte"
    # Never the old cards, nor the dots.
    assert not new.entries.exists()
    assert all(not p.sources.exists() and not p.votes.exists() for p in copies)
    assert new.charter.title == v1.content["title"]
    assert new.charter.preamble == v1.content["preamble"]


def test_the_title_is_in_the_workshops_language(v1, workshop, owner):
    workshop.language = "da"
    workshop.save()

    new = followup_start(workshop=workshop, user=owner)

    # "Workshop – opfølgning" once the Danish catalogue has the entry.
    with translation.override("da"):
        assert new.title == _("%(title)s – follow-up") % {"title": "Workshop"}


def test_a_workshop_without_a_published_version_has_no_follow_up(workshop, owner):
    with pytest.raises(DomainError):
        followup_start(workshop=workshop, user=owner)
    assert not Workshop.objects.filter(follows=workshop).exists()


def test_a_double_click_makes_one_follow_up_and_a_minute_later_another(v1, workshop, owner):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        first = followup_start(workshop=workshop, user=owner)
        with pytest.raises(FollowUpExists) as refused:
            followup_start(workshop=workshop, user=owner)
    assert refused.value.workshop == first
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 2, tzinfo=datetime.UTC)):
        second = followup_start(workshop=workshop, user=owner)
    assert second != first
    assert Workshop.objects.filter(follows=workshop).count() == 2


def test_the_start_button_redirects_to_the_new_workshop(v1, workshop, owner_client):
    response = owner_client.post(reverse("agreements:followup_start", args=[workshop.pk]))

    new = Workshop.objects.get(follows=workshop)
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:detail", args=[new.pk])
    page = owner_client.get(response["Location"])
    assert "ready with 3 principles" in page.content.decode()
    again = owner_client.post(reverse("agreements:followup_start", args=[workshop.pk]))
    assert again["Location"] == reverse("workshops:detail", args=[new.pk])
    assert Workshop.objects.filter(follows=workshop).count() == 1


def test_the_charter_page_offers_the_follow_up_only_once_published(workshop, owner_client, owner):
    url = reverse("principles:charter", args=[workshop.pk])
    start = reverse("agreements:followup_start", args=[workshop.pk])
    assert start not in owner_client.get(url).content.decode()
    publish_v1(workshop, owner)
    assert start in owner_client.get(url).content.decode()


def test_starting_without_a_version_says_why(workshop, owner_client):
    response = owner_client.post(
        reverse("agreements:followup_start", args=[workshop.pk]), follow=True
    )
    assert "Publish the charter before starting a follow-up workshop." in response.content.decode()
    assert not Workshop.objects.filter(follows=workshop).exists()


# The phone's review -------------------------------------------------------------------


def test_a_phone_rates_the_principles_and_the_open_actions(followup, workshop):
    copies = list(followup.principles.order_by("position"))
    action = Action.objects.create(
        charter=workshop, principle_key=copies[0].origin_key, principle_title="x", text="Kursus"
    )
    closed = Action.objects.create(
        charter=workshop,
        principle_key=copies[0].origin_key,
        principle_title="x",
        text="Færdig",
        status=ActionStatus.DONE,
    )
    participant = Participant.objects.create(workshop=followup)
    phone = phone_for(participant)
    url = reverse("phone:review", args=[followup.public_id])

    page = phone.get(url).content.decode()
    assert "Kursus" in page and "Færdig" not in page
    assert page.count('type="radio"') == 3 * 3 + 4
    response = phone.post(
        url,
        {
            f"answer_{copies[0].pk}": "yes",
            f"comment_{copies[0].pk}": "  Det gør vi  ",
            f"answer_{copies[1].pk}": "no",
            f"action_{action.pk}": "in_progress",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("phone:worksheet", args=[followup.public_id])
    assert {(r.principle_id, r.answer, r.comment) for r in participant.ratings.all()} == {
        (copies[0].pk, "yes", "Det gør vi"),
        (copies[1].pk, "no", ""),
    }
    assert ActionCheck.objects.get(participant=participant, action=action).status == "in_progress"
    assert not ActionCheck.objects.filter(action=closed).exists()
    # Again: the new answer replaces the old one, and the page shows it.
    phone.post(url, {f"answer_{copies[0].pk}": "partly"})
    assert participant.ratings.get(principle=copies[0]).answer == "partly"
    assert participant.ratings.count() == 2
    again = phone.get(url).content.decode()
    assert re.search(rf'name="answer_{copies[0].pk}" value="partly"[^>]*checked', again)


def test_a_comment_without_an_answer_comes_back_with_everything_typed(followup):
    copies = list(followup.principles.order_by("position"))
    participant = Participant.objects.create(workshop=followup)
    phone = phone_for(participant)

    response = phone.post(
        reverse("phone:review", args=[followup.public_id]),
        {
            f"answer_{copies[0].pk}": "no",
            f"comment_{copies[0].pk}": "Ingen tid",
            f"comment_{copies[1].pk}": "Husk os & dem",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose yes, partly or no to send your comment." in page
    assert "Husk os &amp; dem" in page and "Ingen tid" in page
    assert re.search(rf'name="answer_{copies[0].pk}" value="no"[^>]*checked', page)
    assert not Rating.objects.exists()


def test_the_worksheet_of_a_follow_up_points_to_the_review_first(followup):
    participant = Participant.objects.create(workshop=followup)
    page = phone_for(participant).get(reverse("phone:worksheet", args=[followup.public_id]))
    assert reverse("phone:review", args=[followup.public_id]) in page.content.decode()
    assert "First: are we living our principles?" in page.content.decode()


def test_a_phone_joining_a_follow_up_rates_first_then_fills_the_worksheet(followup, workshop):
    first = followup.principles.order_by("position").first()
    phone = client_for()
    join = reverse("join:workshop", args=[followup.join_code])
    review = reverse("phone:review", args=[followup.public_id])
    worksheet = reverse("phone:worksheet", args=[followup.public_id])
    team = followup.teams.order_by("position").first()

    joined = phone.post(join, {"team": team.pk} if team else {})

    assert joined.status_code == 302
    assert joined["Location"] == review
    # The join link again, before rating: still the rating first.
    assert phone.get(join)["Location"] == review
    rated = phone.post(review, {f"answer_{first.pk}": "yes"})
    assert rated["Location"] == worksheet
    assert phone.get(join)["Location"] == worksheet
    # A workshop that follows nothing starts at the worksheet, as before.
    plain = client_for().post(
        reverse("join:workshop", args=[workshop.join_code]),
        {"team": workshop.teams.order_by("position").first().pk},
    )
    assert plain["Location"] == reverse("phone:worksheet", args=[workshop.public_id])


def test_a_phone_joining_a_follow_up_not_yet_open_goes_to_the_worksheet(followup):
    Workshop.objects.filter(pk=followup.pk).update(phase=Phase.DRAFT)
    team = followup.teams.order_by("position").first()
    joined = client_for().post(
        reverse("join:workshop", args=[followup.join_code]), {"team": team.pk} if team else {}
    )
    assert joined["Location"] == reverse("phone:worksheet", args=[followup.public_id])


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.CLUSTERING, Phase.VOTING])
def test_a_phone_rates_only_while_the_workshop_collects(followup, phase):
    followup.phase = phase
    followup.save()
    copies = list(followup.principles.all())
    participant = Participant.objects.create(workshop=followup)
    phone = phone_for(participant)
    url = reverse("phone:review", args=[followup.public_id])

    page = phone.get(url).content.decode()
    assert 'type="radio"' not in page
    assert "the principles can't be rated" in page or "hasn't opened the workshop" in page
    response = phone.post(url, {f"answer_{copies[0].pk}": "yes"}, follow=True)
    assert "not open for answers" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_phone_of_another_workshop_cannot_rate(followup, workshop):
    copy = followup.principles.first()
    stranger = Participant.objects.create(workshop=workshop)
    url = reverse("phone:review", args=[followup.public_id])

    response = phone_for(stranger).post(url, {f"answer_{copy.pk}": "no"})

    # Sent to join the follow-up, as any stranger is.
    assert response.status_code == 302
    assert response["Location"] == reverse("join:workshop", args=[followup.join_code])
    assert not Rating.objects.exists()
    # Nor through the service, with another workshop's principle.
    other = Participant.objects.create(workshop=followup)
    elsewhere = Principle.objects.filter(workshop=workshop).first()
    with pytest.raises(DomainError):
        review_save(participant=other, answers=ReviewAnswers(ratings={elsewhere.pk: ("no", "")}))
    assert not Rating.objects.exists()


def test_a_workshop_that_follows_nothing_has_nothing_to_rate(workshop, participant, phone):
    page = phone.get(reverse("phone:review", args=[workshop.public_id]))
    assert page.status_code == 200
    assert "no charter to review" in page.content.decode()
    with pytest.raises(DomainError):
        review_save(participant=participant, answers=ReviewAnswers())


# The facilitator's counts --------------------------------------------------------------


def test_fewer_than_five_ratings_show_no_counts_anywhere(followup, owner_client):
    first, second = list(followup.principles.order_by("position"))[:2]
    rate(phones(followup, SMALL_GROUP - 1), first, "no", "hemmeligt")
    rate(phones(followup, SMALL_GROUP), second, "partly", "")

    page = owner_client.get(reverse("agreements:followup", args=[followup.pk])).content.decode()

    first_section = page.split(f'id="p{first.pk}"')[1].split("</section>")[0]
    second_section = page.split(f'id="p{second.pk}"')[1].split("</section>")[0]
    assert "&lt;5" in first_section
    assert 'class="count"' not in first_section
    assert not re.search(r">\s*4\s*<", first_section)
    assert "hemmeligt" not in page
    counts = dict(re.findall(r'data-answer="(\w+)">(\d+)<', second_section))
    assert counts == {"yes": "0", "partly": "5", "no": "0"}
    assert "No comments." in second_section
    assert page.count('class="count"') == 3


def test_the_board_shows_the_ratings_as_counts_never_below_five(followup, owner_client):
    first, second = list(followup.principles.order_by("position"))[:2]
    board = owner_client.get(reverse("workshops:board", args=[followup.pk])).content.decode()
    counts_url = reverse("agreements:followup_counts", args=[followup.pk])
    assert 'id="drawer-ratings"' in board and counts_url in board
    rate(phones(followup, SMALL_GROUP - 1), first, "no", "hemmeligt")
    rate(phones(followup, SMALL_GROUP), second, "partly")

    drawer = owner_client.get(counts_url).content.decode()

    first_row = drawer.split(f'id="board-rating-{first.pk}"')[1].split("</tr>")[0]
    second_row = drawer.split(f'id="board-rating-{second.pk}"')[1].split("</tr>")[0]
    assert "&lt;5" in first_row
    assert not re.search(r">\s*\d+\s*<", first_row)
    assert "hemmeligt" not in drawer
    assert dict(re.findall(r'data-answer="(\w+)">(\d+)<', second_row)) == {
        "yes": "0",
        "partly": "5",
        "no": "0",
    }
    # A workshop that follows nothing has no such drawer.
    plain = owner_client.get(reverse("workshops:board", args=[followup.follows_id]))
    assert 'id="drawer-ratings"' not in plain.content.decode()


def test_the_summary_counts_five_and_hides_four(followup, workshop):
    copies = list(followup.principles.order_by("position"))
    action = Action.objects.create(
        charter=workshop, principle_key=copies[0].origin_key, principle_title="x", text="Kursus"
    )
    people = phones(followup, SMALL_GROUP)
    rate(people[:3], copies[0], "yes", "godt")
    rate(people[3:], copies[0], "no")
    for person in people[:4]:
        review_save(participant=person, answers=ReviewAnswers(checks={action.pk: "done"}))

    summary = followup_summary(followup)

    row = summary["principles"][0]
    assert row["counts"]["total"] == 5
    assert [(v, n) for v, _label, n in row["counts"]["choices"]] == [
        ("yes", 3),
        ("partly", 0),
        ("no", 2),
    ]
    assert row["counts"]["comments"] == ["godt", "godt", "godt"]
    assert summary["principles"][1]["counts"] is None
    assert summary["actions"][0]["counts"] is None
    review_save(participant=people[4], answers=ReviewAnswers(checks={action.pk: "open"}))
    assert followup_summary(followup)["actions"][0]["counts"]["total"] == 5


def test_comments_reach_the_facilitator_without_authors_from_five_answers(followup, owner_client):
    first = followup.principles.order_by("position").first()
    people = [
        Participant.objects.create(workshop=followup, display_name=f"Navn{n}") for n in range(5)
    ]
    url = reverse("agreements:followup", args=[followup.pk])
    # Four answers, three with a comment: not one of them is shown.
    rate(people[:1], first, "no", "Zebra: vi når det aldrig")
    rate(people[1:3], first, "yes", "Alle ved det")
    rate(people[3:4], first, "partly", "")
    four = owner_client.get(url).content.decode()
    section = four.split(f'id="p{first.pk}"')[1].split("</section>")[0]
    assert "&lt;5" in section
    assert "Zebra" not in four and "Alle ved det" not in four
    assert followup_summary(followup)["principles"][0]["counts"] is None
    # The fifth answer (without a comment) opens the comments, in the order
    # of their text, with no name and no answer beside them.
    rate(people[4:], first, "partly", "")
    five = owner_client.get(url).content.decode()
    section = five.split(f'id="p{first.pk}"')[1].split("</section>")[0]
    assert "3 comments" in section
    comments = re.findall(r"<li>([^<]*)</li>", section.split("followup-comments")[1])
    assert comments == ["Alle ved det", "Alle ved det", "Zebra: vi når det aldrig"]
    assert not any(f"Navn{n}" in five for n in range(5))


def test_the_phone_is_told_who_reads_its_comment(followup):
    participant = Participant.objects.create(workshop=followup)
    page = phone_for(participant).get(reverse("phone:review", args=[followup.public_id]))
    html = page.content.decode()
    first = followup.principles.order_by("position").first()
    assert "The facilitator reads it, without your name, once at least five people" in html
    assert f'aria-describedby="id_comment_{first.pk}_helptext"' in html
    assert f'id="id_comment_{first.pk}_helptext"' in html


# Decisions and the next version ----------------------------------------------------------


def test_decisions_reach_the_next_version_and_its_diff(followup, v1, workshop, owner, owner_client):
    keep, reword, retire = list(followup.principles.order_by("position"))
    decide = "agreements:followup_decide"
    owner_client.post(reverse(decide, args=[followup.pk, keep.pk]), {"decision": "keep"})
    owner_client.post(
        reverse(decide, args=[followup.pk, reword.pk]),
        {"decision": "reword", "reason": "For snævert"},
    )
    owner_client.post(
        reverse(decide, args=[followup.pk, retire.pk]),
        {"decision": "retire", "reason": "Ikke længere relevant"},
    )
    principle_update(
        principle=reword,
        edit_version=Principle.objects.get(pk=reword.pk).edit_version,
        title="Tid til kerneopgaven og hinanden",
        statement="",
        cells={},
    )

    response = owner_client.post(reverse("principles:publish", args=[followup.pk]))

    assert response.status_code == 302
    v2 = workshop.versions.get(number=2)
    assert v2.made_in == followup
    assert [p["id"] for p in v2.content["principles"]] == [
        v1.content["principles"][0]["id"],
        v1.content["principles"][1]["id"],
    ]
    assert {d["decision"]: d["reason"] for d in v2.content["decisions"]} == {
        "keep": "",
        "reword": "For snævert",
        "retire": "Ikke længere relevant",
    }
    changes = version_diff(v1, v2)
    assert [p["title"] for p in changes["removed"]] == ["Ingen overvågning"]
    assert [r["after"]["title"] for r in changes["reworded"]] == [
        "Tid til kerneopgaven og hinanden"
    ]
    diff = owner_client.get(reverse("principles:diff", args=[workshop.pk])).content.decode()
    assert "Ikke længere relevant" in diff and "For snævert" in diff
    assert "Retire" in diff and "Reword" in diff


def test_a_reason_is_required_to_reword_or_retire(followup, owner_client):
    principle = followup.principles.first()
    url = reverse("agreements:followup_decide", args=[followup.pk, principle.pk])

    response = owner_client.post(url, {"decision": "retire", "reason": "  "})

    assert response.status_code == 400
    assert "Give a reason for rewording or retiring" in response.content.decode()
    assert Principle.objects.get(pk=principle.pk).decision == ""
    with pytest.raises(DomainError):
        principle_decide(principle=principle, decision=Decision.REWORD, reason="")


def test_a_new_principle_from_cards_gets_no_decision(followup):
    person = Participant.objects.create(workshop=followup)
    fresh = principle_merge(workshop=followup, entry_ids=[add_entry(person, "Nyt kort").pk])
    with pytest.raises(DomainError):
        principle_decide(principle=fresh, decision=Decision.KEEP, reason="")


def test_the_board_and_the_menu_link_the_follow_up_page(followup, workshop, owner_client):
    url = reverse("agreements:followup", args=[followup.pk])
    assert url in owner_client.get(reverse("workshops:board", args=[followup.pk])).content.decode()
    board = owner_client.get(reverse("workshops:board", args=[workshop.pk])).content.decode()
    assert reverse("agreements:followup", args=[workshop.pk]) not in board


# Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [("followup", "get"), ("followup_start", "post"), ("followup_decide", "post")],
)
def test_who_may_use_the_facilitators_pages(
    followup, workshop, owner_client, manager_client, outsider_client, name, method
):
    pk = workshop.pk if name == "followup_start" else followup.pk
    args = [pk, followup.principles.first().pk] if name == "followup_decide" else [pk]
    url = reverse(f"agreements:{name}", args=args)
    data = {"decision": "keep"} if name == "followup_decide" else {}

    assert getattr(manager_client, method)(url, data).status_code == 403
    assert getattr(outsider_client, method)(url, data).status_code == 404
    anonymous = getattr(client_for(), method)(url, data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    if method == "post":
        assert owner_client.get(url).status_code == 405
    assert Workshop.objects.filter(follows=workshop).count() == 1
    assert not Principle.objects.filter(workshop=followup).exclude(decision="").exists()


@pytest.mark.usefixtures("weasyprint")
@pytest.mark.parametrize("answered", [1, 4])
def test_a_few_ratings_reach_no_managers_page_export_or_pdf(
    followup, v1, workshop, owner, manager_client, answered
):
    """With fewer than five answers, nothing of the ratings (no count, no
    comment) is on anything a manager opens."""
    copies = list(followup.principles.order_by("position"))
    action = Action.objects.create(
        charter=workshop, principle_key=copies[0].origin_key, principle_title="x", text="Kursus"
    )
    people = phones(followup, answered)
    for copy in copies:
        rate(people, copy, "partly", "hemmelig kommentar")
    for person in people:
        review_save(participant=person, answers=ReviewAnswers(checks={action.pk: "done"}))
    organisation = workshop.organisation
    pages = {
        name: manager_client.get(reverse(name, args=args))
        for name, args in [
            ("charters:version", [v1.pk]),
            ("charters:overview", []),
            ("charters:list", []),
            ("org:detail", [organisation.pk]),
            ("agreements:actions", [workshop.pk]),
            ("agreements:actions", [followup.pk]),
            ("agreements:review", [workshop.pk]),
            ("consultation:list", [v1.pk]),
            ("principles:diff", [workshop.pk]),
            ("workshops:detail", [followup.pk]),
        ]
    }
    downloads = {
        "action-plan.csv": manager_client.get(
            reverse("agreements:actions_export", args=[workshop.pk, "action-plan.csv"])
        ),
        "evidence.csv": manager_client.get(
            reverse("org:ai_literacy", args=[organisation.pk, "evidence.csv"])
        ),
    }
    texts = {}
    for name, response in pages.items():
        if response.status_code == 200:
            texts[name] = response.content.decode()
    for name, response in downloads.items():
        assert response.status_code == 200, name
        texts[name] = b"".join(response.streaming_content).decode("utf-8-sig")
    texts["charter.pdf"] = " ".join(pdf_pages(render_charter_pdf(v1)[2]))
    texts["evidence.pdf"] = " ".join(pdf_pages(render_evidence_pdf(organisation, language="en")[2]))
    assert {"charters:version", "charters:overview", "org:detail", "agreements:actions"} <= set(
        texts
    )
    for name, text in texts.items():
        assert "hemmelig kommentar" not in text, name
        assert "data-answer" not in text, name
        assert "Do we live by it" not in text, name
        assert "Partly" not in text, name
        assert "What the phones say" not in text, name
    # The follow-up's own pages are not the manager's.
    for name in ("agreements:followup", "agreements:followup_counts"):
        assert manager_client.get(reverse(name, args=[followup.pk])).status_code == 403
    # The follow-up workshop's participants are "<5" in the record.
    evidence = texts["evidence.csv"]
    follow_row = next(line for line in evidence.splitlines() if followup.title in line)
    assert "<5" in follow_row
