"""The check of a village's aid lists against the population register: who is recorded twice, who has died or
moved away, who the register does not know. Used by the import (on every row, before anything is stored) and by the
check page (over everything stored), with the same rules and messages.

Rules:
- deceased / moved: the recipient resident (or the head of the recipient family or household) is no longer an
  active resident: the list must be corrected at the programme's source (the ministry's SIKS-NG for PKH/BPNT).
- unknown: the NIK/KK number is not in the village's register.
- double within a programme: the same family receives a programme for families or households twice (as a family
  and through a member, or two rows of one file); a programme for persons may reach several members of a family.
- double across programmes: a family receives two programmes that exclude each other over overlapping periods
  (BLT Dana Desa is for families that get neither PKH nor BPNT: `models.EXCLUSIVE`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from satupintu.penduduk.models import Family, Household, Resident, ResidentStatus

from .models import EXCLUSIVE, Programme, Recipient, TargetKind


@dataclass
class Resolved:
    """What a list's number points at in the register, and what is wrong with it."""

    resident: Resident | None = None
    family: Family | None = None
    household: Household | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def family_id(self) -> int | None:
        if self.family is not None:
            return self.family.pk
        if self.resident is not None:
            return self.resident.family_id
        if self.household is not None and self.household.head_id:
            return self.household.head.family_id
        return None


def _state_flag(person: Resident | None, *, whose: str) -> list[str]:
    if person is None or person.status == ResidentStatus.ACTIVE:
        return []
    if person.status == ResidentStatus.DECEASED:
        return [_("%(whose)s sudah meninggal (%(name)s).") % {"whose": whose, "name": person.name}]
    return [_("%(whose)s sudah pindah (%(name)s).") % {"whose": whose, "name": person.name}]


class Resolver:
    """Looks numbers up in the register of one village, a batch at a time (one query per kind of number)."""

    def __init__(self, village):
        self.village = village

    def load(self, *, niks=(), kks=(), household_numbers=()) -> None:
        self.residents = {
            r.nik: r
            for r in Resident.objects.filter(nik__in=set(niks)).select_related("family", "family__head")
        }
        self.families = {
            f.kk_number: f for f in Family.objects.filter(kk_number__in=set(kks)).select_related("head")
        }
        self.households = {
            h.number: h
            for h in Household.objects.filter(
                village=self.village, number__in=set(household_numbers)
            ).select_related("head")
        }
        # Households of the residents named, for a household programme's list that gives a member's NIK.
        ids = {r.household_id for r in self.residents.values() if r.household_id}
        self.households_by_pk = (
            {h.pk: h for h in Household.objects.filter(pk__in=ids).select_related("head")} if ids else {}
        )

    def resolve(self, target: str, key: str) -> Resolved:
        if target == TargetKind.RESIDENT:
            person = self.residents.get(key)
            if person is None:
                return Resolved(flags=[_("NIK tidak terdaftar di register penduduk.")])
            out = Resolved(resident=person, family=None)
            if person.village_id != self.village.pk:
                out.flags.append(_("NIK terdaftar sebagai penduduk desa lain."))
            out.flags += _state_flag(person, whose=_("Penerima"))
            return out
        if target == TargetKind.FAMILY:
            family = self.families.get(key)
            if family is None:
                return Resolved(flags=[_("Nomor KK tidak terdaftar di register penduduk.")])
            out = Resolved(family=family)
            if family.village_id != self.village.pk:
                out.flags.append(_("KK terdaftar di desa lain."))
            out.flags += _state_flag(family.head, whose=_("Kepala keluarga"))
            return out
        household = self.households.get(key)
        if household is None:
            return Resolved(flags=[_("Nomor rumah tangga tidak terdaftar di desa ini.")])
        out = Resolved(household=household)
        out.flags += _state_flag(household.head, whose=_("Kepala rumah tangga"))
        return out


def _overlaps(a: Programme, b: Programme) -> bool:
    return (b.end is None or a.start <= b.end) and (a.end is None or b.start <= a.end)


def exclusive_holdings(village, programme: Programme) -> dict[int, list[str]]:
    """family id -> names of the programmes that exclude `programme` which that family receives in `village`."""
    kinds = EXCLUSIVE.get(programme.kind, frozenset())
    if not kinds:
        return {}
    others = [
        p
        for p in Programme.objects.filter(kind__in=kinds).exclude(pk=programme.pk)
        if _overlaps(programme, p)
    ]
    out: dict[int, list[str]] = defaultdict(list)
    rows = Recipient.objects.filter(village=village, programme__in=others).values_list(
        "programme__name", "family_id", "resident__family_id", "household__head__family_id"
    )
    for name, family_id, resident_family_id, household_family_id in rows:
        fid = family_id or resident_family_id or household_family_id
        if fid and name not in out[fid]:
            out[fid].append(name)
    return out


def double_flag(names: list[str]) -> str:
    return _("Ganda: keluarga ini juga menerima %(programmes)s, yang tidak boleh diterima bersamaan.") % {
        "programmes": ", ".join(names)
    }


@dataclass(frozen=True)
class Finding:
    recipient: Recipient
    messages: list[str]


def village_findings(village, *, programme: Programme | None = None) -> list[Finding]:
    """Every stored recipient of `village` (of one programme, if given) with something wrong, and what."""
    recipients = list(
        Recipient.objects.filter(village=village, **({"programme": programme} if programme else {}))
        .select_related(
            "programme",
            "resident",
            "resident__family",
            "family",
            "family__head",
            "household",
            "household__head",
        )
        .order_by("programme__name", "name")
    )
    programmes = {r.programme_id: r.programme for r in recipients}
    holdings = {pk: exclusive_holdings(village, p) for pk, p in programmes.items()}
    seen: dict[tuple[int, int], str] = {}
    findings = []
    for r in recipients:
        messages: list[str] = []
        if r.target == TargetKind.RESIDENT:
            person = r.resident
            if person is None:
                messages.append(_("NIK tidak terdaftar di register penduduk."))
            else:
                messages += _state_flag(person, whose=_("Penerima"))
            family_id = person.family_id if person else None
        elif r.target == TargetKind.FAMILY:
            if r.family is None:
                messages.append(_("Nomor KK tidak terdaftar di register penduduk."))
            else:
                messages += _state_flag(r.family.head, whose=_("Kepala keluarga"))
            family_id = r.family_id
        else:
            head = r.household.head if r.household else None
            if r.household is None:
                messages.append(_("Nomor rumah tangga tidak terdaftar di desa ini."))
            messages += _state_flag(head, whose=_("Kepala rumah tangga"))
            family_id = head.family_id if head else None
        # Members of one family may each receive a programme for persons (PBI JKN); a family programme once.
        if family_id and r.target != TargetKind.RESIDENT:
            other = seen.get((r.programme_id, family_id))
            if other is not None:
                messages.append(
                    _("Ganda: keluarga ini sudah menerima program ini (%(name)s).") % {"name": other}
                )
            else:
                seen[(r.programme_id, family_id)] = r.name
        if family_id:
            names = holdings[r.programme_id].get(family_id)
            if names:
                messages.append(double_flag(names))
        if messages:
            findings.append(Finding(r, messages))
    return findings
