"""The prompts and cards a series' team workshop was made with move onto the
workshop itself (workshops 0017), where the worksheet and the board read them."""

from django.db import migrations


def copy(apps, schema_editor):
    SeriesWorkshop = apps.get_model("series", "SeriesWorkshop")
    Workshop = apps.get_model("workshops", "Workshop")
    for member in SeriesWorkshop.objects.all():
        made_with = member.made_with or {}
        Workshop.objects.filter(pk=member.workshop_id).update(
            extra_prompts=made_with.get("extra_prompts") or {},
            card_keys=list(made_with.get("card_keys") or [])
            if made_with.get("cards") == "chosen"
            else None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0001_initial"),
        ("workshops", "0017_template_prompts_and_cards"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
