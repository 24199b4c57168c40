"""The projector shows one of several modes instead of a yes/no for the cards.
A workshop whose cards were on the projector keeps them there for its current
phase; every other workshop follows its phases."""

from django.db import migrations, models
from django.db.models import F


def forwards(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Workshop.objects.filter(cards_revealed=True).update(
        projector_mode="wall", projector_mode_phase=F("phase")
    )


def backwards(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Workshop.objects.filter(projector_mode="wall", projector_mode_phase=F("phase")).update(
        cards_revealed=True
    )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0007_fill_search_text")]

    operations = [
        migrations.AddField(
            model_name="workshop",
            name="projector_mode",
            field=models.CharField(
                choices=[
                    ("auto", "Follow the phase"),
                    ("join", "Join code"),
                    ("collecting", "Progress"),
                    ("wall", "Cards"),
                    ("voting", "Voting"),
                    ("results", "Results"),
                    ("charter", "Charter"),
                ],
                default="auto",
                max_length=12,
                verbose_name="what the projector shows",
            ),
        ),
        migrations.AddField(
            model_name="workshop",
            name="projector_mode_phase",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="workshop", name="cards_revealed"),
    ]
