"""The part of the chart of accounts (Permendagri 90/2019, updated by Kepmendagri 050-5889/2021) that the demo and the
tests use; seeded by migration 0002. A regency loads its full bagan akun standar in the admin or with a migration."""

ACCOUNTS = (
    ("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS"),
    ("5.1.01.01.02.0001", "Belanja Tunjangan Keluarga PNS"),
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"),
    ("5.1.02.01.01.0025", "Belanja Alat/Bahan untuk Kegiatan Kantor-Kertas dan Cover"),
    ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak"),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat"),
    ("5.1.02.02.01.0003", "Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia"),
    ("5.1.02.02.01.0026", "Belanja Jasa Tenaga Administrasi"),
    ("5.1.02.02.01.0061", "Belanja Tagihan Listrik"),
    ("5.1.02.03.02.0035", "Belanja Pemeliharaan Alat Angkutan-Alat Angkutan Darat Bermotor-Kendaraan Dinas Bermotor "
                          "Perorangan"),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa"),
    ("5.2.02.10.01.0002", "Belanja Modal Personal Computer"),
    ("5.2.04.01.01.0004", "Belanja Modal Jalan Kabupaten"),
    ("5.2.03.01.01.0001", "Belanja Modal Bangunan Gedung Kantor"),
)


def seed_accounts(Account) -> int:
    """Insert the codes that are missing (names of existing codes are left as an administrator set them)."""
    have = set(Account.objects.values_list("code", flat=True))
    new = [Account(code=code, name=name) for code, name in ACCOUNTS if code not in have]
    Account.objects.bulk_create(new)
    return len(new)
