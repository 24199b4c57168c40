"""URLs of the workshops app, by resource. config/urls.py includes each list
under its prefix: /workshops/, /org/<pk>/, /j/ and /w/<public id>/."""

from __future__ import annotations

from django.urls import include, path

from core import converters

from . import board, paper, participant_views, projector, views, worksheet_views

converters.register()

# /workshops/<pk>/entries/<entry_pk>/ : one card on the board
entry_urls = [
    path("", board.entry_tools, name="entry_tools"),
    path("levels/", board.entry_levels, name="entry_levels"),
    path("hide/", board.entry_hide, name="entry_hide"),
    path("approve/", board.entry_approve, name="entry_approve"),
    path("edit/", board.entry_edit, name="entry_edit"),
]

# /workshops/<pk>/paper/ : paper worksheets typed in by the facilitator
paper_urls = [
    path("", paper.paper_new, name="paper_new"),
    path("<int:participant_pk>/", worksheet_views.paper_worksheet, name="paper_worksheet"),
    path("<int:participant_pk>/save/", worksheet_views.paper_save, name="paper_save"),
]

# /workshops/<pk>/
workshop_urls = [
    path("", views.workshop_detail, name="detail"),
    path("edit/", views.workshop_edit, name="edit"),
    path("phase/", views.workshop_phase, name="phase"),
    path("delete/", views.workshop_delete_view, name="delete"),
    path("present/", projector.presenter, name="presenter"),
    path("present/mode/", projector.projector_mode, name="projector_mode"),
    path("board/", board.board, name="board"),
    path("board/inspiration/", board.board_inspiration, name="board_inspiration"),
    path("board/timer/", board.timer, name="timer"),
    path("board/reveal/", board.reveal, name="reveal"),
    path("board/joining/", participant_views.joining, name="joining"),
    path("entries/<int:entry_pk>/", include(entry_urls)),
    path("paper/", include(paper_urls)),
    path("worksheet.pdf", paper.blank_worksheet_pdf, name="worksheet_pdf"),
]

# /workshops/
app_name = "workshops"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.workshop_new, name="new"),
    path("<int:pk>/", include(workshop_urls)),
]

# /org/<pk>/ (namespace "org")
org_urls = (
    [
        path("", views.organisation_detail, name="detail"),
        path("invites/", views.invite_create, name="invite_create"),
        path("invites/<int:invite_pk>/revoke/", views.invite_revoke, name="invite_revoke"),
    ],
    "org",
)

# /j/ (namespace "join"): the code form, and the QR link of one workshop
join_urls = (
    [
        path("", participant_views.join_by_code, name="code"),
        path("<code:code>/", participant_views.join, name="workshop"),
    ],
    "join",
)

# /w/<public id>/ : one phone's worksheet (config adds principles' "vote/"
# and includes it all as namespace "phone")
phone_urls = [
    path("", worksheet_views.worksheet, name="worksheet"),
    path("save/", worksheet_views.save, name="save"),
    path("submit/", worksheet_views.submit, name="submit"),
    path("status/", worksheet_views.status, name="status"),
    path("done/", worksheet_views.done, name="done"),
]
