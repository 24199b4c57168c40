"""The STEP 1 worksheet: the page, what a phone sends, and how it is stored.

A worksheet's answers live on its Participant (one to one, the same
lifecycle; the autosave locks that row). A paper worksheet is a participant
`from_paper`, typed in by the facilitator through the same page.

Two ways in, one set of changes:
- the phone's autosave sends JSON batches (`changes_from_json`),
- a phone without JavaScript, the final "Submit" and the facilitator's paper
  form post the whole page (`changes_from_form`).
Both validate each change with the same forms, and `worksheet_save` applies
them: idempotent, since every change carries a revision and one that is not
newer than the stored one changes nothing.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import DomainError
from igloo.levels import level_ids

from .forms import EntryChangeForm, WorksheetFieldsForm
from .live import room_key, timer_shown
from .models import (
    ENTRIES_PER_QUESTION,
    ENTRY_MAX_LENGTH,
    Entry,
    Participant,
    Phase,
    Question,
    Workshop,
)
from .services import workshop_touch

MAX_CHANGES_PER_SAVE = 200


# Changes ------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    value: str
    rev: int


@dataclass
class EntryChange:
    client_id: uuid.UUID
    question: int
    text: str
    level_codes: list[str]
    position: int
    removed: bool
    rev: int


@dataclass
class Changes:
    fields: list[FieldChange] = field(default_factory=list)
    entries: list[EntryChange] = field(default_factory=list)
    # key ("field:<name>", "entry:<id>") -> why that change was refused
    problems: dict[str, str] = field(default_factory=dict)


class Unreadable(Exception):
    """The request is not a worksheet save at all (not JSON, wrong types)."""


def entry_key(client_id: uuid.UUID | str) -> str:
    return f"entry:{client_id}"


def _field_change(changes: Changes, name: str, value, rev) -> None:
    key = f"field:{name}"
    form = WorksheetFieldsForm({name: value})
    if not isinstance(rev, int) or isinstance(rev, bool) or not 0 < rev < 2**62:
        changes.problems[key] = _("The save could not be read. Please try again.")
    elif not form.is_valid() or name in form.errors:
        changes.problems[key] = " ".join(form.errors.get(name, []))
    else:
        changes.fields.append(FieldChange(name=name, value=form.cleaned_data[name], rev=rev))


def _entry_change(changes: Changes, data: dict, level_codes: list[str]) -> None:
    form = EntryChangeForm(data, level_codes=level_codes)
    if not form.is_valid():
        key = entry_key(data.get("id"))
        changes.problems[key] = " ".join(e for errs in form.errors.values() for e in errs)
        return
    clean = form.cleaned_data
    changes.entries.append(
        EntryChange(
            client_id=clean["id"],
            question=clean["question"],
            text=clean["text"],
            level_codes=list(clean["levels"]),
            position=clean["position"] or 0,
            removed=clean["removed"],
            rev=clean["rev"],
        )
    )


def _well_typed_entry(raw) -> bool:
    # A form would quietly read a list as its last item or a number as text:
    # the JSON's types are checked first.
    return (
        isinstance(raw, dict)
        and isinstance(raw.get("id"), str)
        and isinstance(raw.get("question"), int | str)
        and isinstance(raw.get("text", ""), str)
        and isinstance(raw.get("levels", []), list)
        and all(isinstance(code, str) for code in raw.get("levels", []))
        and isinstance(raw.get("position", 0), int)
        and isinstance(raw.get("removed", False), bool)
        and isinstance(raw.get("rev"), int)
        and not isinstance(raw.get("rev"), bool)
    )


def changes_from_json(body: bytes, level_codes: list[str]) -> Changes:
    """The autosave's batch: {"fields": {name: {value, rev}}, "entries": [...]}.
    Raises Unreadable for anything that is not such a batch."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Unreadable from None
    if not isinstance(payload, dict):
        raise Unreadable
    raw_fields = payload.get("fields") or {}
    raw_entries = payload.get("entries") or []
    if not isinstance(raw_fields, dict) or not isinstance(raw_entries, list):
        raise Unreadable
    if len(raw_entries) + len(raw_fields) > MAX_CHANGES_PER_SAVE:
        raise Unreadable(_("Too many changes at once."))
    if not all(_well_typed_entry(raw) for raw in raw_entries):
        raise Unreadable

    changes = Changes()
    for name, change in raw_fields.items():
        if name not in WorksheetFieldsForm.base_fields or not isinstance(change, dict):
            changes.problems[f"field:{name}"] = _("Unknown field.")
        elif not isinstance(change.get("value"), str):
            changes.problems[f"field:{name}"] = _("The save could not be read. Please try again.")
        else:
            _field_change(changes, name, change["value"], change.get("rev"))
    for raw in raw_entries:
        _entry_change(changes, raw, level_codes)
    return changes


