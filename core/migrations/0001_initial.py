"""Throttle moves from workshops to core. Its table was made by workshops'
0005_throttle and keeps its name, so only Django's idea of the model moves."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("workshops", "0009_entry_suggested_levels")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Throttle",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=200, unique=True)),
                        ("tokens", models.FloatField()),
                        ("updated_at", models.DateTimeField()),
                    ],
                    options={
                        "db_table": "workshops_throttle",
                        "verbose_name": "rate limit",
                        "verbose_name_plural": "rate limits",
                    },
                )
            ],
            database_operations=[],
        )
    ]
