"""The publication rule RULES.md names ("Publishing sanctions"): required when the violation
has serious consequences or social impact, Art. 72 of the Law on Handling Administrative
Violations and its decree, marked unverified until someone checks the article. The period is
an editable default, not a citation."""

from typing import Any

from django.db import migrations

RULES = [
    {
        "code": "lxlvphc-72",
        "title": "Vi phạm gây hậu quả nghiêm trọng hoặc gây tác động xã hội",
        "legal_basis": "Điều 72 Luật Xử lý vi phạm hành chính và nghị định hướng dẫn",
        "verified": False,
        "kinds": [],
        "min_fine": 0,
        "period_days": 365,
    },
]


def load(apps: Any, schema_editor: Any) -> None:
    rule = apps.get_model("portal", "PublicationRule")
    for values in RULES:
        rule.objects.update_or_create(code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
