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
    types = {t.code: t for t in LetterType.objects.all()}
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
