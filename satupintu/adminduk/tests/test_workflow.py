"""The one table of birth and death registration: every step from where it may start, by whom, and every other
(state, step) pair refused without a change."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from satupintu.adminduk.models import BirthRegistration, RegistrationStatus
from satupintu.adminduk.workflow import (
    BIRTH_TRANSITIONS,
    BIRTHS,
    DEATH_TRANSITIONS,
    DEATHS,
    DECLARANT,
    REGISTRAR,
    VERIFIER,
)
from satupintu.core.workflow import TransitionError
from satupintu.notifikasi.registry import get_template

from .factories import birth_input

S = RegistrationStatus
pytestmark = pytest.mark.django_db

EXPECTED = {
    "declared": ({""}, S.DECLARED, {DECLARANT}),
    "corrected": ({S.RETURNED}, S.DECLARED, {DECLARANT}),
    "returned": ({S.DECLARED, S.VERIFIED}, S.RETURNED, {VERIFIER, REGISTRAR}),
    "verified": ({S.DECLARED}, S.VERIFIED, {VERIFIER, REGISTRAR}),
    "registered": ({S.VERIFIED}, S.REGISTERED, {REGISTRAR}),
    "handed_over": ({S.REGISTERED}, S.HANDED_OVER, {DECLARANT, VERIFIER}),
}


@pytest.mark.parametrize("table", [BIRTH_TRANSITIONS, DEATH_TRANSITIONS])
def test_the_table_is_the_one_flow(table):
    assert {name: (set(t.sources), t.target, set(t.actors)) for name, t in table.items()} == EXPECTED


def test_every_message_the_tables_declare_has_a_template():
    for workflow in (BIRTHS, DEATHS):
        for event in workflow.notice_events():
            assert get_template(event)


@pytest.mark.parametrize("state", list(S.values))
def test_every_step_not_in_the_table_is_refused_and_changes_nothing(bidan, facility, registrar, family, state):
    from satupintu.adminduk import services

    birth = services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    BirthRegistration.objects.filter(pk=birth.pk).update(status=state)
    birth.refresh_from_db()
    for action, t in BIRTH_TRANSITIONS.items():
        if state in t.sources:
            continue
        with pytest.raises(TransitionError), transaction.atomic():
            BIRTHS.apply(birth, action, by=registrar)
        birth.refresh_from_db()
        assert birth.status == state


def test_a_step_by_the_wrong_actor_is_forbidden(bidan, facility, verifier, family):
    from satupintu.adminduk import services

    birth = services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    with pytest.raises(PermissionDenied), transaction.atomic():
        BIRTHS.apply(birth, "verified", by=bidan)  # the midwife does not verify her own declaration
    birth.refresh_from_db()
    services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    with pytest.raises(PermissionDenied), transaction.atomic():
        BIRTHS.apply(birth, "registered", by=verifier)  # only the pejabat pencatatan sipil registers
    birth.refresh_from_db()
    assert birth.status == S.VERIFIED
