"""Who may open and change what.

Another organisation's objects are a 404, a member whose role does not allow
the action gets a 403, anonymous people (and phones, which have no account)
go to log-in, and views that change state refuse GET.
"""

from __future__ import annotations

from functools import cached_property
from html.parser import HTMLParser

import pytest
from django.urls import URLResolver, reverse

import config.urls
from principles.services import charter_publish, principle_merge, share_link_create
from screening.models import FlagRule, UseCase
from tests import series_world
from tests.conftest import client_for, make_user
from workshops.models import Entry, Invite, Participant, Phase, Role, Workshop

# The roles a row states statuses for, in this order.
TABLE_ROLES = ["owner", "facilitator", "manager", "outsider", "anonymous", "participant"]
# Every role the table is checked for: also a phone of another workshop (it
# gets what anonymous gets) and staff without a membership (what an outsider
# gets, but it runs no organisation, so it can't create a workshop).
ROLES = [*TABLE_ROLES, "other_participant", "staff", "representative"]
LOGIN = "login"

# An employee representative (AMR/TR) gets what a manager gets, except here:
# they read drafts and remark on consultation records.
REPRESENTATIVE = {
    ("agreements:draft", "get"): 200,
    ("consultation:remark", "post"): 302,
}


def expected_status(role: str, name: str, statuses, method: str = "get") -> int | str:
    table = dict(zip(TABLE_ROLES[: len(statuses)], statuses, strict=True))
    if role == "representative":
        return REPRESENTATIVE.get((name, method), table["manager"])
    if role == "other_participant":
        return table.get("anonymous", LOGIN)
    if role == "staff":
        return 403 if name == "workshops:new" else table["outsider"]
    return table.get(role, LOGIN)


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
    if role == "other_participant":
        return request.getfixturevalue("other_phone")
    if role == "representative":
        return client_for(
            make_user(
                "amr@example.dk", request.getfixturevalue("organisation"), Role.REPRESENTATIVE
            )
        )
    if role == "staff":
        staff = make_user("staff@example.dk")
        staff.is_staff = True
        staff.save()
        return client_for(staff)
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


