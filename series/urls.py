"""URLs of the series app, included under /series/ (namespace "series")."""

from __future__ import annotations

from django.urls import include, path

from . import views

# /series/<series_pk>/rollup/
rollup_urls = [
    path("", views.rollup, name="rollup"),
    path("merge/", views.rollup_merge, name="merge"),
    path("publish/", views.rollup_publish, name="publish"),
    path("scheme/", views.rollup_scheme, name="scheme"),
    path("<int:principle_pk>/", views.provenance, name="provenance"),
    path("<int:principle_pk>/seen/", views.rollup_seen, name="seen"),
]

# /series/<series_pk>/
series_urls = [
    path("", views.series_detail, name="detail"),
    path("teams/", views.series_spawn, name="spawn"),
    path("compare/", views.compare, name="compare"),
    path("compare.csv", views.compare_csv, name="compare_csv"),
    path("rollup/", include(rollup_urls)),
]

app_name = "series"
urlpatterns = [
    path("org/<int:org_pk>/", views.org_series, name="org"),
    path("org/<int:org_pk>/new/", views.series_new, name="new"),
    path("org/<int:org_pk>/templates/new/", views.template_new, name="template_new"),
    path("templates/<int:template_pk>/", views.template_edit, name="template_edit"),
    path("from-workshop/<int:pk>/", views.template_from_workshop, name="template_from_workshop"),
    path("<int:series_pk>/", include(series_urls)),
]
