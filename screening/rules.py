"""The screening's rules as data: the questions asked of each AI use case,
and the flag a "yes" raises, with its next step, its date and its source.

A change in the law is a change here plus a data migration that calls
`sync` again (see the README, "Updating the screening rules"); the code
never names a rule. Every rule says when it was last reviewed, and the
product shows that date. This is background for the workplace's own process,
not legal advice.

Sources: ../shared/reference/workplace-process.md, §1–2 (the AI Act's
articles as amended by Regulation (EU) 2026/1744, and the Danish rules).
"""

from __future__ import annotations

import datetime

# The consolidated text as amended by Regulation (EU) 2026/1744 (in force
# 27 July 2026): the dates below are the amended ones, so the link must be too.
AI_ACT_DA = "https://eur-lex.europa.eu/eli/reg/2024/1689/2026-07-27/dan"
AI_ACT_EN = "https://eur-lex.europa.eu/eli/reg/2024/1689/2026-07-27/eng"
# Danish sources (reference §1.1-1.3), each an exact page the reference names.
SAMARBEJDSAFTALEN_DI = (
    "https://www.danskindustri.dk/vi-radgiver-dig-ny/personale/"
    "overenskomster-og-det-fagretlige-system/samarbejdsaftalen/"
)
SAMARBEJDSAFTALEN_INFO = "https://teksam.dk/samarbejdsaftalen/2-information-og-hoering"
MED_INFO = "https://fho.dk/med/information-og-droeftelse-2/information-og-droeftelse/"
MED_FAQ = "https://puf.dk/faq"
APV_BEK = "https://www.retsinformation.dk/eli/lta/2023/1838"
AMO_PARAGRAPH_33 = "https://elov.dk/bekendtgoerelse-om-systematisk-arbejdsmiljoearbejde/paragraf/33"
REVIEWED = datetime.date(2026, 11, 30)

