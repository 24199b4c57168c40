"""An owner exports and deletes a workshop's data; old answers expire."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from principles.models import CharterVersion, Principle, Vote
from principles.services import charter_publish, principle_merge, share_link_create
from tests.conftest import client_for, move_to, phone_saves
from workshops.models import Entry, Participant, Phase, Workshop
from workshops.services import workshop_update


def fill(workshop, participant, owner):
    phone_saves(participant, *((q, f"Hemmeligt punkt {q}", ["group"]) for q in (1, 2)))
    principle = principle_merge(
        workshop=workshop,
        entry_ids=list(Entry.objects.filter(workshop=workshop).values_list("pk", flat=True)),
    )
    move_to(workshop, Phase.VOTING)
    Vote.objects.create(participant=participant, principle=principle)
    charter_publish(workshop=workshop, user=owner)
    share_link_create(workshop=workshop, user=owner)


def rows_mentioning(workshop_pk: int, texts: list[str]) -> list[str]:
    """Every row of every table of the project that still holds the workshop's data."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in {"workshops", "principles", "igloo"}:
            continue
        for row in model.objects.all():
            values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            dump = json.dumps(values, default=str, ensure_ascii=False)
            if any(text in dump for text in texts) or values.get("workshop_id") == workshop_pk:
                found.append(f"{model.__name__} {row.pk}")
    return found


def test_owner_deletes_a_workshop_and_nothing_of_it_remains(
    owner, workshop, participant, other_workshop, other_participant
):
    fill(workshop, participant, owner)
    texts = ["Hemmeligt punkt", participant.token, workshop.public_id]
    assert rows_mentioning(workshop.pk, texts)
    client = client_for(owner)

    page = client.get(reverse("workshops:delete", args=[workshop.pk]))
    assert "can't be undone" in page.content.decode()
    wrong = client.post(reverse("workshops:delete", args=[workshop.pk]), {"confirm": "NOPE"})
    assert wrong.status_code == 200
    assert Workshop.objects.filter(pk=workshop.pk).exists()

    response = client.post(
        reverse("workshops:delete", args=[workshop.pk]), {"confirm": workshop.join_code}
    )

    assert response.status_code == 302
    assert rows_mentioning(workshop.pk, texts) == []
    assert not Workshop.objects.filter(pk=workshop.pk).exists()
    # The other organisation's workshop is untouched.
    assert Participant.objects.filter(pk=other_participant.pk).exists()


@pytest.mark.parametrize("role", ["facilitator", "manager"])
def test_only_an_owner_deletes(request, role, workshop):
    client = client_for(request.getfixturevalue(role))
    response = client.post(
        reverse("workshops:delete", args=[workshop.pk]), {"confirm": workshop.join_code}
    )
    assert response.status_code == 403
    assert Workshop.objects.filter(pk=workshop.pk).exists()


def test_another_organisation_can_not_even_see_the_delete_page(outsider, workshop):
    client = client_for(outsider)
    assert client.get(reverse("workshops:delete", args=[workshop.pk])).status_code == 404
    assert (
        client.post(
            reverse("workshops:delete", args=[workshop.pk]), {"confirm": workshop.join_code}
        ).status_code
        == 404
    )
    assert Workshop.objects.filter(pk=workshop.pk).exists()


def test_owner_exports_all_data_of_a_workshop(owner, workshop, participant):
    fill(workshop, participant, owner)
    response = client_for(owner).get(
        reverse("principles:export", args=[workshop.pk, "workshop.json"])
    )
    data = json.loads(response.getvalue())
    dump = json.dumps(data, ensure_ascii=False)
    assert "Hemmeligt punkt 1" in dump and "Hemmeligt punkt 2" in dump
    assert participant.token not in dump


def test_retention_deletes_old_answers_and_keeps_the_published_charter(
    owner, workshop, participant, settings
):
    fill(workshop, participant, owner)
    move_to(workshop, Phase.CHARTER)
    version = CharterVersion.objects.get(workshop=workshop)
    frozen = dict(version.content)
    out = StringIO()

    call_command("purge_expired", "--days", "30", stdout=out)
    assert Participant.objects.filter(workshop=workshop).exists()  # not old enough yet

    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        call_command("purge_expired", "--days", "30", stdout=out)

    assert not Participant.objects.filter(workshop=workshop).exists()
    assert not Entry.objects.filter(workshop=workshop).exists()
    assert not Vote.objects.filter(principle__workshop=workshop).exists()
    version.refresh_from_db()
    assert version.content == frozen
    assert Principle.objects.filter(workshop=workshop).exists()
    workshop.refresh_from_db()
    assert workshop.raw_data_deleted_at is not None
    assert "deleted 1 people's answers" in out.getvalue()


def test_retention_counts_from_the_end_of_the_workshop_not_from_a_later_edit(
    owner, workshop, participant
):
    fill(workshop, participant, owner)
    move_to(workshop, Phase.CHARTER)
    out = StringIO()

    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        # A title fixed a month later does not restart the clock.
        finished = Workshop.objects.get(pk=workshop.pk)
        workshop_update(
            workshop=finished,
            title="Nyt navn",
            date=finished.date,
            language=finished.language,
            scheme=finished.scheme,
            ai_focus=finished.ai_focus,
            teams=[team.name for team in finished.teams.all()],
        )
        assert Workshop.objects.get(pk=workshop.pk).updated_at >= later
        call_command("purge_expired", "--days", "30", stdout=out)

    assert not Participant.objects.filter(workshop=workshop).exists()


def test_join_page_says_what_is_stored_and_for_how_long(client, settings, workshop):
    settings.RETENTION_DAYS = 90
    html = client.get(reverse("join:workshop", args=[workshop.join_code])).content.decode()
    assert "What we store" in html
    assert "deleted 90 days after the workshop ends" in html