# One row a URL: how to call it, and what each role gets. Every URL of the
# project must get a row here, or a reason in EXEMPT
# (test_every_url_has_an_access_rule).
# Statuses: owner, facilitator, manager, outsider (owner of
# another organisation); anonymous people and phones go to log-in. Rows for
# pages that need no account give all six, the last two for anonymous people
# and for the phone of a participant of the workshop.
TABLE = [
    # name, method, htmx, (owner, facilitator, manager, outsider[, anonymous, phone])
    ("workshops:dashboard", "get", False, (200, 200, 200, 200)),
    ("workshops:new", "get", False, (200, 200, 403, 200)),
    # The outsider runs their own organisation, so the form is there but
    # refuses this one (200 with an error).
    ("workshops:new", "post", False, (302, 302, 403, 200)),
    ("workshops:detail", "get", False, (200, 200, 403, 404)),
    ("workshops:edit", "get", False, (200, 200, 403, 404)),
    ("workshops:edit", "post", False, (302, 302, 403, 404)),
    ("workshops:phase", "post", False, (302, 302, 403, 404)),
    # Only the owner deletes a workshop with all its data.
    ("workshops:delete", "get", False, (200, 403, 403, 404)),
    ("workshops:delete", "post", False, (302, 403, 403, 404)),
    ("workshops:presenter", "get", False, (200, 200, 403, 404)),
    ("workshops:presenter", "get", True, (200, 200, 403, 404)),
    ("workshops:projector_mode", "post", False, (302, 302, 403, 404)),
    ("org:detail", "get", False, (200, 200, 200, 404)),
    ("org:invite_create", "post", False, (302, 403, 403, 404)),
    ("org:invite_revoke", "post", False, (302, 403, 403, 404)),
    ("workshops:board", "get", False, (200, 200, 403, 404)),
    ("workshops:board_inspiration", "get", False, (200, 200, 403, 404)),
    ("workshops:timer", "post", False, (302, 302, 403, 404)),
    ("workshops:reveal", "post", False, (302, 302, 403, 404)),
    ("workshops:joining", "post", False, (302, 302, 403, 404)),
    ("workshops:entry_tools", "get", False, (200, 200, 403, 404)),
    ("workshops:entry_levels", "post", False, (302, 302, 403, 404)),
    ("workshops:entry_hide", "post", False, (302, 302, 403, 404)),
    ("workshops:entry_approve", "post", False, (302, 302, 403, 404)),
    ("workshops:entry_edit", "post", False, (302, 302, 403, 404)),
    ("workshops:paper_new", "get", False, (200, 200, 403, 404)),
    ("workshops:paper_new", "post", False, (302, 302, 403, 404)),
    ("workshops:paper_worksheet", "get", False, (200, 200, 403, 404)),
    # A form post is not the JSON the autosave sends: 400 for those who may.
    ("workshops:paper_save", "post", False, (400, 400, 403, 404)),
    ("workshops:worksheet_pdf", "get", False, (200, 200, 403, 404)),
    # /workshops/<pk>/principles/
    ("principles:list", "get", False, (200, 200, 403, 404)),
    ("principles:merge", "post", False, (302, 302, 403, 404)),
    ("principles:order", "post", False, (302, 302, 403, 404)),
    ("principles:dots", "post", False, (302, 302, 403, 404)),
    ("principles:edit", "get", False, (200, 200, 403, 404)),
    ("principles:edit", "post", False, (302, 302, 403, 404)),
    ("principles:delete", "post", False, (302, 302, 403, 404)),
    ("principles:move", "post", False, (302, 302, 403, 404)),
    ("principles:source_remove", "post", False, (302, 302, 403, 404)),
    ("principles:similar", "get", False, (200, 200, 403, 404)),
    ("principles:prepare", "get", True, (200, 200, 403, 404)),
    ("principles:prepare", "post", False, (302, 302, 403, 404)),
    ("principles:groups", "get", False, (200, 200, 403, 404)),
    ("principles:group_accept", "post", False, (302, 302, 403, 404)),
    ("principles:levels", "get", False, (200, 200, 403, 404)),
    ("principles:level_accept", "post", False, (302, 302, 403, 404)),
    # /workshops/<pk>/charter/ ; managers may compare published versions.
    ("principles:charter", "get", False, (200, 200, 403, 404)),
    ("principles:charter", "post", False, (302, 302, 403, 404)),
    ("principles:publish", "post", False, (302, 302, 403, 404)),
    ("principles:diff", "get", False, (200, 200, 200, 404)),
    ("principles:share_create", "post", False, (302, 302, 403, 404)),
    ("principles:share_revoke", "post", False, (302, 302, 403, 404)),
    ("principles:export", "get", False, (200, 200, 403, 404)),
    # The follow-up workshop: only those who run workshops start one, see the
    # room's ratings and decide. (The table's workshop follows nothing: the
    # page says so, and a decision on a principle that is no copy is refused.)
    ("agreements:followup", "get", False, (200, 200, 403, 404)),
    ("agreements:followup_start", "post", False, (302, 302, 403, 404)),
    ("agreements:followup_counts", "get", False, (200, 200, 403, 404)),
    ("agreements:followup_decide", "post", False, (302, 302, 403, 404)),
    # After the workshop (agreements): managers read the action plan and the
    # consultation records; only those who run workshops change them.
    ("agreements:draft", "get", False, (200, 200, 403, 404)),
    ("agreements:actions", "get", False, (200, 200, 200, 404)),
    ("agreements:actions", "post", False, (302, 302, 403, 404)),
    ("agreements:action_edit", "get", False, (200, 200, 403, 404)),
    ("agreements:action_edit", "post", False, (302, 302, 403, 404)),
    # Read-only for managers and representatives: the owner's reminder links here.
    ("agreements:review", "get", False, (200, 200, 200, 404)),
    ("agreements:review", "post", False, (302, 302, 403, 404)),
    ("consultation:list", "get", False, (200, 200, 200, 404)),
    ("consultation:new", "get", False, (200, 200, 403, 404)),
    ("consultation:new", "post", False, (302, 302, 403, 404)),
    ("consultation:remark", "post", False, (302, 302, 403, 404)),
    ("charters:overview", "get", False, (200, 200, 200, 200)),
    # Screening of use cases: managers read it, those who run workshops change it.
    ("screening:list", "get", False, (200, 200, 200, 404)),
    ("screening:list", "post", False, (302, 302, 403, 404)),
    ("screening:merge", "post", False, (302, 302, 403, 404)),
    ("screening:screen", "get", False, (200, 200, 200, 404)),
    ("screening:screen", "post", False, (302, 302, 403, 404)),
    ("screening:handled", "post", False, (302, 302, 403, 404)),
    # Series (issue 13): those who run workshops keep templates and start
    # series; a series' pages are its owner's and the organisation owners'.
    ("series:org", "get", False, (200, 200, 403, 404)),
    ("series:new", "get", False, (200, 200, 403, 404)),
    ("series:new", "post", False, (302, 302, 403, 404)),
    ("series:template_new", "get", False, (200, 200, 403, 404)),
    ("series:template_new", "post", False, (302, 302, 403, 404)),
    ("series:template_edit", "get", False, (200, 200, 403, 404)),
    ("series:template_edit", "post", False, (302, 302, 403, 404)),
    ("series:template_from_workshop", "post", False, (302, 302, 403, 404)),
    ("series:detail", "get", False, (200, 403, 403, 404)),
    ("series:spawn", "post", False, (302, 403, 403, 404)),
    ("series:compare", "get", False, (200, 403, 403, 404)),
    ("series:compare_csv", "get", False, (200, 403, 403, 404)),
    ("series:rollup", "get", False, (200, 403, 403, 404)),
    ("series:rollup", "post", False, (302, 403, 403, 404)),
    ("series:merge", "post", False, (302, 403, 403, 404)),
    ("series:publish", "post", False, (302, 403, 403, 404)),
    ("series:provenance", "get", False, (200, 403, 403, 404)),
    ("series:seen", "post", False, (302, 403, 403, 404)),
    ("series:scheme", "post", False, (302, 403, 403, 404)),
    # Every member reads a charter's action plan and the AI-literacy record.
    ("agreements:actions_export", "get", False, (200, 200, 200, 404)),
    ("org:ai_literacy", "get", False, (200, 200, 200, 404)),
    # /charters/ : every member reads their organisations' published charters.
    ("charters:list", "get", False, (200, 200, 200, 200)),
    ("charters:version", "get", False, (200, 200, 200, 404)),
    ("charters:pdf", "get", False, (200, 200, 200, 404)),
    # Pages without an account.
    ("home", "get", False, (302, 302, 302, 302, 302, 302)),
    ("join:code", "get", False, (200, 200, 200, 200, 200, 200)),
    ("join_old", "get", False, (302, 302, 302, 302, 302, 302)),
    # A joined phone goes on to its worksheet; anyone else may join.
    ("join:workshop", "get", False, (200, 200, 200, 200, 200, 302)),
    ("join:workshop", "post", False, (302, 302, 302, 302, 302, 302)),
    # Only the workshop's phones have a worksheet; the rest are sent to join.
    ("phone:worksheet", "get", False, (302, 302, 302, 302, 302, 200)),
    ("phone:worksheet", "post", False, (302, 302, 302, 302, 302, 302)),
    # The autosave answers in JSON: 403 without the phone's cookie, 400 for
    # the phone's form post that is not JSON.
    ("phone:save", "post", False, (403, 403, 403, 403, 403, 400)),
    ("phone:submit", "post", False, (302, 302, 302, 302, 302, 302)),
    ("phone:status", "get", False, (200, 200, 200, 200, 200, 200)),
    ("phone:done", "post", False, (302, 302, 302, 302, 302, 302)),
    ("phone:vote", "post", False, (302, 302, 302, 302, 302, 302)),
    # A follow-up's rating of the principles: the workshop's phones only.
    ("phone:review", "get", False, (302, 302, 302, 302, 302, 200)),
    ("phone:review", "post", False, (302, 302, 302, 302, 302, 302)),
    ("share:page", "get", False, (200, 200, 200, 200, 200, 200)),
    ("share:pdf", "get", False, (200, 200, 200, 200, 200, 200)),
    ("login", "get", False, (200, 200, 200, 200, 200, 200)),
    ("signup", "get", False, (200, 200, 200, 200, 200, 200)),
    ("signup_done", "get", False, (200, 200, 200, 200, 200, 200)),
    # The mailed link; a wrong token shows a page that says so.
    ("signup_confirm", "get", False, (200, 200, 200, 200, 200, 200)),
    ("invite", "get", False, (200, 200, 200, 200, 200, 200)),
    # Accepting needs an account; without one the page asks to log in or sign up.
    ("invite", "post", False, (302, 302, 302, 302, 200, 200)),
    ("igloo:cards", "get", False, (200, 200, 200, 200, 200, 200)),
    ("set_language", "post", False, (302, 302, 302, 302, 302, 302)),
    ("healthz", "get", False, (200, 200, 200, 200, 200, 200)),
]

