"""The AI Act's links to the consolidated text (as amended by Regulation (EU)
2026/1744), official sources for the Danish rules (the MED agreement beside
the private sector's), profiling only together with an Annex III point 4 use,
and titles without the severity word. Reviewed 30 November 2026."""

from django.db import migrations, models


def load(apps, schema_editor):
    from screening.rules import sync

    sync(apps)


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_load_rules")]

    operations = [
        migrations.AddField(
            model_name="flagrule",
            name="more_sources",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
