"""Writes to the register by village staff. Each one checks scope, validates the whole record and is audited in
its transaction. The audit keeps which fields changed, not their values: the trail is read by administrators who do
not need a copy of every resident's data.

Bulk loading from the civil registry is in `imports`; self-service PINs in `mandiri`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.core.audit import audit_record

from .models import Family, FamilyRelation, Household, Resident, ResidentStatus
from .nik import normalize_nik
from .permissions import can_manage_residents
from .workflow import RESIDENTS, allowed_statuses

# What staff may set through the register pages (status has its own service; NIK is fixed once created).
RESIDENT_FIELDS = (
    "name", "sex", "birth_place", "birth_date", "religion", "marital_status", "occupation", "education", "address",
    "rt", "rw", "village", "family", "family_relation", "blood_type", "disability", "health_insurance",
)


def _check_family(resident: Resident) -> None:
    family = resident.family
    if family is None:
        if resident.family_relation:
            raise ValidationError({"family_relation": _("Hubungan keluarga hanya diisi jika penduduk masuk sebuah KK.")})
        return
    if family.village_id != resident.village_id:
        raise ValidationError({"family": _("KK ini terdaftar di desa lain; penduduk dan KK-nya harus di desa yang sama.")})
    if resident.family_relation == FamilyRelation.KEPALA:
        other_head = family.members.filter(family_relation=FamilyRelation.KEPALA).exclude(pk=resident.pk).first()
        if other_head is not None:
            raise ValidationError(
                {"family_relation": _("KK ini sudah punya kepala keluarga (%(name)s).") % {"name": other_head.name}}
            )


def _sync_family_head(family: Family | None) -> None:
    if family is None:
        return
    head = family.members.filter(family_relation=FamilyRelation.KEPALA).order_by("pk").first()
    if family.head_id != (head.pk if head else None):
        family.head = head
        family.save(update_fields=["head", "updated_at"])


def _family_for(*, by, kk_number: str | None, fields: dict[str, Any]) -> None:
    """Turn a `kk_number` into `fields["family"]`, creating the family (with the resident's address) if it is new."""
    if kk_number is None:
        return
    kk_number = normalize_nik(kk_number)
    if not kk_number:
        fields["family"] = None
        return
    family = Family.objects.filter(kk_number=kk_number).first()
    if family is None:
        family = family_create(
            by=by, kk_number=kk_number, village=fields["village"], address=fields.get("address", ""),
            rt=fields.get("rt", ""), rw=fields.get("rw", ""),
        )
    elif not can_manage_residents(by, family.village_id):
        raise ValidationError({"family": _("KK ini terdaftar di desa lain; penduduk dan KK-nya harus di desa yang sama.")})
    fields["family"] = family


@transaction.atomic
def resident_create(*, by, nik: str, kk_number: str | None = None, **fields: Any) -> Resident:
    """Register a resident. `fields` are those in RESIDENT_FIELDS; `village` must be in the user's scope. With
    `kk_number` the resident joins that family card (created in the same village if it is not registered yet)."""
    unknown = set(fields) - set(RESIDENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown resident fields: {sorted(unknown)}")
    require(can_manage_residents(by, fields.get("village")))
    _family_for(by=by, kk_number=kk_number, fields=fields)
    resident = Resident(nik=normalize_nik(nik), **fields)
    resident.full_clean()
    _check_family(resident)
    resident.save()
    _sync_family_head(resident.family)
    audit_record(obj=resident, action="created", actor=by, to_state=resident.status)
    return resident


@transaction.atomic
def resident_update(*, resident: Resident, by, kk_number: str | None = None, **fields: Any) -> Resident:
    """Change a resident's data. Moving to another village needs scope over both villages (a regency admin).
    `kk_number`: as in resident_create; an empty string takes the resident off any family card."""
    unknown = set(fields) - set(RESIDENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown resident fields: {sorted(unknown)}")
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    require(can_manage_residents(by, resident.village_id))
    if kk_number is not None:
        fields.setdefault("village", resident.village)
        require(can_manage_residents(by, fields["village"]))
        _family_for(by=by, kk_number=kk_number, fields=fields)
    old_family = resident.family
    changed = []
    for name, value in fields.items():
        if getattr(resident, name) != value:
            setattr(resident, name, value)
            changed.append(name)
    if not changed:
        return resident
    require(can_manage_residents(by, resident.village_id))
    resident.full_clean()
    _check_family(resident)
    resident.save()
    _sync_family_head(resident.family)
    if old_family is not None and old_family != resident.family:
        _sync_family_head(old_family)
    audit_record(obj=resident, action="updated", actor=by, data={"fields": sorted(changed)})
    return resident


@transaction.atomic
def resident_status_change(*, resident: Resident, by, status: str, note: str = "") -> Resident:
    """Mark a resident moved away, deceased, or active again (see workflow.TRANSITIONS)."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    require(can_manage_residents(by, resident.village_id))
    if status not in allowed_statuses(resident):
        raise ValidationError(
            _("Status penduduk tidak dapat diubah dari %(old)s menjadi %(new)s.")
            % {"old": resident.get_status_display(), "new": ResidentStatus(status).label if status in
               ResidentStatus.values else status},
            code="transition",
        )
    RESIDENTS.apply(resident, "status_changed", by=by, to=status, note=note)
    if status == ResidentStatus.DECEASED and hasattr(resident, "credential"):
        resident.credential.delete()  # no self-service sign-in for a deceased resident
    return resident


@transaction.atomic
def family_create(*, by, kk_number: str, village, address: str = "", rt: str = "", rw: str = "") -> Family:
    from satupintu.wilayah.models import District

    require(can_manage_residents(by, village))
    kk_number = normalize_nik(kk_number)
    family = Family(kk_number=kk_number, village=village, address=address, rt=rt, rw=rw)
    family.full_clean()
    region = f"{kk_number[:2]}.{kk_number[2:4]}.{kk_number[4:6]}"
    if not District.objects.filter(code=region).exists():
        raise ValidationError(
            {"kk_number": _("Enam digit pertama nomor KK (%(code)s) bukan kode wilayah yang dikenal.")
             % {"code": kk_number[:6]}}
        )
    family.save()
    audit_record(obj=family, action="created", actor=by)
    return family


@transaction.atomic
def family_update(*, family: Family, by, **fields: Any) -> Family:
    allowed = {"address", "rt", "rw"}
    if set(fields) - allowed:
        raise TypeError(f"unknown family fields: {sorted(set(fields) - allowed)}")
    family = Family.objects.select_for_update().get(pk=family.pk)
    require(can_manage_residents(by, family.village_id))
    changed = [name for name, value in fields.items() if getattr(family, name) != value]
    if not changed:
        return family
    for name in changed:
        setattr(family, name, fields[name])
    family.full_clean()
    family.save()
    audit_record(obj=family, action="updated", actor=by, data={"fields": sorted(changed)})
    return family


# --- Households (rumah tangga) --------------------------------------------------------------------------------

HOUSEHOLD_FIELDS = (
    "number", "address", "rt", "rw", "latitude", "longitude", "floor", "wall", "water", "electricity", "sanitation",
    "floor_area", "welfare",
)


def _next_household_number(village) -> str:
    numbers = Household.objects.filter(village=village).values_list("number", flat=True)
    top = max((int(n) for n in numbers if n.isdigit()), default=0)
    return f"{top + 1:04d}"


def _household_members(*, household: Household, member_niks: list[str], head_nik: str) -> tuple[list[Resident], Resident]:
    """Check the members (active residents of the household's village) and the head (one of them)."""
    niks = list(dict.fromkeys(normalize_nik(n) for n in member_niks if normalize_nik(n)))
    if not niks:
        raise ValidationError({"members": _("Rumah tangga harus punya paling sedikit satu anggota.")})
    found = {r.nik: r for r in Resident.objects.filter(nik__in=niks)}
    wrong = [n for n in niks if n not in found or found[n].village_id != household.village_id or not found[n].is_active]
    if wrong:
        raise ValidationError({"members": _(
            "NIK berikut bukan penduduk aktif desa ini: %(niks)s."
        ) % {"niks": ", ".join(wrong)}})
    head_nik = normalize_nik(head_nik)
    if head_nik not in found:
        raise ValidationError({"head_nik": _("Kepala rumah tangga harus salah satu anggotanya.")})
    return [found[n] for n in niks], found[head_nik]


@transaction.atomic
def household_save(
    *, by, household: Household | None = None, village=None, member_niks: list[str], head_nik: str, **fields: Any
) -> Household:
    """Create (`household` None, in `village`) or change a household: its house data, its members and its head.
    A member who was in another household moves to this one (the audit names both). Residents taken off are left
    without a household."""
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"unknown household fields: {sorted(unknown)}")
    creating = household is None
    if creating:
        require(can_manage_residents(by, village))
        household = Household(village=village)
        before: dict[str, Any] = {}
        old_members: set[int] = set()
    else:
        household = Household.objects.select_for_update().get(pk=household.pk)
        require(can_manage_residents(by, household.village_id))
        before = {name: getattr(household, name) for name in HOUSEHOLD_FIELDS}
        before["head_id"] = household.head_id
        old_members = set(household.members.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(household, name, value)
    if not household.number:
        household.number = _next_household_number(household.village_id)
    members, head = _household_members(household=household, member_niks=member_niks, head_nik=head_nik)
    household.head = head
    household.full_clean()
    if Household.objects.filter(village_id=household.village_id, number=household.number).exclude(
        pk=household.pk
    ).exists():
        raise ValidationError({"number": _("Nomor rumah tangga ini sudah dipakai di desa ini.")})
    household.save()
    new_members = {r.pk for r in members}
    moved_from = sorted(
        {r.household_id for r in members if r.household_id and r.household_id != household.pk}
    )
    Resident.objects.filter(pk__in=new_members).update(household=household)
    if old_members - new_members:
        Resident.objects.filter(pk__in=old_members - new_members).update(household=None)
    for other in Household.objects.filter(pk__in=moved_from).select_for_update():
        if other.head_id in new_members:  # its head moved here
            other.head = other.members.order_by("pk").first()
            other.save(update_fields=["head", "updated_at"])
    changed = sorted(name for name in HOUSEHOLD_FIELDS if before.get(name) != getattr(household, name))
    if before.get("head_id") != household.head_id:
        changed.append("head")
    if old_members != new_members:
        changed.append("members")
    if creating or changed:
        audit_record(
            obj=household, action="created" if creating else "updated", actor=by,
            data={"fields": changed, "members": len(new_members), "moved_from": moved_from},
        )
    return household
