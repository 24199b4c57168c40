"""Rate limits for guessing: join codes per client address, log-ins per
address and per account. Token buckets in the database, shared by every
app server; only failures take tokens, so a full room behind one office
address joining with the right code is never slowed down."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Throttle


@dataclass(frozen=True)
class Limit:
    capacity: int  # failures allowed at once
    per_seconds: int  # time for a full bucket to refill


JOIN_FAILURES = Limit(capacity=20, per_seconds=300)
LOGIN_FAILURES_PER_ADDRESS = Limit(capacity=20, per_seconds=900)
LOGIN_FAILURES_PER_ACCOUNT = Limit(capacity=8, per_seconds=900)


def client_address(request) -> str:
    """The client's address; behind N trusted proxies, the Nth from the right
    of X-Forwarded-For (NUM_PROXIES), never a value the client could choose."""
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _bucket(key: str, limit: Limit, *, take: bool) -> bool:
    """Whether a token is left; with `take`, use one."""
    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                row = Throttle.objects.select_for_update().filter(key=key[:200]).first()
                if row is None:
                    row = Throttle.objects.create(
                        key=key[:200], tokens=float(limit.capacity), updated_at=now
                    )
                elapsed = max((now - row.updated_at).total_seconds(), 0.0)
                tokens = min(
                    float(limit.capacity),
                    row.tokens + elapsed * limit.capacity / limit.per_seconds,
                )
                allowed = tokens >= 1.0
                if take and allowed:
                    tokens -= 1.0
                if take or tokens != row.tokens:
                    Throttle.objects.filter(pk=row.pk).update(tokens=tokens, updated_at=now)
                return allowed
        except IntegrityError:
            continue  # another request created the row first: read it again
    return True


def allowed(key: str, limit: Limit) -> bool:
    return _bucket(key, limit, take=False)


def failed(key: str, limit: Limit) -> None:
    _bucket(key, limit, take=True)
