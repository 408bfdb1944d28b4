"""The SP2D document: amount in words (terbilang) and the QR address survive into the PDF."""

import re

import pytest

from ..pdf import amount_in_words, typst_source


@pytest.mark.parametrize(("amount", "words"), [
    (200_000_000, "Dua ratus juta rupiah"),
    (1_001_500, "Satu juta seribu lima ratus rupiah"),
    (1_234_567_890_123, "Satu triliun dua ratus tiga puluh empat miliar lima ratus enam puluh tujuh juta delapan "
                        "ratus sembilan puluh ribu seratus dua puluh tiga rupiah"),
    (0, "Nol rupiah"),
])
def test_terbilang_of_large_amounts(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.django_db
def test_the_pdf_carries_the_number_words_and_verification_url(finance, line):
    from .factories import order_to, treasury

    order = order_to("issued", line=line, amount=2_345_000)
    source = typst_source(order, treasury=treasury())
    assert '"Terbilang: " + "Dua juta tiga ratus empat puluh lima ribu rupiah"' in source
    assert order.sp2d_number in source
    pdf = order.pdf.read()
    urls = set(re.findall(rb"https?://[^\s()<>]+/keuangan/v/[A-Za-z0-9_-]+/", pdf))
    assert urls == {order.verification_url.encode()}


@pytest.mark.django_db
def test_a_recipient_name_cannot_become_typst_markup(finance, line):
    from ..models import PaymentOrder
    from .factories import order_to, treasury

    order = order_to("issued", line=line)
    PaymentOrder.objects.filter(pk=order.pk).update(recipient_name='CV "#eval(1)" ]) #panic()')
    order.refresh_from_db()
    from ..pdf import render_sp2d

    assert render_sp2d(order, treasury=treasury()).startswith(b"%PDF")
