"""The organisation's record of what it has done for its staff's AI literacy:
the workshops held, the topics they covered and the charters that came of
them, as a one-page PDF and a CSV.

An employer who deploys AI must take measures to support the AI literacy of
its staff (AI Act Art. 4, as amended by Regulation (EU) 2026/1744); this is a
record it can show. It holds no new personal data: no participant's name or
e-mail, and every count of people under the small-group threshold is shown as
"<5", so that nobody in a small team can be singled out.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.pdf import render_pdf
from igloo.models import AIKind, IglooLevel, Polarity
from principles.exports import CSV_TYPE, csv_table
from principles.models import CharterVersion
from principles.render import TIME_ZONE, filename_slug
from workshops.models import Organisation, Question, Team, Workshop
from workshops.worksheet import inspiration_by_question as worksheet_cards

from .followup import SMALL_GROUP
from .models import ReviewPlan

TEMPLATE = "agreements/evidence.html"
# The PDF is one page: past these, a list shows its first rows (the latest
# workshops) and says how many more the CSV holds.
WORKSHOPS_SHOWN = 5
TEAMS_SHOWN = 3
CARDS_PER_CELL = 2
CHARTERS_SHOWN = 4
STYLESHEET = "css/evidence.css"
PDF_TYPE = "application/pdf"


def capped(items: list, limit: int, *, latest: bool = False) -> list:
    """At most `limit` of `items` (the last ones if `latest`), or all of
    them when only one more would be left out: an "and 1 more" line takes
    the room of the one it hides."""
    if len(items) <= limit + 1:
        return items
    return items[-limit:] if latest else items[:limit]


def shown_count(count: int) -> str:
    """A count of people as it may be shown: "<5" below the small-group
    threshold (the one the follow-up workshop's counts keep too)."""
    return f"<{SMALL_GROUP}" if count < SMALL_GROUP else str(count)


@dataclass
class HeldWorkshop:
    date: datetime.date
    title: str
    teams: list[str]
    # shown_count() of its participants; "" once their data was deleted.
    participants: str
    follow_up: bool
    data_deleted: bool

    @property
    def teams_shown(self) -> list[str]:
        return capped(self.teams, TEAMS_SHOWN)

    @property
    def teams_more(self) -> int:
        return len(self.teams) - len(self.teams_shown)


@dataclass
class ShownCard:
    title: str
    opportunity: bool
    # In how many of the workshops it was shown.
    workshops: int = 0


@dataclass
class CardGroup:
    igloo: str
    igloo_label: str
    ai_kind: str
    ai_kind_label: str
    cards: list[ShownCard] = field(default_factory=list)

    @property
    def cards_listed(self) -> list[ShownCard]:
        return capped(self.cards, CARDS_PER_CELL)

    @property
    def cards_more(self) -> int:
        return len(self.cards) - len(self.cards_listed)


@dataclass
class PublishedCharter:
    title: str
    # The home workshop's title: charters of a series share their title.
    workshop: str
    version: int
    published: datetime.date
    next_review: datetime.date | None
    at_annual_discussion: bool


@dataclass
class Evidence:
    organisation: Organisation
    made_on: datetime.date
    workshops: list[HeldWorkshop]
    questions: list[str]
    card_groups: list[CardGroup]
    charters: list[PublishedCharter]

    @property
    def cards_shown(self) -> int:
        return sum(len(group.cards) for group in self.card_groups)

    @property
    def workshops_shown(self) -> list[HeldWorkshop]:
        """The latest ones, oldest first."""
        return capped(self.workshops, WORKSHOPS_SHOWN, latest=True)

    @property
    def workshops_more(self) -> int:
        return len(self.workshops) - len(self.workshops_shown)

    @property
    def charters_shown(self) -> list[PublishedCharter]:
        """The latest ones, oldest first."""
        return capped(self.charters, CHARTERS_SHOWN, latest=True)

    @property
    def charters_more(self) -> int:
        return len(self.charters) - len(self.charters_shown)

    @property
    def ai_kinds(self) -> list[tuple[str, str]]:
        """(kind, label) of the kinds of AI any workshop showed cards on."""
        present = {group.ai_kind for group in self.card_groups}
        return [(kind, label) for kind, label in AIKind.choices if kind in present]

    @property
    def card_grid(self) -> list[tuple[str, list[CardGroup | None]]]:
        """Rows per IGLOO level, a cell per kind of AI shown: the PDF's table."""
        kinds = [kind for kind, _label in self.ai_kinds]
        by_cell = {(group.igloo, group.ai_kind): group for group in self.card_groups}
        return [
            (label, [by_cell.get((level, kind)) for kind in kinds])
            for level, label in IglooLevel.choices
            if any((level, kind) in by_cell for kind in kinds)
        ]


def held_workshops(organisation: Organisation):
    """The organisation's workshops that were held: collection started (a
    draft that never opened taught nobody anything)."""
    return (
        Workshop.objects.filter(organisation=organisation, collection_started_at__isnull=False)
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("position", "name")))
        .order_by("date", "pk")
    )


