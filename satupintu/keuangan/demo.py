"""Demo treasury: a budget year for four agencies (imported through the DPA importer), SPDs for the months so far, the
treasury's and the agencies' finance accounts, and SPMs in every state — some in the treasury's queue, one returned,
some issued. Run by `seed_demo`; a second run changes nothing. Accounts (password `satupintu-demo`) in README."""

from __future__ import annotations

import io

from django.utils import timezone

from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.organisasi.models import Agency

from . import services
from .accounts import seed_accounts
from .models import REQUIRED_ATTACHMENTS, Account, BudgetLine, OrderKind, PaymentOrder, ReturnReason, TaxClass

PASSWORD = "satupintu-demo"  # noqa: S105 - documented demo password
DOMAIN = "serdangbedagaikab.example"

# (username, role, agency slug, first name, last name)
ACCOUNTS = [
    ("bendahara_pupr", Role.TREASURER, "dinas-pupr", "Rina", "Siregar"),
    ("ppk_pupr", Role.PPK_SKPD, "dinas-pupr", "Hendra", "Nasution"),
    ("bendahara_dinkes", Role.TREASURER, "dinkes", "Maya", "Lubis"),
    ("ppk_dinkes", Role.PPK_SKPD, "dinkes", "Agus", "Harahap"),
    ("kepala_dinkes", Role.OPD_HEAD, "dinkes", "dr. Sri", "Ginting"),
    ("verifikator_bud", Role.TREASURY_VERIFIER, "bpkad", "Dewi", "Sembiring"),
    ("kuasa_bud", Role.KUASA_BUD, "bpkad", "Fauzi", "Tanjung"),
    ("bud", Role.BUD, "bpkad", "Drs. Syahrial", "Pane"),
]

# Programmes and sub-activities per agency (Permendagri 90/2019 codes), and DPA lines: (account, description, pagu).
BUDGET = {
    "dinas-pupr": [
        ("1.03.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "1.03.01.2.01.0001",
         "Penyusunan Dokumen Perencanaan Perangkat Daerah", [
             ("5.1.02.01.01.0024", "Alat tulis kantor", 48_000_000),
             ("5.1.02.01.01.0052", "Makanan dan minuman rapat", 36_000_000),
             ("5.1.02.04.01.0001", "Perjalanan dinas biasa", 120_000_000)]),
        ("1.03.02", "Program Pengelolaan Sumber Daya Air", "1.03.02.2.01.0001", "Pembangunan Embung", [
             ("5.1.02.02.01.0003", "Honorarium narasumber dan panitia", 24_000_000),
             ("5.2.04.01.01.0004", "Peningkatan jalan kabupaten", 2_400_000_000)]),
    ],
    "dinkes": [
        ("1.02.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "1.02.01.2.02.0001",
         "Penyusunan Dokumen Perencanaan", [
             ("5.1.02.01.01.0024", "Alat tulis kantor", 30_000_000),
             ("5.1.02.02.01.0061", "Tagihan listrik puskesmas", 180_000_000),
             ("5.1.01.01.01.0001", "Gaji pokok PNS", 1_200_000_000),
             ("5.1.01.01.02.0001", "Tunjangan keluarga PNS", 120_000_000)]),
        ("1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Masyarakat", "1.02.02.2.01.0001",
         "Pengelolaan Pelayanan Kesehatan", [
             ("5.1.02.02.01.0026", "Jasa tenaga administrasi", 96_000_000),
             ("5.2.02.10.01.0002", "Komputer puskesmas", 150_000_000)]),
    ],
    "disdik": [
        ("1.01.02", "Program Pengelolaan Pendidikan", "1.01.02.2.01.0001", "Pembangunan Gedung Sekolah", [
             ("5.2.03.01.01.0001", "Ruang kelas baru", 1_200_000_000),
             ("5.1.02.01.01.0026", "Bahan cetak rapor", 60_000_000)]),
    ],
    "bpkad": [
        ("5.02.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "5.02.01.2.01.0001",
         "Penyusunan Dokumen Perencanaan", [
             ("5.1.02.01.01.0025", "Kertas dan sampul", 18_000_000),
             ("5.1.02.03.02.0035", "Pemeliharaan kendaraan dinas", 42_000_000)]),
    ],
}
MONTHS = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")


