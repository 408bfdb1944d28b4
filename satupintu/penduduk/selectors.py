"""Permission-checked reads of the register. Staff see residents of the villages in their scope: village operator and
village head their own village, regency-wide roles (regency admin, regent) the whole regency; nobody else any.

A resident outside the reader's scope is reported as not found (404), never as forbidden, so a NIK cannot be probed
across villages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from satupintu.akun.permissions import scope_queryset
from satupintu.core.audit import audit_trail

from .models import Family, Resident, ResidentStatus
from .nik import normalize_nik
from .permissions import can_manage_register, can_manage_residents
from .workflow import RESIDENTS


def residents_for_user(*, user) -> QuerySet[Resident]:
    if not can_manage_register(user):
        return Resident.objects.none()
    return scope_queryset(user, Resident.objects.all(), village_field="village")


def families_for_user(*, user) -> QuerySet[Family]:
    if not can_manage_register(user):
        return Family.objects.none()
    return scope_queryset(user, Family.objects.all(), village_field="village")


def resident_get_by_nik_for_user(*, nik: str, user) -> Resident:
    nik = normalize_nik(nik)
    if not (len(nik) == 16 and nik.isdigit()):
        raise Http404
    try:
        resident = Resident.objects.select_related("village", "village__district", "family").get(nik=nik)
    except Resident.DoesNotExist:
        raise Http404 from None
    if not can_manage_residents(user, resident.village_id):
        raise Http404
    return resident


def resident_get_for_user(*, pk: int, user) -> Resident:
    try:
        return residents_for_user(user=user).select_related("village", "village__district", "family").get(pk=pk)
    except (Resident.DoesNotExist, ValueError):
        raise Http404 from None


def family_members(family: Family) -> QuerySet[Resident]:
    """Members in KK order: head first, then spouse, children, and the rest, each by birth date."""
    order = ["kepala", "suami", "istri", "anak", "menantu", "cucu", "orang_tua", "mertua", "famili_lain", "lainnya"]
    return family.members.annotate(
        _relation_order=Case(
            *[When(family_relation=rel, then=Value(i)) for i, rel in enumerate(order)],
            default=Value(len(order)),
            output_field=IntegerField(),
        )
    ).order_by("_relation_order", "birth_date", "pk")


def resident_search(*, user, query: str = "", status: str = "") -> QuerySet[Resident]:
    """Staff search: a 16-digit query is a NIK (exact), a shorter digit run a NIK/KK prefix, anything else a name."""
    qs = residents_for_user(user=user).select_related("village", "family")
    query = (query or "").strip()
    if query:
        if query.isdigit():
            qs = qs.filter(nik=query) if len(query) == 16 else qs.filter(
                Q(nik__startswith=query) | Q(family__kk_number__startswith=query)
            )
        else:
            for word in query.split():
                qs = qs.filter(name__icontains=word)
    if status:
        qs = qs.filter(status=status)
    return qs


# What each audited action on a resident is called on the staff page (the audit keeps the stable code); the
# register-state steps are named by their workflow table (penduduk/workflow.py).
HISTORY_LABELS = {
    "created": _("Data penduduk dicatat"),
    "updated": _("Data penduduk diubah"),
    "mandiri_pin_issued": _("PIN layanan mandiri diterbitkan"),
    "mandiri_pin_set": _("Penduduk memilih PIN layanan mandiri"),
    "mandiri_login": _("Penduduk masuk layanan mandiri"),
    "mandiri_locked": _("Layanan mandiri dikunci (PIN salah berulang)"),
    "mandiri_login_failed": _("PIN layanan mandiri salah"),
}


@dataclass(frozen=True)
class HistoryRow:
    at: object
    label: str
    from_label: str
    to_label: str
    actor_label: str
    note: str


def resident_history(resident: Resident, *, last: int = 20) -> list[HistoryRow]:
    """The resident's audited changes, newest last, with people's words instead of codes."""
    def state(value: str) -> str:
        if value in ResidentStatus.values:
            return str(ResidentStatus(value).label)
        return str(_("terkunci")) if value == "locked" else value

    def label(action: str) -> str:
        return str(HISTORY_LABELS[action]) if action in HISTORY_LABELS else RESIDENTS.label(action)

    # The newest `last` rows only: every self-service sign-in is audited, so a resident's trail keeps growing.
    events = list(audit_trail(resident).reverse()[:last])[::-1]
    return [
        HistoryRow(e.created_at, label(e.action), state(e.from_state), state(e.to_state), e.actor_label, e.note)
        for e in events
    ]


def resident_match_nik_kk(*, nik: str, kk_number: str) -> Resident | None:
    """The active resident whose NIK is `nik` on the family card `kk_number`, or None: for a public form where a
    parent proves the child's identity with both numbers (SPMB). Callers rate-limit it and never show the numbers."""
    nik, kk_number = normalize_nik(nik), normalize_nik(kk_number)
    if not (len(nik) == 16 and nik.isdigit() and len(kk_number) == 16 and kk_number.isdigit()):
        return None
    found = list(
        Resident.objects.filter(nik=nik, family__kk_number=kk_number, status=ResidentStatus.ACTIVE)
        .select_related("family").order_by()[:1]
    )
    return found[0] if found else None


def events_for_user(*, user):
    """Population events of the villages in the user's scope."""
    from .models import PopulationEvent

    if not can_manage_register(user):
        return PopulationEvent.objects.none()
    return scope_queryset(user, PopulationEvent.objects.all(), village_field="village")


def report_villages_for_user(*, user, district: str = ""):
    """The villages whose monthly report the user may read (a district of them if asked)."""
    from satupintu.wilayah.models import Village

    if not can_manage_register(user):
        return Village.objects.none()
    villages = scope_queryset(user, Village.objects.all(), village_field="pk")
    return villages.filter(district_id=district) if district else villages


def households_for_user(*, user):
    """Households of the villages in the user's scope."""
    from .models import Household

    if not can_manage_register(user):
        return Household.objects.none()
    return scope_queryset(user, Household.objects.all(), village_field="village")


def household_get_for_user(*, pk: int, user):
    from .models import Household

    try:
        return households_for_user(user=user).select_related("village", "head").get(pk=pk)
    except (Household.DoesNotExist, ValueError):
        raise Http404 from None
