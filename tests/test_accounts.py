"""Sign-up, log-in, log-out, password reset and invitations."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone

from tests.conftest import PASSWORD, client_for, make_user
from workshops.models import Invite, Membership, Organisation, Role
from workshops.services import invite_accept

User = get_user_model()

NEW_PASSWORD = "en-lang-og-sikker-kode-42"
USED_MESSAGE = "This invitation has expired or has already been used."


def text(response) -> str:
    return html.unescape(response.content.decode())


def logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def signup_data(**overrides) -> dict:
    data = {
        "name": "Mette Hansen",
        "email": "Mette.Hansen@Example.DK",
        "organisation": "Region Sydhavn, Akutafdelingen",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Organisation.objects.count(), Membership.objects.count()


# Sign-up ----------------------------------------------------------------------


def mailed_link(message) -> str:
    link = re.search(r"http://testserver(/accounts/welcome/\S+/)", message.body)
    assert link is not None, message.body
    return link.group(1)


def sign_in_by_mail(client, message):
    """Open the sign-up mail's link and press its button."""
    path = mailed_link(message)
    assert resolve(path).url_name == "signup_confirm"
    page = client.get(path)
    assert page.status_code == 200
    assert logged_in_user_id(client) is None  # a GET (a mail scanner) uses nothing up
    return client.post(path)


def test_signup_creates_user_and_organisation_and_mails_a_link_that_logs_in(db):
    client = client_for()
    response = client.post(reverse("signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("signup_done")
    assert "We have sent you an email" in text(client.get(response["Location"]))
    assert logged_in_user_id(client) is None
    user = User.objects.get()
    assert user.username == "mette.hansen@example.dk"
    assert user.email == "mette.hansen@example.dk"
    assert user.first_name == "Mette Hansen"
    assert user.check_password(NEW_PASSWORD)
    organisation = Organisation.objects.get()
    assert organisation.name == "Region Sydhavn, Akutafdelingen"
    membership = Membership.objects.get()
    assert (membership.user, membership.organisation, membership.role) == (
        user,
        organisation,
        Role.OWNER,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mette.hansen@example.dk"]
    assert mail.outbox[0].subject == "Log in to your new account"

    # The link may come to another browser than the one that signed up.
    browser = client_for()
    signed_in = sign_in_by_mail(browser, mail.outbox[0])
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("workshops:dashboard")
    assert logged_in_user_id(browser) == str(user.pk)
    dashboard = browser.get(signed_in["Location"])
    assert "Welcome! Your account is ready." in text(dashboard)
    assert "Region Sydhavn, Akutafdelingen" in text(dashboard)

    # The link works once.
    again = client_for()
    assert "This link has expired or has already been used" in text(
        again.get(mailed_link(mail.outbox[0]))
    )
    again.post(mailed_link(mail.outbox[0]))
    assert logged_in_user_id(again) is None


def test_the_sign_up_link_is_no_password_reset_link(db):
    client_for().post(reverse("signup"), signup_data())
    uid, token = mailed_link(mail.outbox[0]).strip("/").split("/")[-2:]

    page = client_for().get(reverse("password_reset_confirm", args=[uid, token]), follow=True)

    assert "This link has expired or has already been used." in text(page)


def test_signup_with_an_existing_email_answers_the_same_and_mails_the_owner(owner):
    before = counts()
    new = client_for().post(reverse("signup"), signup_data(email="someone.new@example.dk"))
    client = client_for()
    response = client.post(reverse("signup"), signup_data(email="FACILITATOR@example.dk"))

    assert (response.status_code, response["Location"]) == (new.status_code, new["Location"])
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)  # only the new one
    assert not Membership.objects.filter(user=owner).exclude(role=Role.OWNER).exists()
    assert logged_in_user_id(client) is None
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    message = mail.outbox[-1]
    assert message.to == ["facilitator@example.dk"]
    assert message.subject == "You already have an account"
    assert "http://testserver/accounts/login/" in message.body
    assert "http://testserver/accounts/password_reset/" in message.body
    assert "/accounts/welcome/" not in message.body


def test_sign_up_mails_are_limited_per_email(db):
    for _ in range(10):
        response = client_for().post(reverse("signup"), signup_data())
        assert response["Location"] == reverse("signup_done")

    assert len(mail.outbox) == 3
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": NEW_PASSWORD + "x"}, "The two passwords differ."),
        ({"password1": "12345678", "password2": "12345678"}, "This password is too common."),
        ({"password1": "kort", "password2": "kort"}, "This password is too short."),
        ({"organisation": "Firma\x00A/S"}, "The text contains characters that can't be stored."),
        ({"organisation": "   "}, "This field is required."),
    ],
    ids=["mismatch", "common", "short", "nul-in-organisation", "blank-org"],
)
def test_signup_with_a_mistake_shows_the_error_and_creates_nothing(owner, overrides, message):
    before = counts()
    client = client_for()
    response = client.post(reverse("signup"), signup_data(**overrides))

    assert response.status_code == 200
    assert message in text(response)
    assert counts() == before
    assert logged_in_user_id(client) is None