def _dpa_csv(entries) -> bytes:
    rows = [";".join(["kode_program", "program", "kode_sub_kegiatan", "sub_kegiatan", "kode_rekening", "uraian",
                      "pagu", *MONTHS])]
    for program_code, program, activity_code, activity, lines in entries:
        for code, description, amount in lines:
            # Half in January (contracts and stock at the start of the year), the rest over the other months: the
            # demo's payments fit the cash plan whatever month it is seeded in.
            monthly = [amount // 2] + [amount // 2 // 11] * 11
            monthly[-1] += amount - sum(monthly)
            rows.append(";".join([program_code, program, activity_code, activity, code, description, str(amount),
                                  *map(str, monthly)]))
    return ("\n".join(rows) + "\n").encode()


def _blank_pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _accounts(stdout) -> dict[str, User]:
    created, users = [], {}
    for username, role, slug, first, last in ACCOUNTS:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            continue
        user, was_created = User.objects.get_or_create(username=username, defaults={
            "role": role, "agency": agency, "first_name": first, "last_name": last,
            "email": f"{username}@{DOMAIN}"})
        if was_created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
        users[username] = user
    if created:
        stdout.write(f"  akun keuangan dibuat: {', '.join(created)} (kata sandi: {PASSWORD})")
    return users


def _order(line, *, by, description, recipient, amount, tax_class, kind=OrderKind.LS_GOODS, npwp="012345678901000"):
    order = services.order_create(by=by, kind=kind, description=description, recipient_name=recipient,
                                  recipient_npwp=npwp, bank="bank_sumut", account_number="1020304050",
                                  account_name=recipient, year=line.year)
    services.order_line_add(order=order, by=by, budget_line=line, description=description, amount=amount,
                            tax_class=tax_class)
    for kind_ in REQUIRED_ATTACHMENTS.get(kind, ()):
        services.attachment_add(order=order, by=by, kind=kind_, upload=_blank_pdf(f"{kind_}.pdf"))
    return order


def seed(*, stdout, options) -> None:
    users = _accounts(stdout)
    head_pupr = User.objects.filter(username="kepala_opd", role=Role.OPD_HEAD).first()
    if len(users) < len(ACCOUNTS) or head_pupr is None:
        stdout.write("  keuangan dilewati: OPD atau akun demo belum ada")
        return
    seed_accounts(Account)  # migration 0002 seeds them; a flushed test database (transactional tests) has none
    year = timezone.localdate().year
    month = timezone.localdate().month
    bud = users["bud"]
    for slug, entries in BUDGET.items():
        agency = Agency.objects.get(slug=slug)
        if BudgetLine.objects.filter(agency=agency, year=year).exists():
            continue
        services.budget_import(agency=agency, year=year, data=_dpa_csv(entries), filename="dpa.csv", by=bud)
        services.spd_issue(agency=agency, year=year, month_from=1, month_to=month, by=bud)
    if PaymentOrder.objects.exists():
        return
    pupr, dinkes = Agency.objects.get(slug="dinas-pupr"), Agency.objects.get(slug="dinkes")

    def line(agency, code):
        return BudgetLine.objects.get(agency=agency, year=year, account__code=code)

    verifier, kuasa = users["verifikator_bud"], users["kuasa_bud"]
    people = {pupr.pk: (users["bendahara_pupr"], users["ppk_pupr"], head_pupr),
              dinkes.pk: (users["bendahara_dinkes"], users["ppk_dinkes"], users["kepala_dinkes"])}
    plan = [
        # (agency, account, description, recipient, amount, tax, how far)
        (pupr, "5.1.02.01.01.0024", "Pembelian alat tulis kantor triwulan I", "CV Sinar Tulis", 11_100_000,
         TaxClass.GOODS, "sent"),
        (pupr, "5.1.02.01.01.0052", "Makan minum rapat koordinasi", "RM Sederhana Sei Rampah", 5_550_000,
         TaxClass.SERVICES, "issued"),
        (dinkes, "5.1.02.02.01.0061", "Tagihan listrik puskesmas bulan lalu", "PT PLN (Persero) UP3 Binjai",
         14_800_000, TaxClass.NONE, "issued"),
        (pupr, "5.1.02.02.01.0003", "Honorarium narasumber bimtek", "Ir. Bonar Simatupang", 3_000_000,
         TaxClass.HONOR_NON_PNS, "at_treasury"),
        (dinkes, "5.1.02.01.01.0024", "Alat tulis kantor puskesmas", "CV Maju Bersama", 4_440_000,
         TaxClass.GOODS, "at_treasury"),
        (dinkes, "5.1.02.02.01.0026", "Jasa tenaga administrasi", "Koperasi Karya Sehat", 7_770_000,
         TaxClass.SERVICES, "verified"),
        (pupr, "5.1.02.04.01.0001", "Perjalanan dinas survei embung", "Bendahara Dinas PUPR", 6_000_000,
         TaxClass.NONE, "returned"),
        (pupr, "5.1.02.01.01.0024", "Kertas dan tinta pencetak", "Toko Buku Pelita", 2_220_000, TaxClass.GOODS,
         "spp_submitted"),
        (pupr, "5.1.02.01.01.0024", "Map dan ordner arsip", "Toko Buku Pelita", 1_200_000, TaxClass.NONE, "draft"),
    ]
    order_of_steps = ["draft", "spp_submitted", "spm_draft", "at_treasury", "verified", "issued", "sent"]
    for agency, code, description, recipient, amount, tax, target in plan:
        treasurer, ppk, head = people[agency.pk]
        order = _order(line(agency, code), by=treasurer, description=description, recipient=recipient,
                       amount=amount, tax_class=tax)
        reach = order_of_steps.index("at_treasury") if target == "returned" else order_of_steps.index(target)
        if reach >= 1:
            services.spp_submit(order=order, by=treasurer)
        if reach >= 2:
            services.spp_check(order=order, by=ppk)
        if reach >= 3:
            services.spm_sign(order=order, by=head)
        if target == "returned":
            services.spm_return(order=order, by=verifier, reason=ReturnReason.DOCUMENTS,
                                note="Surat perintah tugas belum dilampirkan.")
        if reach >= 4:
            services.spm_verify(order=order, by=verifier, checklist={k: True for k in services.CHECKLIST})
        if reach >= 5:
            services.sp2d_sign(order=order, by=kuasa)
        if reach >= 6:
            services.sp2d_send(order=order, by=verifier)
    _salary_order(line, dinkes, people[dinkes.pk])
    stdout.write(f"  keuangan: DPA {year} untuk {len(BUDGET)} OPD, {len(plan) + 1} SPP/SPM/SP2D")


# A month's payroll (LS gaji) of three employees, PPh 21 by TER: (NIP, name, PTKP, gaji pokok, tunjangan keluarga).
PAYROLL = [
    ("198203152008012004", "dr. Lina Purba", "K/2", 6_450_000, 645_000),
    ("199107212019031002", "Rudi Hutagalung", "TK/0", 3_850_000, 0),
    ("197905302005011003", "Sahat Manurung", "K/3", 7_400_000, 740_000),
]


def _salary_order(line, agency, people) -> None:
    treasurer, ppk, head = people
    order = services.order_create(by=treasurer, kind=OrderKind.LS_SALARY, description="Gaji induk bulan ini",
                                  recipient_name="Bendahara Gaji Dinas Kesehatan", bank="bank_sumut",
                                  account_number="1020304051", account_name="Bendahara Gaji Dinas Kesehatan",
                                  year=line(agency, "5.1.01.01.01.0001").year)
    for nip, name, ptkp, basic, family in PAYROLL:
        for code, amount in (("5.1.01.01.01.0001", basic), ("5.1.01.01.02.0001", family)):
            if amount:
                services.order_line_add(order=order, by=treasurer, budget_line=line(agency, code),
                                        description=name, amount=amount, tax_class=TaxClass.SALARY,
                                        employee_number=nip, ptkp_status=ptkp)
    services.attachment_add(order=order, by=treasurer, kind="payroll", upload=_blank_pdf("daftar-gaji.pdf"))
    services.spp_submit(order=order, by=treasurer)
    services.spp_check(order=order, by=ppk)
    services.spm_sign(order=order, by=head)
