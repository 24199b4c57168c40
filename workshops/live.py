"""What the live pages (board, projector, the phone's room bar) share in
HTTP: the version and ETag a poll is answered with, the answers to an
unchanged poll from one query before any session, user or participant is
loaded (LivePollMiddleware), and how a board action answers htmx or a plain
form."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.db.models import Sum
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, get_language_from_request
from django_htmx.http import trigger_client_event

from core.converters import TOKEN_PATTERN

from .links import safe_next
from .models import RUNS_WORKSHOPS, BoardShard, Membership, Phase, Role, Workshop


def board_version(workshop: Workshop) -> str:
    """Changes with every change a board shows: the workshop's own counter
    (facilitator actions, joins, votes), then the sum of the slices phones
    bump as they write. Kept apart, so a board can tell that only phones
    wrote since its version and ask for the changed cards alone. Read once
    per request."""
    if not hasattr(workshop, "live_version"):
        slices = BoardShard.objects.filter(workshop_id=workshop.pk).aggregate(n=Sum("n"))["n"]
        workshop.live_version = f"{workshop.board_version}_{slices or 0}"
    return workshop.live_version


def version_of_tag(etag: str) -> tuple[str, str, str] | None:
    """(the workshop's own counter, the phones' sum, the language) of a
    board's ETag, or None if it is not one. Says nothing of whose it is."""
    try:
        tag = etag.strip('"').rsplit(".", 2)[0]
        version, language, _page = tag.split("-", 2)
        own, phones = version.split("_")
    except ValueError:
        return None
    return own, phones, language


def _joined_suffix(last_joined_at: datetime | None) -> str:
    """The joins of the last minute fall without a new board version, so for
    a minute after a join the board's ETag also changes every 10 s."""
    if last_joined_at is not None:
        elapsed = (timezone.now() - last_joined_at).total_seconds()
        if 0 <= elapsed < 70:
            return f"-j{int(elapsed // 10)}"
    return ""


def _bound(tag: str, *, session_key: str, user_id: int, password: str, pk: int) -> str:
    """An ETag that only this session of this user can have been given: the
    304 path trusts it instead of loading the session and the user. The
    password's hash is in the HMAC (never in the tag), so a new password ends
    the 304s as it ends the sessions."""
    mac = salted_hmac(
        "workshops.live.board_etag",
        f"{session_key}|{user_id}|{password}|{pk}|{tag}",
        algorithm="sha256",
    ).hexdigest()[:32]
    return f'"{tag}.{user_id}.{mac}"'


def board_etag(request, workshop: Workshop) -> str:
    """The board's ETag, bound to the session and to the user's password
    (as Django binds a session), so the poll's fast path below can check it."""
    return _page_etag(request, workshop, "board", _joined_suffix(workshop.last_joined_at))


def projector_etag(request, workshop: Workshop) -> str:
    """The projector's ETag, bound as the board's is: its unchanged poll is
    answered by the same fast path (the same access check, the same query)."""
    return _page_etag(request, workshop, "projector")


def _page_etag(request, workshop: Workshop, page: str, suffix: str = "") -> str:
    return _bound(
        f"{board_version(workshop)}-{get_language() or ''}-{page}{suffix}",
        session_key=request.session.session_key or "",
        user_id=request.user.pk,
        password=request.user.password,
        pk=workshop.pk,
    )


def not_modified(request, etag: str) -> bool:
    """An htmx poll that already holds what the page would show."""
    return bool(request.htmx) and request.headers.get("If-None-Match") == etag


def live_response(response, etag: str):
    """A live page or its partial: revalidated every time, and kept apart from
    each other in a cache since they share a URL."""
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["HX-Request"])
    return response


def back_to_board(request, workshop: Workshop):
    """From the board: htmx is told the board changed (its poll fetches the
    body at once); a plain form goes back to the board it came from."""
    if request.htmx:
        return trigger_client_event(HttpResponse(status=204), "board-changed")
    return redirect(safe_next(request, reverse("workshops:board", args=[workshop.pk])))


def refuse(request, workshop: Workshop, message: str):
    """A board action that was refused: the message for htmx (which swaps
    nothing on a 4xx; the board's script reads it), else a flash message."""
    if request.htmx:
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return back_to_board(request, workshop)


# Unchanged polls, answered before the session, the user or the participant
# is loaded. Anything unusual goes on to the full view, which answers the same.

_BOARD_SQL = None


def _board_sql() -> str:
    global _BOARD_SQL
    if _BOARD_SQL is None:
        runs = ", ".join(f"'{role}'" for role in sorted(RUNS_WORKSHOPS))
        _BOARD_SQL = (
            "SELECT w.board_version, COALESCE("  # nosec B608 - the models' tables; values are parameters
            f"(SELECT SUM(s.n) FROM {BoardShard._meta.db_table} s WHERE s.workshop_id = w.id), 0),"
            " w.last_joined_at, u.password"
            f" FROM {Workshop._meta.db_table} w"
            f" JOIN {Membership._meta.db_table} m ON m.organisation_id = w.organisation_id"
            f" JOIN {get_user_model()._meta.db_table} u ON u.id = m.user_id"
            f" JOIN {Session._meta.db_table} ds ON ds.session_key = %s"
            f" WHERE w.id = %s AND m.user_id = %s AND m.role IN ({runs})"
            # Workshop.hidden_from: a series' team workshop is its assigned
            # facilitator's (and its creator's), not every facilitator's.
            f" AND (m.role <> '{Role.FACILITATOR.value}' OR w.assigned_facilitator_id IS NULL"
            " OR w.assigned_facilitator_id = m.user_id OR w.created_by_id = m.user_id)"
            " AND u.is_active AND ds.expire_date > %s"
        )
    return _BOARD_SQL