# URLs with no row, and why. A name ending in ":" exempts a whole namespace.
EXEMPT = {
    "admin:": "Django's admin: staff only, behind Django's own permission checks.",
    "logout": "Django's auth view; refusing GET is tested below.",
    "password_change": "Django's auth view, behind log-in by Django.",
    "password_change_done": "Django's auth view, behind log-in by Django.",
    "password_reset": "Django's auth view, public by design.",
    "password_reset_done": "Django's auth view, public by design.",
    "password_reset_confirm": "Django's auth view; the token in the URL is the permission.",
    "password_reset_complete": "Django's auth view, public by design.",
}


class World:
    """What a row's URL needs, made the first time a row asks for it."""

    def __init__(self, *, workshop: Workshop, organisation, invite: Invite, owner):
        self.workshop = workshop
        self.organisation = organisation
        self.invite = invite
        self.owner = owner

    @cached_property
    def entry(self) -> Entry:
        return Entry.objects.filter(workshop=self.workshop).first() or Entry.objects.create(
            workshop=self.workshop,
            participant=Participant.objects.create(workshop=self.workshop),
            question=1,
            text="Et punkt",
        )

    @cached_property
    def paper(self) -> Participant:
        return Participant.objects.filter(workshop=self.workshop, from_paper=True).first() or (
            Participant.objects.create(workshop=self.workshop, from_paper=True)
        )

    @cached_property
    def principle(self):
        return principle_merge(workshop=self.workshop, entry_ids=[self.entry.pk])

    @cached_property
    def version(self):
        self.principle  # noqa: B018 - a charter is published with a principle
        return charter_publish(workshop=self.workshop, user=self.owner)

    @cached_property
    def action(self):
        from agreements.models import Action

        principle = self.version.content["principles"][0]
        return Action.objects.create(
            charter=self.version.workshop,
            principle_key=principle["id"],
            principle_title=principle["title"],
            text="Oplæring",
            owner_role="AMR",
        )

    @cached_property
    def use_case(self):
        return UseCase.objects.create(workshop=self.workshop, name="Copilot", aliases=["copilot"])

    @cached_property
    def flag_rule(self):
        return FlagRule.objects.get(key="control-notice")

    @cached_property
    def record(self):
        from agreements.services import record_create

        return record_create(version=self.version, user=self.owner, forum="su", outcome="noted")

    @cached_property
    def link(self):
        self.version  # noqa: B018 - a share link opens the latest version
        return share_link_create(workshop=self.workshop, user=self.owner)


