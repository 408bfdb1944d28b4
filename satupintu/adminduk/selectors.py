"""Permission-checked reads of civil registration: queues with waiting times, one registration, the family's page by
its secret link, the public verification of a document, and the statistics (per month, district, facility)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import has_role, is_regency_wide
from satupintu.akun.roles import Role
from satupintu.penduduk.masking import mask_kk, mask_name
from satupintu.penduduk.models import Family, Resident
from satupintu.penduduk.nik import normalize_nik

from . import permissions
from .models import (
    BIRTH_CODE,
    DEATH_CODE,
    BirthRegistration,
    CivilDocument,
    DeathRegistration,
    RegistrationStatus,
)

S = RegistrationStatus


def registrations_for_user(user, model) -> QuerySet:
    """The registrations `user` may see: Disdukcapil and regency-wide roles all; a facility its own; a village its
    home births/deaths."""
    qs = model.objects.all()
    if permissions.is_capil(user) or is_regency_wide(user):
        return qs
    condition = Q(pk__in=[])
    ids = permissions.facility_ids(user)
    if ids:
        condition |= Q(facility_id__in=ids)
    if has_role(user, Role.VILLAGE_OPERATOR, Role.VILLAGE_HEAD) and user.village_id:
        condition |= Q(origin="village", village_id=user.village_id)
    return qs.filter(condition)


def registration_get_for_user(*, user, pk, model):
    try:
        return registrations_for_user(user, model).select_related("facility", "village", "village_letter").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def birth_get_for_user(user, pk) -> BirthRegistration:
    return registration_get_for_user(user=user, pk=pk, model=BirthRegistration)


def death_get_for_user(user, pk) -> DeathRegistration:
    return registration_get_for_user(user=user, pk=pk, model=DeathRegistration)


# What each role works on first: Disdukcapil the declarations to check and register; a facility what is back or ready.
def queue_states(user) -> list[str]:
    if permissions.is_capil(user):
        if user.role == Role.CAPIL_REGISTRAR:
            return [S.VERIFIED, S.DECLARED]
        return [S.DECLARED, S.VERIFIED]
    return [S.RETURNED, S.REGISTERED, S.DECLARED, S.VERIFIED]


@dataclass
class QueueRow:
    kind: str  # "birth" / "death"
    obj: object
    waiting: dt.timedelta

    @property
    def waiting_text(self) -> str:
        minutes = int(self.waiting.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            return _("%(d)s hari %(h)s jam") % {"d": days, "h": hours}
        if hours:
            return _("%(h)s jam %(m)s menit") % {"h": hours, "m": minutes}
        return _("%(m)s menit") % {"m": minutes}


def queue(*, user, status: str = "", limit: int = 200) -> list[QueueRow]:
    """Open work, longest waiting first within each state: births and deaths together."""
    states = [status] if status in S.values else queue_states(user)
    now = timezone.now()
    rows = []
    for kind, model in (("birth", BirthRegistration), ("death", DeathRegistration)):
        qs = registrations_for_user(user, model).filter(status__in=states).select_related("facility", "village")
        for obj in qs.order_by("status_changed_at", "pk")[:limit]:
            rows.append(QueueRow(kind, obj, now - (obj.status_changed_at or obj.declared_at)))
    order = {state: i for i, state in enumerate(states)}
    rows.sort(key=lambda r: (order.get(r.obj.status, 99), -r.waiting))
    return rows[:limit]


# --- the family's link and the public pages --------------------------------------------------------------------
def birth_get_by_follow_token(token: str) -> BirthRegistration:
    found = BirthRegistration.objects.filter(follow_token=token or "").first() if token else None
    if found is None:
        raise Http404
    return found


def death_get_by_follow_token(token: str) -> DeathRegistration:
    found = DeathRegistration.objects.filter(follow_token=token or "").first() if token else None
    if found is None:
        raise Http404
    return found


def registration_by_code(code: str):
    """The registration with this tracking code (status only is shown for a code: the documents need the link)."""
    for tracking, model in ((BIRTH_CODE, BirthRegistration), (DEATH_CODE, DeathRegistration)):
        normalized = tracking.normalize(code)
        if normalized:
            return model.objects.filter(tracking_code=normalized).first()
    return None


def document_get_by_token(token: str) -> CivilDocument:
    found = CivilDocument.objects.filter(verification_token=token).first() if token else None
    if found is None:
        raise Http404
    return found


# --- the register, masked, for the declaration form ---------------------------------------------------------------
@dataclass
class Preview:
    mother: str = ""
    father: str = ""
    family: str = ""
    family_village: str = ""
    members: int = 0
    notes: list[str] = field(default_factory=list)


def parents_preview(*, user, mother_nik: str, father_nik: str, kk_number: str) -> Preview:
    """What the register says of the parents and the KK, masked, so the officer confirms the family without
    reading it: names as "S*** A*****", the KK by its masked number, village and size."""
    if not permissions.can_declare(user):
        raise Http404
    preview = Preview()
    people = {r.nik: r for r in Resident.objects.filter(nik__in=[normalize_nik(mother_nik), normalize_nik(father_nik)])}
    mother = people.get(normalize_nik(mother_nik))
    father = people.get(normalize_nik(father_nik))
    preview.mother = mask_name(mother.name) if mother else ""
    preview.father = mask_name(father.name) if father else ""
    family = Family.objects.select_related("village").filter(kk_number=normalize_nik(kk_number)).first()
    if family is not None:
        preview.family = mask_kk(family.kk_number)
        preview.family_village = str(family.village.name)
        preview.members = family.members.count()
        if mother and mother.family_id != family.pk and not (father and father.family_id == family.pk):
            preview.notes.append(_("Ibu tidak tercatat dalam KK ini."))
    return preview


# --- statistics -------------------------------------------------------------------------------------------------
DIMENSIONS = ("month", "district", "facility")


@dataclass
class StatRow:
    label: str
    registered: int = 0
    on_time: int = 0
    before_discharge: int = 0
    handed_over: int = 0
    hours_event_to_handover: list[float] = field(default_factory=list)
    hours_declared_to_handover: list[float] = field(default_factory=list)

    def _share(self, n: int) -> str:
        return f"{100 * n / self.registered:.0f}%" if self.registered else "—"

    @property
    def on_time_share(self) -> str:
        return self._share(self.on_time)

    @property
    def before_discharge_share(self) -> str:
        return self._share(self.before_discharge)

    @staticmethod
    def _median(values: list[float]) -> str:
        return f"{statistics.median(values):.1f}" if values else "—"

    @property
    def median_event_hours(self) -> str:
        return self._median(self.hours_event_to_handover)

    @property
    def median_declared_hours(self) -> str:
        return self._median(self.hours_declared_to_handover)


def _month_label(d: dt.date) -> str:
    from satupintu.surat.formatting import MONTHS_ID

    return f"{MONTHS_ID[d.month - 1]} {d.year}"


def _hours(a: dt.datetime, b: dt.datetime) -> float:
    return (b - a).total_seconds() / 3600


def before_discharge(*, handed_over_at, discharge_at, declared_at) -> bool:
    """Handed over before the mother and baby went home: before the recorded discharge time; with none recorded, on
    the day (Asia/Jakarta) the birth was declared — the facility's same-day promise."""
    if handed_over_at is None:
        return False
    if discharge_at is not None:
        return handed_over_at <= discharge_at
    return timezone.localdate(handed_over_at) == timezone.localdate(declared_at)