def changes_from_form(post, level_codes: list[str]) -> Changes:
    """The whole page as a plain form: the single fields, every point
    ("e-<id>-text" with its question, levels and position), the new point of
    each question ("new-<q>-text") and the point whose Remove was pressed."""
    rev = int(time.time() * 1000)
    changes = Changes()
    for name in WorksheetFieldsForm.base_fields:
        if name in post:
            _field_change(changes, name, post.get(name), rev)
    remove = post.get("remove", "")
    for key in post:
        if key.startswith("e-") and key.endswith("-text"):
            raw_id = key[2:-5]
            data = {
                "id": raw_id,
                "question": post.get(f"e-{raw_id}-q"),
                "text": post.get(key),
                "levels": post.getlist(f"e-{raw_id}-levels"),
                "position": post.get(f"e-{raw_id}-position") or 0,
                "removed": raw_id == remove,
                "rev": rev,
            }
        elif key.startswith("new-") and key.endswith("-text") and post.get(key, "").strip():
            question = key[4:-5]
            data = {
                "id": str(uuid.uuid4()),
                "question": question,
                "text": post.get(key),
                "levels": post.getlist(f"new-{question}-levels"),
                "position": 9_999,
                "rev": rev,
            }
        else:
            continue
        _entry_change(changes, data, level_codes)
    return changes


# Storing changes ------------------------------------------------------------------------


@dataclass
class SaveResult:
    # key -> the revision the server now holds for it
    acks: dict[str, int] = field(default_factory=dict)
    # key -> a message for the participant; nothing of that change was stored
    errors: dict[str, str] = field(default_factory=dict)
    # Whether anything was written (a repeated save writes nothing).
    changed: bool = False


def _check_editable(workshop: Workshop, by_facilitator: bool) -> None:
    """Phones write while collecting; the facilitator may still type in paper
    worksheets while clustering."""
    if workshop.accepts_entries:
        return
    if by_facilitator and workshop.phase == Phase.CLUSTERING:
        return
    raise DomainError(_("Collection has closed, so the worksheet can't be changed."))


def worksheet_save(
    *,
    participant: Participant,
    fields: list[FieldChange],
    entries: list[EntryChange],
    by_facilitator: bool = False,
) -> SaveResult:
    """Apply a worksheet's changes; raises DomainError once collection is closed."""
    result = SaveResult()
    with transaction.atomic():
        participant = Participant.objects.locked(participant)
        _check_editable(participant.workshop, by_facilitator)
        _save_fields(participant, fields, result)
        if entries:
            _save_entries(participant, entries, result)
        if result.changed:
            workshop_touch(participant.workshop_id, shard_of=participant.pk)
    return result


def worksheet_submit(*, participant: Participant, by_facilitator: bool = False) -> Participant:
    """Hand the worksheet in: counted once on the board, still editable while
    collection is open."""
    with transaction.atomic():
        participant = Participant.objects.locked(participant)
        _check_editable(participant.workshop, by_facilitator)
        if participant.submitted_at is None:
            participant.submitted_at = timezone.now()
            participant.save(update_fields=["submitted_at", "updated_at"])
            workshop_touch(participant.workshop_id, shard_of=participant.pk)
    return participant


def _save_fields(participant: Participant, changes: list[FieldChange], result: SaveResult):
    revs = dict(participant.field_revs)
    changed = []
    profession = participant.profession
    for change in changes:
        if change.rev > revs.get(change.name, 0):
            setattr(participant, change.name, change.value)
            revs[change.name] = change.rev
            changed.append(change.name)
        result.acks[f"field:{change.name}"] = revs[change.name]
    if changed:
        result.changed = True
        participant.field_revs = revs
        participant.save(update_fields=[*changed, "field_revs", "updated_at"])
        if participant.profession != profession:
            # Every card shows it: the board's next delta sends them anew.
            Entry.objects.filter(participant=participant).update(updated_at=timezone.now())


