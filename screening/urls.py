"""URLs of the screening, under /workshops/<pk>/use-cases/ (namespace "screening")."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("", views.use_case_list, name="list"),
    path("merge/", views.merge, name="merge"),
    path("<int:case_pk>/", views.use_case_screen, name="screen"),
    path("<int:case_pk>/flags/<int:rule_pk>/handled/", views.handled, name="handled"),
]
