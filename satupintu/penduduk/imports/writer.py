"""Writing checked rows in batches: families first (fetched, updated or created per batch), then residents by an
upsert on NIK.

The inserts are plain `INSERT ... ON CONFLICT (nik) DO UPDATE` statements run with `executemany` (SQLite and
PostgreSQL both have this syntax): at a million rows, Django's bulk_create spends most of its time building model
instances and preparing every value through the field API, which is what the 2-minute target cannot afford. The
values are the ones the model would store (choices already mapped, dates adapted by the backend's own operations).
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Family, Resident, ResidentStatus
from .rows import KEPALA, Rejection, Row

# Order of `Row.values`.
RESIDENT_VALUE_FIELDS = (
    "name", "sex", "birth_place", "birth_date", "religion", "marital_status", "occupation", "education", "address",
    "rt", "rw", "village", "family_relation",
)


def _columns(model, names) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


class Writer:
    def __init__(self, *, allowed_villages: set[str] | None):
        self.allowed_villages = allowed_villages
        self.written = 0
        self.updated = 0
        self.families_created = 0
        # KK number (as int) -> family id, for every family this import has met: most families come in one batch,
        # but a family cut by a batch boundary must not be looked up (or created) twice.
        self.family_ids: dict[int, int] = {}
        self.families_existed = Family.objects.exists()
        # An import not limited to villages needs existing residents only to count created vs updated: one count
        # before and after does that without a look-up per batch.
        self.count_before = Resident.objects.count() if allowed_villages is None else None

        # Only identifiers from the models' _meta go into the SQL text; every value is a query parameter.
        q = connection.ops.quote_name
        resident_table, family_table = q(Resident._meta.db_table), q(Family._meta.db_table)
        insert = _columns(Resident, ("nik", *RESIDENT_VALUE_FIELDS, "family", "status", "created_at", "updated_at"))
        update = _columns(Resident, (*RESIDENT_VALUE_FIELDS, "family", "updated_at"))
        self.resident_upsert = (
            f"INSERT INTO {resident_table} ({', '.join(q(c) for c in insert)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(insert))}) "
            f"ON CONFLICT ({q('nik')}) DO UPDATE SET {', '.join(f'{q(c)} = EXCLUDED.{q(c)}' for c in update)}"
        )
        family_insert = _columns(Family, ("kk_number", "village", "address", "rt", "rw", "created_at", "updated_at"))
        self.family_insert_head = f"INSERT INTO {family_table} ({', '.join(q(c) for c in family_insert)}) VALUES "  # noqa: S608
        self.family_values = f"({', '.join(['%s'] * len(family_insert))})"
        self.family_returning = f" RETURNING {q('id')}, {q('kk_number')}"
        family_update = _columns(Family, ("village", "address", "rt", "rw", "updated_at"))
        self.family_update = (
            f"UPDATE {family_table} SET {', '.join(f'{q(c)} = %s' for c in family_update)} WHERE {q('id')} = %s"  # noqa: S608
        )
        self.family_head = (
            f"UPDATE {family_table} SET {q(Family._meta.get_field('head').column)} = "  # noqa: S608
            f"(SELECT {q('id')} FROM {resident_table} WHERE {q('nik')} = %s), "
            f"{q(Family._meta.get_field('updated_at').column)} = %s WHERE {q('id')} = %s"
        )
        self.can_return = connection.features.can_return_rows_from_bulk_insert
        self.adapt_date = connection.ops.adapt_datefield_value
        self.adapt_datetime = connection.ops.adapt_datetimefield_value

    @property
    def created(self) -> int:
        return self.written - self.updated

    def finish(self) -> None:
        if self.count_before is not None:
            self.updated = self.written - (Resident.objects.count() - self.count_before)

    def _in_scope(self, village_id: str) -> bool:
        return self.allowed_villages is None or village_id in self.allowed_villages

    def write(self, rows: list[Row]) -> list[Rejection]:
        rejections: list[Rejection] = []
        if self.allowed_villages is not None:
            existing = dict(Resident.objects.filter(nik__in=[r.nik for r in rows]).values_list("nik", "village_id"))
            for row in rows:
                village_id = existing.get(row.nik)
                if village_id is not None and not self._in_scope(village_id):
                    rejections.append(Rejection(row.line, row.nik, [
                        _("NIK ini terdaftar di desa %(code)s, di luar wewenang Anda; pindah domisili diurus oleh "
                          "desa asal atau admin kabupaten.") % {"code": village_id}
                    ]))
            self.updated += len(existing)
        now = self.adapt_datetime(timezone.now())
        self._families(rows, rejections, now)
        if rejections:
            return rejections

        adapt_date, active, family_ids = self.adapt_date, ResidentStatus.ACTIVE.value, self.family_ids
        params = []
        for row in rows:
            v = row.values
            params.append((
                row.nik, v[0], v[1], v[2], adapt_date(v[3]), v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                family_ids[int(row.kk)] if row.kk else None, active, now, now,
            ))
        heads = [(r.nik, now, family_ids[int(r.kk)]) for r in rows if r.kk and r.relation == KEPALA]
        with connection.cursor() as cursor:
            cursor.executemany(self.resident_upsert, params)
            if heads:
                cursor.executemany(self.family_head, heads)
        self.written += len(rows)
        return rejections

    def _families(self, rows: list[Row], rejections: list[Rejection], now) -> None:
        """Make sure every KK of the batch is in `family_ids`, creating missing families; address and RT/RW from the
        head's row (or the first member's if the batch has no head for that KK)."""
        wanted: dict[str, Row] = {}
        for row in rows:
            if row.kk and (row.kk not in wanted or row.relation == KEPALA):
                wanted[row.kk] = row
        unseen = [kk for kk in wanted if int(kk) not in self.family_ids]
        if not unseen:
            return
        updates = []
        found: set[str] = set()
        if self.families_existed:
            for kk, pk, village_id, address, rt, rw in Family.objects.filter(kk_number__in=unseen).values_list(
                "kk_number", "pk", "village_id", "address", "rt", "rw"
            ):
                found.add(kk)
                source = wanted[kk]
                if not self._in_scope(village_id):
                    rejections.append(Rejection(source.line, source.nik, [
                        _("NO_KK ini terdaftar di desa %(code)s, di luar wewenang Anda.") % {"code": village_id}
                    ]))
                    continue
                self.family_ids[int(kk)] = pk
                if (source.relation == KEPALA or village_id != source.village) and (
                    (village_id, address, rt, rw) != (source.village, source.address, source.rt, source.rw)
                ):
                    updates.append((source.village, source.address, source.rt, source.rw, now, pk))
        if rejections:
            return
        new = [
            (kk, wanted[kk].village, wanted[kk].address, wanted[kk].rt, wanted[kk].rw, now, now)
            for kk in unseen if kk not in found
        ]
        with connection.cursor() as cursor:
            if updates:
                cursor.executemany(self.family_update, updates)
            if new and self.can_return:
                sql = self.family_insert_head + ", ".join([self.family_values] * len(new)) + self.family_returning
                cursor.execute(sql, [value for family in new for value in family])
                self.family_ids.update((int(kk), pk) for pk, kk in cursor.fetchall())
            elif new:
                cursor.executemany(self.family_insert_head + self.family_values, new)
                self.family_ids.update(
                    (int(kk), pk) for kk, pk in
                    Family.objects.filter(kk_number__in=[n[0] for n in new]).values_list("kk_number", "pk")
                )
        self.families_created += len(new)
