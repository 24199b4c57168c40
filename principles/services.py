"""Workflows of the principles app: merging, voting, publishing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max, Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.errors import DomainError
from workshops.models import Entry, Membership, Participant, Phase, Question, Role, Workshop
from workshops.services import workshop_touch

from .models import (
    CELL_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Charter,
    CharterVersion,
    Decision,
    Principle,
    PrincipleSource,
    ShareLink,
    Vote,
)

# A charter's rows: what one page of voting and one PDF are made for. With
# the text limits of a principle (models.py) this bounds a PDF's first render
# (bench/pdf.py measures the largest).
PRINCIPLES_MAX = 60


class PrincipleConflict(DomainError):
    """Someone else changed the principle first; `principle` is how it is now."""

    def __init__(self, message: str, principle: Principle):
        super().__init__(message)
        self.principle = principle


def _lock_workshop(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _hints(entries: list[Entry], levels) -> dict[str, str]:
    """For each level, the merged cards placed there: a starting point the
    facilitator rewrites into what the principle means at that level."""
    by_code: dict[str, list[str]] = {}
    for entry in entries:
        for level in entry.effective_levels:
            by_code.setdefault(level.code, []).append(entry.shown_text)
    return {
        level.code: "\n".join(f"· {text}" for text in by_code[level.code])[:CELL_MAX_LENGTH]
        for level in levels
        if level.code in by_code
    }


def principle_merge(
    *, workshop: Workshop, entry_ids: list[int], principle: Principle | None = None
) -> Principle:
    """Make a new principle from cards, or add cards to an existing one.

    Merging the same cards into a new principle twice (two facilitators at
    once, or a double click) gives the one principle, not two.
    """
    with transaction.atomic():
        _lock_workshop(workshop)
        entries = list(
            Entry.objects.live()
            .filter(workshop=workshop, pk__in=entry_ids)
            .prefetch_related("suggested_levels", "placed_levels")
            .order_by("question", "pk")
        )
        if not entries or len(entries) != len(set(entry_ids)):
            raise DomainError(_("Choose one or more cards of this workshop to merge."))
        levels = list(workshop.scheme.levels.all())
        wanted = {entry.pk for entry in entries}
        if principle is None:
            for existing in Principle.objects.filter(workshop=workshop).prefetch_related("sources"):
                if {entry.pk for entry in existing.sources.all()} == wanted:
                    return existing
            if Principle.objects.filter(workshop=workshop).count() >= PRINCIPLES_MAX:
                raise DomainError(
                    ngettext(
                        "A workshop has at most %(n)d principle. Add the cards to it, "
                        "or delete it first.",
                        "A workshop has at most %(n)d principles. Add the cards to one of "
                        "them, or delete one first.",
                        PRINCIPLES_MAX,
                    )
                    % {"n": PRINCIPLES_MAX}
                )
            first = entries[0].shown_text
            principle = Principle.objects.create(
                workshop=workshop,
                title=first if len(first) <= 80 else first[:79].rstrip() + "…",
                cells=_hints(entries, levels),
                position=(
                    Principle.objects.filter(workshop=workshop).aggregate(n=Max("position"))["n"]
                    or 0
                )
                + 1,
            )
        else:
            principle = (
                Principle.objects.select_for_update()
                .filter(pk=principle.pk, workshop=workshop)
                .first()
            )
            if principle is None:
                raise DomainError(_("This principle is not part of the workshop."))
            cells = dict(principle.cells)
            for code, hint in _hints(entries, levels).items():
                if not cells.get(code):
                    cells[code] = hint
            principle.cells = cells
            principle.edit_version += 1
            principle.save(update_fields=["cells", "edit_version", "updated_at"])
        have = set(principle.sources.values_list("pk", flat=True))
        PrincipleSource.objects.bulk_create(
            PrincipleSource(principle=principle, entry=entry)
            for entry in entries
            if entry.pk not in have
        )
        workshop_touch(workshop.pk)
    return principle


@dataclass(frozen=True)
class GroupAccepted:
    # None: every card of the group was already in a principle.
    principle: Principle | None
    merged: int
    left_out: int


def group_accept(*, workshop: Workshop, entry_ids: list[int], title: str = "") -> GroupAccepted:
    """A draft group of cards, as the facilitator edited it, into a new
    principle (principle_merge), named `title` when one is given.

    The page may be stale: another facilitator, or another group on the same
    page, may have merged some of its cards meanwhile. Only the cards that
    feed no principle yet are merged, and that is decided under the
    workshop's lock, so two accepts at once can't put a card in two
    principles. `left_out` counts the cards left out for that reason."""
    with transaction.atomic():
        _lock_workshop(workshop)
        cards = Entry.objects.live().filter(workshop=workshop, pk__in=entry_ids)
        still_open = sorted(cards.unused().values_list("pk", flat=True))
        left_out = cards.filter(principles__isnull=False).distinct().count()
        if left_out and not still_open:
            return GroupAccepted(principle=None, merged=0, left_out=left_out)
        # A card of another workshop, or one deleted meanwhile, is left out
        # too; when no card is left at all, principle_merge refuses the group.
        principle = principle_merge(workshop=workshop, entry_ids=still_open or entry_ids)
        title = title.strip()
        if title and title != principle.title:
            principle = principle_update(
                principle=principle,
                edit_version=principle.edit_version,
                title=title,
                statement=principle.statement,
                cells=principle.cells,
            )
    return GroupAccepted(principle=principle, merged=len(still_open), left_out=left_out)


def principle_update(
    *,
    principle: Principle,
    edit_version: int,
    title: str,
    statement: str,
    cells: dict[str, str],
) -> Principle:
    """Save the facilitator's wording, unless someone saved since they opened it."""
    with transaction.atomic():
        current = Principle.objects.select_for_update().get(pk=principle.pk)
        if current.edit_version != edit_version:
            raise PrincipleConflict(
                _(
                    "Someone else changed this principle while you were editing it. Here is "
                    "how it is now; make your change again."
                ),
                current,
            )
        current.title = title[:TITLE_MAX_LENGTH]
        current.statement = statement[:STATEMENT_MAX_LENGTH]
        codes = set(current.workshop.scheme.levels.values_list("code", flat=True))
        current.cells = {
            code: text[:CELL_MAX_LENGTH] for code, text in cells.items() if text and code in codes
        }
        current.edit_version += 1
        current.save()
        workshop_touch(current.workshop_id)
    return current


