"""Workflows of the workshops app: each one a transaction, raising DomainError."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import DomainError
from igloo.models import Level

from .models import (
    BOARD_SHARDS,
    PARTICIPANT_CAP_DEFAULT,
    BoardShard,
    Entry,
    Invite,
    Membership,
    Organisation,
    Participant,
    Phase,
    ProjectorMode,
    Role,
    Team,
    Workshop,
    new_join_code,
)


def workshop_touch(workshop_id: int, *, shard_of: int | None = None) -> None:
    """Tell open boards that something they show has changed.

    The one way a board learns of a change: every service that changes what a
    board, the projector or a phone's room shows calls it, inside its
    transaction; views never do. Phones' saves pass `shard_of` (their
    participant) and bump one of the board's slices instead of the workshop
    row, so a room saving at once does not queue on one row; last in the
    transaction, so the slice stays locked only until the commit."""
    if shard_of is None:
        Workshop.objects.filter(pk=workshop_id).update(board_version=F("board_version") + 1)
        return
    table = BoardShard._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (workshop_id, shard, n) VALUES (%s, %s, 1) "  # nosec B608 - model's table
            f"ON CONFLICT (workshop_id, shard) DO UPDATE SET n = {table}.n + 1",
            [workshop_id, shard_of % BOARD_SHARDS],
        )


def _workshop_save(workshop: Workshop, fields: list[str] | None = None) -> None:
    """Save a workshop and tell the boards, never writing back the board
    version as it was loaded: phones bump it meanwhile."""
    if workshop.pk is None:
        workshop.save()
        return
    if fields is None:
        fields = [
            f.name
            for f in Workshop._meta.concrete_fields
            if not f.primary_key and f.name not in ("board_version", "created_at")
        ]
    workshop.save(update_fields=fields)
    workshop_touch(workshop.pk)


# Organisations and invitations ---------------------------------------------


def organisation_create(*, name: str, owner) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name)
        Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    return organisation


def account_create(*, email: str, password: str, name: str, organisation: str = "", invite=None):
    """A new user who either accepts an invitation or starts an organisation
    (the charter's [X]) as its owner."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=email, email=email, password=password, first_name=name
        )
        if invite is not None:
            invite_accept(invite=invite, user=user)
        else:
            organisation_create(name=organisation, owner=user)
    return user


def account_mail(*, to: str, subject: str, template: str, context: dict) -> None:
    """A mail about an account, in the current language."""
    send_mail(subject, render_to_string(template, context), None, [to])


