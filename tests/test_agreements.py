"""After the workshop: consultation records, the representative's role, the
action plan, the review plan and its reminders, and what the charter's page
and PDF show of them."""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from agreements.models import Action, ConsultationRecord, RecordRemark, ReviewPlan, content_hash
from agreements.services import record_create, reminders_send
from core.errors import DomainError
from principles.render import render_charter_html, render_charter_pdf
from principles.services import charter_publish
from tests.conftest import client_for, make_user
from tests.test_charter_pdf import build_charter, pdf_pages, squeeze, weasyprint  # noqa: F401
from workshops.models import Invite, Role


@pytest.fixture
def charter(organisation, owner):
    return build_charter(organisation, owner)


@pytest.fixture
def representative(organisation):
    return make_user("amr@example.dk", organisation, Role.REPRESENTATIVE)


def record_data(version, **overrides) -> dict:
    first = version.content["principles"][0]
    data = {
        "forum": "med",
        "forum_name": "Hoved-MED",
        "forum_level": "Hovedudvalg",
        "informed_on": "2026-11-01",
        "discussed_on": "2026-11-10",
        "decided_on": "2026-11-20",
        "outcome": "agreed_remarks",
        "m0_name": "Lone Leder",
        "m0_role": "chair",
        "m0_present": "on",
        "m1_name": "Ali AMR",
        "m1_role": "amr",
        f"p{first['id']}_outcome": "not_agreed",
        f"p{first['id']}_disagreement": "Medarbejdersiden vil ikke have AI i vagtplanen.",
        "employee_remarks": "Vi følger op i APV'en.",
        "apv_update": "on",
        "apv_responsible": "AMR",
        "apv_due": "2027-02-01",
    }
    data.update(overrides)
    return data


def test_a_record_is_bound_to_the_version_and_can_not_be_changed(charter, owner):
    workshop, version = charter
    response = client_for(owner).post(
        reverse("consultation:new", args=[version.pk]), record_data(version)
    )
    assert response.status_code == 302
    record = ConsultationRecord.objects.get()
    assert record.content_hash == content_hash(version.content)
    assert record.matches_version
    assert record.members == [
        {"name": "Lone Leder", "role": "chair", "present": True},
        {"name": "Ali AMR", "role": "amr", "present": False},
    ]
    first = version.content["principles"][0]
    assert record.principle_outcomes == [
        {
            "id": first["id"],
            "title": first["title"],
            "outcome": "not_agreed",
            "disagreement": "Medarbejdersiden vil ikke have AI i vagtplanen.",
        }
    ]
    record.outcome = "agreed"
    with pytest.raises(ValueError, match="append-only"):
        record.save()
    assert ConsultationRecord.objects.get().outcome == "agreed_remarks"


def test_a_correction_is_a_new_record_and_both_stay_visible(charter, owner):
    workshop, version = charter
    client = client_for(owner)
    url = reverse("consultation:new", args=[version.pk])
    client.post(url, record_data(version))
    first = ConsultationRecord.objects.get()
    form = client.get(url + f"?corrects={first.pk}")
    assert 'value="Hoved-MED"' in form.content.decode()
    client.post(url, record_data(version, corrects=first.pk, decided_on="2026-11-21"))
    second = ConsultationRecord.objects.exclude(pk=first.pk).get()
    assert second.corrects == first
    page = client.get(reverse("consultation:list", args=[version.pk])).content.decode()
    assert page.count('<article class="record') == 2
    assert "A later record corrects this one" in page
    assert "Corrects the record made" in page


