"""Loads the reporting regime (hub389/reports/regime.py) into the database."""

from django.db import migrations

from hub389.reports.regime import load as load_regime


def load(apps, schema_editor):
    load_regime(
        apps.get_model("reports", "ReportType"),
        apps.get_model("reports", "Indicator"),
        apps.get_model("reports", "ValidationRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
