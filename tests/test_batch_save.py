"""A phone's batch of points is one upsert (issue 15, point 3): an older
revision never overwrites a newer one, in the same batch, in a later batch,
or in the statement itself; the facilitator's columns stay; the scheme's
levels are read once per process."""

from __future__ import annotations

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igloo import levels as level_cache
from igloo.models import Level
from tests.conftest import add_entry, autosave_body, entry_change, phone_for
from workshops.models import Entry
from workshops.worksheet import EntryChange, _upsert_entries, worksheet_save


def change(client_id, *, text="Punkt", rev=10, question=1, codes=(), removed=False):
    return EntryChange(
        client_id=client_id,
        question=question,
        text=text,
        level_codes=list(codes),
        position=0,
        removed=removed,
        rev=rev,
    )


def levels_of(entry_id) -> set[str]:
    return set(Entry.objects.get(pk=entry_id).suggested_levels.values_list("code", flat=True))


def test_the_newest_revision_in_one_batch_wins_whatever_its_place(participant):
    point = uuid.uuid4()
    result = worksheet_save(
        participant=participant,
        fields=[],
        entries=[change(point, text="nyest", rev=30), change(point, text="ældre", rev=20)],
    )
    entry = Entry.objects.get(client_id=point)
    assert (entry.text, entry.rev) == ("nyest", 30)
    assert result.acks == {f"entry:{point}": 30}


def test_an_older_batch_changes_nothing_and_is_told_the_newer_revision(participant):
    point = uuid.uuid4()
    worksheet_save(participant=participant, fields=[], entries=[change(point, text="ny", rev=30)])
    result = worksheet_save(
        participant=participant,
        fields=[],
        entries=[change(point, text="gammel", rev=20), change(uuid.uuid4(), text="anden", rev=5)],
    )
    assert Entry.objects.get(client_id=point).text == "ny"
    assert result.acks[f"entry:{point}"] == 30
    assert Entry.objects.filter(participant=participant).count() == 2


def test_the_upsert_itself_never_lets_an_older_revision_overwrite(participant):
    """Below the service's own check: the statement's WHERE rev < excluded.rev,
    which holds even if two writers raced past the check."""
    newer, older = uuid.uuid4(), uuid.uuid4()
    written = _upsert_entries(
        participant,
        [(change(newer, text="ny", rev=30), False, None), (change(older, rev=1), False, None)],
    )
    assert set(written) == {newer, older}
    written = _upsert_entries(
        participant,
        [
            (change(newer, text="gammel", rev=20), False, None),
            (change(older, text="ny", rev=2), False, None),
        ],
    )
    assert set(written) == {older}
    assert Entry.objects.get(client_id=newer).text == "ny"
    assert Entry.objects.get(client_id=newer).rev == 30
    assert Entry.objects.get(client_id=older).text == "ny"


def test_the_facilitators_columns_stay_through_a_phones_save(participant):
    point = uuid.uuid4()
    worksheet_save(participant=participant, fields=[], entries=[change(point, text="Min tekst")])
    Entry.objects.filter(client_id=point).update(
        facilitator_text="Omformuleret", search_text="omformuleret", hidden=True, approved=True
    )
    worksheet_save(participant=participant, fields=[], entries=[change(point, text="Ny", rev=11)])
    entry = Entry.objects.get(client_id=point)
    assert (entry.text, entry.facilitator_text, entry.search_text) == (
        "Ny",
        "Omformuleret",
        "omformuleret",
    )
    assert entry.hidden and entry.approved

    other = uuid.uuid4()
    worksheet_save(participant=participant, fields=[], entries=[change(other, text="ÆBLE")])
    assert Entry.objects.get(client_id=other).search_text == "æble"


def test_levels_are_added_and_removed_only_where_they_changed(participant):
    a, b = uuid.uuid4(), uuid.uuid4()
    worksheet_save(
        participant=participant,
        fields=[],
        entries=[change(a, codes=["group", "individual"]), change(b, codes=["group"])],
    )
    ea, eb = Entry.objects.get(client_id=a), Entry.objects.get(client_id=b)
    assert levels_of(ea.pk) == {"group", "individual"}
    worksheet_save(
        participant=participant,
        fields=[],
        entries=[change(a, codes=["individual", "leadership"], rev=11), change(b, rev=11)],
    )
    assert levels_of(ea.pk) == {"individual", "leadership"}
    assert levels_of(eb.pk) == set()


def test_removing_and_the_quota_hold_in_one_batch(participant):
    """Twenty points per question: a batch that removes one and adds one fits."""
    from workshops.models import ENTRIES_PER_QUESTION

    ids = [uuid.uuid4() for _ in range(ENTRIES_PER_QUESTION)]
    result = worksheet_save(
        participant=participant, fields=[], entries=[change(i, text=f"p{i}") for i in ids]
    )
    assert not result.errors
    extra = uuid.uuid4()
    result = worksheet_save(participant=participant, fields=[], entries=[change(extra, rev=11)])
    assert f"entry:{extra}" in result.errors
    result = worksheet_save(
        participant=participant,
        fields=[],
        entries=[change(ids[0], rev=11, removed=True), change(extra, rev=12)],
    )
    assert not result.errors
    assert Entry.objects.live().filter(participant=participant).count() == ENTRIES_PER_QUESTION
    assert Entry.objects.get(client_id=ids[0]).removed


def test_the_schemes_levels_are_read_once_per_process(workshop, participant):
    level_cache.forget()
    url = reverse("phone:save", args=[workshop.public_id])
    phone = phone_for(participant)

    def level_queries(body) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = phone.post(url, data=body, content_type="application/json")
        assert response.status_code == 200
        return sum('FROM "igloo_level"' in q["sql"] for q in ctx.captured_queries)

    body = autosave_body(entries=[entry_change(levels=["group"])])
    assert level_queries(body) == 1
    assert level_queries(autosave_body(entries=[entry_change(levels=["group"])])) == 0

    # A level saved (the admin, a data migration) empties the cache.
    level = Level.objects.get(scheme_id=workshop.scheme_id, code="group")
    level.save()
    assert level_queries(autosave_body(entries=[entry_change(levels=["group"])])) == 1


def test_a_card_on_the_board_keeps_its_placement_through_a_save(participant):
    entry = add_entry(participant, "Kort", levels=["group"], placed=["leadership"])
    worksheet_save(
        participant=participant,
        fields=[],
        entries=[change(entry.client_id, text="Kort, rettet", rev=5, codes=["individual"])],
    )
    entry = Entry.objects.get(pk=entry.pk)
    assert entry.placed and entry.text == "Kort, rettet"
    assert set(entry.placed_levels.values_list("code", flat=True)) == {"leadership"}
    assert levels_of(entry.pk) == {"individual"}


def test_the_level_cache_is_emptied_by_a_migrations_own_level_class(workshop):
    """A data migration (or igloo.data.sync with a migration's apps) saves
    levels through historical classes: the cache watches the label, not the
    class."""
    from django.db.models.signals import post_save

    level_cache.level_ids(workshop.scheme_id)
    assert level_cache._levels
    historical = type("Level", (), {"_meta": type("Meta", (), {"label": "igloo.Level"})()})
    post_save.send(sender=historical, instance=None, created=False)
    assert not level_cache._levels
