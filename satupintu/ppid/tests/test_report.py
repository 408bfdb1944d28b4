"""The annual report's figures against a hand-counted set of requests (all dates in periods without holidays)."""

from datetime import date

import pytest
from django.urls import reverse

from satupintu.ppid import reports, services
from satupintu.ppid.models import ObjectionDecision, ObjectionGround, Outcome
from satupintu.ppid.services import AnswerInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(clock, make_request, ppid_users, agencies):
    utama, pupr, dinkes = ppid_users["ppid_utama"], ppid_users["ppid_pupr"], ppid_users["ppid_dinkes"]

    def new(day, agency=None):
        clock.set(day)
        r = make_request()
        if agency is not None:
            r = services.info_request_forward(info_request=r, agency=agencies[agency], by=utama)
        return r

    def answer(r, day, by, outcome, ground=""):
        clock.set(day)
        return services.info_request_answer(info_request=r, by=by, answer=AnswerInput(
            outcome=outcome, answer_text="Jawaban.", refusal_ground=ground,
            consequence_test="Uji konsekuensi." if ground else "", other_body="Kantor BPN" if outcome == "badan_lain" else ""))

    # Received Mon 3 Feb 2025: due Mon 17 Feb (10 working days, no holiday in Feb 2025).
    r1 = answer(new(date(2025, 2, 3), "pupr"), date(2025, 2, 5), pupr, Outcome.GRANTED)  # 2 days, on time
    r2 = answer(new(date(2025, 2, 3), "pupr"), date(2025, 2, 17), pupr, Outcome.REFUSED, "17a")  # 10 days, on time
    r3 = answer(new(date(2025, 2, 3), "pupr"), date(2025, 2, 18), pupr, Outcome.PARTIAL, "17h")  # 11 days, late
    r4 = new(date(2025, 2, 3), "pupr")
    clock.set(date(2025, 2, 10))
    r4 = services.info_request_extend(info_request=r4, by=pupr, reason="Arsip di gudang.")  # due 17 Feb + 7 = 26 Feb
    answer(r4, date(2025, 2, 25), pupr, Outcome.NOT_HELD)  # 16 days, on time thanks to the extension
    new(date(2025, 10, 6), "pupr")  # r5: never answered
    answer(new(date(2025, 10, 6), "dinkes"), date(2025, 10, 8), dinkes, Outcome.OTHER_BODY)  # r6: 2 days
    answer(new(date(2025, 10, 6)), date(2025, 10, 10), utama, Outcome.GRANTED)  # r7 at Diskominfo: 4 days
    new(date(2026, 1, 5), "pupr")  # r8: another year, never counted in 2025

    clock.set(date(2025, 2, 20))
    o1 = services.objection_file(info_request=r2, grounds=[ObjectionGround.REFUSED], case="Bukan informasi rahasia.")
    clock.set(date(2025, 3, 3))
    o1 = services.objection_answer(objection=o1, by=ppid_users["regency_admin"], decision=ObjectionDecision.REJECTED,
                                   answer_text="Dikuatkan.", superior_name="Sekretaris Daerah")
    services.objection_record_dispute(objection=o1, by=ppid_users["regency_admin"], filed=True,
                                      filed_on=date(2025, 3, 10))
    clock.set(date(2025, 2, 19))
    services.objection_file(info_request=r3, grounds=[ObjectionGround.NOT_AS_ASKED, ObjectionGround.NOT_MET],
                            case="Sebagian saja.")
    clock.set(date(2026, 1, 20))  # the report is made in January of the following year
    return r1


def test_regency_figures(seeded):
    report = reports.annual_report(year=2025)
    assert report.received == 7  # r1..r7; r8 was received in 2026
    assert report.answered == 6  # all but r5
    assert report.answered_on_time == 5  # r3 (18 Feb > 17 Feb) is the only late one
    assert report.answered_late == 1
    assert report.pending == 1 and report.pending_overdue == 1  # r5, due 20 Oct 2025
    assert report.extended == 1  # r4
    assert {code: n for code, _label, n in report.by_outcome} == {
        "diberikan": 2,  # r1, r7
        "sebagian": 1,  # r3
        "ditolak": 1,  # r2
        "tidak_dikuasai": 1,  # r4
        "badan_lain": 1,  # r6
    }
    assert [(code, n) for code, _label, n in report.by_refusal_ground] == [("17a", 1), ("17h", 1)]  # r2, r3
    assert report.objections == 2 and report.objections_answered == 1 and report.disputes == 1
    assert [(code, n) for code, _label, n in report.objections_by_ground] == [("35a", 1), ("35d", 1), ("35e", 1)]
    # Working days to answer: r1 2, r2 10, r3 11, r4 16, r6 2, r7 4 -> sorted 2,2,4,10,11,16 -> (4 + 10) / 2 = 7.
    assert report.median_days == 7
    assert report.by_month == [0, 4, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0]  # Feb: r1-r4, Oct: r5-r7


def test_per_agency_figures(seeded, agencies):
    pupr = reports.annual_report(year=2025, agency=agencies["pupr"])
    assert (pupr.received, pupr.answered, pupr.answered_on_time, pupr.pending) == (5, 4, 3, 1)  # r1-r5
    assert pupr.median_days == 10.5  # 2, 10, 11, 16 -> (10 + 11) / 2
    assert pupr.objections == 2
    dinkes = reports.annual_report(year=2025, agency=agencies["dinkes"])
    assert (dinkes.received, dinkes.answered, dinkes.median_days, dinkes.objections) == (1, 1, 2, 0)


def test_report_page_and_pdf(client, seeded, ppid_users, agencies):
    client.force_login(ppid_users["ppid_utama"])
    page = client.get(reverse("ppid:report"), {"year": 2025})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="received">7<' in html and 'data-testid="median">7<' in html
    assert html.split('id="main"', 1)[1].count("<svg") == 3  # the charts; the header has icons
    pdf = client.get(reverse("ppid:report_pdf"), {"year": 2025})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # A PPID Pelaksana sees only its own OPD's report, whatever it asks for.
    client.force_login(ppid_users["ppid_pupr"])
    page = client.get(reverse("ppid:report"), {"year": 2025})
    assert 'data-testid="received">5<' in page.content.decode()
    page = client.get(reverse("ppid:report"), {"year": 2025, "agency": agencies["dinkes"].pk})
    assert page.status_code == 200 and 'data-testid="received"' not in page.content.decode()  # refused by the form


def test_pdf_takes_user_text_as_data_not_markup(agencies):
    report = reports.annual_report(year=2025)
    report.agency_name = '#set page(width: 1cm) ] #panic("x") \\ "quoted" $math$'
    assert reports.annual_report_pdf(report).startswith(b"%PDF")


def test_svg_escapes_labels():
    svg = reports.bar_chart_svg([("<script>alert(1)</script>", 3)], title='A "title" & more')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
