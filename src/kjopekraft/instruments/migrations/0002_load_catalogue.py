"""Load the instrument catalogue from data/instruments.json.

The loader is idempotent and keeps advisers' edits, so the same code refreshes the catalogue
later through `kjopekraft load-instruments`; going back leaves the rows in place, as the tables
themselves go when 0001 is reversed.
"""

from django.db import migrations

from kjopekraft.instruments.catalogue import load_catalogue


def load(apps, schema_editor):
    load_catalogue(
        apps.get_model("instruments", "Instrument"),
        apps.get_model("instruments", "Phase"),
        apps.get_model("instruments", "Condition"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
