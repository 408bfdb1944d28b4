"""A reopened complaint gets a new deadline by the rules (issue 13, bug 11): the OPD's answer period in working days
(kalender), counted from the day of reopening — not the deadline it had before (the auto-close date of the answer,
or the first answer's due date)."""

import datetime as dt

import pytest

from satupintu.aduan.models import AduanSettings, Complaint, Status
from satupintu.kalender.services import add_working_days
from satupintu.notifikasi.models.outbox import OutboxMessage

from .factories import walk_to

pytestmark = pytest.mark.django_db


def test_reopening_days_later_through_the_follow_page_counts_the_answer_period_from_that_day(
        client, submit, users, agencies, monkeypatch):
    complaint = walk_to(submit(), "answered", agency=agencies["pupr"])
    first_due, auto_close = complaint.answer_due, complaint.deadline
    reopen_day = dt.date(2027, 3, 8)  # a Monday, weeks after the answer
    monkeypatch.setattr("satupintu.aduan.services._today", lambda: reopen_day)
    response = client.post(complaint.get_follow_url(), {"action": "reopen", "reopen-reason": "Lubangnya muncul lagi."})
    assert response.status_code == 302
    complaint = Complaint.objects.get(pk=complaint.pk)
    expected = add_working_days(reopen_day, AduanSettings.load().answer_days)
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.deadline == expected == complaint.answer_due
    assert expected not in {first_due, auto_close}
    assert complaint.escalation_level == 0 and not complaint.is_late
    # The OPD is told the new deadline.
    message = OutboxMessage.objects.filter(event="aduan.reopened").first()
    assert message.context["deadline"] == expected.isoformat()
    # And the reporter's page shows it.
    assert "Batas waktu tahap ini" in client.get(complaint.get_follow_url()).content.decode()
