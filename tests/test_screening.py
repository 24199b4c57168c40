"""Use cases screened against rules kept as data: each "yes" raises its own
flag, dates come from the data, flags stay off the projector and the phones,
and a manager reads them."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from principles.render import (
    charter_sections,
    pdf_etag,
    render_charter_html,
    render_charter_pdf,
    stored_charter_pdf,
)
from screening import rules as rules_data
from screening.models import (
    Answer,
    FlagHandling,
    FlagRule,
    Screening,
    ScreeningQuestion,
    UseCase,
)
from screening.selectors import raised_rules, use_cases
from screening.services import screening_save, use_cases_sync
from screening.templatetags.screening_tags import suggests_monitoring
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
        assert rule.reviewed_on == rules_data.REVIEWED == datetime.date(2026, 11, 30)
        for source in rule.more_sources:
            assert source["url_da"].startswith("https://")
        # The AI Act's dates are the amended ones, so its links go to the
        # consolidated text of 27 July 2026, not the original.
        if rule.source_en.startswith("AI Act"):
            assert rule.url_en == "https://eur-lex.europa.eu/eli/reg/2024/1689/2026-07-27/eng"
            assert rule.url_da == "https://eur-lex.europa.eu/eli/reg/2024/1689/2026-07-27/dan"
    # The SU/MED rule names the MED agreement beside the private sector's.
    agenda = FlagRule.objects.get(key="substantial-agenda")
    with translation.override("da"):
        texts = [s["text"] for s in agenda.sources]
    assert texts == [
        "Privat sektor: Samarbejdsaftalen § 2",
        "Kommuner og regioner: MED-rammeaftalen § 7",
    ]
    assert agenda.more_sources[0]["url_da"].startswith("https://fho.dk/med/")


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
def test_profiling_alone_raises_nothing_and_keeps_an_annex_iii_use_high_risk():
    rules = all_rules()
    no = dict.fromkeys(KEYS, Answer.NO)
    assert raised_rules(no | {"profiling": Answer.YES}, rules) == []
    for point_4 in ("recruitment", "terms", "tasks", "evaluate"):
        raised = raised_rules(no | {"profiling": Answer.YES, point_4: Answer.YES}, rules)
        assert "profiling-stays-high-risk" in {r.key for r in raised}
    # Nor with a "yes" that is not Annex III point 4.
    assert raised_rules(no | {"profiling": Answer.YES, "control": Answer.YES}, rules) == [
        FlagRule.objects.get(key="control-notice")
    ]


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
    assert "Named on 2 worksheets" in page
    assert "choose the name to keep" in page
    assert f'name="keep" value="{cases["Copilot"].pk}"' in page
    assert use_cases_sync(workshop) == 0
    # Both were screened: the kept name's "no" and the other's "yes" make a
    # "yes"; a "don't know" beats a "no"; an answer only one gave is kept.
    screening_save(
        use_case=cases["Copilot"],
        answers={"training": "no", "control": "no", "emotion": "no"},
        user=None,
    )
    screening_save(
        use_case=cases["Microsoft Copilot"],
        answers={"training": "yes", "control": "unknown", "work-change": "no"},
        user=None,
    )
    # Without a name to keep, nothing is merged.
    refused = owner_client.post(
        reverse("screening:merge", args=[workshop.pk]),
        {"use_cases": [cases["Copilot"].pk, cases["Microsoft Copilot"].pk]},
        follow=True,
    )
    assert "Choose which name to keep." in refused.content.decode()
    # A name to keep that is no choice says what is wrong, too.
    refused = owner_client.post(
        reverse("screening:merge", args=[workshop.pk]),
        {"use_cases": [cases["Copilot"].pk, cases["Microsoft Copilot"].pk], "keep": "999999"},
        follow=True,
    )
    assert 'class="messages"' in refused.content.decode()
    assert "valid choice" in refused.content.decode()
    assert UseCase.objects.filter(workshop=workshop).count() == 3
    # The facilitator keeps the name lower in the list.
    response = owner_client.post(
        reverse("screening:merge", args=[workshop.pk]),
        {
            "use_cases": [cases["Copilot"].pk, cases["Microsoft Copilot"].pk],
            "keep": cases["Microsoft Copilot"].pk,
        },
        follow=True,
    )
    assert "Merged into “Microsoft Copilot”." in response.content.decode()
    [merged] = [c for c in use_cases(workshop) if c.name == "Microsoft Copilot"]
    assert not UseCase.objects.filter(pk=cases["Copilot"].pk).exists()
    assert len(merged.sources) == 3
    assert merged.answers == {
        "training": "yes",
        "control": "unknown",
        "emotion": "no",
        "work-change": "no",
    }
    assert Screening.objects.count() == 1
    assert [f.rule.key for f in merged.flags] == ["training-literacy"]
    assert [q.key for q in merged.open_questions] == ["control"]
    assert UseCase.objects.filter(workshop=workshop).count() == 2
    # A new worksheet with an old spelling joins the merged use case.
    Participant.objects.create(workshop=workshop, use_case="copilot")
    assert use_cases_sync(workshop) == 0
    # Merging one, or another workshop's, changes nothing and says why.
    refused = owner_client.post(
        reverse("screening:merge", args=[workshop.pk]),
        {"use_cases": [merged.pk], "keep": merged.pk},
        follow=True,
    )
    assert "Tick two or more use cases" in refused.content.decode()
    # The kept name's radio alone, with one other ticked, is enough.
    other = UseCase.objects.get(workshop=workshop, name="Talegenkendelse")
    owner_client.post(
        reverse("screening:merge", args=[workshop.pk]),
        {"use_cases": [other.pk], "keep": merged.pk},
    )
    assert list(UseCase.objects.filter(workshop=workshop).values_list("name", flat=True)) == [
        "Microsoft Copilot"
    ]
    # A name by hand, not twice.
    add = reverse("screening:list", args=[workshop.pk])
    assert owner_client.post(add, {"name": "Robot i køkkenet"}).status_code == 302
    twice = owner_client.post(add, {"name": "microsoft  COPILOT"})
    assert twice.status_code == 400
    assert "already on the list" in twice.content.decode()


def test_the_cards_behind_a_use_case_show_without_names(workshop, owner_client, manager):
    person = Participant.objects.create(
        workshop=workshop, use_case="Skærmovervågning", display_name="Hanne Hemmelig"
    )
    shown = add_entry(person, "Vi får målt tiden ved skærmen")
    hidden = add_entry(person, "Skjult kort")
    hidden.hidden = True
    hidden.save()
    add_entry(Participant.objects.create(workshop=workshop, use_case="Andet"), "Andet kort")
    listing = owner_client.get(reverse("screening:list", args=[workshop.pk])).content.decode()
    case = UseCase.objects.get(workshop=workshop, name="Skærmovervågning")
    screen_url = reverse("screening:screen", args=[workshop.pk, case.pk])
    for page in (listing, owner_client.get(screen_url).content.decode()):
        assert "1 card behind it" in page
        assert "Vi får målt tiden ved skærmen" in page
        assert "Skjult kort" not in page
        assert "Hanne Hemmelig" not in page
    assert "Andet kort" not in owner_client.get(screen_url).content.decode()
    # The board's hint leads to the card's own use case.
    hint = owner_client.get(reverse("screening:list", args=[workshop.pk]), {"entry": shown.pk})
    assert hint.status_code == 302 and hint["Location"] == screen_url
    # A card of another use case, or no card, leads to the list.
    assert (
        owner_client.get(
            reverse("screening:list", args=[workshop.pk]), {"entry": 999999}
        ).status_code
        == 200
    )
    # A manager reads the flags, but not the cards or who named it: a use case
    # named on one worksheet would be one person's worksheet.
    person.profession = "Sygeplejerske"
    person.save()
    page = client_for(manager).get(screen_url).content.decode()
    assert "Named on 1 worksheet" in page
    assert "Vi får målt tiden ved skærmen" not in page and "Sygeplejerske" not in page
    listing = client_for(manager).get(reverse("screening:list", args=[workshop.pk]))
    assert "Vi får målt tiden ved skærmen" not in listing.content.decode()
    assert "Sygeplejerske" in owner_client.get(screen_url).content.decode()


@pytest.mark.parametrize(
    "text",
    [
        "Skærmovervågning af hjemmearbejdet",
        "Trivselsmålinger hver uge",
        "Tidsmåling på lageret",
        "Videoovervågning i kantinen",
        "Kamera måler tempo",
        "Produktivitetsscore pr. medarbejder",
        "Tonefald i opkald",
        "Toneleje i callcentret",
        "GPS-sporing af bilerne",
        "Bevægelsessensorer i gangen",
        "Webkameraet er altid tændt",
        "Hvor meget de måles på",
    ],
)
def test_monitoring_words_give_the_hint(text):
    assert suggests_monitoring(text)


@pytest.mark.parametrize(
    "text",
    [
        "Målet er at spare tid",
        "Målene for næste år",
        "Vi skal nå vores mål",
        "En målrettet indsats",
        "Vi vil betone fagligheden",
        "Ny toner til printeren",
        "",
    ],
)
def test_goals_and_other_words_give_no_hint(text):
    assert not suggests_monitoring(text)


def test_screening_a_monitoring_use_case_in_a_municipality(charter_world, owner_client):
    workshop, version, case = charter_world
    url = reverse("screening:screen", args=[workshop.pk, case.pk])
    answers = dict.fromkeys(KEYS, "no") | {"evaluate": "yes", "public": "yes"}
    assert owner_client.post(url, answers).status_code == 302
    page = owner_client.get(url).content.decode()
    assert "Monitoring and evaluation: inform MED/SU and the affected employees before use" in page
    assert "High-risk" in page
    assert "Fundamental-rights impact assessment before first use" in page
    assert "Applies from Dec. 2, 2027" in page or "Applies from 2 December 2027" in page
    html = render_charter_html(version)
    assert "Use cases that need special attention" in html
    assert "Måling af tempo" in html


def migration_apps():
    """The models as a data migration sees them (the historical ones)."""
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(executor.loader.graph.leaf_nodes("screening")).apps


@pytest.mark.usefixtures("weasyprint")
def test_a_changed_date_in_the_data_changes_every_place_it_shows(charter_world, owner_client):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"evaluate": "yes"}, user=None)
    old = datetime.date(2027, 12, 2)
    new = datetime.date(2028, 8, 2)
    before = render_charter_html(version)
    before_etag = pdf_etag(version)
    before_pdf = squeeze("\n".join(pdf_pages(stored_charter_pdf(version)[2])))

    def shown(when):
        return squeeze(date_filter(when, "DATE_FORMAT"))

    assert shown(old) in before_pdf
    # What a data migration does when the law moves a date: the data with the
    # new date, synced with the historical models.
    changed = copy.deepcopy(rules_data.QUESTIONS)
    for question in changed:
        if question["key"] == "evaluate":
            question["flag"]["date"] = new
    rules_data.sync(migration_apps(), questions=changed, reviewed_on=datetime.date(2028, 1, 5))
    assert FlagRule.objects.get(key="evaluate-high-risk").date == new
    screen = owner_client.get(reverse("screening:screen", args=[workshop.pk, case.pk]))
    listing = owner_client.get(reverse("screening:list", args=[workshop.pk]))
    for text in (screen.content.decode(), render_charter_html(version)):
        flags = text.split('class="screen-flags"')[1].split("</ul>")[0]
        assert "2028" in flags
        assert "2027" not in flags
    row = listing.content.decode().split(f'id="use-case-{case.pk}"')[1].split("</tr>")[0]
    assert "Applies from" in row and "2028" in row and "2027" not in row
    assert "2027" in before.split('class="screen-flags"')[1].split("</ul>")[0]
    # The stored PDF is made again with the new date.
    assert pdf_etag(version) != before_etag
    after_pdf = squeeze("\n".join(pdf_pages(stored_charter_pdf(version)[2])))
    assert shown(new) in after_pdf
    assert shown(old) not in after_pdf


def test_the_pdf_stamp_follows_the_data_not_the_language(charter_world):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"control": "yes", "training": "unknown"}, user=None)

    def stamp(language="en"):
        with translation.override(language):
            return [s.stamp for s in charter_sections(version)], pdf_etag(version)

    first = stamp()
    assert first == stamp("da")
    rule = FlagRule.objects.get(key="control-notice")
    # Every field the flag shows, in either language, makes another PDF.
    for field, value in [
        ("step_da", "Et andet næste skridt."),
        ("step_en", "Another next step."),
        ("source_en", "Another source"),
        ("url_da", "https://fho.dk/med/"),
        ("severity", "high_risk"),
        ("more_sources", []),
    ]:
        before = stamp()
        setattr(rule, field, value)
        rule.save()
        after = stamp()
        assert after != before, field
        assert after == stamp("da"), field
    # So do the answers (an open question), and marking a flag handled.
    before = stamp()
    screening_save(use_case=case, answers={"control": "yes"}, user=None)
    assert stamp() != before
    before = stamp()
    FlagHandling.objects.create(
        use_case=case, rule=rule, handled_on=datetime.date(2026, 11, 1), note="Varslet"
    )
    assert stamp() != before


@pytest.mark.usefixtures("weasyprint")
def test_the_pdf_lists_the_flag_as_the_data_says(charter_world):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"evaluate": "yes"}, user=None)
    rule = FlagRule.objects.get(key="evaluate-high-risk")
    text = squeeze("\n".join(pdf_pages(render_charter_pdf(version)[2])))
    assert squeeze(rule.title_en) in text
    assert squeeze(rule.step_en) in text
    assert squeeze(rule.source_en) in text
    with translation.override(version.language):
        assert squeeze(date_filter(rule.date, "DATE_FORMAT")) in text
    # The severity once, not twice ("HIGH-RISK High-risk: …").
    assert text.lower().count("high-risk") == text.lower().count(squeeze("high-risk"))
    assert "High-riskHigh-risk" not in text and "HIGH-RISKHigh-risk" not in text


@pytest.mark.usefixtures("weasyprint")
def test_the_danish_pdf_lists_flags_and_open_questions(organisation, owner):
    workshop, version = build_charter(organisation, owner, language="da")
    Participant.objects.create(workshop=workshop, use_case="GPS i bilerne")
    Participant.objects.create(workshop=workshop, use_case="Copilot")
    use_cases_sync(workshop)
    gps = UseCase.objects.get(workshop=workshop, name="GPS i bilerne")
    copilot = UseCase.objects.get(workshop=workshop, name="Copilot")
    screening_save(use_case=gps, answers={"control": "yes"}, user=None)
    screening_save(use_case=copilot, answers={"emotion": "unknown"}, user=None)
    rule = FlagRule.objects.get(key="control-notice")
    text = squeeze("\n".join(pdf_pages(render_charter_pdf(version)[2])))
    assert squeeze("Anvendelser, der kræver særlig opmærksomhed") in text
    assert squeeze(rule.title_da) in text and squeeze(rule.step_da) in text
    assert squeeze("Kommuner og regioner: MED-rammeaftalen § 6") in text
    # Copilot has no flag, but its open question is in the appendix.
    assert squeeze("Åbne spørgsmål") in text or squeeze("Open questions") in text
    assert squeeze("Copilot") in text
    emotion = ScreeningQuestion.objects.get(key="emotion")
    assert squeeze(emotion.text_da)[:40] in text


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
    # From the charter page, the manager finds the screening (and the PDF
    # has no such link).
    charter = client.get(reverse("charters:version", args=[version.pk])).content.decode()
    list_url = reverse("screening:list", args=[workshop.pk])
    assert f'href="{list_url}"' in charter
    assert list_url not in render_charter_html(version)
    listing = client.get(reverse("screening:list", args=[workshop.pk])).content.decode()
    assert "Merge the selected use cases" not in listing
    assert 'name="keep"' not in listing and 'name="use_cases"' not in listing
    assert "Notice of a control measure at least 6 weeks before it starts" in listing
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
    owner_client.post(url, {"handled_on": "2026-11-01", "note": "Varslet på personalemødet"})
    [found] = [c for c in use_cases(workshop) if c.pk == case.pk]
    assert found.flags[0].handled and found.unhandled == 0
    html = render_charter_html(version)
    assert "Varslet på personalemødet" in html


def test_handling_refuses_a_flag_not_raised_and_a_date_to_come(charter_world, owner_client):
    workshop, version, case = charter_world
    screening_save(use_case=case, answers={"control": "yes"}, user=None)
    other = FlagRule.objects.get(key="emotion-prohibited")
    url = reverse("screening:handled", args=[workshop.pk, case.pk, other.pk])
    page = owner_client.post(url, {"handled_on": "2026-11-01", "note": "x"}, follow=True)
    assert escape("This use case's answers don't raise that flag.") in page.content.decode()
    rule = FlagRule.objects.get(key="control-notice")
    url = reverse("screening:handled", args=[workshop.pk, case.pk, rule.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = owner_client.post(url, {"handled_on": tomorrow.isoformat(), "note": "x"}, follow=True)
    assert escape("The date can't be in the future.") in page.content.decode()
    assert not FlagHandling.objects.exists()
    today = timezone.localdate().isoformat()
    owner_client.post(url, {"handled_on": today, "note": "Varslet"})
    assert FlagHandling.objects.count() == 1


@pytest.fixture
def charter_world(organisation, owner):
    workshop, version = build_charter(organisation, owner)
    Participant.objects.create(workshop=workshop, use_case="Måling af tempo", profession="Lager")
    use_cases_sync(workshop)
    case = UseCase.objects.get(workshop=workshop, name="Måling af tempo")
    return workshop, version, case
