"""Demo data: a Daftar Informasi Publik for Diskominfo and Dinas PUPR, and ten requests of last year and this year
in several states. Idempotent: DIP rows are keyed by (agency, title), requests by their text; a second run changes
nothing. Requests are made through the services (with the clock set to their day) so that numbers, deadlines,
timelines and audit events are the real ones."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from satupintu.kalender.services import add_working_days, next_working_day
from satupintu.organisasi.models import Agency

from . import services
from .models import (
    InfoCategory,
    InfoForm,
    InfoRequest,
    ObjectionDecision,
    ObjectionGround,
    Outcome,
    PublicInfoItem,
)

DIP = {
    "Diskominfo": [
        ("Daftar Informasi Publik Pemerintah Kabupaten", InfoCategory.ON_REQUEST, "Daftar seluruh informasi publik OPD."),
        ("Laporan layanan informasi publik tahunan", InfoCategory.PERIODIC, "Jumlah permohonan, waktu, keputusan."),
        ("Profil PPID dan struktur organisasi", InfoCategory.PERIODIC, "Tugas, fungsi dan susunan PPID."),
        ("Standar operasional prosedur layanan informasi", InfoCategory.ON_REQUEST, "SOP permohonan dan keberatan."),
        ("Data jaringan internet kantor desa", InfoCategory.ON_REQUEST, "Desa yang sudah terhubung internet."),
        ("Kata sandi dan konfigurasi pusat data", InfoCategory.EXEMPT, ""),
    ],
    "Dinas PUPR": [
        ("Rencana kerja pembangunan jalan kabupaten", InfoCategory.PERIODIC, "Ruas jalan yang dibangun tahun ini."),
        ("Peringatan dini banjir Sungai Ular", InfoCategory.IMMEDIATE, "Peta genangan dan jalur evakuasi."),
        ("Kontrak pekerjaan konstruksi yang telah selesai", InfoCategory.ON_REQUEST, "Nilai, penyedia, jangka waktu."),
        ("Laporan realisasi anggaran", InfoCategory.PERIODIC, "Realisasi belanja per kegiatan."),
        ("Harga perkiraan sendiri tender berjalan", InfoCategory.EXEMPT, ""),
    ],
}

EXEMPT_GROUND = "UU 14/2008 Pasal 17 huruf b; uji konsekuensi oleh PPID Utama"


@contextmanager
def _on(day: date):
    moment = datetime.combine(day, time(9), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def _pdf(title: str) -> SimpleUploadedFile:
    import json

    import typst

    source = b'#let d = json(bytes(sys.inputs.d))\n= #d.title\nSalinan dokumen untuk pemohon informasi publik.\n'
    pdf = typst.compile(source, format="pdf", sys_inputs={"d": json.dumps({"title": title})})
    return SimpleUploadedFile("salinan-dokumen.pdf", pdf, content_type="application/pdf")


def seed_dip(*, stdout) -> None:
    created = 0
    for short_name, rows in DIP.items():
        agency = Agency.objects.filter(short_name=short_name).first()
        if agency is None:
            stdout.write(f"ppid: OPD {short_name} tidak ada; DIP-nya dilewati.")
            continue
        for title, category, summary in rows:
            exempt = category == InfoCategory.EXEMPT
            _item, was_created = PublicInfoItem.objects.update_or_create(
                agency=agency, title=title,
                defaults={
                    "summary": summary, "category": category,
                    "holding_unit": f"Sekretariat {agency.short_name}", "responsible_officer": "Kepala Subbagian Umum",
                    "made_when": "2025", "made_where": agency.address or "Sei Rampah",
                    "form": InfoForm.ELECTRONIC if not exempt else InfoForm.PAPER,
                    "retention_period": "5 tahun" if not exempt else "Selama tender berjalan",
                    "legal_ground": EXEMPT_GROUND if exempt else "",
                },
            )
            created += was_created
    stdout.write(f"ppid: {created} entri DIP baru.")


def _nik(serial: int) -> str:
    # Kotarih (12.18.01), a woman born 15 May 1990; only the serial changes.
    return f"121801550590{serial:04d}"


DEMO_TOPICS = {1: "infrastruktur", 3: "pemerintahan", 4: "infrastruktur"}


def seed_requests(*, stdout) -> None:
    from satupintu.akun.models import User

    pupr = Agency.objects.filter(short_name="Dinas PUPR").first()
    utama = User.objects.filter(username="ppid_utama").first()
    pelaksana = User.objects.filter(username="ppid_pupr").first()
    admin = User.objects.filter(username="admin").first()
    if not (pupr and utama and pelaksana and admin and Agency.objects.filter(is_ppid_utama=True).exists()):
        stdout.write("ppid: OPD atau akun demo PPID tidak lengkap; permohonan demo dilewati.")
        return
    today = timezone.localdate()
    last = today.year - 1
    # (text, received, forward?, extend?, answer (day, outcome, ground), objection?)
    specs = [
        ("Salinan kontrak pembangunan jalan Kotarih", date(last, 2, 3), True, False, (5, Outcome.GRANTED, ""), False),
        ("Harga perkiraan sendiri tender jembatan", date(last, 3, 10), True, False, (8, Outcome.REFUSED, "17b"), True),
        ("Jumlah desa yang terhubung internet", date(last, 5, 5), False, False, (3, Outcome.GRANTED, ""), False),
        ("Daftar pekerja proyek irigasi dan upahnya", date(last, 8, 4), True, True, (14, Outcome.PARTIAL, "17h"), False),
        ("Rekaman rapat pembahasan tata ruang 2010", date(last, 10, 6), True, False, (12, Outcome.NOT_HELD, ""), False),
        ("Data sertifikat tanah warga Desa Sialtong", date(last, 11, 3), False, False, (4, Outcome.OTHER_BODY, ""), False),
        ("Jadwal pemeliharaan jalan tahun ini", add_working_days(today, -1), False, False, None, False),
        ("Rencana perbaikan drainase pasar", add_working_days(today, -4), True, False, None, False),
        ("Dokumen AMDAL pembangunan terminal", add_working_days(today, -9), True, True, None, False),
        ("Laporan pengawasan proyek trotoar", add_working_days(today, -14), True, False, None, False),
    ]
    made = 0
    for i, (text, received, forward, extend, answer, objection) in enumerate(specs, start=1):
        received = next_working_day(received)
        if received.year < last or InfoRequest.objects.filter(information=text).exists():
            continue
        made += 1
        with _on(received):
            r = services.info_request_submit(data=services.RequestInput(
                requester_name=f"Pemohon Demo {i}", id_kind="nik", id_number=_nik(i),
                address="Desa Sialtong, Kecamatan Kotarih", phone=f"0812000000{i:02d}",
                email=f"pemohon{i}@example.id", occupation="Wiraswasta", information=text,
                purpose="Pengawasan pembangunan oleh warga", access_mode="salinan", copy_format="softcopy",
                delivery="email"))
            if forward:
                r = services.info_request_forward(info_request=r, agency=pupr, by=utama)
        handler = pelaksana if forward else utama
        if extend:
            with _on(min(add_working_days(received, 8), today)):
                r = services.info_request_extend(info_request=r, by=handler,
                                                 reason="Dokumen sedang dikumpulkan dari arsip lapangan.")
        if answer:
            days, outcome, ground = answer
            with _on(add_working_days(received, days)):
                r = services.info_request_answer(
                    info_request=r, by=handler, files=[_pdf(text)] if outcome == Outcome.GRANTED else [],
                    answer=services.AnswerInput(
                        outcome=outcome, answer_text="Bersama ini kami sampaikan jawaban atas permohonan Anda.",
                        refusal_ground=ground,
                        consequence_test="Membuka informasi ini sebelum tender selesai merugikan persaingan usaha."
                        if ground else "",
                        other_body="Kantor Pertanahan Kabupaten Serdang Bedagai, Jl. Negara, Sei Rampah"
                        if outcome == Outcome.OTHER_BODY else "",
                        held_form=InfoForm.ELECTRONIC))
        if answer and answer[1] in (Outcome.GRANTED, Outcome.PARTIAL):
            # The public archive: the handling PPID redacts (the attachment's header blacked out) and publishes;
            # the requester says how it went.
            with _on(add_working_days(r.answered_on, 2)):
                entry = services.archive_redact(info_request=r, by=handler, topic=DEMO_TOPICS.get(i, "lainnya"),
                                                mask_terms=[])
                for attachment in r.attachments.all():
                    services.archive_attachment_redact(entry=entry, source=attachment, by=handler,
                                                       areas="1: 0,0,100,12")
                services.archive_publish(entry=entry, by=handler)
                services.info_request_classify(
                    info_request=r, token=r.follow_token,
                    verdict="lengkap" if answer[1] == Outcome.GRANTED else "sebagian")
        if objection:
            with _on(add_working_days(r.answered_on, 3)):
                o = services.objection_file(info_request=r, grounds=[ObjectionGround.REFUSED],
                                            case="HPS tender yang sudah selesai seharusnya terbuka.")
            with _on(add_working_days(r.answered_on, 15)):
                o = services.objection_answer(objection=o, by=admin, decision=ObjectionDecision.REJECTED,
                                              answer_text="Tender masih berjalan; keputusan PPID dikuatkan.",
                                              superior_name="Sekretaris Daerah Kabupaten")
                services.objection_record_dispute(objection=o, by=admin, filed=False, note="Tidak ada sengketa.")
    flagged = services.info_request_flag_late()
    stdout.write(f"ppid: {made} permohonan demo baru; {flagged} ditandai terlambat.")


def seed(*, stdout, options) -> None:
    seed_dip(stdout=stdout)
    seed_requests(stdout=stdout)
