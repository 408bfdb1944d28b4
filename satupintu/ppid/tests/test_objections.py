"""Objections (Pasal 35-37): within 30 working days of the answer or of the missed deadline."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from satupintu.ppid import services
from satupintu.ppid.models import ObjectionDecision, ObjectionGround, ObjectionStatus, Outcome
from satupintu.ppid.services import AnswerInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    clock.set(date(2026, 7, 3))  # Friday: the notice is given on the last day of the deadline
    return services.info_request_answer(
        info_request=r, by=users["ppid_utama"],
        answer=AnswerInput(outcome=Outcome.REFUSED, answer_text="Ditolak.", refusal_ground="17a",
                           consequence_test="Membuka dokumen menghambat penyidikan yang sedang berjalan."),
    )


def test_objection_on_the_last_day_of_the_window(clock, answered):
    # 30 working days after Fri 3 Jul: six whole weeks, 6 Jul - 14 Aug, no holiday in between.
    clock.set(date(2026, 8, 14))
    objection = services.objection_file(info_request=answered, grounds=[ObjectionGround.REFUSED], case="Saya keberatan.")
    assert objection.number == "KEB/2026/000001"
    # The superior answers within 30 working days: 17 Aug (Independence Day) and 25 Aug (Maulid) do not count;
    # 17 Aug - 25 Sep has 30 weekdays, minus those two holidays = 28, plus 28 and 29 Sep = 30.
    assert objection.due_date == date(2026, 9, 29)


def test_objection_after_the_window_is_refused(clock, answered):
    clock.set(date(2026, 8, 18))  # Mon 17 Aug is a holiday; Tue 18 Aug is the 31st working day
    with pytest.raises(ValidationError, match="sudah lewat"):
        services.objection_file(info_request=answered, grounds=[ObjectionGround.REFUSED], case="Terlambat.")
    assert not answered.objections.exists()


def test_no_objection_while_the_request_is_still_within_its_deadline(clock, make_request):
    clock.set(date(2026, 6, 19))
    r = make_request()
    clock.set(date(2026, 7, 3))  # the deadline itself: the PPID may still answer today
    with pytest.raises(ValidationError, match="masih dalam jangka waktu"):
        services.objection_file(info_request=r, grounds=[ObjectionGround.NOT_ANSWERED], case="Belum dijawab.")


def test_objection_when_the_deadline_passed_without_an_answer(clock, make_request):
    clock.set(date(2026, 6, 19))
    r = make_request()
    clock.set(date(2026, 7, 6))
    objection = services.objection_file(info_request=r, grounds=[ObjectionGround.NOT_ANSWERED, ObjectionGround.LATE],
                                        case="Tidak ada jawaban sampai batas waktu.")
    assert objection.grounds == ["35c", "35g"]


def test_grounds_are_required_and_must_be_known(clock, answered):
    clock.set(date(2026, 7, 6))
    with pytest.raises(ValidationError) as exc:
        services.objection_file(info_request=answered, grounds=[], case="x")
    assert "grounds" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.objection_file(info_request=answered, grounds=["99z"], case="x")


def test_superior_answer_names_the_komisi_informasi_and_dispute_is_recorded(clock, answered, users):
    clock.set(date(2026, 7, 6))
    objection = services.objection_file(info_request=answered, grounds=[ObjectionGround.REFUSED], case="Keberatan.")
    with pytest.raises(ValidationError):
        services.objection_file(info_request=answered, grounds=[ObjectionGround.REFUSED], case="Lagi.")
    clock.set(date(2026, 7, 20))
    objection = services.objection_answer(objection=objection, by=users["regency_admin"],
                                          decision=ObjectionDecision.REJECTED, answer_text="Keputusan PPID dikuatkan.",
                                          superior_name="Sekretaris Daerah")
    assert objection.status == ObjectionStatus.ANSWERED
    assert "Komisi Informasi" in objection.answer_text
    # 14 working days after Mon 20 Jul: 21-24 (4) + 27-31 (9) + 3-7 Aug (14).
    assert "7 Agustus 2026" in objection.answer_text
    assert services.dispute_deadline(objection) == date(2026, 8, 7)
    with pytest.raises(ValidationError):
        services.objection_record_dispute(objection=objection, by=users["regency_admin"], filed=True)
    objection = services.objection_record_dispute(objection=objection, by=users["regency_admin"], filed=True,
                                                  filed_on=date(2026, 8, 3), reference="KI-SU/2026/12")
    assert objection.dispute_filed is True and objection.dispute_reference == "KI-SU/2026/12"