def account_warn_failed_logins(*, username: str, reset_url: str) -> None:
    """Tell an account's user that someone is guessing its password."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is not None and user.email:
        account_mail(
            to=user.email,
            subject=_("Many failed log-ins to your account"),
            template="registration/login_failures_email.txt",
            context={"reset_url": reset_url},
        )


def invite_create(*, organisation: Organisation, role: str, created_by) -> Invite:
    return Invite.objects.create(organisation=organisation, role=role, created_by=created_by)


def invite_revoke(*, invite: Invite) -> None:
    """Withdraw an invitation that has not been used; a used one stays as it is."""
    if invite.accepted_at is None and invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])


def invite_accept(*, invite: Invite, user) -> Membership:
    with transaction.atomic():
        invite = Invite.objects.select_for_update().get(pk=invite.pk)
        if not invite.is_usable():
            raise DomainError(_("This invitation has expired or has already been used."))
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=invite.organisation, defaults={"role": invite.role}
        )
        if not created and membership.role == Role.MANAGER and invite.role == Role.FACILITATOR:
            # An invitation never lowers a role, but may raise one.
            membership.role = Role.FACILITATOR
            membership.save(update_fields=["role"])
        invite.accepted_by = user
        invite.accepted_at = timezone.now()
        invite.save(update_fields=["accepted_by", "accepted_at"])
    return membership


# Workshops -----------------------------------------------------------------


def _save_with_free_join_code(workshop: Workshop, *, new_code: bool) -> None:
    """Save, drawing new join codes until one is free among open workshops."""
    for _attempt in range(20):
        if new_code:
            workshop.join_code = new_join_code()
        try:
            with transaction.atomic():
                _workshop_save(workshop)
            return
        except IntegrityError:
            new_code = True
    raise DomainError(_("Could not find a free join code. Please try again."))


def workshop_create(
    *,
    organisation: Organisation,
    created_by,
    title: str,
    date: datetime.date,
    language: str,
    scheme,
    ai_focus: str,
    teams: list[str],
    show_names: bool = False,
    approve_first: bool = False,
    participant_cap: int = PARTICIPANT_CAP_DEFAULT,
    late_joiners_vote: bool = False,
) -> Workshop:
    workshop = Workshop(
        organisation=organisation,
        created_by=created_by,
        title=title,
        date=date,
        language=language,
        scheme=scheme,
        ai_focus=ai_focus,
        show_names=show_names,
        approve_first=approve_first,
        participant_cap=participant_cap,
        late_joiners_vote=late_joiners_vote,
    )
    with transaction.atomic():
        _save_with_free_join_code(workshop, new_code=True)
        Team.objects.bulk_create(
            Team(workshop=workshop, name=name, position=pos) for pos, name in enumerate(teams)
        )
    return workshop


def workshop_update(
    *,
    workshop: Workshop,
    title: str,
    date: datetime.date,
    language: str,
    scheme,
    ai_focus: str,
    teams: list[str],
    show_names: bool = False,
    approve_first: bool = False,
    participant_cap: int = PARTICIPANT_CAP_DEFAULT,
    late_joiners_vote: bool = False,
) -> Workshop:
    with transaction.atomic():
        if scheme.pk != workshop.scheme_id:
            workshop_change_scheme(workshop=workshop, scheme=scheme)
        existing = {team.name: team for team in workshop.teams.annotate(n=Count("participants"))}
        dropped = [team for name, team in existing.items() if name not in teams]
        in_use = [team.name for team in dropped if team.n]
        if in_use:
            raise DomainError(
                ngettext(
                    "This team already has participants and can't be removed: %(teams)s",
                    "These teams already have participants and can't be removed: %(teams)s",
                    len(in_use),
                )
                % {"teams": ", ".join(in_use)}
            )
        Team.objects.filter(pk__in=[team.pk for team in dropped]).delete()
        for pos, name in enumerate(teams):
            if name in existing:
                Team.objects.filter(pk=existing[name].pk).update(position=pos)
            else:
                Team.objects.create(workshop=workshop, name=name, position=pos)
        workshop.title = title
        workshop.date = date
        workshop.language = language
        workshop.scheme = scheme
        workshop.ai_focus = ai_focus
        workshop.show_names = show_names
        workshop.approve_first = approve_first
        workshop.participant_cap = participant_cap
        workshop.late_joiners_vote = late_joiners_vote
        _workshop_save(workshop)
    return workshop


def workshop_change_scheme(*, workshop: Workshop, scheme) -> None:
    """Switch the level scheme; every tag moves to the new scheme's level for
    the same IGLOO level (the first, where the new scheme has several)."""
    if workshop.collection_started:
        raise DomainError(_("The level scheme can only be changed before collection starts."))
    if workshop.is_organisation_charter:
        # Its principles' cells are keyed by level: the series' roll-up page
        # changes the scheme and moves them along.
        raise DomainError(
            _("Change an organisation charter's level scheme on its series' roll-up page.")
        )
    mapping = {}
    for level in scheme.levels.order_by("-position"):
        mapping[level.igloo] = level  # the lowest position wins
    old_levels = {level.pk: level for level in workshop.scheme.levels.all()}
    for through in (Entry.suggested_levels.through, Entry.placed_levels.through):
        links = through.objects.filter(entry__workshop=workshop)
        rows = list(links.values_list("entry_id", "level_id"))
        links.delete()
        new_links = {
            (entry_id, mapping[old_levels[level_id].igloo].pk)
            for entry_id, level_id in rows
            if level_id in old_levels and old_levels[level_id].igloo in mapping
        }
        through.objects.bulk_create(through(entry_id=e, level_id=lvl) for e, lvl in new_links)
    workshop.scheme = scheme


def workshop_set_phase(*, workshop: Workshop, phase: str) -> Workshop:
    """Move to another phase. Leaving the charter phase may need a new join code,
    if another workshop took the old one meanwhile."""
    if phase not in Phase.values:
        raise DomainError(_("Unknown phase."))
    if workshop.is_organisation_charter and phase != Phase.CHARTER:
        # No phones, no cards: reopening it would give it a join code.
        raise DomainError(
            _(
                "An organisation charter has no phases: it is rolled up from the teams' "
                "charters, and no one joins it."
            )
        )
    if not workshop.can_move_to(phase):
        raise DomainError(_("A workshop moves one phase at a time, forward or back."))
    reclaiming = not workshop.holds_code and phase != Phase.CHARTER
    if phase == Phase.VOTING:
        # New phones during voting are rarely the room: the facilitator opens
        # joining again on the board if someone is late.
        workshop.joining_locked = True
        if workshop.voting_opened_at is None:
            workshop.voting_opened_at = timezone.now()
    elif workshop.phase == Phase.VOTING:
        workshop.joining_locked = False
    workshop.phase = phase
    if phase == Phase.COLLECTING and workshop.collection_started_at is None:
        workshop.collection_started_at = timezone.now()
    if phase == Phase.CHARTER:
        workshop.charter_reached_at = timezone.now()
    with transaction.atomic():
        _save_with_free_join_code(workshop, new_code=False)
    if reclaiming:
        workshop.refresh_from_db(fields=["join_code"])
    return workshop


def workshop_set_dots(*, workshop: Workshop, dots: int) -> Workshop:
    """How many dots each participant votes with."""
    workshop.dots_per_participant = dots
    _workshop_save(workshop, ["dots_per_participant"])
    return workshop


def workshop_start_timer(*, workshop: Workshop, minutes: int, label: str) -> Workshop:
    """Start a timed step: the phones' "I'm done" signals count afresh."""
    workshop.timer_ends_at = timezone.now() + datetime.timedelta(minutes=minutes)
    workshop.timer_label = label
    workshop.step += 1
    _workshop_save(workshop, ["timer_ends_at", "timer_label", "step", "updated_at"])
    return workshop


