"""The staff pages drive the services: extend, objection answer, dispute, registers."""

from datetime import date

import pytest
from django.urls import reverse

from satupintu.ppid import services
from satupintu.ppid.models import Objection, ObjectionGround, Outcome, Status
from satupintu.ppid.services import AnswerInput

pytestmark = pytest.mark.django_db


def test_extension_through_the_page_and_second_refused(client, clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    client.force_login(users["ppid_utama"])
    url = reverse("ppid:staff_extend", args=[r.pk])
    assert client.post(url, {"reason": ""}, follow=True).status_code == 200
    r.refresh_from_db()
    assert r.extended_at is None
    client.post(url, {"reason": "Dokumen di arsip lapangan."})
    r.refresh_from_db()
    assert r.status == Status.EXTENDED and r.due_date == date(2026, 7, 14)  # 3 Jul + 7: 6-10, 13, 14 Jul
    page = client.post(url, {"reason": "Lagi"}, follow=True).content.decode()
    assert "satu kali" in page
    r.refresh_from_db()
    assert r.due_date == date(2026, 7, 14)
    # The requester reads the reason on the tracking page.
    assert "Dokumen di arsip lapangan." in client.get(reverse("ppid:track", args=[r.follow_token])).content.decode()


def test_objection_answer_and_dispute_through_the_page(client, clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    services.info_request_answer(info_request=r, by=users["ppid_utama"],
                                 answer=AnswerInput(outcome=Outcome.NOT_HELD, answer_text="Tidak ada."))
    clock.set(date(2026, 6, 22))
    response = client.post(reverse("ppid:objection_create", args=[r.follow_token]),
                           {"grounds": [ObjectionGround.NOT_MET], "case": "Dokumen ada di kantor."})
    assert response.status_code == 302
    objection = Objection.objects.get()
    # Only the superior side may answer: not the PPID Pelaksana of another OPD, not a citizen.
    client.force_login(users["opd_head_b"])
    assert client.post(reverse("ppid:staff_objection_answer", args=[objection.pk]), {}).status_code == 404
    client.force_login(users["regency_admin"])
    client.post(reverse("ppid:staff_objection_answer", args=[objection.pk]), {
        "decision": "diterima", "answer_text": "PPID wajib mencari dokumen.", "superior_name": "Sekda",
    })
    objection.refresh_from_db()
    assert objection.answered_on == date(2026, 6, 22) and "Komisi Informasi" in objection.answer_text
    client.post(reverse("ppid:staff_dispute", args=[objection.pk]), {"filed": "0", "note": "Pemohon puas."})
    objection.refresh_from_db()
    assert objection.dispute_filed is False
    track = client.get(reverse("ppid:track", args=[r.follow_token])).content.decode()
    assert "Komisi Informasi" in track
    registers = client.get(reverse("ppid:objection_register"), {"tahun": 2026, "format": "csv"})
    text = registers.content.decode("utf-8-sig")
    assert objection.number in text and "Sekda" in text and "Tidak" in text


def test_citizen_cannot_open_the_staff_pages(client, users, regency, agencies):
    client.force_login(users["citizen"])
    assert client.get(reverse("ppid:staff_queue")).status_code == 403
    assert client.get(reverse("ppid:register")).status_code == 403
    client.logout()
    assert client.get(reverse("ppid:staff_queue")).status_code == 302


def test_csv_cells_are_not_formulas(client, clock, make_request, users):
    clock.set(date(2026, 6, 19))
    make_request(requester_name="=HYPERLINK(\"http://x\")")
    client.force_login(users["ppid_utama"])
    text = client.get(reverse("ppid:register"), {"tahun": 2026, "format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_queue_pages_keep_the_filters(client, make_request, users):
    """Paging through a filtered queue stays filtered (the links used to carry only the page number)."""
    for _ in range(31):
        make_request()
    client.force_login(users["ppid_utama"])
    html = client.get(reverse("ppid:staff_queue"), {"status": Status.RECEIVED, "q": "Siti"}).content.decode()
    next_link = html.split(">Berikutnya<")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "halaman=2" in next_link and "q=Siti" in next_link and f"status={Status.RECEIVED}" in next_link
    assert client.get(reverse("ppid:staff_queue") + next_link).status_code == 200
