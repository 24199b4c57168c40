"""Load the rules again: the four high-risk flags (recruitment, terms of work,
allocation of tasks, monitoring and evaluation) had one title, so a use case
that raised two of them seemed to show one flag twice. Each title now names
its ground."""

from django.db import migrations


def load(apps, schema_editor):
    from screening.rules import sync

    sync(apps)


class Migration(migrations.Migration):
    dependencies = [("screening", "0003_rules_consolidated_text")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
