"""Issue 13 polish of the PPID desk and public pages: readable history, open work first, short tracking codes, and
a DIP detail page that leads somewhere."""

from datetime import date

import pytest
from django.urls import reverse

from satupintu.core.audit import audit_record
from satupintu.ppid import services

pytestmark = pytest.mark.django_db


def _name(user, first, last):
    type(user).objects.filter(pk=user.pk).update(first_name=first, last_name=last)


def test_staff_history_shows_names_and_role_labels_not_codes(client, clock, make_request, users, agencies, village_a):
    from satupintu.aduan.models import Complaint

    clock.set(date(2026, 6, 19))
    _name(users["ppid_utama"], "Dewi", "Lestari")
    _name(users["regency_admin"], "Bambang", "Sitorus")
    r = make_request()
    services.info_request_forward(info_request=r, agency=agencies["pupr"], by=users["ppid_utama"])
    complaint = Complaint.objects.create(
        title="Minta salinan RAB", description="Saya ingin salinan RAB jembatan.", reporter_name="Andi",
        reporter_phone="6281211112222", village=village_a,
    )
    audit_record(obj=complaint, action="aduan.verify", actor=users["regency_admin"], from_state="baru",
                 to_state="diverifikasi")
    from_complaint = services.info_request_from_complaint(complaint=complaint, by=users["regency_admin"])

    client.force_login(users["ppid_utama"])
    page = client.get(reverse("ppid:staff_detail", args=[r.pk])).content.decode()
    assert "Dewi Lestari (Petugas PPID)" in page
    assert "Diteruskan ke PPID Pelaksana" in page
    assert "ppid_officer" not in page and "ppid.forwarded" not in page and "ppid_utama (" not in page

    page = client.get(reverse("ppid:staff_detail", args=[from_complaint.pk])).content.decode()
    assert "Bambang Sitorus (Administrator kabupaten)" in page
    assert "regency_admin" not in page and "aduan.verify" not in page and "admin_kab (" not in page


def _answer(r, users):
    from satupintu.ppid.models import Outcome
    from satupintu.ppid.services import AnswerInput

    return services.info_request_answer(info_request=r, by=users["ppid_utama"],
                                        answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))


def test_staff_queue_lists_open_work_first_oldest_deadline_first(client, clock, make_request, users):
    clock.set(date(2026, 6, 1))
    answered_first = make_request(requester_name="Sudah Dijawab Lama")  # the oldest deadline, but finished
    clock.set(date(2026, 6, 3))
    open_old = make_request(requester_name="Terbuka Lama")
    clock.set(date(2026, 6, 5))
    answered_late = make_request(requester_name="Sudah Dijawab Baru")
    clock.set(date(2026, 6, 8))
    open_new = make_request(requester_name="Terbuka Baru")
    clock.set(date(2026, 6, 9))
    _answer(answered_first, users)
    clock.set(date(2026, 6, 10))
    _answer(answered_late, users)
    assert answered_first.due_date < open_old.due_date < answered_late.due_date < open_new.due_date

    client.force_login(users["ppid_utama"])
    page = client.get(reverse("ppid:staff_queue")).content.decode()
    names = ["Terbuka Lama", "Terbuka Baru", "Sudah Dijawab Baru", "Sudah Dijawab Lama"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    # The filters keep the order.
    page = client.get(reverse("ppid:staff_queue"), {"q": "Terbuka"}).content.decode()
    assert page.index("Terbuka Lama") < page.index("Terbuka Baru") and "Sudah Dijawab" not in page
