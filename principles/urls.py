from __future__ import annotations

from django.urls import path

from . import views

app_name = "principles"

urlpatterns = [
    # /workshops/<pk>/principles/
    path("workshops/<int:pk>/principles/", views.principle_list, name="list"),
    path("workshops/<int:pk>/principles/merge/", views.merge, name="merge"),
    path("workshops/<int:pk>/principles/order/", views.order_by_votes, name="order"),
    path("workshops/<int:pk>/principles/dots/", views.dots, name="dots"),
    path("workshops/<int:pk>/principles/<int:principle_pk>/", views.principle_edit, name="edit"),
    path(
        "workshops/<int:pk>/principles/<int:principle_pk>/delete/",
        views.principle_remove,
        name="delete",
    ),
    path(
        "workshops/<int:pk>/principles/<int:principle_pk>/move/",
        views.principle_reorder,
        name="move",
    ),
    path(
        "workshops/<int:pk>/principles/<int:principle_pk>/sources/<int:entry_pk>/remove/",
        views.source_remove,
        name="source_remove",
    ),
    path("workshops/<int:pk>/entries/<int:entry_pk>/similar/", views.similar, name="similar"),
    # /workshops/<pk>/charter/
    path("workshops/<int:pk>/charter/", views.charter, name="charter"),
    path("workshops/<int:pk>/charter/publish/", views.publish, name="publish"),
    path("workshops/<int:pk>/charter/diff/", views.diff, name="diff"),
    path("workshops/<int:pk>/charter/share/", views.share_create, name="share_create"),
    path(
        "workshops/<int:pk>/charter/share/<int:link_pk>/revoke/",
        views.share_revoke,
        name="share_revoke",
    ),
    path("workshops/<int:pk>/export/<str:name>", views.export, name="export"),
    # /charters/
    path("charters/", views.charter_list, name="charters"),
    path("charters/<int:version_pk>/", views.version_page, name="version"),
    path("charters/<int:version_pk>/pdf/", views.version_pdf, name="version_pdf"),
]
