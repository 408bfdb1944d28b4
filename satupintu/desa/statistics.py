"""Population statistics of a village from the register, published without revealing anyone.

Rule (statistical disclosure control, in the spirit of the ONS/Stats NZ census rules):
1. Only database aggregates are read (COUNT ... GROUP BY); no person row ever leaves the database here.
2. Primary suppression: a group of fewer than 5 people (including an empty group in a fixed table such as the age
   pyramid) is shown as "< 5" and drawn as an empty bar.
3. Every other figure, totals included, is rounded to the nearest multiple of 5. Because each published figure then
   carries an uncertainty of ±2, subtracting the shown cells from a shown total (or comparing tables) cannot give the
   exact size of a suppressed group. Bars and percentages are computed from the published figures, never from the
   exact counts, so the drawing leaks nothing either.
A category that nobody in the village has is simply not listed in the open-ended tables (education, occupation,
religion)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

THRESHOLD = 5
ROUND_BASE = 5
AGE_GROUPS = [(lo, lo + 4) for lo in range(0, 75, 5)] + [(75, None)]


@dataclass(frozen=True)
class Cell:
    text: str
    value: int  # the published figure (rounded) or 0 when suppressed; use this for drawing
    suppressed: bool


def publish_count(n: int) -> Cell:
    if n < THRESHOLD:
        return Cell(_("< 5"), 0, True)
    rounded = ROUND_BASE * ((n + ROUND_BASE // 2) // ROUND_BASE)
    return Cell(f"{rounded:,}".replace(",", "."), rounded, False)


def resident_model():
    """The register's Resident model, or None while the population app does not provide it."""
    try:
        from satupintu.penduduk.models import Resident
    except ImportError:
        return None
    return Resident


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _active(qs, model):
    """Only people living in the village count: moved and deceased residents are left out."""
    return qs.active() if hasattr(qs, "active") else qs.filter(status="active")


def age_label(lo: int, hi: int | None) -> str:
    return f"{lo}–{hi}" if hi is not None else f"{lo}+"


def village_statistics(village, *, today: date | None = None) -> dict | None:
    Resident = resident_model()
    if Resident is None:
        return None
    today = today or timezone.localdate()
    base = _active(Resident.objects.filter(village=village), Resident)
    whens = [
        When(birth_date__gt=_years_before(today, (hi if hi is not None else 200) + 1), then=Value(age_label(lo, hi)))
        for lo, hi in AGE_GROUPS
    ]
    grouped = (
        base.annotate(age_group=Case(*whens, default=Value(age_label(*AGE_GROUPS[-1])), output_field=CharField()))
        .values("age_group", "sex").annotate(n=Count("pk")).order_by()
    )
    raw = {(r["age_group"], r["sex"]): r["n"] for r in grouped}
    pyramid_rows = []
    for lo, hi in reversed(AGE_GROUPS):
        label = age_label(lo, hi)
        male, female = publish_count(raw.get((label, "L"), 0)), publish_count(raw.get((label, "P"), 0))
        pyramid_rows.append({"label": label, "male": male, "female": female})
    by_sex = {r["sex"]: r["n"] for r in base.values("sex").annotate(n=Count("pk")).order_by()}
    total = sum(by_sex.values())
    return {
        "total": publish_count(total),
        "male": publish_count(by_sex.get("L", 0)),
        "female": publish_count(by_sex.get("P", 0)),
        "pyramid": pyramid_rows,
        "education": _table(base, "education", Resident),
        "occupation": _table(base, "occupation", Resident),
        "religion": _table(base, "religion", Resident),
        "marital_status": _table(base, "marital_status", Resident),
        "blood_type": _table(base, "blood_type", Resident),
        "disability": _table(base.exclude(disability="tidak_ada"), "disability", Resident),
        "health_insurance": _table(base, "health_insurance", Resident),
        "welfare": _household_welfare(village),
        "aid": _aid_recipients(village),
    }


def _table(base, field: str, model) -> list[dict]:
    try:
        choices = dict(model._meta.get_field(field).flatchoices)
    except Exception:  # noqa: BLE001 - a field without choices shows its stored value
        choices = {}
    rows = base.exclude(**{field: ""}).values(field).annotate(n=Count("pk")).order_by("-n", field)
    out = []
    for r in rows:
        cell = publish_count(r["n"])
        out.append({"label": str(choices.get(r[field], r[field])), "cell": cell})
    # Suppressed rows last, in name order, so their position does not hint at their size.
    out.sort(key=lambda row: (row["cell"].suppressed, -row["cell"].value, row["label"]))
    return out


def _household_welfare(village) -> list[dict]:
    """Households by welfare stage (households, not people: one row per household)."""
    try:
        from satupintu.penduduk.models import Household
    except ImportError:
        return []
    return _table(Household.objects.filter(village=village), "welfare", Household)


def _aid_recipients(village) -> list[dict]:
    """Recipients per aid programme (families, people or households, as the programme counts them), under the same
    rule as every other table: the public aid page (bansos) is where a village chooses to publish more."""
    from django.db.models import F

    from satupintu.bansos.models import Recipient

    rows = (
        Recipient.objects.filter(village=village).annotate(label=F("programme__name")).values("label")
        .annotate(n=Count("pk")).order_by("-n", "label")
    )
    out = [{"label": r["label"], "cell": publish_count(r["n"])} for r in rows]
    out.sort(key=lambda row: (row["cell"].suppressed, -row["cell"].value, row["label"]))
    return out
