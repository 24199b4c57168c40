"""Organisations, their people, workshops, participants and their entries.

A participant's worksheet lives on the Participant row (one worksheet per
phone); each point written under a question is an Entry, the card that is
tagged, moved and merged later.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from igloo.models import InspirationCard, Level, LevelScheme

# No 0/O or 1/I/L: a code read off a projector at the back of the room must
# not be mistyped.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6

ENTRY_MAX_LENGTH = 500
ENTRIES_PER_QUESTION = 20
PROFESSION_MAX_LENGTH = 120
USE_CASE_MAX_LENGTH = 500
DISPLAY_NAME_MAX_LENGTH = 60
TEAM_NAME_MAX_LENGTH = 60
MAX_TEAMS = 30
# Room for a large event; a facilitator may set up to the maximum.
PARTICIPANT_CAP_DEFAULT = 1500
PARTICIPANT_CAP_MAX = 5000


def normalise_join_code(raw: str) -> str:
    """The code as stored: upper case, without the spaces and dashes people type."""
    return "".join(ch for ch in raw.upper() if not ch.isspace() and ch != "-")


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_public_id() -> str:
    return secrets.token_urlsafe(9)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Organisation(models.Model):
    # The [X] of the charter's preamble.
    name = models.CharField(_("name"), max_length=150)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    FACILITATOR = "facilitator", _("Facilitator")
    MANAGER = "manager", _("Manager")
    # An elected employee representative (AMR or TR): reads the charter and
    # its drafts and adds remarks to consultation records; edits nothing and
    # never sees who wrote what.
    REPRESENTATIVE = "representative", _("Employee representative")


# Roles that may run workshops; managers only read what is published.
RUNS_WORKSHOPS = {Role.OWNER, Role.FACILITATOR}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def runs_workshops(self) -> bool:
        return self.role in RUNS_WORKSHOPS


class Invite(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invites")
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[
            (Role.FACILITATOR, Role.FACILITATOR.label),
            (Role.MANAGER, Role.MANAGER.label),
            (Role.REPRESENTATIVE, Role.REPRESENTATIVE.label),
        ],
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def expires_at(self):
        return self.created_at + timezone.timedelta(days=settings.INVITE_MAX_AGE_DAYS)

    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and timezone.now() < self.expires_at
        )


class Phase(models.TextChoices):
    """The steps a facilitator takes the room through, in order."""

    DRAFT = "draft", _("Draft")
    COLLECTING = "collecting", _("Collecting")
    CLUSTERING = "clustering", _("Clustering (collection closed)")
    VOTING = "voting", _("Voting")
    CHARTER = "charter", _("Charter")


PHASE_ORDER = list(Phase.values)
# New phones may join while there is something for them to do.
JOINABLE_PHASES = {Phase.DRAFT, Phase.COLLECTING, Phase.VOTING}


class ProjectorMode(models.TextChoices):
    """What the projector shows. AUTO follows the phase; the others are picked
    by the facilitator and hold until the phase changes."""

    AUTO = "auto", _("Follow the phase")
    JOIN = "join", _("Join code")
    COLLECTING = "collecting", _("Progress")
    WALL = "wall", _("Cards")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    CHARTER = "charter", _("Charter")


# AUTO never shows the cards or the dots: those wait for the facilitator.
PROJECTOR_MODE_FOR_PHASE = {
    Phase.DRAFT: ProjectorMode.JOIN,
    Phase.COLLECTING: ProjectorMode.COLLECTING,
    Phase.CLUSTERING: ProjectorMode.COLLECTING,
    Phase.VOTING: ProjectorMode.VOTING,
    Phase.CHARTER: ProjectorMode.CHARTER,
}


class AIFocus(models.TextChoices):
    GENAI = "genai", _("Generative AI")
    ML = "ml", _("Machine learning")
    BOTH = "both", _("Both")


class WorkshopKind(models.TextChoices):
    TEAM = "team", _("Workshop")
    # A charter rolled up from the published charters of a series' team
    # workshops (the series app): principles, versions and PDF like any
    # workshop, but no phones and no cards of its own.
    ORGANISATION = "organisation", _("Organisation charter")


class WorkshopLanguage(models.TextChoices):
    DA = "da", _("Danish")
    EN = "en", _("English")


def default_scheme_id() -> int | None:
    scheme = LevelScheme.objects.filter(slug="igloo").only("pk").first()
    return scheme.pk if scheme else None


class Workshop(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=150)
    date = models.DateField(_("date"))
    language = models.CharField(
        _("language"), max_length=2, choices=WorkshopLanguage.choices, default="da"
    )
    scheme = models.ForeignKey(
        LevelScheme,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level scheme"),
        default=default_scheme_id,
    )
    ai_focus = models.CharField(
        _("AI focus"), max_length=10, choices=AIFocus.choices, default=AIFocus.GENAI
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    collection_started_at = models.DateTimeField(_("collection started"), null=True, blank=True)
    # When the workshop last reached its end (the charter phase): retention
    # counts from here, so editing a title later does not restart the clock.
    charter_reached_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    show_names = models.BooleanField(
        _("show participants' names on the board"),
        default=False,
        help_text=_("Off: cards show only profession and team."),
    )
    approve_first = models.BooleanField(
        _("approve cards before they reach the projector"), default=False
    )
    projector_mode = models.CharField(
        _("what the projector shows"),
        max_length=12,
        choices=ProjectorMode.choices,
        default=ProjectorMode.AUTO,
    )
    # The phase in which the facilitator picked the mode: a new phase brings
    # the projector back to following the phases.
    projector_mode_phase = models.CharField(max_length=20, blank=True, editable=False)
    # Bumped by every change a board shows, so an unchanged board's poll is
    # answered by comparing one number.
    board_version = models.PositiveBigIntegerField(default=0, editable=False)
    # The room: a timer for the current step, and the step that "I'm done"
    # signals count for.
    step = models.PositiveIntegerField(default=0, editable=False)
    timer_label = models.CharField(_("what the timer is for"), max_length=80, blank=True)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    raw_data_deleted_at = models.DateTimeField(
        _("participants' answers deleted"), null=True, blank=True, editable=False
    )
    dots_per_participant = models.PositiveSmallIntegerField(
        _("dots each participant votes with"), default=3
    )
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, default=new_join_code)
    participant_cap = models.PositiveIntegerField(
        _("most participants"), default=PARTICIPANT_CAP_DEFAULT
    )
    # Set when voting starts; the facilitator may open it again from the board.
    joining_locked = models.BooleanField(_("joining locked"), default=False, editable=False)
    # The first time voting opened: dots count only from phones that joined before.
    voting_opened_at = models.DateTimeField(
        _("voting opened"), null=True, blank=True, editable=False
    )
    late_joiners_vote = models.BooleanField(
        _("participants who join during voting may vote"), default=False
    )
    # The board's count of new phones in the last minute needs a fresh look
    # while it falls (board.py); the poll reads this rather than counting.
    last_joined_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Participant URLs use this rather than the join code, which another
    # workshop may reuse once this one is closed.
    public_id = models.CharField(max_length=20, unique=True, default=new_public_id, editable=False)
    # A follow-up workshop reviews the charter of the workshop it follows,
    # and publishes that charter's next version.
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        editable=False,
        verbose_name=_("follows up on"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=WorkshopKind.choices, default=WorkshopKind.TEAM
    )
    # A team workshop of a series: when set, of the organisation's
    # facilitators only this one and the creator (the series owner) see it.
    assigned_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    # Copied from a series' template when the workshop is made, so a later
    # change of the template changes nothing here: question number (as text)
    # -> a prompt shown under the question, and the inspiration cards to show
    # (None: those of the AI focus; a list of keys: only these).
    extra_prompts = models.JSONField(_("extra prompts"), default=dict, blank=True, editable=False)
    card_keys = models.JSONField(
        _("chosen inspiration cards"), null=True, blank=True, default=None, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["join_code"],
                condition=~Q(phase="charter"),
                name="workshop_join_code_unique_while_open",
            ),
        ]
        indexes = [models.Index(fields=["join_code"], name="workshop_join_code_idx")]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title

    def hidden_from(self, user_id: int, role: str) -> bool:
        """A facilitator who is not the one assigned to this team workshop
        (nor its creator) does not see it; owners see every workshop. The
        board poll's fast path (live.py) states the same rule in SQL."""
        return (
            role == Role.FACILITATOR
            and self.assigned_facilitator_id is not None
            and user_id not in (self.assigned_facilitator_id, self.created_by_id)
        )

    @property
    def is_organisation_charter(self) -> bool:
        """A charter rolled up from a series' teams: no phones, no room."""
        return self.kind == WorkshopKind.ORGANISATION

    @property
    def holds_code(self) -> bool:
        """Until the charter phase a workshop holds its join code exclusively
        (an organisation charter never holds one)."""
        return self.phase != Phase.CHARTER and not self.is_organisation_charter

    def inspiration_cards(self, *, future_formats: bool = False):
        """The inspiration cards this workshop shows: those its template
        chose, else those of its AI focus."""
        if self.card_keys is not None:
            return InspirationCard.objects.filter(key__in=self.card_keys)
        return InspirationCard.objects.for_focus(self.ai_focus, future_formats=future_formats)

    def extra_prompt(self, question: int) -> str:
        """The template's prompt under a question, or ""."""
        return (self.extra_prompts or {}).get(str(question), "")

    @property
    def question_rows(self) -> list[tuple[int, str, str]]:
        """(number, label, extra prompt) per question, for the paper worksheet."""
        return [(q.value, q.label, self.extra_prompt(q.value)) for q in Question]

    @property
    def is_open(self) -> bool:
        """Open workshops can be joined by new phones."""
        return self.phase in JOINABLE_PHASES and not self.is_organisation_charter

    @property
    def accepts_entries(self) -> bool:
        return self.phase == Phase.COLLECTING

    @property
    def collection_started(self) -> bool:
        return self.collection_started_at is not None

    @property
    def previous_phase(self) -> str | None:
        index = PHASE_ORDER.index(self.phase)
        return PHASE_ORDER[index - 1] if index else None

    @property
    def next_phase(self) -> str | None:
        index = PHASE_ORDER.index(self.phase)
        return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None

    def can_move_to(self, phase: str) -> bool:
        """A workshop moves one phase at a time, forward or back (the page
        offers only those two), so nobody skips collection by accident."""
        return phase in (self.next_phase, self.previous_phase)

    @property
    def room_signature(self) -> str:
        """What a phone's page shows of the room: changes when it must update."""
        ends = int(self.timer_ends_at.timestamp()) if self.timer_ends_at else 0
        return f"{self.phase}.{self.step}.{ends}"

    @property
    def projector_shows(self) -> str:
        """The mode the projector is in now: the facilitator's pick for this
        phase, else the phase's own."""
        if self.projector_mode != ProjectorMode.AUTO and self.projector_mode_phase == self.phase:
            return self.projector_mode
        return PROJECTOR_MODE_FOR_PHASE[self.phase]

    @property
    def projector_choices(self) -> list[tuple[str, str, bool]]:
        """(mode, label, picked) for the board's projector buttons."""
        picked = self.projector_mode if self.projector_mode_phase == self.phase else "auto"
        return [(value, label, value == picked) for value, label in ProjectorMode.choices]

    @property
    def charter_home(self) -> Workshop:
        """The workshop whose published versions make up this workshop's
        charter: its own or, for a follow-up workshop, that of the workshop
        it follows (and so on up the chain)."""
        home, seen = self, {self.pk}
        while home.follows_id and home.follows_id not in seen:
            seen.add(home.follows_id)
            home = home.follows
        return home

    def latest_version(self):
        """The newest published version of the workshop's charter, or None
        (the versions are the principles app's; this names the rule once)."""
        return self.charter_home.versions.order_by("-number").first()

    @property
    def join_code_display(self) -> str:
        return f"{self.join_code[:3]} {self.join_code[3:]}"


