from __future__ import annotations

from django.urls import path

from . import views

app_name = "igloo"

urlpatterns = [
    # /cards/
    path("", views.card_list, name="cards"),
]
