"""Who may open and change what.

Another organisation's objects are a 404, a member whose role does not allow
the action gets a 403, anonymous people (and phones, which have no account)
go to log-in, and views that change state refuse GET.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

import workshops.urls
from tests.conftest import client_for
from workshops.models import Entry, Invite, Participant, Phase, Role, Workshop

ROLES = ["facilitator", "co_facilitator", "manager", "outsider", "anonymous", "participant"]
LOGIN = "login"


def edit_data(workshop: Workshop) -> dict:
    return {
        "title": "Changed by someone",
        "date": "2027-01-01",
        "language": "da",
        "scheme": workshop.scheme_id,
        "ai_focus": "ml",
        "teams": "Akut\nMedicin\nNew team",
    }


def client_as(request, role: str):
    if role == "anonymous":
        return client_for()
    if role == "participant":
        return request.getfixturevalue("phone")
    return client_for(request.getfixturevalue(role))


def snapshot(workshop: Workshop) -> tuple:
    workshop = Workshop.objects.get(pk=workshop.pk)
    return (
        workshop.title,
        workshop.phase,
        workshop.language,
        workshop.ai_focus,
        workshop.join_code,
        list(workshop.teams.values_list("name", "position")),
        list(Invite.objects.order_by("pk").values_list("pk", "role", "revoked_at")),
        Workshop.objects.count(),
    )


# One row a URL: how to call it, and what each role gets. A new facilitator URL
# must get a row here (test_every_facilitator_url_has_an_access_rule).
# Statuses: facilitator (owner), co_facilitator, manager, outsider (owner of
# another organisation); anonymous people and phones always go to log-in.
TABLE = [
    # name, method, htmx, (owner, co_facilitator, manager, outsider)
    ("dashboard", "get", False, (200, 200, 200, 200)),
    ("new", "get", False, (200, 200, 403, 200)),
    # The outsider runs their own organisation, so the form is there but
    # refuses this one (200 with an error).
    ("new", "post", False, (302, 302, 403, 200)),
    ("detail", "get", False, (200, 200, 403, 404)),
    ("edit", "get", False, (200, 200, 403, 404)),
    ("edit", "post", False, (302, 302, 403, 404)),
    ("phase", "post", False, (302, 302, 403, 404)),
    ("presenter", "get", False, (200, 200, 403, 404)),
    ("presenter", "get", True, (200, 200, 403, 404)),
    ("organisation", "get", False, (200, 200, 200, 404)),
    ("invite_create", "post", False, (302, 403, 403, 404)),
    ("invite_revoke", "post", False, (302, 403, 403, 404)),
    ("board", "get", False, (200, 200, 403, 404)),
    ("timer", "post", False, (302, 302, 403, 404)),
    ("reveal", "post", False, (302, 302, 403, 404)),
    ("entry_levels", "post", False, (302, 302, 403, 404)),
    ("entry_hide", "post", False, (302, 302, 403, 404)),
    ("entry_approve", "post", False, (302, 302, 403, 404)),
    ("entry_edit", "post", False, (302, 302, 403, 404)),
    ("paper_new", "get", False, (200, 200, 403, 404)),
    ("paper_new", "post", False, (302, 302, 403, 404)),
    ("paper_worksheet", "get", False, (200, 200, 403, 404)),
    # A form post is not the JSON the autosave sends: 400 for those who may.
    ("paper_save", "post", False, (400, 400, 403, 404)),
    ("worksheet_pdf", "get", False, (200, 200, 403, 404)),
]


def call(client, name: str, method: str, htmx: bool, *, workshop, organisation, invite):
    entry = Entry.objects.filter(workshop=workshop).first() or Entry.objects.create(
        workshop=workshop,
        participant=Participant.objects.create(workshop=workshop),
        question=1,
        text="Et punkt",
    )
    paper = Participant.objects.filter(workshop=workshop, from_paper=True).first() or (
        Participant.objects.create(workshop=workshop, from_paper=True)
    )
    args = {
        "board": [workshop.pk],
        "timer": [workshop.pk],
        "reveal": [workshop.pk],
        "entry_levels": [workshop.pk, entry.pk],
        "entry_hide": [workshop.pk, entry.pk],
        "entry_approve": [workshop.pk, entry.pk],
        "entry_edit": [workshop.pk, entry.pk],
        "paper_new": [workshop.pk],
        "paper_worksheet": [workshop.pk, paper.pk],
        "paper_save": [workshop.pk, paper.pk],
        "worksheet_pdf": [workshop.pk],
        "dashboard": [],
        "new": [],
        "detail": [workshop.pk],
        "edit": [workshop.pk],
        "phase": [workshop.pk],
        "presenter": [workshop.pk],
        "organisation": [organisation.pk],
        "invite_create": [organisation.pk],
        "invite_revoke": [organisation.pk, invite.pk],
    }[name]
    data = (
        {
            "new": {**edit_data(workshop), "organisation": organisation.pk, "title": "New one"},
            "edit": edit_data(workshop),
            "phase": {"phase": Phase.CLUSTERING},
            "invite_create": {"role": Role.FACILITATOR},
            "timer": {"minutes": 5, "label": "Spørgsmål 1"},
            "reveal": {"revealed": "1"},
            "entry_levels": {"levels": ["group"]},
            "entry_hide": {"hidden": "1"},
            "entry_approve": {"approved": "1"},
            "entry_edit": {"text": "Ny ordlyd"},
            "paper_new": {"display_name": "Papir"},
        }.get(name, {})
        if method == "post"
        else {}
    )
    url = reverse(f"workshops:{name}", args=args)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return url, getattr(client, method)(url, data, **extra)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "htmx", "statuses"),
    TABLE,
    ids=[f"{m}-{n}{'-htmx' if h else ''}" for n, m, h, _ in TABLE],
)
def test_access_table(
    request, organisation, workshop, facilitator, role, name, method, htmx, statuses
):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.MANAGER, created_by=facilitator
    )
    expected = dict(zip(ROLES[:4], statuses, strict=True)).get(role, LOGIN)
    client = client_as(request, role)

    url, response = call(
        client, name, method, htmx, workshop=workshop, organisation=organisation, invite=invite
    )

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    else:
        assert response.status_code == expected


def test_every_facilitator_url_has_an_access_rule():
    names = {pattern.name for pattern in workshops.urls.urlpatterns}

    assert names == {row[0] for row in TABLE}


# Another organisation: 404, and nothing changes -----------------------------------


def test_facilitator_gets_404_for_every_url_of_another_organisations_workshop(
    facilitator, other_workshop, other_organisation, outsider
):
    invite = Invite.objects.create(
        organisation=other_organisation, role=Role.FACILITATOR, created_by=outsider
    )
    before = snapshot(other_workshop)
    client = client_for(facilitator)

    responses = {
        "detail": client.get(reverse("workshops:detail", args=[other_workshop.pk])),
        "edit": client.get(reverse("workshops:edit", args=[other_workshop.pk])),
        "edit-post": client.post(
            reverse("workshops:edit", args=[other_workshop.pk]), edit_data(other_workshop)
        ),
        "phase": client.post(
            reverse("workshops:phase", args=[other_workshop.pk]), {"phase": Phase.CLUSTERING}
        ),
        "presenter": client.get(reverse("workshops:presenter", args=[other_workshop.pk])),
        "presenter-htmx": client.get(
            reverse("workshops:presenter", args=[other_workshop.pk]), HTTP_HX_REQUEST="true"
        ),
        "organisation": client.get(reverse("workshops:organisation", args=[other_organisation.pk])),
        "invite-create": client.post(
            reverse("workshops:invite_create", args=[other_organisation.pk]),
            {"role": Role.FACILITATOR},
        ),
        "invite-revoke": client.post(
            reverse("workshops:invite_revoke", args=[other_organisation.pk, invite.pk])
        ),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 404)
    for response in responses.values():
        assert other_workshop.title not in response.content.decode()
        assert other_workshop.join_code not in response.content.decode()
    assert snapshot(other_workshop) == before


def test_an_owner_can_not_revoke_another_organisations_invite_through_their_own(
    facilitator, organisation, other_organisation, outsider
):
    theirs = Invite.objects.create(
        organisation=other_organisation, role=Role.FACILITATOR, created_by=outsider
    )

    response = client_for(facilitator).post(
        reverse("workshops:invite_revoke", args=[organisation.pk, theirs.pk])
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_owner_revokes_their_own_invite(facilitator, organisation):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=facilitator
    )

    response = client_for(facilitator).post(
        reverse("workshops:invite_revoke", args=[organisation.pk, invite.pk]), follow=True
    )

    invite.refresh_from_db()
    assert invite.revoked_at is not None
    assert not invite.is_usable()
    assert invite.token not in response.content.decode()


def test_workshop_ids_do_not_leak_between_organisations(
    facilitator, outsider, workshop, other_workshop
):
    # The same 404 for a workshop that exists elsewhere and one that does not.
    client = client_for(facilitator)
    missing = Workshop.objects.order_by("-pk").first().pk + 1000

    elsewhere = client.get(reverse("workshops:detail", args=[other_workshop.pk]))
    nowhere = client.get(reverse("workshops:detail", args=[missing]))

    assert elsewhere.status_code == nowhere.status_code == 404


# Managers: 403 on what changes things, and nothing changes ----------------------------


def test_manager_gets_403_on_pages_that_change_a_workshop_and_on_the_presenter(
    manager, workshop, organisation, facilitator
):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=facilitator
    )
    before = snapshot(workshop)
    client = client_for(manager)

    responses = {
        "new": client.get(reverse("workshops:new")),
        "new-post": client.post(
            reverse("workshops:new"), {**edit_data(workshop), "organisation": organisation.pk}
        ),
        "edit": client.get(reverse("workshops:edit", args=[workshop.pk])),
        "edit-post": client.post(
            reverse("workshops:edit", args=[workshop.pk]), edit_data(workshop)
        ),
        "phase": client.post(
            reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.CLUSTERING}
        ),
        "presenter": client.get(reverse("workshops:presenter", args=[workshop.pk])),
        "invite-create": client.post(
            reverse("workshops:invite_create", args=[organisation.pk]), {"role": Role.FACILITATOR}
        ),
        "invite-revoke": client.post(
            reverse("workshops:invite_revoke", args=[organisation.pk, invite.pk])
        ),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 403)
    assert workshop.join_code_display not in responses["presenter"].content.decode()
    assert snapshot(workshop) == before


def test_manager_sees_the_organisation_but_no_invitations(manager, organisation, facilitator):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=facilitator
    )

    page = client_for(manager).get(reverse("workshops:organisation", args=[organisation.pk]))

    assert page.status_code == 200
    assert "Sygehus Øst" in page.content.decode()
    assert invite.token not in page.content.decode()
    assert reverse("workshops:invite_create", args=[organisation.pk]) not in (page.content.decode())


# Anonymous people and phones go to log-in --------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_facilitator_pages_send_anonymous_people_and_phones_to_login(
    request, who, workshop, organisation
):
    client = client_as(request, who)
    before = snapshot(workshop)
    gets = [
        reverse("workshops:dashboard"),
        reverse("workshops:new"),
        reverse("workshops:detail", args=[workshop.pk]),
        reverse("workshops:edit", args=[workshop.pk]),
        reverse("workshops:presenter", args=[workshop.pk]),
        reverse("workshops:organisation", args=[organisation.pk]),
    ]
    posts = [
        (reverse("workshops:edit", args=[workshop.pk]), edit_data(workshop)),
        (reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.CLUSTERING}),
        (reverse("workshops:invite_create", args=[organisation.pk]), {"role": "manager"}),
    ]

    for url in gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"
    assert snapshot(workshop) == before


def test_home_sends_phones_to_the_code_form_and_facilitators_to_the_dashboard(facilitator):
    assert client_for().get("/")["Location"] == reverse("join_by_code")
    assert client_for(facilitator).get("/")["Location"] == reverse("workshops:dashboard")


# State-changing views refuse GET ---------------------------------------------------------


def test_every_state_changing_view_answers_405_to_get(
    facilitator, organisation, workshop, phone, participant
):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=facilitator
    )
    owner = client_for(facilitator)
    before = snapshot(workshop)

    refused = {
        "phase": owner.get(
            reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.CLUSTERING}
        ),
        "invite_create": owner.get(
            reverse("workshops:invite_create", args=[organisation.pk]), {"role": Role.MANAGER}
        ),
        "invite_revoke": owner.get(
            reverse("workshops:invite_revoke", args=[organisation.pk, invite.pk])
        ),
        "logout": owner.get(reverse("logout")),
        "worksheet_save": phone.get(reverse("worksheet_save", args=[workshop.public_id])),
        "worksheet_submit": phone.get(reverse("worksheet_submit", args=[workshop.public_id])),
        "invite_accept": client_for(facilitator).put(reverse("invite", args=[invite.token])),
        "edit-put": owner.put(reverse("workshops:edit", args=[workshop.pk])),
        "new-delete": owner.delete(reverse("workshops:new")),
        "detail-post": owner.post(reverse("workshops:detail", args=[workshop.pk])),
        "presenter-post": owner.post(reverse("workshops:presenter", args=[workshop.pk])),
        "status-post": phone.post(reverse("worksheet_status", args=[workshop.public_id])),
        "join_by_code-post": phone.post(reverse("join_by_code"), {"code": workshop.join_code}),
    }

    assert {name: r.status_code for name, r in refused.items()} == dict.fromkeys(refused, 405)
    assert snapshot(workshop) == before
    invite.refresh_from_db()
    assert (invite.accepted_at, invite.revoked_at) == (None, None)
    participant.refresh_from_db()
    assert participant.submitted_at is None
    assert owner.get(reverse("workshops:dashboard")).status_code == 200
