from django.db import migrations


def load(apps, schema_editor):
    from screening.rules import sync

    sync(apps)


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
