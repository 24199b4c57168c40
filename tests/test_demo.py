from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from principles.models import CharterVersion, Vote
from workshops import demo_data
from workshops.models import Entry, Organisation, Participant, Phase, Workshop
from workshops.services import workshop_counts


def run_demo() -> str:
    out = StringIO()
    call_command("demo_workshop", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_workshop_is_created_once_and_prints_login_and_code():
    first = run_demo()
    second = run_demo()

    assert Organisation.objects.filter(name=demo_data.ORGANISATION).count() == 1
    workshop = Workshop.objects.get(title=demo_data.WORKSHOP_TITLE)
    assert workshop.phase == Phase.CHARTER
    assert Participant.objects.filter(workshop=workshop).count() == len(demo_data.PARTICIPANTS)
    assert len(demo_data.PARTICIPANTS) >= 35
    expected_entries = sum(len(p["entries"]) for p in demo_data.PARTICIPANTS)
    assert Entry.objects.filter(workshop=workshop).count() == expected_entries
    assert Entry.objects.filter(workshop=workshop, suggested_levels__isnull=False).exists()

    for output in (first, second):
        assert re.search(rf"^code: {workshop.join_code}$", output, re.M)
    login = re.search(r"facilitator: (\S+) / (\S+)", first)
    assert authenticate(username=login.group(1), password=login.group(2)) is not None


@pytest.mark.django_db
def test_demo_workshop_is_a_room_that_voted_and_published():
    run_demo()
    run_demo()
    workshop = Workshop.objects.get(title=demo_data.WORKSHOP_TITLE)

    # Finished: the charter phase, its code released, one published version.
    assert workshop.phase == Phase.CHARTER
    assert not workshop.holds_code
    assert workshop.collection_started_at is not None
    assert CharterVersion.objects.filter(workshop=workshop).count() == 1
    assert workshop.principles.count() >= 5

    # Everyone who voted submitted their worksheet and said they were done,
    # so the projector's counts agree: submitted == done == voters.
    voters = set(
        Vote.objects.filter(principle__workshop=workshop).values_list("participant", flat=True)
    )
    submitted = set(
        Participant.objects.filter(workshop=workshop, submitted_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert voters and voters <= submitted
    done = set(
        Participant.objects.filter(workshop=workshop, done_step=workshop.step).values_list(
            "pk", flat=True
        )
    )
    assert voters == submitted == done
    counts = workshop_counts(workshop)
    assert counts["submitted"] == len(submitted)
    assert counts["joined"] == len(demo_data.PARTICIPANTS) > counts["submitted"]
    per_voter = Vote.objects.filter(principle__workshop=workshop).count() / len(voters)
    assert per_voter == workshop.dots_per_participant


@pytest.mark.django_db
def test_demo_workshop_sends_no_mail(mailoutbox):
    run_demo()

    assert mailoutbox == []


def test_demo_data_is_varied_danish():
    professions = {p["profession"].lower() for p in demo_data.PARTICIPANTS}
    for word in ("sygeplejerske", "sagsbehandler", "lærer", "ingeniør"):
        assert any(word in profession for profession in professions)
    texts = [e[1] for p in demo_data.PARTICIPANTS for e in p["entries"]]
    assert len(set(texts)) == len(texts)
    assert any(ch in "".join(texts) for ch in "æøå")
