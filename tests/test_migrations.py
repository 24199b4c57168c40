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
