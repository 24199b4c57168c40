"""The project's URLs, by resource: each app's lists included under their
prefix. config is the one place that sees every app, so it also composes the
phone's URLs from workshops' and principles' parts."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

import agreements.urls
import principles.urls
import workshops.urls
from config.views import healthz
from workshops import account_views, views
from workshops.forms import AdminLoginForm, LoginForm

# The admin's log-in behind the same limits as the site's, in the same buckets.
admin.site.login_form = AdminLoginForm

account_urls = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path(
        "password_reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("signup/", account_views.signup, name="signup"),
    path("signup/done/", account_views.signup_done, name="signup_done"),
    path(
        "welcome/<token:uidb64>/<token:token>/",
        account_views.signup_confirm,
        name="signup_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    # Phones, no account: /j/ to join, /w/<public id>/ for the worksheet.
    path("j/", include(workshops.urls.join_urls)),
    # The code form's old address, in links sent before it moved to /j/.
    path(
        "join/",
        RedirectView.as_view(pattern_name="join:code", query_string=True),
        name="join_old",
    ),
    path(
        "w/<token:public_id>/",
        include(
            (
                workshops.urls.phone_urls
                + principles.urls.phone_urls
                + agreements.urls.phone_urls,
                "phone",
            )
        ),
    ),
    # A published charter shared without an account.
    path("s/<token:token>/", include(principles.urls.share_urls)),
    # Facilitators and managers.
    path("accounts/", include(account_urls)),
    path("invite/<token:token>/", account_views.invite, name="invite"),
    path("workshops/", include("workshops.urls")),
    path("workshops/<int:pk>/", include("principles.urls")),
    path("workshops/<int:pk>/", include("agreements.urls")),
    path("workshops/<int:pk>/use-cases/", include("screening.urls")),
    path("series/", include("series.urls")),
    path(
        "charters/",
        include(
            (
                principles.urls.charters_urls[0] + agreements.urls.charters_urls,
                principles.urls.charters_urls[1],
            )
        ),
    ),
    path(
        "charters/<int:version_pk>/consultation/",
        include(agreements.urls.consultation_urls),
    ),
    path(
        "org/<int:pk>/",
        include((workshops.urls.org_urls[0] + agreements.urls.org_urls, workshops.urls.org_urls[1])),
    ),
    path("cards/", include("igloo.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