@dataclass
class _Stored:
    """What the save needs of a stored point: read for all of the
    participant's points in one query (the quota counts the live ones)."""

    pk: int
    question: int
    rev: int
    removed: bool
    level_ids: set[int] = field(default_factory=set)


def _save_entries(participant: Participant, changes: list[EntryChange], result: SaveResult):
    """A batch of points in at most four statements, however many points: one
    read of what is stored, one upsert of the points (`_upsert_entries`), and
    their suggested levels added and removed in one statement each."""
    changes = _newest_per_entry(changes)
    levels = level_ids(participant.workshop.scheme_id)
    stored = _stored_entries(participant, changes)
    counts: dict[int, int] = {}
    for entry in stored.values():
        if not entry.removed:
            counts[entry.question] = counts.get(entry.question, 0) + 1
    writes: list[tuple[EntryChange, bool, int | None]] = []
    for change in changes:
        key = entry_key(change.client_id)
        entry = stored.get(change.client_id)
        # An emptied point is a removed one: the worksheet drops empty points.
        removed = change.removed or not change.text
        if entry is not None and change.rev <= entry.rev:
            result.acks[key] = entry.rev  # a repeat or an older save
            continue
        if entry is None and removed:
            result.acks[key] = change.rev  # never stored, now gone
            continue
        refusal = _refusal(change, entry, removed, levels, counts)
        if refusal:
            result.errors[key] = refusal
            continue
        if entry is not None and not entry.removed:
            counts[entry.question] -= 1
        if not removed:
            counts[change.question] = counts.get(change.question, 0) + 1
        writes.append((change, removed, entry.pk if entry is not None else None))
    if not writes:
        return
    written = _upsert_entries(participant, writes)
    add, drop = [], []
    for change, _removed, _pk in writes:
        key = entry_key(change.client_id)
        if change.client_id not in written:
            # A newer revision got there first (the row lock makes this all but
            # impossible): the phone is told which one the server holds.
            result.acks[key] = _stored_rev(participant, change.client_id)
            continue
        pk = written[change.client_id]
        wanted = {levels[code] for code in change.level_codes}
        entry = stored.get(change.client_id)
        had = entry.level_ids if entry is not None else set()
        add += [(pk, level) for level in wanted - had]
        drop += [(pk, level) for level in had - wanted]
        result.changed = True
        result.acks[key] = change.rev
    _write_levels(add, drop)
    # A stored point whose levels alone changed moves columns on the board.
    moved = {pk for pk, _level in add + drop} & {entry.pk for entry in stored.values()}
    if moved:
        Entry.objects.filter(pk__in=moved).update(updated_at=timezone.now())


def _newest_per_entry(changes: list[EntryChange]) -> list[EntryChange]:
    """One batch may name a point twice (a phone resending): the newest wins."""
    newest: dict[uuid.UUID, EntryChange] = {}
    for change in changes:
        if change.client_id not in newest or change.rev > newest[change.client_id].rev:
            newest[change.client_id] = change
    return list(newest.values())


def _stored_entries(participant: Participant, changes: list[EntryChange]) -> dict:
    """The participant's live points and the batch's tombstones, with the
    batch's points' suggested levels, in one query. Not locked: the
    participant's row is, and every save of theirs takes it first."""
    named = [change.client_id for change in changes]
    rows = (
        Entry.objects.filter(participant=participant)
        .filter(Q(removed=False) | Q(client_id__in=named))
        .values_list("client_id", "pk", "question", "rev", "removed", "suggested_levels")
        .order_by()
    )
    stored: dict[uuid.UUID, _Stored] = {}
    for client_id, pk, question, rev, removed, level in rows:
        entry = stored.get(client_id)
        if entry is None:
            entry = stored[client_id] = _Stored(pk, question, rev, removed)
        if level is not None:
            entry.level_ids.add(level)
    return stored


def _refusal(change: EntryChange, entry, removed: bool, levels: dict, counts: dict) -> str:
    """Why this change can't be stored, or "" if it can."""
    if any(code not in levels for code in change.level_codes):
        return _("Unknown level.")
    already_there = entry is not None and not entry.removed and entry.question == change.question
    if not removed and not already_there and counts.get(change.question, 0) >= ENTRIES_PER_QUESTION:
        return ngettext(
            "You can write at most %(n)d point for each question.",
            "You can write at most %(n)d points for each question.",
            ENTRIES_PER_QUESTION,
        ) % {"n": ENTRIES_PER_QUESTION}
    return ""


