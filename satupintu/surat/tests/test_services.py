import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from satupintu.core.audit import audit_trail
from satupintu.surat import services
from satupintu.surat.models import Channel, LetterStatus, VillageLetterSetting

from .conftest import SKU_VALUES, counter_request, issue


def png_upload(name="ktp.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_counter_request_snapshots_the_register_and_goes_to_checking(users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    assert letter.status == LetterStatus.CHECKING
    assert letter.resident_data["nama"] == "Budi Santoso"
    assert letter.resident_data["nik"] == resident_a.nik
    assert letter.resident_data["alamat"].startswith("Dusun I RT 001/RW 002")
    assert letter.field_values["nama_usaha"] == "Warung Berkah"
    assert [e.action for e in audit_trail(letter)] == ["surat.created"]


def test_resident_of_village_a_cannot_request_from_village_b(letter_types, resident_a, village_b):
    with pytest.raises(ValidationError) as exc:
        services.letter_request_create(
            village=village_b, letter_type=letter_types["500"], resident=resident_a, purpose="Kredit",
            field_values=SKU_VALUES, channel=Channel.SELF_SERVICE,
        )
    # The message says what to do without confirming anything about the NIK or the other village.
    assert resident_a.nik not in exc.value.messages[0]
    assert "desa/kelurahan tempat Anda terdaftar" in exc.value.messages[0]


def test_operator_of_village_b_cannot_record_for_village_a(users, letter_types, resident_a, village_a):
    with pytest.raises(PermissionDenied):
        services.letter_request_create(
            village=village_a, letter_type=letter_types["500"], resident=resident_a, purpose="Kredit",
            field_values=SKU_VALUES, channel=Channel.COUNTER, by=users["village_operator_b"],
        )


def test_required_fields_of_the_type_are_enforced(users, letter_types, resident_a):
    with pytest.raises(ValidationError) as exc:
        counter_request(users=users, resident=resident_a, letter_types=letter_types,
                        values={"nama_usaha": "", "jenis_usaha": "Kopi", "alamat_usaha": "Dusun I"})
    assert any("Nama usaha" in m for m in exc.value.messages)


def test_disabled_type_cannot_be_requested(users, letter_types, resident_a, village_a):
    VillageLetterSetting.objects.create(village=village_a, letter_type=letter_types["500"], is_enabled=False)
    with pytest.raises(ValidationError):
        counter_request(users=users, resident=resident_a, letter_types=letter_types)


def test_full_path_with_audit_trail(users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    assert letter.status == LetterStatus.READY
    assert letter.pdf.name.endswith(".pdf")
    assert "Warung Berkah" in letter.body_text and "{" not in letter.body_text
    assert letter.valid_until is not None
    services.letter_mark_picked_up(letter=letter, by=users["village_operator"])
    actions = [(e.action, e.from_state, e.to_state) for e in audit_trail(letter)]
    assert actions == [
        ("surat.created", "", "checking"),
        ("surat.verified", "checking", "awaiting_signature"),
        ("surat.signed", "awaiting_signature", "ready"),
        ("surat.picked_up", "ready", "picked_up"),
    ]


def test_illegal_transition_is_refused_with_a_clear_message(users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    with pytest.raises(ValidationError) as exc:
        services.letter_request_cancel(letter=letter, by=users["village_operator"], reason="x")
    assert "Siap diambil" in exc.value.messages[0]


def test_only_the_village_head_signs(users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    services.letter_request_verify(letter=letter, by=users["village_operator"])
    with pytest.raises(PermissionDenied):
        services.letter_sign(letter=letter, by=users["village_operator"])


def test_return_requires_a_note_and_goes_back_one_step(users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    with pytest.raises(ValidationError):
        services.letter_request_return(letter=letter, by=users["village_operator"], note=" ")
    letter = services.letter_request_return(letter=letter, by=users["village_operator"], note="KK belum dibawa")
    assert letter.status == LetterStatus.INCOMPLETE and letter.status_note == "KK belum dibawa"


def test_self_service_request_needs_its_attachments_before_submitting(letter_types, resident_a):
    letter = services.letter_request_create(
        village=resident_a.village, letter_type=letter_types["500"], resident=resident_a, purpose="Kredit",
        field_values=SKU_VALUES, channel=Channel.SELF_SERVICE,
    )
    assert letter.status == LetterStatus.INCOMPLETE
    with pytest.raises(ValidationError) as exc:
        services.letter_request_submit(letter=letter, resident=resident_a)
    assert "Fotokopi KTP" in exc.value.messages[0]
    for label in letter_types["500"].required_attachments:
        services.letter_attachment_add(letter=letter, label=label, uploaded=png_upload(), resident=resident_a)
    letter = services.letter_request_submit(letter=letter, resident=resident_a)
    assert letter.status == LetterStatus.CHECKING


def test_attachment_type_is_checked_by_content_not_name(users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    fake_pdf = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.letter_attachment_add(letter=letter, label="Fotokopi KTP", uploaded=fake_pdf, by=users["village_operator"])
    assert "PDF, JPG atau PNG" in exc.value.messages[0]
    attachment = services.letter_attachment_add(
        letter=letter, label="Fotokopi KTP", uploaded=png_upload("scan.pdf"), by=users["village_operator"]
    )
    assert attachment.content_type == "image/png" and attachment.file.name.endswith(".png")


def test_attachment_size_limit(users, letter_types, resident_a, monkeypatch):
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 10)
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    with pytest.raises(ValidationError) as exc:
        services.letter_attachment_add(letter=letter, label="KTP", uploaded=png_upload(), by=users["village_operator"])
    assert "terlalu besar" in exc.value.messages[0]


def test_another_resident_cannot_touch_my_request(letter_types, resident_a, resident_b):
    letter = services.letter_request_create(
        village=resident_a.village, letter_type=letter_types["500"], resident=resident_a, purpose="Kredit",
        field_values=SKU_VALUES, channel=Channel.SELF_SERVICE,
    )
    with pytest.raises(PermissionDenied):
        services.letter_request_cancel(letter=letter, resident=resident_b, reason="iseng")


def test_revoke_needs_a_reason_and_is_audited(users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    with pytest.raises(ValidationError):
        services.letter_revoke(letter=letter, by=users["village_head"], reason="")
    letter = services.letter_revoke(letter=letter, by=users["village_head"], reason="Data usaha keliru")
    assert letter.is_revoked
    event = list(audit_trail(letter))[-1]
    assert (event.action, event.to_state, event.note) == ("surat.revoked", "revoked", "Data usaha keliru")
    with pytest.raises(ValidationError):
        services.letter_revoke(letter=letter, by=users["village_head"], reason="lagi")


def test_village_template_is_used_and_default_can_be_restored(users, letter_types, resident_a, village_a):
    sku = letter_types["500"]
    services.letter_setting_update(
        village=village_a, letter_type=sku, by=users["village_operator"], is_enabled=True,
        body="Menerangkan {nama} berusaha {nama_usaha} untuk {keperluan}.",
    )
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    assert letter.body_text == "Menerangkan Budi Santoso berusaha Warung Berkah untuk Pengajuan kredit usaha."
    setting = services.letter_setting_restore_default(village=village_a, letter_type=sku, by=users["village_operator"])
    assert setting.effective_body == sku.default_body and not setting.is_customised
    actions = [e.action for e in audit_trail(setting)]
    assert actions == ["surat.template_updated", "surat.template_restored"]


def test_saving_a_template_with_an_unknown_placeholder_fails(users, letter_types, village_a):
    with pytest.raises(ValidationError) as exc:
        services.letter_setting_update(
            village=village_a, letter_type=letter_types["S-41"], by=users["village_operator"], is_enabled=True,
            body="Domisili {nama} di {nama_usaha}",  # nama_usaha belongs to SKU, not to S-41
        )
    assert "{nama_usaha}" in exc.value.messages[0]


def test_seed_is_idempotent(letter_types):
    assert services.letter_types_seed() == 0


def test_ready_letter_notifies_the_applicant_who_left_a_number(users, letter_types, resident_a):
    from satupintu.notifikasi.models import OutboxMessage

    letter = services.letter_request_create(
        village=resident_a.village, letter_type=letter_types["500"], resident=resident_a, purpose="Kredit",
        field_values=SKU_VALUES, channel=Channel.SELF_SERVICE, contact_phone="081234567890",
    )
    services.letter_request_submit(letter=letter, by=users["village_operator"])
    services.letter_request_verify(letter=letter, by=users["village_operator"])
    letter = services.letter_sign(letter=letter, by=users["village_head"])
    messages = OutboxMessage.objects.filter(event="surat.ready")
    assert messages.count() == 1
    assert messages.get().context["number"] == letter.number


def test_refusal_message_follows_the_language(letter_types, resident_a, village_b):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.letter_request_create(
            village=village_b, letter_type=letter_types["500"], resident=resident_a, purpose="Kredit",
            field_values=SKU_VALUES, channel=Channel.SELF_SERVICE,
        )
    with translation.override("en"):  # the message is lazy: rendered in the language of the page showing it
        assert "where you are registered" in exc.value.messages[0]
