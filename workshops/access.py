"""Who may see what. Helpers return the object or raise.

Another organisation's object is a 404, so nobody learns that it exists; a
member whose role does not allow the action gets a 403.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature
from django.db.models import F
from django.http import Http404
from django.utils import translation

from .models import RUNS_WORKSHOPS, Membership, Organisation, Participant, Role, Workshop


def membership_for(user, organisation_id: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation_id=organisation_id).first()


def get_workshop_for(user, pk: int, *, run: bool = True, owner: bool = False) -> Workshop:
    """The workshop, if the user belongs to its organisation (and, with `run`,
    may run workshops there; with `owner`, owns the organisation). One query:
    boards poll this every few seconds."""
    workshop = (
        Workshop.objects.select_related("organisation", "scheme")
        .filter(pk=pk, organisation__memberships__user=user)
        .annotate(member_role=F("organisation__memberships__role"))
        .first()
        if user.is_authenticated
        else None
    )
    if workshop is None or workshop.hidden_from(user.pk, workshop.member_role):
        raise Http404
    if run and workshop.member_role not in RUNS_WORKSHOPS:
        raise PermissionDenied
    if owner and workshop.member_role != Role.OWNER:
        raise PermissionDenied
    return workshop


def get_organisation_for(user, pk: int, *, owner: bool = False) -> tuple[Organisation, Membership]:
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation_id=pk)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    if owner and membership.role != Role.OWNER:
        raise PermissionDenied
    return membership.organisation, membership


def organisations_of(user):
    """The organisations the user belongs to, in any role."""
    return Organisation.objects.filter(memberships__user=user)


def organisations_run_by(user):
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=list(RUNS_WORKSHOPS)
    )


# Participants: a phone is remembered per workshop by a signed cookie holding
# the participant's secret token.

COOKIE_SALT = "workshops.participant"


def participant_cookie_name(workshop: Workshop) -> str:
    return f"p_{workshop.public_id}"


def find_participant(request, workshop: Workshop) -> Participant | None:
    """The participant this browser joined the workshop as, if any."""
    try:
        token = request.get_signed_cookie(
            participant_cookie_name(workshop),
            salt=COOKIE_SALT,
            max_age=settings.PARTICIPANT_COOKIE_AGE,
        )
    except (KeyError, BadSignature):
        return None
    participant = Participant.objects.filter(token=token, workshop=workshop).first()
    if participant is not None:
        participant.workshop = workshop
    return participant


def remember_participant(response, participant: Participant) -> None:
    response.set_signed_cookie(
        participant_cookie_name(participant.workshop),
        participant.token,
        salt=COOKIE_SALT,
        max_age=settings.PARTICIPANT_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def use_workshop_language(request, workshop: Workshop) -> None:
    """Participant pages speak the workshop's language unless the phone chose one."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(workshop.language)
        request.LANGUAGE_CODE = workshop.language


class NotJoined(Exception):
    """This browser holds no participant of the workshop (never joined, the
    cookie expired, or the participant was deleted)."""

    def __init__(self, workshop: Workshop):
        super().__init__(workshop.public_id)
        self.workshop = workshop


def get_participant(request, workshop: Workshop) -> Participant:
    """The participant this browser joined the workshop as; raises NotJoined."""
    participant = find_participant(request, workshop)
    if participant is None:
        raise NotJoined(workshop)
    return participant


def get_phone(request, public_id: str) -> tuple[Workshop, Participant]:
    """The workshop of a phone's URL, in its language, and the phone's
    participant; 404 for an unknown workshop, NotJoined for a stranger."""
    workshop = (
        Workshop.objects.select_related("organisation", "scheme")
        .filter(public_id=public_id)
        .first()
    )
    if workshop is None:
        raise Http404
    use_workshop_language(request, workshop)
    return workshop, get_participant(request, workshop)
