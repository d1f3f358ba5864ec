"""The publication rules hub389 ships with (RULES.md, "Publishing sanctions"): required when
the violation has serious consequences or social impact, Art. 72 of the Law on Handling
Administrative Violations and its decree, marked unverified until someone checks the article.
The period is an editable default, not a citation. Administrators change them in the admin
(audited); the migration loads these once."""

from typing import Any

RULES: list[dict[str, Any]] = [
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


def load(rule_model: Any) -> None:
    for values in RULES:
        rule_model.objects.update_or_create(code=values["code"], defaults=values)


def load_current() -> None:
    from hub389.portal.models import PublicationRule

    load(PublicationRule)
