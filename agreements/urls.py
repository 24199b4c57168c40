"""URLs of the agreements app, by resource. config/urls.py includes them:
`urlpatterns` under /workshops/<pk>/ (namespace "agreements", the charter's
home workshop), `consultation_urls` under /charters/<version_pk>/consultation/
(namespace "consultation"), `charters_urls` beside principles' /charters/,
`org_urls` beside workshops' /org/<pk>/, and `phone_urls` beside the phone's
/w/<public id>/."""

from __future__ import annotations

from django.urls import path

from core import converters

from . import export_views, followup_views, views

converters.register()

# /workshops/<pk>/ (namespace "agreements")
app_name = "agreements"
urlpatterns = [
    path("draft/", views.draft, name="draft"),
    path("actions/", views.action_list, name="actions"),
    path("actions/export/<str:name>", export_views.action_plan_export, name="actions_export"),
    path("actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("review/", views.review_plan, name="review"),
    path("follow-up/", followup_views.followup, name="followup"),
    path("follow-up/start/", followup_views.start, name="followup_start"),
    path("follow-up/counts/", followup_views.counts, name="followup_counts"),
    path("follow-up/<int:principle_pk>/decide/", followup_views.decide, name="followup_decide"),
]

# /charters/<version_pk>/consultation/ (namespace "consultation")
consultation_urls = (
    [
        path("", views.record_list, name="list"),
        path("new/", views.record_new, name="new"),
        path("<int:record_pk>/remark/", views.remark_add_view, name="remark"),
    ],
    "consultation",
)

# /charters/… (added to principles' namespace "charters")
charters_urls = [path("overview/", views.overview, name="overview")]

# /org/<pk>/… (added to workshops' namespace "org")
org_urls: list = [
    path("ai-literacy/<str:name>", export_views.evidence_export, name="ai_literacy"),
]

# /w/<public id>/… (added to the phone's namespace "phone")
phone_urls: list = [path("review/", followup_views.review, name="review")]