@functools.cache
def _prepared_cursor_class():
    import psycopg  # noqa: PLC0415 - only on PostgreSQL

    class Prepared(psycopg.Cursor):
        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True)

    return Prepared


def _fetch_one(sql: str, params: list):
    """One row. On PostgreSQL as a prepared statement: planning the board's
    four-table check took four times as long as running it (0.4 ms, 0.1 ms).
    Django's cursors bind on the client and can't prepare, so this one binds
    on the server; Django's wrapper still logs it and maps its errors."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _prepared_cursor_class()(connection.connection)
    with connection._prepare_cursor(raw) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _as_datetime(value) -> datetime | None:
    # A raw cursor on SQLite gives the stored UTC time without its zone.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def board_poll_unchanged(request, pk: int, page: str = "board"):
    """304 for an htmx poll of the board (or the projector, `page`) whose
    ETag is still current, from one query that checks the session (alive),
    the user (active, same password) and the membership (may run workshops)
    along with the version. None: not sure, let the view answer."""
    etag = request.headers.get("If-None-Match", "")
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if request.headers.get("HX-Request") != "true" or not session_key or len(etag) > 200:
        return None
    try:
        tag, user_id, _mac = etag.strip('"').rsplit(".", 2)
        user_id = int(user_id)
    except ValueError:
        return None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    row = _fetch_one(_board_sql(), [session_key, pk, user_id, now])
    if row is None:
        return None
    own, phones, last_joined_at, password = row
    language = get_language_from_request(request)
    current = f"{own}_{phones}-{language}-{page}"
    if page == "board":
        current += _joined_suffix(_as_datetime(last_joined_at))
    if current != tag:
        return None
    expected = _bound(tag, session_key=session_key, user_id=user_id, password=password, pk=pk)
    if not constant_time_compare(expected, etag):
        return None
    response = HttpResponseNotModified(headers={"ETag": etag})
    return live_response(response, etag)


def timer_shown(phase: str, timer_ends_at: datetime | None) -> bool:
    """Phones show a timer while it runs, in the phases that are timed on phones."""
    return (
        phase in (Phase.COLLECTING, Phase.VOTING)
        and timer_ends_at is not None
        and timer_ends_at > timezone.now()
    )


def room_key(phase: str, step: int, timer_ends_at: datetime | None) -> str:
    """What a phone's room bar shows. Changes when the timer runs out, so the
    finished timer leaves the bar by itself."""
    ends = int(timer_ends_at.timestamp()) if timer_shown(phase, timer_ends_at) else 0
    return f"{phase}.{step}.{ends}"


def _room_sql() -> str:
    table = Workshop._meta.db_table
    return f"SELECT phase, step, timer_ends_at FROM {table} WHERE public_id = %s"  # nosec B608


def status_poll_unchanged(request, public_id: str):
    """204 for a phone's status poll when its phase and room bar are current,
    from one indexed query (the room bar is the same for every phone, so no
    participant is needed). None: let the view answer."""
    phase, room = request.GET.get("phase"), request.GET.get("room")
    if not phase or not room:
        return None
    row = _fetch_one(_room_sql(), [public_id])
    if row is None or row[0] != phase:
        return None
    if room_key(row[0], row[1], _as_datetime(row[2])) != room:
        return None
    return HttpResponse(status=204)


def _pattern(name: str, group: str) -> re.Pattern:
    """The URL's path as a pattern, its one argument as `group`."""
    sample = "987654321"
    path = re.escape(reverse(name, args=[sample]))
    return re.compile("^" + path.replace(sample, group) + "$", re.ASCII)


def _host_allowed(request) -> bool:
    # CommonMiddleware checks ALLOWED_HOSTS after this; a bad host is its to refuse.
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


class LivePollMiddleware:
    """First after SecurityMiddleware: an unchanged board or projector poll
    (304) and an unchanged phone status poll (204) skip the session, CSRF, auth, messages,
    locale and CSP middleware and the URL resolver, which such an empty answer
    does not need. Everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.board = _pattern("workshops:board", r"(\d{1,18})")
        self.presenter = _pattern("workshops:presenter", r"(\d{1,18})")
        self.status = _pattern("phone:status", rf"({TOKEN_PATTERN})")

    def __call__(self, request):
        if request.method == "GET" and _host_allowed(request):
            answer = None
            if match := self.board.match(request.path_info):
                answer = board_poll_unchanged(request, int(match.group(1)))
            elif match := self.presenter.match(request.path_info):
                answer = board_poll_unchanged(request, int(match.group(1)), "projector")
            elif match := self.status.match(request.path_info):
                answer = status_poll_unchanged(request, match.group(1))
            if answer is not None:
                return answer
        return self.get_response(request)