def _args(w: World) -> dict:
    pk = w.workshop.pk
    return {
        "workshops:board": lambda: [pk],
        "workshops:board_inspiration": lambda: [pk],
        "workshops:timer": lambda: [pk],
        "workshops:reveal": lambda: [pk],
        "workshops:joining": lambda: [pk],
        "workshops:entry_tools": lambda: [pk, w.entry.pk],
        "workshops:entry_levels": lambda: [pk, w.entry.pk],
        "workshops:entry_hide": lambda: [pk, w.entry.pk],
        "workshops:entry_approve": lambda: [pk, w.entry.pk],
        "workshops:entry_edit": lambda: [pk, w.entry.pk],
        "workshops:paper_new": lambda: [pk],
        "workshops:paper_worksheet": lambda: [pk, w.paper.pk],
        "workshops:paper_save": lambda: [pk, w.paper.pk],
        "workshops:worksheet_pdf": lambda: [pk],
        "workshops:dashboard": lambda: [],
        "workshops:new": lambda: [],
        "workshops:detail": lambda: [pk],
        "workshops:edit": lambda: [pk],
        "workshops:phase": lambda: [pk],
        "workshops:delete": lambda: [pk],
        "workshops:presenter": lambda: [pk],
        "workshops:projector_mode": lambda: [pk],
        "series:org": lambda: [w.organisation.pk],
        "series:new": lambda: [w.organisation.pk],
        "series:template_new": lambda: [w.organisation.pk],
        "series:template_edit": lambda: [series_world.template_of(w).pk],
        "series:template_from_workshop": lambda: [pk],
        "series:detail": lambda: [series_world.series_of(w).pk],
        "series:spawn": lambda: [series_world.series_of(w).pk],
        "series:compare": lambda: [series_world.series_of(w).pk],
        "series:compare_csv": lambda: [series_world.series_of(w).pk],
        "series:rollup": lambda: [series_world.series_of(w).pk],
        "series:merge": lambda: [series_world.series_of(w).pk],
        "series:publish": lambda: [series_world.series_of(w).pk],
        "series:provenance": lambda: [
            series_world.series_of(w).pk,
            series_world.org_principle_of(w).pk,
        ],
        "series:seen": lambda: [series_world.series_of(w).pk, series_world.org_principle_of(w).pk],
        "series:scheme": lambda: [series_world.series_of(w).pk],
        "org:detail": lambda: [w.organisation.pk],
        "org:invite_create": lambda: [w.organisation.pk],
        "org:invite_revoke": lambda: [w.organisation.pk, w.invite.pk],
        "principles:list": lambda: [pk],
        "principles:merge": lambda: [pk],
        "principles:order": lambda: [pk],
        "principles:dots": lambda: [pk],
        "principles:edit": lambda: [pk, w.principle.pk],
        "principles:delete": lambda: [pk, w.principle.pk],
        "principles:move": lambda: [pk, w.principle.pk],
        "principles:source_remove": lambda: [pk, w.principle.pk, w.entry.pk],
        "principles:similar": lambda: [pk, w.entry.pk],
        "principles:prepare": lambda: [pk],
        "principles:groups": lambda: [pk],
        "principles:group_accept": lambda: [pk],
        "principles:levels": lambda: [pk],
        "principles:level_accept": lambda: [pk],
        "principles:charter": lambda: [pk],
        # Publishing needs a principle, comparing a published version.
        "principles:publish": lambda: [w.principle.workshop_id],
        "principles:diff": lambda: [w.version.workshop_id],
        "principles:share_create": lambda: [w.version.workshop_id],
        "principles:share_revoke": lambda: [pk, w.link.pk],
        "principles:export": lambda: [pk, "entries.csv"],
        "agreements:actions_export": lambda: [pk, "action-plan.csv"],
        "org:ai_literacy": lambda: [w.organisation.pk, "evidence.csv"],
        "charters:list": lambda: [],
        "charters:overview": lambda: [],
        "screening:list": lambda: [pk],
        "screening:merge": lambda: [pk],
        "screening:screen": lambda: [pk, w.use_case.pk],
        "screening:handled": lambda: [pk, w.use_case.pk, w.flag_rule.pk],
        "agreements:draft": lambda: [pk],
        "agreements:actions": lambda: [w.version.workshop_id],
        "agreements:action_edit": lambda: [w.version.workshop_id, w.action.pk],
        "agreements:review": lambda: [w.version.workshop_id],
        "consultation:list": lambda: [w.version.pk],
        "consultation:new": lambda: [w.version.pk],
        "consultation:remark": lambda: [w.version.pk, w.record.pk],
        "charters:version": lambda: [w.version.pk],
        "charters:pdf": lambda: [w.version.pk],
        "home": lambda: [],
        "join:code": lambda: [],
        "join_old": lambda: [],
        "join:workshop": lambda: [w.workshop.join_code],
        "phone:worksheet": lambda: [w.workshop.public_id],
        "phone:save": lambda: [w.workshop.public_id],
        "phone:submit": lambda: [w.workshop.public_id],
        "phone:status": lambda: [w.workshop.public_id],
        "phone:done": lambda: [w.workshop.public_id],
        "phone:vote": lambda: [w.workshop.public_id],
        "phone:review": lambda: [w.workshop.public_id],
        "agreements:followup": lambda: [pk],
        "agreements:followup_start": lambda: [w.version.workshop_id],
        "agreements:followup_counts": lambda: [pk],
        "agreements:followup_decide": lambda: [pk, w.principle.pk],
        "share:page": lambda: [w.link.token],
        "share:pdf": lambda: [w.link.token],
        "login": lambda: [],
        "signup": lambda: [],
        "signup_done": lambda: [],
        "signup_confirm": lambda: ["MQ", "wrong-token"],
        "invite": lambda: [w.invite.token],
        "igloo:cards": lambda: [],
        "set_language": lambda: [],
        "healthz": lambda: [],
    }


