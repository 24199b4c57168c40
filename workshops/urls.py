from __future__ import annotations

from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    # /workshops/
    path("workshops/", views.dashboard, name="dashboard"),
    path("workshops/new/", views.workshop_new, name="new"),
    path("workshops/<int:pk>/", views.workshop_detail, name="detail"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("workshops/<int:pk>/phase/", views.workshop_phase, name="phase"),
    path("workshops/<int:pk>/present/", views.presenter, name="presenter"),
    # /org/
    path("org/<int:pk>/", views.organisation_detail, name="organisation"),
    path("org/<int:pk>/invites/", views.invite_create, name="invite_create"),
    path("org/<int:pk>/invites/<int:invite_pk>/revoke/", views.invite_revoke, name="invite_revoke"),
]
