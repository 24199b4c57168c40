"""Remind each charter's owner of its review: 30 days before and on the day.

Run it once a day (cron: `15 7 * * * .venv/bin/python manage.py
send_review_reminders`). Running it more often sends nothing twice."""

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
        sent = reminders_send(site_url=options["site_url"])
        self.stdout.write(f"{sent} reminder(s) sent.")