def _post_data(w: World) -> dict:
    workshop = w.workshop
    return {
        "workshops:new": lambda: {
            **edit_data(workshop),
            "organisation": w.organisation.pk,
            "title": "New one",
        },
        "workshops:edit": lambda: edit_data(workshop),
        "workshops:phase": lambda: {"phase": Phase.CLUSTERING},
        "workshops:delete": lambda: {"confirm": workshop.join_code},
        "org:invite_create": lambda: {"role": Role.FACILITATOR},
        "workshops:timer": lambda: {"minutes": 5, "label": "Spørgsmål 1"},
        "workshops:reveal": lambda: {"revealed": "1"},
        "workshops:joining": lambda: {"locked": "1"},
        "workshops:projector_mode": lambda: {"mode": "wall"},
        "workshops:entry_levels": lambda: {"levels": ["group"]},
        "workshops:entry_hide": lambda: {"hidden": "1"},
        "workshops:entry_approve": lambda: {"approved": "1"},
        "workshops:entry_edit": lambda: {"text": "Ny ordlyd"},
        "workshops:paper_new": lambda: {"display_name": "Papir"},
        "principles:merge": lambda: {"entries": [w.entry.pk], "principle": ""},
        "principles:group_accept": lambda: {"accept": "1", f"group-{w.entry.pk}": "1"},
        "principles:level_accept": lambda: {"threshold": "60"},
        "principles:dots": lambda: {"dots": 5},
        "principles:edit": lambda: {
            "title": "Changed by someone",
            "edit_version": w.principle.edit_version,
        },
        "principles:move": lambda: {"direction": "down"},
        "principles:charter": lambda: {
            "title": "Changed by someone",
            "date": "2027-01-01",
            "preamble": "Changed",
        },
        "agreements:actions": lambda: {
            "new-principle_key": w.version.content["principles"][0]["id"],
            "new-text": "Oplæring",
            "new-owner_role": "AMR",
            "new-status": "open",
        },
        "agreements:action_edit": lambda: {
            "principle_key": w.action.principle_key,
            "text": "Oplæring for alle",
            "owner_role": "AMR",
            "status": "in_progress",
            "status_note": "I gang",
        },
        "agreements:review": lambda: {"owner_role": "HR-chef", "next_review": "2027-12-01"},
        "consultation:new": lambda: {"forum": "su", "outcome": "noted"},
        "consultation:remark": lambda: {"text": "En bemærkning"},
        "screening:list": lambda: {"name": "Robot i køkkenet"},
        "screening:merge": lambda: {
            "use_cases": [
                w.use_case.pk,
                UseCase.objects.create(workshop=workshop, name="Copilot 2", aliases=["c2"]).pk,
            ]
        },
        "screening:screen": lambda: {"control": "yes"},
        "screening:handled": lambda: {"handled_on": "2026-12-01", "note": "Varslet"},
        "join:workshop": lambda: {"team": workshop.teams.first().pk, "display_name": "Ny"},
        "phone:vote": lambda: {"principle": w.principle.pk, "action": "add"},
        "phone:review": lambda: {f"answer_{w.principle.pk}": "yes"},
        "agreements:followup_decide": lambda: {"decision": "retire", "reason": "Forældet"},
        "series:new": lambda: {"name": "Ny serie", "template": series_world.template_of(w).pk},
        "series:template_new": lambda: series_world.template_data(w),
        "series:template_edit": lambda: series_world.template_data(w),
        "series:spawn": lambda: series_world.spawn_data(w),
        "series:scheme": lambda: series_world.scheme_data(w),
        "set_language": lambda: {"language": "en", "next": "/"},
    }


