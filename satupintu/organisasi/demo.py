"""Demo agencies (OPD) of Kabupaten Serdang Bedagai, with heads, contacts and a few sub-units. Idempotent: rows are
found by slug and only created when missing, so edits made in the admin survive a re-run."""

from datetime import date

from django.conf import settings
from faker import Faker

from satupintu.wilayah.models import District

from .models import Agency

K = Agency.Kind
DOMAIN = "serdangbedagaikab.example"  # reserved TLD: demo mail never reaches a real office

# (slug, name, short name, kind, head title)
AGENCIES = [
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", K.DINAS, "Kepala Dinas"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", K.DINAS, "Kepala Dinas"),
    ("dinas-pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", K.DINAS, "Kepala Dinas"),
    ("dinkes", "Dinas Kesehatan", "Dinkes", K.DINAS, "Kepala Dinas"),
    ("disdik", "Dinas Pendidikan", "Disdik", K.DINAS, "Kepala Dinas"),
    ("dinsos", "Dinas Sosial", "Dinsos", K.DINAS, "Kepala Dinas"),
    ("dishub", "Dinas Perhubungan", "Dishub", K.DINAS, "Kepala Dinas"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", K.DINAS, "Kepala Dinas"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", K.DINAS, "Kepala Dinas"),
    ("dinas-pmd", "Dinas Pemberdayaan Masyarakat dan Desa", "Dinas PMD", K.DINAS, "Kepala Dinas"),
    ("distan", "Dinas Pertanian", "Distan", K.DINAS, "Kepala Dinas"),
    ("dispar", "Dinas Pariwisata, Pemuda dan Olahraga", "Disparpora", K.DINAS, "Kepala Dinas"),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", K.BADAN, "Kepala Badan"),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", K.BADAN, "Kepala Badan"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda", K.BADAN, "Kepala Badan"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", K.BADAN, "Kepala Pelaksana"),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", K.INSPEKTORAT, "Inspektur"),
    ("satpol-pp", "Satuan Polisi Pamong Praja", "Satpol PP", K.SATPOL, "Kepala Satuan"),
    ("rsud-sultan-sulaiman", "RSUD Sultan Sulaiman", "RSUD Sultan Sulaiman", K.RSUD, "Direktur"),
    ("setda", "Sekretariat Daerah", "Setda", K.SEKRETARIAT, "Sekretaris Daerah"),
]

# (slug, name, short name, kind, parent slug, head title)
SUB_UNITS = [
    ("bagian-organisasi", "Bagian Organisasi Sekretariat Daerah", "Bagian Organisasi", K.BAGIAN, "setda", "Kepala Bagian"),
    ("bina-marga", "Bidang Bina Marga", "Bina Marga", K.SUB_UNIT, "dinas-pupr", "Kepala Bidang"),
    ("cipta-karya", "Bidang Cipta Karya", "Cipta Karya", K.SUB_UNIT, "dinas-pupr", "Kepala Bidang"),
    ("puskesmas-sei-rampah", "UPT Puskesmas Sei Rampah", "Puskesmas Sei Rampah", K.SUB_UNIT, "dinkes", "Kepala UPT"),
]

# Kecamatan offices are OPD too; the two the demo uses (Sei Rampah is the regency's seat).
KECAMATAN = [("12.18.04", "kecamatan-sei-rampah"), ("12.18.02", "kecamatan-perbaungan")]


def _nip(fake: Faker, sex: str) -> str:
    """A civil-servant number in the NIP layout: birth date, appointment month, sex digit, serial."""
    born = fake.date_between(date(1970, 1, 1), date(1985, 12, 31))
    appointed = fake.date_between(date(born.year + 23, 1, 1), date(born.year + 30, 12, 31))
    return f"{born:%Y%m%d}{appointed:%Y%m}{1 if sex == 'L' else 2}{fake.random_int(1, 999):03d}"


def _head(fake: Faker) -> tuple[str, str]:
    sex = fake.random_element(["L", "P"])
    name = fake.name_male() if sex == "L" else fake.name_female()
    return name, _nip(fake, sex)


def seed(*, stdout, options) -> None:
    fake = Faker("id_ID")
    fake.seed_instance(1218)  # same names on every run and every machine
    created = 0

    def ensure(slug: str, **fields) -> Agency:
        nonlocal created
        name, nip = _head(fake)  # drawn for every row so the sequence stays stable
        agency, was_created = Agency.objects.get_or_create(
            slug=slug,
            defaults={
                "head_name": name,
                "head_nip": nip,
                "email": f"{slug}@{DOMAIN}",
                "phone": f"0621-44{fake.random_int(1000, 9999)}",
                "address": "Jl. Negara No. 300, Sei Rampah, Kabupaten Serdang Bedagai",
                **fields,
            },
        )
        created += was_created
        return agency

    by_slug = {}
    for slug, name, short, kind, title in AGENCIES:
        by_slug[slug] = ensure(
            slug, name=name, short_name=short, kind=kind, head_title=title, is_ppid_utama=(slug == "diskominfo")
        )
    for slug, name, short, kind, parent, title in SUB_UNITS:
        ensure(slug, name=name, short_name=short, kind=kind, parent=by_slug[parent], head_title=title)
    if settings.SATUPINTU_REGENCY_CODE == "12.18":
        for code, slug in KECAMATAN:
            district = District.objects.filter(code=code).first()
            if district:
                ensure(
                    slug, name=f"Kecamatan {district.name}", short_name=f"Kec. {district.name}", kind=K.KECAMATAN,
                    district=district, head_title="Camat",
                )
    if created:
        stdout.write(f"  {created} OPD/unit dibuat")
