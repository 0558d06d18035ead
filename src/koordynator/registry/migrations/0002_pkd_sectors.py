"""Load the PKD 2007 divisions shipped with the app (data/pkd2007_divisions.csv)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "pkd2007_divisions.csv"


def load(apps, schema_editor):
    Sector = apps.get_model("registry", "Sector")
    with DATA.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            Sector.objects.update_or_create(
                code=row["code"], defaults={"section": row["section"], "name": row["name"]}
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