def birth_statistics(*, year: int, by: str = "month") -> list[StatRow]:
    """Births registered in `year`, grouped `by` month of registration, district of the family or facility: how many,
    the share within 60 days of birth, the share handed over before discharge, median hours from birth and from
    declaration to hand-over."""
    by = by if by in DIMENSIONS else "month"
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    rows: dict[str, StatRow] = {}
    qs = (BirthRegistration.objects.filter(registered_at__gte=start, registered_at__lt=end)
          .values_list("registered_at", "is_late", "handed_over_at", "discharge_at", "declared_at", "birth_date",
                       "birth_time", "family__village__district__name", "facility__name")
          .order_by("registered_at"))
    home = _("Kelahiran di rumah (surat desa)")
    for registered_at, late, handed, discharge, declared, birth_date, birth_time, district, facility in qs:
        if by == "month":
            label = _month_label(timezone.localdate(registered_at))
        elif by == "district":
            label = district or "—"
        else:
            label = facility or home
        row = rows.setdefault(label, StatRow(label))
        row.registered += 1
        row.on_time += not late
        if handed is not None:
            row.handed_over += 1
            row.before_discharge += before_discharge(handed_over_at=handed, discharge_at=discharge, declared_at=declared)
            born = dt.datetime.combine(birth_date, birth_time, tzinfo=tz)
            row.hours_event_to_handover.append(_hours(born, handed))
            row.hours_declared_to_handover.append(_hours(declared, handed))
    return list(rows.values()) if by == "month" else sorted(rows.values(), key=lambda r: r.label)


