"""Where a request's time goes, one request at a time, in this process: the
phone's autosave, the unchanged board poll (304), and the changed board
body a poll renders while a room is typing.

    .venv/bin/python bench/profile_paths.py [--saves 300] [--polls 1000] [--entries 1500,15000]

Runs Django's WSGI handler with the production middleware (DEBUG off) on a
fresh PostgreSQL database (igloo_bench_profile, dropped afterwards). For each
path: wall time per request, the queries with their time, and the time spent
in each middleware's hooks and in the main functions under the view
(cProfile, cumulative). The load benchmark is bench/load.py; this explains it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import secrets
import sys
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "igloo_bench_profile"
PARSER = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
PARSER.add_argument("--saves", type=int, default=300)
PARSER.add_argument("--polls", type=int, default=1000)
PARSER.add_argument(
    "--entries", default="1500,15000", help="room sizes (entries) to render the changed board for"
)
PARSER.add_argument("--top", type=int, default=40, help="cProfile lines kept per path")
PARSER.add_argument(
    "--out", type=Path, default=None, help="write the full report, with cProfile listings, here"
)
PARSER.add_argument(
    "--app-root", type=Path, default=ROOT, help="profile this checkout (e.g. a worktree with a fix)"
)
ARGS = PARSER.parse_args()
os.environ["BENCH_APP_ROOT"] = str(ARGS.app_root)
sys.path.insert(0, str(ARGS.app_root))
sys.path.insert(1, str(ROOT / "bench"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DEBUG="0",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="0",
    SESSION_COOKIE_SECURE="0",
    CSRF_COOKIE_SECURE="0",
    SECURE_HSTS_SECONDS="0",
    STATIC_MANIFEST="0",
    LOG_LEVEL="WARNING",
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
)

import psycopg  # noqa: E402


def admin(sql: str) -> None:
    with psycopg.connect(
        dbname="postgres", host="127.0.0.1", user="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
admin(f'CREATE DATABASE "{DB}"')

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

# Each middleware's own hooks, timed by cProfile under these names.
HOOKS = ("process_request", "process_view", "process_response", "__call__")


@contextmanager
def queries():
    """Every query run inside, with its time."""
    seen: list[tuple[str, float]] = []

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((sql, time.perf_counter() - started))

    with connection.execute_wrapper(wrapper):
        yield seen


def short(sql: str) -> str:
    sql = " ".join(sql.split())
    if sql.startswith("SELECT"):
        head, _, rest = sql.partition(" FROM ")
        sql = "(columns) FROM " + rest if len(head) > 40 else sql
    return sql[:150]


def middleware_times(stats: pstats.Stats, n: int) -> dict[str, float]:
    """ms per request in each middleware's own hooks. A middleware that wraps
    the rest in __call__ is counted without the layers inside it; a session
    or user loaded lazily by the view is counted where it happens."""
    inner = [
        key
        for key in stats.stats
        if key[0].endswith("django/core/handlers/exception.py") and key[2] == "inner"
    ]
    by_name = defaultdict(float)
    for key, (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        filename, _line, func = key
        if func not in HOOKS:
            continue
        for path in settings.MIDDLEWARE:
            module = path.rsplit(".", 1)[0].replace(".", "/") + ".py"
            if not filename.endswith(module):
                continue
            if func == "__call__":
                ct -= sum(stats.stats[i][4].get(key, (0, 0, 0, 0))[3] for i in inner)
            by_name[path.rsplit(".", 1)[1]] += ct
    return {name: round(t / n * 1000, 3) for name, t in sorted(by_name.items())}


FOCUS = [
    # (label, file ending, function)
    ("django handler: get_response (all)", "django/core/handlers/base.py", "get_response"),
    ("view: save()", "workshops/worksheet_views.py", "save"),
    ("view: board()", "workshops/board.py", "board"),
    ("view: save_json()", "workshops/worksheet_views.py", "save_json"),
    ("  EntryChangeForm/WorksheetFieldsForm __init__", "django/forms/forms.py", "__init__"),
    ("  form is_valid()", "django/forms/forms.py", "is_valid"),
    ("  worksheet.worksheet_save()", "workshops/worksheet.py", "worksheet_save"),
    ("  worksheet._save_entries()", "workshops/worksheet.py", "_save_entries"),
    ("  entry.suggested_levels.set()", "django/db/models/fields/related_descriptors.py", "set"),
    ("  Model.save()", "django/db/models/base.py", "save"),
    ("  workshop_touch()", "workshops/services.py", "workshop_touch"),
    ("access.find_participant()", "workshops/access.py", "find_participant"),
    ("  request.get_signed_cookie()", "django/http/request.py", "get_signed_cookie"),
    ("access.get_workshop_for()", "workshops/access.py", "get_workshop_for"),
    ("session load (SessionStore.load)", "django/contrib/sessions/backends/db.py", "load"),
    ("auth: get_user()", "django/contrib/auth/__init__.py", "get_user"),
    ("board_data()", "workshops/board.py", "board_data"),
    ("template render", "django/template/base.py", "render"),
    ("JsonResponse", "django/http/response.py", "__init__"),
    ("DB: cursor execute (all queries)", "django/db/backends/utils.py", "execute"),
    ("DB: psycopg execute", "psycopg/cursor.py", "execute"),
    ("transaction.atomic __exit__ (COMMIT)", "django/db/transaction.py", "__exit__"),
    ("CSRF: _check_token", "django/middleware/csrf.py", "_check_token"),
    ("translation.activate", "django/utils/translation/__init__.py", "activate"),
]


def focus_times(stats: pstats.Stats, n: int) -> dict[str, float]:
    found = {}
    for label, ending, name in FOCUS:
        total = sum(
            ct
            for (filename, _l, func), (_cc, _nc, _tt, ct, _c) in stats.stats.items()
            if func == name and filename.endswith(ending)
        )
        if total:
            found[label] = round(total / n * 1000, 3)
    return found


def measure(label: str, send, n: int, top: int) -> dict:
    """Run `send` n times: wall, queries, then again n times under cProfile."""
    send()  # warm
    with queries() as seen:
        started = time.perf_counter()
        for _ in range(n):
            send()
        wall = (time.perf_counter() - started) / n
    by_sql = defaultdict(lambda: [0, 0.0])
    for sql, t in seen:
        key = short(sql)
        by_sql[key][0] += 1
        by_sql[key][1] += t
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        send()
    profiler.disable()
    stats = pstats.Stats(profiler)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    return {
        "path": label,
        "requests": n,
        "wall_ms": round(wall * 1000, 3),
        "queries_per_request": round(len(seen) / n, 2),
        "db_ms_per_request": round(sum(t for _, t in seen) / n * 1000, 3),
        "queries": [
            {"sql": sql, "per_request": round(c / n, 2), "ms_per_request": round(t / n * 1000, 3)}
            for sql, (c, t) in sorted(by_sql.items(), key=lambda kv: -kv[1][1])
        ],
        "middleware_ms": middleware_times(stats, n),
        "focus_ms_profiled": focus_times(stats, n),
        "_cprofile": text.getvalue(),
    }


def main() -> None:
    args = ARGS
    try:
        call_command("migrate", verbosity=0)
        import load_django

        setup = load_django.setup()
        report = run(setup, args)
    finally:
        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    for item in report["paths"]:
        item.pop("_cprofile", None)
    print(json.dumps(report, indent=1, ensure_ascii=False))


def run(setup: dict, args) -> dict:
    from workshops.models import Entry, Participant, Workshop

    rng = random.Random(1)
    code, sheet = setup["join_code"], f"/w/{setup['public_id']}/"
    phone = Client(enforce_csrf_checks=True)
    page = phone.get(f"/j/{code}/")
    token = page.cookies["csrftoken"].value
    phone.post(f"/j/{code}/", {"csrfmiddlewaretoken": token, "team": setup["teams"][0]})
    entries: dict[str, dict] = {}
    rev = [int(time.time() * 1000)]

    def save_body() -> str:
        # As in the burst: mostly one entry growing, sometimes a new one, sometimes two.
        changes = []
        for _ in range(rng.choice([1, 1, 1, 2])):
            if not entries or rng.random() < 0.4 or len(entries) >= 95:
                if len(entries) >= 95:
                    entries.clear()
                    phone.cookies.pop(f"p_{setup['public_id']}", None)
                    phone.post(
                        f"/j/{code}/", {"csrfmiddlewaretoken": token, "team": setup["teams"][0]}
                    )
                client_id = str(uuid.uuid4())
                entries[client_id] = {
                    "id": client_id,
                    "question": len(entries) % 5 + 1,
                    "text": "Mennesket",
                    "levels": ["individual"],
                    "position": 0,
                    "removed": False,
                }
            else:
                client_id = rng.choice(list(entries))
                entries[client_id]["text"] += " har det sidste ord"
            rev[0] += 1
            changes.append({**entries[client_id], "rev": rev[0]})
        return json.dumps({"fields": {}, "entries": changes})

    def save():
        answer = phone.post(
            sheet + "save/",
            save_body(),
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert answer.status_code == 200, answer.content[:300]

    paths = [measure("POST /w/<id>/save/ (autosave, 1-2 entries)", save, args.saves, args.top)]

    facilitator = Client()
    assert facilitator.login(username=setup["username"], password=setup["password"])
    board = f"/workshops/{setup['workshop']}/board/"
    etag = facilitator.get(board, headers={"HX-Request": "true"})["ETag"]

    def poll():
        answer = facilitator.get(board, headers={"HX-Request": "true", "If-None-Match": etag})
        assert answer.status_code == 304, answer.status_code

    paths.append(measure("GET board (htmx poll), unchanged (304)", poll, args.polls, args.top))

    def bare():
        phone.get("/healthz")

    paths.append(
        measure("GET /healthz (the app's own middleware, no view work)", bare, args.polls, args.top)
    )

    # The changed board: what every poll renders while the room types.
    workshop = Workshop.objects.get(pk=setup["workshop"])
    levels = list(workshop.scheme.levels.all())
    renders = []
    size = 0
    for size in [int(s) for s in args.entries.split(",") if s]:
        have = Entry.objects.filter(workshop=workshop, removed=False).count()
        people = list(Participant.objects.filter(workshop=workshop))
        while len(people) * 15 < size:
            people.append(
                Participant.objects.create(
                    workshop=workshop, profession=rng.choice(["Lærer", "Leder"])
                )
            )
        made = Entry.objects.bulk_create(
            Entry(
                workshop=workshop,
                participant=people[i // 15],
                question=i % 5 + 1,
                text=f"Punkt {i}: mennesket har det sidste ord, og vi deler erfaringer",
                position=i % 3,
                rev=1,
            )
            for i in range(have, size)
        )
        Entry.suggested_levels.through.objects.bulk_create(
            Entry.suggested_levels.through(entry_id=e.pk, level_id=rng.choice(levels).pk)
            for e in made
        )
        Workshop.objects.filter(pk=workshop.pk).update(board_version=size)
        started = time.perf_counter()
        with queries() as seen:
            answer = facilitator.get(board, headers={"HX-Request": "true"})
        elapsed = time.perf_counter() - started
        renders.append(
            {
                "entries": size,
                "status": answer.status_code,
                "render_ms": round(elapsed * 1000, 1),
                "queries": len(seen),
                "db_ms": round(sum(t for _, t in seen) * 1000, 1),
                "kb": round(len(answer.content) / 1024, 1),
            }
        )
    # While only phones write, a poll gets the changed cards alone (a delta).
    from django.utils import timezone

    earlier = timezone.now() - timedelta(hours=1)
    Entry.objects.filter(workshop=workshop).update(updated_at=earlier)
    Participant.objects.filter(workshop=workshop).update(updated_at=earlier)
    held = facilitator.get(board, headers={"HX-Request": "true"})
    deltas = []
    for _ in range(20):
        save()
        started = time.perf_counter()
        with queries() as seen:
            answer = facilitator.get(
                board,
                headers={
                    "HX-Request": "true",
                    "If-None-Match": held["ETag"],
                    "X-Board-Since": held["X-Board-Since"],
                },
            )
        elapsed = time.perf_counter() - started
        assert answer.get("X-Board-Delta") == "1", answer.status_code
        deltas.append((elapsed, len(answer.content)))
        held = answer
    deltas.sort()
    renders.append(
        {
            "entries": size,
            "delta_after_one_save": True,
            "render_ms_p50": round(deltas[len(deltas) // 2][0] * 1000, 1),
            "kb_max": round(max(kb for _, kb in deltas) / 1024, 1),
            "queries": len(seen),
            "db_ms": round(sum(t for _, t in seen) * 1000, 1),
            "slowest_queries": [
                {"ms": round(t * 1000, 1), "sql": short(sql)}
                for sql, t in sorted(seen, key=lambda q: -q[1])[:8]
            ],
        }
    )
    return {
        "app_root": str(args.app_root),
        "paths": paths,
        "changed_board": renders,
        "middleware": list(settings.MIDDLEWARE),
    }


if __name__ == "__main__":
    main()