# The phone's own columns: a hide, placement or rewording by the facilitator
# in the meantime stays. The search text follows the phone's text unless the
# facilitator reworded the card (then it follows theirs).
_PHONE_COLUMNS = ("question", "text", "position", "removed", "rev", "updated_at")


def _upsert_entries(
    participant: Participant, writes: list[tuple[EntryChange, bool, int | None]]
) -> dict:
    """Insert or update the batch's points in one statement:
    `INSERT … ON CONFLICT (participant, client_id) DO UPDATE … WHERE rev <
    excluded.rev`, so an older revision never overwrites a newer one, whatever
    runs at the same time. `writes`: (change, removed, the stored point's pk
    or None). Returns {client_id: pk} of the points written."""
    meta = Entry._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    params: list = []
    for change, removed, pk in writes:
        entry = Entry(
            pk=pk,
            workshop_id=participant.workshop_id,
            participant_id=participant.pk,
            client_id=change.client_id,
            question=change.question,
            text="" if removed else change.text,
            position=change.position,
            removed=removed,
            rev=change.rev,
            created_at=now,
            updated_at=now,
        )
        entry.refresh_search_text()
        params += [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    column = {f.name: qn(f.column) for f in fields}
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    updates = [
        f"{column[name]} = excluded.{column[name]}"
        for name in _PHONE_COLUMNS
        if name != "updated_at"
    ]
    # The stamp the board's deltas go by moves only when the card changed:
    # a Submit that sends the whole form again leaves it as it was.
    same = " AND ".join(
        f"{table}.{column[name]} = excluded.{column[name]}"
        for name in ("question", "text", "position", "removed")
    )
    stamp = column["updated_at"]
    updates.append(f"{stamp} = CASE WHEN {same} THEN {table}.{stamp} ELSE excluded.{stamp} END")
    search, reworded = column["search_text"], column["facilitator_text"]
    updates.append(
        f"{search} = CASE WHEN {table}.{reworded} = '' "
        f"THEN excluded.{search} ELSE {table}.{search} END"
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(column[f.name] for f in fields)}) "  # nosec B608 - the model's own names
        f"VALUES {', '.join([row] * len(writes))} "
        f"ON CONFLICT ({column['participant']}, {column['client_id']}) DO UPDATE "
        f"SET {', '.join(updates)} WHERE {table}.{column['rev']} < excluded.{column['rev']} "
        f"RETURNING {qn(meta.pk.column)}, {column['client_id']}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {uuid.UUID(str(client_id)): pk for pk, client_id in cursor.fetchall()}


def _stored_rev(participant: Participant, client_id: uuid.UUID) -> int:
    return (
        Entry.objects.filter(participant=participant, client_id=client_id)
        .values_list("rev", flat=True)
        .get()
    )


def _write_levels(add: list[tuple[int, int]], drop: list[tuple[int, int]]) -> None:
    """The suggested levels that changed: one insert of those added, one
    delete of those removed."""
    through = Entry.suggested_levels.through
    if add:
        through.objects.bulk_create(
            [through(entry_id=entry, level_id=level) for entry, level in add],
            ignore_conflicts=True,
        )
    if drop:
        q = Q()
        for entry, level in drop:
            q |= Q(entry_id=entry, level_id=level)
        through.objects.filter(q).delete()


# The page ------------------------------------------------------------------------------


