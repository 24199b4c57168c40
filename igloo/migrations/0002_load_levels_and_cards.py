from django.db import migrations


def load(apps, schema_editor):
    from igloo.data import sync

    sync(apps)


class Migration(migrations.Migration):
    dependencies = [("igloo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