def _cards_shown(workshops: list[Workshop]) -> list[CardGroup]:
    """The inspiration cards the worksheets showed (by the workshop's AI
    focus, as the phone shows them), grouped by IGLOO level and kind of AI."""
    by_focus: dict[str, list] = {}
    counts: dict[str, int] = {}
    cards: dict[str, object] = {}
    for workshop in workshops:
        if workshop.ai_focus not in by_focus:
            shown = {c.key: c for per_q in worksheet_cards(workshop).values() for c in per_q}
            by_focus[workshop.ai_focus] = list(shown.values())
        for card in by_focus[workshop.ai_focus]:
            cards[card.key] = card
            counts[card.key] = counts.get(card.key, 0) + 1
    levels = [level for level, _label in IglooLevel.choices]
    kinds = [kind for kind, _label in AIKind.choices]
    groups: dict[tuple[str, str], CardGroup] = {}
    for card in sorted(
        cards.values(),
        key=lambda c: (levels.index(c.igloo), kinds.index(c.ai_kind), c.polarity, c.position),
    ):
        group = groups.setdefault(
            (card.igloo, card.ai_kind),
            CardGroup(
                igloo=card.igloo,
                igloo_label=str(IglooLevel(card.igloo).label),
                ai_kind=card.ai_kind,
                ai_kind_label=str(AIKind(card.ai_kind).label),
            ),
        )
        group.cards.append(
            ShownCard(
                title=card.title,
                opportunity=card.polarity == Polarity.OPPORTUNITY,
                workshops=counts[card.key],
            )
        )
    return list(groups.values())


def published_charters(organisation: Organisation) -> list[PublishedCharter]:
    """Each charter once, with its latest version and its next review."""
    latest: dict[int, CharterVersion] = {}
    for version in (
        CharterVersion.objects.filter(workshop__organisation=organisation)
        .select_related("workshop")
        .order_by("workshop_id", "number")
    ):
        latest[version.workshop_id] = version
    plans = {plan.charter_id: plan for plan in ReviewPlan.objects.filter(charter_id__in=latest)}
    charters = []
    for home_id, version in latest.items():
        plan = plans.get(home_id)
        charters.append(
            PublishedCharter(
                title=version.content.get("title", ""),
                workshop=version.workshop.title,
                version=version.number,
                published=timezone.localdate(version.published_at),
                next_review=plan.next_review if plan else None,
                at_annual_discussion=bool(plan and plan.at_annual_discussion),
            )
        )
    return sorted(charters, key=lambda c: (c.published, c.title, c.workshop))


def organisation_evidence(organisation: Organisation) -> Evidence:
    """Everything the record shows, in the active language."""
    workshops = list(held_workshops(organisation))
    return Evidence(
        organisation=organisation,
        made_on=timezone.localdate(),
        workshops=[
            HeldWorkshop(
                date=workshop.date,
                title=workshop.title,
                teams=[team.name for team in workshop.teams.all()],
                participants=""
                if workshop.raw_data_deleted_at
                else shown_count(workshop.participant_count),
                follow_up=workshop.follows_id is not None,
                data_deleted=workshop.raw_data_deleted_at is not None,
            )
            for workshop in workshops
        ],
        questions=[str(label) for label in Question.labels],
        card_groups=_cards_shown(workshops),
        charters=published_charters(organisation),
    )