def worksheet_page(
    workshop: Workshop,
    participant: Participant,
    posted=None,
    *,
    by_facilitator: bool = False,
    form_action: str | None = None,
    save_url: str | None = None,
) -> dict:
    """What the worksheet page shows. With `posted` (a refused form), the
    participant's typing is shown again instead of what is stored. The
    facilitator typing in a paper worksheet sees the same page."""
    entries = list(
        Entry.objects.live()
        .filter(participant=participant)
        .prefetch_related(Prefetch("suggested_levels", to_attr="level_list"))
        .order_by("question", "position", "created_at")
    )
    for entry in entries:
        entry.level_codes = {level.code for level in entry.level_list}
    new_texts = {}
    if posted is not None:
        entries = _entries_as_posted(entries, posted, workshop)
        new_texts = {q: posted.get(f"new-{q}-text", "") for q in Question.values}
    by_question = {q: [] for q in Question.values}
    for entry in entries:
        by_question[entry.question].append(entry)
    cards = inspiration_by_question(workshop)
    questions = [
        {
            "number": q,
            "label": Question(q).label,
            "entries": by_question[q],
            "cards": cards[q],
            "prompt": workshop.extra_prompt(q),
            "new_text": new_texts.get(q, ""),
        }
        for q in Question.values
    ]
    if posted is not None:
        fields_form = WorksheetFieldsForm(posted)
    else:
        fields_form = WorksheetFieldsForm(
            initial={name: getattr(participant, name) for name in WorksheetFieldsForm.base_fields}
        )
    return {
        "workshop": workshop,
        "participant": participant,
        "levels": list(workshop.scheme.levels.all()),
        "questions": questions,
        "editable": workshop.accepts_entries
        or (by_facilitator and workshop.phase == Phase.CLUSTERING),
        "by_facilitator": by_facilitator,
        "form_action": form_action or reverse("phone:worksheet", args=[workshop.public_id]),
        "save_url": save_url or reverse("phone:save", args=[workshop.public_id]),
        # The facilitator's paper form submits through the whole form.
        "submit_url": form_action
        if by_facilitator
        else reverse("phone:submit", args=[workshop.public_id]),
        "fields_form": fields_form,
        "entry_max_length": ENTRY_MAX_LENGTH,
        "entries_per_question": ENTRIES_PER_QUESTION,
        "field_revs": participant.field_revs,
        "sent": _sent_summary(participant, questions)
        if participant.submitted_at and not by_facilitator and posted is None
        else None,
    }


def inspiration_by_question(workshop: Workshop) -> dict[int, list]:
    """Up to four inspiration cards per question: of the workshop's AI
    focus, or of those its template chose."""
    by_question = {q: [] for q in Question.values}
    # Cards the template chose are all shown; of a whole focus, the first four.
    most = 4 if workshop.card_keys is None else None
    for card in workshop.inspiration_cards().order_by("position"):
        for q in card.questions:
            if q in by_question and (most is None or len(by_question[q]) < most):
                by_question[q].append(card)
    return by_question


def _entries_as_posted(entries: list[Entry], posted, workshop: Workshop) -> list[Entry]:
    by_id = {str(entry.client_id): entry for entry in entries}
    shown = []
    for key in posted:
        if not (key.startswith("e-") and key.endswith("-text")):
            continue
        raw_id = key[2:-5]
        entry = by_id.pop(raw_id, None)
        if entry is None:
            try:
                question = int(posted.get(f"e-{raw_id}-q", ""))
            except ValueError:
                continue
            if question not in Question.values:
                continue
            entry = Entry(workshop=workshop, question=question, client_id=raw_id)
        entry.text = posted.get(key, "")
        entry.level_codes = set(posted.getlist(f"e-{raw_id}-levels"))
        shown.append(entry)
    return shown + list(by_id.values())


def _sent_summary(participant: Participant, questions: list[dict]) -> dict:
    """What a submitted worksheet holds, in a few words: the one confirmation
    the phone shows after "Submit" (instead of a message for every layer)."""
    counts = [(q["number"], len(q["entries"])) for q in questions]
    total = sum(n for _number, n in counts)
    return {
        "points": ngettext("%(n)s point", "%(n)s points", total) % {"n": total},
        # "per question: 2 · 0 · 1 · 0 · 0" shows at a glance which were skipped.
        "per_question": _("per question: %(counts)s")
        % {"counts": " · ".join(str(n) for _number, n in counts)},
        "profession": participant.profession,
        "use_case": participant.use_case,
        "ai_kind": participant.get_ai_kind_display() if participant.ai_kind else "",
    }


def room_bar(workshop: Workshop, participant: Participant | None) -> dict:
    """The phone's room bar shows only what applies now: a timer while it
    runs, in the phases that are timed on phones. Its poll key changes when the
    timer runs out, so the finished timer leaves the bar by itself."""
    key = room_key(workshop.phase, workshop.step, workshop.timer_ends_at)
    return {
        "workshop": workshop,
        "participant": participant,
        "show_timer": timer_shown(workshop.phase, workshop.timer_ends_at),
        "room_key": key,
    }
