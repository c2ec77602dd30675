"""Load the counties, municipalities, older municipality numbers and municipality organisations.

The loader is idempotent, so the data can also be refreshed later from code; going back leaves
the rows in place, as the tables themselves go when 0001 is reversed.
"""

from django.db import migrations

from kjopekraft.organisations.geography import load_geography


def load(apps, schema_editor):
    load_geography(
        apps.get_model("organisations", "County"),
        apps.get_model("organisations", "Municipality"),
        apps.get_model("organisations", "MunicipalityCode"),
        apps.get_model("organisations", "Organisation"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
