"""Write a workshop's published charter to files, from the command line.

python manage.py export_charter "abc 234" --pdf charter.pdf --json charter.json
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from principles.models import CharterVersion
from principles.render import render_charter_pdf
from workshops.models import Workshop, normalise_join_code


def find_workshop(key: str) -> Workshop:
    """By numeric id, else by join code. A join code can be reused once a
    workshop reaches the charter phase, so the workshop holding it now wins,
    then the newest."""
    key = key.strip()
    if key.isdigit():
        workshop = Workshop.objects.filter(pk=int(key)).first()
        if workshop is not None:
            return workshop
    code = normalise_join_code(key)
    candidates = sorted(
        Workshop.objects.filter(join_code=code),
        key=lambda w: (w.holds_code, w.created_at, w.pk),
        reverse=True,
    )
    if not candidates:
        raise CommandError(f"No workshop has the id or join code “{key}”.")
    return candidates[0]


class Command(BaseCommand):
    help = "Write a workshop's published charter as a PDF and/or as JSON."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version picks a charter version; it replaces Django's, which
        # would print Django's own version number.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("workshop", help="The workshop's id or its join code.")
        parser.add_argument("--pdf", metavar="PATH", help="Write the charter as a PDF here.")
        parser.add_argument(
            "--json", metavar="PATH", help="Write the version's frozen content as JSON here."
        )
        parser.add_argument(
            "--version",
            dest="number",
            type=int,
            metavar="N",
            help="The published version to write (default: the latest).",
        )

    def handle(self, *args, **options):
        if not options["pdf"] and not options["json"]:
            raise CommandError("Say what to write: --pdf PATH, --json PATH or both.")
        workshop = find_workshop(options["workshop"])
        versions = CharterVersion.objects.filter(workshop=workshop).order_by("-number")
        label = f"“{workshop.title}” (id {workshop.pk}, code {workshop.join_code})"
        if not versions.exists():
            raise CommandError(f"The workshop {label} has no published charter yet.")
        if options["number"] is None:
            version = versions.first()
        else:
            version = versions.filter(number=options["number"]).first()
            if version is None:
                numbers = ", ".join(str(n) for n in versions.values_list("number", flat=True))
                raise CommandError(
                    f"The workshop {label} has no version {options['number']}; "
                    f"published versions: {numbers}."
                )
        if options["pdf"]:
            _filename, _type, content = render_charter_pdf(version)
            path = Path(options["pdf"])
            path.write_bytes(content)
            self.stdout.write(
                f"Wrote version {version.number} of {label} as a PDF to {path} "
                f"({len(content)} bytes)."
            )
        if options["json"]:
            path = Path(options["json"])
            path.write_text(
                json.dumps(version.content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            self.stdout.write(f"Wrote version {version.number} of {label} as JSON to {path}.")
