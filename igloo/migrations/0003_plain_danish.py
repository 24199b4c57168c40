"""Load the level schemes and the inspiration cards again: the fifth IGLOO
level is "Surrounding context" in English, the charter's scheme is the
principsæt's in Danish, and the cards' Danish reads as written by a Dane."""

from django.db import migrations


def load(apps, schema_editor):
    from igloo.data import sync

    sync(apps)


class Migration(migrations.Migration):
    dependencies = [("igloo", "0002_load_levels_and_cards")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
