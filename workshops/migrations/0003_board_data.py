from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Entry = apps.get_model("workshops", "Entry")
    # "Collection closed" is now the clustering phase.
    Workshop.objects.filter(phase="closed").update(phase="clustering")
    Workshop.objects.exclude(phase="draft").update(collection_started_at=F("created_at"))
    for entry in Entry.objects.only("pk", "text").iterator():
        Entry.objects.filter(pk=entry.pk).update(search_text=entry.text.casefold())


def backwards(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Workshop.objects.exclude(phase__in=["draft", "collecting"]).update(phase="closed")


class Migration(migrations.Migration):
    dependencies = [("workshops", "0002_board")]

    operations = [migrations.RunPython(forwards, backwards)]
