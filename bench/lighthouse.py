"""Lighthouse on the demo workshop's pages, served as in production.

    npm install --prefix "$HOME/lh" lighthouse@12       # once; not a project dependency
    .venv/bin/python bench/lighthouse.py --lighthouse "$HOME/lh/node_modules/.bin/lighthouse"

A fresh SQLite database gets the demo workshop; gunicorn serves the app with
DEBUG off, WhiteNoise and the manifest of collected static files (HTTPS
redirects off, since this runs on loopback). Lighthouse runs in Debian's
Chromium: the board with the facilitator's session and the desktop preset,
a phone's worksheet with the participant's cookie and the mobile preset. The last line is one
JSON object with the scores and the board's weight.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--lighthouse",
        default=shutil.which("lighthouse") or "lighthouse",
        help="the lighthouse command (npm's lighthouse, installed outside the project)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "lighthouse-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
    }
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "demo_workshop")
    ids = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from django.contrib.auth import get_user_model;"
        "from workshops.models import Workshop, Participant;"
        "w = Workshop.objects.get(); u = w.created_by; s = SessionStore();"
        "s['_auth_user_id'] = str(u.pk);"
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
        "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create();"
        "from django.http import HttpResponse;"
        "from workshops.access import remember_participant;"
        "p = Participant.objects.filter(workshop=w).first(); r = HttpResponse();"
        "remember_participant(r, p); c = next(iter(r.cookies.values()));"
        "print(s.session_key, w.pk, w.public_id, c.key, c.value)",
    ).split()
    session, pk, public_id, phone_cookie, phone_value = ids[-5:]
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    pass
                break
            except OSError:
                time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        result = {
            "board": run(
                args.lighthouse,
                f"{base}/workshops/{pk}/board/",
                f"sessionid={session}",
                "desktop",
                work,
            ),
            "worksheet": run(
                args.lighthouse,
                f"{base}/w/{public_id}/",
                f"{phone_cookie}={phone_value}",
                "mobile",
                work,
            ),
        }
        print(json.dumps(result))
    finally:
        server.terminate()
        server.wait(10)


def run(lighthouse: str, url: str, cookie: str, preset: str, work: Path) -> dict:
    out = work / f"{preset}.json"
    flags = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    command = [
        lighthouse,
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        f"--chrome-flags={' '.join(flags)}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "bytes_kib": round(audits["total-byte-weight"]["numericValue"] / 1024),
        "dom_elements": audits["dom-size"]["numericValue"],
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "failed_a11y": [
            audit_id
            for audit_id, audit in audits.items()
            if audit.get("score") == 0
            and audit_id in {r["id"] for r in report["categories"]["accessibility"]["auditRefs"]}
        ],
    }


if __name__ == "__main__":
    main()