# The slices of a board's version that phones bump.
BOARD_SHARDS = 32


class BoardShard(models.Model):
    """A slice of a workshop's board version that phones bump.

    A phone's save bumps the slice its participant falls in rather than the
    workshop row, so a room of phones saving at once does not queue behind
    one hot row; the board's version is the workshop's own board_version
    (facilitator actions) plus the sum of its slices (workshops/live.py)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    shard = models.PositiveSmallIntegerField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "shard"], name="board_shard_unique"),
        ]


class Team(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=TEAM_NAME_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="team_unique_name"),
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class ParticipantAIKind(models.TextChoices):
    GENAI = "genai", _("Generative AI (e.g. a chatbot or a language model)")
    ML = "ml", _("Machine learning (predictions, sorting, recognition)")
    BOTH = "both", _("Both")
    UNSURE = "unsure", _("I'm not sure")


class ParticipantQuerySet(models.QuerySet):
    def locked(self, participant: Participant) -> Participant:
        """The participant's row, locked until the transaction ends, with its
        workshop. Only this row: locking the joined workshop row too would
        queue every phone in the room behind each other. Two requests from one
        phone (a retry racing the original, a double tap) go one by one."""
        return (
            self.select_for_update(of=("self",)).select_related("workshop").get(pk=participant.pk)
        )


class Participant(models.Model):
    """A phone that joined a workshop, and the worksheet filled on it."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("team"),
    )
    display_name = models.CharField(
        _("display name"), max_length=DISPLAY_NAME_MAX_LENGTH, blank=True
    )
    # The secret in the phone's signed cookie.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    profession = models.CharField(_("profession"), max_length=PROFESSION_MAX_LENGTH, blank=True)
    use_case = models.TextField(_("AI use case"), max_length=USE_CASE_MAX_LENGTH, blank=True)
    ai_kind = models.CharField(
        _("kind of AI"), max_length=10, choices=ParticipantAIKind.choices, blank=True
    )
    # The newest revision applied to each worksheet field, so a late retry of
    # an older save never overwrites a newer one.
    field_revs = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The workshop step for which this phone said "I'm done".
    done_step = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Typed in by the facilitator from a paper worksheet.
    from_paper = models.BooleanField(_("from a paper worksheet"), default=False)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["workshop", "submitted_at"], name="participant_submitted")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    @property
    def late_for_voting(self) -> bool:
        """Joined after voting opened, in a workshop where only those who
        were there before may put dots (so a flood of new phones can't vote)."""
        workshop = self.workshop
        return (
            not workshop.late_joiners_vote
            and workshop.voting_opened_at is not None
            and self.created_at > workshop.voting_opened_at
        )

    def __str__(self) -> str:
        return self.display_name or _("Participant %(number)s") % {"number": self.pk}


