"""The public PPID pages speak English when the browser asks for it (Accept-Language: en) and stay Indonesian
otherwise; the English comes from satupintu/ppid/locale/en."""

import pytest
from django.urls import reverse
from django.utils import translation

from satupintu.ppid.models import InfoCategory, PublicInfoItem

pytestmark = pytest.mark.django_db


def english(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_index_in_english_and_indonesian_by_default(client):
    url = reverse("ppid:index")
    html = english(client, url)
    assert "Public Information Service (PPID)" in html
    assert "Submit an information request" in html
    assert "Open the Public Information List" in html
    assert "Layanan Informasi Publik (PPID)" not in html
    assert "Ajukan permohonan informasi" not in html

    default = client.get(url).content.decode()
    assert "Layanan Informasi Publik (PPID)" in default
    assert "Public Information Service (PPID)" not in default


def test_dip_list_in_english(client, agencies):
    PublicInfoItem.objects.create(agency=agencies["pupr"], title="Rencana kerja jalan kabupaten 2026",
                                  summary="Daftar ruas jalan", category=InfoCategory.PERIODIC)
    PublicInfoItem.objects.create(agency=agencies["pupr"], title="Dokumen evaluasi penawaran tender",
                                  category=InfoCategory.EXEMPT, legal_ground="UU 14/2008 Pasal 17 huruf b")
    html = english(client, reverse("ppid:dip_list"))
    assert "2 items of information found." in html  # the plural form
    assert "Periodic information" in html and "Informasi berkala" not in html  # category labels (choices)
    assert "Exempt information" in html and "Informasi dikecualikan" not in html
    assert "Legal basis:" in html and "Dasar hukum:" not in html
    # The data itself is not translated: titles stay as the agency wrote them.
    assert "Rencana kerja jalan kabupaten 2026" in html

    one = english(client, reverse("ppid:dip_list"), q="jalan")
    assert "1 item of information found." in one


def test_track_lookup_error_and_request_page_in_english(client, make_request):
    # Created before any English request: the test client leaves the last request's language active.
    with translation.override("id"):
        info_request = make_request()

    html = english(client, reverse("ppid:track_lookup"), number="PPID/2026/999999", token="salah")
    assert "The registration number and tracking code do not match." in html
    assert "Nomor registrasi dan kode lacak tidak cocok" not in html

    html = english(client, reverse("ppid:track", args=[info_request.follow_token]))
    assert "Received by PPID Utama" in html  # the status label
    assert "Answer deadline" in html
    assert "Request received" in html  # the timeline event kind
    assert "Diterima PPID Utama" not in html
    assert "<dt>Batas waktu jawaban</dt>" not in html

    form = english(client, reverse("ppid:request_create"))
    assert "Public information request form" in form
    assert "Details of the information requested" in form
    assert "Formulir permohonan informasi publik" not in form
