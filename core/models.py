"""The one table that belongs to no domain: rate limits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Throttle(models.Model):
    """A token bucket, kept in the database so that every app server sees it
    (django-ratelimit would want a cache that all servers share)."""

    key = models.CharField(max_length=200, unique=True)
    tokens = models.FloatField()
    updated_at = models.DateTimeField()

    class Meta:
        # Made by the workshops app before it moved here: the table keeps its name.
        db_table = "workshops_throttle"
        verbose_name = _("rate limit")
        verbose_name_plural = _("rate limits")
