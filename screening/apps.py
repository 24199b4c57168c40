from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening of AI use cases")

    def ready(self) -> None:
        # The charter's page and PDF list the flagged use cases through
        # principles' extension point; principles never imports this app.
        from principles import render

        from . import sections

        render.register_section(sections.charter_sections)
