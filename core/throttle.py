"""Rate limits for guessing: join codes per client address, log-ins per
address and per account; and for the mails anyone can make us send (password
reset, sign-up) per recipient and per address. Token buckets in the database,
shared by every app server; for guessing only failures take tokens, so a full
room behind one office address joining with the right code is never slowed
down."""

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
# One failure marks an address as failing for 15 minutes: only failing
# addresses are held to the per-account limit (see workshops.forms.ThrottledLogin).
LOGIN_FAILING_ADDRESS = Limit(capacity=1, per_seconds=900)
# At most one mail an hour tells an account's user that it is being guessed.
LOGIN_NOTICE_PER_ACCOUNT = Limit(capacity=1, per_seconds=3600)
ACCOUNT_MAILS_PER_EMAIL = Limit(capacity=3, per_seconds=3600)
ACCOUNT_MAILS_PER_ADDRESS = Limit(capacity=10, per_seconds=3600)


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


def _bucket(key: str, limit: Limit, *, take: bool) -> tuple[bool, float]:
    """Whether a token is left, and the tokens left after; with `take`, use one."""
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
                return allowed, tokens
        except IntegrityError:
            continue  # another request created the row first: read it again
    return True, float(limit.capacity)


def allowed(key: str, limit: Limit) -> bool:
    return _bucket(key, limit, take=False)[0]


def failed(key: str, limit: Limit) -> bool:
    """Count a failure; whether it was the one that emptied the bucket."""
    taken, left = _bucket(key, limit, take=True)
    return taken and left < 1.0


def take(key: str, limit: Limit) -> bool:
    """Use a token if one is left; whether one was."""
    return _bucket(key, limit, take=True)[0]
