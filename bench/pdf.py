"""PDF generation for a 60-principle charter with the appendix, beside
WeasyPrint rendering a plain HTML table of the same text, in the same run;
then the largest charter the limits allow (PRINCIPLES_MAX principles, every
title, statement and cell at its maximum length): its first render, and a
second request for the same published version, served from storage.

    .venv/bin/python bench/pdf.py [--runs 3]

Prints one JSON line: seconds for each (best of the runs), and their ratios
to the plain table (the baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# The second request reads the stored PDF from a database: a private one.
os.environ["DATABASE_URL"] = "sqlite:///:memory:"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils.html import escape  # noqa: E402
from weasyprint import HTML  # noqa: E402

from principles.models import (  # noqa: E402
    CELL_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CharterVersion,
)
from principles.render import render_charter_pdf  # noqa: E402
from principles.services import PRINCIPLES_MAX  # noqa: E402

LEVELS = ["individual", "group", "leadership", "organisation", "context"]


def sixty_principle_version() -> CharterVersion:
    """An unsaved version whose content has 60 principles and the appendix."""
    levels = [{"code": code, "name": code.capitalize()} for code in LEVELS]
    principles = [
        {
            "id": n,
            "title": f"Princip {n}: Mennesket har det sidste ord i opgave {n}",
            "statement": "Når vi bruger GenAI, træffer et menneske beslutningen og står inde for "
            "den – også når tiden er knap, og værktøjet lyder overbevisende.",
            "cells": {
                code: f"Hvad princip {n} betyder for {code}: vi øver os, deler erfaringer og "
                "evaluerer sammen hvert halve år."
                for code in LEVELS
            },
            "votes": n % 7,
            "sources": [
                {"question": q, "text": f"Kilde {n}.{q}: færre fejl, mere tid"} for q in range(1, 4)
            ],
        }
        for n in range(1, 61)
    ]
    columns = [*levels, {"code": "-", "name": "Not placed"}]
    content = {
        "title": "Sociotekniske AI-principper hos Fjordbæk Kommune",
        "date": "2026-11-21",
        "preamble": "Når vi implementerer og anvender generativ AI, vil vi sikre produktivitet, "
        "trivsel og meningsfuldhed i vores arbejdsgange.",
        "organisation": "Fjordbæk Kommune",
        "workshop": "Benchmark",
        "language": "da",
        "table_heading": "Principper til socioteknisk AI-refleksion: Når vi bruger GenAI …",
        "levels": levels,
        "principles": principles,
        "include_appendix": True,
        "appendix": {
            "columns": columns,
            "rows": [
                {
                    "number": q,
                    "label": f"Spørgsmål {q}",
                    "counts": {c["code"]: 3 * q + i for i, c in enumerate(columns)},
                }
                for q in range(1, 6)
            ],
        },
    }
    return CharterVersion(number=1, content=content, language="da")


def _fill(text: str, length: int) -> str:
    """`text` repeated to exactly `length` characters, in words."""
    return (text + " ") * (length // (len(text) + 1)) + "x" * (length % (len(text) + 1))


def largest_version() -> CharterVersion:
    """sixty_principle_version() at every limit: PRINCIPLES_MAX principles,
    each title, statement and cell as long as the forms allow."""
    version = sixty_principle_version()
    template = version.content["principles"][0]
    version.content["principles"] = [
        {
            **template,
            "id": n,
            "title": _fill(f"Princip {n} mennesket har det sidste ord", TITLE_MAX_LENGTH),
            "statement": _fill(
                "Når vi bruger GenAI træffer et menneske beslutningen", STATEMENT_MAX_LENGTH
            ),
            "cells": {
                code: _fill(
                    f"Hvad princip {n} betyder for {code} vi øver os sammen", CELL_MAX_LENGTH
                )
                for code in LEVELS
            },
        }
        for n in range(1, PRINCIPLES_MAX + 1)
    ]
    return version


def second_request(content: dict, runs: int) -> tuple[float, float]:
    """Publish `content` as a real version, download its PDF once through the
    share link (rendered and stored), then time the next downloads: a plain
    second request (read from storage) and a revalidation (304)."""
    from principles.models import ShareLink
    from tests.conftest import make_user, make_workshop
    from workshops.models import Organisation

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Fjordbæk Kommune")
    user = make_user("bench@example.dk", organisation)
    workshop = make_workshop(organisation, user)
    CharterVersion.objects.create(workshop=workshop, number=1, content=content, language="da")
    link = ShareLink.objects.create(workshop=workshop)
    client = Client()
    url = f"/s/{link.token}/pdf/"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    b"".join(first.streaming_content)
    etag = first["ETag"]

    def again():
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)

    def revalidate():
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    return best_of(runs, again), best_of(runs, revalidate)


def plain_table_html(version: CharterVersion) -> str:
    content = version.content
    rows = []
    for p in content["principles"]:
        cells = "".join(f"<td>{escape(p['cells'][code])}</td>" for code in LEVELS)
        rows.append(f"<tr><td>{escape(p['title'])}<br>{escape(p['statement'])}</td>{cells}</tr>")
        rows.append(
            "<tr><td colspan=6>"
            + "<br>".join(escape(s["text"]) for s in p["sources"])
            + "</td></tr>"
        )
    return (
        "<html><body><h1>"
        + escape(content["title"])
        + "</h1><p>"
        + escape(content["preamble"])
        + "</p><table>"
        + "".join(rows)
        + "</table></body></html>"
    )


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    version = sixty_principle_version()
    html = plain_table_html(version)
    charter = best_of(args.runs, lambda: render_charter_pdf(version))
    plain = best_of(args.runs, lambda: HTML(string=html).write_pdf())
    largest = largest_version()
    first = best_of(args.runs, lambda: render_charter_pdf(largest))
    second, not_modified = second_request(largest.content, max(args.runs, 5))
    return {
        "principles": 60,
        "charter_pdf_s": round(charter, 3),
        "plain_table_pdf_s": round(plain, 3),
        "pdf_ratio": round(charter / plain, 2),
        "largest_principles": PRINCIPLES_MAX,
        "largest_first_render_s": round(first, 3),
        "largest_first_render_ratio": round(first / plain, 2),
        "largest_second_request_s": round(second, 4),
        "largest_second_request_ratio": round(second / plain, 4),
        "largest_304_s": round(not_modified, 4),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