def death_statistics(*, year: int, by: str = "month") -> list[StatRow]:
    """Deaths registered in `year`: how many, the share within 30 days of death, median hours from death (its date
    at noon when no time was given) and from declaration to hand-over. There is no discharge for a death."""
    by = by if by in DIMENSIONS else "month"
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    rows: dict[str, StatRow] = {}
    qs = (DeathRegistration.objects.filter(registered_at__gte=start, registered_at__lt=end)
          .values_list("registered_at", "is_late", "handed_over_at", "declared_at", "death_date", "death_time",
                       "deceased__village__district__name", "facility__name")
          .order_by("registered_at"))
    home = _("Kematian di rumah (surat desa)")
    for registered_at, late, handed, declared, death_date, death_time, district, facility in qs:
        if by == "month":
            label = _month_label(timezone.localdate(registered_at))
        elif by == "district":
            label = district or "—"
        else:
            label = facility or home
        row = rows.setdefault(label, StatRow(label))
        row.registered += 1
        row.on_time += not late
        if handed is not None:
            row.handed_over += 1
            died = dt.datetime.combine(death_date, death_time or dt.time(12), tzinfo=tz)
            row.hours_event_to_handover.append(_hours(died, handed))
            row.hours_declared_to_handover.append(_hours(declared, handed))
    return list(rows.values()) if by == "month" else sorted(rows.values(), key=lambda r: r.label)



def village_letter_facts(*, user, number: str, kind: str) -> dict[str, str]:
    """The facts of the user's village's signed birth (S-17) or death (S-21) letter with this printed number, as the
    declaration form's initial values ({} when there is none): a home birth or death is declared from it."""
    from satupintu.surat.models import LetterRequest
    from satupintu.surat.selectors import normalize_letter_number

    if not permissions.is_village_declarant(user):
        return {}
    letter = (LetterRequest.objects.filter(village_id=user.village_id, number=normalize_letter_number(number),
                                           letter_type__code="S-17" if kind == "birth" else "S-21",
                                           signed_at__isnull=False, revoked_at__isnull=True).first())
    if letter is None:
        return {}
    values = letter.field_values or {}
    if kind == "birth":
        return {"child_name": values.get("nama_bayi", ""),
                "child_sex": {"Laki-laki": "L", "Perempuan": "P"}.get(values.get("jenis_kelamin_bayi", ""), ""),
                "birth_place": values.get("tempat_lahir_bayi", ""), "birth_date": values.get("tanggal_lahir_bayi", "")}
    return {"death_date": values.get("tanggal_meninggal", ""), "death_place": values.get("tempat_meninggal", "")}
