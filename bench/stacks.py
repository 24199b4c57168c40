"""Summarise py-spy's collapsed stacks (bench/load.py --py-spy PREFIX).

    .venv/bin/python bench/stacks.py PREFIX.burst.txt [--top 25]

Prints the share of the app workers' samples spent inside each of the
functions that matter for the save and poll paths (inclusive), and the frames
where samples were taken (exclusive), most first.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# (label, function, file ending): a sample counts once if any frame matches.
INCLUSIVE = [
    ("gunicorn worker: a request (all)", "handle", "gunicorn/workers/gthread.py"),
    ("Django WSGI handler (everything in Django)", "__call__", "django/core/handlers/wsgi.py"),
    ("view: participant save()", "save", "workshops/worksheet_views.py"),
    ("view: worksheet()/submit form", "worksheet", "workshops/worksheet_views.py"),
    ("view: board()", "board", "workshops/board.py"),
    ("  board_data() (the cards)", "board_data", "workshops/board.py"),
    ("  template render", "render", "django/template/base.py"),
    ("save_json()", "save_json", "workshops/worksheet_views.py"),
    ("  forms (full_clean)", "full_clean", "django/forms/forms.py"),
    ("  worksheet.worksheet_save()", "worksheet_save", "workshops/worksheet.py"),
    ("    _save_entries()", "_save_entries", "workshops/worksheet.py"),
    ("    entry.suggested_levels.set()", "set", "django/db/models/fields/related_descriptors.py"),
    ("    workshop_touch()", "workshop_touch", "workshops/services.py"),
    ("    COMMIT (atomic __exit__)", "__exit__", "django/db/transaction.py"),
    ("find_participant()", "find_participant", "workshops/access.py"),
    ("get_workshop_for()", "get_workshop_for", "workshops/access.py"),
    ("session load", "load", "django/contrib/sessions/backends/db.py"),
    ("auth get_user()", "get_user", "django/contrib/auth/__init__.py"),
    ("QuerySet/SQL compile", "as_sql", "django/db/models/sql/compiler.py"),
    ("model instances from rows", "from_db", "django/db/models/base.py"),
    ("psycopg execute (round trip)", "execute", "psycopg/cursor.py"),
    (
        "DB connection health check / connect",
        "ensure_connection",
        "django/db/backends/base/base.py",
    ),
    ("CSP header (csp middleware)", "process_response", "csp/middleware.py"),
    ("locale middleware", "process_request", "django/middleware/locale.py"),
    ("CSRF middleware", "process_view", "django/middleware/csrf.py"),
    ("whitenoise", "__call__", "whitenoise/middleware.py"),
]

FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^:()]+)(?::\d+)?\)$")


def _named(frame_func: str, name: str) -> bool:
    """py-spy names methods Class.method."""
    return frame_func == name or frame_func.endswith("." + name)


def parse(path: Path):
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = []
        for raw in stack.split(";"):
            match = FRAME.match(raw.strip())
            frames.append((match["func"], match["file"]) if match else (raw.strip(), ""))
        yield frames, int(count)


def summarise(path: Path, top: int) -> None:
    total = 0
    inclusive: Counter = Counter()
    leaf: Counter = Counter()
    for frames, count in parse(path):
        if not any(
            _named(f, "handle") and "gthread" in file or "sync.py" in file for f, file in frames
        ):
            continue  # the master, or a worker's idle main loop
        total += count
        for label, func, ending in INCLUSIVE:
            if any(_named(f, func) and file.endswith(ending) for f, file in frames):
                inclusive[label] += count
        func, file = frames[-1]
        short = "/".join(file.split("/")[-3:])
        leaf[f"{func} ({short})"] += count
    print(f"{path}: {total} samples in the workers")
    print("inclusive:")
    for label, _f, _e in INCLUSIVE:
        if inclusive[label]:
            print(f"  {100 * inclusive[label] / total:5.1f}%  {label}")
    print("exclusive (where the sample was taken):")
    for name, count in leaf.most_common(top):
        print(f"  {100 * count / total:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    for path in args.files:
        summarise(path, args.top)


if __name__ == "__main__":
    main()