# Questions in the order asked. `requires_any`: the flag is raised only if at
# least one of these questions is also answered "yes" (a public body's duty
# to assess fundamental rights follows only from a high-risk use).
# Severity: "prohibited", "high_risk", "duty" (a step to take before use).
QUESTIONS = [
    {
        "key": "emotion",
        "text_da": "Udleder systemet medarbejderes følelser eller humør ud fra ansigt, stemme, "
        "tastetryk eller andre biometriske data?",
        "text_en": "Does the system infer employees' emotions or mood from their face, voice, "
        "keystrokes or other biometric data?",
        "examples_da": "Scoring af tonefald i et callcenter; måling af »stress« eller "
        "»engagement« med kamera.",
        "examples_en": "Tone-of-voice scoring in a call centre; »stress« or »engagement« "
        "measured by camera.",
        "flag": {
            "key": "emotion-prohibited",
            "severity": "prohibited",
            "title_da": "Må ikke bruges, medmindre formålet er medicinsk eller sikkerhedsmæssigt",
            "title_en": "Not to be used unless for medical or safety reasons",
            "step_da": "Tag det ikke i brug. Er formålet medicinsk eller sikkerhedsmæssigt, så få "
            "det vurderet, før I går videre.",
            "step_en": "Do not use it. If the purpose is medical or safety, have that assessed "
            "before you go on.",
            "date": datetime.date(2025, 2, 2),
            "date_kind": "since",
            "source": "AI-forordningen art. 5, stk. 1, litra f",
            "source_en": "AI Act Art. 5(1)(f)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "recruitment",
        "text_da": "Bruges det til at rekruttere eller udvælge (målrette jobopslag, sortere "
        "ansøgninger, vurdere kandidater)?",
        "text_en": "Is it used to recruit or select people (target job ads, filter "
        "applications, evaluate candidates)?",
        "examples_da": "Et værktøj, der rangerer ansøgninger til en stilling.",
        "examples_en": "A tool that ranks the applications for a job.",
        "flag": {
            "key": "recruitment-high-risk",
            "severity": "high_risk",
            "title_da": "Rekruttering: informer MED/SU og de berørte medarbejdere før brug",
            "title_en": "Recruitment: inform MED/SU and the affected employees before use",
            "step_da": "Informer medarbejderrepræsentanterne og dem, det berører, før systemet "
            "tages i brug, og følg leverandørens brugsanvisning.",
            "step_en": "Inform the employees' representatives and those affected before the "
            "system is used, and follow the provider's instructions for use.",
            "date": datetime.date(2027, 12, 2),
            "date_kind": "from",
            "source": "AI-forordningen bilag III, pkt. 4, litra a, og art. 26, stk. 7",
            "source_en": "AI Act Annex III point 4(a) and Art. 26(7)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "terms",
        "text_da": "Træffer eller støtter det beslutninger om ansættelsesvilkår, forfremmelse "
        "eller afskedigelse?",
        "text_en": "Does it make or support decisions on terms of work, promotion or termination?",
        "examples_da": "Forslag til, hvem der skal have løntillæg eller forlænget kontrakt.",
        "examples_en": "Suggestions for who gets a pay rise or an extended contract.",
        "flag": {
            "key": "terms-high-risk",
            "severity": "high_risk",
            "title_da": "Beslutninger om ansættelsesvilkår: informer MED/SU og de berørte medarbejdere før brug",
            "title_en": "Decisions on terms of work: inform MED/SU and the affected employees before use",
            "step_da": "Informer medarbejderrepræsentanterne og de berørte før brug, og fortæl "
            "den enkelte, når systemet indgår i en beslutning om vedkommende.",
            "step_en": "Inform the employees' representatives and those affected before use, "
            "and tell each person when the system takes part in a decision about them.",
            "date": datetime.date(2027, 12, 2),
            "date_kind": "from",
            "source": "AI-forordningen bilag III, pkt. 4, litra b, og art. 26, stk. 7 og 11",
            "source_en": "AI Act Annex III point 4(b) and Art. 26(7) and (11)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "tasks",
        "text_da": "Fordeler det opgaver ud fra den enkeltes adfærd, egenskaber eller "
        "personlige træk?",
        "text_en": "Does it allocate tasks based on individual behaviour, traits or "
        "characteristics?",
        "examples_da": "Vagtplanlægning efter, hvor hurtigt den enkelte plejer at arbejde.",
        "examples_en": "Rostering by how fast each person usually works.",
        "flag": {
            "key": "tasks-high-risk",
            "severity": "high_risk",
            "title_da": "Fordeling af opgaver: informer MED/SU og de berørte medarbejdere før brug",
            "title_en": "Allocation of tasks: inform MED/SU and the affected employees before use",
            "step_da": "Informer medarbejderrepræsentanterne og de berørte, før systemet tages "
            "i brug.",
            "step_en": "Inform the employees' representatives and those affected before the "
            "system is used.",
            "date": datetime.date(2027, 12, 2),
            "date_kind": "from",
            "source": "AI-forordningen bilag III, pkt. 4, litra b, og art. 26, stk. 7",
            "source_en": "AI Act Annex III point 4(b) and Art. 26(7)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "evaluate",
        "text_da": "Overvåger eller vurderer det medarbejderes præstation eller adfærd?",
        "text_en": "Does it monitor or evaluate employees' performance or behaviour?",
        "examples_da": "Produktivitetsscorer; måling af fysisk aktivitet i løbet af vagten.",
        "examples_en": "Productivity scores; measuring physical activity during a shift.",
        "flag": {
            "key": "evaluate-high-risk",
            "severity": "high_risk",
            "title_da": "Overvågning og evaluering: informer MED/SU og de berørte medarbejdere før brug",
            "title_en": "Monitoring and evaluation: inform MED/SU and the affected employees before use",
            "step_da": "Informer medarbejderrepræsentanterne og de berørte, før systemet tages "
            "i brug, og sørg for, at et menneske fører tilsyn med det.",
            "step_en": "Inform the employees' representatives and those affected before the "
            "system is used, and make sure a person oversees it.",
            "date": datetime.date(2027, 12, 2),
            "date_kind": "from",
            "source": "AI-forordningen bilag III, pkt. 4, litra b, og art. 26, stk. 7",
            "source_en": "AI Act Annex III point 4(b) and Art. 26(7)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "public",
        "text_da": "Er organisationen en offentlig myndighed eller leverer den offentlige "
        "ydelser (kommune, region, hospital)?",
        "text_en": "Is the organisation a public body, or does it provide public services "
        "(municipality, region, hospital)?",
        "examples_da": "En kommune, et hospital eller en privat leverandør af hjemmepleje.",
        "examples_en": "A municipality, a hospital or a private provider of home care.",
        "requires_any": ["recruitment", "terms", "tasks", "evaluate"],
        "flag": {
            "key": "public-fria",
            "severity": "duty",
            "title_da": "Konsekvensanalyse for grundlæggende rettigheder før første brug",
            "title_en": "Fundamental-rights impact assessment before first use",
            "step_da": "Lav en konsekvensanalyse for grundlæggende rettigheder, før det "
            "højrisiko-system tages i brug første gang.",
            "step_en": "Carry out a fundamental-rights impact assessment before the high-risk "
            "system is first used.",
            "date": datetime.date(2027, 12, 2),
            "date_kind": "from",
            "source": "AI-forordningen art. 27, stk. 1",
            "source_en": "AI Act Art. 27(1)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "profiling",
        "text_da": "Laver det profiler af enkeltpersoner?",
        "text_en": "Does it profile individuals?",
        "examples_da": "Et samlet billede af den enkeltes arbejdsmønstre eller pålidelighed.",
        "examples_en": "A picture of each person's work patterns or reliability.",
        # Profiling is no trigger on its own: it only keeps an Annex III point 4
        # use high-risk (the Art. 6(3) narrow-task exception does not apply).
        "requires_any": ["recruitment", "terms", "tasks", "evaluate"],
        "flag": {
            "key": "profiling-stays-high-risk",
            "severity": "high_risk",
            "title_da": "Profilering: undtagelsen for snævre opgaver gælder ikke",
            "title_en": "Profiling: the narrow-task exception does not apply",
            "step_da": "Brugen forbliver højrisiko, også hvis systemet kun udfører en snæver "
            "opgave.",
            "step_en": "The use stays high-risk, even if the system only does a narrow task.",
            "date": datetime.date(2027, 12, 2),
            "date_kind": "from",
            "source": "AI-forordningen art. 6, stk. 3",
            "source_en": "AI Act Art. 6(3)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "control",
        "text_da": "Overvåger eller kontrollerer det medarbejdere på nogen måde (log, GPS, "
        "skærm, e-mail), også hvis det ikke er højrisiko?",
        "text_en": "Does it monitor or control employees in any way (logs, GPS, screen, "
        "e-mail), even if not high-risk?",
        "examples_da": "GPS i hjemmeplejens biler; logning af, hvem der har læst hvad.",
        "examples_en": "GPS in the home-care cars; logging who read what.",
        "flag": {
            "key": "control-notice",
            "severity": "duty",
            "title_da": "Varsel om kontrolforanstaltning mindst 6 uger før start",
            "title_en": "Notice of a control measure at least 6 weeks before it starts",
            "step_da": "Orienter først samarbejdsudvalget (eller ellers tillidsrepræsentanten), "
            "og varsl så medarbejderne mindst 6 uger før start med formålet.",
            "step_en": "Tell the cooperation committee first (or else the union "
            "representative), then give employees at least 6 weeks' notice with the purpose.",
            "date": None,
            "date_kind": "now",
            "source": "Aftalen om kontrolforanstaltninger (DA/LO, privat sektor), "
            "jf. Samarbejdsaftalen",
            "source_en": "The agreement on control measures (DA/LO, private sector), with "
            "the Cooperation Agreement",
            "url_da": SAMARBEJDSAFTALEN_DI,
            "url_en": SAMARBEJDSAFTALEN_DI,
            "more_sources": [
                {
                    "source_da": "Kommuner og regioner: MED-rammeaftalen § 6 (information og "
                    "drøftelse)",
                    "source_en": "Municipalities and regions: the MED framework agreement §6 "
                    "(information and discussion)",
                    "url_da": MED_FAQ,
                    "url_en": MED_FAQ,
                },
            ],
        },
    },
    {
        "key": "public-content",
        "text_da": "Bliver AI-skrevet tekst offentliggjort for at informere borgerne, eller "
        "laver det billeder, lyd eller video, der ligner virkeligheden (deepfakes)?",
        "text_en": "Will AI-written text be published to inform the public, or does it make "
        "images, audio or video that look real (deepfakes)?",
        "examples_da": "Nyheder på kommunens hjemmeside skrevet med generativ AI.",
        "examples_en": "News on the municipality's website written with generative AI.",
        "flag": {
            "key": "public-content-label",
            "severity": "duty",
            "title_da": "Mærk indholdet som AI-skabt, medmindre et menneske har redaktionelt "
            "ansvar",
            "title_en": "Label the content as made by AI unless a person has editorial "
            "responsibility",
            "step_da": "Oplys, at teksten eller billedet er lavet med AI, eller sørg for, at en "
            "redaktør gennemgår og står inde for det.",
            "step_en": "Say that the text or image was made with AI, or make sure an editor "
            "reviews it and answers for it.",
            "date": datetime.date(2026, 8, 2),
            "date_kind": "since",
            "source": "AI-forordningen art. 50, stk. 4",
            "source_en": "AI Act Art. 50(4)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
    {
        "key": "work-change",
        "text_da": "Ændrer det arbejdet, metoderne eller arbejdsgangene på en måde, der kan "
        "påvirke arbejdsmiljøet?",
        "text_en": "Does it change work, methods or processes in a way that can affect the "
        "work environment?",
        "examples_da": "Nye arbejdsgange for journalføring; mindre tid sammen med borgerne.",
        "examples_en": "New ways of writing records; less time with the citizens.",
        "flag": {
            "key": "work-change-apv",
            "severity": "duty",
            "title_da": "Opdater APV'en sammen med arbejdsmiljøorganisationen",
            "title_en": "Update the workplace assessment (APV) with the work-environment "
            "organisation",
            "step_da": "Revider APV'en, når arbejdet ændrer sig, og lad "
            "arbejdsmiljøorganisationen være med i planlægningen.",
            "step_en": "Revise the APV when work changes, and let the work-environment "
            "organisation take part in the planning.",
            "date": None,
            "date_kind": "now",
            "source": "Bekendtgørelse om systematisk arbejdsmiljøarbejde (BEK nr. 1838 af "
            "14/12/2023)",
            "source_en": "Executive order on systematic work-environment work (no. 1838 of "
            "14/12/2023)",
            "url_da": APV_BEK,
            "url_en": APV_BEK,
            "more_sources": [
                {
                    "source_da": "Samme bekendtgørelse § 33 (AMO's deltagelse)",
                    "source_en": "The same order §33 (the work-environment organisation "
                    "takes part)",
                    "url_da": AMO_PARAGRAPH_33,
                    "url_en": AMO_PARAGRAPH_33,
                },
            ],
        },
    },
    {
        "key": "substantial",
        "text_da": "Er det en væsentlig teknologiændring, eller en principiel beslutning, der "
        "hører hjemme i SU eller MED?",
        "text_en": "Is it a substantial change of technology, or a decision of principle that "
        "belongs in the cooperation committee or MED?",
        "examples_da": "Et nyt fagsystem med AI for hele forvaltningen.",
        "examples_en": "A new AI system for the whole department.",
        "flag": {
            "key": "substantial-agenda",
            "severity": "duty",
            "title_da": "Sæt det på dagsordenen i SU/MED, før beslutningen træffes",
            "title_en": "Put it on the SU/MED agenda before the decision",
            "step_da": "Informer så tidligt, at medarbejdernes synspunkter kan indgå i "
            "beslutningen, og drøft det på det rette niveau.",
            "step_en": "Inform early enough for employees' views to count in the decision, and "
            "discuss it at the right level.",
            "date": None,
            "date_kind": "now",
            "source": "Privat sektor: Samarbejdsaftalen § 2",
            "source_en": "Private sector: the Cooperation Agreement §2",
            "url_da": SAMARBEJDSAFTALEN_INFO,
            "url_en": SAMARBEJDSAFTALEN_INFO,
            "more_sources": [
                {
                    "source_da": "Kommuner og regioner: MED-rammeaftalen § 7",
                    "source_en": "Municipalities and regions: the MED framework agreement §7",
                    "url_da": MED_INFO,
                    "url_en": MED_INFO,
                },
            ],
        },
    },
    {
        "key": "training",
        "text_da": "Skal medarbejderne bruge det i deres arbejde, så de har brug for oplæring?",
        "text_en": "Will employees use it in their work, and so need training?",
        "examples_da": "Sekretærer, der skal skrive udkast med Copilot.",
        "examples_en": "Secretaries who will write drafts with Copilot.",
        "flag": {
            "key": "training-literacy",
            "severity": "duty",
            "title_da": "Skriv ned, hvordan I understøtter medarbejdernes AI-kompetencer",
            "title_en": "Record how you support the staff's AI literacy",
            "step_da": "Planlæg oplæring, der passer til rollen, og gem dokumentationen.",
            "step_en": "Plan training that fits the role, and keep the record.",
            "date": datetime.date(2025, 2, 2),
            "date_kind": "since",
            "source": "AI-forordningen art. 4 (ændret ved forordning (EU) 2026/1744)",
            "source_en": "AI Act Art. 4 (as amended by Regulation (EU) 2026/1744)",
            "url_da": AI_ACT_DA,
            "url_en": AI_ACT_EN,
        },
    },
]


def sync(apps, questions=QUESTIONS, reviewed_on=REVIEWED) -> None:
    """Make the database's questions and flags equal this data (a data
    migration calls it with the historical models)."""
    Question = apps.get_model("screening", "ScreeningQuestion")
    Rule = apps.get_model("screening", "FlagRule")
    # An older migration runs this with the models of its day: set only the
    # fields they have (a later migration sets the rest).
    rule_fields = {f.name for f in Rule._meta.get_fields()}
    keys = []
    for position, data in enumerate(questions):
        question, _created = Question.objects.update_or_create(
            key=data["key"],
            defaults={
                "position": position,
                "text_da": data["text_da"],
                "text_en": data["text_en"],
                "examples_da": data.get("examples_da", ""),
                "examples_en": data.get("examples_en", ""),
                "requires_any": data.get("requires_any", []),
                "active": True,
            },
        )
        flag = data["flag"]
        defaults = {
            "question": question,
            "severity": flag["severity"],
            "title_da": flag["title_da"],
            "title_en": flag["title_en"],
            "step_da": flag["step_da"],
            "step_en": flag["step_en"],
            "date": flag["date"],
            "date_kind": flag["date_kind"],
            "source_da": flag["source"],
            "source_en": flag["source_en"],
            "url_da": flag["url_da"],
            "url_en": flag["url_en"],
            "reviewed_on": flag.get("reviewed_on", reviewed_on),
            "more_sources": flag.get("more_sources", []),
        }
        Rule.objects.update_or_create(
            key=flag["key"],
            defaults={k: v for k, v in defaults.items() if k in rule_fields},
        )
        keys.append(data["key"])
    # A question taken out of the data is kept for the answers given to it,
    # but no longer asked.
    Question.objects.exclude(key__in=keys).update(active=False)
