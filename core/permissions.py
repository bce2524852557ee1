"""Who may do what: one helper for pages and the API.

Reading is governed by clearance (`readable_levels`, used by `restrict`); acting is governed
by role: Django groups named after `Role`, holding model permissions (see ROLE_ACTIONS).
"""

from rest_framework.permissions import BasePermission

from core.choices import Classification, Role

# What each role may do on the records of the domain apps.
ROLE_ACTIONS = {
    Role.VIEWER: {"view"},
    Role.OFFICER: {"view", "add", "change"},
    Role.LEGAL_ADVISER: {"view", "add", "change"},
    Role.MANAGER: {"view", "add", "change", "delete"},
    Role.ADMINISTRATOR: {"view", "add", "change", "delete"},
}


def readable_levels(user) -> list[str]:
    """The classifications `user` may read: none without a role, up to their clearance."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        # A superuser needs no role, but clearance caps what anyone reads (need to know).
        return Classification.up_to(user.clearance)
    if not has_role(user):
        return []
    return Classification.up_to(user.clearance)


def has_role(user) -> bool:
    cached = getattr(user, "_accord_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._accord_roles = cached
    return bool(cached & set(Role.values))


def can(user, action: str, model) -> bool:
    """May `user` perform `action` (view, add, change, delete) on records of `model`?"""
    if not user or not user.is_authenticated:
        return False
    if action == "view":
        return bool(readable_levels(user))
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def may_publish(user) -> bool:
    """Publishing a record (open data, the portal) is a manager's or administrator's call."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    has_role(user)  # fills the cache
    return user.is_superuser or bool(user._accord_roles & {Role.MANAGER, Role.ADMINISTRATOR})


def can_classify(user, level: str) -> bool:
    """Nobody may file a record above their own clearance: they could not read it back."""
    return level in readable_levels(user)


_METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RolePermission(BasePermission):
    """The API's permission check, the same `can` that the pages use."""

    def has_permission(self, request, view):
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return bool(request.user and request.user.is_authenticated)
        return can(request.user, _METHOD_ACTIONS.get(request.method, "change"), model)
