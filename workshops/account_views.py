"""Sign-up and invitations; log-in and password reset are Django's own views,
with limits on the mails anyone can make us send."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import throttle
from core.converters import is_token
from core.errors import DomainError

from .forms import SignupForm
from .models import Invite
from .services import account_create, account_mail, invite_accept

User = get_user_model()


class SignInTokenGenerator(PasswordResetTokenGenerator):
    """The sign-up mail's link: it works once (logging in changes last_login)
    and never as a password-reset link, nor the other way round."""

    key_salt = "workshops.account_views.SignInTokenGenerator"


sign_in_token = SignInTokenGenerator()


def may_mail(request, email: str) -> bool:
    """Whether another account mail may go to `email` on this client's asking."""
    keys = [
        (f"mail:email:{email.lower()}", throttle.ACCOUNT_MAILS_PER_EMAIL),
        (f"mail:address:{throttle.client_address(request)}", throttle.ACCOUNT_MAILS_PER_ADDRESS),
    ]
    if not all(throttle.allowed(*key) for key in keys):
        return False
    for key in keys:
        throttle.take(*key)
    return True


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        if may_mail(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        # The same answer as when a mail went out.
        return HttpResponseRedirect(self.get_success_url())


@require_http_methods(["GET", "POST"])
def signup(request):
    invite = None
    token = request.GET.get("invite") or request.POST.get("invite")
    if token and not is_token(token):
        token = None
        messages.error(request, _("This invitation has expired or has already been used."))
    if token:
        invite = Invite.objects.select_related("organisation").filter(token=token).first()
        if invite is None or not invite.is_usable():
            messages.error(request, _("This invitation has expired or has already been used."))
            invite = None
    form = SignupForm(request.POST or None, invite=invite)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Whether the e-mail has an account, only a mail to it tells: the
        # answer is the same page either way, and no one is logged in here.
        existing = User.objects.filter(username=data["email"]).first()
        try:
            if not may_mail(request, data["email"]):
                pass  # too many mails to this e-mail or from this address: nothing happens
            elif existing is not None:
                make_password(data["password1"])  # as slow as creating an account
                _mail_account_exists(request, existing, invite)
            else:
                user = account_create(
                    email=data["email"],
                    password=data["password1"],
                    name=data["name"],
                    organisation=data.get("organisation", ""),
                    invite=invite,
                )
                _mail_sign_in_link(request, user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form, "invite": invite})


def _mail_account_exists(request, user, invite: Invite | None) -> None:
    invite_url = invite and request.build_absolute_uri(reverse("invite", args=[invite.token]))
    account_mail(
        to=user.email or user.username,
        subject=_("You already have an account"),
        template="registration/signup_exists_email.txt",
        context={
            "login_url": request.build_absolute_uri(reverse("login")),
            "reset_url": request.build_absolute_uri(reverse("password_reset")),
            "invite": invite,
            "invite_url": invite_url,
        },
    )


def _mail_sign_in_link(request, user) -> None:
    link = reverse(
        "signup_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), sign_in_token.make_token(user)],
    )
    account_mail(
        to=user.email,
        subject=_("Log in to your new account"),
        template="registration/signup_email.txt",
        context={"link": request.build_absolute_uri(link)},
    )


@require_GET
def signup_done(request):
    return render(request, "registration/signup_done.html")


@require_http_methods(["GET", "POST"])
def signup_confirm(request, uidb64: str, token: str):
    """The sign-up mail's link. A GET only shows a button: mail scanners that
    open links must not use it up."""
    try:
        user = User.objects.filter(pk=int(urlsafe_base64_decode(uidb64))).first()
    except (TypeError, ValueError, OverflowError):
        user = None
    valid = user is not None and sign_in_token.check_token(user, token)
    if request.method == "POST" and valid:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("workshops:dashboard")
    return render(request, "registration/signup_confirm.html", {"valid": valid})


@require_http_methods(["GET", "POST"])
def invite(request, token: str):
    invite = get_object_or_404(Invite.objects.select_related("organisation"), token=token)
    usable = invite.is_usable()
    if request.method == "POST" and request.user.is_authenticated and usable:
        try:
            invite_accept(invite=invite, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You are now a member of %(organisation)s.")
                % {"organisation": invite.organisation.name},
            )
            return redirect("workshops:dashboard")
    return render(request, "registration/invite.html", {"invite": invite, "usable": usable})
