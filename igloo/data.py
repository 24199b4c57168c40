"""The level schemes as data, and the loader the data migrations call.

IGLOO (Nielsen et al. 2018, as the report uses it) is the default scheme; the
charter template's six scope columns are the other. Every level names the
IGLOO level it maps onto.
"""

from __future__ import annotations

SCHEMES = [
    {
        "slug": "igloo",
        "name_da": "IGLOO-modellen",
        "name_en": "The IGLOO model",
        "levels": [
            (
                "individual",
                "Individ",
                "Individual",
                "individual",
                "Den enkelte medarbejder: opgaver, kompetencebehov og arbejdsglæde.",
                "The single employee: tasks, competence needs and job satisfaction.",
            ),
            (
                "group",
                "Gruppe",
                "Group",
                "group",
                "Samarbejde, roller, kommunikation og videndeling mellem kolleger.",
                "Collaboration, roles, communication and knowledge sharing among colleagues.",
            ),
            (
                "leadership",
                "Ledelse",
                "Leadership",
                "leadership",
                "Lederens rolle, opgaver og værktøjer: præstationsmåling, beslutningsstøtte og "
                "kommunikation.",
                "The manager's role, tasks and tools: performance measurement, decision support "
                "and communication.",
            ),
            (
                "organisation",
                "Organisation",
                "Organisation",
                "organisation",
                "Arbejdsgange, kultur, risici, værdiskabelse, kompetence- og jobbehov.",
                "Workflows, culture, risks, value creation, competence and job needs.",
            ),
            (
                "context",
                "Omkringliggende kontekst",
                "Surrounding context",
                "context",
                "Lovgivning, digitaliseringspolitik, teknologisk udvikling og den offentlige "
                "debat.",
                "Law, digitalisation policy, technological development and the public debate.",
            ),
        ],
    },
    {
        "slug": "charter-scopes",
        "name_da": "Principsættets seks niveauer",
        "name_en": "The charter's six scopes",
        "levels": [
            (
                "individual",
                "Individ",
                "Individual",
                "individual",
                "Den enkelte medarbejder.",
                "The single employee.",
            ),
            (
                "group",
                "Gruppe",
                "Group",
                "group",
                "Det nære team af kolleger.",
                "The close team of colleagues.",
            ),
            # A unit is where a first-line manager leads the daily work.
            (
                "unit",
                "Enhed",
                "Unit",
                "leadership",
                "Enheden og dens nærmeste leder.",
                "The unit and its first-line manager.",
            ),
            (
                "department",
                "Afdeling",
                "Department",
                "organisation",
                "Afdelingen og dens arbejdsgange.",
                "The department and its workflows.",
            ),
            (
                "corporate",
                "Koncern",
                "Corporate group",
                "organisation",
                "Hele koncernen eller forvaltningen.",
                "The whole corporate group or administration.",
            ),
            (
                "national",
                "Nationalt",
                "National",
                "context",
                "Lovgivning, aftaler og samfundet omkring os.",
                "Law, agreements and the society around us.",
            ),
        ],
    },
]


def sync(apps) -> None:
    """Create or update the schemes, levels and inspiration cards (idempotent)."""
    from igloo.cards_data import CARDS

    LevelScheme = apps.get_model("igloo", "LevelScheme")
    Level = apps.get_model("igloo", "Level")
    InspirationCard = apps.get_model("igloo", "InspirationCard")

    for s_pos, scheme_data in enumerate(SCHEMES):
        scheme, _ = LevelScheme.objects.update_or_create(
            slug=scheme_data["slug"],
            defaults={
                "name_da": scheme_data["name_da"],
                "name_en": scheme_data["name_en"],
                "position": s_pos,
            },
        )
        for pos, (code, name_da, name_en, igloo, desc_da, desc_en) in enumerate(
            scheme_data["levels"]
        ):
            Level.objects.update_or_create(
                scheme=scheme,
                code=code,
                defaults={
                    "name_da": name_da,
                    "name_en": name_en,
                    "igloo": igloo,
                    "description_da": desc_da,
                    "description_en": desc_en,
                    "position": pos,
                },
            )

    for pos, card in enumerate(CARDS):
        InspirationCard.objects.update_or_create(
            key=card["key"],
            defaults={
                "igloo": card["level"],
                "ai_kind": card["ai_kind"],
                "polarity": card["polarity"],
                "title_da": card["title_da"],
                "title_en": card["title_en"],
                "body_da": card["body_da"],
                "body_en": card["body_en"],
                "chapter": card["chapter"],
                "questions": list(card["questions"]),
                "position": pos,
            },
        )
