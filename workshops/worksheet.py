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

from django.db import transaction
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import DomainError
from igloo.models import InspirationCard, Level

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


class _Quota:
    """Points per question of one participant, counted at most once per save
    and only when a change could add a point to a question."""

    def __init__(self, participant: Participant):
        self.participant = participant
        self.counts: dict[int, int] | None = None

    def full(self, question: int) -> bool:
        if self.counts is None:
            self.counts = dict(
                Entry.objects.live()
                .filter(participant=self.participant)
                .values_list("question")
                .annotate(n=Count("pk"))
            )
        return self.counts.get(question, 0) >= ENTRIES_PER_QUESTION

    def moved(self, old: int | None, new: int | None) -> None:
        """A point left question `old` and/or arrived at `new` (None: neither)."""
        if self.counts is None:
            return
        if old is not None:
            self.counts[old] = self.counts.get(old, 1) - 1
        if new is not None:
            self.counts[new] = self.counts.get(new, 0) + 1


def _save_entries(participant: Participant, changes: list[EntryChange], result: SaveResult):
    changes = _newest_per_entry(changes)
    stored = _stored_entries(participant, changes)
    levels = _levels_named(participant.workshop, changes)
    quota = _Quota(participant)
    now = timezone.now()
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
        refusal = _refusal(change, entry, removed, levels, quota)
        if refusal:
            result.errors[key] = refusal
            continue
        old = entry.question if entry is not None and not entry.removed else None
        entry = _write_entry(participant, entry, change, removed, now)
        quota.moved(old, None if removed else change.question)
        _set_suggested_levels(entry, change.level_codes, levels)
        result.changed = True
        result.acks[key] = entry.rev


def _newest_per_entry(changes: list[EntryChange]) -> list[EntryChange]:
    """One batch may name a point twice (a phone resending): the newest wins."""
    newest: dict[uuid.UUID, EntryChange] = {}
    for change in changes:
        if change.client_id not in newest or change.rev > newest[change.client_id].rev:
            newest[change.client_id] = change
    return list(newest.values())


def _stored_entries(participant: Participant, changes: list[EntryChange]) -> dict:
    return {
        entry.client_id: entry
        for entry in Entry.objects.select_for_update()
        .filter(participant=participant, client_id__in=[c.client_id for c in changes])
        .prefetch_related(Prefetch("suggested_levels", to_attr="level_list"))
    }


def _levels_named(workshop: Workshop, changes: list[EntryChange]) -> dict[str, Level]:
    codes = {code for change in changes for code in change.level_codes}
    if not codes:
        return {}
    return {
        lvl.code: lvl for lvl in Level.objects.filter(scheme_id=workshop.scheme_id, code__in=codes)
    }


def _refusal(change: EntryChange, entry, removed: bool, levels: dict, quota: _Quota) -> str:
    """Why this change can't be stored, or "" if it can."""
    if any(code not in levels for code in change.level_codes):
        return _("Unknown level.")
    already_there = entry is not None and not entry.removed and entry.question == change.question
    if not removed and not already_there and quota.full(change.question):
        return _("You can write at most %(n)d points for each question.") % {
            "n": ENTRIES_PER_QUESTION
        }
    return ""


def _write_entry(participant, entry, change: EntryChange, removed: bool, now) -> Entry:
    if entry is None:
        entry = Entry(
            workshop_id=participant.workshop_id,
            participant=participant,
            client_id=change.client_id,
        )
    entry.question = change.question
    entry.text = "" if removed else change.text
    entry.position = change.position
    entry.removed = removed
    entry.rev = change.rev
    entry.updated_at = now
    if entry.pk is None:
        entry.save()
    else:
        # Only the phone's own columns: a hide or rewording by the
        # facilitator in the meantime stays.
        entry.save(update_fields=["question", "text", "position", "removed", "rev", "updated_at"])
    return entry


def _set_suggested_levels(entry: Entry, codes: list[str], levels: dict[str, Level]) -> None:
    wanted = list(dict.fromkeys(codes))
    had = [level.code for level in getattr(entry, "level_list", [])]
    if sorted(wanted) != sorted(had):
        entry.suggested_levels.set([levels[code] for code in wanted])


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
    cards = _inspiration_by_question(workshop)
    questions = [
        {
            "number": q,
            "label": Question(q).label,
            "entries": by_question[q],
            "cards": cards[q],
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


def _inspiration_by_question(workshop: Workshop) -> dict[int, list]:
    """Up to four inspiration cards per question, for the workshop's AI focus."""
    by_question = {q: [] for q in Question.values}
    for card in InspirationCard.objects.for_focus(workshop.ai_focus).order_by("position"):
        for q in card.questions:
            if q in by_question and len(by_question[q]) < 4:
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