class Question(models.IntegerChoices):
    VALUE = 1, _("What value is added?")
    ROLE = 2, _("What role does the AI model play in your work?")
    CHANGES = 3, _("What changes do you see in the short and the long term?")
    WELLBEING = 4, _("How are well-being and efficiency ensured?")
    VALUES = 5, _("Which fundamental values are important to keep in the work?")

    @property
    def short_label(self) -> str:
        """A word or two for a card's label and the board's tabs."""
        return {
            1: _("Value"),
            2: _("AI's role"),
            3: _("Changes"),
            4: _("Well-being"),
            5: _("Values to keep"),
        }[self.value]

    @classmethod
    def tabs(cls) -> list[tuple[int, str, str]]:
        """(value, label, short label) per question, for the board's tabs."""
        return [(q.value, q.label, q.short_label) for q in cls]


class EntryQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(): keep the search text right here too.
        objs = list(objs)
        for entry in objs:
            entry.refresh_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def live(self) -> EntryQuerySet:
        """Cards that exist: not removed by their participant (a removed
        point is kept as a tombstone for the autosave)."""
        return self.filter(removed=False)

    def visible(self) -> EntryQuerySet:
        """Live cards the facilitator has not hidden."""
        return self.live().filter(hidden=False)

    def on_level(self, level: Level | None) -> EntryQuerySet:
        """Cards whose effective levels (the facilitator's placement, else the
        participant's suggestion) include `level`; None: cards on no level."""
        # EXISTS rather than joins: no DISTINCT, so the database can walk the
        # cards in the board's order and stop at a column's first cards.
        placed = self.model.placed_levels.through.objects.filter(entry_id=OuterRef("pk"))
        suggested = self.model.suggested_levels.through.objects.filter(entry_id=OuterRef("pk"))
        if level is None:
            on = Q(placed=True) & ~Exists(placed) | Q(placed=False) & ~Exists(suggested)
        else:
            on = Q(placed=True) & Exists(placed.filter(level=level)) | Q(placed=False) & Exists(
                suggested.filter(level=level)
            )
        return self.filter(on)

    def unused(self) -> EntryQuerySet:
        """Cards that feed no principle yet (the relation is the principles
        app's; this names the rule once)."""
        return self.filter(principles__isnull=True)

    def for_cards(self) -> EntryQuerySet:
        """With what a card shows: its participant and team, and both kinds of levels."""
        return self.select_related("participant__team").prefetch_related(
            "suggested_levels", "placed_levels"
        )

    def matching(self, query: str) -> EntryQuerySet:
        """Cards whose shown text holds every word of `query`, in any order,
        with case and æ/ø/å folded alike on every database."""
        result = self
        for word in query.casefold().split():
            result = result.filter(search_text__contains=word)
        return result


