"""Pages: each agency sees only its own (another agency's SPM is 404), the steps through the pages, the treasury's
queue, board and statistics, the public realisation and the SP2D verification page."""

import pytest

from ..models import BudgetLine, OrderStatus, PaymentOrder
from .factories import budget_line, order_to

pytestmark = pytest.mark.django_db


def test_an_agency_cannot_read_another_agencys_spm(client, finance, line):
    order = order_to("issued", line=line)
    for who in ("treasurer_b", "ppk_b", "head_b"):
        client.force_login(finance[who])
        for url in (f"/keuangan/spm/{order.pk}/", f"/keuangan/spm/{order.pk}/sp2d.pdf",
                    f"/keuangan/lampiran/{order.attachments.first().pk}/"):
            assert client.get(url).status_code == 404, (who, url)
        assert client.post(f"/keuangan/spm/{order.pk}/aksi/cancel/", {"note": "x"}).status_code == 404
        page = client.get("/keuangan/spm/").content.decode()
        assert order.spm_number not in page
    client.force_login(finance["treasurer"])
    assert client.get(f"/keuangan/spm/{order.pk}/").status_code == 200


def test_a_draft_is_not_visible_to_the_treasury(client, finance, line):
    order = order_to("spm_draft", line=line)
    client.force_login(finance["verifier"])
    assert client.get(f"/keuangan/spm/{order.pk}/").status_code == 404
    order = order_to("at_treasury", line=line)
    assert client.get(f"/keuangan/spm/{order.pk}/").status_code == 200
    # The verifier may see it but not sign the SP2D: 403 is not the answer for a wrong state, the message is.
    response = client.post(f"/keuangan/spm/{order.pk}/aksi/sign_spm/", follow=True)
    assert PaymentOrder.objects.get(pk=order.pk).status == OrderStatus.AT_TREASURY
    assert response.status_code == 200


def test_the_chain_through_the_pages(client, finance, line):
    client.force_login(finance["treasurer"])
    response = client.post("/keuangan/spm/baru/", {
        "kind": "ls_barang", "description": "Kertas HVS", "recipient_name": "CV Maju", "recipient_npwp": "",
        "bank": "bni", "account_number": "0123456789", "account_name": "CV Maju"})
    order = PaymentOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/keuangan/spm/{order.pk}/"
    # An amount over the remainder: the message names the line and the remainder; nothing is added.
    response = client.post(f"/keuangan/spm/{order.pk}/aksi/add_line/", {
        "budget_line": line.pk, "description": "Kertas", "amount": "12.000.000", "tax_class": "none"}, follow=True)
    assert "sisa pagu Rp10.000.000" in response.content.decode()
    assert not order.lines.exists()
    client.post(f"/keuangan/spm/{order.pk}/aksi/add_line/", {
        "budget_line": line.pk, "description": "Kertas", "amount": "Rp1.500.000", "tax_class": "none"})
    from .factories import pdf_upload

    for kind in ("invoice", "receipt", "handover"):
        client.post(f"/keuangan/spm/{order.pk}/aksi/attach/", {"kind": kind, "file": pdf_upload(f"{kind}.pdf")})
    client.post(f"/keuangan/spm/{order.pk}/aksi/submit_spp/")
    client.force_login(finance["ppk"])
    client.post(f"/keuangan/spm/{order.pk}/aksi/check_spp/", {"note": ""})
    client.force_login(finance["head"])
    client.post(f"/keuangan/spm/{order.pk}/aksi/sign_spm/")
    client.force_login(finance["verifier"])
    queue = client.get("/keuangan/antrean/").content.decode()
    assert PaymentOrder.objects.get().spm_number in queue
    # The checklist not ticked: refused.
    client.post(f"/keuangan/spm/{order.pk}/aksi/verify/", {"documents": "on"})
    assert PaymentOrder.objects.get().status == OrderStatus.AT_TREASURY
    client.post(f"/keuangan/spm/{order.pk}/aksi/verify/", {k: "on" for k in (
        "documents", "line_remainder", "spd_remainder", "taxes", "account")})
    assert PaymentOrder.objects.get().status == OrderStatus.VERIFIED
    client.force_login(finance["kuasa_bud"])
    client.post(f"/keuangan/spm/{order.pk}/aksi/sign_sp2d/", {"passphrase": ""})
    order = PaymentOrder.objects.get()
    assert order.status == OrderStatus.ISSUED and BudgetLine.objects.get().committed == 1_500_000
    pdf = client.get(f"/keuangan/spm/{order.pk}/sp2d.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    csv = client.get(f"/keuangan/spm/{order.pk}/transfer.csv").content.decode()
    assert csv.splitlines()[1].startswith(order.sp2d_number + ",")
    assert ",bni,BNI,0123456789,CV Maju,1500000," in csv
    client.logout()
    page = client.get(order.verification_url.replace("http://testserver", ""))
    assert page.status_code == 200 and order.sp2d_number in page.content.decode()
    assert "CV Maju" not in page.content.decode()


def test_treasury_pages_and_the_public_realisation(client, finance, agencies, line, users):
    order_to("issued", line=line, amount=2_000_000)
    order_to("at_treasury", line=line, amount=1_000_000)
    other = budget_line(agencies["dinkes"], 5_000_000, activity="1.02.02.2.01.0001")
    order_to("returned", line=other, amount=500_000)
    client.force_login(finance["verifier"])
    for url in ("/keuangan/antrean/", "/keuangan/papan/", "/keuangan/statistik/", "/keuangan/anggaran/"):
        assert client.get(url).status_code == 200, url
    stats = client.get("/keuangan/statistik/").content.decode()
    assert "Dokumen tidak lengkap: 1" in stats
    for who in ("treasurer", "ppk", "head"):
        client.force_login(finance[who])
        assert client.get("/keuangan/antrean/").status_code == 403
        assert client.get("/keuangan/papan/").status_code == 403
    client.force_login(users["regent"])
    assert client.get("/keuangan/papan/").status_code == 200
    client.logout()
    page = client.get("/keuangan/realisasi/").content.decode()
    assert "Dinas Pekerjaan Umum" in page and "Rp2.000.000" in page
    assert "CV Maju Jaya" not in page and "1234567890" not in page
    assert client.get("/keuangan/antrean/").status_code == 302


def test_board_sorts_and_queue_orders_by_time_left(client, finance, line):
    from datetime import timedelta

    from django.utils import timezone

    a = order_to("at_treasury", line=line, amount=1000)
    b = order_to("at_treasury", line=line, amount=1000)
    PaymentOrder.objects.filter(pk=b.pk).update(clock_seconds=50 * 60, clock_started_at=timezone.now())
    PaymentOrder.objects.filter(pk=a.pk).update(clock_seconds=0, clock_started_at=timezone.now() + timedelta(
        seconds=1))
    from .. import selectors

    items = selectors.treasury_queue(finance["verifier"])
    assert [i.order.pk for i in items] == [b.pk, a.pk]
    assert items[0].left <= 10
