"""Remarks made before they were signed by name or role kept the author's
e-mail address as their name, and it was printed in the PDF and on share
links. Empty it: the page then signs the remark with the author's role."""

from django.db import migrations


def forget_addresses(apps, schema_editor):
    # The historical model has none of the append-only guards of the real one.
    RecordRemark = apps.get_model("agreements", "RecordRemark")
    RecordRemark.objects.filter(author_name__contains="@").update(author_name="")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_action_record")]

    operations = [migrations.RunPython(forget_addresses, migrations.RunPython.noop)]
