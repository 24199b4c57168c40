"""Sign-up and invitations; log-in and password reset are Django's own views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.converters import is_token
from core.errors import DomainError

from .forms import SignupForm
from .models import Invite
from .services import account_create, invite_accept

User = get_user_model()


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
        try:
            user = account_create(
                email=data["email"],
                password=data["password1"],
                name=data["name"],
                organisation=data.get("organisation", ""),
                invite=invite,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("workshops:dashboard")
    return render(request, "registration/signup.html", {"form": form, "invite": invite})


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
