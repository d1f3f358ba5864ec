"""Loads the publication rules hub389 ships with (hub389/portal/rules.py)."""

from typing import Any

from django.db import migrations

from hub389.portal.rules import load as load_rules


def load(apps: Any, schema_editor: Any) -> None:
    load_rules(apps.get_model("portal", "PublicationRule"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
