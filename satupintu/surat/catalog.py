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
            "keluarga sekitar Rp{penghasilan} per bulan dan {jumlah_tanggungan} orang tanggungan. Menurut data desa, "
            "keluarga tersebut {status_dtks}."
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


def _text(name: str, label: str, required: bool = True) -> dict:
    return {"name": name, "label": label, "type": "text", "required": required}


def _date(name: str, label: str, required: bool = True) -> dict:
    return {"name": name, "label": label, "type": "date", "required": required}


def _number(name: str, label: str, required: bool = True) -> dict:
    return {"name": name, "label": label, "type": "number", "required": required}


def _choice(name: str, label: str, choices: list[str], required: bool = True) -> dict:
    return {"name": name, "label": label, "type": "choice", "required": required, "choices": choices}


def _person(name: str, label: str, required: bool = True) -> dict:
    """A second resident named by NIK: {name} prints their name, {name_nik}, {name_alamat}, ... the rest."""
    return {"name": name, "label": label, "type": "resident", "required": required}


def _type(code: str, name: str, description: str, *middle: str, fields=(), attachments=None, validity=30) -> dict:
    return {
        "code": code, "name": name, "description": description, "fields": list(fields),
        "required_attachments": list(KTP_KK if attachments is None else attachments), "validity_days": validity,
        "default_body": _body(*middle),
    }


def _data(*pairs: tuple[str, str]) -> str:
    """A `Label : {placeholder}` block."""
    return "\n".join(f"{label} : {{{name}}}" for label, name in pairs)


RT_RW = "Surat pengantar RT/RW"
PERSON_BLOCK = "Nama : {%(p)s}\nNIK : {%(p)s_nik}\nTempat/tanggal lahir : {%(p)s_tempat_lahir}, {%(p)s_tanggal_lahir}\n" \
               "Jenis kelamin : {%(p)s_jenis_kelamin}\nPekerjaan : {%(p)s_pekerjaan}\nAlamat : {%(p)s_alamat}"

