"""Reads of the channels app, permission-checked where a person asks."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from satupintu.akun.permissions import require

from .models import OutboxMessage, SocialCandidate
from .permissions import can_manage_channels

_PREFIXES = re.compile(r"^(desa|kelurahan|kel\.?|ds\.?|dusun|nagori)\s+", re.IGNORECASE)


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9 ,]", " ", value.lower())
    value = re.sub(r"\s+", " ", value).strip()
    return _PREFIXES.sub("", value)


@dataclass(frozen=True)
class VillageMatch:
    village: object | None
    candidates: tuple = ()


def village_match(text: str) -> VillageMatch:
    """Find the deployment's village a citizen named: "Sialtong", "desa sialtong", "Sialtong, Kotarih". One exact
    name (or name + district) wins; a name shared by several districts or a near miss returns candidates so the
    citizen can be asked to choose."""
    from satupintu.wilayah.models import Village

    query = _norm(text)
    if not query:
        return VillageMatch(None)
    prefix = getattr(settings, "SATUPINTU_REGENCY_CODE", "") + "."
    villages = list(Village.objects.filter(code__startswith=prefix).select_related("district"))
    name_part, _sep, district_part = query.partition(",")
    name_part, district_part = name_part.strip(), _PREFIXES.sub("", district_part.strip().removeprefix("kecamatan "))
    exact = [v for v in villages if _norm(v.name) == name_part]
    if district_part:
        exact = [v for v in exact if _norm(v.district.name) == district_part] or exact
    if len(exact) == 1:
        return VillageMatch(exact[0])
    if exact:
        return VillageMatch(None, tuple(exact))
    names = {_norm(v.name): v for v in villages}
    close = difflib.get_close_matches(name_part, list(names), n=3, cutoff=0.75)
    if len(close) == 1 and difflib.SequenceMatcher(None, name_part, close[0]).ratio() >= 0.9:
        return VillageMatch(names[close[0]])
    return VillageMatch(None, tuple(names[c] for c in close))


def outbox_list(*, user, status: str = "", channel: str = "") -> QuerySet[OutboxMessage]:
    require(can_manage_channels(user))
    qs = OutboxMessage.objects.all().order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    return qs


def outbox_counts(*, user) -> dict[str, int]:
    require(can_manage_channels(user))
    return dict(OutboxMessage.objects.values_list("status").annotate(n=Count("id")).order_by())


def outbox_get(*, pk: int, user) -> OutboxMessage:
    require(can_manage_channels(user))
    return get_object_or_404(OutboxMessage, pk=pk)


def candidate_list(*, user, status: str = "", channel: str = "") -> QuerySet[SocialCandidate]:
    require(can_manage_channels(user))
    qs = SocialCandidate.objects.select_related("created_by", "handled_by")
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    return qs


def candidate_get(*, pk: int, user) -> SocialCandidate:
    require(can_manage_channels(user))
    return get_object_or_404(SocialCandidate.objects.select_related("created_by", "handled_by"), pk=pk)
