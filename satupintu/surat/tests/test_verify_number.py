"""Public verification by the number printed on the letter: the number's slashes must not become path segments, or a
genuine letter would be reported as probably forged."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from satupintu.surat import services
from satupintu.surat.models import LetterRequest

from .conftest import counter_request, issue

URL = reverse("surat:verify_lookup")


def _verdict_ok(html: str, letter) -> None:
    assert "SURAT TERDAFTAR DAN SAH" in html
    assert "kemungkinan palsu" not in html
    assert letter.number in html


def test_the_printed_number_finds_the_letter(client, users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    assert "/" in letter.number
    response = client.get(URL, {"code": letter.number})
    assert response.status_code == 200
    html = response.content.decode()
    _verdict_ok(html, letter)
    assert "B*** S******" in html and "Budi Santoso" not in html and resident_a.nik not in html
    # The token (the QR's secret) is not handed out to someone who only knows the number.
    assert letter.verification_token not in html


@pytest.mark.parametrize("typed", ["  {n}  ", "{lower}", "{spaced}"])
def test_spaces_and_case_do_not_matter(client, users, letter_types, resident_a, typed):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types, code="S-41",
                   values={"alamat_domisili": "Dusun II"})
    value = typed.format(n=letter.number, lower=letter.number.lower(), spaced=letter.number.replace("/", " / "))
    response = client.get(URL, {"code": value})
    assert response.status_code == 200
    _verdict_ok(response.content.decode(), letter)


def test_a_number_two_villages_share_asks_which_village(client, users, letter_types, resident_a, resident_b):
    # Sialtong (12.18.01.2001) and Bantan (12.18.02.2001) both print "2001": their first SKU has the same number.
    assert resident_a.village.short_code == resident_b.village.short_code == "2001"
    ours = issue(users=users, resident=resident_a, letter_types=letter_types)
    operator_b = users["village_operator_b"]
    head_b = type(operator_b).objects.create_user(
        username="kades_b", password="x", role="village_head", village=resident_b.village
    )
    theirs = counter_request(users={"village_operator": operator_b}, resident=resident_b, letter_types=letter_types)
    services.letter_request_verify(letter=theirs, by=operator_b)
    theirs = services.letter_sign(letter=theirs, by=head_b)
    assert ours.number == theirs.number

    html = client.get(URL, {"code": ours.number}).content.decode()
    assert 'data-testid="choose-village"' in html
    assert "Sialtong" in html and "Bantan" in html
    # Only the villages: no name, type or date of either letter before the choice.
    assert "SURAT TERDAFTAR" not in html and "S******" not in html and "Surat Keterangan Usaha" not in html
    assert "kemungkinan palsu" not in html
    assert "Kotarih Baru" not in html and "Pekan Dolok Masihul" not in html  # villages without that number

    chosen = client.get(URL, {"code": ours.number, "desa": theirs.village_id}).content.decode()
    _verdict_ok(chosen, theirs)
    assert "Bantan" in chosen and "S*** A*****" in chosen

    chosen = client.get(URL, {"code": ours.number, "desa": ours.village_id}).content.decode()
    _verdict_ok(chosen, ours)
    assert "Sialtong" in chosen and "B*** S******" in chosen

    # A village that has no letter with that number just asks again.
    again = client.get(URL, {"code": ours.number, "desa": "12.18.01.2002"}).content.decode()
    assert 'data-testid="choose-village"' in again and "SURAT TERDAFTAR" not in again


def test_an_unknown_number_is_not_called_forged_and_an_unsigned_one_is_not_found(
    client, users, letter_types, resident_a
):
    response = client.get(URL, {"code": "500/999/2001/XII/2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidak ada surat terdaftar dengan nomor" in html and "kemungkinan palsu" not in html
    assert "SURAT TERDAFTAR DAN SAH" not in html

    draft = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    LetterRequest.objects.filter(pk=draft.pk).update(number="500/777/2001/XII/2026")  # numbered but never signed
    assert "SURAT TERDAFTAR DAN SAH" not in client.get(URL, {"code": "500/777/2001/XII/2026"}).content.decode()


def test_the_code_from_the_footer_and_the_qr_address_still_work(client, users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    by_code = client.get(URL, {"code": letter.verification_token})
    assert by_code.status_code == 302
    assert by_code["Location"] == reverse("surat:verify", args=[letter.verification_token])
    by_url = client.get(f"{URL}?{urlencode({'code': letter.verification_url})}")
    assert by_url["Location"] == reverse("surat:verify", args=[letter.verification_token])


def test_revoked_letter_found_by_number_says_revoked(client, users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    services.letter_revoke(letter=letter, by=users["village_head"], reason="Data keliru")
    html = client.get(URL, {"code": letter.number}).content.decode()
    assert "SURAT INI TELAH DICABUT" in html and "SURAT TERDAFTAR DAN SAH" not in html



def test_look_ups_by_number_are_limited_per_address_and_the_qr_still_works(client, settings, users, letter_types,
                                                                          resident_a):
    """Numbers are sequential: a limit keeps anyone from walking every letter's masked name and type."""
    settings.SURAT_VERIFY_NUMBER_LIMIT = (2, 3600)
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    for _ in range(2):
        assert client.get(URL, {"code": letter.number}).status_code == 200
    refused = client.get(URL, {"code": letter.number})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Terlalu banyak pencarian nomor surat" in html and "WIB" in html  # says until when
    assert "SURAT TERDAFTAR" not in html and "B*** S******" not in html
    # The QR address carries the letter's secret token: not limited, not enumerable.
    assert client.get(reverse("surat:verify", args=[letter.verification_token])).status_code == 200
    # Another address is counted on its own.
    assert client.get(URL, {"code": letter.number}, REMOTE_ADDR="10.9.8.7").status_code == 200