def principle_remove_source(*, principle: Principle, entry: Entry) -> None:
    """Take a card out of a principle; the card itself stays."""
    with transaction.atomic():
        PrincipleSource.objects.filter(principle=principle, entry=entry).delete()
        Principle.objects.filter(pk=principle.pk).update(edit_version=F("edit_version") + 1)
        workshop_touch(principle.workshop_id)


def principle_delete(*, principle: Principle) -> None:
    """Delete a principle; its cards stay on the board."""
    with transaction.atomic():
        workshop_id = principle.workshop_id
        principle.delete()
        workshop_touch(workshop_id)


def principle_move(*, principle: Principle, up: bool) -> None:
    """Swap a principle with its neighbour in the charter's order."""
    with transaction.atomic():
        _lock_workshop(principle.workshop)
        ordered = list(Principle.objects.filter(workshop=principle.workshop_id))
        for index, item in enumerate(ordered):
            item.position = index
        index = next(i for i, item in enumerate(ordered) if item.pk == principle.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(ordered):
            ordered[index].position, ordered[other].position = other, index
        Principle.objects.bulk_update(ordered, ["position"])
        workshop_touch(principle.workshop_id)


def principles_order_by_votes(*, workshop: Workshop) -> None:
    """Put the principles in the order of their dots, most first."""
    with transaction.atomic():
        _lock_workshop(workshop)
        ordered = sorted(
            Principle.objects.filter(workshop=workshop).prefetch_related("votes"),
            key=lambda p: (-len(p.votes.all()), p.position, p.pk),
        )
        for index, item in enumerate(ordered):
            item.position = index
        Principle.objects.bulk_update(ordered, ["position"])
        workshop_touch(workshop.pk)


# Voting -------------------------------------------------------------------------


def dots_left(participant: Participant) -> int:
    used = Vote.objects.filter(participant=participant).count()
    return max(participant.workshop.dots_per_participant - used, 0)


def vote_add(*, participant: Participant, principle: Principle) -> int:
    """Put one of the phone's dots on a principle; returns the dots left.

    The participant's row is locked, so requests sent twice or at once can
    never spend more dots than the phone has.
    """
    with transaction.atomic():
        participant = Participant.objects.locked(participant)
        workshop = participant.workshop
        if workshop.phase != Phase.VOTING:
            raise DomainError(_("Voting is not open."))
        if principle.workshop_id != workshop.pk:
            raise DomainError(_("This principle is not part of the workshop."))
        if participant.late_for_voting:
            # The same words as the phone's ballot (templates/_vote.html).
            raise DomainError(
                _(
                    "You joined after voting started, so you can't put dots in this workshop. "
                    "Only participants who were there when voting started can vote."
                )
            )
        used = Vote.objects.filter(participant=participant).count()
        if used >= workshop.dots_per_participant:
            raise DomainError(
                ngettext(
                    "You have used your %(n)d dot. Take it back to move it.",
                    "You have used all your %(n)d dots. Take one back to move it.",
                    workshop.dots_per_participant,
                )
                % {"n": workshop.dots_per_participant}
            )
        Vote.objects.create(participant=participant, principle=principle)
        workshop_touch(workshop.pk)
        return workshop.dots_per_participant - used - 1


def vote_remove(*, participant: Participant, principle: Principle) -> int:
    """Take back one dot from a principle, while voting is open."""
    with transaction.atomic():
        participant = Participant.objects.locked(participant)
        workshop = participant.workshop
        if workshop.phase != Phase.VOTING:
            raise DomainError(_("Voting is not open."))
        vote = Vote.objects.filter(participant=participant, principle=principle).first()
        if vote is not None:
            vote.delete()
            workshop_touch(workshop.pk)
        return dots_left(participant)


# The charter ------------------------------------------------------------------------


def default_preamble(workshop: Workshop) -> str:
    with translation.override(workshop.language):
        return _(
            "When we implement and use generative AI, we want to secure productivity, "
            "well-being and meaningfulness in our ways of working. That is why we at "
            "%(organisation)s have developed the following socio-technical principles, "
            "which will help us reflect continuously on our use of AI – and serve as "
            "guardians of what we see as a responsible and balanced approach to the "
            "everyday use of artificial intelligence."
        ) % {"organisation": workshop.organisation.name}


def charter_update(*, charter: Charter, title: str, date, preamble: str, include_appendix: bool):
    """What the next published version will say."""
    with transaction.atomic():
        charter.title, charter.date, charter.preamble = title, date, preamble
        charter.include_appendix = include_appendix
        charter.save()
        workshop_touch(charter.workshop_id)
    return charter


def charter_for(workshop: Workshop) -> Charter:
    """The workshop's charter draft, made with the template's text if new."""
    charter = Charter.objects.filter(workshop=workshop).first()
    if charter is None:
        with translation.override(workshop.language):
            title = _("Socio-technical AI principles at %(organisation)s") % {
                "organisation": workshop.organisation.name
            }
        charter, _created = Charter.objects.get_or_create(
            workshop=workshop,
            defaults={
                "title": title[:200],
                "date": timezone.localdate(),
                "preamble": default_preamble(workshop),
            },
        )
    return charter


def table_heading(workshop: Workshop) -> str:
    with translation.override(workshop.language):
        if workshop.ai_focus == "genai":
            return pgettext(
                "charter table", "Principles for socio-technical AI reflection: When we use GenAI…"
            )
        return pgettext(
            "charter table", "Principles for socio-technical AI reflection: When we use AI…"
        )


def entry_counts(workshop: Workshop) -> tuple[list[dict], list[dict]]:
    """Points per question × level (hidden cards left out), for the appendix.
    Counts only, never broken down by team or profession."""
    levels = list(workshop.scheme.levels.all())
    counts = Counter()
    entries = (
        Entry.objects.visible()
        .filter(workshop=workshop)
        .prefetch_related("suggested_levels", "placed_levels")
    )
    for entry in entries:
        codes = [level.code for level in entry.effective_levels] or ["-"]
        for code in codes:
            counts[(entry.question, code)] += 1
    columns = [{"code": level.code, "name": level.name} for level in levels]
    columns.append({"code": "-", "name": _("Not placed")})
    rows = [
        {
            "number": q,
            "label": str(Question(q).label),
            "counts": {column["code"]: counts[(q, column["code"])] for column in columns},
        }
        for q in Question.values
    ]
    return columns, rows


def principle_key(principle: Principle) -> int:
    """A principle's id in published content: a copy in a follow-up workshop
    keeps the id of the principle it was copied from."""
    return principle.origin_key or principle.pk


def charter_content(workshop: Workshop, charter: Charter | None = None) -> dict:
    """Everything a published version shows, in the workshop's language."""
    charter = charter or charter_for(workshop)
    with translation.override(workshop.language):
        levels = [
            {"code": level.code, "name": level.name} for level in workshop.scheme.levels.all()
        ]
        everything = (
            Principle.objects.filter(workshop=workshop)
            .prefetch_related(
                "votes",
                Prefetch(
                    "sources",
                    queryset=Entry.objects.visible().order_by("question", "pk"),
                ),
            )
            .order_by("position", "pk")
        )
        principles = [p for p in everything if p.decision != Decision.RETIRE]
        content = {
            "title": charter.title,
            "date": charter.date.isoformat(),
            "preamble": charter.preamble,
            "organisation": workshop.organisation.name,
            "workshop": workshop.title,
            "language": workshop.language,
            "table_heading": table_heading(workshop),
            "levels": levels,
            "principles": [
                {
                    "id": principle_key(principle),
                    "title": principle.title,
                    "statement": principle.statement,
                    "cells": {
                        level["code"]: principle.cells.get(level["code"], "") for level in levels
                    },
                    "votes": len(principle.votes.all()),
                    "sources": [
                        {"question": entry.question, "text": entry.shown_text}
                        for entry in principle.sources.all()
                    ],
                }
                for principle in principles
            ],
            "include_appendix": charter.include_appendix,
        }
        # A follow-up workshop's decision on each principle it reviewed.
        decisions = [
            {
                "id": principle_key(principle),
                "title": principle.title,
                "decision": principle.decision,
                "decision_label": str(Decision(principle.decision).label),
                "reason": principle.decision_reason,
            }
            for principle in everything
            if principle.decision
        ]
        if decisions:
            content["decisions"] = decisions
        if charter.include_appendix:
            columns, rows = entry_counts(workshop)
            content["appendix"] = {"columns": columns, "rows": rows}
    return content


def charter_publish(
    *, workshop: Workshop, user, site_url: str = "", notify: bool = True
) -> CharterVersion:
    """Freeze the charter as it is now into the next numbered version, and
    tell the organisation's managers once it is saved.

    `site_url` ("https://host") makes the e-mail's link absolute when
    PUBLIC_BASE_URL is not set.
    """
    home = workshop.charter_home
    with transaction.atomic():
        _lock_workshop(home)
        if (
            not Principle.objects.filter(workshop=workshop)
            .exclude(decision=Decision.RETIRE)
            .exists()
        ):
            raise DomainError(_("Merge at least one principle before publishing."))
        number = (
            CharterVersion.objects.filter(workshop=home).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        version = CharterVersion.objects.create(
            workshop=home,
            made_in=workshop,
            number=number,
            content=charter_content(workshop),
            language=workshop.language,
            published_by=user,
        )
        workshop_touch(workshop.pk)
        if notify:
            # Only a version that was really saved is announced.
            transaction.on_commit(
                lambda: charter_notify_managers(version=version, site_url=site_url)
            )
    return version


def charter_notify_managers(*, version: CharterVersion, site_url: str = "") -> int:
    """E-mail each manager of the organisation a link to the new version, in
    the workshop's language. One message each, so no one sees the others'
    addresses. Returns how many were sent."""
    workshop = version.workshop
    emails = sorted(
        set(
            Membership.objects.filter(organisation_id=workshop.organisation_id, role=Role.MANAGER)
            .exclude(user__email="")
            .filter(user__is_active=True)
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        return 0
    base = (settings.PUBLIC_BASE_URL or site_url).rstrip("/")
    link = base + reverse("charters:version", args=[version.pk])
    with translation.override(version.language):
        subject = _("New charter for %(organisation)s: version %(number)d") % {
            "organisation": workshop.organisation.name,
            "number": version.number,
        }
        body = _(
            "%(title)s\n\n"
            "Version %(number)d of the charter from the workshop “%(workshop)s” is published. "
            "Read it or download it as a PDF here:\n\n"
            "%(link)s\n\n"
            "You receive this e-mail because you are a manager of %(organisation)s."
        ) % {
            "title": version.content.get("title", ""),
            "number": version.number,
            "workshop": workshop.title,
            "link": link,
            "organisation": workshop.organisation.name,
        }
    for email in emails:
        send_mail(subject, body, None, [email], fail_silently=True)
    return len(emails)


def version_diff(older: CharterVersion, newer: CharterVersion) -> dict:
    """Principles added, removed and reworded between two versions."""
    old = {p["id"]: p for p in older.content["principles"]}
    new = {p["id"]: p for p in newer.content["principles"]}
    reworded = []
    for pid in old.keys() & new.keys():
        before, after = old[pid], new[pid]
        changed_cells = [
            level
            for level in newer.content["levels"]
            if before["cells"].get(level["code"], "") != after["cells"].get(level["code"], "")
        ]
        if (
            before["title"] != after["title"]
            or before["statement"] != after["statement"]
            or changed_cells
        ):
            reworded.append({"before": before, "after": after, "cells": changed_cells})
    return {
        "added": [new[pid] for pid in new if pid not in old],
        "removed": [old[pid] for pid in old if pid not in new],
        "reworded": sorted(reworded, key=lambda r: r["after"]["title"]),
        "preamble_changed": older.content["preamble"] != newer.content["preamble"],
        # What a follow-up workshop decided, with its reasons, when `newer`
        # came from one.
        "decisions": newer.content.get("decisions", []),
    }


def share_link_create(*, workshop: Workshop, user) -> ShareLink:
    return ShareLink.objects.create(workshop=workshop, created_by=user)


def share_link_revoke(*, link: ShareLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
