"""The one permission layer. Every app asks here who may see and do what; nothing checks roles on its own.

Scopes:
- regency administrator and regent: the whole regency;
- OPD admin, OPD head, PPID officer: their own agency (and its sub-units);
- village operator and village head: their own village;
- citizen: only what is their own (checked by the app that owns the object, e.g. "reporter == user").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .roles import AGENCY_ROLES, REGENCY_WIDE_ROLES, STAFF_ROLES, VILLAGE_ROLES, Role


def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user, *roles: str) -> bool:
    return is_authenticated(user) and (user.role in roles)


def is_staff_member(user) -> bool:
    return is_authenticated(user) and user.role in STAFF_ROLES


def is_regency_wide(user) -> bool:
    return is_authenticated(user) and user.role in REGENCY_WIDE_ROLES


def agency_ids_in_scope(user) -> set[int]:
    """The user's agency and all its sub-units (an OPD head sees the work of the OPD's sections)."""
    if not (is_authenticated(user) and user.role in AGENCY_ROLES and user.agency_id):
        return set()
    from satupintu.organisasi.models import Agency

    return Agency.objects.descendant_ids(user.agency_id)


def can_access_village(user, village_or_code) -> bool:
    if is_regency_wide(user):
        return True
    if not (is_authenticated(user) and user.role in VILLAGE_ROLES):
        return False
    code = getattr(village_or_code, "pk", village_or_code)
    return user.village_id == code


def can_access_agency(user, agency_or_id) -> bool:
    if is_regency_wide(user):
        return True
    agency_id = getattr(agency_or_id, "pk", agency_or_id)
    return agency_id is not None and agency_id in agency_ids_in_scope(user)


def scope_queryset(user, qs: QuerySet, *, village_field: str | None = None, agency_field: str | None = None) -> QuerySet:
    """Filter `qs` down to what `user` may see as staff.

    `village_field` / `agency_field` name the lookups to the object's village and agency (e.g. "village",
    "assignments__agency"). Regency-wide roles see everything; a user with neither matching scope sees nothing."""
    if is_regency_wide(user):
        return qs
    if not is_authenticated(user):
        return qs.none()
    condition = Q(pk__in=[])
    if village_field and user.role in VILLAGE_ROLES and user.village_id:
        condition |= Q(**{village_field: user.village_id})
    if agency_field and user.role in AGENCY_ROLES and user.agency_id:
        condition |= Q(**{f"{agency_field}__in": agency_ids_in_scope(user)})
    return qs.filter(condition).distinct() if agency_field and "__" in agency_field else qs.filter(condition)


def landing_url(user) -> str:
    """Where a role's work is, the page after sign-in: a citizen's own reports, staff their desk."""
    from django.urls import reverse

    if is_staff_member(user):
        return reverse("core:staff")
    if is_authenticated(user) and (user.is_staff or user.is_superuser):
        return reverse("admin:index")
    return reverse("aduan:mine")


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def role_required(*roles: str | Role | Iterable[str]):
    """View decorator: the user must be signed in (else sent to login) and hold one of `roles`."""
    allowed: set[str] = set()
    for role in roles:
        if isinstance(role, str):
            allowed.add(str(role))
        else:
            allowed.update(str(r) for r in role)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_authenticated(request.user):
                return redirect_to_login(request.get_full_path())
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(STAFF_ROLES)
