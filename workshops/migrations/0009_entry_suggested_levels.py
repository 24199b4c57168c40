"""Entry.levels was the participant's suggestion (the board calls it so);
the name now says it. A rename keeps every tag (the table is renamed)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("igloo", "0001_initial"),
        ("workshops", "0008_projector_mode"),
    ]

    operations = [
        migrations.RenameField(model_name="entry", old_name="levels", new_name="suggested_levels"),
        migrations.AlterField(
            model_name="entry",
            name="suggested_levels",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="igloo.level", verbose_name="suggested levels"
            ),
        ),
    ]
