"""Use cases screened against rules kept as data: each "yes" raises its own
flag, dates come from the data, flags stay off the projector and the phones,
and a manager reads them."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from principles.render import render_charter_html, render_charter_pdf
from screening import rules as rules_data
from screening.models import Answer, FlagHandling, FlagRule, ScreeningQuestion, UseCase
from screening.selectors import raised_rules, use_cases
from screening.services import screening_save, use_cases_sync
from tests.conftest import add_entry, client_for, phone_for
from tests.test_charter_pdf import build_charter, pdf_pages, squeeze, weasyprint  # noqa: F401
from workshops.models import Participant

KEYS = [q["key"] for q in rules_data.QUESTIONS]
CONDITIONAL = {q["key"]: q["requires_any"] for q in rules_data.QUESTIONS if q.get("requires_any")}


def all_rules():
    return list(FlagRule.objects.select_related("question"))


@pytest.mark.django_db
def test_the_data_is_loaded_with_a_flag_for_every_question():
    assert list(ScreeningQuestion.objects.values_list("key", flat=True)) == KEYS
    assert FlagRule.objects.count() == len(KEYS) >= 12
    for rule in all_rules():
        assert rule.url.startswith("https://")
        assert rule.reviewed_on == rules_data.REVIEWED


@pytest.mark.django_db
@pytest.mark.parametrize("key", KEYS)
def test_each_yes_raises_exactly_its_own_flag(key):
    rules = all_rules()
    mine = FlagRule.objects.get(question__key=key)
    answers = dict.fromkeys(KEYS, Answer.NO) | {key: Answer.YES}
    if key in CONDITIONAL:
        # Alone it raises nothing; with its condition, its flag and the condition's.
        assert raised_rules(answers, rules) == []
        condition = CONDITIONAL[key][0]
        answers[condition] = Answer.YES
        raised = raised_rules(answers, rules)
        assert {r.key for r in raised} == {
            mine.key,
            FlagRule.objects.get(question__key=condition).key,
        }
    else:
        assert raised_rules(answers, rules) == [mine]


@pytest.mark.django_db
def test_all_no_raises_nothing_and_dont_know_is_open(workshop, owner):
    case = UseCase.objects.create(workshop=workshop, name="Copilot", aliases=["copilot"])
    screening_save(use_case=case, answers=dict.fromkeys(KEYS, Answer.NO), user=owner)
    [found] = use_cases(workshop)
    assert found.flags == [] and found.open_questions == []
    screening_save(
        use_case=case, answers={**dict.fromkeys(KEYS, Answer.NO), "control": "unknown"}, user=owner
    )
    [found] = use_cases(workshop)
    assert found.flags == []
    assert [q.key for q in found.open_questions] == ["control"]


def test_use_cases_come_from_the_worksheets_and_merge(workshop, owner_client):
    for name in ["Copilot", "  copilot ", "Microsoft Copilot", "Talegenkendelse"]:
        Participant.objects.create(workshop=workshop, use_case=name, profession="Sekretær")
    page = owner_client.get(reverse("screening:list", args=[workshop.pk])).content.decode()
    cases = {c.name: c for c in UseCase.objects.filter(workshop=workshop)}
    assert set(cases) == {"Copilot", "Microsoft Copilot", "Talegenkendelse"}
    assert "2 worksheets" in page
    assert use_cases_sync(workshop) == 0
    # Copilot and Microsoft Copilot are one use case; its answers survive.
    screening_save(use_case=cases["Microsoft Copilot"], answers={"training": "yes"}, user=None)
    response = owner_client.post(
        reverse("screening:merge", args=[workshop.pk]),
        {"use_cases": [cases["Copilot"].pk, cases["Microsoft Copilot"].pk]},
    )
    assert response.status_code == 302
    [merged] = [c for c in use_cases(workshop) if c.name == "Copilot"]
    assert len(merged.sources) == 3
    assert [f.rule.key for f in merged.flags] == ["training-literacy"]
    assert UseCase.objects.filter(workshop=workshop).count() == 2
    # A new worksheet with an old spelling joins the merged use case.
    Participant.objects.create(workshop=workshop, use_case="MICROSOFT copilot")
    assert use_cases_sync(workshop) == 0
    # Merging one, or another workshop's, changes nothing and says why.
    refused = owner_client.post(
        reverse("screening:merge", args=[workshop.pk]), {"use_cases": [merged.pk]}, follow=True
    )
    assert "Tick two or more use cases" in refused.content.decode()
    # A name by hand, not twice.
    add = reverse("screening:list", args=[workshop.pk])
    assert owner_client.post(add, {"name": "Robot i køkkenet"}).status_code == 302
    twice = owner_client.post(add, {"name": "microsoft  COPILOT"})
    assert twice.status_code == 400
    assert "already on the list" in twice.content.decode()


def test_screening_a_monitoring_use_case_in_a_municipality(charter_world, owner_client):
    workshop, version, case = charter_world
    url = reverse("screening:screen", args=[workshop.pk, case.pk])
    answers = dict.fromkeys(KEYS, "no") | {"evaluate": "yes", "public": "yes"}
    assert owner_client.post(url, answers).status_code == 302
    page = owner_client.get(url).content.decode()
    assert "High-risk: inform MED/SU and the affected employees before use" in page
    assert "Fundamental-rights impact assessment before first use" in page
    assert "Applies from Dec. 2, 2027" in page or "Applies from 2 December 2027" in page
    html = render_charter_html(version)
    assert "Use cases that need special attention" in html
    assert "Måling af tempo" in html


def test_a_changed_date_in_the_data_changes_every_place_it_shows(charter_world, owner_client):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"evaluate": "yes"}, user=None)
    before = render_charter_html(version)
    assert "2027" in before
    # What a data migration does when the law moves a date.
    changed = copy.deepcopy(rules_data.QUESTIONS)
    for question in changed:
        if question["key"] == "evaluate":
            question["flag"]["date"] = datetime.date(2028, 8, 2)
    rules_data.sync(apps, questions=changed, reviewed_on=datetime.date(2028, 1, 5))
    page = owner_client.get(reverse("screening:screen", args=[workshop.pk, case.pk]))
    for text in (page.content.decode(), render_charter_html(version)):
        flags = text.split('class="screen-flags"')[1].split("</ul>")[0]
        assert "2028" in flags
        assert "2027" not in flags
    assert "2027" in before.split('class="screen-flags"')[1].split("</ul>")[0]


@pytest.mark.usefixtures("weasyprint")
def test_the_pdf_lists_the_flag_as_the_data_says(charter_world):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"evaluate": "yes"}, user=None)
    rule = FlagRule.objects.get(key="evaluate-high-risk")
    text = squeeze("\n".join(pdf_pages(render_charter_pdf(version)[2])))
    assert squeeze(rule.title_en) in text
    assert squeeze(rule.step_en) in text
    assert squeeze(rule.source_en) in text
    assert "2December2027" in text or "Dec.2,2027" in text


def test_flags_never_reach_the_projector_or_a_phone(charter_world, owner_client, workshop):
    screened, version, case = charter_world
    screening_save(use_case=case, answers={"emotion": "yes"}, user=None)
    person = Participant.objects.create(workshop=workshop, use_case="Måling af tempo")
    add_entry(person, "Kamera måler tempo på lageret")
    UseCase.objects.create(workshop=workshop, name="Måling af tempo", aliases=["måling af tempo"])
    screening_save(
        use_case=UseCase.objects.get(workshop=workshop), answers={"emotion": "yes"}, user=None
    )
    title = FlagRule.objects.get(key="emotion-prohibited").title_en
    board = owner_client.get(reverse("workshops:board", args=[workshop.pk])).content.decode()
    assert "monitoring? screen the use case" in board
    assert "1 flag to look at" in board
    for page in (
        owner_client.get(reverse("workshops:presenter", args=[workshop.pk])),
        owner_client.get(
            reverse("workshops:presenter", args=[workshop.pk]), HTTP_HX_REQUEST="true"
        ),
        phone_for(person).get(reverse("phone:worksheet", args=[workshop.public_id])),
    ):
        text = page.content.decode()
        assert title not in text
        assert "screen the use case" not in text
        assert "flag to look at" not in text


def test_a_manager_reads_the_screening_but_changes_nothing(charter_world, manager, owner):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"control": "yes"}, user=owner)
    client = client_for(manager)
    listing = client.get(reverse("screening:list", args=[workshop.pk])).content.decode()
    assert "Merge the selected use cases" not in listing
    url = reverse("screening:screen", args=[workshop.pk, case.pk])
    page = client.get(url).content.decode()
    assert "Notice of a control measure at least 6 weeks before it starts" in page
    assert "Save the screening" not in page and "Mark as handled" not in page
    assert client.post(url, {"control": "no"}).status_code == 403
    rule = FlagRule.objects.get(key="control-notice")
    handled = reverse("screening:handled", args=[workshop.pk, case.pk, rule.pk])
    assert client.post(handled, {"handled_on": "2026-12-01", "note": "x"}).status_code == 403
    assert not FlagHandling.objects.exists()


def test_a_handled_flag_stays_in_the_history(charter_world, owner_client):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"control": "yes"}, user=None)
    rule = FlagRule.objects.get(key="control-notice")
    url = reverse("screening:handled", args=[workshop.pk, case.pk, rule.pk])
    assert owner_client.post(url, {"handled_on": "", "note": ""}).status_code == 302
    assert not FlagHandling.objects.exists()
    owner_client.post(url, {"handled_on": "2026-12-01", "note": "Varslet på personalemødet"})
    [found] = [c for c in use_cases(workshop) if c.pk == case.pk]
    assert found.flags[0].handled and found.unhandled == 0
    html = render_charter_html(version)
    assert "Varslet på personalemødet" in html


@pytest.fixture
def charter_world(organisation, owner):
    workshop, version = build_charter(organisation, owner)
    Participant.objects.create(workshop=workshop, use_case="Måling af tempo", profession="Lager")
    use_cases_sync(workshop)
    case = UseCase.objects.get(workshop=workshop, name="Måling af tempo")
    return workshop, version, case
