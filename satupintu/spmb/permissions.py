"""Who may do what in SPMB, over akun's roles.

- The education office (role EDUCATION_OFFICER, bound to its agency, Disdik) sets up the year, schools, areas and
  quotas, verifies any registration, runs the selection and reads the reports; the regency administrator may too.
- A school operator (role SCHOOL_OPERATOR, bound to one school by `SchoolOperator`) verifies the registrations whose
  first choice is that school and reads that school's applicants.
- Parents act through the secret link of their registration (workflow.ParentAccess); they need no account."""

from __future__ import annotations

from satupintu.akun.permissions import has_role, is_authenticated
from satupintu.akun.roles import Role


def can_manage_spmb(user) -> bool:
    if has_role(user, Role.REGENCY_ADMIN):
        return True
    return has_role(user, Role.EDUCATION_OFFICER) and bool(user.agency_id)


def operator_school_id(user) -> int | None:
    """The school a school operator works for, or None (cached on the user object for the request)."""
    if not (is_authenticated(user) and user.role == Role.SCHOOL_OPERATOR):
        return None
    if not hasattr(user, "_spmb_school_id"):
        from .models import SchoolOperator

        user._spmb_school_id = (
            SchoolOperator.objects.filter(user=user).values_list("school_id", flat=True).first()
        )
    return user._spmb_school_id


def can_use_school_desk(user) -> bool:
    return operator_school_id(user) is not None


def can_see_registrations(user) -> bool:
    return can_manage_spmb(user) or can_use_school_desk(user)


def can_view_registration(user, registration) -> bool:
    if can_manage_spmb(user):
        return True
    school = operator_school_id(user)
    return school is not None and school == registration.verifying_school_id


def can_verify_registration(user, registration) -> bool:
    return can_view_registration(user, registration)


def can_manage_school(user, school) -> bool:
    if can_manage_spmb(user):
        return True
    return operator_school_id(user) == school.pk
