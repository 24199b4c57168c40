"""Two app servers over one PostgreSQL serve one workshop: nothing lives in a process.

A phone's requests alternate between the servers, as behind a load balancer;
so do the facilitator's. Sessions, the phone's signed cookie, CSRF, the
board's version and the rate-limit counters must all work across them.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from core.models import Throttle
from igloo.data import sync
from tests.conftest import PASSWORD, make_user, make_workshop
from workshops.models import Entry, Organisation, Participant

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="Two servers need a database both can reach: run with DATABASE_URL on PostgreSQL.",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def servers(transactional_db):
    # A transactional test starts from empty tables: load the levels again.
    sync(apps)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": url,
        "SECRET_KEY": "two-servers-share-this-secret-0123456789-abcdefghijklmnop",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_MANIFEST": "0",
        "CONN_MAX_AGE": "0",
    }
    ports = [free_port(), free_port()]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "--threads",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)


class Browser:
    """A cookie jar and a way to send requests to either server."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def get(self, url: str, headers=None):
        return self._open(urllib.request.Request(url, headers=headers or {}))

    def post(self, url: str, data: dict | None = None, body: bytes | None = None, headers=None):
        headers = {"X-CSRFToken": self.cookie("csrftoken"), **(headers or {})}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self._open(urllib.request.Request(url, data=body, headers=headers, method="POST"))

    def _open(self, request):
        try:
            response = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_phone_and_a_facilitator_alternate_between_two_servers(servers):
    a, b = servers
    organisation = Organisation.objects.create(name="Sygehus Øst")
    owner = make_user("facilitator@example.dk", organisation)
    # The servers use the production hashers, not the tests' fast one.
    owner.password = PBKDF2PasswordHasher().encode(PASSWORD, "two-servers", iterations=1000)
    owner.save()
    workshop = make_workshop(organisation, owner, teams=["Akut"])
    code = workshop.join_code

    phone = Browser()
    status, _h, _body = phone.get(f"{a}/j/{code}/")
    assert status == 200
    team = workshop.teams.get().pk
    status, headers, _body = phone.post(
        f"{b}/j/{code}/", {"csrfmiddlewaretoken": phone.cookie("csrftoken"), "team": team}
    )
    assert status == 302
    worksheet = headers["Location"]
    assert phone.get(f"{a}{worksheet}")[0] == 200

    texts = []
    for n, server in enumerate([a, b, a, b]):
        text = f"Punkt {n} – æøå"
        texts.append(text)
        body = json.dumps(
            {
                "entries": [
                    {
                        "id": str(uuid.uuid4()),
                        "question": 1 + n % 5,
                        "text": text,
                        "levels": [],
                        "position": n,
                        "removed": False,
                        "rev": 10 + n,
                    }
                ]
            }
        ).encode()
        status, _h, answer = phone.post(
            f"{server}{worksheet}save/", body=body, headers={"Content-Type": "application/json"}
        )
        assert status == 200, answer
        assert json.loads(answer)["errors"] == {}
    status, _h, _body = phone.post(
        f"{b}{worksheet}submit/", {"csrfmiddlewaretoken": phone.cookie("csrftoken")}
    )
    assert status == 302

    participant = Participant.objects.get(workshop=workshop)
    assert participant.submitted_at is not None
    assert sorted(
        Entry.objects.filter(participant=participant).values_list("text", flat=True)
    ) == sorted(texts)

    # The facilitator logs in on one server and watches the board on the other.
    laptop = Browser()
    laptop.get(f"{a}/accounts/login/")
    status, _h, _body = laptop.post(
        f"{a}/accounts/login/",
        {
            "csrfmiddlewaretoken": laptop.cookie("csrftoken"),
            "username": owner.email,
            "password": PASSWORD,
        },
    )
    assert status == 302
    board = f"/workshops/{workshop.pk}/board/"
    status, headers, html = laptop.get(f"{b}{board}", {"HX-Request": "true"})
    assert status == 200
    assert "Punkt 3" in html.decode()
    etag = headers["ETag"]
    assert laptop.get(f"{a}{board}", {"HX-Request": "true", "If-None-Match": etag})[0] == 304
    body = json.dumps(
        {
            "entries": [
                {
                    "id": str(uuid.uuid4()),
                    "question": 2,
                    "text": "Nyt fra server A",
                    "levels": [],
                    "position": 9,
                    "removed": False,
                    "rev": 99,
                }
            ]
        }
    ).encode()
    assert (
        phone.post(f"{a}{worksheet}save/", body=body, headers={"Content-Type": "application/json"})[
            0
        ]
        == 200
    )
    status, _h, html = laptop.get(f"{b}{board}", {"If-None-Match": etag})
    assert status == 200
    assert "Nyt fra server A" in html.decode()


def test_join_code_guessing_is_counted_across_servers(servers):
    a, b = servers
    guesser = Browser()
    statuses = [
        guesser.get(f"{server}/j/ZZZZZ{n % 10}/")[0]
        for n, server in zip(range(24), [a, b] * 12, strict=True)
    ]
    assert statuses[:20] == [404] * 20
    assert statuses[-1] == 429
    assert Throttle.objects.filter(key="join:127.0.0.1").count() == 1
