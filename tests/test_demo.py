from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from workshops import demo_data
from workshops.models import Entry, Organisation, Participant, Phase, Workshop


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
    assert workshop.phase == Phase.COLLECTING
    assert Participant.objects.filter(workshop=workshop).count() == len(demo_data.PARTICIPANTS)
    assert len(demo_data.PARTICIPANTS) >= 35
    expected_entries = sum(len(p["entries"]) for p in demo_data.PARTICIPANTS)
    assert Entry.objects.filter(workshop=workshop).count() == expected_entries
    assert Entry.objects.filter(workshop=workshop, levels__isnull=False).exists()

    for output in (first, second):
        assert re.search(rf"^code: {workshop.join_code}$", output, re.M)
    login = re.search(r"facilitator: (\S+) / (\S+)", first)
    assert authenticate(username=login.group(1), password=login.group(2)) is not None


def test_demo_data_is_varied_danish():
    professions = {p["profession"].lower() for p in demo_data.PARTICIPANTS}
    for word in ("sygeplejerske", "sagsbehandler", "lærer", "ingeniør"):
        assert any(word in profession for profession in professions)
    texts = [e[1] for p in demo_data.PARTICIPANTS for e in p["entries"]]
    assert len(set(texts)) == len(texts)
    assert any(ch in "".join(texts) for ch in "æøå")
