"""Workshops made before the series owner was written onto them (the
"(the series owner)" team workshops and the organisation charters) get the
owner as their facilitator, so the organisation's other facilitators stop
seeing them, as they already don't see the ones made since."""

from django.db import migrations


def assign(apps, schema_editor):
    Series = apps.get_model("series", "Series")
    SeriesWorkshop = apps.get_model("series", "SeriesWorkshop")
    Workshop = apps.get_model("workshops", "Workshop")
    for series in Series.objects.filter(owner__isnull=False).only("pk", "owner", "charter"):
        ids = list(
            SeriesWorkshop.objects.filter(series=series).values_list("workshop_id", flat=True)
        )
        if series.charter_id:
            ids.append(series.charter_id)
        # A workshop someone was already assigned to keeps its facilitator.
        Workshop.objects.filter(pk__in=ids, assigned_facilitator__isnull=True).update(
            assigned_facilitator_id=series.owner_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0002_prompts_and_cards_onto_workshops"),
        ("workshops", "0015_series_kind_and_assigned_facilitator"),
    ]

    # Backwards there is no telling which were empty: they keep the owner.
    operations = [migrations.RunPython(assign, migrations.RunPython.noop)]
