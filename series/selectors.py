"""Reads of the series app's pages: the series' table, the comparison
across teams, and the organisation charter's coverage and provenance.

Counts from a team of fewer than SMALL_TEAM participants, or from a cell
that fewer than SMALL_TEAM participants wrote into, never leave here as
numbers: they are WITHHELD ("<5"), so no small team or group of people can
be singled out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from agreements.models import ReviewPlan
from igloo.models import LevelScheme
from principles.models import CharterVersion, Principle
from workshops.models import Entry, Question

from .models import SMALL_TEAM, ImportedPrinciple, Series, SeriesWorkshop

WITHHELD = f"<{SMALL_TEAM}"


def members_of(series: Series) -> list[SeriesWorkshop]:
    """The series' team workshops with their participant counts (as
    `joined`) and newest published version (as `latest`)."""
    members = list(
        series.members.select_related("workshop", "workshop__assigned_facilitator").annotate(
            joined=Count("workshop__participants", distinct=True)
        )
    )
    latest = {}
    for version in CharterVersion.objects.filter(
        workshop_id__in=[m.workshop_id for m in members]
    ).order_by("workshop_id", "number"):
        latest[version.workshop_id] = version
    reviews = dict(
        ReviewPlan.objects.filter(charter_id__in=[m.workshop_id for m in members]).values_list(
            "charter_id", "next_review"
        )
    )
    for member in members:
        member.latest = latest.get(member.workshop_id)
        member.small = member.joined < SMALL_TEAM
        member.participants_shown = WITHHELD if member.small else member.joined
        member.next_review = reviews.get(member.workshop_id)
    return members


def team_sizes(series: Series) -> dict[int, int]:
    """Participants per team workshop, by workshop id."""
    return dict(
        series.members.annotate(n=Count("workshop__participants", distinct=True)).values_list(
            "workshop_id", "n"
        )
    )


@dataclass
class TeamColumn:
    name: str
    withheld: bool
    # (question, level code) -> points; empty when withheld.
    counts: dict = field(default_factory=dict)
    # (question, level code) -> distinct participants behind those points.
    people: dict = field(default_factory=dict)
    # level code -> whole percent of the team's points; empty when withheld.
    shares: dict = field(default_factory=dict)
    # level code -> distinct participants with points on the level.
    people_on_level: dict = field(default_factory=dict)
    # Level codes whose share is withheld only so that a withheld one can't
    # be worked out from the rest (see hide_complement).
    complement: set = field(default_factory=set)
    total: int = 0

    def cell(self, question: int, code: str) -> int | str:
        """Points, or WITHHELD when the team or the cell has fewer than
        SMALL_TEAM participants behind it (an empty cell is 0: it names no one)."""
        if self.withheld or 0 < self.people.get((question, code), 0) < SMALL_TEAM:
            return WITHHELD
        return self.counts.get((question, code), 0)

    def share(self, code: str) -> int | str:
        if self.withheld or code in self.complement or self._few_on(code):
            return WITHHELD
        return self.shares.get(code, 0)

    def _few_on(self, code: str) -> bool:
        return 0 < self.people_on_level.get(code, 0) < SMALL_TEAM

    def hide_complement(self, codes: list[str]) -> None:
        """The shares add up to 100, so one withheld share alone is 100 minus
        the others: withhold the smallest shown share with it as well. Levels
        someone wrote on come first, since a level with no points reads as 0
        in the counts anyway. (Counts per cell get no such second cell.)"""
        if self.withheld or sum(self._few_on(code) for code in codes) != 1:
            return
        shown = [code for code in codes if not self._few_on(code)]
        if shown:
            # min() keeps the first of equals: ties go to the leftmost column.
            smallest = min(
                shown, key=lambda code: (code not in self.people_on_level, self.shares.get(code, 0))
            )
            self.complement = {smallest}


def comparison_levels(members: list[SeriesWorkshop]) -> tuple[list[dict], bool]:
    """The columns of the comparison: the level scheme the team workshops
    were made with (not the template's now), or, where teams use different
    schemes, the IGLOO levels every level maps onto. The flag says whether
    an entry's level is read by its IGLOO level."""
    schemes = {member.workshop.scheme_id for member in members}
    if len(schemes) == 1:
        levels = members[0].workshop.scheme.levels.all()
        return [{"code": lv.code, "name": lv.name} for lv in levels], False
    igloo = LevelScheme.objects.filter(slug="igloo").first()
    levels = igloo.levels.all() if igloo else []
    return [{"code": lv.igloo, "name": lv.name} for lv in levels], True


def comparison(series: Series) -> dict:
    """Points per question × level for each team, and each team's share of
    its points on each level. A team under SMALL_TEAM participants shows
    WITHHELD in every cell (the counts of its cards are never even read),
    and so does any cell or level share of a larger team that fewer than
    SMALL_TEAM participants wrote into, and, where that is one share of a
    team, a second share with it (TeamColumn.hide_complement)."""
    members = members_of(series)
    levels, by_igloo = comparison_levels(members) if members else ([], False)
    teams = []
    for member in members:
        column = TeamColumn(name=member.team_name, withheld=member.small)
        if not member.small:
            entries = (
                Entry.objects.visible()
                .filter(workshop_id=member.workshop_id)
                .prefetch_related("suggested_levels", "placed_levels")
            )
            counts = Counter()
            people: dict[tuple, set] = {}
            on_level: dict[str, set] = {}
            for entry in entries:
                for level in entry.effective_levels:
                    code = level.igloo if by_igloo else level.code
                    counts[(entry.question, code)] += 1
                    people.setdefault((entry.question, code), set()).add(entry.participant_id)
                    on_level.setdefault(code, set()).add(entry.participant_id)
            column.counts = dict(counts)
            column.people = {key: len(ids) for key, ids in people.items()}
            column.people_on_level = {code: len(ids) for code, ids in on_level.items()}
            column.total = sum(counts.values())
            per_level = Counter()
            for (_question, code), n in counts.items():
                per_level[code] += n
            column.shares = {
                code: round(100 * n / column.total) if column.total else 0
                for code, n in per_level.items()
            }
            column.hide_complement([level["code"] for level in levels])
        teams.append(column)
    rows = [
        {
            "number": q,
            "label": str(Question(q).label),
            "short": str(Question(q).short_label),
            "cells": [
                {"team": team, "level": level, "value": team.cell(q, level["code"])}
                for team in teams
                for level in levels
            ],
        }
        for q in Question.values
    ]
    shown = [cell["value"] for row in rows for cell in row["cells"]]
    peak = max([v for v in shown if isinstance(v, int)] or [0])
    for row in rows:
        for cell in row["cells"]:
            cell["strength"] = _strength(cell["value"], peak)
            cell["first"] = cell["level"] is levels[0]
    shares = [
        {
            "team": team,
            "cells": [
                {
                    "value": team.share(level["code"]),
                    "strength": _strength(team.share(level["code"]), 100),
                }
                for level in levels
            ],
        }
        for team in teams
    ]
    return {"levels": levels, "teams": teams, "rows": rows, "peak": peak, "shares": shares}


def _strength(value, peak: int) -> int | None:
    """The heat class 0–4 of a count (None: withheld)."""
    if not isinstance(value, int):
        return None
    if value == 0 or not peak:
        return 0
    return min(4, 1 + (3 * value) // peak)


def comparison_csv_rows(series: Series) -> list[list]:
    data = comparison(series)
    header = [
        _("Team"),
        _("Question"),
        _("Level"),
        _("Points"),
        _("Share of the team's points (%)"),
    ]
    rows = [header]
    for team in data["teams"]:
        for q in Question.values:
            for level in data["levels"]:
                rows.append([team.name, q, level["name"], team.cell(q, level["code"]), ""])
        for level in data["levels"]:
            share = team.share(level["code"])
            rows.append([team.name, "", level["name"], "", share])
    return rows


# The organisation charter -----------------------------------------------------------


@dataclass
class Source:
    """One team principle behind an organisation principle, from the frozen
    version it was imported from."""

    item: ImportedPrinciple
    team: str
    number: int
    title: str
    statement: str
    votes: int | None
    # The team's anonymous cards, or None when the team is too small to show them.
    cards: list | None
    # The team's newer version changed this principle (or left it out) since
    # someone last looked: `newest` is that version's number, and `now` the
    # principle as it reads there (None: it is gone).
    changed: bool
    newest: int
    now: dict | None = None


def _principle_in(version: CharterVersion | None, key: int) -> dict | None:
    if version is None:
        return None
    return next((p for p in version.content.get("principles", []) if p["id"] == key), None)


def _wording(principle: dict | None) -> tuple:
    """What a reader of the team's charter reads of a principle."""
    if principle is None:
        return ()
    return (principle.get("title", ""), principle.get("statement", ""), principle.get("cells", {}))


def _sources(imports, sizes: dict[int, int], versions: dict[tuple[int, int], CharterVersion]):
    newest = {}
    for workshop_id, number in versions:
        newest[workshop_id] = max(newest.get(workshop_id, 0), number)
    result = []
    for item in imports:
        workshop_id = item.member.workshop_id
        found = _principle_in(item.version, item.source_key) or {}
        small = sizes.get(workshop_id, 0) < SMALL_TEAM
        latest = newest.get(workshop_id, 0)
        changed, now = False, None
        if latest > item.seen_number:
            # Compared with the version someone last looked at: a republish
            # that leaves this principle as it was marks nothing.
            seen = versions.get((workshop_id, item.seen_number), item.version)
            now = _principle_in(versions.get((workshop_id, latest)), item.source_key)
            changed = _wording(now) != _wording(_principle_in(seen, item.source_key))
        result.append(
            Source(
                item=item,
                team=item.team_name,
                number=item.version.number,
                title=found.get("title", ""),
                statement=found.get("statement", ""),
                votes=None if small else found.get("votes", 0),
                cards=None if small else found.get("sources", []),
                changed=changed,
                newest=latest,
                now=now if changed else None,
            )
        )
    return result


def coverage(series: Series) -> list[Principle]:
    """The organisation charter's principles, each with `sources`, `teams`
    (how many of the series' teams support it), `of` (how many teams the
    series has), `dots` (summed over teams of SMALL_TEAM or more that voted,
    else None) and `changed` (a team's newer version changed or dropped one
    of its team principles since someone last looked)."""
    if series.charter_id is None:
        return []
    sizes = team_sizes(series)
    versions = {
        (v.workshop_id, v.number): v
        for v in CharterVersion.objects.filter(workshop_id__in=list(sizes)).only(
            "workshop_id", "number", "content"
        )
    }
    principles = list(
        Principle.objects.filter(workshop_id=series.charter_id)
        .prefetch_related("imports__version", "imports__member")
        .order_by("position", "pk")
    )
    for principle in principles:
        principle.sources_ = _sources(principle.imports.all(), sizes, versions)
        principle.teams = len({s.item.member_id for s in principle.sources_})
        principle.of = len(sizes)
        counted = [s.votes for s in principle.sources_ if s.votes]
        principle.dots = sum(counted) if counted else None
        principle.changed = any(s.changed for s in principle.sources_)
    return principles


def contributing(series: Series) -> list[dict]:
    """The teams and versions an organisation charter was rolled up from."""
    if series.charter_id is None:
        return []
    seen = {}
    for item in ImportedPrinciple.objects.filter(
        principle__workshop_id=series.charter_id
    ).select_related("version", "member"):
        key = (item.member.position, item.team_name, item.version.number)
        seen[key] = {
            "team": item.team_name,
            "number": item.version.number,
            "published_at": item.version.published_at,
        }
    return [seen[key] for key in sorted(seen)]


def rollup_snapshot(series: Series) -> dict:
    """What a published organisation version freezes beside itself: the
    contributing teams and versions, and each principle's coverage."""
    return {
        "teams": [
            {
                "team": t["team"],
                "number": t["number"],
                "published_at": t["published_at"].isoformat(),
            }
            for t in contributing(series)
        ],
        "of": len(team_sizes(series)),
        "principles": [
            {
                "id": p.pk,
                "title": p.title,
                "teams": p.teams,
                "dots": p.dots,
                "sources": [
                    {"team": s.team, "number": s.number, "title": s.title} for s in p.sources_
                ],
            }
            for p in coverage(series)
        ],
    }
