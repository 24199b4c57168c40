"""The Django side of bench/load.py: what the facilitator does, through the
project's own services, on the benchmark database (DATABASE_URL).

    DATABASE_URL=postgres://... .venv/bin/python bench/load_django.py setup
    DATABASE_URL=postgres://... .venv/bin/python bench/load_django.py voting WORKSHOP_PK [N]
    DATABASE_URL=postgres://... .venv/bin/python bench/load_django.py sessions SESSIONS PHONES
    DATABASE_URL=postgres://... .venv/bin/python bench/load_django.py room

Each prints one JSON line. Run as a subprocess, so the load driver itself holds
no database connection (PostgreSQL is restarted under it with --faults).
"""

from __future__ import annotations

import json
import os
import random
import sys

# The checkout being served (bench/load.py --app-root), else this one.
sys.path.insert(
    0,
    os.environ.get("BENCH_APP_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from igloo.models import LevelScheme  # noqa: E402
from principles.services import principle_merge  # noqa: E402
from workshops.models import Entry, Phase, Workshop  # noqa: E402
from workshops.services import (  # noqa: E402
    organisation_create,
    workshop_create,
    workshop_set_phase,
)

FACILITATOR = "facilitator@bench.invalid"
PASSWORD = "bench-load-facilitator"  # noqa: S105 - a throwaway benchmark database
TEAMS = ["Sygepleje", "Administration", "IT", "Ledelse"]


def setup() -> dict:
    user = get_user_model().objects.create_user(
        username=FACILITATOR, email=FACILITATOR, password=PASSWORD, first_name="Bench"
    )
    organisation = organisation_create(name="Fjordbæk Kommune (benchmark)", owner=user)
    scheme = LevelScheme.objects.get(slug="igloo")
    workshop = workshop_create(
        organisation=organisation,
        created_by=user,
        title="Belastningstest",
        date=timezone.localdate(),
        language="da",
        scheme=scheme,
        ai_focus="both",
        teams=TEAMS,
    )
    workshop_set_phase(workshop=workshop, phase=Phase.COLLECTING)
    return {
        "workshop": workshop.pk,
        "public_id": workshop.public_id,
        "join_code": workshop.join_code,
        "username": FACILITATOR,
        "password": PASSWORD,
        "levels": list(scheme.levels.values_list("code", flat=True)),
        "teams": list(workshop.teams.order_by("position").values_list("pk", flat=True)),
    }


def sessions(count: int, phones: int) -> dict:
    """Prepared sessions for wrk (bench/wrk/rotate.lua): `count` logged-in
    sessions of the facilitator, and `phones` phones joined (through the
    service) to a second workshop that is collecting, with their signed
    cookies, for status polls and autosaves that do not touch the room's."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.signing import get_cookie_signer
    from django.utils.crypto import get_random_string

    from workshops.access import COOKIE_SALT, participant_cookie_name
    from workshops.live import room_key
    from workshops.services import participant_join

    user = get_user_model().objects.get(username=FACILITATOR)
    keys = []
    for _ in range(count):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    workshop = workshop_create(
        organisation=user.memberships.get().organisation,
        created_by=user,
        title="wrk",
        date=timezone.localdate(),
        language="da",
        scheme=LevelScheme.objects.get(slug="igloo"),
        ai_focus="both",
        teams=[],
    )
    workshop_set_phase(workshop=workshop, phase=Phase.COLLECTING)
    workshop.refresh_from_db()
    name = participant_cookie_name(workshop)
    signer = get_cookie_signer(salt=name + COOKIE_SALT)
    cookies = []
    for n in range(phones):
        participant = participant_join(workshop=workshop, team=None, display_name=f"wrk {n}")
        cookies.append(f"{name}={signer.sign(participant.token)}")
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "sessions": keys,
        "public_id": workshop.public_id,
        "phase": workshop.phase,
        "room": room_key(workshop.phase, workshop.step, workshop.timer_ends_at),
        "phones": cookies,
        "csrf": get_random_string(32),
    }


def room() -> dict:
    """A second workshop, collecting, for the realistic room (bench/load.py's
    room scenario): its phones join by code as the burst's did."""
    from workshops.live import room_key

    user = get_user_model().objects.get(username=FACILITATOR)
    workshop = workshop_create(
        organisation=user.memberships.get().organisation,
        created_by=user,
        title="Rummet",
        date=timezone.localdate(),
        language="da",
        scheme=LevelScheme.objects.get(slug="igloo"),
        ai_focus="both",
        teams=TEAMS,
    )
    workshop_set_phase(workshop=workshop, phase=Phase.COLLECTING)
    workshop.refresh_from_db()
    return {
        "workshop": workshop.pk,
        "public_id": workshop.public_id,
        "join_code": workshop.join_code,
        "phase": workshop.phase,
        "room": room_key(workshop.phase, workshop.step, workshop.timer_ends_at),
        "levels": list(workshop.scheme.levels.values_list("code", flat=True)),
        "teams": list(workshop.teams.order_by("position").values_list("pk", flat=True)),
    }


def voting(pk: int, count: int) -> dict:
    """Close collection, merge a few principles from the room's cards, open voting."""
    workshop = Workshop.objects.get(pk=pk)
    workshop_set_phase(workshop=workshop, phase=Phase.CLUSTERING)
    ids = list(Entry.objects.filter(workshop=workshop, removed=False).values_list("pk", flat=True))
    rng = random.Random(pk)
    principles = []
    for _ in range(count):
        chosen = rng.sample(ids, min(3, len(ids)))
        if chosen:
            principles.append(principle_merge(workshop=workshop, entry_ids=chosen).pk)
    workshop_set_phase(workshop=workshop, phase=Phase.VOTING)
    return {"principles": principles, "dots": workshop.dots_per_participant}


if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["setup"]:
        print(json.dumps(setup()))
    elif command == ["sessions"]:
        print(json.dumps(sessions(int(sys.argv[2]), int(sys.argv[3]))))
    elif command == ["room"]:
        print(json.dumps(room()))
    elif command == ["voting"]:
        print(json.dumps(voting(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 8)))
    else:
        sys.exit(__doc__)
