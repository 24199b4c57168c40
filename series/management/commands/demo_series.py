"""Create the demo series beside the demo workshop: three team workshops of
Fjordbæk Kommune made from one template, each with answers and a published
charter, and the organisation charter rolled up from them and published.

Run after demo_workshop (it uses its organisation and facilitator).
Running it again finds what it made before and adds nothing twice."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from agreements.services import review_plan_save
from igloo.models import Level, LevelScheme
from principles.demo import DEMO_PASSWORD, demo_member
from principles.models import Principle, Vote
from principles.services import charter_publish, principle_merge
from series.models import SMALL_TEAM, Series
from series.services import (
    TeamPlan,
    rollup_import,
    rollup_merge,
    rollup_publish,
    rollup_set_scheme,
    series_create,
    series_spawn,
    template_save,
)
from workshops import demo_data
from workshops.models import Entry, Membership, Organisation, Participant, Phase, Role
from workshops.services import workshop_set_phase

SERIES_NAME = "AI-principper i alle afdelinger"
TEAM_FACILITATOR_EMAIL = "team-facilitator@example.dk"

VALUE_CARDS = [
    "Mindre tid på dokumentation",
    "Hurtigere overblik over patientens forløb",
    "Færre afbrydelser i vagten",
    "Bedre tid til patienterne",
]

# (team, participants, [(principle title, statement, level, [cards])])
TEAMS = [
    (
        "Akutmodtagelsen",
        8,
        [
            (
                "Mennesket træffer beslutningen",
                "AI foreslår, men en medarbejder vurderer og beslutter.",
                "individual",
                ["AI må aldrig sortere patienter alene", "Jeg vil kunne sige nej til forslaget"],
            ),
            (
                "Tid til at lære værktøjerne",
                "Vi får tid i arbejdstiden til at lære AI at kende.",
                "organisation",
                ["Oplæring før vi skal bruge det", "Superbrugere på hver vagt"],
            ),
        ],
    ),
    (
        "Medicinsk afdeling",
        6,
        [
            (
                "Fagligheden bestemmer",
                "Det faglige skøn går forud for systemets forslag.",
                "individual",
                ["Vi skal stadig tænke selv", "Lægen har det sidste ord"],
            ),
            (
                "Åbenhed om brugen af AI",
                "Patienter og kolleger ved, hvornår AI er brugt.",
                "context",
                ["Sig det til patienten", "Skriv i journalen at AI har hjulpet"],
            ),
        ],
    ),
    (
        "Kirurgi",
        3,
        [
            (
                "Mennesket træffer beslutningen",
                "Kirurgen beslutter; AI er et redskab.",
                "leadership",
                ["Ledelsen skal stå på mål for det", "Ingen automatiske beslutninger"],
            ),
        ],
    ),
]


class Command(BaseCommand):
    help = (
        "Create (or find) the demo series: three team workshops from a template with "
        "published charters, and the organisation charter rolled up from them."
    )

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(name=demo_data.ORGANISATION).first()
        owner = (
            Membership.objects.filter(organisation=organisation, role=Role.OWNER)
            .select_related("user")
            .first()
        )
        if organisation is None or owner is None:
            raise CommandError("Run demo_workshop first: the series belongs to its organisation.")
        owner = owner.user
        series = Series.objects.filter(organisation=organisation, name=SERIES_NAME).first()
        if series is not None:
            self.stdout.write(f"Found the demo series “{series.name}”.")
        else:
            with transaction.atomic():
                series = self._series(organisation, owner, self._team_facilitator(organisation))
            self.stdout.write(
                f"Created the demo series “{series.name}”: /series/{series.pk}/ "
                f"(organisation charter: /series/{series.pk}/rollup/)."
            )
        self.stdout.write(
            f"Log in as the facilitator of {TEAMS[0][0]} only: "
            f"{TEAM_FACILITATOR_EMAIL} / {DEMO_PASSWORD}"
        )

    def _team_facilitator(self, organisation):
        """A facilitator who runs one team's workshop and sees only that."""
        return demo_member(
            organisation, TEAM_FACILITATOR_EMAIL, "Demo Teamfacilitator", Role.FACILITATOR
        )

    def _series(self, organisation, owner, team_facilitator) -> Series:
        scheme = LevelScheme.objects.get(slug="igloo")
        template = template_save(
            organisation=organisation,
            name="Standardworkshop for afdelinger",
            title_pattern="AI-principper – {team}",
            language="da",
            scheme=scheme,
            ai_focus="genai",
            extra_prompts={"2": "Tænk på en konkret arbejdsdag i sidste uge."},
            cards="focus",
            card_keys=[],
            dots_per_participant=3,
            show_names=False,
            approve_first=False,
            preamble="",
        )
        series = series_create(
            organisation=organisation, template=template, name=SERIES_NAME, owner=owner
        )
        start = timezone.localdate() - datetime.timedelta(days=21)
        made = series_spawn(
            series=series,
            teams=[
                TeamPlan(
                    name=name,
                    date=start + datetime.timedelta(days=7 * i),
                    # The first team has its own facilitator; the owner runs the others.
                    facilitator_id=team_facilitator.pk if i == 0 else None,
                )
                for i, (name, _n, _p) in enumerate(TEAMS)
            ],
            user=owner,
        )
        levels = {level.code: level for level in Level.objects.filter(scheme=scheme)}
        versions = []
        for member, (_name, size, principles) in zip(made, TEAMS, strict=True):
            workshop = member.workshop
            workshop_set_phase(workshop=workshop, phase=Phase.COLLECTING)
            people = [Participant.objects.create(workshop=workshop) for _ in range(size)]
            for index, (title, statement, level, cards) in enumerate(principles):
                entries = []
                for number, text in enumerate(cards):
                    entry = Entry.objects.create(
                        workshop=workshop,
                        participant=people[(index + number) % size],
                        question=5 if level == "individual" else 4,
                        text=text,
                        rev=1,
                    )
                    entry.suggested_levels.set([levels[level]])
                    entries.append(entry)
                principle = principle_merge(workshop=workshop, entry_ids=[e.pk for e in entries])
                Principle.objects.filter(pk=principle.pk).update(
                    title=title, statement=statement, cells={level: statement}
                )
                Vote.objects.bulk_create(
                    Vote(principle=principle, participant=person)
                    for person in people[: size - index * 2]
                )
            # Everyone also wrote about the value they see, so the larger
            # teams' comparison has cells of 5 or more people to show.
            for number, person in enumerate(people):
                entry = Entry.objects.create(
                    workshop=workshop,
                    participant=person,
                    question=1,
                    text=VALUE_CARDS[number % len(VALUE_CARDS)],
                    rev=1,
                )
                entry.suggested_levels.set([levels["individual"]])
            workshop_set_phase(workshop=workshop, phase=Phase.CLUSTERING)
            workshop_set_phase(workshop=workshop, phase=Phase.VOTING)
            workshop_set_phase(workshop=workshop, phase=Phase.CHARTER)
            versions.append(charter_publish(workshop=workshop, user=owner, notify=False))
            if size >= SMALL_TEAM:
                review_plan_save(
                    home=workshop,
                    owner_role="Afdelingsleder",
                    next_review=timezone.localdate() + datetime.timedelta(days=365),
                )
        # The organisation charter on the charter's six scopes: the teams'
        # Ledelse and Organisation cells land under Enhed and Afdeling.
        rollup_set_scheme(
            series=series, scheme=LevelScheme.objects.get(slug="charter-scopes"), user=owner
        )
        rollup_import(series=series, versions=versions, user=owner)
        series.refresh_from_db()
        same = list(
            series.charter.principles.filter(title="Mennesket træffer beslutningen").values_list(
                "pk", flat=True
            )
        )
        if len(same) > 1:
            rollup_merge(series=series, principle_ids=same)
        rollup_publish(series=series, user=owner, notify=False)
        return series
