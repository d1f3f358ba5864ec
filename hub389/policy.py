"""The access mechanism: one way to ask "may this user do this to that record?" and "which
records may this user see?".

The rules themselves live beside the records, in each app's `access.py` (`cases/access.py`,
`tips/access.py`, ...), where the rule for one object (`@rule`) and the query for many
(`@scope`) stand side by side, so a list, an export, a count and an API page take their rows
from the same rule the detail page checks. This module imports no app's models.

- `can(user, action, obj)`: a model instance, or a model class for actions that create.
- `require(...)`: the same, raising PermissionDenied.
- `visible(user, action, Model)`: the queryset of every object `can` allows.

Everything fails closed: an anonymous or inactive user may do nothing, an (action, model) pair
with no rule is refused, and one with no scope lists nothing.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

Rule = Callable[[Any, Any], bool]
Scope = Callable[[Any], QuerySet[Any]]
_RULES: dict[tuple[str, type], Rule] = {}
_SCOPES: dict[tuple[str, type], Scope] = {}
_loaded = False


def rule(action: str, model: type) -> Callable[[Rule], Rule]:
    """Register the rule for one object: `func(user, obj) -> bool` (obj may be the class)."""

    def register(func: Rule) -> Rule:
        _RULES[(action, model)] = func
        return func

    return register


def scope(action: str, model: type[Model]) -> Callable[[Scope], Scope]:
    """Register the query for many: `func(user) -> QuerySet` of exactly the objects the rule
    of the same (action, model) allows (the equivalence test holds every pair to it)."""

    def register(func: Scope) -> Scope:
        _SCOPES[(action, model)] = func
        return func

    return register


def _load() -> None:
    """Import every app's `access.py` once (they register their rules on import)."""
    global _loaded
    if not _loaded:
        _loaded = True
        autodiscover_modules("access")


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _lookup(table: dict[tuple[str, type], Any], action: str, model: type) -> Any:
    _load()
    for klass in model.__mro__:
        found = table.get((action, klass))
        if found is not None:
            return found
    return None


def can(user: Any, action: str, obj: Any) -> bool:
    """True when `user` may perform `action` on `obj` (a model instance, or a model class for
    actions that create). Inactive and anonymous users may do nothing here."""
    if not _active(user):
        return False
    check = _lookup(_RULES, action, obj if isinstance(obj, type) else type(obj))
    return bool(check(user, obj)) if check is not None else False


def require(user: Any, action: str, obj: Any) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def visible(user: Any, action: str, model: type[Model]) -> QuerySet[Any]:
    """Every `model` object on which `user` may perform `action`, as one query."""
    none = model._default_manager.none()
    if not _active(user):
        return none
    query = _lookup(_SCOPES, action, model)
    return query(user) if query is not None else none


def registered() -> list[tuple[str, type]]:
    """The (action, model) pairs that have both a rule and a scope (for the tests)."""
    _load()
    return sorted((k for k in _SCOPES if k in _RULES), key=lambda k: (k[1].__name__, k[0]))


def scoped_without_rule() -> list[tuple[str, type]]:
    _load()
    return [k for k in _SCOPES if k not in _RULES]
