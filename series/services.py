"""Writes of the series app: templates, spawning a series' team workshops,
and rolling the teams' published charters up into the organisation's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import DomainError
from igloo.models import LevelScheme
from principles.models import CELL_MAX_LENGTH, CharterVersion, Principle
from principles.services import PRINCIPLES_MAX, charter_for, charter_publish, charter_update
from workshops.models import (
    RUNS_WORKSHOPS,
    Membership,
    Organisation,
    Phase,
    Workshop,
    WorkshopKind,
)
from workshops.services import workshop_create, workshop_touch

from .models import (
    TEAMS_MAX,
    CardChoice,
    ImportedPrinciple,
    RollupRecord,
    Series,
    SeriesWorkshop,
    WorkshopTemplate,
)

TEMPLATE_FIELDS = [
    "name",
    "title_pattern",
    "language",
    "scheme",
    "ai_focus",
    "extra_prompts",
    "cards",
    "card_keys",
    "dots_per_participant",
    "show_names",
    "approve_first",
    "preamble",
]


# Templates --------------------------------------------------------------------------


def template_save(
    *, organisation: Organisation, template: WorkshopTemplate | None = None, **values
) -> WorkshopTemplate:
    """Make or change a template. Workshops made from it keep what they
    were made with: nothing here touches them."""
    template = template or WorkshopTemplate(organisation=organisation)
    for name, value in values.items():
        if name in TEMPLATE_FIELDS:
            setattr(template, name, value)
    template.save()
    return template


def template_from_workshop(*, workshop: Workshop, name: str = "") -> WorkshopTemplate:
    """A template with a workshop's settings and its charter's preamble."""
    if workshop.kind != WorkshopKind.TEAM:
        raise DomainError(_("Only a team workshop can be saved as a template."))
    preamble = workshop.charter.preamble if hasattr(workshop, "charter") else ""
    return WorkshopTemplate.objects.create(
        organisation=workshop.organisation,
        name=(name or workshop.title)[:120],
        title_pattern=f"{workshop.title[:140]} – {{team}}",
        language=workshop.language,
        scheme=workshop.scheme,
        ai_focus=workshop.ai_focus,
        dots_per_participant=workshop.dots_per_participant,
        show_names=workshop.show_names,
        approve_first=workshop.approve_first,
        extra_prompts=dict(workshop.extra_prompts or {}),
        cards=CardChoice.FOCUS if workshop.card_keys is None else CardChoice.CHOSEN,
        card_keys=list(workshop.card_keys or []),
        preamble=preamble,
    )


# A series ---------------------------------------------------------------------------


def series_create(
    *, organisation: Organisation, template: WorkshopTemplate, name: str, owner
) -> Series:
    if template.organisation_id != organisation.pk:
        raise DomainError(_("Choose a template of this organisation."))
    return Series.objects.create(
        organisation=organisation, template=template, name=name, owner=owner
    )


@dataclass(frozen=True)
class TeamPlan:
    name: str
    date: datetime.date
    facilitator_id: int | None = None


def _title(pattern: str, team: str) -> str:
    title = pattern.replace("{team}", team) if "{team}" in pattern else f"{pattern} – {team}"
    return title[:150]


def series_spawn(*, series: Series, teams: list[TeamPlan], user) -> list[SeriesWorkshop]:
    """Make a workshop for each team, from the series' template as it is now.

    A team the series already has is left as it is (its date and facilitator
    too), so running the same plan twice makes nothing new. Returns the
    workshops made."""
    template = series.template
    if template is None:
        raise DomainError(_("The series has no template any more; make a new series."))
    names = [team.name.strip() for team in teams if team.name.strip()]
    if not names:
        raise DomainError(_("Name at least one team."))
    if len(set(names)) != len(names):
        raise DomainError(_("Each team needs its own name."))
    facilitators = set(
        Membership.objects.filter(
            organisation_id=series.organisation_id, role__in=list(RUNS_WORKSHOPS)
        ).values_list("user_id", flat=True)
    )
    for team in teams:
        if team.facilitator_id is not None and team.facilitator_id not in facilitators:
            raise DomainError(_("Choose facilitators among the organisation's members."))
    made = []
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        have = set(series.members.values_list("team_name", flat=True))
        new = [team for team in teams if team.name.strip() and team.name.strip() not in have]
        if len(have) + len(new) > TEAMS_MAX:
            raise DomainError(
                ngettext(
                    "A series has at most %(n)d team.",
                    "A series has at most %(n)d teams.",
                    TEAMS_MAX,
                )
                % {"n": TEAMS_MAX}
            )
        position = series.members.aggregate(n=Max("position"))["n"] or 0
        snapshot = {
            "template": template.pk,
            "extra_prompts": template.extra_prompts,
            "cards": template.cards,
            "card_keys": template.card_keys,
        }
        for team in new:
            name = team.name.strip()
            workshop = workshop_create(
                organisation=series.organisation,
                created_by=series.owner or user,
                title=_title(template.title_pattern, name),
                date=team.date,
                language=template.language,
                scheme=template.scheme,
                ai_focus=template.ai_focus,
                teams=[],
                show_names=template.show_names,
                approve_first=template.approve_first,
            )
            workshop.dots_per_participant = template.dots_per_participant
            # "(the series owner)": the team is the owner's, so the
            # organisation's other facilitators don't see it either.
            workshop.assigned_facilitator_id = team.facilitator_id or series.owner_id
            # The workshop's own copies: the worksheet and the board read
            # these, and a later change of the template changes neither.
            workshop.extra_prompts = dict(template.extra_prompts or {})
            workshop.card_keys = (
                list(template.card_keys or []) if template.cards == CardChoice.CHOSEN else None
            )
            workshop.save(
                update_fields=[
                    "dots_per_participant",
                    "assigned_facilitator",
                    "extra_prompts",
                    "card_keys",
                ]
            )
            if template.preamble:
                charter = charter_for(workshop)
                charter_update(
                    charter=charter,
                    title=charter.title,
                    date=charter.date,
                    preamble=template.preamble,
                    include_appendix=charter.include_appendix,
                )
            position += 1
            made.append(
                SeriesWorkshop.objects.create(
                    series=series,
                    workshop=workshop,
                    team_name=name,
                    made_with=snapshot,
                    position=position,
                )
            )
    return made


# The organisation charter ------------------------------------------------------------


def rollup_charter(*, series: Series, user, scheme: LevelScheme | None = None) -> Workshop:
    """The series' organisation charter: a workshop of kind "organisation",
    made the first time, on `scheme` (else the template's). It is in the
    charter phase from the start: no phones join it and it holds no join
    code."""
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        if series.charter_id:
            return series.charter
        template = series.template
        if scheme is None:
            scheme = template.scheme if template else LevelScheme.objects.get(slug="igloo")
        workshop = workshop_create(
            organisation=series.organisation,
            created_by=series.owner or user,
            title=_("Organisation charter: %(series)s") % {"series": series.name},
            date=timezone.localdate(),
            language=template.language if template else "da",
            scheme=scheme,
            ai_focus=template.ai_focus if template else "genai",
            teams=[],
        )
        workshop.kind = WorkshopKind.ORGANISATION
        workshop.phase = Phase.CHARTER
        workshop.charter_reached_at = timezone.now()
        # The series owner's, like a team workshop: the organisation's other
        # facilitators get a 404 (Workshop.hidden_from).
        workshop.assigned_facilitator_id = series.owner_id
        workshop.save(update_fields=["kind", "phase", "charter_reached_at", "assigned_facilitator"])
        charter = charter_for(workshop)
        with translation.override(workshop.language):
            # Not the teams' title: the PDFs must not be mistaken for each other.
            title = _("%(series)s – organisation charter") % {"series": series.name}
        # The teams' cards stay with the teams: the appendix of counts is theirs.
        charter_update(
            charter=charter,
            title=title[:200],
            date=charter.date,
            preamble=template.preamble if template and template.preamble else charter.preamble,
            include_appendix=False,
        )
        series.charter = workshop
        series.save(update_fields=["charter"])
    return workshop


def rollup_set_scheme(*, series: Series, scheme: LevelScheme, user) -> Workshop:
    """Choose the organisation charter's level scheme (making the charter if
    it is not there yet). Its principles' cells move to the new scheme's
    levels (map_cells) rather than being lost; published versions keep
    theirs, frozen."""
    charter = rollup_charter(series=series, user=user, scheme=scheme)
    with transaction.atomic():
        charter = Workshop.objects.select_for_update().select_related("scheme").get(pk=charter.pk)
        if charter.scheme_id == scheme.pk:
            return charter
        old_levels = list(charter.scheme.levels.select_related("scheme"))
        new_levels = list(scheme.levels.select_related("scheme"))
        for principle in Principle.objects.filter(workshop=charter):
            principle.cells = map_cells(principle.cells or {}, old_levels, new_levels)
            principle.edit_version += 1
            principle.save(update_fields=["cells", "edit_version", "updated_at"])
        charter.scheme = scheme
        charter.save(update_fields=["scheme", "updated_at"])
        workshop_touch(charter.pk)
    return charter


# Where a cell of one level scheme goes in another, as data. By the schemes'
# own descriptions (igloo/data.py): IGLOO's Ledelse is the unit a first-line
# manager leads (Enhed), its Organisation is workflows and culture, which the
# six scopes give to the department (Afdeling), and its surrounding context
# is the national scope. Koncern, the whole organisation, is the organisation
# charter's own column: no team cell is copied into it (nor into two columns).
# Back from the six scopes, Afdeling and Koncern are both IGLOO's Organisation.
LEVEL_MAPPING = {
    ("igloo", "charter-scopes"): {
        "individual": "individual",
        "group": "group",
        "leadership": "unit",
        "organisation": "department",
        "context": "national",
    },
    ("charter-scopes", "igloo"): {
        "individual": "individual",
        "group": "group",
        "unit": "leadership",
        "department": "organisation",
        "corporate": "organisation",
        "national": "context",
    },
}


def map_cells(cells: dict, source_levels: list, target_levels: list) -> dict:
    """A principle's cells moved from one scheme's levels to another's: by
    LEVEL_MAPPING where it names the two schemes, else to the same code, else
    to the first level of the same IGLOO level. Each cell lands in one
    column; two that land in the same column are joined. `source_levels` and
    `target_levels` are Level rows of one scheme each (or dicts with "code",
    "igloo" and "scheme")."""

    def field(level, name):
        return level[name] if isinstance(level, dict) else getattr(level, name)

    if not source_levels or not target_levels:
        return {}
    target_codes = [field(level, "code") for level in target_levels]
    mapping = LEVEL_MAPPING.get(
        (_scheme_slug(source_levels[0]), _scheme_slug(target_levels[0])), {}
    )
    first_of_igloo = {}
    for level in target_levels:
        first_of_igloo.setdefault(field(level, "igloo"), field(level, "code"))
    texts: dict[str, list[str]] = {}
    for level in source_levels:
        code = field(level, "code")
        text = (cells.get(code) or "").strip()
        if not text:
            continue
        target = mapping.get(code)
        if target not in target_codes:
            target = code if code in target_codes else first_of_igloo.get(field(level, "igloo"))
        if target:
            texts.setdefault(target, []).append(text)
    return {
        code: "\n".join(texts[code])[:CELL_MAX_LENGTH] for code in target_codes if code in texts
    }


def _scheme_slug(level) -> str:
    if isinstance(level, dict):
        return level.get("scheme", "")
    return level.scheme.slug


def _frozen_levels(version: CharterVersion, scheme: LevelScheme) -> list[dict]:
    """The levels a published version was written on, as frozen with it,
    each with its IGLOO level and scheme (from the scheme it was made in)."""
    igloo_of = dict(scheme.levels.values_list("code", "igloo"))
    frozen = version.content.get("levels") or [{"code": code} for code in igloo_of]
    return [
        {"code": item["code"], "igloo": igloo_of.get(item["code"], ""), "scheme": scheme.slug}
        for item in frozen
    ]


def rollup_import(
    *,
    series: Series,
    versions: list[CharterVersion],
    user,
    scheme: LevelScheme | None = None,
) -> int:
    """Import every principle of the chosen published team versions into the
    organisation charter, each as its own principle that keeps a reference
    to its team, version and principle. A team principle already imported
    (from this or an older version) is not imported again. With `scheme`,
    the charter moves to those levels first (rollup_set_scheme). Returns how
    many were imported.

    All or nothing: an import refused, even halfway, leaves the charter (its
    scheme, or that it exists at all) as it was."""
    members = {m.workshop_id: m for m in series.members.all()}
    if not versions:
        raise DomainError(_("Choose at least one published team charter."))
    if any(version.workshop_id not in members for version in versions):
        raise DomainError(_("Choose published charters of this series' teams."))
    # In the series' order of teams, so the charter lists them as the series does.
    versions = sorted(versions, key=lambda v: (members[v.workshop_id].position, v.number))
    added = 0
    with transaction.atomic():
        if scheme is not None:
            charter = rollup_set_scheme(series=series, scheme=scheme, user=user)
        else:
            charter = rollup_charter(series=series, user=user)
        charter = Workshop.objects.select_for_update().get(pk=charter.pk)
        levels = list(charter.scheme.levels.select_related("scheme"))
        have = set(
            ImportedPrinciple.objects.filter(principle__workshop=charter).values_list(
                "member_id", "source_key"
            )
        )
        count = Principle.objects.filter(workshop=charter).count()
        position = Principle.objects.filter(workshop=charter).aggregate(n=Max("position"))["n"] or 0
        for version in versions:
            member = members[version.workshop_id]
            newest = member.workshop.versions.aggregate(n=Max("number"))["n"] or version.number
            scheme = (version.made_in or version.workshop).scheme
            source_levels = _frozen_levels(version, scheme)
            for item in version.content.get("principles", []):
                if (member.pk, item["id"]) in have:
                    continue
                if count >= PRINCIPLES_MAX:
                    raise DomainError(
                        ngettext(
                            "A charter has at most %(n)d principle. Merge some first.",
                            "A charter has at most %(n)d principles. Merge some first.",
                            PRINCIPLES_MAX,
                        )
                        % {"n": PRINCIPLES_MAX}
                    )
                position += 1
                count += 1
                principle = Principle.objects.create(
                    workshop=charter,
                    title=item["title"],
                    statement=item.get("statement", ""),
                    cells=map_cells(item.get("cells", {}), source_levels, levels),
                    position=position,
                )
                ImportedPrinciple.objects.create(
                    principle=principle,
                    member=member,
                    version=version,
                    source_key=item["id"],
                    team_name=member.team_name,
                    seen_number=newest,
                )
                have.add((member.pk, item["id"]))
                added += 1
        workshop_touch(charter.pk)
    return added


def rollup_merge(*, series: Series, principle_ids: list[int]) -> Principle:
    """Merge organisation principles: the first keeps its wording and takes
    over the others' team references and the cells it has none of; the
    others go."""
    if series.charter_id is None:
        raise DomainError(_("Import team charters first."))
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=series.charter_id).first()
        chosen = list(
            Principle.objects.filter(workshop_id=series.charter_id, pk__in=principle_ids).order_by(
                "position", "pk"
            )
        )
        if len(chosen) < 2 or len(chosen) != len(set(principle_ids)):
            raise DomainError(_("Choose two or more principles of the organisation charter."))
        keep, others = chosen[0], chosen[1:]
        # The kept wording wins where it has a cell; where it has none, the
        # first merged principle that has one fills it, so no team's cell is lost.
        cells = dict(keep.cells or {})
        for other in others:
            for code, text in (other.cells or {}).items():
                if text and not cells.get(code):
                    cells[code] = text
        keep.cells = cells
        have = set(keep.imports.values_list("member_id", "source_key"))
        for item in ImportedPrinciple.objects.filter(principle__in=others):
            if (item.member_id, item.source_key) in have:
                continue
            item.principle = keep
            item.save(update_fields=["principle"])
            have.add((item.member_id, item.source_key))
        Principle.objects.filter(pk__in=[p.pk for p in others]).delete()
        keep.edit_version += 1
        keep.save(update_fields=["cells", "edit_version", "updated_at"])
        workshop_touch(series.charter_id)
    return keep


def rollup_seen(*, series: Series, principle: Principle) -> int:
    """Someone has looked at the newer team versions behind a principle:
    the "a source has changed" mark goes until a team publishes again."""
    updated = 0
    with transaction.atomic():
        for item in principle.imports.select_related("member__workshop"):
            newest = item.member.workshop.versions.aggregate(n=Max("number"))["n"] or 0
            if newest > item.seen_number:
                item.seen_number = newest
                item.save(update_fields=["seen_number"])
                updated += 1
        workshop_touch(series.charter_id)
    return updated


def rollup_publish(
    *, series: Series, user, site_url: str = "", notify: bool = True
) -> CharterVersion:
    """Publish the organisation charter (principles.charter_publish) and
    freeze beside the version where it came from: its PDF's appendix."""
    from .selectors import rollup_snapshot  # noqa: PLC0415 - selectors read what services write

    if series.charter_id is None:
        raise DomainError(_("Import team charters first."))
    with transaction.atomic():
        version = charter_publish(
            workshop=series.charter, user=user, site_url=site_url, notify=notify
        )
        RollupRecord.objects.create(version=version, content=rollup_snapshot(series))
    return version
