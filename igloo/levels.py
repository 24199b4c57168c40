"""Each scheme's level codes and ids, kept per process (issue 15: a phone's
save needs them on every request, and they are data that users never edit).

The cache is emptied whenever a level or scheme is saved or deleted in this
process (the admin, a data migration, loaddata, a test that makes one), after
every migrate or flush (so a test database that was flushed and refilled,
perhaps with the same ids, is read afresh), and an entry is read again after
`MAX_AGE` seconds, so that an edit made through another server process shows
within a minute."""

from __future__ import annotations

import time

from django.db.models.signals import post_delete, post_migrate, post_save

from .models import Level, LevelScheme

MAX_AGE = 60.0

# scheme id -> (when it was read, {code: level id} in the scheme's order)
_levels: dict[int, tuple[float, dict[str, int]]] = {}


def level_ids(scheme_id: int) -> dict[str, int]:
    """The scheme's levels as {code: id}, in the scheme's order."""
    now = time.monotonic()
    cached = _levels.get(scheme_id)
    if cached is not None and now - cached[0] < MAX_AGE:
        return cached[1]
    codes = dict(
        Level.objects.filter(scheme_id=scheme_id)
        .order_by("position", "pk")
        .values_list("code", "pk")
    )
    _levels[scheme_id] = (now, codes)
    return codes


def forget(**_kwargs) -> None:
    _levels.clear()


_WATCHED = {Level._meta.label, LevelScheme._meta.label}


def _saved(sender, **_kwargs) -> None:
    # By label, not by class: igloo.data.sync run with a migration's apps
    # (as the browser tests do after a flush) saves through its own classes.
    if getattr(getattr(sender, "_meta", None), "label", None) in _WATCHED:
        _levels.clear()


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="igloo.levels.save")
    # Deletes only by class: a delete receiver for every model would cost
    # every fast delete (the autosave's levels) a SELECT first.
    for model in (Level, LevelScheme):
        post_delete.connect(forget, sender=model, dispatch_uid=f"igloo.levels.delete.{model}")
    post_migrate.connect(forget, dispatch_uid="igloo.levels.migrate")
