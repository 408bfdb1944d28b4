"""Demo social aid for the operator's village: the regency's programmes of the year (PKH, BPNT, PBI JKN), the
village's BLT Dana Desa whose names it publishes, a slice of DTSEN, and on purpose one family in both PKH and BLT
Dana Desa and one recipient who has moved away, so the check page has something to show. Recorded through the
services as the demo operator; once only (skipped when programmes exist)."""

from __future__ import annotations

import datetime as dt
import io

from satupintu.akun.models import User
from satupintu.penduduk.models import Family, Resident

from . import imports, services
from .models import FundingSource, Programme, ProgrammeKind, TargetKind


def seed(*, stdout, options) -> None:
    operator = User.objects.filter(username="operator_desa").select_related("village").first()
    admin = User.objects.filter(username="admin").first()
    if operator is None or admin is None or operator.village is None or Programme.objects.exists():
        return
    village = operator.village
    families = list(
        Family.objects.filter(village=village, head__isnull=False)
        .select_related("head")
        .order_by("kk_number")
    )
    if len(families) < 4:
        return
    year = dt.date(2026, 1, 1)
    end = dt.date(2026, 12, 31)

    def programme(name, kind, source, target, by, village=None):
        return services.programme_save(
            by=by,
            village=village,
            name=name,
            kind=kind,
            source=source,
            target=target,
            start=year,
            end=end,
            description="",
        )

    pkh = programme("PKH 2026", ProgrammeKind.PKH, FundingSource.APBN, TargetKind.FAMILY, admin)
    bpnt = programme("BPNT/Sembako 2026", ProgrammeKind.BPNT, FundingSource.APBN, TargetKind.FAMILY, admin)
    pbi = programme("PBI JKN 2026", ProgrammeKind.PBI_JKN, FundingSource.APBN, TargetKind.RESIDENT, admin)
    blt = programme(
        "BLT Dana Desa 2026",
        ProgrammeKind.BLT_DD,
        FundingSource.DANA_DESA,
        TargetKind.FAMILY,
        operator,
        village=village,
    )

    def upload(prog, header, rows):
        text = "\n".join(";".join(r) for r in [header, *rows])
        imports.recipients_import(
            stream=io.BytesIO(text.encode()),
            filename=f"{prog.name}.csv",
            programme=prog,
            village=village,
            by=operator,
        )

    upload(pkh, ["NO_KK", "NAMA", "NILAI"], [[f.kk_number, f.head.name, "750000"] for f in families[0:3]])
    upload(bpnt, ["NO_KK", "NAMA", "NILAI"], [[f.kk_number, f.head.name, "200000"] for f in families[3:5]])
    # families[2] also gets PKH: the check flags it as double.
    upload(
        blt,
        ["NO_KK", "NAMA", "NILAI"],
        [[f.kk_number, f.head.name, "300000"] for f in families[2:3] + families[5:9]],
    )
    members = list(Resident.objects.filter(village=village).order_by("nik")[:12])
    moved = Resident.objects.filter(village=village, status="moved").first()
    people = members + ([moved] if moved else [])
    upload(pbi, ["NIK", "NAMA"], [[r.nik, r.name] for r in people])
    services.publication_set(by=operator, village=village, programme=blt, publish_names=True)
    poor = families[0:10]
    text = "\n".join(
        ";".join(r)
        for r in [["NO_KK", "NIK_KEPALA", "NAMA_KEPALA", "DESIL"]]
        + [[f.kk_number, f.head.nik, f.head.name, str(1 + i % 4)] for i, f in enumerate(poor)]
    )
    imports.poverty_import(
        stream=io.BytesIO(text.encode()),
        filename="dtsen-2026.csv",
        village=village,
        by=operator,
        source="dtsen",
        data_date=dt.date(2026, 10, 1),
    )
    stdout.write(f"bansos: 4 program, penerima dan DTSEN demo di {village}.")