def call(client, name: str, method: str, htmx: bool, *, world: World):
    url = reverse(name, args=_args(world)[name]())
    if method == "post":
        data = _post_data(world).get(name, dict)()
    else:
        # The phone's poll with the phase it shows: answered with the room bar.
        data = {"phase": world.workshop.phase} if name == "phone:status" else {}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return url, getattr(client, method)(url, data, **extra)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "htmx", "statuses"),
    TABLE,
    ids=[f"{m}-{n}{'-htmx' if h else ''}" for n, m, h, _ in TABLE],
)
def test_access_table(request, organisation, workshop, owner, role, name, method, htmx, statuses):
    invite = Invite.objects.create(organisation=organisation, role=Role.MANAGER, created_by=owner)
    world = World(workshop=workshop, organisation=organisation, invite=invite, owner=owner)
    expected = expected_status(role, name, statuses, method)
    client = client_as(request, role)

    url, response = call(client, name, method, htmx, world=world)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    else:
        assert response.status_code == expected


def url_names(patterns, namespace: str = ""):
    """Every URL pattern of the project, by its name with its namespaces."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name or f'<unnamed {pattern.pattern}>'}"


def is_exempt(name: str) -> bool:
    return name in EXEMPT or name.split(":", 1)[0] + ":" in EXEMPT


def test_every_url_has_an_access_rule():
    names = set(url_names(config.urls.urlpatterns))

    assert {name for name in names if not is_exempt(name)} == {row[0] for row in TABLE}
    # Each exemption still names a URL, and none is also in the table.
    for exempt in EXEMPT:
        assert any(name == exempt or name.startswith(exempt) for name in names), exempt
    assert not [row[0] for row in TABLE if is_exempt(row[0])]
    assert all(len(row[3]) in (4, len(TABLE_ROLES)) for row in TABLE)


# Another organisation: 404, and nothing changes -----------------------------------


def test_facilitator_gets_404_for_every_url_of_another_organisations_workshop(
    owner, other_workshop, other_organisation, outsider
):
    invite = Invite.objects.create(
        organisation=other_organisation, role=Role.FACILITATOR, created_by=outsider
    )
    before = snapshot(other_workshop)
    client = client_for(owner)

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
        "organisation": client.get(reverse("org:detail", args=[other_organisation.pk])),
        "invite-create": client.post(
            reverse("org:invite_create", args=[other_organisation.pk]),
            {"role": Role.FACILITATOR},
        ),
        "invite-revoke": client.post(
            reverse("org:invite_revoke", args=[other_organisation.pk, invite.pk])
        ),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 404)
    for response in responses.values():
        assert other_workshop.title not in response.content.decode()
        assert other_workshop.join_code not in response.content.decode()
    assert snapshot(other_workshop) == before


def test_an_owner_can_not_revoke_another_organisations_invite_through_their_own(
    owner, organisation, other_organisation, outsider
):
    theirs = Invite.objects.create(
        organisation=other_organisation, role=Role.FACILITATOR, created_by=outsider
    )

    response = client_for(owner).post(
        reverse("org:invite_revoke", args=[organisation.pk, theirs.pk])
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_owner_revokes_their_own_invite(owner, organisation):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=owner
    )

    response = client_for(owner).post(
        reverse("org:invite_revoke", args=[organisation.pk, invite.pk]), follow=True
    )

    invite.refresh_from_db()
    assert invite.revoked_at is not None
    assert not invite.is_usable()
    assert invite.token not in response.content.decode()


def test_workshop_ids_do_not_leak_between_organisations(owner, outsider, workshop, other_workshop):
    # The same 404 for a workshop that exists elsewhere and one that does not.
    client = client_for(owner)
    missing = Workshop.objects.order_by("-pk").first().pk + 1000

    elsewhere = client.get(reverse("workshops:detail", args=[other_workshop.pk]))
    nowhere = client.get(reverse("workshops:detail", args=[missing]))

    assert elsewhere.status_code == nowhere.status_code == 404


# Managers: 403 on what changes things, and nothing changes ----------------------------


def test_manager_gets_403_on_pages_that_change_a_workshop_and_on_the_presenter(
    manager, workshop, organisation, owner
):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=owner
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
            reverse("org:invite_create", args=[organisation.pk]), {"role": Role.FACILITATOR}
        ),
        "invite-revoke": client.post(
            reverse("org:invite_revoke", args=[organisation.pk, invite.pk])
        ),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 403)
    assert workshop.join_code_display not in responses["presenter"].content.decode()
    assert snapshot(workshop) == before


def test_manager_sees_the_organisation_but_no_invitations(manager, organisation, owner):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=owner
    )

    page = client_for(manager).get(reverse("org:detail", args=[organisation.pk]))

    assert page.status_code == 200
    assert "Sygehus Øst" in page.content.decode()
    assert invite.token not in page.content.decode()
    assert reverse("org:invite_create", args=[organisation.pk]) not in (page.content.decode())


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
        reverse("org:detail", args=[organisation.pk]),
    ]
    posts = [
        (reverse("workshops:edit", args=[workshop.pk]), edit_data(workshop)),
        (reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.CLUSTERING}),
        (reverse("org:invite_create", args=[organisation.pk]), {"role": "manager"}),
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


def test_home_sends_phones_to_the_code_form_and_facilitators_to_the_dashboard(owner):
    assert client_for().get("/")["Location"] == reverse("join:code")
    assert client_for(owner).get("/")["Location"] == reverse("workshops:dashboard")


# State-changing views refuse GET ---------------------------------------------------------


def test_every_state_changing_view_answers_405_to_get(
    owner, organisation, workshop, phone, participant
):
    invite = Invite.objects.create(
        organisation=organisation, role=Role.FACILITATOR, created_by=owner
    )
    owner_client = client_for(owner)
    before = snapshot(workshop)

    refused = {
        "phase": owner_client.get(
            reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.CLUSTERING}
        ),
        "invite_create": owner_client.get(
            reverse("org:invite_create", args=[organisation.pk]), {"role": Role.MANAGER}
        ),
        "invite_revoke": owner_client.get(
            reverse("org:invite_revoke", args=[organisation.pk, invite.pk])
        ),
        "logout": owner_client.get(reverse("logout")),
        "phone:save": phone.get(reverse("phone:save", args=[workshop.public_id])),
        "phone:submit": phone.get(reverse("phone:submit", args=[workshop.public_id])),
        "invite_accept": client_for(owner).put(reverse("invite", args=[invite.token])),
        "edit-put": owner_client.put(reverse("workshops:edit", args=[workshop.pk])),
        "new-delete": owner_client.delete(reverse("workshops:new")),
        "detail-post": owner_client.post(reverse("workshops:detail", args=[workshop.pk])),
        "presenter-post": owner_client.post(reverse("workshops:presenter", args=[workshop.pk])),
        "status-post": phone.post(reverse("phone:status", args=[workshop.public_id])),
        "join_by_code-post": phone.post(reverse("join:code"), {"code": workshop.join_code}),
    }

    assert {name: r.status_code for name, r in refused.items()} == dict.fromkeys(refused, 405)
    assert snapshot(workshop) == before
    invite.refresh_from_db()
    assert (invite.accepted_at, invite.revoked_at) == (None, None)
    participant.refresh_from_db()
    assert participant.submitted_at is None
    assert owner_client.get(reverse("workshops:dashboard")).status_code == 200


# Every page parses -------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Closed by the next sibling or their parent's end when left open (HTML's own rules).
OPTIONAL_END = {"li", "p", "option", "tr", "td", "th", "dt", "dd", "thead", "tbody"}


class Structure(HTMLParser):
    """Balanced tags, and the text of <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.title = ""
        self.in_title = False
        self.tags_in_title = 0

    def handle_starttag(self, tag, attrs):
        if self.in_title:
            self.tags_in_title += 1
        if tag == "title":
            self.in_title = True
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in VOID:
            return
        while self.open and self.open[-1] != tag and self.open[-1] in OPTIONAL_END:
            self.open.pop()
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else '-'}>")
            return
        self.open.pop()

    def handle_data(self, data):
        if self.in_title:
            self.title += data


