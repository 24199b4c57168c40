from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = _("Workshop series")

    def ready(self) -> None:
        from principles.render import register_section

        from .sections import charter_sections

        register_section(charter_sections)
