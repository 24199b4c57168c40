"""Compute the cards' vectors for the suggestions by meaning, in batches.

    manage.py compute_vectors            # every workshop in the clustering phase
    manage.py compute_vectors 12 14      # these workshops

The board's suggestions compute them too, a batch per request; this is for a
cron job or a queue worker, so that the model is loaded only in that process.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from principles.embeddings import EmbeddingUnavailable, vectors_compute
from workshops.models import Phase, Workshop


class Command(BaseCommand):
    help = "Compute the vectors of the cards that have none for their current text."

    def add_arguments(self, parser):
        parser.add_argument("workshops", nargs="*", type=int, help="workshop ids")
        parser.add_argument("--batch", type=int, default=64)

    def handle(self, *args, workshops, batch, **options):
        chosen = (
            Workshop.objects.filter(pk__in=workshops)
            if workshops
            else (Workshop.objects.filter(phase=Phase.CLUSTERING))
        )
        for workshop in chosen.order_by("pk"):
            try:
                progress = vectors_compute(workshop=workshop, batch=batch)
                while not progress.complete:
                    before = progress.done
                    progress = vectors_compute(workshop=workshop, batch=batch)
                    if progress.done == before:
                        break
            except EmbeddingUnavailable as error:
                raise CommandError(f"The model could not be loaded: {error}") from error
            self.stdout.write(f"{workshop.pk}: {progress.done} of {progress.total} cards")
