"""Demo letters for the demo village: the letter types, the village's letter settings, and a handful of letters in
every state (one signed with its PDF, one revoked). Idempotent; skipped when the penduduk demo made no residents."""

from __future__ import annotations

from django.test import override_settings

from satupintu.akun.models import User
from satupintu.penduduk.models import Resident, ResidentStatus

from . import services
from .models import Channel, LetterRequest, LetterStatus, LetterType

SKU = {"nama_usaha": "Warung Kopi Sejahtera", "jenis_usaha": "Kedai kopi", "alamat_usaha": "Dusun II", "mulai_usaha": "2019-03-01"}
DEMO = [
    # (resident index, code, purpose, field values, channel, target state)
    (0, "500", "Pengajuan kredit usaha rakyat (KUR)", SKU, Channel.COUNTER, LetterStatus.CHECKING),
    (1, "S-41", "Pendaftaran sekolah anak", {"alamat_domisili": "Dusun III"}, Channel.SELF_SERVICE, LetterStatus.INCOMPLETE),
    (2, "S-07", "Melamar pekerjaan", {}, Channel.COUNTER, LetterStatus.AWAITING_SIGNATURE),
    (3, "500", "Pengajuan izin usaha mikro", SKU, Channel.COUNTER, LetterStatus.READY),
    (4, "S-11", "Keringanan biaya rumah sakit", {"penghasilan": "1200000", "jumlah_tanggungan": "4"}, Channel.COUNTER,
     LetterStatus.PICKED_UP),
    (5, "S-41", "Pembukaan rekening bank", {"alamat_domisili": "Dusun I"}, Channel.COUNTER, "revoked"),
]


# A type the demo village designed itself (see /surat/desain/), offered only there.
DESIGNED = {
    "code": "SKT-01", "name": "Surat Keterangan Kepemilikan Ternak",
    "description": "Keterangan ternak yang dipelihara penduduk, untuk kredit atau bantuan ternak.",
    "fields": [
        {"name": "jenis_ternak", "label": "Jenis ternak", "type": "choice", "required": True,
         "choices": ["Sapi", "Kambing", "Kerbau", "Ayam"]},
        {"name": "jumlah_ternak", "label": "Jumlah ternak (ekor)", "type": "number", "required": True},
        {"name": "saksi", "label": "Saksi (tetangga)", "type": "resident", "required": False},
    ],
    "required_attachments": ["Foto ternak"], "validity_days": 90, "signer_title": "",
    "default_body": (
        "Yang bertanda tangan di bawah ini, Kepala {sebutan_desa} {nama_desa}, Kecamatan {kecamatan}, {kabupaten}, "
        "dengan ini menerangkan bahwa:\n\nNama : {nama}\nNIK : {nik}\nAlamat : {alamat}\n\n"
        "adalah benar memelihara {jumlah_ternak} ekor {jenis_ternak} di {sebutan_desa} {nama_desa}, disaksikan oleh "
        "{saksi}.\n\nSurat keterangan ini diberikan untuk keperluan {keperluan} dan berlaku sampai dengan "
        "{berlaku_hingga}."
    ),
    "is_active": True,
}


def seed(*, stdout, options) -> None:
    services.letter_types_seed()
    operator = User.objects.filter(username="operator_desa").select_related("village").first()
    head = User.objects.filter(username="kades").first()
    if not (operator and operator.village_id and head):
        stdout.write("surat: akun demo desa tidak ada; dilewati")
        return
    village = operator.village
    profile = services.letter_profile_get(village)
    if not profile.office_address:
        profile.office_address = f"Jl. Kantor {village.name} No. 1, {village.district.name} {village.postal_code}".strip()
        profile.office_contact = "kantor@desa.example.id"
        profile.save()
    residents = list(Resident.objects.filter(village=village, status=ResidentStatus.ACTIVE).order_by("nik")[: len(DEMO)])
    if len(residents) < len(DEMO):
        stdout.write("surat: data penduduk demo belum ada; surat contoh dilewati")
        return
    types = {t.code: t for t in LetterType.objects.filter(village__isnull=True)}
    if not LetterType.objects.filter(village=village, code=DESIGNED["code"]).exists():
        services.letter_type_save(by=operator, village=village, **DESIGNED)
    with override_settings(SURAT_SIGNER="manual"):
        for index, code, purpose, values, channel, target in DEMO:
            resident = residents[index]
            if LetterRequest.objects.filter(village=village, resident=resident, letter_type=types[code], purpose=purpose).exists():
                continue
            _make(resident=resident, letter_type=types[code], purpose=purpose, values=values, channel=channel,
                  target=target, operator=operator, head=head)


def _make(*, resident, letter_type, purpose, values, channel, target, operator, head) -> None:
    letter = services.letter_request_create(
        village=resident.village, letter_type=letter_type, resident=resident, purpose=purpose, field_values=values,
        channel=channel, by=operator if channel == Channel.COUNTER else None,
    )
    if target in (LetterStatus.INCOMPLETE, LetterStatus.CHECKING):
        return
    services.letter_request_verify(letter=letter, by=operator)
    if target == LetterStatus.AWAITING_SIGNATURE:
        return
    letter = services.letter_sign(letter=letter, by=head)
    if target == LetterStatus.PICKED_UP:
        services.letter_mark_picked_up(letter=letter, by=operator)
    elif target == "revoked":
        services.letter_revoke(letter=letter, by=head, reason="Contoh: data alamat domisili keliru, surat diganti.")
