"""Population events (mutasi penduduk): a birth, a death, a resident moving in or out, recorded by the village with
its date and document, and the change it makes to the register and the family card — all in one transaction, each
register change a step of `workflow.RESIDENTS` (audited), each family-card change a new `FamilyVersion`.

The civil registry's own births and deaths (adminduk, through `civil`) record their event there, with the
certificate as the document.

The monthly report (laporan bulanan) derives everything from the register as it stands and these rows:

    end of month M   = active residents now − (births + moves in after M) + (deaths + moves out after M)
    start of month M = end of M − births − moves in + deaths + moves out in M

so start + births + in − deaths − out = end holds by construction, and one pass over the register (a GROUP BY on
the (village, status) index) and one over the events since the month began answer a whole regency."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require

from .civil import family_snapshot, family_version_record
from .models import (
    EventDocument,
    EventKind,
    Family,
    FamilyRelation,
    PopulationEvent,
    Resident,
    ResidentCredential,
    ResidentStatus,
    Sex,
)
from .nik import normalize_nik
from .permissions import can_manage_residents
from .services import resident_create
from .workflow import RESIDENTS


def _check_date(date: dt.date) -> None:
    if date > timezone.localdate():
        raise ValidationError({"date": _("Tanggal peristiwa tidak boleh di masa depan.")})


def _event(*, by, resident: Resident, village_id: str, kind: str, date: dt.date, document_kind: str,
           document_number: str = "", place: str = "", note: str = "") -> PopulationEvent:
    if document_kind not in EventDocument.values:
        raise ValidationError({"document_kind": _("Jenis dokumen tidak dikenal.")})
    event = PopulationEvent(
        village_id=village_id, resident=resident, kind=kind, date=date, sex=resident.sex, document_kind=document_kind,
        document_number=(document_number or "").strip()[:120], place=(place or "").strip()[:255],
        note=(note or "").strip()[:500], recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    event.full_clean()
    event.save()
    return event


def _family_in(village, kk_number: str) -> Family:
    family = Family.objects.filter(kk_number=normalize_nik(kk_number or "")).first()
    if family is None or family.village_id != getattr(village, "pk", village):
        raise ValidationError({"kk_number": _("Nomor KK tidak terdaftar di desa/kelurahan ini.")})
    return family


def _reason(kind: str, resident: Resident, document_number: str) -> str:
    label = EventKind(kind).label
    return f"{label}: {resident.name}" + (f" ({document_number})" if document_number else "")


def _resident_in(village, nik: str) -> Resident:
    resident = Resident.objects.filter(nik=normalize_nik(nik or "")).first()
    if resident is None or resident.village_id != getattr(village, "pk", village):
        raise ValidationError({"nik": _("NIK tidak ditemukan di data penduduk desa/kelurahan ini.")})
    if resident.status != ResidentStatus.ACTIVE:
        raise ValidationError({"nik": _("Penduduk ini tidak berstatus aktif (%(status)s).")
                               % {"status": resident.get_status_display()}})
    return resident


@transaction.atomic
def event_birth(*, by, village, kk_number: str, nik: str, name: str, sex: str, birth_place: str, birth_date: dt.date,
                relation: str = FamilyRelation.ANAK, document_kind: str = EventDocument.VILLAGE_LETTER,
                document_number: str = "", note: str = "") -> PopulationEvent:
    """A baby born into a family card of the village: a new resident on the card (reissued), and the event."""
    require(can_manage_residents(by, village))
    _check_date(birth_date)
    family = _family_in(village, kk_number)
    before = family_snapshot(family)
    head = Resident.objects.filter(pk=family.head_id).first() if family.head_id else None
    resident = resident_create(
        by=by, nik=nik, name=(name or "").strip(), sex=sex, birth_place=(birth_place or "").strip(),
        birth_date=birth_date, religion=head.religion if head else "islam", marital_status="belum_kawin",
        education="tidak_sekolah", address=family.address, rt=family.rt, rw=family.rw, village=family.village,
        family=family, family_relation=relation or FamilyRelation.ANAK,
    )
    family_version_record(family=family, by=by, reason=_reason(EventKind.BIRTH, resident, document_number),
                          added=[resident.nik], before=before)
    return _event(by=by, resident=resident, village_id=family.village_id, kind=EventKind.BIRTH, date=birth_date,
                  document_kind=document_kind, document_number=document_number, place=birth_place, note=note)


def _leave_family(*, by, resident: Resident, family: Family | None, reason: str, before) -> None:
    if family is None:
        return
    if family.head_id == resident.pk:
        family.head = None
        family.save(update_fields=["head", "updated_at"])
    family_version_record(family=family, by=by, reason=reason, removed=[resident.nik], before=before)


@transaction.atomic
def event_death(*, by, village, nik: str, date: dt.date, place: str = "",
                document_kind: str = EventDocument.VILLAGE_LETTER, document_number: str = "",
                note: str = "") -> PopulationEvent:
    """A resident of the village died: deceased in the register, off their family card (reissued), no more
    self-service, and the event."""
    require(can_manage_residents(by, village))
    _check_date(date)
    resident = _resident_in(village, nik)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if date < resident.birth_date:
        raise ValidationError({"date": _("Tanggal meninggal tidak boleh sebelum tanggal lahir.")})
    family = resident.family
    before = family_snapshot(family) if family else None
    reason = _reason(EventKind.DEATH, resident, document_number)
    RESIDENTS.apply(resident, "death_recorded", by=by, note=reason, locked=True,
                    changes={"family": None, "family_relation": ""})
    ResidentCredential.objects.filter(resident=resident).delete()
    _leave_family(by=by, resident=resident, family=family, reason=reason, before=before)
    return _event(by=by, resident=resident, village_id=resident.village_id, kind=EventKind.DEATH, date=date,
                  document_kind=document_kind, document_number=document_number, place=place, note=note)


@transaction.atomic
def event_move_out(*, by, village, nik: str, date: dt.date, destination: str,
                   document_kind: str = EventDocument.VILLAGE_LETTER, document_number: str = "",
                   note: str = "") -> PopulationEvent:
    """A resident moved away: moved in the register (they may come back), off their family card, and the event."""
    require(can_manage_residents(by, village))
    _check_date(date)
    if not (destination or "").strip():
        raise ValidationError({"place": _("Alamat tujuan pindah wajib diisi.")})
    resident = Resident.objects.select_for_update().get(pk=_resident_in(village, nik).pk)
    family = resident.family
    before = family_snapshot(family) if family else None
    reason = _reason(EventKind.MOVE_OUT, resident, document_number)
    RESIDENTS.apply(resident, "moved_out", by=by, note=reason, locked=True,
                    changes={"family": None, "family_relation": ""})
    ResidentCredential.objects.filter(resident=resident).delete()
    _leave_family(by=by, resident=resident, family=family, reason=reason, before=before)
    return _event(by=by, resident=resident, village_id=resident.village_id, kind=EventKind.MOVE_OUT, date=date,
                  document_kind=document_kind, document_number=document_number, place=destination, note=note)


@transaction.atomic
def event_move_in(*, by, village, nik: str, date: dt.date, origin: str, kk_number: str = "",
                  relation: str = "", document_kind: str = EventDocument.MOVE_CERTIFICATE, document_number: str = "",
                  note: str = "", **resident_fields) -> PopulationEvent:
    """Someone came to live in the village. A NIK the register knows as moved away (from here or another village of
    the regency) comes back active here; a NIK it does not know is registered with `resident_fields`. With
    `kk_number` they join that card of the village (reissued)."""
    require(can_manage_residents(by, village))
    _check_date(date)
    if not (origin or "").strip():
        raise ValidationError({"place": _("Alamat asal wajib diisi.")})
    nik = normalize_nik(nik or "")
    family = _family_in(village, kk_number) if (kk_number or "").strip() else None
    if family is not None and not relation:
        raise ValidationError({"relation": _("Pilih hubungan dalam keluarga untuk anggota KK.")})
    before = family_snapshot(family) if family else None
    existing = Resident.objects.select_for_update().filter(nik=nik).first()
    if existing is not None:
        if existing.status != ResidentStatus.MOVED:
            raise ValidationError({"nik": _("NIK ini masih tercatat %(status)s di data penduduk; pindah datang hanya "
                                            "untuk penduduk baru atau yang sudah tercatat pindah.")
                                   % {"status": existing.get_status_display().lower()}})
        if family is not None and relation == FamilyRelation.KEPALA and family.head_id:
            raise ValidationError({"relation": _("KK ini sudah punya kepala keluarga.")})
        address = resident_fields.get("address") or (family.address if family else existing.address)
        RESIDENTS.apply(existing, "moved_in", by=by, locked=True, note=origin, changes={
            "village_id": getattr(village, "pk", village), "family": family,
            "family_relation": relation if family else "", "address": address,
            "rt": resident_fields.get("rt") or (family.rt if family else ""),
            "rw": resident_fields.get("rw") or (family.rw if family else ""),
        })
        resident = existing
        if family is not None and relation == FamilyRelation.KEPALA:
            family.head = resident
            family.save(update_fields=["head", "updated_at"])
    else:
        fields = {k: v for k, v in resident_fields.items() if v not in (None,)}
        if family is not None:
            fields.setdefault("address", family.address)
            fields["rt"] = fields.get("rt") or family.rt
            fields["rw"] = fields.get("rw") or family.rw
        resident = resident_create(by=by, nik=nik, village=village, family=family,
                                   family_relation=relation if family else "", **fields)
    if family is not None:
        family_version_record(family=family, by=by, reason=_reason(EventKind.MOVE_IN, resident, document_number),
                              added=[resident.nik], before=before)
    return _event(by=by, resident=resident, village_id=getattr(village, "pk", village), kind=EventKind.MOVE_IN,
                  date=date, document_kind=document_kind, document_number=document_number, place=origin, note=note)


def event_from_civil_registry(*, by, resident: Resident, kind: str, date: dt.date, document_number: str,
                              village_id: str | None = None) -> PopulationEvent:
    """The event of a birth or death the civil registry registered (called by `civil`, inside its transaction)."""
    return _event(by=by, resident=resident, village_id=village_id or resident.village_id, kind=kind, date=date,
                  document_kind=EventDocument.CIVIL_RECORD, document_number=document_number)


# --- The monthly report -------------------------------------------------------------------------------------------

COLUMNS = ("start", "birth", "death", "move_in", "move_out", "end")
SEXES = (Sex.LAKI_LAKI, Sex.PEREMPUAN)


@dataclass
class Counts:
    """Per column, per sex ("L", "P")."""

    values: dict[str, dict[str, int]] = field(default_factory=lambda: {c: {"L": 0, "P": 0} for c in COLUMNS})

    def add(self, other: Counts) -> None:
        for c in COLUMNS:
            for s in ("L", "P"):
                self.values[c][s] += other.values[c][s]

    def total(self, column: str) -> int:
        return self.values[column]["L"] + self.values[column]["P"]

    def cells(self) -> list[int]:
        """L, P, L+P for each column in order (the report's row)."""
        out: list[int] = []
        for c in COLUMNS:
            out += [self.values[c]["L"], self.values[c]["P"], self.total(c)]
        return out

    @property
    def balances(self) -> bool:
        v = self.values
        return all(v["start"][s] + v["birth"][s] + v["move_in"][s] - v["death"][s] - v["move_out"][s] == v["end"][s]
                   for s in ("L", "P"))


@dataclass
class VillageRow:
    village: object
    counts: Counts


@dataclass
class DistrictBlock:
    district: object
    villages: list[VillageRow]
    counts: Counts


@dataclass
class MonthlyReport:
    year: int
    month: int
    districts: list[DistrictBlock]
    counts: Counts  # the whole scope (a regency when every village is in it)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following


SIGN_AFTER = {EventKind.BIRTH: -1, EventKind.MOVE_IN: -1, EventKind.DEATH: +1, EventKind.MOVE_OUT: +1}
COLUMN_OF = {EventKind.BIRTH: "birth", EventKind.DEATH: "death", EventKind.MOVE_IN: "move_in",
             EventKind.MOVE_OUT: "move_out"}


def monthly_report(*, year: int, month: int, villages) -> MonthlyReport:
    """The report of `month` for `villages` (a queryset of Village), per village, summed per district and in all.

    Two grouped queries whatever the number of villages: the active register by (village, sex), and the events
    since the month began by (village, sex, kind, in the month or after)."""
    first, following = _month_bounds(year, month)
    villages = list(villages.select_related("district").order_by("district__code", "code"))
    ids = [v.pk for v in villages]
    from satupintu.wilayah.models import Village

    all_villages = len(ids) >= Village.objects.count()  # a whole regency: no IN list of every village
    per_village: dict[str, Counts] = defaultdict(Counts)

    register = Resident.objects.filter(status=ResidentStatus.ACTIVE)
    events = PopulationEvent.objects.filter(date__gte=first)
    if not all_villages:
        register = register.filter(village_id__in=ids)
        events = events.filter(village_id__in=ids)
    now: dict[tuple[str, str], int] = {
        (row["village_id"], row["sex"]): row["n"]
        for row in register.order_by().values("village_id", "sex").annotate(n=Count("id"))
    }
    in_month: dict[tuple[str, str, str], int] = defaultdict(int)
    after: dict[tuple[str, str], int] = defaultdict(int)  # signed: what to add to "now" to get the month's end
    rows = (events.order_by().values("village_id", "sex", "kind")
            .annotate(in_month=Count("id", filter=Q(date__lt=following)), after=Count("id", filter=Q(date__gte=following))))
    for row in rows:
        in_month[(row["village_id"], row["sex"], row["kind"])] += row["in_month"]
        after[(row["village_id"], row["sex"])] += SIGN_AFTER[row["kind"]] * row["after"]

    for village_id in ids:
        counts = per_village[village_id]
        for sex in ("L", "P"):
            end = now.get((village_id, sex), 0) + after.get((village_id, sex), 0)
            counts.values["end"][sex] = end
            for kind, column in COLUMN_OF.items():
                counts.values[column][sex] = in_month.get((village_id, sex, kind), 0)
            v = counts.values
            v["start"][sex] = end - v["birth"][sex] - v["move_in"][sex] + v["death"][sex] + v["move_out"][sex]

    blocks: list[DistrictBlock] = []
    total = Counts()
    for village in villages:
        if not blocks or blocks[-1].district.pk != village.district_id:
            blocks.append(DistrictBlock(village.district, [], Counts()))
        counts = per_village[village.pk]
        blocks[-1].villages.append(VillageRow(village, counts))
        blocks[-1].counts.add(counts)
        total.add(counts)
    return MonthlyReport(year=year, month=month, districts=blocks, counts=total)