def test_no_url_edits_or_deletes_a_record_and_bulk_changes_are_refused(charter, owner):
    from django.urls import get_resolver

    from agreements.urls import consultation_urls

    workshop, version = charter
    client = client_for(owner)
    client.post(reverse("consultation:new", args=[version.pk]), record_data(version))
    record = ConsultationRecord.objects.get()
    remark = RecordRemark.objects.create(record=record, author=owner, text="Husk APV")
    before = ConsultationRecord.objects.values().get()

    # The records' URLs: a list, a new record (or a correction) and a remark.
    assert {p.name for p in consultation_urls[0]} == {"list", "new", "remark"}
    assert not [
        name
        for name in get_resolver().reverse_dict
        if isinstance(name, str) and "record" in name and "edit" in name
    ]
    base = reverse("consultation:list", args=[version.pk])
    changed = {**record_data(version), "outcome": "noted", "forum_name": "Ændret"}
    for path in [f"{base}{record.pk}/", f"{base}{record.pk}/edit/", f"{base}{record.pk}/delete/"]:
        assert client.post(path, changed).status_code == 404, path
    for method in (client.put, client.patch, client.delete):
        assert method(base).status_code == 405
    remark_url = reverse("consultation:remark", args=[version.pk, record.pk])
    assert client.get(remark_url).status_code == 405
    assert ConsultationRecord.objects.values().get() == before

    # Nor from code: save, update and delete are refused, one row or many.
    record.outcome = "noted"
    with pytest.raises(ValueError, match="append-only"):
        record.save()
    with pytest.raises(TypeError, match="append-only"):
        ConsultationRecord.objects.filter(pk=record.pk).update(outcome="noted")
    with pytest.raises(TypeError, match="append-only"):
        ConsultationRecord.objects.all().delete()
    with pytest.raises(TypeError, match="append-only"):
        record.delete()
    with pytest.raises(TypeError, match="append-only"):
        RecordRemark.objects.update(text="Ændret")
    with pytest.raises(TypeError, match="append-only"):
        remark.delete()
    assert ConsultationRecord.objects.values().get() == before
    assert RecordRemark.objects.get().text == "Husk APV"
    # Deleting the workshop still takes its records with it.
    workshop.delete()
    assert not ConsultationRecord.objects.exists() and not RecordRemark.objects.exists()


def test_bad_records_change_nothing_and_say_why(charter, owner):
    workshop, version = charter
    client = client_for(owner)
    url = reverse("consultation:new", args=[version.pk])
    wrong_order = client.post(url, record_data(version, informed_on="2026-12-01"))
    assert wrong_order.status_code == 400
    assert "The dates must run in order" in wrong_order.content.decode()
    first = version.content["principles"][0]
    silent = client.post(url, record_data(version, **{f"p{first['id']}_disagreement": ""}))
    assert silent.status_code == 400
    assert "Record the disagreement on" in silent.content.decode()
    # What was typed is still in the form.
    assert "Vi følger op i APV&#x27;en." in silent.content.decode()
    no_role = client.post(url, record_data(version, m2_name="Uden rolle"))
    assert no_role.status_code == 400
    assert "Give the person&#x27;s role." in no_role.content.decode()
    other = build_charter(version.workshop.organisation, owner)[1]
    record = record_create(
        version=other, user=owner, forum="su", outcome="noted", principle_outcomes=[]
    )
    assert client.post(url, {**record_data(version), "corrects": record.pk}).status_code == 404
    with pytest.raises(DomainError):
        record_create(version=version, user=owner, corrects=record, forum="su", outcome="noted")
    assert ConsultationRecord.objects.filter(version=version).count() == 0


def test_a_new_version_is_not_consulted_yet_and_the_old_keeps_its_records(charter, owner):
    workshop, version = charter
    client = client_for(owner)
    client.post(reverse("consultation:new", args=[version.pk]), record_data(version))
    second = charter_publish(workshop=workshop, user=owner, notify=False)
    assert version.consultations.count() == 1
    assert second.consultations.count() == 0
    page = client.get(reverse("principles:charter", args=[workshop.pk])).content.decode()
    assert "Version 2 has not been through consultation yet" in page
    assert "Consultation: 1 record" in page
    new_html = render_charter_html(second)
    assert "Version 2 has not been through consultation yet." in new_html
    old_html = render_charter_html(version)
    assert "Adopted by" in old_html and "MED committee" in old_html
    assert "Consideration in the cooperation bodies" in old_html


