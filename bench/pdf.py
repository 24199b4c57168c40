"""PDF generation for a 60-principle charter with the appendix, beside
WeasyPrint rendering a plain HTML table of the same text, in the same run.

    .venv/bin/python bench/pdf.py [--runs 3]

Prints one JSON line: seconds for each (best of the runs), and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.utils.html import escape  # noqa: E402
from weasyprint import HTML  # noqa: E402

from principles.models import CharterVersion  # noqa: E402
from principles.render import render_charter_pdf  # noqa: E402

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
        "preamble": "Når vi implementerer og anvender generativ AI vil vi sikre produktivitet, "
        "trivsel og meningsfuldhed i vores arbejdsgange.",
        "organisation": "Fjordbæk Kommune",
        "workshop": "Benchmark",
        "language": "da",
        "table_heading": "Principper til socioteknisk AI refleksion: Når vi bruger GenAI…",
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
    return {
        "principles": 60,
        "charter_pdf_s": round(charter, 3),
        "plain_table_pdf_s": round(plain, 3),
        "pdf_ratio": round(charter / plain, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
