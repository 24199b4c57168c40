from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IglooConfig(AppConfig):
    name = "igloo"
    verbose_name = _("IGLOO levels and inspiration")

    def ready(self) -> None:
        from .levels import connect

        connect()