# Log-in and log-out ---------------------------------------------------------------


@pytest.mark.parametrize(
    "email", ["facilitator@example.dk", "Facilitator@Example.DK", "FACILITATOR@EXAMPLE.DK"]
)
def test_login_by_email_in_any_case(owner, email):
    client = client_for()
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:dashboard")
    assert logged_in_user_id(client) == str(owner.pk)


def test_login_with_a_wrong_password_is_refused(owner):
    client = client_for()
    response = client.post(
        reverse("login"), {"username": "facilitator@example.dk", "password": PASSWORD + "x"}
    )

    assert response.status_code == 200
    assert "The email or the password is not right" in text(response)
    assert logged_in_user_id(client) is None


def test_logout_is_post_only(owner):
    client = client_for(owner)

    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user_id(client) == str(owner.pk)

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert logged_in_user_id(client) is None
    assert client.get(reverse("workshops:dashboard"))["Location"].startswith(reverse("login"))


def test_login_does_not_redirect_to_another_site(owner):
    response = client_for().post(
        reverse("login"),
        {
            "username": "facilitator@example.dk",
            "password": PASSWORD,
            "next": "https://evil.example/steal",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:dashboard")


# Password reset -------------------------------------------------------------------


def test_password_reset_mails_a_link_that_sets_a_new_password(owner):
    client = client_for()
    response = client.post(reverse("password_reset"), {"email": "Facilitator@Example.DK"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["facilitator@example.dk"]
    assert message.subject == "Choose a new password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link is not None
    path = link.group(1)
    assert resolve(path).url_name == "password_reset_confirm"

    # Django swaps the token in the link for one kept in the session.
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert 'name="new_password1"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")

    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert not owner.check_password(PASSWORD)
    fresh = client_for()
    fresh.post(reverse("login"), {"username": "facilitator@example.dk", "password": NEW_PASSWORD})
    assert logged_in_user_id(fresh) == str(owner.pk)

    # The link works once.
    again = client_for().get(path, follow=True)
    assert "This link has expired or has already been used." in text(again)


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(db):
    response = client_for().post(reverse("password_reset"), {"email": "nobody@example.dk"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# Invitations: creating ------------------------------------------------------------


def test_owner_creates_an_invitation(owner, organisation):
    client = client_for(owner)
    response = client.post(
        reverse("org:invite_create", args=[organisation.pk]),
        {"role": "facilitator"},
        follow=True,
    )

    invite = Invite.objects.get()
    assert invite.organisation == organisation
    assert invite.role == Role.FACILITATOR
    assert invite.created_by == owner
    assert invite.is_usable()
    assert response.redirect_chain[-1][0] == reverse("org:detail", args=[organisation.pk])
    assert f"http://testserver/invite/{invite.token}/" in text(response)


def test_an_invitation_can_not_make_an_owner(owner, organisation):
    response = client_for(owner).post(
        reverse("org:invite_create", args=[organisation.pk]), {"role": "owner"}, follow=True
    )

    assert "Choose a role for the invitation." in text(response)
    assert not Invite.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("facilitator", 403), ("manager", 403), ("outsider", 404)]
)
def test_only_an_owner_creates_invitations(request, organisation, role, status):
    user = request.getfixturevalue(role)
    response = client_for(user).post(
        reverse("org:invite_create", args=[organisation.pk]), {"role": "facilitator"}
    )

    assert response.status_code == status
    assert not Invite.objects.exists()


def test_anonymous_invitation_create_goes_to_login(organisation):
    url = reverse("org:invite_create", args=[organisation.pk])
    response = client_for().post(url, {"role": "facilitator"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert not Invite.objects.exists()


def test_invitation_create_refuses_get(owner, organisation):
    response = client_for(owner).get(
        reverse("org:invite_create", args=[organisation.pk]), {"role": "facilitator"}
    )

    assert response.status_code == 405
    assert not Invite.objects.exists()


# Invitations: accepting ------------------------------------------------------------


def make_invite(organisation, by, role=Role.FACILITATOR) -> Invite:
    return Invite.objects.create(organisation=organisation, role=role, created_by=by)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER])
def test_logged_in_user_accepts_an_invitation(owner, organisation, role):
    invite = make_invite(organisation, owner, role)
    newcomer = make_user("newcomer@example.dk")
    client = client_for(newcomer)

    page = client.get(reverse("invite", args=[invite.token]))
    assert "You are invited to Sygehus Øst as" in text(page)
    response = client.post(reverse("invite", args=[invite.token]), follow=True)

    membership = Membership.objects.get(user=newcomer)
    assert membership.organisation == organisation
    assert membership.role == role
    invite.refresh_from_db()
    assert invite.accepted_by == newcomer
    assert invite.accepted_at is not None
    assert response.redirect_chain[-1][0] == reverse("workshops:dashboard")
    assert "You are now a member of Sygehus Øst." in text(response)


def test_a_member_of_another_organisation_joins_a_second_one(
    outsider, owner, organisation, other_organisation
):
    invite = make_invite(organisation, owner, Role.MANAGER)

    client_for(outsider).post(reverse("invite", args=[invite.token]))

    assert dict(
        Membership.objects.filter(user=outsider).values_list("organisation_id", "role")
    ) == {other_organisation.pk: Role.OWNER, organisation.pk: Role.MANAGER}


def test_an_unknown_invitation_token_is_404(owner):
    client = client_for(owner)

    assert client.get(reverse("invite", args=["no-such-token"])).status_code == 404
    assert client.post(reverse("invite", args=["no-such-token"])).status_code == 404


def test_anonymous_post_to_an_invitation_accepts_nothing(owner, organisation):
    invite = make_invite(organisation, owner)

    response = client_for().post(reverse("invite", args=[invite.token]))

    assert response.status_code == 200
    assert f"{reverse('signup')}?invite={invite.token}" in response.content.decode()
    invite.refresh_from_db()
    assert invite.accepted_at is None


def test_anonymous_person_signs_up_through_an_invitation(owner, organisation):
    invite = make_invite(organisation, owner, Role.FACILITATOR)
    organisations_before = Organisation.objects.count()
    client = client_for()
    url = f"{reverse('signup')}?invite={invite.token}"

    form = client.get(url)
    assert "You are invited to Sygehus Øst as facilitator." in text(form)
    assert 'name="organisation"' not in form.content.decode()

    data = signup_data(invite=invite.token)
    del data["organisation"]
    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("signup_done")
    user = User.objects.get(username="mette.hansen@example.dk")
    assert list(Membership.objects.filter(user=user).values_list("organisation", "role")) == [
        (organisation.pk, Role.FACILITATOR)
    ]
    assert Organisation.objects.count() == organisations_before
    invite.refresh_from_db()
    assert invite.accepted_by == user
    assert logged_in_user_id(client) is None
    signed_in = sign_in_by_mail(client, mail.outbox[-1])
    assert signed_in["Location"] == reverse("workshops:dashboard")
    assert logged_in_user_id(client) == str(user.pk)


def test_an_invited_person_with_an_account_is_mailed_the_invitation(owner, organisation):
    invite = make_invite(organisation, owner, Role.FACILITATOR)
    outsider = make_user("outsider@example.dk")
    data = signup_data(invite=invite.token, email="Outsider@Example.dk")
    del data["organisation"]

    response = client_for().post(f"{reverse('signup')}?invite={invite.token}", data)

    assert response["Location"] == reverse("signup_done")
    assert not Membership.objects.filter(user=outsider).exists()
    message = mail.outbox[-1]
    assert message.to == ["outsider@example.dk"]
    assert f"http://testserver/invite/{invite.token}/" in message.body


def _use(invite: Invite) -> None:
    invite_accept(invite=invite, user=make_user("first@example.dk"))


def _revoke_as_owner(invite: Invite) -> None:
    the_owner = Membership.objects.get(organisation=invite.organisation, role=Role.OWNER).user
    response = client_for(the_owner).post(
        reverse("org:invite_revoke", args=[invite.organisation_id, invite.pk])
    )
    assert response.status_code == 302


@pytest.mark.parametrize("spoil", [_use, _revoke_as_owner], ids=["used", "revoked"])
def test_used_or_revoked_invitation_can_not_be_accepted(owner, organisation, spoil):
    invite = make_invite(organisation, owner)
    spoil(invite)
    latecomer = make_user("late@example.dk")
    client = client_for(latecomer)

    page = client.get(reverse("invite", args=[invite.token]))
    response = client.post(reverse("invite", args=[invite.token]))

    assert USED_MESSAGE in text(page)
    assert response.status_code == 200
    assert USED_MESSAGE in text(response)
    assert not Membership.objects.filter(user=latecomer).exists()


@pytest.mark.parametrize("spoil", [_use, _revoke_as_owner], ids=["used", "revoked"])
def test_used_or_revoked_invitation_can_not_be_used_to_sign_up(owner, organisation, spoil):
    invite = make_invite(organisation, owner)
    spoil(invite)
    before = counts()
    data = signup_data(invite=invite.token)
    del data["organisation"]

    response = client_for().post(f"{reverse('signup')}?invite={invite.token}", data)

    assert response.status_code == 200
    assert USED_MESSAGE in text(response)
    assert counts() == before
    assert not User.objects.filter(username="mette.hansen@example.dk").exists()


@pytest.mark.parametrize(
    ("age", "accepted"),
    [
        (datetime.timedelta(days=13, hours=23), True),
        (datetime.timedelta(days=14, seconds=1), False),
        (datetime.timedelta(days=30), False),
    ],
    ids=["13-days-23-hours", "14-days-and-a-second", "30-days"],
)
def test_an_invitation_expires_after_14_days(owner, organisation, age, accepted):
    invite = make_invite(organisation, owner)
    latecomer = make_user("late@example.dk")

    with time_machine.travel(invite.created_at + age, tick=False):
        assert timezone.now() == invite.created_at + age
        # Logged in at the later time, so the session itself is fresh.
        response = client_for(latecomer).post(reverse("invite", args=[invite.token]))
        signup = client_for().get(f"{reverse('signup')}?invite={invite.token}")

    assert Membership.objects.filter(user=latecomer, organisation=organisation).exists() is accepted
    invite.refresh_from_db()
    assert (invite.accepted_by == latecomer) is accepted
    if not accepted:
        assert USED_MESSAGE in text(response)
        assert USED_MESSAGE in text(signup)
        # Without a usable invitation, sign-up asks for an organisation of one's own.
        assert 'name="organisation"' in signup.content.decode()


# Wording that fits each role ------------------------------------------------------------


def test_the_invitation_form_has_no_empty_role_and_preselects_manager(owner, organisation):
    page = text(client_for(owner).get(reverse("org:detail", args=[organisation.pk])))
    form = page[page.index(reverse("org:invite_create", args=[organisation.pk])) :]
    form = form[: form.index("</form>")]

    radios = re.findall(r'<input type="radio" name="role" value="([^"]*)"[^>]*>', form)
    assert radios == ["facilitator", "manager", "representative"]
    assert "---------" not in form
    assert re.search(r'<input type="radio" name="role" value="manager"[^>]*checked', form)


@pytest.mark.parametrize("language", ["en", "da"])
def test_no_page_for_people_without_an_account_asks_for_a_facilitator_log_in(
    organisation, owner, language, settings
):
    invite = Invite.objects.create(organisation=organisation, role=Role.MANAGER, created_by=owner)
    client = client_for()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        reverse("invite", args=[invite.token]),
        reverse("signup") + f"?invite={invite.token}",
        reverse("login"),
        reverse("join:code"),
    ]
    for url in pages:
        page = text(client.get(url))
        assert "Facilitator log-in" not in page
        assert "Log ind som facilitator" not in page
        assert ("Log ind" if language == "da" else "Log in") in page
