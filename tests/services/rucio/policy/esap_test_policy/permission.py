"""Permissions of the ESAP test policy package: Rucio's generic policy, except that

- del_rule: the rule's owner (rule.account == issuer) may delete it (generic: admins only);
- update_rule: the owner may change the rule's `lifetime` only (options == {'lifetime': ...}).

Every other action, and every admin check, is delegated to rucio.core.permission.generic.
A user still may not delete or update somebody else's rule (401 AccessDenied); for a non-admin an
unknown rule id gives 404 RuleNotFound (generic: 401).
"""
from typing import TYPE_CHECKING, Any

import rucio.core.permission.generic as generic

if TYPE_CHECKING:
    from rucio.common.types import InternalAccount
    from sqlalchemy.orm import Session


def _is_rule_owner(issuer: "InternalAccount", rule_id: Any, session: "Session") -> bool:
    from rucio.core.rule import (
        get_rule,  # lazy: this module is imported while rucio.core.permission initialises
    )
    # an unknown rule raises RuleNotFound (404), as in the ATLAS/ESCAPE policies
    return get_rule(rule_id=rule_id, session=session)['account'] == issuer


def perm_del_rule(issuer: "InternalAccount", kwargs: dict[str, Any], session: "Session") -> bool:
    return (generic.perm_del_rule(issuer=issuer, kwargs=kwargs, session=session)
            or _is_rule_owner(issuer, kwargs.get('rule_id'), session))


def perm_update_rule(issuer: "InternalAccount", kwargs: dict[str, Any], session: "Session") -> bool:
    if generic.perm_update_rule(issuer=issuer, kwargs=kwargs, session=session):
        return True
    options = kwargs.get('options') or {}
    return set(options) == {'lifetime'} and _is_rule_owner(issuer, kwargs.get('rule_id'), session)


PERM = {'del_rule': perm_del_rule,
        'update_rule': perm_update_rule}


def has_permission(issuer: "InternalAccount", action: str, kwargs: dict[str, Any], session: "Session") -> bool:
    if action in PERM:
        return PERM[action](issuer=issuer, kwargs=kwargs, session=session)
    return generic.has_permission(issuer=issuer, action=action, kwargs=kwargs, session=session)
