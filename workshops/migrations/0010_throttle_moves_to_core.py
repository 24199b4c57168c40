"""Throttle now belongs to core (see core's 0001_initial); the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("workshops", "0009_entry_suggested_levels")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Throttle")], database_operations=[]
        )
    ]
