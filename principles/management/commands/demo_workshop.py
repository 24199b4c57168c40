"""Create the demo organisation, its facilitator and a workshop full of answers.

Running it again finds what it made before and adds nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from igloo.models import LevelScheme
from principles.demo import DEMO_PASSWORD, add_demo_principles, demo_member
from workshops import demo_data
from workshops.models import Entry, Organisation, Participant, Phase, Role, Team
from workshops.services import workshop_create, workshop_set_phase

FACILITATOR_EMAIL = "facilitator@example.dk"
MANAGER_EMAIL = "manager@example.dk"


class Command(BaseCommand):
    help = (
        "Create (or find) the demo workshop: about 40 filled-in worksheets, voted principles "
        "and a published charter."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            organisation, facilitator = self._organisation()
            workshop = organisation.workshops.filter(title=demo_data.WORKSHOP_TITLE).first()
            created = workshop is None
            if created:
                workshop = self._workshop(organisation, facilitator)
                # The room has written, merged, voted and published: the
                # workshop is where such a room ends, in its charter phase.
                workshop_set_phase(workshop=workshop, phase=Phase.CLUSTERING)
                workshop_set_phase(workshop=workshop, phase=Phase.VOTING)
                add_demo_principles(workshop, facilitator)
                workshop_set_phase(workshop=workshop, phase=Phase.CHARTER)
        self.stdout.write(
            ("Created" if created else "Found") + f" the demo workshop “{workshop.title}”."
        )
        self.stdout.write(f"Log in as the facilitator: {FACILITATOR_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"Log in as the manager: {MANAGER_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(
            f"Export its published charter: python manage.py export_charter {workshop.join_code}"
            " --pdf charter.pdf"
        )
        # Released in the charter phase, but still how export_charter finds it.
        self.stdout.write(f"code: {workshop.join_code}")

    def _organisation(self):
        organisation, _ = Organisation.objects.get_or_create(name=demo_data.ORGANISATION)
        demo_member(organisation, MANAGER_EMAIL, "Demo Manager", Role.MANAGER)
        owner = demo_member(organisation, FACILITATOR_EMAIL, "Demo Facilitator", Role.OWNER)
        return organisation, owner

    def _workshop(self, organisation, facilitator):
        workshop = workshop_create(
            organisation=organisation,
            created_by=facilitator,
            title=demo_data.WORKSHOP_TITLE,
            date=timezone.localdate(),
            language="da",
            scheme=LevelScheme.objects.get(slug="igloo"),
            ai_focus="both",
            teams=demo_data.TEAMS,
        )
        workshop_set_phase(workshop=workshop, phase=Phase.COLLECTING)
        teams = list(Team.objects.filter(workshop=workshop).order_by("position"))
        levels = {level.code: level for level in workshop.scheme.levels.all()}
        now = timezone.now()
        links = []
        for person in demo_data.PARTICIPANTS:
            participant = Participant.objects.create(
                workshop=workshop,
                team=teams[person["team"]],
                display_name=person["name"],
                profession=person["profession"],
                use_case=person["use_case"],
                ai_kind=person["ai_kind"],
                submitted_at=now if person["submitted"] else None,
            )
            entries = Entry.objects.bulk_create(
                Entry(
                    workshop=workshop,
                    participant=participant,
                    question=question,
                    text=text,
                    position=position,
                    rev=1,
                )
                for position, (question, text, _codes, _theme) in enumerate(person["entries"])
            )
            for entry, (_q, _t, codes, _theme) in zip(entries, person["entries"], strict=True):
                links.extend(
                    Entry.suggested_levels.through(entry_id=entry.pk, level_id=levels[code].pk)
                    for code in codes
                )
        Entry.suggested_levels.through.objects.bulk_create(links)
        return workshop
