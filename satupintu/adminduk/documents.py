"""The documents registration issues — kutipan akta kelahiran, kutipan akta kematian and the new KK — as A4 PDFs
through surat's Typst layout (`surat.pdf`: every value enters as a string literal, never markup), signed through
surat's signing adapter, each with a QR code to its public verification page (number, type, date, office and a
masked name; never a NIK).

Documents are written in Bahasa Indonesia whatever the reader's language (like letters), so their texts do not go
through gettext. Every one says it was issued free of charge (UU 24/2013 Pasal 79A)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from satupintu.core.links import absolute_url
from satupintu.penduduk.masking import mask_kk, mask_name
from satupintu.penduduk.models import Religion, Sex
from satupintu.surat import pdf as typst_pdf
from satupintu.surat.formatting import date_id, regency_full_name
from satupintu.surat.signing import SigningError, SignRequest, get_signer

from .models import CivilDocument, DocumentKind

FREE_OF_CHARGE = "Dokumen ini tidak dipungut biaya (UU 24/2013 Pasal 79A)."
OFFICE = "Dinas Kependudukan dan Pencatatan Sipil"
SEX_WORDS = {"L": "Laki-laki", "P": "Perempuan"}
RELATION_WORDS = {"kepala": "Kepala Keluarga", "istri": "Istri", "suami": "Suami", "anak": "Anak", "cucu": "Cucu",
                  "menantu": "Menantu", "orang_tua": "Orang Tua", "mertua": "Mertua", "famili_lain": "Famili Lain",
                  "lainnya": "Lainnya"}


@dataclass(frozen=True)
class Signer:
    name: str
    title: str
    office: str  # "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Serdang Bedagai"
    place: str  # the regency seat, for "Sei Rampah, 27 November 2026"
    regency_line: str = ""  # "PEMERINTAH KABUPATEN SERDANG BEDAGAI"


def _regency():
    from satupintu.wilayah.models import Regency

    return Regency.objects.filter(code=settings.SATUPINTU_REGENCY_CODE).first()


def signer_for(by) -> Signer:
    """The registrar signs as pejabat pencatatan sipil of their agency (Disdukcapil), under its head's name if the
    agency has one on file, else their own."""
    regency = _regency()
    regency_name = regency_full_name(regency) if regency else str(settings.SATUPINTU_REGENCY_CODE)
    agency = getattr(by, "agency", None)
    name = (by.get_full_name() or by.get_username()) if by is not None else ""
    if agency is not None and agency.head_name:
        name = agency.head_name
    place = getattr(settings, "ADMINDUK_PLACE", "") or regency_name
    return Signer(name=name, title="Pejabat Pencatatan Sipil", office=f"{OFFICE} {regency_name}", place=place,
                  regency_line=f"PEMERINTAH {regency_name.upper()}" if regency else "")


def _letterhead(doc_title: str, number: str, body: str, signer: Signer, on: dt.date, url: str) -> bytes:
    document = typst_pdf.LetterDocument(
        regency_line=signer.regency_line, district_line="", village_line=OFFICE.upper(),
        office_address=getattr(settings, "ADMINDUK_OFFICE_ADDRESS", ""), title=doc_title, number=number, body=body,
        place=signer.place.removeprefix("Kabupaten ").removeprefix("Kota "), date=on, signer_title=signer.title,
        signer_name=signer.name, verification_url=url, electronic_signature=get_signer().electronic,
        footer=f"{FREE_OF_CHARGE} Keaslian dokumen: pindai kode QR.",
    )
    return typst_pdf.render_pdf(document)


def _sign(pdf: bytes, filename: str, passphrase: str) -> tuple[bytes, str]:
    signer = get_signer()
    try:
        signed = signer.sign(SignRequest(pdf=pdf, filename=filename,
                                         signer_nik=getattr(settings, "ADMINDUK_SIGNER_NIK", ""), passphrase=passphrase))
    except SigningError as exc:
        raise ValidationError(str(exc), code="signing") from exc
    return signed, signer.method


def _issue(*, kind: str, number: str, title: str, body: str, masked: str, signer: Signer, now: dt.datetime,
           passphrase: str, birth=None, death=None) -> CivilDocument:
    token = secrets.token_urlsafe(18)
    url = absolute_url(reverse("adminduk:verify", args=[token]))
    pdf = _letterhead(title, number, body, signer, timezone.localdate(now), url)
    signed, method = _sign(pdf, f"{kind}.pdf", passphrase)
    document = CivilDocument(
        kind=kind, number=number, birth=birth, death=death, masked_name=masked, office=signer.office, issued_at=now,
        signer_name=signer.name, signature_method=method, verification_token=token, verification_url=url,
    )
    document.pdf.save(f"{kind}.pdf", ContentFile(signed), save=False)
    document.save()
    return document


def _lines(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label} : {value or '-'}" for label, value in rows)


def birth_certificate(registration, *, signer: Signer, now: dt.datetime, passphrase: str = "") -> CivilDocument:
    r = registration
    rows = [
        ("Nomor Induk Kependudukan", r.child_nik), ("Nama", r.child_name), ("Jenis kelamin", SEX_WORDS[r.child_sex]),
        ("Tempat lahir", r.birth_place), ("Tanggal lahir", f"{date_id(r.birth_date)}, pukul {r.birth_time:%H.%M}"),
        ("Kelahiran ke-", str(r.birth_order)), ("Nama ibu", r.mother_name), ("Nama ayah", r.father_name or "-"),
    ]
    late = (" Pencatatan kelahiran ini dilakukan melewati batas 60 hari sejak kelahiran (pencatatan terlambat)."
            if r.is_late else "")
    body = (
        f"Berdasarkan laporan kelahiran {r.tracking_code}, Pejabat Pencatatan Sipil menerangkan bahwa telah "
        f"dicatat kelahiran dengan data sebagai berikut:\n\n{_lines(rows)}\n\n"
        f"Kutipan ini dikeluarkan sesuai dengan data dalam register akta kelahiran.{late}\n\n{FREE_OF_CHARGE}"
    )
    return _issue(kind=DocumentKind.BIRTH_CERTIFICATE, number=r.certificate_number, title="Kutipan Akta Kelahiran",
                  body=body, masked=mask_name(r.child_name), signer=signer, now=now, passphrase=passphrase, birth=r)


def death_certificate(registration, *, signer: Signer, now: dt.datetime, passphrase: str = "") -> CivilDocument:
    r = registration
    deceased = r.deceased
    rows = [
        ("Nomor Induk Kependudukan", deceased.nik), ("Nama", r.deceased_name),
        ("Jenis kelamin", SEX_WORDS.get(deceased.sex, "-")),
        ("Tempat/tanggal lahir", f"{deceased.birth_place}, {date_id(deceased.birth_date)}"),
        ("Tanggal meninggal", date_id(r.death_date) + (f", pukul {r.death_time:%H.%M}" if r.death_time else "")),
        ("Tempat meninggal", r.death_place), ("Pelapor", f"{r.reporter_name} ({r.reporter_relation})"),
    ]
    body = (
        f"Berdasarkan laporan kematian {r.tracking_code}, Pejabat Pencatatan Sipil menerangkan bahwa telah dicatat "
        f"kematian dengan data sebagai berikut:\n\n{_lines(rows)}\n\n"
        f"Kutipan ini dikeluarkan sesuai dengan data dalam register akta kematian.\n\n{FREE_OF_CHARGE}"
    )
    return _issue(kind=DocumentKind.DEATH_CERTIFICATE, number=r.certificate_number, title="Kutipan Akta Kematian",
                  body=body, masked=mask_name(r.deceased_name), signer=signer, now=now, passphrase=passphrase,
                  death=r)


def family_card(version, *, signer: Signer, now: dt.datetime, passphrase: str = "", birth=None,
                death=None) -> CivilDocument:
    """The KK as reissued: its number, address and every member of this version. The public number is the KK number
    masked (region code only) with the version: the verification page never shows a KK number."""
    family = version.family
    head = next((m for m in version.members if m["nik"] == version.head_nik), None)
    religions, sexes = dict(Religion.choices), dict(Sex.choices)
    parts = [_lines([
        ("Nomor KK", family.kk_number), ("Kepala keluarga", head["name"] if head else "-"),
        ("Alamat", family.address), ("RT/RW", f"{family.rt or '-'}/{family.rw or '-'}"),
        ("Desa/kelurahan", str(family.village.name)), ("Kecamatan", str(family.village.district.name)),
    ])]
    for i, m in enumerate(version.members, start=1):
        parts.append(_lines([
            (f"{i}. Nama", m["name"]), ("NIK", m["nik"]), ("Jenis kelamin", str(sexes.get(m["sex"], m["sex"]))),
            ("Tempat/tanggal lahir", f"{m['birth_place']}, {date_id(dt.date.fromisoformat(m['birth_date']))}"),
            ("Agama", str(religions.get(m["religion"], m["religion"]))),
            ("Hubungan dalam keluarga", RELATION_WORDS.get(m["relation"], m["relation"] or "-")),
        ]))
    parts.append(f"Kartu keluarga ini versi ke-{version.version}, diterbitkan karena: {version.reason}. {FREE_OF_CHARGE}")
    number = f"{mask_kk(family.kk_number)} versi {version.version}"
    head_name = head["name"] if head else (version.members[0]["name"] if version.members else "")
    return _issue(kind=DocumentKind.FAMILY_CARD, number=number, title="Kartu Keluarga", body="\n\n".join(parts),
                  masked=mask_name(head_name), signer=signer, now=now, passphrase=passphrase, birth=birth,
                  death=death)

