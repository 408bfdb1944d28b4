from satupintu.penduduk.masking import mask_kk, mask_name, mask_nik


def test_mask_nik_keeps_only_the_region():
    assert mask_nik("1218014501900001") == "121801**********"
    assert mask_nik("1218 0145 0190 0001") == "121801**********"
    assert mask_nik("") == ""
    assert mask_nik(None) == ""


def test_mask_kk_keeps_only_the_region():
    assert mask_kk("1218010101260001") == "121801**********"


def test_mask_name_keeps_initials_and_length():
    assert mask_name("Budi Santoso") == "B*** S******"
    assert mask_name("  Siti   Nur'aini ") == "S*** N**'****"
    assert mask_name("M. Yusuf") == "M. Y****"
    assert mask_name("") == ""


def test_masked_values_never_contain_the_birth_date_or_serial():
    nik = "1218014501900001"
    masked = mask_nik(nik)
    assert "450190" not in masked and "0001" not in masked
