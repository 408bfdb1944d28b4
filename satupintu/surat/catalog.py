"""The common village letters (codes as in OpenSID's classification), seeded as data: a regency may add, rename or
switch them off in the admin; villages edit the texts. `surat_seed_types` and the demo load this list idempotently.

Bodies use plain-text conventions the PDF renderer understands: paragraphs are separated by a blank line, and a
paragraph whose every line reads `Label : value` is set as an aligned table (the classic data block of a letter)."""

from __future__ import annotations

IDENTITY_BLOCK = (
    "Nama : {nama}\n"
    "NIK : {nik}\n"
    "Tempat/tanggal lahir : {tempat_lahir}, {tanggal_lahir}\n"
    "Jenis kelamin : {jenis_kelamin}\n"
    "Agama : {agama}\n"
    "Status perkawinan : {status_kawin}\n"
    "Pekerjaan : {pekerjaan}\n"
    "Alamat : {alamat}"
)
OPENING = (
    "Yang bertanda tangan di bawah ini, Kepala {sebutan_desa} {nama_desa}, Kecamatan {kecamatan}, {kabupaten}, "
    "dengan ini menerangkan bahwa:"
)
CLOSING = "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya."
PURPOSE = "Surat keterangan ini diberikan untuk keperluan {keperluan} dan berlaku sampai dengan {berlaku_hingga}."

KTP_KK = ["Fotokopi KTP", "Fotokopi Kartu Keluarga"]


def _body(*middle: str) -> str:
    return "\n\n".join((OPENING, IDENTITY_BLOCK, *middle, PURPOSE, CLOSING))


