"""Remind each charter's owner of its review: 30 days before and on the day.

Run it once a day (cron: `15 7 * * * .venv/bin/python manage.py
send_review_reminders`). Running it more often sends nothing twice; a
reminder whose e-mail fails is tried again on the next run. It prints the
charters due whose plan names no one to remind."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from agreements.services import reminders_send


class Command(BaseCommand):
    help = "E-mail charter owners whose review is 30 days away or due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", default="", help="https://host, when PUBLIC_BASE_URL is not set."
        )

    def handle(self, *args, **options):
        result = reminders_send(site_url=options["site_url"])
        self.stdout.write(f"{result.sent} reminder(s) sent.")
        for plan in result.failed:
            self.stderr.write(
                f"Not sent, tried again on the next run: {plan.charter.title} "
                f"(workshop {plan.charter_id}), review {plan.next_review.isoformat()}."
            )
        for plan in result.unowned:
            self.stdout.write(
                f"No one to remind: {plan.charter.title} (workshop {plan.charter_id}), "
                f"review {plan.next_review.isoformat()}. Name an owner on its review plan."
            )
