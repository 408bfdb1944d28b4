"""Writing checked rows in batches: families first (fetched, updated or created per batch), then residents by an
upsert on NIK.

The writes are plain multi-row `INSERT ... VALUES (...), (...) ON CONFLICT (nik) DO UPDATE` statements (SQLite and
PostgreSQL both have this syntax), `ROWS_PER_STATEMENT` rows each, or on PostgreSQL COPY into a staging table and one
INSERT ... SELECT per batch: at a million rows, Django's bulk_create spends most of its time building model instances
and preparing every value through the field API. The values are the ones the model would store (choices already
mapped, dates adapted by the backend's own operations).
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Family, Resident, ResidentStatus
from .rows import KEPALA, Rejection, Row

# 18 values a row: 1,000 rows stay under SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement.
ROWS_PER_STATEMENT = 1000

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
        self.resident_insert_head = f"INSERT INTO {resident_table} ({', '.join(q(c) for c in insert)}) VALUES "  # noqa: S608
        self.resident_values = f"({', '.join(['%s'] * len(insert))})"
        self.resident_conflict = (
            f" ON CONFLICT ({q('nik')}) DO UPDATE SET {', '.join(f'{q(c)} = EXCLUDED.{q(c)}' for c in update)}"
        )
        self._upsert_sql: dict[int, str] = {}
        family_insert = _columns(Family, ("kk_number", "village", "address", "rt", "rw", "created_at", "updated_at"))
        self.family_insert_head = f"INSERT INTO {family_table} ({', '.join(q(c) for c in family_insert)}) VALUES "  # noqa: S608
        self.family_values = f"({', '.join(['%s'] * len(family_insert))})"
        self.family_returning = f" RETURNING {q('id')}, {q('kk_number')}"
        family_update = _columns(Family, ("village", "address", "rt", "rw", "updated_at"))
        self.family_update = (
            f"UPDATE {family_table} SET {', '.join(f'{q(c)} = %s' for c in family_update)} WHERE {q('id')} = %s"  # noqa: S608
        )
        head, family_fk = q(Family._meta.get_field("head").column), q(Resident._meta.get_field("family").column)
        relation = q(Resident._meta.get_field("family_relation").column)
        self.family_head = (
            f"UPDATE {family_table} SET {head} = (SELECT r.{q('id')} FROM {resident_table} r "  # noqa: S608
            f"WHERE r.{family_fk} = {family_table}.{q('id')} AND r.{relation} = %s ORDER BY r.{q('id')} LIMIT 1), "
            f"{q(Family._meta.get_field('updated_at').column)} = %s WHERE {q('id')} IN "
        )
        self.can_return = connection.features.can_return_rows_from_bulk_insert
        self.adapt_date = connection.ops.adapt_datefield_value
        self.adapt_datetime = connection.ops.adapt_datetimefield_value

        # PostgreSQL: rows go in with COPY into a temporary staging table, then one INSERT ... SELECT (with the same
        # ON CONFLICT) per batch. Django's psycopg binds parameters on the client, so a 1,000-row VALUES statement is
        # ~18,000 quoted literals for the server to parse again; COPY is the protocol made for this.
        self.use_copy = connection.vendor == "postgresql"
        if self.use_copy:
            resident_cols, family_cols = ", ".join(q(c) for c in insert), ", ".join(q(c) for c in family_insert)
            self.stage_residents, self.stage_families = q("penduduk_import_residents"), q("penduduk_import_families")
            with connection.cursor() as cursor:
                for stage, table, cols in (
                    (self.stage_residents, resident_table, resident_cols),
                    (self.stage_families, family_table, family_cols),
                ):
                    cursor.execute(
                        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
                        f"SELECT {cols} FROM {table} WITH NO DATA"
                    )
            self.copy_residents = f"COPY {self.stage_residents} ({resident_cols}) FROM STDIN"
            self.copy_families = f"COPY {self.stage_families} ({family_cols}) FROM STDIN"
            self.residents_from_stage = (
                f"INSERT INTO {resident_table} ({resident_cols}) "  # noqa: S608
                f"SELECT {resident_cols} FROM {self.stage_residents}{self.resident_conflict}"
            )
            self.heads_from_stage = (
                f"UPDATE {family_table} SET {head} = r.{q('id')}, "  # noqa: S608
                f"{q(Family._meta.get_field('updated_at').column)} = %s "
                f"FROM {self.stage_residents} s JOIN {resident_table} r ON r.{q('nik')} = s.{q('nik')} "
                f"WHERE s.{relation} = %s AND {family_table}.{q('id')} = s.{family_fk}"
            )
            self.families_from_stage = (
                f"INSERT INTO {family_table} ({family_cols}) "  # noqa: S608
                f"SELECT {family_cols} FROM {self.stage_families}{self.family_returning}"
            )

    @staticmethod
    def _stage(cursor, table: str, copy_sql: str, rows: list[tuple]) -> None:
        cursor.execute(f"TRUNCATE {table}")
        with cursor.cursor.copy(copy_sql) as copy:  # the psycopg cursor under Django's wrapper
            for row in rows:
                copy.write_row(row)

    def _upsert(self, rows: int) -> str:
        sql = self._upsert_sql.get(rows)
        if sql is None:
            sql = self._upsert_sql[rows] = (
                self.resident_insert_head + ", ".join([self.resident_values] * rows) + self.resident_conflict
            )
        return sql

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
        heads = sorted({family_ids[int(r.kk)] for r in rows if r.kk and r.relation == KEPALA})
        with connection.cursor() as cursor:
            if self.use_copy:
                self._stage(cursor, self.stage_residents, self.copy_residents, params)
                cursor.execute(self.residents_from_stage)
                if heads:
                    cursor.execute(self.heads_from_stage, [now, KEPALA])
                heads = []
            else:
                for start in range(0, len(params), ROWS_PER_STATEMENT):
                    chunk = params[start : start + ROWS_PER_STATEMENT]
                    cursor.execute(self._upsert(len(chunk)), [value for row in chunk for value in row])
            for start in range(0, len(heads), ROWS_PER_STATEMENT):
                chunk = heads[start : start + ROWS_PER_STATEMENT]
                cursor.execute(
                    self.family_head + f"({', '.join(['%s'] * len(chunk))})", [KEPALA, now, *chunk]
                )
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
            if new and self.use_copy:
                self._stage(cursor, self.stage_families, self.copy_families, new)
                cursor.execute(self.families_from_stage)
                self.family_ids.update((int(kk), pk) for pk, kk in cursor.fetchall())
            elif new and self.can_return:
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
