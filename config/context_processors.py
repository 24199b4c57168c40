from __future__ import annotations

from django.conf import settings


def site(request) -> dict:
    return {"retention_days": settings.RETENTION_DAYS}