def workshop_stop_timer(*, workshop: Workshop) -> Workshop:
    workshop.timer_ends_at = None
    _workshop_save(workshop, ["timer_ends_at", "updated_at"])
    return workshop


def workshop_set_projector_mode(*, workshop: Workshop, mode: str) -> Workshop:
    """Put the projector in a mode for the current phase (AUTO: follow the
    phases again). Polling projectors see it through the board version."""
    if mode not in ProjectorMode.values:
        raise DomainError(_("Unknown projector mode."))
    workshop.projector_mode = mode
    workshop.projector_mode_phase = "" if mode == ProjectorMode.AUTO else workshop.phase
    _workshop_save(workshop, ["projector_mode", "projector_mode_phase", "updated_at"])
    return workshop


def workshop_reveal_cards(*, workshop: Workshop, revealed: bool) -> Workshop:
    """The board's older show/hide for the cards: the wall, or the phase's mode."""
    mode = ProjectorMode.WALL if revealed else ProjectorMode.AUTO
    return workshop_set_projector_mode(workshop=workshop, mode=mode)


# Participants and worksheets -----------------------------------------------


def joining_refusal(workshop: Workshop) -> str | None:
    """Why a new phone can't join this workshop now, or None."""
    if not workshop.is_open:
        return _("This workshop is closed and can't be joined any more.")
    if workshop.joining_locked:
        return _(
            "The facilitator has closed joining for now. If you should take part, ask the "
            "facilitator to open it."
        )
    if workshop.participants.count() >= workshop.participant_cap:
        return ngettext(
            "This workshop is full: it has room for %(n)d participant. Ask the facilitator.",
            "This workshop is full: it has room for %(n)d participants. Ask the facilitator.",
            workshop.participant_cap,
        ) % {"n": workshop.participant_cap}
    return None


def participant_join(*, workshop: Workshop, team: Team | None, display_name: str) -> Participant:
    with transaction.atomic():
        # Joins queue on the workshop row (the board version below locks it
        # anyway), so the cap holds when many phones join at once.
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        refusal = joining_refusal(workshop)
        if refusal is not None:
            raise DomainError(refusal)
        participant = Participant.objects.create(
            workshop=workshop, team=team, display_name=display_name
        )
        Workshop.objects.filter(pk=workshop.pk).update(last_joined_at=participant.created_at)
        workshop_touch(workshop.pk)
    return participant


