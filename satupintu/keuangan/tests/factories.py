"""Budgets and payment orders in any state, built through the real services as the people would.

`budget_line(agency, amount)` gives a DPA line with its whole cash plan in January and released by an SPD (so the
line's own remainder is what limits it); `order_to(state, line=..., amount=...)` drafts an SPP as the agency's
treasurer and walks it on with `walk_to` (each step a service call by the right person)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.core.tests.factories import walk_to as core_walk_to
from satupintu.organisasi.models import Agency

from .. import services
from ..accounts import seed_accounts
from ..models import (
    REQUIRED_ATTACHMENTS,
    Account,
    BudgetLine,
    CashPlan,
    FiscalYear,
    OrderKind,
    PaymentOrder,
    ReturnReason,
    TaxClass,
)

ATK = "5.1.02.01.01.0024"
ACTIVITY = "1.03.02.2.01.0001"
ALL_TICKED = {key: True for key in services.CHECKLIST}


def treasury(**extra) -> Agency:
    agency, _created = Agency.objects.get_or_create(
        slug="bpkad", defaults={"name": "Badan Pengelolaan Keuangan dan Aset Daerah", "short_name": "BPKAD",
                                "kind": Agency.Kind.BADAN, **extra})
    return agency


def person(role: str, agency: Agency, username: str | None = None) -> User:
    found = User.objects.filter(role=role, agency=agency, is_active=True).order_by("pk").first()
    if found:
        return found
    return UserFactory(role=role, agency=agency, **({"username": username} if username else {}))


def budget_line(agency: Agency, amount: int, *, code: str = ATK, activity: str = ACTIVITY, year: int | None = None,
                released: bool = True, description: str = "Alat tulis kantor") -> BudgetLine:
    year = year or timezone.localdate().year
    FiscalYear.objects.get_or_create(year=year)
    seed_accounts(Account)  # a transactional test before this one flushed the rows migration 0002 seeded
    line = BudgetLine.objects.create(
        agency=agency, year=year, program_code=activity[:7], program_name="Program Penyelenggaraan Jalan",
        activity_code=activity, activity_name="Penyusunan Rencana Jalan", account=Account.objects.get(code=code),
        description=description, amount=amount, spd_released=amount if released else 0,
    )
    CashPlan.objects.create(line=line, month=1, amount=amount)
    return line


def pdf_upload(name: str = "faktur.pdf") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def draft(line: BudgetLine, amount: int, *, kind: str = OrderKind.LS_GOODS, tax_class: str = TaxClass.NONE,
          npwp: str = "012345678901234", attachments: bool = True, by: User | None = None) -> PaymentOrder:
    by = by or person(Role.TREASURER, line.agency)
    order = services.order_create(
        by=by, kind=kind, description="Pembelian alat tulis kantor", recipient_name="CV Maju Jaya",
        recipient_npwp=npwp, bank="bank_sumut", account_number="1234567890", account_name="CV Maju Jaya",
        year=line.year,
    )
    services.order_line_add(order=order, by=by, budget_line=line, description="ATK triwulan I", amount=amount,
                            tax_class=tax_class)
    if attachments:
        for kind_ in REQUIRED_ATTACHMENTS.get(kind, ()):
            services.attachment_add(order=order, by=by, kind=kind_, upload=pdf_upload(f"{kind_}.pdf"))
    order.refresh_from_db()
    return order


def _signer(order):
    agency = treasury()
    role = Role.BUD if order.gross > services.bud_threshold() else Role.KUASA_BUD
    return person(role, agency)


STEPS = {
    "submit_spp": lambda o: services.spp_submit(order=o, by=person(Role.TREASURER, o.agency)),
    "check_spp": lambda o: services.spp_check(order=o, by=person(Role.PPK_SKPD, o.agency)),
    "sign_spm": lambda o: services.spm_sign(order=o, by=person(Role.OPD_HEAD, o.agency)),
    "verify": lambda o: services.spm_verify(order=o, by=person(Role.TREASURY_VERIFIER, treasury()),
                                            checklist=ALL_TICKED),
    "sign_sp2d": lambda o: services.sp2d_sign(order=o, by=_signer(o)),
    "send_to_bank": lambda o: services.sp2d_send(order=o, by=person(Role.TREASURY_VERIFIER, treasury())),
    "return": lambda o: services.spm_return(order=o, by=person(Role.TREASURY_VERIFIER, treasury()),
                                            reason=ReturnReason.DOCUMENTS, note="Kuitansi belum bermeterai"),
}
PATHS = {
    "draft": [],
    "spp_submitted": ["submit_spp"],
    "spm_draft": ["submit_spp", "check_spp"],
    "at_treasury": ["submit_spp", "check_spp", "sign_spm"],
    "returned": ["submit_spp", "check_spp", "sign_spm", "return"],
    "verified": ["submit_spp", "check_spp", "sign_spm", "verify"],
    "issued": ["submit_spp", "check_spp", "sign_spm", "verify", "sign_sp2d"],
    "sent": ["submit_spp", "check_spp", "sign_spm", "verify", "sign_sp2d", "send_to_bank"],
}


def walk_to(order: PaymentOrder, state: str) -> PaymentOrder:
    order = core_walk_to(order, state, paths=PATHS, steps=STEPS, current=order.status)
    order.refresh_from_db()
    return order


def order_to(state: str, *, line: BudgetLine, amount: int = 1_000_000, **kwargs) -> PaymentOrder:
    person(Role.PPK_SKPD, line.agency)
    person(Role.OPD_HEAD, line.agency)
    return walk_to(draft(line, amount, **kwargs), state)
