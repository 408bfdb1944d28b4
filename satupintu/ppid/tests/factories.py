"""Information requests in any state, made through the real services.

    InfoRequestFactory()                       # registered at the PPID Utama: "received"
    InfoRequestFactory(state="refused")        # forwarded to an OPD, refused there on a Pasal 17 ground
    InfoRequestFactory(state="objected")       # ... and the requester objected (request.objections.get())
    ObjectionFactory(state="answered")         # the objection itself, answered by the OPD head (atasan PPID)
    walk_to(info_request, "answered")          # an existing request walked on from where it is

The PPID Utama's officer forwards, the PPID officer of the OPD that holds the information extends and answers, the
OPD's head answers the objection and records the dispute: the timeline, audit trail and outbox are those of life.
"""

from __future__ import annotations

import factory
from django.utils import timezone

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.core.tests import factories as core_factories
from satupintu.organisasi.tests.factories import AgencyFactory, ppid_utama_agency
from satupintu.penduduk.tests.factories import next_nik
from satupintu.ppid import services
from satupintu.ppid.models import (
    AccessMode,
    CopyFormat,
    Delivery,
    IdKind,
    InfoRequest,
    Objection,
    ObjectionDecision,
    ObjectionGround,
    ObjectionStatus,
    Outcome,
    Status,
)
from satupintu.wilayah.tests.factories import DistrictFactory

# State -> the steps from intake that reach it. "refused" is answered with a refusal; the objection states are the
# request's as the requester sees them.
PATHS: dict[str, list[str]] = {
    "received": [],
    "forwarded": ["forward"],
    "extended": ["forward", "extend"],
    "answered": ["forward", "answer"],
    "refused": ["forward", "refuse"],
    "objected": ["forward", "refuse", "object"],
    "objection_answered": ["forward", "refuse", "object", "answer_objection"],
    "disputed": ["forward", "refuse", "object", "answer_objection", "record_dispute"],
}
STATES = tuple(PATHS)



def _nik() -> str:
    """A valid NIK of a woman registered in Kotarih (12.18.01); the district is made when the test has none."""
    return next_nik(region_code=DistrictFactory(code="12.18.01", name="Kotarih").code, sex="P")


def state_of(info_request: InfoRequest) -> str:
    """The factory's name for where a request is (a key of PATHS)."""
    objection = info_request.objections.order_by("-pk").first()
    if objection is not None:
        if objection.status == ObjectionStatus.SUBMITTED:
            return "objected"
        return "disputed" if objection.dispute_filed is not None else "objection_answered"
    by_status = {Status.RECEIVED: "received", Status.FORWARDED: "forwarded", Status.EXTENDED: "extended"}
    if info_request.status in by_status:
        return by_status[info_request.status]
    return "refused" if info_request.outcome == Outcome.REFUSED else "answered"


def _officer(info_request: InfoRequest):
    return actor(Role.PPID_OFFICER, agency=info_request.agency)


def _superior(info_request: InfoRequest):
    return actor(Role.OPD_HEAD, agency=info_request.agency)


def _steps(*, agency=None) -> dict:
    def forward(r: InfoRequest):
        by = actor(Role.PPID_OFFICER, agency=ppid_utama_agency())
        return services.info_request_forward(info_request=r, agency=agency or AgencyFactory(), by=by)

    def answer(outcome: str, **extra):
        def run(r: InfoRequest):
            data = services.AnswerInput(outcome=outcome, answer_text="Pemberitahuan tertulis atas permohonan Anda.",
                                        **extra)
            return services.info_request_answer(info_request=r, by=_officer(r), answer=data)

        return run

    def object_(r: InfoRequest):
        services.objection_file(info_request=r, grounds=[ObjectionGround.REFUSED],
                                case="Informasi kontrak bukan informasi yang dikecualikan.")
        return r

    def answer_objection(r: InfoRequest):
        services.objection_answer(
            objection=r.objections.get(), by=_superior(r), decision=ObjectionDecision.UPHELD,
            answer_text="Keberatan diterima; PPID memberikan salinan kontrak.", superior_name="Kepala Dinas",
        )
        return r

    def record_dispute(r: InfoRequest):
        services.objection_record_dispute(objection=r.objections.get(), by=_superior(r), filed=True,
                                          filed_on=timezone.localdate(), reference="KI-SU/001/2026")
        return r

    return {
        "forward": forward,
        "extend": lambda r: services.info_request_extend(
            info_request=r, by=_officer(r), reason="Dokumen berada di arsip UPT dan perlu disalin."
        ),
        "answer": answer(Outcome.GRANTED),
        "refuse": answer(Outcome.REFUSED, refusal_ground="17a",
                         consequence_test="Membuka dokumen menghambat penyidikan yang sedang berjalan."),
        "object": object_,
        "answer_objection": answer_objection,
        "record_dispute": record_dispute,
    }


def walk_to(info_request: InfoRequest, state: str, *, agency=None) -> InfoRequest:
    """Walk `info_request` from where it is to `state` (see PATHS). `agency`: the OPD it is forwarded to (default: a
    new one)."""
    info_request = core_factories.walk_to(info_request, state, paths=PATHS, steps=_steps(agency=agency),
                                          current=state_of(info_request))
    info_request.refresh_from_db()
    return info_request


class InfoRequestFactory(factory.Factory):
    """A request registered through `info_request_submit` and walked to `state` (a key of PATHS). `agency`: where it
    is forwarded; `user`: the requester's own account. Every other keyword is a field of `RequestInput`."""

    class Meta:
        model = services.RequestInput

    requester_name = "Siti Aminah"
    id_kind = IdKind.NIK
    id_number = factory.LazyFunction(_nik)
    address = "Dusun II, Desa Sialtong"
    phone = "081298765432"
    email = "siti.pemohon@example.id"
    occupation = "Wiraswasta"
    information = "Dokumen kontrak pembangunan jalan Kotarih 2025"
    purpose = "Pengawasan pembangunan desa"
    access_mode = AccessMode.COPY
    copy_format = CopyFormat.SOFTCOPY
    delivery = Delivery.EMAIL
    state = "received"
    agency = None
    user = None

    @classmethod
    def _create(cls, model_class, *args, state: str = "received", agency=None, user=None, **kwargs) -> InfoRequest:
        if state not in PATHS:
            raise ValueError(f"unknown state {state!r}; a factory can reach: {', '.join(PATHS)}")
        ppid_utama_agency()
        info_request = services.info_request_submit(data=model_class(**kwargs), user=user)
        return walk_to(info_request, state, agency=agency)

    @classmethod
    def _build(cls, model_class, *args, state=None, agency=None, user=None, **kwargs) -> services.RequestInput:
        """`build()` gives the form's input (a RequestInput) without registering anything."""
        return model_class(**kwargs)


OBJECTION_STATES = {"submitted": "objected", "answered": "objection_answered", "disputed": "disputed"}


def ObjectionFactory(*, state: str = "submitted", **request_kwargs) -> Objection:  # noqa: N802 (reads like a factory)
    """The objection to a refused request, in `state` (submitted, answered, disputed). Keywords go to
    InfoRequestFactory."""
    if state not in OBJECTION_STATES:
        raise ValueError(f"unknown objection state {state!r}; a factory can reach: {', '.join(OBJECTION_STATES)}")
    return InfoRequestFactory(state=OBJECTION_STATES[state], **request_kwargs).objections.get()
