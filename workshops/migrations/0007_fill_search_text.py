"""Cards made without the phone's save path (the demo, paper worksheets typed
in before, imports) were stored with no search text, so the board's search
could not find them. Fill it for every card from its shown text."""

from django.db import migrations


def forwards(apps, schema_editor):
    Entry = apps.get_model("workshops", "Entry")
    changed = []
    for entry in Entry.objects.only("pk", "text", "facilitator_text", "search_text").iterator():
        wanted = (entry.facilitator_text or entry.text).casefold()
        if entry.search_text != wanted:
            entry.search_text = wanted
            changed.append(entry)
    Entry.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0006_retention")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
