"""One date format for people (issue 13, bug 9): "15 Desember 2026", with the time "15 Desember 2026 pukul 09.30 WIB";
"15 December 2026, 09:30 WIB" in English — on pages, in PDFs' texts, e-mails and WhatsApp messages."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from satupintu.core.formatting import humanize, tanggal, tanggal_waktu
from satupintu.notifikasi.models.outbox import OutboxMessage
from satupintu.notifikasi.registry import get_template

JAKARTA = ZoneInfo("Asia/Jakarta")
# dd-mm-yyyy, dd-mm-yy, yyyy-mm-dd: none of these may reach a person.
MACHINE_DATE = re.compile(r"\b(\d{1,2}-\d{1,2}-\d{2,4}|\d{4}-\d{2}-\d{2})\b")
LONG_DATE = re.compile(r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
                       r"Desember) \d{4}\b")


def visible_text(html: str) -> str:
    """What a person reads: no tags, attributes (URLs, input values), scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_helper_in_both_languages():
    moment = dt.datetime(2026, 12, 15, 2, 30, tzinfo=dt.UTC)  # 09.30 in Jakarta
    with translation.override("id"):
        assert tanggal(dt.date(2026, 12, 15)) == "15 Desember 2026"
        assert tanggal_waktu(moment) == "15 Desember 2026 pukul 09.30 WIB"
        assert tanggal(moment) == "15 Desember 2026"
        assert humanize("2026-12-08") == "8 Desember 2026"
        assert humanize("2026-12-15T09:30:00+07:00") == "15 Desember 2026 pukul 09.30 WIB"
        assert humanize("ADU-7KQ4-M9XZ") == "ADU-7KQ4-M9XZ" and humanize(5) == 5
    with translation.override("en"):
        assert tanggal(dt.date(2026, 12, 15)) == "15 December 2026"
        assert tanggal_waktu(moment) == "15 December 2026, 09:30 WIB"
    assert tanggal(None) == "" and tanggal_waktu(None) == ""


def test_templates_say_the_same_without_a_format_argument():
    template = Template('{{ d|date }} / {{ t|date:"DATETIME_FORMAT" }}')
    context = Context({"d": dt.date(2026, 12, 15), "t": dt.datetime(2026, 12, 15, 9, 30, tzinfo=JAKARTA)})
    with translation.override("id"):
        assert template.render(context) == "15 Desember 2026 / 15 Desember 2026 pukul 09.30 WIB"
    with translation.override("en"):
        assert template.render(context) == "15 December 2026 / 15 December 2026, 09:30 WIB"


def test_date_inputs_keep_iso_for_browsers():
    from django import forms

    class F(forms.Form):
        d = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    with translation.override("id"):
        assert 'value="2026-12-15"' in str(F(initial={"d": dt.date(2026, 12, 15)})["d"])
        assert F({"d": "2026-12-15"}).is_valid()


@pytest.mark.django_db
def test_complaint_messages_and_pages_show_long_dates(client, users, agencies, village_a, regency):
    from satupintu.aduan import services
    from satupintu.aduan.models import Category

    category = Category.objects.create(name="Jalan rusak", slug="jalan-rusak", default_agency=agencies["pupr"])
    complaint = services.complaint_submit(
        kind="pengaduan", title="Jalan berlubang", description="Lubang besar di jalan desa sejak bulan lalu.",
        category=category, village=village_a, reporter_name="Budi", reporter_phone="081234567890",
        reporter_email="budi@example.org",
    )
    services.complaint_verify(complaint=complaint, by=users["regency_admin"], agency=agencies["pupr"])
    assigned = OutboxMessage.objects.filter(event="aduan.assigned").first()
    template = get_template("aduan.assigned")
    for language, month in (("id", LONG_DATE), ("en", re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b"))):
        subject, body = template.render(context=assigned.context, language=language)
        assert not MACHINE_DATE.search(body), body
        assert month.search(body), body
    with translation.override("id"):
        assert tanggal(complaint.deadline) in template.render(context=assigned.context, language="id")[1]

    pages = [f"/aduan/lacak/{complaint.tracking_code}/", complaint.get_follow_url()]
    for url in pages:
        text = visible_text(client.get(url).content.decode())
        assert not MACHINE_DATE.search(text), (url, MACHINE_DATE.search(text)[0])
        assert LONG_DATE.search(text), url
    client.force_login(users["opd_admin"])
    text = visible_text(client.get(f"/aduan/staf/aduan/{complaint.tracking_code}/").content.decode())
    assert not MACHINE_DATE.search(text) and LONG_DATE.search(text)
    client.force_login(users["regency_admin"])
    for url in ("/notifikasi/kotak-keluar/", "/aduan/staf/antrean/all/", "/kalender/"):
        text = visible_text(client.get(url).content.decode())
        assert not MACHINE_DATE.search(text), (url, MACHINE_DATE.search(text)[0])
        assert LONG_DATE.search(text), url


@pytest.mark.django_db
def test_information_request_messages_and_register_show_long_dates(client, users, agencies, regency):
    from satupintu.ppid import services
    from satupintu.ppid.tests.conftest import request_input

    request = services.info_request_submit(data=request_input())
    messages = OutboxMessage.objects.filter(event__startswith="ppid.")
    assert messages
    for message in messages:
        subject, body = get_template(message.event).render(context=message.context, language="id")
        assert not MACHINE_DATE.search(body), body
    client.force_login(users["ppid_utama"])
    for url in ("/ppid/staf/", f"/ppid/staf/{request.pk}/", f"/ppid/staf/register/?tahun={request.received_on.year}"):
        text = visible_text(client.get(url).content.decode())
        assert not MACHINE_DATE.search(text.replace(request.number, "")), (url, MACHINE_DATE.search(text)[0])
