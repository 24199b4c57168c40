"""URLs of the principles app, by resource. config/urls.py includes
`urlpatterns` under /workshops/<pk>/ (namespace "principles"), and the lists
below under /charters/, /s/<token>/ and, for the phone's vote, /w/<public id>/."""

from __future__ import annotations

from django.urls import include, path

from core import converters

from . import suggestion_views, views

converters.register()

# /workshops/<pk>/principles/<principle_pk>/
principle_urls = [
    path("", views.principle_edit, name="edit"),
    path("delete/", views.principle_remove, name="delete"),
    path("move/", views.principle_reorder, name="move"),
    path("sources/<int:entry_pk>/remove/", views.source_remove, name="source_remove"),
]

# /workshops/<pk>/principles/
principles_urls = [
    path("", views.principle_list, name="list"),
    path("merge/", views.merge, name="merge"),
    path("order/", views.order_by_votes, name="order"),
    path("dots/", views.dots, name="dots"),
    path("<int:principle_pk>/", include(principle_urls)),
]

# /workshops/<pk>/charter/
charter_urls = [
    path("", views.charter, name="charter"),
    path("publish/", views.publish, name="publish"),
    path("diff/", views.diff, name="diff"),
    path("share/", views.share_create, name="share_create"),
    path("share/<int:link_pk>/revoke/", views.share_revoke, name="share_revoke"),
]

# /workshops/<pk>/suggestions/
suggestions_urls = [
    path("", suggestion_views.prepare, name="prepare"),
    path("groups/", suggestion_views.groups, name="groups"),
    path("groups/accept/", suggestion_views.group_accept, name="group_accept"),
    path("levels/", suggestion_views.levels, name="levels"),
    path("levels/accept/", suggestion_views.level_accept, name="level_accept"),
]

# /workshops/<pk>/
app_name = "principles"
urlpatterns = [
    path("principles/", include(principles_urls)),
    path("charter/", include(charter_urls)),
    path("entries/<int:entry_pk>/similar/", views.similar, name="similar"),
    path("suggestions/", include(suggestions_urls)),
    path("export/<str:name>", views.export, name="export"),
]

# /charters/ (namespace "charters"): what managers read
charters_urls = (
    [
        path("", views.charter_list, name="list"),
        path("<int:version_pk>/", views.version_page, name="version"),
        path("<int:version_pk>/pdf/", views.version_pdf, name="pdf"),
    ],
    "charters",
)

# /s/<token>/ (namespace "share"): a published charter without an account
share_urls = (
    [
        path("", views.shared_page, name="page"),
        path("pdf/", views.shared_pdf, name="pdf"),
    ],
    "share",
)

# /w/<public id>/vote/ : added to the phone's URLs by config
phone_urls = [path("vote/", views.vote, name="vote")]
