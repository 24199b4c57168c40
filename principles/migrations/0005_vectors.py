import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("igloo", "0002_load_levels_and_cards"),
        ("principles", "0004_follow_up"),
        ("workshops", "0013_follow_up_and_representative"),
    ]

    operations = [
        migrations.CreateModel(
            name="EntryVector",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=40)),
                ("text_hash", models.CharField(max_length=64)),
                ("vector", models.BinaryField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="workshops.entry"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("entry", "model", "text_hash"), name="entry_vector_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="InspirationVector",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=40)),
                ("text_hash", models.CharField(max_length=64)),
                ("vector", models.BinaryField()),
                (
                    "card",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="igloo.inspirationcard"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("card", "model", "text_hash"), name="inspiration_vector_unique"
                    )
                ],
            },
        ),
    ]
