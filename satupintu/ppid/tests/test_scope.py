"""Forwarding from PPID Utama to PPID Pelaksana, and who sees what."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from satupintu.ppid import selectors, services
from satupintu.ppid.models import EventKind, Outcome, Status
from satupintu.ppid.services import AnswerInput, TransitionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(clock, make_request, ppid_users, agencies):
    clock.set(date(2026, 6, 19))
    r = make_request()
    assert r.agency == agencies["diskominfo"] and r.status == Status.RECEIVED
    return services.info_request_forward(info_request=r, agency=agencies["pupr"], by=ppid_users["ppid_utama"],
                                         note="Kontrak jalan ada di Bidang Bina Marga.")


def test_forwarding_keeps_the_deadline_and_writes_the_timeline(forwarded, agencies):
    assert forwarded.status == Status.FORWARDED
    assert forwarded.agency == agencies["pupr"]
    assert forwarded.due_date == date(2026, 7, 3)  # the deadline runs from receipt, not from forwarding
    public_notes = list(forwarded.events.filter(kind=EventKind.FORWARDED, public=True).values_list("note", flat=True))
    assert public_notes == ["Diteruskan ke PPID Pelaksana Dinas Pekerjaan Umum dan Penataan Ruang."]
    # The internal note stays internal.
    assert forwarded.events.filter(public=False, note__contains="Bina Marga").exists()


def test_only_ppid_utama_or_regency_admin_forwards(clock, make_request, ppid_users, agencies):
    clock.set(date(2026, 6, 19))
    r = make_request()
    for name in ("ppid_pupr", "opd_admin", "citizen", "regent"):
        with pytest.raises(PermissionDenied):
            services.info_request_forward(info_request=r, agency=agencies["pupr"], by=ppid_users[name])
    services.info_request_forward(info_request=r, agency=agencies["dinkes"], by=ppid_users["regency_admin"])
    with pytest.raises(ValidationError):
        services.info_request_forward(info_request=r, agency=agencies["dinkes"], by=ppid_users["regency_admin"])


def test_scope_of_each_role(forwarded, ppid_users):
    def sees(name):
        return selectors.info_requests_for_user(ppid_users[name]).filter(pk=forwarded.pk).exists()

    assert sees("ppid_utama") and sees("ppid_pupr") and sees("regency_admin") and sees("regent")
    assert sees("opd_head")  # the head of PUPR, atasan of its PPID
    assert not sees("ppid_dinkes")
    assert not sees("opd_head_b")
    assert not sees("opd_admin_b")
    assert not sees("citizen")
    assert not sees("village_operator")


def test_other_opd_ppid_gets_404_and_cannot_act(client, forwarded, ppid_users):
    client.force_login(ppid_users["ppid_dinkes"])
    assert client.get(reverse("ppid:staff_detail", args=[forwarded.pk])).status_code == 404
    page = client.get(reverse("ppid:staff_queue"))
    assert page.status_code == 200 and forwarded.number not in page.content.decode()
    response = client.post(reverse("ppid:staff_answer", args=[forwarded.pk]),
                           {"outcome": Outcome.GRANTED, "answer_text": "x"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.info_request_answer(info_request=forwarded, by=ppid_users["ppid_dinkes"],
                                     answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="x"))


def test_pelaksana_answers_through_the_staff_page(client, forwarded, ppid_users):
    client.force_login(ppid_users["ppid_pupr"])
    page = client.get(reverse("ppid:staff_detail", args=[forwarded.pk]))
    assert page.status_code == 200
    assert "1218015505900001" in page.content.decode()  # PPID officers see the full number
    response = client.post(reverse("ppid:staff_answer", args=[forwarded.pk]), {
        "outcome": Outcome.PARTIAL, "answer_text": "Sebagian dokumen diberikan.", "refusal_ground": "17h",
        "consequence_test": "Lampiran berisi data pribadi pekerja.", "held_form": "elektronik", "fee": "0",
    })
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Status.ANSWERED and forwarded.outcome == Outcome.PARTIAL
    with pytest.raises(TransitionError):
        services.info_request_answer(info_request=forwarded, by=ppid_users["ppid_pupr"],
                                     answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Lagi"))


def test_refusal_needs_ground_and_consequence_test(clock, make_request, ppid_users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    with pytest.raises(ValidationError) as exc:
        services.info_request_answer(info_request=r, by=ppid_users["ppid_utama"],
                                     answer=AnswerInput(outcome=Outcome.REFUSED, answer_text="Ditolak"))
    assert "refusal_ground" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.info_request_answer(info_request=r, by=ppid_users["ppid_utama"],
                                     answer=AnswerInput(outcome=Outcome.REFUSED, answer_text="Ditolak",
                                                        refusal_ground="17a"))
    assert "consequence_test" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.info_request_answer(info_request=r, by=ppid_users["ppid_utama"],
                                     answer=AnswerInput(outcome=Outcome.OTHER_BODY, answer_text="Bukan kami"))
    assert "other_body" in exc.value.message_dict


def test_staff_queue_query_count_is_pinned(client, clock, make_request, ppid_users, django_assert_max_num_queries):
    clock.set(date(2026, 6, 19))
    for _ in range(6):
        make_request()
    client.force_login(ppid_users["ppid_utama"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("ppid:staff_queue"))
    assert response.content.decode().count('data-testid="request-row"') == 6