class Entry(models.Model):
    """One point a participant wrote under a question: a card on the board."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="entries")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="entries")
    # Made by the phone, so that a repeated save finds the same entry.
    client_id = models.UUIDField(default=uuid.uuid4, editable=False)
    question = models.PositiveSmallIntegerField(_("question"), choices=Question.choices)
    text = models.TextField(_("text"), max_length=ENTRY_MAX_LENGTH)
    # The participant's own tags: "suggested by the participant".
    suggested_levels = models.ManyToManyField(
        Level, blank=True, related_name="+", verbose_name=_("suggested levels")
    )
    # The facilitator's placement; until they place a card, the board places it
    # by the participant's suggestion.
    placed = models.BooleanField(default=False)
    placed_levels = models.ManyToManyField(
        Level, blank=True, related_name="+", verbose_name=_("placed on levels")
    )
    # The facilitator's rewording; the participant's text stays as it was.
    facilitator_text = models.TextField(_("reworded by the facilitator"), blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    approved = models.BooleanField(_("approved for the projector"), default=False)
    # The shown text, case-folded, for search that treats Æ and æ alike on
    # every database.
    search_text = models.TextField(blank=True, editable=False)
    position = models.PositiveIntegerField(default=0)
    rev = models.BigIntegerField(default=0)
    # Removed by the participant: kept as a tombstone so that a late retry of
    # an older save cannot bring it back.
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["question", "position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "client_id"], name="entry_unique_client_id"
            ),
        ]
        # The board's order: a column's first cards are read from it without a sort.
        indexes = [
            models.Index(
                fields=["workshop", "question", "created_at", "id"], name="entry_board_order"
            )
        ]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self) -> str:
        return self.shown_text[:60]

    @property
    def shown_text(self) -> str:
        return self.facilitator_text or self.text

    @property
    def effective_levels(self) -> list[Level]:
        """Where the card sits: the facilitator's placement, else the
        participant's suggestion."""
        return list(self.placed_levels.all()) if self.placed else list(self.suggested_levels.all())

    @property
    def question_short_label(self) -> str:
        return Question(self.question).short_label

    @property
    def is_reworded(self) -> bool:
        return bool(self.facilitator_text)

    def refresh_search_text(self) -> None:
        self.search_text = self.shown_text.casefold()

    def save(self, *args, **kwargs):
        # The one place that keeps the search text: every way a card is made
        # or reworded (phone, paper, demo, import, admin) passes here or
        # through EntryQuerySet.bulk_create.
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"text", "facilitator_text"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
