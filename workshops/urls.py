from __future__ import annotations

from django.urls import path

from . import board, paper, projector, views

app_name = "workshops"

urlpatterns = [
    # /workshops/
    path("workshops/", views.dashboard, name="dashboard"),
    path("workshops/new/", views.workshop_new, name="new"),
    path("workshops/<int:pk>/", views.workshop_detail, name="detail"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("workshops/<int:pk>/phase/", views.workshop_phase, name="phase"),
    path("workshops/<int:pk>/delete/", views.workshop_delete_view, name="delete"),
    path("workshops/<int:pk>/present/", projector.presenter, name="presenter"),
    path("workshops/<int:pk>/present/mode/", projector.projector_mode, name="projector_mode"),
    # /workshops/<pk>/board/
    path("workshops/<int:pk>/board/", board.board, name="board"),
    path("workshops/<int:pk>/board/timer/", board.timer, name="timer"),
    path("workshops/<int:pk>/board/reveal/", board.reveal, name="reveal"),
    path("workshops/<int:pk>/entries/<int:entry_pk>/", board.entry_tools, name="entry_tools"),
    path(
        "workshops/<int:pk>/entries/<int:entry_pk>/levels/", board.entry_levels, name="entry_levels"
    ),
    path("workshops/<int:pk>/entries/<int:entry_pk>/hide/", board.entry_hide, name="entry_hide"),
    path(
        "workshops/<int:pk>/entries/<int:entry_pk>/approve/",
        board.entry_approve,
        name="entry_approve",
    ),
    path("workshops/<int:pk>/entries/<int:entry_pk>/edit/", board.entry_edit, name="entry_edit"),
    # /workshops/<pk>/paper/
    path("workshops/<int:pk>/paper/", paper.paper_new, name="paper_new"),
    path(
        "workshops/<int:pk>/paper/<int:participant_pk>/",
        paper.paper_worksheet,
        name="paper_worksheet",
    ),
    path(
        "workshops/<int:pk>/paper/<int:participant_pk>/save/", paper.paper_save, name="paper_save"
    ),
    path("workshops/<int:pk>/worksheet.pdf", paper.blank_worksheet_pdf, name="worksheet_pdf"),
    # /org/
    path("org/<int:pk>/", views.organisation_detail, name="organisation"),
    path("org/<int:pk>/invites/", views.invite_create, name="invite_create"),
    path("org/<int:pk>/invites/<int:invite_pk>/revoke/", views.invite_revoke, name="invite_revoke"),
]
