"""Reads of the screening: the flags a screening raises, and a workshop's use
cases with the worksheets that named them."""

from __future__ import annotations

from dataclasses import dataclass, field

from workshops.models import Entry, Participant, Workshop

from .models import Answer, FlagHandling, FlagRule, ScreeningQuestion, UseCase, normalise


@dataclass
class RaisedFlag:
    rule: FlagRule
    handlings: list[FlagHandling] = field(default_factory=list)

    @property
    def handled(self) -> bool:
        return bool(self.handlings)


def raised_rules(answers: dict[str, str], rules: list[FlagRule]) -> list[FlagRule]:
    """The rules a screening's answers raise: each "yes" its own flag, a
    conditional one only with one of its conditions also "yes"."""
    yes = {key for key, answer in answers.items() if answer == Answer.YES}
    raised = []
    for rule in rules:
        question = rule.question
        if question.key not in yes:
            continue
        if question.requires_any and not yes.intersection(question.requires_any):
            continue
        raised.append(rule)
    return raised


def open_questions(answers: dict[str, str], questions: list[ScreeningQuestion]):
    """Questions answered "don't know": open until someone finds out."""
    return [q for q in questions if answers.get(q.key) == Answer.UNKNOWN]


def rules() -> list[FlagRule]:
    return list(FlagRule.objects.select_related("question").filter(question__active=True))


def questions() -> list[ScreeningQuestion]:
    return list(ScreeningQuestion.objects.filter(active=True))


def use_cases(
    workshop: Workshop, *, with_sources: bool = True, with_cards: bool = False
) -> list[UseCase]:
    """The workshop's use cases, each with its screening's flags, its open
    questions and (with_sources) the worksheets that named it, and (with_cards)
    the cards on them. Never names: a source is a profession and a team."""
    all_rules = rules()
    all_questions = questions()
    cases = list(
        UseCase.objects.filter(workshop=workshop)
        .select_related("screening")
        .prefetch_related("handlings")
    )
    sources: dict[str, list[Participant]] = {}
    entries: dict[int, list[Entry]] = {}
    if with_sources:
        for participant in (
            Participant.objects.filter(workshop=workshop)
            .exclude(use_case="")
            .select_related("team")
            .order_by("pk")
        ):
            sources.setdefault(normalise(participant.use_case), []).append(participant)
    if with_sources and with_cards:
        # The cards behind each use case, without names: what their authors wrote
        # (as the facilitator reworded it), never what the facilitator hid. Only
        # for those who run the workshop: a use case named on one worksheet
        # would show a manager one person's whole worksheet.
        for entry in (
            Entry.objects.visible()
            .filter(workshop=workshop)
            .exclude(participant__use_case="")
            .order_by("participant_id", "question", "position", "pk")
            .only("pk", "participant_id", "text", "facilitator_text", "question")
        ):
            entries.setdefault(entry.participant_id, []).append(entry)
    for case in cases:
        screening = getattr(case, "screening", None)
        answers = screening.answers if screening else {}
        case.answers = answers
        case.screened = bool(answers)
        handlings = list(case.handlings.all())
        case.flags = [
            RaisedFlag(rule, [h for h in handlings if h.rule_id == rule.pk])
            for rule in raised_rules(answers, all_rules)
        ]
        case.open_questions = open_questions(answers, all_questions)
        case.unhandled = sum(1 for f in case.flags if not f.handled)
        case.sources = [p for alias in case.aliases for p in sources.get(alias, [])]
        case.entries = [e for p in case.sources for e in entries.get(p.pk, [])]
    return cases


def summary(workshop: Workshop) -> dict:
    """For the board and the overview: how many use cases, flags not yet
    handled, and questions left open."""
    cases = use_cases(workshop, with_sources=False)
    known = {alias for case in cases for alias in case.aliases}
    # Names on worksheets that the list has not picked up yet are use cases too.
    new = (
        {
            normalise(name)
            for name in Participant.objects.filter(workshop=workshop)
            .exclude(use_case="")
            .values_list("use_case", flat=True)
            .distinct()
        }
        - known
        - {""}
    )
    return {
        "use_cases": len(cases) + len(new),
        "unscreened": sum(1 for c in cases if not c.screened) + len(new),
        "flags": sum(c.unhandled for c in cases),
        "open": sum(len(c.open_questions) for c in cases),
    }
