"""Social candidates on the workflow engine: the table decides, the audit keeps its codes ("candidate.<target>")."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satupintu.aduan.channels import social
from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import CandidateStatus

pytestmark = pytest.mark.django_db


def test_dismiss_reopen_and_the_refusals(users):
    admin = users["regency_admin"]
    candidate = social.candidate_create_manual(by=admin, channel="manual", text="Jalan di Dusun III berlubang besar.")
    assert candidate.pk and candidate.status == CandidateStatus.NEW
    with pytest.raises(ValidationError):
        social.candidate_reopen(candidate=candidate, by=admin)  # only a dismissed candidate is reopened
    with pytest.raises(PermissionDenied):
        social.candidate_dismiss(candidate=candidate, by=users["citizen"])
    social.candidate_dismiss(candidate=candidate, by=admin, note="Bukan aduan")
    assert (candidate.status, candidate.handled_by, candidate.note) == (CandidateStatus.DISMISSED, admin, "Bukan aduan")
    social.candidate_reopen(candidate=candidate, by=admin)
    candidate.refresh_from_db()
    assert (candidate.status, candidate.handled_by, candidate.note) == (CandidateStatus.NEW, None, "Bukan aduan")
    assert [(e.action, e.from_state, e.to_state) for e in audit_trail(candidate)] == [
        ("candidate.pasted", "", "new"), ("candidate.dismissed", "new", "dismissed"), ("candidate.new", "dismissed", "new"),
    ]
