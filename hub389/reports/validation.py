"""Validation rules (DHIS2's): `left operator right`, each side a sum or difference of indicator
codes, evaluated on a report's figures. Errors block submission; warnings need a comment."""

import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass

from hub389.lib.vnformat import group_thousands
from hub389.reports.models import Importance, ValidationRule
from hub389.reports.regime import INDICATORS

OPERATORS = {"==": operator.eq, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}
TERM = re.compile(r"\s*([+-]?)\s*([a-z_][a-z0-9_]*|\d+)\s*")


@dataclass
class Finding:
    rule: ValidationRule
    left: int
    right: int

    @property
    def is_error(self) -> bool:
        return self.rule.importance == Importance.ERROR

    def __str__(self) -> str:
        """In the indicators' names, never their codes: "… (Tin báo thụ lý: 0; Tin báo tiếp nhận: 3)"."""
        left, right = group_thousands(self.left), group_thousands(self.right)
        return f"{self.rule.message} ({_named(self.rule.left)}: {left}; {_named(self.rule.right)}: {right})"


def _named(expression: str) -> str:
    names = {code: name for code, name, _section, _unit in INDICATORS}
    terms = [m.groups() for m in TERM.finditer(expression) if m.group(0).strip()]
    if len(terms) > 2:
        return "tổng " + ", ".join(names.get(n, n).lower() for _sign, n in terms)
    return " ".join(
        f"{'− ' if sign == '-' else '+ ' if i else ''}{names.get(n, n)}" for i, (sign, n) in enumerate(terms)
    )


def evaluate_side(expression: str, figures: dict[str, int]) -> int:
    """The value of "a + b - c" over `figures`; an unknown code is a programming error."""
    total, pos = 0, 0
    while pos < len(expression):
        match = TERM.match(expression, pos)
        if match is None or match.end() == pos:
            raise ValueError(f"cannot read {expression!r} at {pos}")
        sign, name = match.groups()
        value = int(name) if name.isdigit() else figures[name]
        total += -value if sign == "-" else value
        pos = match.end()
    return total


def check(figures: dict[str, int], rules: Iterable[ValidationRule] | None = None) -> list[Finding]:
    """The rules that `figures` break, errors first."""
    found = []
    for rule in rules if rules is not None else ValidationRule.objects.filter(active=True):
        left, right = evaluate_side(rule.left, figures), evaluate_side(rule.right, figures)
        if not OPERATORS[rule.operator](left, right):
            found.append(Finding(rule, left, right))
    return sorted(found, key=lambda f: not f.is_error)
