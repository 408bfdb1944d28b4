"""Writes to the social-aid records: programmes, single recipients, the village's publication choice. Each checks
scope and is audited in its transaction. Lists of recipients and the poverty data come in through `imports`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from satupintu.akun.permissions import is_regency_wide, require
from satupintu.core.audit import audit_record
from satupintu.penduduk.nik import normalize_nik

from .checks import Resolver, double_flag, exclusive_holdings
from .models import Programme, Publication, Recipient, TargetKind
from .permissions import can_manage_programme, can_manage_village_aid

PROGRAMME_FIELDS = ("name", "kind", "source", "target", "start", "end", "description")


@transaction.atomic
def programme_save(*, by, programme: Programme | None = None, village=None, **fields: Any) -> Programme:
    """Create (`programme` None) or change a programme. A regency-wide user creates regency programmes (no village)
    unless `village` is given; village staff create their own village's local programmes."""
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    creating = programme is None
    if creating:
        if village is None:
            require(is_regency_wide(by))
        else:
            require(can_manage_village_aid(by, village))
        programme = Programme(village=village)
        before: dict[str, Any] = {}
    else:
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        require(can_manage_programme(by, programme))
        before = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    if programme.end and programme.end < programme.start:
        raise ValidationError({"end": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    programme.save()
    changed = sorted(name for name in PROGRAMME_FIELDS if before.get(name) != getattr(programme, name))
    audit_record(
        obj=programme,
        action="bansos.programme_created" if creating else "bansos.programme_updated",
        actor=by,
        data={"fields": changed, "village": programme.village_id},
    )
    return programme


@transaction.atomic
def recipient_add(
    *,
    by,
    programme: Programme,
    village,
    number: str,
    name: str = "",
    amount: int | None = None,
    note: str = "",
) -> tuple[Recipient, list[str]]:
    """Add one recipient by NIK, KK number or household number (what the programme targets). Returns the recipient
    and the check's flags (deceased, moved, unknown, double), which the page shows: they do not block the entry."""
    require(can_manage_village_aid(by, village))
    if programme.village_id not in (None, village.pk):
        raise ValidationError(_("Program ini milik desa lain."), code="programme_village")
    target = programme.target
    key = number.strip() if target == TargetKind.HOUSEHOLD else normalize_nik(number)
    if target != TargetKind.HOUSEHOLD and not (len(key) == 16 and key.isdigit()):
        raise ValidationError({"number": _("Isi 16 digit angka.")})
    if Recipient.objects.filter(programme=programme, target=target, key=key).exists():
        raise ValidationError({"number": _("Nomor ini sudah tercatat sebagai penerima program ini.")})
    resolver = Resolver(village)
    resolver.load(niks=[key], kks=[key], household_numbers=[key])
    found = resolver.resolve(target, key)
    flags = list(found.flags)
    family_id = found.family_id
    if (
        family_id
        and target != TargetKind.RESIDENT
        and Recipient.objects.filter(
            Q(family_id=family_id) | Q(resident__family_id=family_id), programme=programme, village=village
        ).exists()
    ):
        flags.append(_("Ganda: keluarga ini sudah menerima program ini."))
    holdings = exclusive_holdings(village, programme)
    if family_id and holdings.get(family_id):
        flags.append(double_flag(holdings[family_id]))
    if not name:
        person = (
            found.resident
            or (found.family.head if found.family else None)
            or (found.household.head if found.household else None)
        )
        name = person.name if person else ""
    if not name:
        raise ValidationError({"name": _("Nama penerima wajib diisi bila nomornya tidak ada di register.")})
    recipient = Recipient.objects.create(
        programme=programme,
        village=village,
        target=target,
        key=key,
        name=name[:150],
        amount=amount,
        note=note,
        resident=found.resident,
        family=found.family,
        household=found.household,
        added_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        obj=recipient,
        action="bansos.recipient_added",
        actor=by,
        data={"programme": programme.pk, "flags": len(flags)},
    )
    return recipient, flags


@transaction.atomic
def recipient_remove(*, by, recipient: Recipient, reason: str) -> None:
    require(can_manage_village_aid(by, recipient.village_id))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Tulis alasan penerima dihapus (misalnya meninggal, pindah, mampu).")}
        )
    audit_record(
        obj=recipient.programme,
        action="bansos.recipient_removed",
        actor=by,
        note=reason[:500],
        data={"recipient": recipient.pk, "village": recipient.village_id},
    )
    recipient.delete()


@transaction.atomic
def publication_set(*, by, village, programme: Programme, publish_names: bool) -> Publication:
    """The village decides whether its public aid page names this programme's recipients (never their NIK)."""
    require(can_manage_village_aid(by, village))
    publication, _created = Publication.objects.select_for_update().get_or_create(
        village=village, programme=programme
    )
    if publication.publish_names != publish_names:
        publication.publish_names = publish_names
        publication.save()
        audit_record(
            obj=programme,
            action="bansos.publication_changed",
            actor=by,
            to_state="names" if publish_names else "counts",
            data={"village": getattr(village, "pk", village)},
        )
    return publication