DEFAULT_LETTER_TYPES: list[dict] = [
    {
        "code": "S-01",
        "name": "Surat Keterangan Pengantar",
        "description": "Pengantar umum dari desa untuk keperluan pada instansi lain.",
        "fields": [],
        "required_attachments": KTP_KK,
        "validity_days": 30,
        "default_body": _body("adalah benar penduduk {sebutan_desa} {nama_desa} yang berkelakuan baik."),
    },
    {
        "code": "S-02",
        "name": "Surat Keterangan Penduduk",
        "description": "Menerangkan bahwa pemohon terdaftar sebagai penduduk desa.",
        "fields": [],
        "required_attachments": KTP_KK,
        "validity_days": 30,
        "default_body": _body("adalah benar terdaftar sebagai penduduk {sebutan_desa} {nama_desa}."),
    },
    {
        "code": "S-04",
        "name": "Surat Keterangan Pindah",
        "description": "Keterangan pindah domisili ke luar desa.",
        "fields": [
            {"name": "alamat_tujuan", "label": "Alamat tujuan pindah", "type": "text", "required": True},
            {
                "name": "alasan_pindah", "label": "Alasan pindah", "type": "choice", "required": True,
                "choices": ["Pekerjaan", "Pendidikan", "Keamanan", "Kesehatan", "Perumahan", "Keluarga", "Lainnya"],
            },
            {"name": "jumlah_pengikut", "label": "Jumlah anggota keluarga yang ikut", "type": "number", "required": False},
        ],
        "required_attachments": KTP_KK,
        "validity_days": 30,
        "default_body": _body(
            "akan pindah dari {sebutan_desa} {nama_desa} dengan keterangan sebagai berikut:",
            "Alamat tujuan : {alamat_tujuan}\nAlasan pindah : {alasan_pindah}\nJumlah pengikut : {jumlah_pengikut} orang",
        ),
    },
    {
        "code": "S-07",
        "name": "Surat Pengantar SKCK",
        "description": "Pengantar untuk permohonan Surat Keterangan Catatan Kepolisian.",
        "fields": [],
        "required_attachments": [*KTP_KK, "Pas foto 4x6"],
        "validity_days": 30,
        "default_body": _body(
            "adalah benar penduduk {sebutan_desa} {nama_desa} dan sepanjang pengetahuan kami berkelakuan baik serta "
            "tidak sedang tersangkut perkara pidana. Surat ini diberikan sebagai pengantar permohonan Surat Keterangan "
            "Catatan Kepolisian (SKCK)."
        ),
    },
    {
        "code": "S-11",
        "name": "Surat Keterangan Tidak Mampu",
        "description": "SKTM: keterangan keluarga berpenghasilan rendah.",
        "fields": [
            {"name": "penghasilan", "label": "Penghasilan keluarga per bulan (Rp)", "type": "number", "required": True},
            {"name": "jumlah_tanggungan", "label": "Jumlah tanggungan", "type": "number", "required": True},
        ],
        "required_attachments": [*KTP_KK, "Surat pengantar RT/RW"],
        "validity_days": 90,
        "default_body": _body(
            "adalah benar penduduk {sebutan_desa} {nama_desa} yang tergolong keluarga kurang mampu, dengan penghasilan "
            "keluarga sekitar Rp{penghasilan} per bulan dan {jumlah_tanggungan} orang tanggungan."
        ),
    },
    {
        "code": "S-17",
        "name": "Surat Keterangan Kelahiran",
        "description": "Keterangan kelahiran untuk pengurusan akta kelahiran.",
        "fields": [
            {"name": "nama_bayi", "label": "Nama bayi", "type": "text", "required": True},
            {
                "name": "jenis_kelamin_bayi", "label": "Jenis kelamin bayi", "type": "choice", "required": True,
                "choices": ["Laki-laki", "Perempuan"],
            },
            {"name": "tempat_lahir_bayi", "label": "Tempat lahir bayi", "type": "text", "required": True},
            {"name": "tanggal_lahir_bayi", "label": "Tanggal lahir bayi", "type": "date", "required": True},
            {"name": "nama_ibu", "label": "Nama ibu", "type": "text", "required": True},
            {"name": "nama_ayah", "label": "Nama ayah", "type": "text", "required": False},
        ],
        "required_attachments": [*KTP_KK, "Surat keterangan lahir dari bidan/rumah sakit"],
        "validity_days": 60,
        "default_body": _body(
            "melaporkan kelahiran seorang anak dengan keterangan sebagai berikut:",
            "Nama anak : {nama_bayi}\nJenis kelamin : {jenis_kelamin_bayi}\n"
            "Tempat/tanggal lahir : {tempat_lahir_bayi}, {tanggal_lahir_bayi}\nNama ibu : {nama_ibu}\n"
            "Nama ayah : {nama_ayah}",
        ),
    },
    {
        "code": "S-21",
        "name": "Surat Keterangan Kematian",
        "description": "Keterangan kematian untuk pengurusan akta kematian.",
        "fields": [
            {"name": "nama_almarhum", "label": "Nama almarhum/almarhumah", "type": "text", "required": True},
            {"name": "tanggal_meninggal", "label": "Tanggal meninggal", "type": "date", "required": True},
            {"name": "tempat_meninggal", "label": "Tempat meninggal", "type": "text", "required": True},
            {
                "name": "sebab_meninggal", "label": "Sebab meninggal", "type": "choice", "required": True,
                "choices": ["Sakit biasa/tua", "Wabah penyakit", "Kecelakaan", "Kriminalitas", "Bunuh diri", "Lainnya"],
            },
        ],
        "required_attachments": [*KTP_KK, "Surat keterangan kematian dari dokter/rumah sakit (bila ada)"],
        "validity_days": 60,
        "default_body": _body(
            "sebagai pelapor, melaporkan kematian dengan keterangan sebagai berikut:",
            "Nama : {nama_almarhum}\nTanggal meninggal : {tanggal_meninggal}\nTempat meninggal : {tempat_meninggal}\n"
            "Sebab : {sebab_meninggal}",
        ),
    },
    {
        "code": "S-41",
        "name": "Surat Keterangan Domisili",
        "description": "Menerangkan tempat tinggal pemohon saat ini.",
        "fields": [
            {"name": "alamat_domisili", "label": "Alamat domisili saat ini", "type": "text", "required": True},
        ],
        "required_attachments": KTP_KK,
        "validity_days": 90,
        "default_body": _body("adalah benar berdomisili di {alamat_domisili}, {sebutan_desa} {nama_desa}."),
    },
    {
        "code": "500",
        "name": "Surat Keterangan Usaha",
        "description": "SKU: keterangan bahwa pemohon menjalankan usaha di desa.",
        "fields": [
            {"name": "nama_usaha", "label": "Nama usaha", "type": "text", "required": True},
            {"name": "jenis_usaha", "label": "Jenis usaha", "type": "text", "required": True},
            {"name": "alamat_usaha", "label": "Alamat usaha", "type": "text", "required": True},
            {"name": "mulai_usaha", "label": "Mulai berusaha sejak", "type": "date", "required": False},
        ],
        "required_attachments": KTP_KK,
        "validity_days": 180,
        "default_body": _body(
            "adalah benar penduduk {sebutan_desa} {nama_desa} yang menjalankan usaha sebagai berikut:",
            "Nama usaha : {nama_usaha}\nJenis usaha : {jenis_usaha}\nAlamat usaha : {alamat_usaha}\n"
            "Mulai usaha : {mulai_usaha}",
        ),
    },
]