@pytest.mark.usefixtures("weasyprint")
@pytest.mark.parametrize(
    ("outcome", "shown"), [("discussed", "discussed"), ("not_agreed", "not agreed")]
)
def test_a_version_consulted_but_not_adopted_says_how_it_was_considered(
    charter, owner, manager, outcome, shown
):
    workshop, version = charter
    record_create(
        version=version,
        user=owner,
        forum="su",
        forum_name="SU Nord",
        informed_on=datetime.date(2026, 11, 2),
        discussed_on=datetime.date(2026, 11, 12),
        outcome=outcome,
        disagreement="Uenige om vagtplanen." if outcome == "not_agreed" else "",
        principle_outcomes=[],
    )
    page = client_for(manager).get(reverse("charters:version", args=[version.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "has not been through consultation yet" not in html
    assert "Considered by" in html and "SU Nord" in html
    assert f"Outcome</strong> {shown}" in html
    assert "Adopted by" not in html
    text = squeeze("\n".join(pdf_pages(render_charter_pdf(version)[2])))
    assert "hasnotbeenthroughconsultation" not in text
    assert "ConsideredbyCooperationcommittee(SU)(SUNord)" in text
    assert "November12,2026" in text or "Nov.12,2026" in text
    assert "Outcome" + shown.replace(" ", "") in text


def test_a_later_record_that_only_notes_the_version_does_not_undo_its_adoption(
    charter, owner, manager
):
    workshop, version = charter
    record_create(
        version=version,
        user=owner,
        forum="med",
        forum_name="Hoved-MED",
        decided_on=datetime.date(2026, 3, 1),
        outcome="agreed",
        principle_outcomes=[],
    )
    record_create(
        version=version,
        user=owner,
        forum="amo",
        discussed_on=datetime.date(2026, 3, 10),
        outcome="noted",
        principle_outcomes=[],
    )

    html = client_for(manager).get(reverse("charters:version", args=[version.pk])).content.decode()

    front = html[: html.index("Consideration in the cooperation bodies")]
    assert "Adopted by</strong> MED committee (Hoved-MED)" in front
    assert "Considered by</strong> Work-environment organisation" in front
    assert "Outcome</strong> noted" in front
    assert "has not been through consultation yet" not in front


def test_the_representative_reads_and_remarks_but_edits_nothing(charter, owner, representative):
    workshop, version = charter
    record = record_create(
        version=version, user=owner, forum="amo", outcome="discussed", principle_outcomes=[]
    )
    client = client_for(representative)
    draft = client.get(reverse("agreements:draft", args=[workshop.pk]))
    assert draft.status_code == 200
    assert version.content["principles"][0]["title"] in draft.content.decode()
    # No names of the room's participants anywhere on the draft.
    assert "Person 0" not in draft.content.decode()
    assert (
        client.get(reverse("workshops:dashboard"))
        .content.decode()
        .count(reverse("agreements:draft", args=[workshop.pk]))
    )
    remark = client.post(
        reverse("consultation:remark", args=[version.pk, record.pk]),
        {"text": "AMR: husk oplæring."},
    )
    assert remark.status_code == 302
    assert RecordRemark.objects.get().author_role == Role.REPRESENTATIVE
    # A representative without a name is shown by role, never by e-mail address.
    assert RecordRemark.objects.get().signature == (
        representative.get_full_name() or "Employee representative"
    )
    assert (
        representative.email
        not in client.get(reverse("consultation:list", args=[version.pk])).content.decode()
    )
    for name, args in [
        ("principles:charter", [workshop.pk]),
        ("workshops:board", [workshop.pk]),
        ("consultation:new", [version.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    # The review plan is read-only for a representative.
    review_url = reverse("agreements:review", args=[workshop.pk])
    review = client.get(review_url)
    assert review.status_code == 200
    assert "Save the review plan" not in review.content.decode()
    assert (
        client.post(review_url, {"owner_role": "AMR", "next_review": "2027-01-01"}).status_code
        == 403
    )
    assert not ReviewPlan.objects.exists()
    assert client.post(reverse("principles:publish", args=[workshop.pk])).status_code == 403
    # A representative is invited like the other roles.
    invite = client_for(owner).post(
        reverse("org:invite_create", args=[workshop.organisation_id]),
        {"role": Role.REPRESENTATIVE},
    )
    assert invite.status_code == 302
    assert Invite.objects.filter(role=Role.REPRESENTATIVE).exists()


def test_the_manager_reads_records_but_can_not_remark(charter, owner, manager):
    workshop, version = charter
    record = record_create(
        version=version, user=owner, forum="su", outcome="noted", principle_outcomes=[]
    )
    client = client_for(manager)
    page = client.get(reverse("consultation:list", args=[version.pk])).content.decode()
    assert "Cooperation committee (SU)" in page
    assert "Add a remark" not in page
    response = client.post(
        reverse("consultation:remark", args=[version.pk, record.pk]), {"text": "Nej"}
    )
    assert response.status_code == 403
    assert not RecordRemark.objects.exists()


def test_actions_need_a_reason_to_leave_open_and_show_when_overdue(charter, owner, manager):
    workshop, version = charter
    client = client_for(owner)
    first = version.content["principles"][0]
    url = reverse("agreements:actions", args=[workshop.pk])
    response = client.post(
        url,
        {
            "new-principle_key": first["id"],
            "new-text": "Oplæring i Copilot for alle sekretærer",
            "new-owner_role": "afdelingsleder",
            "new-due": "2026-12-01",
            "new-status": "open",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.principle_title == first["title"]
    edit = reverse("agreements:action_edit", args=[workshop.pk, action.pk])
    data = {
        "principle_key": first["id"],
        "text": action.text,
        "owner_role": "afdelingsleder",
        "due": "2026-12-01",
        "status": "dropped",
    }
    refused = client.post(edit, data)
    assert refused.status_code == 400
    assert "Say in a few words why the status changes." in refused.content.decode()
    assert Action.objects.get().status == "open"
    with time_machine.travel(datetime.datetime(2026, 12, 5, 12, tzinfo=datetime.UTC)):
        overview = client_for(manager).get(reverse("charters:overview")).content.decode()
        assert "Oplæring i Copilot" in overview
        assert "1 overdue" in overview
        plan = client_for(manager).get(url)
        assert plan.status_code == 200
        assert "Add an action" not in plan.content.decode()
        assert client_for(manager).post(url, {}).status_code == 403
    assert client.post(edit, {**data, "status_note": "Erstattet af e-læring"}).status_code == 302
    assert Action.objects.get().status == "dropped"


def test_an_action_answers_a_consultation_record_of_the_charter(
    charter, owner, manager, other_organisation, outsider
):
    workshop, version = charter
    record = record_create(
        version=version,
        user=owner,
        forum="su",
        forum_name="SU Nord",
        decided_on=datetime.date(2026, 11, 20),
        outcome="not_agreed",
        disagreement="Vagtplanen",
        principle_outcomes=[],
    )
    _other_workshop, other_version = build_charter(other_organisation, outsider)
    elsewhere = record_create(
        version=other_version, user=outsider, forum="amo", outcome="noted", principle_outcomes=[]
    )
    first = version.content["principles"][0]
    url = reverse("agreements:actions", args=[workshop.pk])
    client = client_for(owner)
    page = client.get(url).content.decode()
    # The choice names the forum, the date and the version; no other charter's.
    assert "Cooperation committee (SU): SU Nord, 11/20/2026 (version 1)" in page
    record_select = page.split('name="new-record"')[1].split("</select>")[0]
    assert f'value="{record.pk}"' in record_select
    assert f'value="{elsewhere.pk}"' not in record_select
    data = {
        "new-principle_key": first["id"],
        "new-text": "Ny drøftelse af vagtplanen",
        "new-owner_role": "HR-chef",
        "new-status": "open",
        "new-answers": "APV punkt 4",
    }
    refused = client.post(url, {**data, "new-record": elsewhere.pk})
    assert refused.status_code == 400
    assert not Action.objects.exists()
    assert client.post(url, {**data, "new-record": record.pk}).status_code == 302
    action = Action.objects.get()
    assert (action.record, action.answers) == (record, "APV punkt 4")
    # The plan links the record, for a manager too, and the export names it.
    plan = client_for(manager).get(url).content.decode()
    link = reverse("consultation:list", args=[version.pk]) + f"#record-{record.pk}"
    assert f'href="{link}"' in plan
    assert (
        f'id="record-{record.pk}"'
        in client_for(manager).get(reverse("consultation:list", args=[version.pk])).content.decode()
    )
    export = client_for(manager).get(
        reverse("agreements:actions_export", args=[workshop.pk, "action-plan.csv"])
    )
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "SU Nord, 11/20/2026 (version 1) · APV punkt 4" in content
    # Editing keeps the choice, and can drop it.
    edit = reverse("agreements:action_edit", args=[workshop.pk, action.pk])
    assert f'value="{record.pk}" selected' in client.get(edit).content.decode()
    client.post(
        edit,
        {
            "principle_key": first["id"],
            "text": action.text,
            "owner_role": "HR-chef",
            "status": "open",
            "record": "",
        },
    )
    assert Action.objects.get().record is None


def test_the_review_plan_defaults_to_a_year_and_reminds_the_owner_once_each(
    charter, owner, manager
):
    workshop, version = charter
    client = client_for(owner)
    url = reverse("agreements:review", args=[workshop.pk])
    page = client.get(url).content.decode()
    published = timezone.localdate(version.published_at)
    year_on = (published + datetime.timedelta(days=365)).isoformat()
    assert f'value="{year_on}"' in page
    # The owner must belong to the organisation.
    stranger = make_user("stranger@example.dk")
    refused = client.post(
        url, {"owner_role": "HR-chef", "owner": stranger.pk, "next_review": "2027-06-01"}
    )
    assert refused.status_code == 400
    assert not ReviewPlan.objects.exists()
    client.post(url, {"owner_role": "HR-chef", "owner": manager.pk, "next_review": "2027-06-01"})
    plan = ReviewPlan.objects.get()
    assert (plan.owner, plan.next_review) == (manager, datetime.date(2027, 6, 1))
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2027, 5, 2, 6, tzinfo=datetime.UTC)):
        call_command("send_review_reminders")
        call_command("send_review_reminders")
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "due for review on" in mail.outbox[0].subject
    with time_machine.travel(datetime.datetime(2027, 5, 20, 6, tzinfo=datetime.UTC)):
        assert reminders_send().sent == 0
    with time_machine.travel(datetime.datetime(2027, 6, 1, 6, tzinfo=datetime.UTC)):
        assert reminders_send().sent == 1
        assert reminders_send().sent == 0
        overview = client_for(manager).get(reverse("charters:overview")).content.decode()
        assert workshop.title in overview
    assert "due for review today" in mail.outbox[1].subject
    assert reverse("agreements:review", args=[workshop.pk]) in mail.outbox[1].body
    # The owner, a manager, can open the link the e-mail gives.
    for message in mail.outbox:
        link = re.search(r"https?://\S+|/workshops/\S+", message.body).group(0)
        opened = client_for(manager).get(urlsplit(link).path)
        assert opened.status_code == 200, link
        html = opened.content.decode()
        assert "June 1, 2027" in html and "HR-chef" in html
        assert "Save the review plan" not in html
        assert reverse("charters:version", args=[version.pk]) in html


def test_a_reminder_whose_mail_fails_is_tried_again_the_next_day(
    charter, manager, monkeypatch, caplog
):
    from agreements import services

    workshop, _version = charter
    ReviewPlan.objects.create(
        charter=workshop, owner=manager, owner_role="HR-chef", next_review=datetime.date(2027, 6, 1)
    )

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no SMTP server")

    with time_machine.travel(datetime.datetime(2027, 6, 1, 6, tzinfo=datetime.UTC)):
        with monkeypatch.context() as patch:
            patch.setattr(services, "send_mail", broken)
            out, err = io.StringIO(), io.StringIO()
            call_command("send_review_reminders", stdout=out, stderr=err)
        assert "0 reminder(s) sent." in out.getvalue()
        assert "Not sent, tried again on the next run" in err.getvalue()
        assert "was not sent" in caplog.text
        plan = ReviewPlan.objects.get()
        assert plan.reminded_due_for is None
        assert not mail.outbox
    with time_machine.travel(datetime.datetime(2027, 6, 2, 6, tzinfo=datetime.UTC)):
        assert reminders_send().sent == 1
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert ReviewPlan.objects.get().reminded_due_for == datetime.date(2027, 6, 1)


def test_a_review_without_a_person_is_listed_as_no_one_to_remind(charter, owner, manager):
    workshop, version = charter
    ReviewPlan.objects.create(
        charter=workshop, owner_role="HR-chef", next_review=datetime.date(2027, 6, 1)
    )
    with time_machine.travel(datetime.datetime(2027, 5, 20, 6, tzinfo=datetime.UTC)):
        out = io.StringIO()
        call_command("send_review_reminders", stdout=out)
        assert "0 reminder(s) sent." in out.getvalue()
        assert f"No one to remind: {workshop.title}" in out.getvalue()
        page = client_for(manager).get(reverse("charters:overview")).content.decode()
    assert not mail.outbox
    due = page.split("Charters due for review")[1].split("</section>")[0]
    # The charter's own title, linked to its review plan, and who is reminded.
    assert version.content["title"] in due
    assert reverse("agreements:review", args=[workshop.pk]) in due
    assert "no one to remind" in due
    review = client_for(owner).get(reverse("agreements:review", args=[workshop.pk]))
    assert "no one is reminded of the review" in review.content.decode()


def test_a_review_date_in_the_past_is_refused_and_an_overdue_one_says_so(charter, owner, manager):
    workshop, _version = charter
    url = reverse("agreements:review", args=[workshop.pk])
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)):
        client = client_for(owner)
        refused = client.post(
            url, {"owner_role": "HR-chef", "owner": manager.pk, "next_review": "1900-01-01"}
        )
        assert refused.status_code == 400
        assert "That date has passed" in refused.content.decode()
        assert not ReviewPlan.objects.exists()
        saved = client.post(
            url, {"owner_role": "HR-chef", "owner": manager.pk, "next_review": "2027-03-01"}
        )
        assert saved.status_code == 302
    # Weeks later the plan is overdue: it can still be saved as it is, and
    # the reminder says it is overdue, not due today.
    with time_machine.travel(datetime.datetime(2027, 4, 10, 9, tzinfo=datetime.UTC)):
        kept = client_for(owner).post(
            url,
            {
                "owner_role": "HR-chef",
                "owner": manager.pk,
                "next_review": "2027-03-01",
                "triggers": "Ny AI i vagtplanen",
            },
        )
        assert kept.status_code == 302
        mail.outbox.clear()
        ReviewPlan.objects.update(reminded_due_for=None, reminded_before_for=None)
        assert reminders_send().sent == 1
    subject = mail.outbox[0].subject
    assert "overdue for review" in subject and "March 1, 2027" in subject
    assert "today" not in subject


@pytest.mark.usefixtures("weasyprint")
def test_the_pdf_carries_adoption_review_records_actions_and_a_wall_version(charter, owner):
    workshop, version = charter
    client_for(owner).post(reverse("consultation:new", args=[version.pk]), record_data(version))
    ReviewPlan.objects.create(charter=workshop, next_review=datetime.date(2027, 11, 20))
    first = version.content["principles"][0]
    Action.objects.create(
        charter=workshop,
        principle_key=first["id"],
        principle_title=first["title"],
        text="Ny instruks om journalnotater",
        owner_role="AMR",
    )
    text = squeeze("\n".join(pdf_pages(render_charter_pdf(version)[2])))
    for expected in [
        "AdoptedbyMEDcommittee(Hoved-MED)",
        "Nextreview",
        "Considerationinthecooperationbodies",
        "Medarbejdersidenvilikke",
        "Actionplan",
        "Nyinstruksomjournalnotater",
        "1dot",
        "Punkt1om",
    ]:
        assert expected in text, expected
    wall = squeeze("\n".join(pdf_pages(render_charter_pdf(version, wall=True)[2])))
    assert "AdoptedbyMEDcommittee" in wall
    assert "1dot" not in wall
    assert "Punkt1om" not in wall


def test_a_stored_pdf_is_made_again_when_a_record_is_added(charter, owner, monkeypatch):
    from principles import render as render_module

    workshop, version = charter
    calls = []

    def fake(v, wall=False):
        calls.append((v.pk, wall))
        return "x.pdf", "application/pdf", b"%PDF-fake"

    monkeypatch.setattr(render_module, "render_charter_pdf", fake)
    client = client_for(owner)
    url = reverse("charters:pdf", args=[version.pk])
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    client.post(reverse("consultation:new", args=[version.pk]), record_data(version))
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    client.get(url + "?print=wall")
    assert calls == [(version.pk, False), (version.pk, False), (version.pk, True)]


@pytest.mark.django_db
def test_the_demo_charter_has_a_life_after_the_workshop(mailoutbox):
    with pytest.raises(CommandError, match="demo_workshop first"):
        call_command("demo_after_workshop")
    call_command("demo_workshop", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_after_workshop", stdout=out)
    call_command("demo_after_workshop", stdout=io.StringIO())
    assert "amr@example.dk" in out.getvalue()
    record = ConsultationRecord.objects.get()
    assert record.matches_version
    assert Action.objects.filter(charter=record.version.workshop).count() == 3
    assert ReviewPlan.objects.get().charter == record.version.workshop
    representative = client_for(get_user_model().objects.get(username="amr@example.dk"))
    page = representative.get(reverse("consultation:list", args=[record.version.pk]))
    assert "Hoved-MED" in page.content.decode()
    assert mailoutbox == []


def test_an_action_before_anything_is_published_is_refused_with_a_message(workshop, owner):
    response = client_for(owner).post(
        reverse("agreements:actions", args=[workshop.pk]),
        {"new-text": "Oplæring", "new-owner_role": "AMR", "new-status": "open"},
        follow=True,
    )
    assert "Publish the charter first: actions answer its principles." in response.content.decode()
    assert not Action.objects.exists()
