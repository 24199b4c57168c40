"""Migrations that move data keep it: checked on a database migrated back and
forth, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from igloo.data import sync

BEFORE = [("workshops", "0008_projector_mode")]
AFTER = [("workshops", "0009_entry_suggested_levels")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    # Leave the schema as every other test expects it.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def a_phone(apps):
    """A workshop and a participant, made with the models as they were."""
    sync(apps)  # a transactional test starts from empty tables: the levels again
    organisation = apps.get_model("workshops", "Organisation").objects.create(name="Kommunen")
    scheme = apps.get_model("igloo", "LevelScheme").objects.get(slug="igloo")
    workshop = apps.get_model("workshops", "Workshop").objects.create(
        organisation=organisation, title="W", date=datetime.date(2026, 11, 29), scheme=scheme
    )
    participant = apps.get_model("workshops", "Participant").objects.create(
        workshop=workshop, token="t" * 20
    )
    return workshop, participant


def test_renaming_a_cards_levels_to_suggested_levels_keeps_every_tag(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Level = old.get_model("igloo", "Level")
    workshop, participant = a_phone(old)
    entry = old.get_model("workshops", "Entry").objects.create(
        workshop=workshop, participant=participant, question=1, text="Mere tid"
    )
    entry.levels.set(Level.objects.filter(scheme=workshop.scheme, code__in=["group", "context"]))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("workshops", "Entry").objects.get(pk=entry.pk)

    assert sorted(moved.suggested_levels.values_list("code", flat=True)) == ["context", "group"]


def test_cards_stored_without_search_text_get_it(executor):
    before, after = [("workshops", "0006_retention")], [("workshops", "0007_fill_search_text")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    workshop, participant = a_phone(old)
    Entry = old.get_model("workshops", "Entry")
    plain = Entry.objects.create(
        workshop=workshop, participant=participant, question=1, text="BØRN"
    )
    reworded = Entry.objects.create(
        workshop=workshop, participant=participant, question=1, text="x", facilitator_text="Ældre"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Entry = executor.loader.project_state(after).apps.get_model("workshops", "Entry")

    assert Entry.objects.get(pk=plain.pk).search_text == "børn"
    assert Entry.objects.get(pk=reworded.pk).search_text == "ældre"


def test_a_series_owner_becomes_the_facilitator_of_its_unassigned_workshops(executor):
    before = [("series", "0002_prompts_and_cards_onto_workshops")]
    after = [("series", "0003_owner_facilitates_its_workshops")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    team, _participant = a_phone(old)
    Workshop = old.get_model("workshops", "Workshop")
    Series = old.get_model("series", "Series")
    SeriesWorkshop = old.get_model("series", "SeriesWorkshop")
    User = old.get_model("auth", "User")
    owner = User.objects.create(username="owner")
    other = User.objects.create(username="other")

    def a_workshop(title, **extra):
        return Workshop.objects.create(
            organisation=team.organisation,
            title=title,
            date=team.date,
            scheme=team.scheme,
            **extra,
        )

    assigned = a_workshop("Assigned", assigned_facilitator=other)
    charter = a_workshop("Charter", kind="organisation")
    series = Series.objects.create(
        organisation=team.organisation, name="Owned", owner=owner, charter=charter
    )
    SeriesWorkshop.objects.create(series=series, workshop=team, team_name="A")
    SeriesWorkshop.objects.create(series=series, workshop=assigned, team_name="B")
    orphan = a_workshop("Orphan")
    ownerless = Series.objects.create(organisation=team.organisation, name="Ownerless")
    SeriesWorkshop.objects.create(series=ownerless, workshop=orphan, team_name="C")
    loose = a_workshop("In no series")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Workshop = executor.loader.project_state(after).apps.get_model("workshops", "Workshop")
    facilitator = dict(Workshop.objects.values_list("pk", "assigned_facilitator_id"))

    assert facilitator[team.pk] == owner.pk
    assert facilitator[charter.pk] == owner.pk
    # Someone already assigned keeps it; no owner, or no series, sets nothing.
    assert facilitator[assigned.pk] == other.pk
    assert facilitator[orphan.pk] is None
    assert facilitator[loose.pk] is None


def test_remarks_that_kept_an_e_mail_address_as_their_name_forget_it(executor):
    # Every other app as it is now (a workshop has all its columns).
    after = executor.loader.graph.leaf_nodes()
    before = [
        ("agreements", "0002_action_record") if app == "agreements" else (app, name)
        for app, name in after
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    workshop, _participant = a_phone(old)
    version = old.get_model("principles", "CharterVersion").objects.create(
        workshop=workshop, number=1, content={}, language="da"
    )
    record = old.get_model("agreements", "ConsultationRecord").objects.create(
        version=version, content_hash="0" * 64, forum="amo", outcome="noted"
    )
    Remark = old.get_model("agreements", "RecordRemark")
    by_address = Remark.objects.create(
        record=record, author_name="amr@example.dk", author_role="representative", text="A"
    )
    by_name = Remark.objects.create(
        record=record, author_name="Mette Hansen", author_role="representative", text="B"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Remark = executor.loader.project_state(after).apps.get_model("agreements", "RecordRemark")
    names = dict(Remark.objects.values_list("pk", "author_name"))

    assert names == {by_address.pk: "", by_name.pk: "Mette Hansen"}
