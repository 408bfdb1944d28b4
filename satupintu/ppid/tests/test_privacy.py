"""The requester's ID number and contact never appear on a public page; registers mask the number for non-PPID."""

from datetime import date

import pytest
from django.urls import reverse

from satupintu.ppid import services
from satupintu.ppid.models import ObjectionGround, Outcome
from satupintu.ppid.services import AnswerInput

from .conftest import EMAIL, NIK, PHONE

pytestmark = pytest.mark.django_db

SECRETS = (NIK, PHONE, EMAIL, "Dusun II, Desa Sialtong")


def assert_private(content: bytes):
    text = content.decode()
    for secret in SECRETS:
        assert secret not in text, secret


def test_public_pages_never_show_the_id_number_or_contact(client, clock, make_request, ppid_users):
    clock.set(date(2026, 6, 19))
    response = client.post(reverse("ppid:request_create"), {
        "requester_name": "Siti Aminah", "id_kind": "nik", "id_number": NIK, "address": "Dusun II, Desa Sialtong",
        "phone": PHONE, "email": EMAIL, "occupation": "Wiraswasta", "information": "Dokumen kontrak",
        "purpose": "Pengawasan", "access_mode": "salinan", "copy_format": "softcopy", "delivery": "email",
    })
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert_private(receipt.content)
    from satupintu.ppid.models import InfoRequest

    r = InfoRequest.objects.get()
    assert r.id_number == NIK and r.number in receipt.content.decode()
    services.info_request_forward(info_request=r, agency=r.agency.__class__.objects.get(short_name="Dinas PUPR"),
                                  by=ppid_users["ppid_utama"])
    services.info_request_answer(info_request=r, by=ppid_users["ppid_pupr"],
                                 answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))
    services.objection_file(info_request=r, grounds=[ObjectionGround.NOT_AS_ASKED], case="Tidak lengkap.")
    pages = [
        reverse("ppid:track", args=[r.follow_token]),
        reverse("ppid:receipt", args=[r.follow_token]),
        reverse("ppid:objection_create", args=[r.follow_token]),
        reverse("ppid:track_lookup") + f"?number={r.number}&token={r.follow_token}",
        reverse("ppid:index"),
        reverse("ppid:dip_list"),
    ]
    for url in pages:
        page = client.get(url, follow=True)
        assert page.status_code == 200, url
        assert_private(page.content)


def test_register_masks_the_id_number_except_for_ppid(client, clock, make_request, ppid_users):
    clock.set(date(2026, 6, 19))
    make_request()
    url = reverse("ppid:register") + "?tahun=2026"
    client.force_login(ppid_users["regency_admin"])
    for fmt in ("", "&format=csv", "&format=xlsx"):
        response = client.get(url + fmt)
        assert response.status_code == 200
        body = response.content if fmt != "&format=xlsx" else _xlsx_text(response.content).encode()
        assert NIK.encode() not in body
        assert b"1218**********01" in body
    client.force_login(ppid_users["ppid_utama"])
    assert NIK in _xlsx_text(client.get(url + "&format=xlsx").content)
    assert NIK.encode() in client.get(url + "&format=csv").content


def test_staff_page_masks_for_regency_admin(client, clock, make_request, ppid_users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    client.force_login(ppid_users["regency_admin"])
    page = client.get(reverse("ppid:staff_detail", args=[r.pk])).content.decode()
    assert NIK not in page and "1218**********01" in page


def test_track_lookup_with_a_wrong_token_reveals_nothing(client, clock, make_request):
    clock.set(date(2026, 6, 19))
    r = make_request()
    page = client.get(reverse("ppid:track_lookup"), {"number": r.number, "token": "salah"})
    assert page.status_code == 200 and "tidak cocok" in page.content.decode()
    assert client.get(reverse("ppid:track", args=["tidak-ada"])).status_code == 404


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content)).active
    return "\n".join("\t".join(str(c) if c is not None else "" for c in row) for row in ws.iter_rows(values_only=True))
