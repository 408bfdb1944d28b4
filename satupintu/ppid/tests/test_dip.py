"""Daftar Informasi Publik: public browse and search across agencies; exempt entries show only title and ground."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.ppid import services
from satupintu.ppid.models import InfoCategory, PublicInfoItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(agencies):
    make = PublicInfoItem.objects.create
    return {
        "rkpd": make(agency=agencies["pupr"], title="Rencana kerja jalan kabupaten 2026", summary="Daftar ruas jalan",
                     category=InfoCategory.PERIODIC, holding_unit="Bidang Bina Marga"),
        "banjir": make(agency=agencies["pupr"], title="Peringatan banjir Sungai Ular", summary="Peta genangan",
                       category=InfoCategory.IMMEDIATE),
        "lelang": make(agency=agencies["pupr"], title="Dokumen evaluasi penawaran tender",
                       summary="RAHASIA-RINGKASAN harga perkiraan sendiri", holding_unit="RAHASIA-UNIT",
                       category=InfoCategory.EXEMPT, legal_ground="UU 14/2008 Pasal 17 huruf b"),
        "imunisasi": make(agency=agencies["dinkes"], title="Cakupan imunisasi per desa", summary="Data jalan sehat",
                          category=InfoCategory.ON_REQUEST),
        "draft": make(agency=agencies["dinkes"], title="Draf belum terbit", category=InfoCategory.PERIODIC,
                      is_published=False),
    }


def rows(response) -> int:
    return response.content.decode().count('data-testid="dip-row"')


def test_browse_and_filter(client, items, agencies):
    url = reverse("ppid:dip_list")
    assert rows(client.get(url)) == 4  # the unpublished draft is hidden
    assert rows(client.get(url, {"agency": agencies["dinkes"].pk})) == 1
    assert rows(client.get(url, {"category": InfoCategory.IMMEDIATE})) == 1
    assert rows(client.get(url, {"q": "jalan"})) == 2  # title of rkpd, summary of imunisasi
    assert rows(client.get(url, {"q": "harga perkiraan"})) == 0  # an exempt summary is not searchable
    assert rows(client.get(url, {"q": "Pasal 17 huruf b"})) == 1  # its legal ground is
    assert client.get(url, {"agency": "abc", "category": "zzz"}).status_code == 200


def test_exempt_entry_shows_only_title_and_legal_ground(client, items):
    for url in (reverse("ppid:dip_list"), reverse("ppid:dip_detail", args=[items["lelang"].pk])):
        html = client.get(url).content.decode()
        assert "Dokumen evaluasi penawaran tender" in html and "Pasal 17 huruf b" in html
        assert "RAHASIA-RINGKASAN" not in html and "RAHASIA-UNIT" not in html
    assert client.get(reverse("ppid:dip_document", args=[items["lelang"].pk])).status_code == 404
    assert client.get(reverse("ppid:dip_detail", args=[items["draft"].pk])).status_code == 404


def test_officer_manages_only_their_own_list(client, items, users, agencies):
    client.force_login(users["ppid_pupr"])
    html = client.get(reverse("ppid:dip_manage")).content.decode()
    assert "Rencana kerja jalan" in html and "imunisasi" not in html
    assert client.get(reverse("ppid:dip_edit", args=[items["imunisasi"].pk])).status_code == 404
    response = client.post(reverse("ppid:dip_create"), {
        "agency": agencies["dinkes"].pk, "title": "Bukan OPD saya", "category": InfoCategory.PERIODIC, "form": "cetak",
    })
    assert response.status_code == 200 and not PublicInfoItem.objects.filter(title="Bukan OPD saya").exists()
    document = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(reverse("ppid:dip_create"), {
        "agency": agencies["pupr"].pk, "title": "Laporan keuangan 2025", "category": InfoCategory.PERIODIC,
        "form": "elektronik", "document": document, "is_published": "on",
    })
    assert response.status_code == 302
    item = PublicInfoItem.objects.get(title="Laporan keuangan 2025")
    download = client.get(reverse("ppid:dip_document", args=[item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00\x03", content_type="application/pdf")
    response = client.post(reverse("ppid:dip_create"), {
        "agency": agencies["pupr"].pk, "title": "Palsu", "category": InfoCategory.PERIODIC, "form": "elektronik",
        "document": bad,
    })
    assert response.status_code == 200 and "tidak diterima" in response.content.decode()


def test_exempt_item_needs_legal_ground(items, ppid_users, agencies):
    users = ppid_users
    item = PublicInfoItem(agency=agencies["pupr"], title="Rahasia", category=InfoCategory.EXEMPT)
    with pytest.raises(ValidationError):
        services.public_info_item_save(item=item, by=users["ppid_pupr"])
    item.legal_ground = "Pasal 17 huruf c"
    services.public_info_item_save(item=item, by=users["ppid_pupr"])
    for outsider in ("ppid_dinkes", "opd_admin", "citizen"):
        with pytest.raises(PermissionDenied):
            services.public_info_item_save(
                item=PublicInfoItem(agency=agencies["pupr"], title="x", category=InfoCategory.PERIODIC),
                by=users[outsider],
            )


def test_public_list_query_count_is_pinned(client, items, agencies, django_assert_max_num_queries):
    for i in range(10):
        PublicInfoItem.objects.create(agency=agencies["dinkes"], title=f"Informasi {i}", category=InfoCategory.PERIODIC)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("ppid:dip_list"))
    assert rows(response) == 14


def test_dip_detail_leads_to_the_document_or_to_a_prefilled_request(client, items, regency):
    """A DIP entry leads somewhere: to its document, or to a request form already filled in for it."""
    from satupintu.ppid.forms import InfoRequestForm

    rkpd = items["rkpd"]
    # Without a document: a button to ask for it, and the request form names the information.
    page = client.get(reverse("ppid:dip_detail", args=[rkpd.pk])).content.decode()
    ask = f'{reverse("ppid:request_create")}?dip={rkpd.pk}'
    assert 'data-testid="dip-request"' in page and ask in page and 'data-testid="dip-download"' not in page
    form = client.get(ask).context["form"]
    assert isinstance(form, InfoRequestForm)
    assert form.initial["information"] == (
        "Rencana kerja jalan kabupaten 2026 (Daftar Informasi Publik Dinas Pekerjaan Umum dan Penataan Ruang)"
    )
    assert "Rencana kerja jalan kabupaten 2026" in client.get(ask).content.decode()

    # With a public document: the download, no detour through a request.
    rkpd.document.save("rkpd-2026.pdf", SimpleUploadedFile("rkpd-2026.pdf", b"%PDF-1.4 rkpd"))
    page = client.get(reverse("ppid:dip_detail", args=[rkpd.pk])).content.decode()
    download = reverse("ppid:dip_document", args=[rkpd.pk])
    assert f'href="{download}"' in page and 'data-testid="dip-request"' not in page
    assert client.get(download).status_code == 200

    # An unpublished entry is not named on the form, whatever id is typed.
    for bad in (str(items["draft"].pk), "x", "999999"):
        assert "information" not in client.get(reverse("ppid:request_create"), {"dip": bad}).context["form"].initial
