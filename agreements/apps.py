from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("After the workshop: consultation, actions and reviews")

    def ready(self) -> None:
        # The published charter's page and PDF show this app's sections
        # (consultation records, action plan, review) through principles'
        # extension point; principles never imports this app.
        from principles import render

        from . import sections

        render.register_section(sections.charter_sections)
