"""Principles for the demo workshop, merged from its entries by theme, with a
vote and a published first version of the charter; and the demo's people,
whom every demo command logs in the same way."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from workshops import demo_data
from workshops.models import Entry, Membership, Organisation, Participant, Workshop

from .models import Principle, Vote
from .services import charter_publish, principle_merge, principle_update

DEMO_PASSWORD = "demo-workshop"  # noqa: S105 - a demo account, printed for the newcomer


def demo_member(organisation: Organisation, email: str, name: str, role: str):
    """A demo account with the demo password and a role in `organisation`,
    made once."""
    User = get_user_model()
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User.objects.create_user(
            username=email, email=email, password=DEMO_PASSWORD, first_name=name
        )
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


# theme -> (title, statement, cells by IGLOO level)
PRINCIPLES = {
    "human-judgement": (
        "Mennesket har det sidste ord",
        "Når vi bruger GenAI, er det altid et menneske, der træffer beslutningen og står inde "
        "for den.",
        {
            "individual": "Jeg læser, retter og tager ansvar for alt, hvad AI skriver for mig.",
            "group": "Vi deler eksempler på fejl og gode svar, så vi lærer af hinanden.",
            "leadership": "Ledelsen bakker op, når en medarbejder siger nej til et AI-forslag.",
            "organisation": "Vores arbejdsgange viser, hvor den faglige vurdering sker.",
            "context": "Vi følger reglerne for afgørelser over for borgerne.",
        },
    ),
    "time-for-people": (
        "Frigjort tid går til kerneopgaven",
        "Når AI sparer os tid, bruger vi den på borgere, patienter og elever.",
        {
            "individual": "Jeg bruger den sparede tid på mødet med mennesker.",
            "group": "Vi aftaler i teamet, hvad den frigjorte tid skal bruges til.",
            "leadership": "Ledelsen omsætter ikke automatisk sparet tid til flere opgaver.",
            "organisation": "Gevinster følges op med trivsel, ikke kun med effektivitet.",
        },
    ),
    "training": (
        "Alle lærer med – ingen A- og B-hold",
        "Når vi tager AI i brug, får alle tid og støtte til at lære det.",
        {
            "individual": "Jeg får tid i arbejdstiden til at prøve værktøjerne af.",
            "group": "Erfarne kolleger hjælper nye, og vi lærer i fællesskab.",
            "leadership": "Ledelsen sikrer, at ingen bliver hægtet af.",
            "organisation": "Oplæring er en del af enhver implementering.",
        },
    ),
    "surveillance": (
        "AI er ikke et overvågningsværktøj",
        "Når vi bruger AI, bruger vi den ikke til at måle eller overvåge den enkelte medarbejder.",
        {
            "individual": "Jeg ved, hvilke data om mit arbejde der gemmes.",
            "leadership": "Data fra AI-værktøjer bruges ikke til at vurdere den enkelte.",
            "organisation": "Aftaler om data laves i samarbejde med MED-udvalget.",
            "context": "Vi følger GDPR og de regler, der gælder for medarbejderdata.",
        },
    ),
    "data-protection": (
        "Fortrolige oplysninger bliver hos os",
        "Når vi bruger GenAI, lægger vi aldrig personoplysninger i værktøjer, vi ikke har "
        "godkendt.",
        {
            "individual": "Jeg anonymiserer, før jeg bruger AI, og spørger, når jeg er i tvivl.",
            "organisation": "Vi har en liste over godkendte værktøjer og klare regler for data.",
            "context": "Vi følger GDPR og kommunens informationssikkerhed.",
        },
    ),
    "deskilling": (
        "Vi holder fagligheden skarp",
        "Når AI tager over, passer vi på, at vores egne faglige færdigheder ikke forsvinder.",
        {
            "individual": "Jeg løser også selv opgaverne en gang imellem, så jeg kan dem.",
            "group": "Vi taler om faglig dovenskab og faglig sorg, når vi mærker dem.",
            "organisation": "Nye medarbejdere lærer faget, før de lærer værktøjet.",
        },
    ),
    "involvement": (
        "Medarbejderne er med fra start",
        "Når vi indfører AI, er de medarbejdere, der skal bruge den, med i beslutningerne.",
        {
            "group": "Teamet afprøver og vurderer værktøjer, før de rulles ud.",
            "leadership": "Implementering er et ledelsesansvar, ikke et it-projekt.",
            "organisation": "Vi evaluerer sammen efter et halvt år og justerer principperne.",
        },
    ),
}


def add_demo_principles(workshop: Workshop, user) -> None:
    """Merge the demo entries by theme, let those who submitted vote, and
    publish version 1."""
    theme_of = {}
    for person in demo_data.PARTICIPANTS:
        for _q, text, _levels, theme in person["entries"]:
            theme_of[text] = theme
    entries_by_theme: dict[str, list[int]] = {}
    for entry in Entry.objects.live().filter(workshop=workshop):
        entries_by_theme.setdefault(theme_of.get(entry.text, ""), []).append(entry.pk)

    levels = {level.igloo: level.code for level in workshop.scheme.levels.all()}
    for theme, (title, statement, cells) in PRINCIPLES.items():
        principle = principle_merge(workshop=workshop, entry_ids=entries_by_theme[theme])
        principle_update(
            principle=principle,
            edit_version=principle.edit_version,
            title=title,
            statement=statement,
            cells={levels[igloo]: text for igloo, text in cells.items() if igloo in levels},
        )

    # Those who submitted their worksheet voted, and told the facilitator
    # they were done; a phone that never submitted did neither.
    principles = list(Principle.objects.filter(workshop=workshop))
    voters = list(
        Participant.objects.filter(workshop=workshop, submitted_at__isnull=False).order_by("pk")
    )
    chooser = random.Random(2026)  # noqa: S311 - demo data, not security
    Vote.objects.bulk_create(
        Vote(participant=participant, principle=chooser.choice(principles))
        for participant in voters
        for _dot in range(workshop.dots_per_participant)
    )
    Participant.objects.filter(pk__in=[p.pk for p in voters]).update(done_step=workshop.step)
    # The demo's manager is made by the command; no e-mail for a demo.
    charter_publish(workshop=workshop, user=user, notify=False)