def workshop_lock_joining(*, workshop: Workshop, locked: bool) -> Workshop:
    """Close or open the join code for new phones; joined phones carry on."""
    workshop.joining_locked = locked
    _workshop_save(workshop, ["joining_locked", "updated_at"])
    return workshop


def paper_worksheet_create(*, workshop: Workshop, team: Team | None, display_name: str):
    """A participant for a paper worksheet, typed in by the facilitator."""
    participant = Participant.objects.create(
        workshop=workshop, team=team, display_name=display_name, from_paper=True
    )
    workshop_touch(workshop.pk)
    return participant


def participant_done(*, participant: Participant, done: bool = True) -> Participant:
    """The "I'm done" signal for the workshop's current step, from phones
    whose page predates the single Submit; workshop_counts counts it as handed in."""
    participant.done_step = participant.workshop.step if done else None
    participant.save(update_fields=["done_step", "updated_at"])
    workshop_touch(participant.workshop_id)
    return participant


def _entry_for_update(entry: Entry) -> Entry:
    return Entry.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=entry.pk)


def entry_place(*, entry: Entry, level_codes: list[str] | None) -> Entry:
    """Place a card on levels of the workshop's scheme; None gives the card
    back to the participant's own suggestion."""
    with transaction.atomic():
        entry = _entry_for_update(entry)
        if level_codes is None:
            entry.placed = False
            entry.placed_levels.clear()
        else:
            levels = list(
                Level.objects.filter(scheme_id=entry.workshop.scheme_id, code__in=level_codes)
            )
            if len(levels) != len(set(level_codes)):
                raise DomainError(_("Unknown level."))
            entry.placed = True
            entry.placed_levels.set(levels)
        entry.save(update_fields=["placed", "updated_at"])
        workshop_touch(entry.workshop_id)
    return entry


def _entry_set_flag(entry: Entry, flag: str, value: bool) -> Entry:
    with transaction.atomic():
        entry = _entry_for_update(entry)
        setattr(entry, flag, value)
        entry.save(update_fields=[flag, "updated_at"])
        workshop_touch(entry.workshop_id)
    return entry


def entry_set_hidden(*, entry: Entry, hidden: bool) -> Entry:
    """Hidden cards stay on the board, greyed, and never reach the projector."""
    return _entry_set_flag(entry, "hidden", hidden)


def entry_set_approved(*, entry: Entry, approved: bool) -> Entry:
    return _entry_set_flag(entry, "approved", approved)


def entry_reword(*, entry: Entry, text: str) -> Entry:
    """The facilitator's wording; empty gives back the participant's own."""
    with transaction.atomic():
        entry = _entry_for_update(entry)
        entry.facilitator_text = "" if text == entry.text else text
        entry.refresh_search_text()
        entry.save(update_fields=["facilitator_text", "search_text", "updated_at"])
        workshop_touch(entry.workshop_id)
    return entry


def workshop_counts(workshop: Workshop) -> dict[str, int]:
    """Joined participants, handed-in worksheets and entries, in two queries.

    One figure for "handed in": a worksheet counts once, whether it was
    submitted or its phone said "I'm done" for the current step (a phone
    whose page predates the single Submit may still send that)."""
    people = Participant.objects.filter(workshop=workshop).aggregate(
        joined=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False) | Q(done_step=workshop.step)),
    )
    entries = Entry.objects.live().filter(workshop=workshop).count()
    return {**people, "entries": entries}


# Privacy ----------------------------------------------------------------------------


def workshop_delete(*, workshop: Workshop) -> None:
    """Delete a workshop with everything of it: participants and their
    answers, principles, votes, charters and share links."""
    with transaction.atomic():
        workshop.delete()


def workshop_purge_raw_data(*, workshop: Workshop) -> int:
    """Delete the participants and their answers of a finished workshop; its
    principles and published charters stay. Returns how many people's data went."""
    with transaction.atomic():
        count = Participant.objects.filter(workshop=workshop).count()
        Participant.objects.filter(workshop=workshop).delete()
        Workshop.objects.filter(pk=workshop.pk).update(raw_data_deleted_at=timezone.now())
        workshop_touch(workshop.pk)
    return count
