"""Give the demo workshop's charter a life after the workshop: a record of its
consultation in MED, a review plan, a few actions, and an employee
representative to log in as. Run after demo_workshop; running it again
changes nothing."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from agreements.models import Action, ActionStatus, Forum, Outcome, SeatRole
from agreements.services import record_create, review_plan_save
from principles.demo import DEMO_PASSWORD, demo_member
from workshops import demo_data
from workshops.models import Organisation, Role

REPRESENTATIVE_EMAIL = "amr@example.dk"


class Command(BaseCommand):
    help = "Add a consultation record, actions and a review plan to the demo charter."

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(name=demo_data.ORGANISATION).first()
        workshop = (
            organisation and organisation.workshops.filter(title=demo_data.WORKSHOP_TITLE).first()
        )
        version = workshop and workshop.latest_version()
        if version is None:
            raise CommandError("Run demo_workshop first: there is no published demo charter.")
        with transaction.atomic():
            self._representative(organisation)
            if not version.consultations.exists():
                self._after(workshop, version)
        self.stdout.write(
            f"Log in as the employee representative: {REPRESENTATIVE_EMAIL} / {DEMO_PASSWORD}"
        )

    def _representative(self, organisation):
        demo_member(organisation, REPRESENTATIVE_EMAIL, "Demo AMR", Role.REPRESENTATIVE)

    def _after(self, workshop, version):
        today = timezone.localdate()
        principles = version.content["principles"]
        owner = version.published_by
        disputed = principles[-1]
        record_create(
            version=version,
            user=owner,
            forum=Forum.MED,
            forum_name="Hoved-MED",
            forum_level="Hovedudvalg",
            informed_on=today - datetime.timedelta(days=1),
            discussed_on=today,
            decided_on=today,
            members=[
                {"name": "Birgit Holm", "role": SeatRole.CHAIR, "present": True},
                {"name": "Jonas Berg", "role": SeatRole.VICE_CHAIR, "present": True},
                {"name": "Ahmed Nielsen", "role": SeatRole.AMR, "present": True},
                {"name": "Karen Lund", "role": SeatRole.TR, "present": False},
            ],
            outcome=Outcome.AGREED_WITH_REMARKS,
            principle_outcomes=[
                {
                    "id": disputed["id"],
                    "title": disputed["title"],
                    "outcome": Outcome.AGREED_WITH_REMARKS,
                    "disagreement": "",
                }
            ],
            employee_remarks="Medarbejdersiden vil se en plan for oplæring, før AI tages i brug.",
            apv_update=True,
            apv_responsible="AMR",
            apv_due=today + datetime.timedelta(days=90),
            training="Alle får to timers introduktion, før værktøjet tages i brug.",
        )
        review_plan_save(
            home=workshop,
            owner_role="HR-chef",
            owner_id=owner.pk if owner else None,
            next_review=today + datetime.timedelta(days=365),
            at_annual_discussion=True,
            triggers="Et nyt AI-system, en ændring i APV'en eller en hændelse.",
        )
        for index, (text, role, days) in enumerate(
            [
                ("Introduktion til AI for alle i teamet", "afdelingsleder", 30),
                ("Skriv en instruks om, hvornår AI-udkast skal læses igennem", "AMR", 60),
                ("Tag AI med i næste APV", "arbejdsmiljøgruppen", 90),
            ]
        ):
            principle = principles[index % len(principles)]
            Action.objects.create(
                charter=workshop,
                principle_key=principle["id"],
                principle_title=principle["title"],
                text=text,
                owner_role=role,
                due=today + datetime.timedelta(days=days),
                status=ActionStatus.OPEN,
                created_by=owner,
            )
