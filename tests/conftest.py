from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from igloo.models import Level, LevelScheme
from workshops.access import COOKIE_SALT, participant_cookie_name
from workshops.models import Entry, Membership, Organisation, Participant, Phase, Role
from workshops.services import workshop_create

PASSWORD = "a-long-test-password"


@pytest.fixture(scope="session", autouse=True)
def _no_connection_left_behind(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end any session still on it.

    A browser test runs in Playwright's greenlet, whose ORM connections are not
    the ones pytest-django closes; one left open makes PostgreSQL refuse to drop
    the database ("is being accessed by other users") and fails the run."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _fast_and_english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    translation.activate("en")
    yield
    translation.activate("en")


def make_user(email: str, organisation: Organisation | None = None, role: str = Role.OWNER):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, first_name=email.split("@")[0]
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_workshop(organisation, user, *, phase=Phase.COLLECTING, teams=(), scheme="igloo", **kw):
    workshop = workshop_create(
        organisation=organisation,
        created_by=user,
        title=kw.pop("title", "Workshop"),
        date=datetime.date(2026, 11, 21),
        language=kw.pop("language", "en"),
        scheme=LevelScheme.objects.get(slug=scheme),
        ai_focus=kw.pop("ai_focus", "genai"),
        teams=list(teams),
    )
    workshop.phase = phase
    if phase != Phase.DRAFT:
        workshop.collection_started_at = workshop.created_at
    workshop.save()
    return workshop


def move_to(workshop, phase: str):
    """Walk the workshop to `phase` one step at a time, as the facilitator would."""
    from workshops.models import PHASE_ORDER
    from workshops.services import workshop_set_phase

    workshop = type(workshop).objects.get(pk=workshop.pk)
    step = 1 if PHASE_ORDER.index(phase) > PHASE_ORDER.index(workshop.phase) else -1
    while workshop.phase != phase:
        following = PHASE_ORDER[PHASE_ORDER.index(workshop.phase) + step]
        workshop = workshop_set_phase(workshop=workshop, phase=following)
    return workshop


def add_entry(participant: Participant, words: str, *, question=1, levels=(), placed=None, **kw):
    """A card as a phone's save leaves it; `placed` as the facilitator would."""
    entry = Entry(
        workshop_id=participant.workshop_id,
        participant=participant,
        question=question,
        text=words,
        rev=1,
        **kw,
    )
    entry.save()
    scheme_levels = Level.objects.filter(scheme_id=participant.workshop.scheme_id)
    entry.suggested_levels.set(scheme_levels.filter(code__in=levels))
    if placed is not None:
        Entry.objects.filter(pk=entry.pk).update(placed=True)
        entry.placed = True
        entry.placed_levels.set(scheme_levels.filter(code__in=placed))
    return entry


def entry_change(**overrides) -> dict:
    """One point as the phone's autosave sends it."""
    return {
        "id": str(uuid.uuid4()),
        "question": 1,
        "text": "Et punkt",
        "levels": [],
        "position": 0,
        "removed": False,
        "rev": 10,
        **overrides,
    }


def phone_saves(participant: Participant, *points, rev: int = 1, removed: bool = False) -> None:
    """A phone's autosave through the service: each point is (question, text,
    level codes) or (client id, question, text, level codes)."""
    from workshops.worksheet import EntryChange, worksheet_save

    changes = []
    for position, point in enumerate(points):
        client_id, question, text, codes = point if len(point) == 4 else (uuid.uuid4(), *point)
        changes.append(
            EntryChange(
                client_id=client_id,
                question=question,
                text=text,
                level_codes=list(codes),
                position=position,
                removed=removed,
                rev=rev,
            )
        )
    worksheet_save(participant=participant, fields=[], entries=changes)


def autosave_body(*, entries=(), fields=None) -> str:
    """The JSON body of one autosave."""
    return json.dumps({"fields": fields or {}, "entries": list(entries)})


def client_for(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def phone_for(participant: Participant) -> Client:
    """A test client holding the participant's signed cookie, as their phone would."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    from django.http import HttpResponse

    response = HttpResponse()
    response.set_signed_cookie(
        participant_cookie_name(participant.workshop), participant.token, salt=COOKIE_SALT
    )
    client.cookies.update(response.cookies)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Sygehus Øst")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Andet Firma")


@pytest.fixture
def owner(organisation):
    return make_user("facilitator@example.dk", organisation, Role.OWNER)


@pytest.fixture
def facilitator(organisation):
    return make_user("co@example.dk", organisation, Role.FACILITATOR)


@pytest.fixture
def manager(organisation):
    return make_user("manager@example.dk", organisation, Role.MANAGER)


@pytest.fixture
def outsider(other_organisation):
    return make_user("outsider@example.dk", other_organisation, Role.OWNER)


# Their browsers, logged in.


@pytest.fixture
def owner_client(owner) -> Client:
    return client_for(owner)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return client_for(facilitator)


@pytest.fixture
def manager_client(manager) -> Client:
    return client_for(manager)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture
def workshop(organisation, owner):
    return make_workshop(organisation, owner, teams=["Akut", "Medicin"])


@pytest.fixture
def other_workshop(other_organisation, outsider):
    return make_workshop(other_organisation, outsider, title="Other")


@pytest.fixture
def participant(workshop):
    return Participant.objects.create(workshop=workshop, team=workshop.teams.first())


@pytest.fixture
def other_participant(other_workshop):
    return Participant.objects.create(workshop=other_workshop)


@pytest.fixture
def phone(participant):
    return phone_for(participant)


@pytest.fixture
def other_phone(other_participant):
    return phone_for(other_participant)


# The browser fixtures (live_server, browser, phone_page, laptop_page, open_workshop).
from tests.browser import (  # noqa: E402, F401
    browser,
    danish_laptop_page,
    laptop_page,
    live_server,
    open_workshop,
    phone_page,
)
