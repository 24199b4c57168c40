"""Load the inspiration cards again: two Danish cards had a capital letter
after a colon, which Danish does not use mid-sentence."""

from django.db import migrations


def load(apps, schema_editor):
    from igloo.data import sync

    sync(apps)


class Migration(migrations.Migration):
    dependencies = [("igloo", "0004_surrounding_context")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
