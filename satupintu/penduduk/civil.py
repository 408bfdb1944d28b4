"""Writes to the register by the civil registry (Disdukcapil): a registered birth adds a resident to a family card, a
registered death marks the resident deceased and takes them off the card. Each reissues the KK as a new
`FamilyVersion` (the old version kept, with who changed what and when).

Called by adminduk's registration services inside their own transaction; the permission is the civil registrar's
(`permissions.can_register_civil_events`), not the village's: Disdukcapil keeps the whole regency's register."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.core.audit import audit_record

from .models import (
    Education,
    Family,
    FamilyRelation,
    FamilyVersion,
    MaritalStatus,
    Resident,
    ResidentCredential,
    ResidentStatus,
)
from .permissions import can_register_civil_events
from .workflow import RESIDENTS

MEMBER_ORDER = {value: i for i, value in enumerate(FamilyRelation.values)}


def family_members(family: Family) -> list[Resident]:
    """The residents on the card now, in the KK's order (head, spouse, children by age, others)."""
    members = list(
        Resident.objects.filter(family=family).exclude(status=ResidentStatus.DECEASED)
        .only("nik", "name", "sex", "birth_place", "birth_date", "family_relation", "religion", "education",
              "marital_status", "occupation", "status")
    )
    members.sort(key=lambda r: (MEMBER_ORDER.get(r.family_relation, 99), r.birth_date, r.nik))
    return members


def family_snapshot(family: Family) -> list[dict]:
    """The card's rows as plain values (what a KK prints)."""
    return [
        {
            "nik": r.nik, "name": r.name, "sex": r.sex, "birth_place": r.birth_place,
            "birth_date": r.birth_date.isoformat(), "relation": r.family_relation, "religion": r.religion,
            "education": r.education, "marital_status": r.marital_status, "occupation": r.occupation,
        }
        for r in family_members(family)
    ]


def _head_nik(family: Family) -> str:
    return Resident.objects.filter(pk=family.head_id).values_list("nik", flat=True).first() or "" if family.head_id else ""


def family_version_record(
    *, family: Family, by, reason: str, added: list[str] = (), removed: list[str] = (),
    before: list[dict] | None = None, at: dt.datetime | None = None,
) -> FamilyVersion:
    """Record the card as it stands now as its next version. `before`: the members before this change, recorded as
    version 1 when the card has no version yet (a card imported from the registry before versioning began)."""
    # Only the card's row is locked (not its village and district, read along for the printed card).
    family = Family.objects.select_for_update(of=("self",)).select_related("village__district").get(pk=family.pk)
    last = family.versions.order_by("-version").values_list("version", flat=True).first()
    at = at or timezone.now()
    if last is None:
        FamilyVersion.objects.create(
            family=family, version=1, members=before if before is not None else family_snapshot(family),
            head_nik=_head_nik(family), address=family.address, reason=_("Data KK sebelum perubahan pertama"),
            created_at=family.updated_at if before is not None else at,
        )
        last = 1
    version = FamilyVersion.objects.create(
        family=family, version=last + 1, members=family_snapshot(family), head_nik=_head_nik(family),
        address=family.address, change={"added": list(added), "removed": list(removed)}, reason=reason[:255],
        created_by=by if getattr(by, "is_authenticated", False) else None, created_at=at,
    )
    audit_record(obj=family, action="kk_reissued", actor=by, data={"version": version.version, "added": len(added),
                                                                   "removed": len(removed)})
    return version


def relation_to_head(family: Family, parents: list[Resident]) -> str:
    """A newborn's relation to the head of the card: child of the head or the head's spouse, grandchild of the head
    when a parent is the head's child, other family otherwise."""
    relations = {p.family_relation for p in parents if p.family_id == family.pk}
    if relations & {FamilyRelation.KEPALA, FamilyRelation.ISTRI, FamilyRelation.SUAMI}:
        return FamilyRelation.ANAK
    if relations & {FamilyRelation.ANAK, FamilyRelation.MENANTU}:
        return FamilyRelation.CUCU
    return FamilyRelation.FAMILI_LAIN if relations else FamilyRelation.ANAK


@transaction.atomic
def resident_register_birth(
    *, by, family: Family, nik: str, name: str, sex: str, birth_place: str, birth_date: dt.date,
    parents: list[Resident], reason: str, document_number: str = "",
) -> tuple[Resident, FamilyVersion]:
    """Add a newborn to the register and to `family`, and reissue the card. Religion follows the mother (else the
    father, else the head); a newborn is unmarried and not yet at school."""
    require(can_register_civil_events(by))
    before = family_snapshot(family)
    religion = next((p.religion for p in parents if p.religion), "")
    if not religion and family.head_id:
        religion = Resident.objects.filter(pk=family.head_id).values_list("religion", flat=True).first() or ""
    resident = Resident(
        nik=nik, name=name, sex=sex, birth_place=birth_place, birth_date=birth_date, religion=religion or "islam",
        marital_status=MaritalStatus.BELUM_KAWIN, education=Education.TIDAK_SEKOLAH, address=family.address,
        rt=family.rt, rw=family.rw, village_id=family.village_id, family=family,
        family_relation=relation_to_head(family, parents),
    )
    # The NIK was drawn under a lock that already excludes taken ones; village and family come from a loaded card.
    resident.full_clean(exclude=["village", "family"], validate_unique=False)
    resident.save()
    audit_record(obj=resident, action="created", actor=by, to_state=resident.status, note=reason)
    version = family_version_record(family=family, by=by, reason=reason, added=[nik], before=before)
    from .events import event_from_civil_registry  # events builds on this module

    event_from_civil_registry(by=by, resident=resident, kind="birth", date=birth_date,
                              document_number=document_number or reason)
    return resident, version


@transaction.atomic
def resident_register_death(*, by, resident: Resident, reason: str, date: dt.date | None = None,
                            document_number: str = "") -> FamilyVersion | None:
    """Mark `resident` deceased (the register's own workflow step), end their self-service access and take them off
    their family card, which is reissued. Returns the new card version (None if they were on no card)."""
    require(can_register_civil_events(by))
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if resident.status == ResidentStatus.DECEASED:
        raise ValidationError(_("Penduduk ini sudah tercatat meninggal."), code="deceased")
    family = resident.family
    was_active = resident.status == ResidentStatus.ACTIVE
    before = family_snapshot(family) if family else None
    RESIDENTS.apply(resident, "death_registered", by=by, note=reason, locked=True,
                    changes={"family": None, "family_relation": ""})
    ResidentCredential.objects.filter(resident=resident).delete()  # no self-service for the deceased
    if was_active:  # a resident already moved away is no longer counted by the village's report
        from .events import event_from_civil_registry

        event_from_civil_registry(by=by, resident=resident, kind="death", date=date or timezone.localdate(),
                                  document_number=document_number or reason)
    if family is None:
        return None
    if family.head_id == resident.pk:
        family.head = None
        family.save(update_fields=["head", "updated_at"])
    return family_version_record(family=family, by=by, reason=reason, removed=[resident.nik], before=before)


def family_version_get(*, family: Family, version: int) -> FamilyVersion:
    return FamilyVersion.objects.get(family=family, version=version)