PAGES = [(name, htmx) for name, method, htmx, _ in TABLE if method == "get"]


@pytest.mark.parametrize(
    ("name", "htmx"), PAGES, ids=[f"{n}{'-htmx' if h else ''}" for n, h in PAGES]
)
def test_every_page_parses_and_its_title_is_plain_text(
    organisation, workshop, owner, phone, name, htmx
):
    invite = Invite.objects.create(organisation=organisation, role=Role.MANAGER, created_by=owner)
    world = World(workshop=workshop, organisation=organisation, invite=invite, owner=owner)
    public = name.startswith(("phone:", "join:", "share:", "join_old", "invite", "login", "signup"))
    client = phone if public else client_for(owner)

    _url, response = call(client, name, "get", htmx, world=world)

    if response.status_code in (301, 302, 304) or not response.get("Content-Type", "").startswith(
        "text/html"
    ):
        return  # a redirect, a file or a 304: nothing to parse
    assert response.status_code == 200
    page = Structure()
    page.feed(response.content.decode())
    page.close()
    assert page.problems == []
    remaining = [tag for tag in page.open if tag not in OPTIONAL_END]
    assert remaining == [], f"left open: {remaining}"
    if not htmx and "<html" in response.content.decode():
        assert page.title.strip(), "a page without a title"
        assert page.tags_in_title == 0 and "<" not in page.title
