"""Every write of the screening: use cases found on the worksheets, added by
hand or merged; their screening; a flag marked as handled."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from workshops.models import Participant, Workshop

from .models import Answer, FlagHandling, FlagRule, Screening, UseCase, normalise
from .selectors import raised_rules


def use_cases_sync(workshop: Workshop) -> int:
    """Make a use case of every name on the worksheets that has none yet.
    Returns how many were made."""
    known = {
        alias
        for aliases in UseCase.objects.filter(workshop=workshop).values_list("aliases", flat=True)
        for alias in aliases
    }
    new: dict[str, str] = {}
    for name in (
        Participant.objects.filter(workshop=workshop)
        .exclude(use_case="")
        .order_by("pk")
        .values_list("use_case", flat=True)
    ):
        key = normalise(name)
        if key and key not in known and key not in new:
            new[key] = " ".join(name.split())[:200]
    UseCase.objects.bulk_create(
        UseCase(workshop=workshop, name=name, aliases=[key]) for key, name in new.items()
    )
    return len(new)


def use_case_add(*, workshop: Workshop, name: str) -> UseCase:
    key = normalise(name)
    if not key:
        raise DomainError(_("Give the use case a name."))
    for case in UseCase.objects.filter(workshop=workshop):
        if key in case.aliases:
            raise DomainError(
                _("“%(name)s” is already on the list, as “%(case)s”.")
                % {"name": name, "case": case.name}
            )
    return UseCase.objects.create(
        workshop=workshop, name=" ".join(name.split()), aliases=[key], added_by_hand=True
    )


# When answers are merged, a "yes" anywhere wins (it raises a flag), then a
# "don't know" (it stays open), then a "no".
_ANSWER_WEIGHT = {Answer.YES: 3, Answer.UNKNOWN: 2, Answer.NO: 1}


def merged_answers(all_answers: list[dict[str, str]]) -> dict[str, str]:
    """One screening from several: per question the answer that weighs most."""
    combined: dict[str, str] = {}
    for answers in all_answers:
        for key, value in answers.items():
            if _ANSWER_WEIGHT.get(value, 0) > _ANSWER_WEIGHT.get(combined.get(key), 0):
                combined[key] = value
    return combined


def use_case_merge(*, workshop: Workshop, keep_pk: int, merge_pks: list[int]) -> UseCase:
    """Merge use cases into one: its name stays; the spellings, worksheets and
    handled flags of the others join it, and the answers are combined (a "yes"
    in any of them wins, then a "don't know")."""
    with transaction.atomic():
        cases = {
            case.pk: case
            for case in UseCase.objects.select_for_update().filter(
                workshop=workshop, pk__in=[keep_pk, *merge_pks]
            )
        }
        keep = cases.get(keep_pk)
        others = [cases[pk] for pk in merge_pks if pk in cases and pk != keep_pk]
        if keep is None or not others:
            raise DomainError(_("Tick two or more use cases of this workshop to merge them."))
        aliases = list(keep.aliases)
        for other in others:
            aliases.extend(a for a in other.aliases if a not in aliases)
        keep.aliases = aliases
        keep.save(update_fields=["aliases", "updated_at"])
        screenings = list(Screening.objects.filter(use_case__in=[keep, *others]))
        if screenings:
            combined = merged_answers([s.answers for s in screenings])
            Screening.objects.update_or_create(use_case=keep, defaults={"answers": combined})
        FlagHandling.objects.filter(use_case__in=others).update(use_case=keep)
        UseCase.objects.filter(pk__in=[o.pk for o in others]).delete()
    return keep


def screening_save(*, use_case: UseCase, answers: dict[str, str], user) -> Screening:
    valid = set(Answer.values)
    clean = {key: value for key, value in answers.items() if value in valid}
    screening, _created = Screening.objects.update_or_create(
        use_case=use_case, defaults={"answers": clean, "updated_by": user}
    )
    return screening


def flag_handle(
    *, use_case: UseCase, rule: FlagRule, handled_on: datetime.date, note: str, user
) -> FlagHandling:
    screening = Screening.objects.filter(use_case=use_case).first()
    rules = FlagRule.objects.select_related("question").filter(question__active=True)
    if rule not in raised_rules(screening.answers if screening else {}, list(rules)):
        raise DomainError(_("This use case's answers don't raise that flag."))
    if handled_on > timezone.localdate():
        raise DomainError(_("The date can't be in the future."))
    return FlagHandling.objects.create(
        use_case=use_case, rule=rule, handled_on=handled_on, note=note, created_by=user
    )
