"""Guessing, oversized bodies and the security headers."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import throttle
from core.models import Throttle
from tests.conftest import PASSWORD, client_for
from workshops.models import Participant


def guess(client, code: str, address: str):
    return client.get(reverse("join:code"), {"code": code}, REMOTE_ADDR=address)


def test_join_code_guessing_is_limited_per_address_with_a_clear_message(workshop):
    client = client_for()
    answers = [
        guess(client, f"ZZZZ{n:02d}"[-6:].replace("0", "2").replace("1", "3"), "10.0.0.7")
        for n in range(22)
    ]

    assert [a.status_code for a in answers[:20]] == [200] * 20
    assert "No workshop has the code" in answers[0].content.decode()
    assert answers[20].status_code == 429
    assert "Too many unknown codes were tried from your network" in answers[20].content.decode()
    # Another unknown code is refused while it lasts (the real one is not:
    # see the joining section at the end)...
    assert guess(client, "QQQQQQ", "10.0.0.7").status_code == 429
    # ...and everybody else joins with the real code.
    other = guess(client_for(), workshop.join_code, "10.0.0.8")
    assert other.status_code == 302
    assert other["Location"] == reverse("join:workshop", args=[workshop.join_code])
    assert not Participant.objects.exists()


def test_a_room_behind_one_address_joins_freely(workshop):
    for _phone in range(60):
        response = guess(client_for(), workshop.join_code.lower(), "10.0.0.9")
        assert response.status_code == 302
    assert not Throttle.objects.filter(key="join:10.0.0.9", tokens__lt=20).exists()


def test_the_guess_limit_refills_with_time(workshop):
    client = client_for()
    with time_machine.travel("2026-11-21 10:00", tick=False):
        for n in range(21):
            guess(client, "QQQQ" + "23456789ABCD"[n % 12] + "Q", "10.0.0.5")
        assert guess(client, "QQQQQQ", "10.0.0.5").status_code == 429
    with time_machine.travel("2026-11-21 10:06", tick=False):
        assert guess(client, "QQQQQQ", "10.0.0.5").status_code == 200


def test_forwarded_for_is_trusted_only_behind_declared_proxies(settings, workshop):
    client = client_for()
    # Without NUM_PROXIES a client can't pick a fresh address per guess.
    for n in range(21):
        client.get(
            reverse("join:code"),
            {"code": "WWWWW" + "23456789"[n % 8]},
            REMOTE_ADDR="10.0.0.6",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert guess(client, "QQQQQQ", "10.0.0.6").status_code == 429
    settings.NUM_PROXIES = 1
    response = client.get(
        reverse("join:code"),
        {"code": "QQQQQQ"},
        REMOTE_ADDR="10.0.0.6",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert response.status_code == 200


def log_in(url, email, password, address):
    client = client_for()
    response = client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)
    return response, "_auth_user_id" in client.session


def test_log_in_guessing_is_refused_but_the_owner_still_gets_in(owner):
    url = reverse("login")
    for n in range(8):
        response, _ = log_in(url, owner.email, f"wrong{n}", f"10.1.0.{n}")
        assert "The email or the password is not right" in response.content.decode()

    # The account's bucket is empty: the addresses that guessed are refused,
    # even with the right password ...
    response, logged_in = log_in(url, owner.email, PASSWORD, "10.1.0.3")
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert not logged_in
    # ... but the owner, from an address that has not been failing, gets in.
    response, logged_in = log_in(url, owner.email, PASSWORD, "10.1.0.99")
    assert response.status_code == 302
    assert logged_in


def test_the_owner_is_mailed_once_a_burst_of_failed_log_ins(owner, outsider):
    url = reverse("login")
    for n in range(7):
        log_in(url, owner.email, f"wrong{n}", "10.1.0.1")
    assert mail.outbox == []

    log_in(url, owner.email, "wrong7", "10.1.0.1")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert mail.outbox[0].subject == "Many failed log-ins to your account"
    assert "http://testserver/accounts/password_reset/" in mail.outbox[0].body

    # The guessing goes on, from the same address and from new ones: no more mail.
    for n in range(20):
        log_in(url, owner.email, f"more{n}", f"10.1.1.{n}")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=20)):
        for n in range(8):
            log_in(url, owner.email, f"later{n}", "10.1.2.1")
    assert len(mail.outbox) == 1
    # Another account guessed is another burst, mailed to its own user.
    for n in range(8):
        log_in(url, outsider.email, f"wrong{n}", "10.1.3.1")
    assert [message.to for message in mail.outbox] == [[owner.email], [outsider.email]]


def test_admin_log_in_is_limited_in_the_site_log_in_buckets(owner, outsider):
    owner.is_staff = True
    owner.save()
    admin_login = reverse("admin:login")
    refused = "Too many failed log-ins"

    answers = [log_in(admin_login, owner.email, f"wrong{n}", "10.3.0.1")[0] for n in range(30)]
    assert all(response.status_code == 200 for response in answers)
    assert [refused in response.content.decode() for response in answers] == [False] * 8 + [
        True
    ] * 22
    # The admin's failures count for the account at the site's log-in ...
    response, logged_in = log_in(reverse("login"), owner.email, PASSWORD, "10.3.0.1")
    assert refused in response.content.decode()
    assert not logged_in
    # ... and for the address.
    for n in range(20):
        log_in(admin_login, f"nobody{n}@example.dk", "x", "10.3.0.2")
    response, logged_in = log_in(reverse("login"), outsider.email, PASSWORD, "10.3.0.2")
    assert refused in response.content.decode()
    assert not logged_in
    # The owner, from an address that has not been failing, still gets in.
    response, logged_in = log_in(admin_login, owner.email, PASSWORD, "10.3.0.3")
    assert response.status_code == 302
    assert logged_in


def test_password_reset_mails_are_limited_per_email_and_per_address(owner, outsider):
    url = reverse("password_reset")
    answers = [
        client_for().post(url, {"email": owner.email}, REMOTE_ADDR=f"10.4.0.{n}") for n in range(25)
    ]
    assert {(r.status_code, r["Location"]) for r in answers} == {
        (302, reverse("password_reset_done"))
    }
    assert len(mail.outbox) == 3

    # One address asking for many e-mails, known or not, is limited too.
    mail.outbox.clear()
    for n in range(25):
        email = outsider.email if n == 24 else f"nobody{n}@example.dk"
        response = client_for().post(url, {"email": email}, REMOTE_ADDR="10.4.1.1")
        assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
    client_for().post(url, {"email": outsider.email}, REMOTE_ADDR="10.4.1.2")
    assert [message.to for message in mail.outbox] == [[outsider.email]]

    # The limit refills with time.
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        client_for().post(url, {"email": owner.email}, REMOTE_ADDR="10.4.0.1")
    assert len(mail.outbox) == 1


def test_log_in_failures_from_one_address_are_limited_across_accounts(owner):
    client = client_for()
    for n in range(20):
        client.post(
            reverse("login"),
            {"username": f"nobody{n}@example.dk", "password": "x"},
            REMOTE_ADDR="10.2.0.1",
        )
    response = client.post(
        reverse("login"),
        {"username": owner.email, "password": PASSWORD},
        REMOTE_ADDR="10.2.0.1",
    )
    assert "Too many failed log-ins" in response.content.decode()
    ok = client_for().post(
        reverse("login"),
        {"username": owner.email, "password": PASSWORD},
        REMOTE_ADDR="10.2.0.2",
    )
    assert ok.status_code == 302


def test_an_oversized_save_is_refused_and_stores_nothing(phone, participant, workshop):
    body = json.dumps({"fields": {"profession": {"value": "x" * 300_000, "rev": 5}}})
    response = phone.post(
        reverse("phone:save", args=[workshop.public_id]), body, content_type="application/json"
    )
    assert response.status_code == 400
    participant.refresh_from_db()
    assert participant.profession == ""


@pytest.mark.parametrize("url_name", ["join:code", "login"])
def test_security_headers(client, url_name):
    response = client.get(reverse(url_name))
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response  # plain http


def test_hsts_under_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("join:code"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_htmx_runs_without_eval_or_inline_styles(client):
    html = client.get(reverse("join:code")).content.decode()
    assert '"allowEval": false' in html
    assert '"includeIndicatorStyles": false' in html
    assert "<script>" not in html and "hx-on" not in html


# Joining and voting floods (issue 10) ----------------------------------------------
# Only the tests of this section are about joining and voting; the ones above
# cover guessing, log-in and the headers.


def test_a_guesser_does_not_close_the_door_for_colleagues_on_the_same_address(workshop):
    address = "10.0.1.7"
    guesser = client_for()
    for n in range(22):
        guess(guesser, "QQQQ" + "23456789ABCD"[n % 12] + "Q", address)
    assert guess(guesser, "QQQQQQ", address).status_code == 429  # guesses stay slowed

    colleague = client_for()
    by_code = guess(colleague, workshop.join_code, address)
    by_link = colleague.get(
        reverse("join:workshop", args=[workshop.join_code]), REMOTE_ADDR=address
    )
    joined = colleague.post(
        reverse("join:workshop", args=[workshop.join_code]),
        {"team": workshop.teams.first().pk},
        REMOTE_ADDR=address,
    )
    by_qr = client_for().get(
        reverse("join:workshop", args=[workshop.join_code]), REMOTE_ADDR=address
    )

    assert by_code.status_code == 302
    assert by_code["Location"] == reverse("join:workshop", args=[workshop.join_code])
    assert by_link.status_code == 200
    assert joined.status_code == 302
    assert by_qr.status_code == 200
    assert Participant.objects.filter(workshop=workshop).count() == 1
    assert guess(guesser, "QQQQQR", address).status_code == 429


def join_from(address: str, workshop):
    return client_for().post(
        reverse("join:workshop", args=[workshop.join_code]),
        {"team": workshop.teams.first().pk},
        REMOTE_ADDR=address,
    )


def test_a_room_of_300_behind_one_address_joins_but_a_script_is_stopped(workshop):
    from workshops.participant_views import JOINS_PER_ADDRESS

    address = "10.0.2.9"
    key = f"join-new:{address}"
    with time_machine.travel("2026-11-21 10:00", tick=False):
        # 299 phones of the room have joined (the bucket, without 299 requests)...
        for _phone in range(299):
            throttle.failed(key, JOINS_PER_ADDRESS)
        # ...and the 300th gets in too.
        assert join_from(address, workshop).status_code == 302
        for _phone in range(100):
            throttle.failed(key, JOINS_PER_ADDRESS)
        flood = join_from(address, workshop)
        elsewhere = join_from("10.0.2.10", workshop)
    with time_machine.travel("2026-11-21 10:00:10", tick=False):
        a_bit_later = join_from(address, workshop)

    assert flood.status_code == 429
    assert "Very many phones joined from your network just now." in flood.content.decode()
    assert elsewhere.status_code == 302
    assert a_bit_later.status_code == 302  # 40 a minute come through again
    assert Participant.objects.filter(workshop=workshop).count() == 3


def test_joining_fast_from_one_address_is_limited_through_the_view(workshop, monkeypatch):
    """The flood of the finding, through the views (a fresh cookie jar for
    each GET and POST of the join page), against a small bucket."""
    from workshops import participant_views

    monkeypatch.setattr(
        participant_views, "JOINS_PER_ADDRESS", throttle.Limit(capacity=5, per_seconds=600)
    )
    answers = []
    for _phone in range(8):
        client_for().get(
            reverse("join:workshop", args=[workshop.join_code]), REMOTE_ADDR="10.0.3.3"
        )
        answers.append(join_from("10.0.3.3", workshop).status_code)

    assert answers == [302] * 5 + [429] * 3
    assert Participant.objects.filter(workshop=workshop).count() == 5
