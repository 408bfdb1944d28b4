"""Permission-checked reads of the social-aid records, the public summary of a village's aid, and the poverty
status a village letter (SKTM) prints."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.akun.permissions import is_regency_wide, scope_queryset

from .models import PovertyEntry, Programme, Publication, Recipient
from .permissions import can_use_bansos


def programmes_for_user(*, user) -> QuerySet[Programme]:
    """The regency's programmes and the local ones of the villages in the user's scope."""
    if not can_use_bansos(user):
        return Programme.objects.none()
    if is_regency_wide(user):
        return Programme.objects.all()
    return Programme.objects.filter(Q(village__isnull=True) | Q(village_id=user.village_id))


def programme_get_for_user(*, pk: int, user) -> Programme:
    try:
        return programmes_for_user(user=user).select_related("village").get(pk=pk)
    except (Programme.DoesNotExist, ValueError):
        raise Http404 from None


def recipients_for_user(*, user) -> QuerySet[Recipient]:
    if not can_use_bansos(user):
        return Recipient.objects.none()
    return scope_queryset(user, Recipient.objects.all(), village_field="village")


def recipient_get_for_user(*, pk: int, user) -> Recipient:
    try:
        return recipients_for_user(user=user).select_related("programme", "village").get(pk=pk)
    except (Recipient.DoesNotExist, ValueError):
        raise Http404 from None


def poverty_for_user(*, user) -> QuerySet[PovertyEntry]:
    if not can_use_bansos(user):
        return PovertyEntry.objects.none()
    return scope_queryset(user, PovertyEntry.objects.all(), village_field="village")


# --- Public ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicProgramme:
    programme: Programme
    count: int
    names: list[str] | None  # None: the village did not choose to publish names


def public_summary(village) -> list[PublicProgramme]:
    """A village's aid for its public page: per programme the number of recipients, and their names where the
    village chose to publish them. No NIK or KK number ever leaves this function."""
    counts = Recipient.objects.filter(village=village).values("programme").annotate(n=Count("pk")).order_by()
    by_programme = {row["programme"]: row["n"] for row in counts}
    programmes = Programme.objects.filter(pk__in=by_programme).order_by("-start", "name")
    published = set(
        Publication.objects.filter(village=village, publish_names=True).values_list("programme_id", flat=True)
    )
    names: dict[int, list[str]] = {}
    if published:
        for programme_id, name in (
            Recipient.objects.filter(village=village, programme_id__in=published)
            .order_by("name")
            .values_list("programme_id", "name")
        ):
            names.setdefault(programme_id, []).append(name)
    return [
        PublicProgramme(p, by_programme[p.pk], names.get(p.pk, []) if p.pk in published else None)
        for p in programmes
    ]


# --- For the SKTM letter --------------------------------------------------------------------------------------


def poverty_status(*, nik: str, kk_number: str) -> str:
    """One sentence on whether the family is in the national poverty data and which aid it receives, as a letter
    prints it: "terdaftar dalam DTKS (desil 1) dan menerima PKH" / "tidak terdaftar dalam DTKS/DTSEN"."""
    entry = None
    if kk_number:
        entry = PovertyEntry.objects.filter(kk_number=kk_number).order_by("-data_date").first()
    if entry is None and nik:
        entry = PovertyEntry.objects.filter(head_nik=nik).order_by("-data_date").first()
    condition = Q(resident__nik=nik) if nik else Q(pk__in=[])
    if kk_number:
        condition |= Q(family__kk_number=kk_number) | Q(resident__family__kk_number=kk_number)
    programmes = list(
        Recipient.objects.filter(condition)
        .values_list("programme__name", flat=True)
        .distinct()
        .order_by("programme__name")
    )
    if entry is None:
        text = _("tidak terdaftar dalam data terpadu kesejahteraan sosial (DTKS/DTSEN)")
    elif entry.decile:
        text = _("terdaftar dalam %(source)s (desil %(decile)s)") % {
            "source": entry.get_source_display().split(" (")[0],
            "decile": entry.decile,
        }
    else:
        text = _("terdaftar dalam %(source)s") % {"source": entry.get_source_display().split(" (")[0]}
    if programmes:
        text = _("%(status)s dan menerima %(programmes)s") % {
            "status": text,
            "programmes": ", ".join(programmes),
        }
    return text