DEFAULT_LETTER_TYPES += [
    _type("S-03", "Surat Keterangan Biodata Penduduk", "Biodata pemohon sesuai data kependudukan desa.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} dengan biodata sebagaimana tersebut di atas, "
          "berpendidikan terakhir {pendidikan} dan tercatat dalam Kartu Keluarga nomor {no_kk}."),
    _type("S-05", "Surat Keterangan Jual Beli", "Keterangan jual beli barang antara dua penduduk.",
          "telah menjual kepada:", PERSON_BLOCK % {"p": "pembeli"},
          _data(("Barang yang dijual", "barang"), ("Harga (Rp)", "harga"), ("Tanggal transaksi", "tanggal_transaksi")),
          fields=[_person("pembeli", "Pembeli"), _text("barang", "Barang yang dijual"), _number("harga", "Harga (Rp)"),
                  _date("tanggal_transaksi", "Tanggal transaksi")]),
    _type("S-06", "Surat Keterangan Pindah Datang", "Keterangan penduduk yang datang dan menetap di desa.",
          "telah datang dan menetap di {sebutan_desa} {nama_desa} dengan keterangan sebagai berikut:",
          _data(("Alamat asal", "alamat_asal"), ("Tanggal datang", "tanggal_datang"),
                ("Nomor surat pindah (SKPWNI)", "nomor_skpwni")),
          fields=[_text("alamat_asal", "Alamat asal"), _date("tanggal_datang", "Tanggal datang"),
                  _text("nomor_skpwni", "Nomor surat pindah (SKPWNI)", required=False)],
          attachments=[*KTP_KK, "Surat pindah (SKPWNI) dari daerah asal"]),
    _type("S-08", "Surat Pengantar KTP", "Pengantar perekaman atau penggantian KTP-el.",
          "adalah benar penduduk {sebutan_desa} {nama_desa}. Surat ini diberikan sebagai pengantar permohonan "
          "KTP-el dengan keterangan {jenis_permohonan_ktp}.",
          fields=[_choice("jenis_permohonan_ktp", "Jenis permohonan",
                          ["Baru (perekaman pertama)", "Perubahan data", "Hilang", "Rusak"])],
          attachments=["Fotokopi Kartu Keluarga"]),
    _type("S-09", "Surat Pengantar Kartu Keluarga", "Pengantar penerbitan atau perubahan Kartu Keluarga.",
          "adalah benar penduduk {sebutan_desa} {nama_desa}. Surat ini diberikan sebagai pengantar permohonan "
          "Kartu Keluarga dengan alasan {alasan_kk}.",
          fields=[_choice("alasan_kk", "Alasan permohonan",
                          ["Membentuk keluarga baru", "Penambahan anggota keluarga", "Pengurangan anggota keluarga",
                           "Perubahan data", "Hilang atau rusak"])]),
    _type("S-10", "Surat Keterangan Beda Identitas", "Menerangkan dua data identitas yang berbeda adalah orang yang sama.",
          "adalah benar orang yang sama dengan yang tercantum dalam dokumen berikut, walaupun terdapat perbedaan data:",
          _data(("Dokumen", "dokumen_berbeda"), ("Data pada dokumen tersebut", "data_pada_dokumen"),
                ("Data yang benar", "data_benar")),
          fields=[_text("dokumen_berbeda", "Dokumen yang berbeda (contoh: ijazah)"),
                  _text("data_pada_dokumen", "Data pada dokumen tersebut"), _text("data_benar", "Data yang benar")],
          attachments=[*KTP_KK, "Fotokopi dokumen yang berbeda"]),
    _type("S-12", "Surat Keterangan Penghasilan", "Keterangan besar penghasilan pemohon per bulan.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang bekerja sebagai {pekerjaan} dengan penghasilan "
          "rata-rata Rp{penghasilan_bulanan} per bulan.",
          fields=[_number("penghasilan_bulanan", "Penghasilan per bulan (Rp)")], validity=90),
    _type("S-13", "Surat Keterangan Ahli Waris", "Keterangan ahli waris dari seorang pewaris yang telah meninggal.",
          "adalah benar salah seorang ahli waris dari almarhum/almarhumah:",
          _data(("Nama pewaris", "nama_pewaris"), ("Tanggal meninggal", "tanggal_meninggal_pewaris"),
                ("Hubungan dengan pewaris", "hubungan_pewaris")),
          "Adapun seluruh ahli waris yang sah adalah: {daftar_ahli_waris}.",
          fields=[_text("nama_pewaris", "Nama pewaris"), _date("tanggal_meninggal_pewaris", "Tanggal meninggal pewaris"),
                  _choice("hubungan_pewaris", "Hubungan pemohon dengan pewaris",
                          ["Anak", "Istri", "Suami", "Orang tua", "Saudara kandung", "Cucu"]),
                  _text("daftar_ahli_waris", "Nama seluruh ahli waris")],
          attachments=[*KTP_KK, "Fotokopi akta kematian pewaris", "Surat pernyataan ahli waris"], validity=None),
    _type("S-14", "Surat Kuasa", "Pemberian kuasa kepada penduduk lain untuk mengurus suatu keperluan.",
          "memberi kuasa kepada:", PERSON_BLOCK % {"p": "penerima_kuasa"},
          "untuk mengurus {urusan_kuasa} atas nama pemberi kuasa.",
          fields=[_person("penerima_kuasa", "Penerima kuasa"), _text("urusan_kuasa", "Urusan yang dikuasakan")]),
    _type("S-15", "Surat Keterangan Izin Keramaian", "Pengantar izin keramaian untuk hajatan atau acara.",
          "akan menyelenggarakan acara dengan keterangan sebagai berikut:",
          _data(("Acara", "nama_acara"), ("Tanggal", "tanggal_acara"), ("Tempat", "tempat_acara"),
                ("Hiburan", "hiburan"), ("Perkiraan undangan", "jumlah_undangan")),
          "Pemerintah {sebutan_desa} {nama_desa} tidak berkeberatan atas penyelenggaraan acara tersebut selama "
          "menjaga ketertiban dan keamanan lingkungan.",
          fields=[_text("nama_acara", "Nama acara"), _date("tanggal_acara", "Tanggal acara"),
                  _text("tempat_acara", "Tempat acara"),
                  _choice("hiburan", "Hiburan", ["Tanpa hiburan", "Musik/organ tunggal", "Kesenian daerah", "Lainnya"]),
                  _number("jumlah_undangan", "Perkiraan jumlah undangan", required=False)],
          attachments=[*KTP_KK, RT_RW], validity=14),
    _type("S-16", "Surat Keterangan Janda/Duda", "Keterangan status janda atau duda.",
          "adalah benar berstatus {status_janda_duda} karena {sebab_janda_duda} dari {nama_pasangan}.",
          fields=[_choice("status_janda_duda", "Status", ["Janda", "Duda"]),
                  _choice("sebab_janda_duda", "Sebab", ["Cerai hidup", "Cerai mati"]),
                  _text("nama_pasangan", "Nama mantan suami/istri")], validity=90),
    _type("S-18", "Surat Keterangan Belum Menikah", "Keterangan bahwa pemohon belum pernah menikah.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} dan sampai dengan dikeluarkannya surat ini belum pernah "
          "menikah.", validity=90),
    _type("N1", "Surat Pengantar Nikah (N1)", "Pengantar perkawinan untuk KUA/pencatatan sipil (formulir N1).",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang bermaksud melangsungkan perkawinan dengan:",
          PERSON_BLOCK % {"p": "calon_pasangan"},
          _data(("Status perkawinan pemohon", "status_sebelum_nikah"), ("Nama ayah", "nama_ayah_pemohon"),
                ("Nama ibu", "nama_ibu_pemohon")),
          fields=[_person("calon_pasangan", "Calon pasangan"),
                  _choice("status_sebelum_nikah", "Status sebelum menikah",
                          ["Jejaka", "Perawan", "Duda", "Janda", "Beristri"]),
                  _text("nama_ayah_pemohon", "Nama ayah pemohon"), _text("nama_ibu_pemohon", "Nama ibu pemohon")],
          attachments=[*KTP_KK, "Fotokopi akta kelahiran", "Pas foto 2x3"], validity=90),
    _type("N2", "Surat Permohonan Kehendak Perkawinan (N2)", "Permohonan kehendak perkawinan (formulir N2).",
          "dengan ini mengajukan permohonan kehendak perkawinan dengan keterangan sebagai berikut:",
          _data(("Nama calon pasangan", "nama_calon"), ("Hari/tanggal akad", "tanggal_akad"),
                ("Tempat akad", "tempat_akad")),
          fields=[_text("nama_calon", "Nama calon pasangan"), _date("tanggal_akad", "Tanggal akad"),
                  _text("tempat_akad", "Tempat akad")],
          attachments=[*KTP_KK, "Surat pengantar nikah (N1)"], validity=90),
    _type("N3", "Surat Persetujuan Calon Pengantin (N3)", "Persetujuan kedua calon pengantin (formulir N3).",
          "menyatakan dengan sesungguhnya atas dasar sukarela, kesadaran sendiri, tanpa paksaan dari siapa pun, "
          "setuju untuk melangsungkan perkawinan dengan:", PERSON_BLOCK % {"p": "calon_pengantin"},
          fields=[_person("calon_pengantin", "Calon pengantin")], validity=90),
    _type("N4", "Surat Izin Orang Tua (N4)", "Izin orang tua/wali bagi calon pengantin (formulir N4).",
          "adalah {hubungan_orang_tua} dari calon pengantin berikut dan memberikan izin untuk melangsungkan "
          "perkawinan dengan {nama_calon_pasangan}:", _data(("Nama anak", "nama_anak"), ("Bin/binti", "bin_binti")),
          fields=[_choice("hubungan_orang_tua", "Hubungan dengan calon pengantin", ["Ayah", "Ibu", "Wali"]),
                  _text("nama_anak", "Nama calon pengantin (anak)"), _text("bin_binti", "Bin/binti"),
                  _text("nama_calon_pasangan", "Nama calon pasangan anak")], validity=90),
    _type("S-22", "Surat Keterangan Lahir Mati", "Keterangan kelahiran bayi dalam keadaan meninggal.",
          "melaporkan bahwa telah lahir dalam keadaan meninggal seorang bayi dengan keterangan:",
          _data(("Tanggal lahir", "tanggal_lahir_mati"), ("Tempat", "tempat_lahir_mati"),
                ("Usia kandungan (bulan)", "usia_kandungan")),
          fields=[_date("tanggal_lahir_mati", "Tanggal lahir"), _text("tempat_lahir_mati", "Tempat lahir"),
                  _number("usia_kandungan", "Usia kandungan (bulan)")], validity=60),
    _type("S-23", "Surat Keterangan Bepergian", "Keterangan bagi penduduk yang bepergian ke luar daerah.",
          "akan bepergian dengan keterangan sebagai berikut:",
          _data(("Tujuan", "tujuan_pergi"), ("Tanggal berangkat", "tanggal_berangkat"), ("Lama (hari)", "lama_pergi")),
          fields=[_text("tujuan_pergi", "Tujuan"), _date("tanggal_berangkat", "Tanggal berangkat"),
                  _number("lama_pergi", "Lama bepergian (hari)")], validity=30),
    _type("S-24", "Surat Keterangan Kehilangan", "Pengantar laporan kehilangan ke kepolisian.",
          "telah kehilangan barang/dokumen dengan keterangan sebagai berikut:",
          _data(("Barang/dokumen", "barang_hilang"), ("Tempat kehilangan", "tempat_hilang"),
                ("Perkiraan tanggal", "tanggal_hilang")),
          fields=[_text("barang_hilang", "Barang/dokumen yang hilang"), _text("tempat_hilang", "Tempat kehilangan"),
                  _date("tanggal_hilang", "Perkiraan tanggal kehilangan")], validity=14),
    _type("S-25", "Surat Keterangan Kelakuan Baik", "Keterangan berkelakuan baik dari desa.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang sepanjang pengetahuan kami berkelakuan baik, tidak "
          "pernah terlibat perkara pidana dan tidak terlibat penyalahgunaan narkoba.", attachments=[*KTP_KK, RT_RW]),
    _type("S-26", "Surat Keterangan Riwayat Tanah", "Keterangan penguasaan dan riwayat sebidang tanah.",
          "adalah benar menguasai sebidang tanah dengan keterangan sebagai berikut:",
          _data(("Letak tanah", "letak_tanah"), ("Luas (m²)", "luas_tanah"), ("Asal perolehan", "asal_tanah"),
                ("Batas-batas", "batas_tanah")),
          "Tanah tersebut tidak dalam sengketa sepanjang pengetahuan Pemerintah {sebutan_desa} {nama_desa}.",
          fields=[_text("letak_tanah", "Letak tanah"), _number("luas_tanah", "Luas (m²)"),
                  _choice("asal_tanah", "Asal perolehan", ["Warisan", "Jual beli", "Hibah", "Garapan", "Lainnya"]),
                  _text("batas_tanah", "Batas-batas tanah")],
          attachments=[*KTP_KK, "Bukti pembayaran PBB"], validity=90),
    _type("S-27", "Surat Keterangan Penghasilan Orang Tua", "Keterangan penghasilan orang tua untuk keperluan sekolah/beasiswa.",
          "adalah orang tua dari {nama_anak_sekolah}, siswa/mahasiswa {nama_sekolah}, dengan penghasilan orang tua "
          "rata-rata Rp{penghasilan_orang_tua} per bulan.",
          fields=[_text("nama_anak_sekolah", "Nama anak"), _text("nama_sekolah", "Nama sekolah/perguruan tinggi"),
                  _number("penghasilan_orang_tua", "Penghasilan orang tua per bulan (Rp)")], validity=90),
    _type("S-28", "Surat Keterangan Wali", "Keterangan bahwa pemohon adalah wali seorang anak.",
          "adalah benar wali dari anak bernama {nama_anak_wali} yang lahir pada {tanggal_lahir_anak_wali}, dengan "
          "hubungan {hubungan_wali}.",
          fields=[_text("nama_anak_wali", "Nama anak"), _date("tanggal_lahir_anak_wali", "Tanggal lahir anak"),
                  _choice("hubungan_wali", "Hubungan dengan anak", ["Kakek/nenek", "Paman/bibi", "Saudara kandung",
                                                                    "Lainnya"])], validity=90),
    _type("S-29", "Surat Keterangan Tidak Memiliki Rumah", "Keterangan bahwa pemohon belum memiliki rumah sendiri.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang sampai saat ini belum memiliki rumah sendiri dan "
          "tinggal {status_tempat_tinggal}.",
          fields=[_choice("status_tempat_tinggal", "Status tempat tinggal",
                          ["menumpang pada orang tua", "menumpang pada keluarga", "di rumah sewa/kontrakan"])],
          validity=90),
    _type("S-30", "Surat Keterangan Pemakaman", "Keterangan pemakaman jenazah di pemakaman desa.",
          "melaporkan pemakaman jenazah dengan keterangan sebagai berikut:",
          _data(("Nama jenazah", "nama_jenazah"), ("Tanggal pemakaman", "tanggal_pemakaman"),
                ("Tempat pemakaman", "tempat_pemakaman")),
          fields=[_text("nama_jenazah", "Nama jenazah"), _date("tanggal_pemakaman", "Tanggal pemakaman"),
                  _text("tempat_pemakaman", "Tempat pemakaman")], validity=None),
    _type("S-31", "Surat Keterangan Domisili Usaha", "Keterangan letak tempat usaha di wilayah desa.",
          "memiliki tempat usaha yang berdomisili di wilayah {sebutan_desa} {nama_desa}:",
          _data(("Nama usaha", "nama_usaha"), ("Bidang usaha", "bidang_usaha"), ("Alamat usaha", "alamat_usaha")),
          fields=[_text("nama_usaha", "Nama usaha"), _text("bidang_usaha", "Bidang usaha"),
                  _text("alamat_usaha", "Alamat usaha")], validity=180),
    _type("S-32", "Surat Pengantar Jaminan Kesehatan", "Pengantar pendaftaran jaminan kesehatan (PBI JKN) atau rujukan.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang memerlukan jaminan kesehatan untuk {layanan_kesehatan}.",
          fields=[_text("layanan_kesehatan", "Keperluan layanan kesehatan")], validity=30),
    _type("S-33", "Surat Keterangan KTP dalam Proses", "Keterangan pengganti sementara KTP-el yang sedang diproses.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang KTP-el-nya sedang dalam proses penerbitan sejak "
          "{tanggal_perekaman}.", fields=[_date("tanggal_perekaman", "Tanggal perekaman/permohonan")], validity=60),
    _type("S-34", "Surat Keterangan Kepemilikan Kendaraan", "Keterangan kepemilikan kendaraan bermotor.",
          "adalah benar pemilik kendaraan dengan keterangan sebagai berikut:",
          _data(("Jenis kendaraan", "jenis_kendaraan"), ("Merek/tipe", "merek_kendaraan"),
                ("Nomor polisi", "nomor_polisi")),
          fields=[_choice("jenis_kendaraan", "Jenis kendaraan", ["Sepeda motor", "Mobil", "Truk", "Lainnya"]),
                  _text("merek_kendaraan", "Merek/tipe"), _text("nomor_polisi", "Nomor polisi")]),
    _type("S-35", "Surat Keterangan Anak Yatim/Piatu", "Keterangan anak yatim, piatu atau yatim piatu.",
          "adalah benar anak {status_yatim} dari almarhum/almarhumah {nama_orang_tua_meninggal}.",
          fields=[_choice("status_yatim", "Status", ["yatim", "piatu", "yatim piatu"]),
                  _text("nama_orang_tua_meninggal", "Nama orang tua yang meninggal")], validity=90),
    _type("S-36", "Surat Keterangan Penduduk Sementara", "Keterangan tinggal sementara (pendatang) di desa.",
          "adalah benar tinggal sementara di {sebutan_desa} {nama_desa} dengan keterangan sebagai berikut:",
          _data(("Alamat asal", "alamat_asal_sementara"), ("Tinggal sejak", "tinggal_sejak"),
                ("Maksud tinggal", "maksud_tinggal")),
          fields=[_text("alamat_asal_sementara", "Alamat asal"), _date("tinggal_sejak", "Tinggal sejak"),
                  _choice("maksud_tinggal", "Maksud tinggal", ["Bekerja", "Sekolah/kuliah", "Keluarga", "Lainnya"])],
          validity=180),
    _type("S-37", "Surat Keterangan Hubungan Keluarga", "Keterangan hubungan keluarga antara dua penduduk.",
          "mempunyai hubungan keluarga sebagai {hubungan_keluarga} dengan:", PERSON_BLOCK % {"p": "anggota_keluarga"},
          fields=[_person("anggota_keluarga", "Anggota keluarga"),
                  _choice("hubungan_keluarga", "Hubungan", ["orang tua", "anak", "suami", "istri", "saudara kandung",
                                                             "kakek/nenek", "cucu"])]),
    _type("S-38", "Surat Keterangan Numpang Nikah", "Rekomendasi nikah di luar wilayah tempat tinggal.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang akan melangsungkan pernikahan di {tempat_nikah} "
          "pada {tanggal_nikah}.",
          fields=[_text("tempat_nikah", "Tempat pernikahan (desa, kecamatan, kabupaten)"),
                  _date("tanggal_nikah", "Tanggal pernikahan")], validity=90),
    _type("S-39", "Surat Keterangan Belum Bekerja", "Keterangan pencari kerja yang belum bekerja.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang sampai saat ini belum bekerja dan sedang mencari "
          "pekerjaan.", validity=90),
    _type("S-40", "Surat Pengantar Izin Usaha Mikro", "Pengantar permohonan izin usaha mikro kecil (IUMK/NIB).",
          "adalah benar penduduk {sebutan_desa} {nama_desa} yang menjalankan usaha mikro {nama_usaha} di bidang "
          "{bidang_usaha} dengan modal sekitar Rp{modal_usaha}.",
          fields=[_text("nama_usaha", "Nama usaha"), _text("bidang_usaha", "Bidang usaha"),
                  _number("modal_usaha", "Modal usaha (Rp)")], validity=90),
    _type("S-42", "Surat Keterangan Masih Hidup", "Keterangan masih hidup, antara lain untuk pensiunan.",
          "adalah benar masih hidup dan bertempat tinggal di {sebutan_desa} {nama_desa}. Surat ini diberikan untuk "
          "keperluan {instansi_pensiun}.", fields=[_text("instansi_pensiun", "Instansi yang meminta (contoh: Taspen)")],
          validity=30),
    _type("S-43", "Surat Keterangan Penyandang Disabilitas", "Keterangan penduduk penyandang disabilitas.",
          "adalah benar penduduk {sebutan_desa} {nama_desa} penyandang disabilitas {jenis_disabilitas}.",
          fields=[_choice("jenis_disabilitas", "Jenis disabilitas", ["fisik", "intelektual", "mental", "sensorik netra",
                                                                     "sensorik rungu/wicara", "ganda"])], validity=180),
    _type("S-44", "Surat Keterangan Tanggungan Keluarga", "Keterangan jumlah tanggungan dalam keluarga.",
          "adalah benar kepala keluarga dengan {jumlah_tanggungan_keluarga} orang tanggungan dalam Kartu Keluarga "
          "nomor {no_kk}.", fields=[_number("jumlah_tanggungan_keluarga", "Jumlah tanggungan")], validity=90),
]