# Files ------------------------------------------------------------------------------


def evidence_filename(organisation: Organisation, extension: str) -> str:
    """ "ai-faerdigheder-sygehus-oest.pdf": in the active language, ASCII."""
    kind = filename_slug(pgettext("file name", "ai-literacy")) or "ai-literacy"
    name = filename_slug(organisation.name, max_length=40)
    return f"{kind}-{name}.{extension}" if name else f"{kind}-{organisation.pk}.{extension}"


def _next_review(charter: PublishedCharter) -> str:
    if charter.next_review is None:
        return _("not set")
    if charter.at_annual_discussion:
        return _("%(date)s (at the annual work-environment discussion)") % {
            "date": charter.next_review.isoformat()
        }
    return charter.next_review.isoformat()


def evidence_table(evidence: Evidence) -> tuple[list[str], list[list]]:
    """One table, a row per workshop, topic and charter; the first column says
    which, so a spreadsheet's filter shows one kind at a time."""
    headers = [
        _("Section"),
        _("Date"),
        _("Title"),
        _("Teams"),
        _("Participants"),
        _("IGLOO level"),
        _("Kind of AI"),
        _("Shown in workshops"),
        _("Version"),
        _("Next review"),
        _("Workshop"),
    ]
    blank = [""] * len(headers)
    rows = []
    for workshop in evidence.workshops:
        row = list(blank)
        row[0] = _("Follow-up workshop") if workshop.follow_up else _("Workshop")
        row[1] = workshop.date.isoformat()
        row[2] = workshop.title
        row[3] = "; ".join(workshop.teams)
        row[4] = _("deleted") if workshop.data_deleted else workshop.participants
        rows.append(row)
    for question in evidence.questions:
        row = list(blank)
        row[0] = _("Worksheet question")
        row[2] = question
        row[7] = str(len(evidence.workshops))
        rows.append(row)
    for group in evidence.card_groups:
        for card in group.cards:
            row = list(blank)
            row[0] = (
                _("Inspiration card (opportunity)")
                if card.opportunity
                else _("Inspiration card (risk)")
            )
            row[2] = card.title
            row[5] = group.igloo_label
            row[6] = group.ai_kind_label
            row[7] = str(card.workshops)
            rows.append(row)
    for charter in evidence.charters:
        row = list(blank)
        row[0] = _("Published charter")
        row[1] = charter.published.isoformat()
        row[2] = charter.title
        row[8] = str(charter.version)
        row[9] = _next_review(charter)
        row[10] = charter.workshop
        rows.append(row)
    return headers, rows


def evidence_csv(organisation: Organisation, *, language: str) -> tuple[str, str, bytes]:
    with translation.override(language), timezone.override(TIME_ZONE):
        headers, rows = evidence_table(organisation_evidence(organisation))
        filename = evidence_filename(organisation, "csv")
    return filename, CSV_TYPE, csv_table(headers, rows, language=language)


@functools.cache
def _stylesheet() -> str:
    with open(finders.find(STYLESHEET), encoding="utf-8") as handle:
        return handle.read()


def render_evidence_html(organisation: Organisation) -> str:
    """The PDF's HTML, in the active language and time zone."""
    return render_to_string(
        TEMPLATE,
        {
            "e": organisation_evidence(organisation),
            "small_group": SMALL_GROUP,
            "below": shown_count(0),
            "stylesheet": _stylesheet(),
        },
    )


def render_evidence_pdf(organisation: Organisation, *, language: str) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the record as an A4 portrait PDF."""
    with translation.override(language), timezone.override(TIME_ZONE):
        html = render_evidence_html(organisation)
        filename = evidence_filename(organisation, "pdf")
    return filename, PDF_TYPE, render_pdf(html)
