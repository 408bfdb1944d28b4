"""Complaints in any state, made through the real services.

    ComplaintFactory()                      # filed through the one intake: "received"
    ComplaintFactory(state="answered")      # verified, assigned, accepted, answered and approved, as in life
    walk_to(complaint, "closed")            # an existing report walked on from where it is

Each step is a public service call by the account that does it in life (the regency administrator verifies and
routes, the OPD admin of the assigned agency accepts and drafts the answer, its head approves, the reporter's follow
link confirms), so the timeline, the audit trail and the outbox are those of a real report.
"""

from __future__ import annotations

import factory
from django.utils.text import slugify

from satupintu.aduan import services
from satupintu.aduan.models import Category, Complaint, Kind
from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.core.tests import factories as core_factories
from satupintu.organisasi.tests.factories import AgencyFactory, ppid_utama_agency
from satupintu.wilayah.tests.factories import VillageFactory

# State -> the steps from intake that reach it. The names are the complaint's status values.
PATHS: dict[str, list[str]] = {
    "received": [],
    "verified": ["verify"],
    "rejected": ["reject"],
    "duplicate": ["mark_duplicate"],
    "converted": ["convert"],
    "assigned": ["verify", "assign"],
    "returned": ["verify", "assign", "hand_back"],
    "in_progress": ["verify", "assign", "accept"],
    "pending_approval": ["verify", "assign", "accept", "submit_answer"],
    "answered": ["verify", "assign", "accept", "submit_answer", "approve_answer"],
    "closed": ["verify", "assign", "accept", "submit_answer", "approve_answer", "confirm"],
}
STATES = tuple(PATHS)

ANSWER_BODY = "Lubang jalan sudah ditambal oleh tim Bina Marga pada hari Senin."


def _admin():
    return actor(Role.REGENCY_ADMIN)


def _opd(role: str, complaint: Complaint):
    return actor(role, agency=complaint.agency)


def _steps(*, agency=None) -> dict:
    def assign(c: Complaint):
        target = agency or (c.category.routing_agency() if c.category_id else None) or AgencyFactory()
        return services.complaint_assign(complaint=c, by=_admin(), agency=target)

    def mark_duplicate(c: Complaint):
        original = ComplaintFactory(category=c.category, village=c.village, title=c.title)
        return services.complaint_mark_duplicate(complaint=c, by=_admin(), original=original)

    def convert(c: Complaint):
        ppid_utama_agency()
        services.complaint_convert_to_info_request(complaint=c, by=_admin())
        c.refresh_from_db()
        return c

    def submit_answer(c: Complaint):
        services.answer_submit(complaint=c, by=_opd(Role.OPD_ADMIN, c), body=ANSWER_BODY)  # returns the Answer
        return c

    return {
        "verify": lambda c: services.complaint_verify(complaint=c, by=_admin()),
        "reject": lambda c: services.complaint_reject(complaint=c, by=_admin(), reason="Bukan laporan pelayanan."),
        "mark_duplicate": mark_duplicate,
        "convert": convert,
        "assign": assign,
        "hand_back": lambda c: services.complaint_hand_back(
            complaint=c, by=_opd(Role.OPD_ADMIN, c), reason="Bukan kewenangan OPD kami."
        ),
        "accept": lambda c: services.complaint_accept(complaint=c, by=_opd(Role.OPD_ADMIN, c)),
        "submit_answer": submit_answer,
        "approve_answer": lambda c: services.answer_approve(complaint=c, by=_opd(Role.OPD_HEAD, c)),
        "confirm": lambda c: services.complaint_confirm(complaint=c, by=services.reporter_access(c)),
    }


def walk_to(complaint: Complaint, state: str, *, agency=None) -> Complaint:
    """Walk `complaint` from its current status to `state` (see PATHS). `agency`: where it is routed (default: the
    category's agency, else a new one)."""
    complaint = core_factories.walk_to(complaint, state, paths=PATHS, steps=_steps(agency=agency),
                                       current=complaint.status)
    complaint.refresh_from_db()
    return complaint


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    default_agency = factory.SubFactory(AgencyFactory)


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A report filed through `complaint_submit` and walked to `state` (a key of PATHS). `agency` routes it (default:
    the category's agency). Every other keyword is an argument of `complaint_submit`."""

    class Meta:
        model = Complaint

    kind = Kind.PENGADUAN
    title = "Jalan berlubang di depan SD Negeri 1"
    description = "Lubang besar di jalan desa sejak bulan lalu, sudah dua motor jatuh."
    category = factory.SubFactory(CategoryFactory)
    village = factory.SubFactory(VillageFactory)
    reporter_name = "Budi Santoso"
    reporter_phone = "081234567890"
    reporter_email = "budi@example.org"
    state = "received"
    agency = None

    @classmethod
    def _create(cls, model_class, *args, state: str = "received", agency=None, **kwargs):
        if state not in PATHS:
            raise ValueError(f"unknown state {state!r}; a factory can reach: {', '.join(PATHS)}")
        complaint = services.complaint_submit(**kwargs)
        return walk_to(complaint, state, agency=agency)

    @classmethod
    def _build(cls, model_class, *args, state: str = "received", agency=None, **kwargs):
        raise TypeError("ComplaintFactory only creates: a report exists once the intake has filed it")
