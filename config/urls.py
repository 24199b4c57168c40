from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from config.views import healthz
from core.converters import CodeConverter, TokenConverter
from principles import views as principle_views
from workshops import account_views, participant_views, views
from workshops.forms import LoginForm

register_converter(TokenConverter, "token")
register_converter(CodeConverter, "code")

urlpatterns = [
    path("", views.home, name="home"),
    # /join/, /j/<code>/, /w/<public id>/ : participants, no account
    path("join/", participant_views.join_by_code, name="join_by_code"),
    path("j/<code:code>/", participant_views.join, name="join"),
    path("w/<token:public_id>/", participant_views.worksheet, name="worksheet"),
    path("w/<token:public_id>/save/", participant_views.save, name="worksheet_save"),
    path("w/<token:public_id>/submit/", participant_views.submit, name="worksheet_submit"),
    path("w/<token:public_id>/status/", participant_views.status, name="worksheet_status"),
    path("w/<token:public_id>/done/", participant_views.done, name="worksheet_done"),
    path("w/<token:public_id>/vote/", principle_views.vote, name="worksheet_vote"),
    # /s/<token>/ : a published charter shared without an account
    path("s/<token:token>/", principle_views.shared_page, name="shared"),
    path("s/<token:token>/pdf/", principle_views.shared_pdf, name="shared_pdf"),
    # /accounts/ : facilitators and managers
    path(
        "accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"
    ),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("invite/<token:token>/", account_views.invite, name="invite"),
    # /workshops/, /org/
    path("", include("workshops.urls")),
    path("", include("principles.urls")),
    path("cards/", include("igloo.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
