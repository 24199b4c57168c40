"""Delete the raw answers of workshops that finished more than RETENTION_DAYS ago.

Run it daily (cron, a systemd timer, or a scheduled container). Published
charters are kept; participants, their worksheets, entries and votes go.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import Throttle
from workshops.models import Phase, Workshop
from workshops.services import workshop_purge_raw_data


class Command(BaseCommand):
    help = "Delete participants' answers of workshops finished more than RETENTION_DAYS ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.RETENTION_DAYS,
            help="Override RETENTION_DAYS (0: keep everything).",
        )

    def handle(self, *args, days: int, **options):
        now = timezone.now()
        # Rate-limit buckets are only worth a few minutes.
        Throttle.objects.filter(updated_at__lt=now - datetime.timedelta(days=1)).delete()
        if days <= 0:
            self.stdout.write("Retention is off (0 days): nothing deleted.")
            return
        expired = Workshop.objects.filter(
            phase=Phase.CHARTER,
            raw_data_deleted_at__isnull=True,
            charter_reached_at__lt=now - datetime.timedelta(days=days),
        )
        for workshop in expired:
            people = workshop_purge_raw_data(workshop=workshop)
            self.stdout.write(
                f"{workshop.pk} “{workshop.title}”: deleted {people} people's answers."
            )
        self.stdout.write(f"Done: {len(expired)} workshops past {days} days.")
