"""The web pages: intake form, public list and status, follow link, staff queues and actions."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from satupintu.aduan import services
from satupintu.aduan.models import Complaint, Status
from satupintu.aduan.tests.conftest import png_bytes
from satupintu.aduan.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def form_data(village, category, **extra):
    data = {
        "kind": "pengaduan",
        "title": "Lampu jalan mati di dusun III",
        "description": "Sudah tiga minggu lampu jalan di dusun III mati, jalan gelap dan rawan.",
        "category": category.pk,
        "village": village.pk,
        "address": "Dusun III dekat masjid",
        "reporter_name": "Rina",
        "reporter_phone": "0812 1111 2222",
        "reporter_email": "",
    }
    data.update(extra)
    return data


def test_submit_form_files_report_and_shows_code(client, village_a, categories):
    photo = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("aduan:submit"), {**form_data(village_a, categories["road"]), "attachments": [photo]})
    assert response.status_code == 302
    c = Complaint.objects.get()
    assert response.url == reverse("aduan:thanks", args=[c.follow_token])
    page = client.get(response.url)
    assert c.tracking_code in page.content.decode() and c.follow_token in page.content.decode()
    assert c.attachments.count() == 1 and c.reporter_phone == "6281211112222"


def test_rejected_attachment_keeps_the_typed_text(client, village_a, categories):
    bad = SimpleUploadedFile("foto.jpg", b"this is not a photo at all" * 20, content_type="image/jpeg")
    data = form_data(village_a, categories["road"])
    response = client.post(reverse("aduan:submit"), {**data, "attachments": [bad]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "bukan foto" in html
    assert data["description"] in html and data["title"] in html and "Dusun III dekat masjid" in html
    assert Complaint.objects.count() == 0


def test_intake_form_checks_the_chosen_category_and_village(client, village_a, categories, regency):
    """The form validates against a memo of rows: an unknown or inactive category, a village outside the regency,
    or junk are field errors, as with a plain ModelChoiceField; a valid choice files the report with that row."""
    from satupintu.wilayah.models import District, Province, Regency, Village

    other = Village.objects.create(
        code="33.11.01.2001", name="Desa Lain", postal_code="57111",
        district=District.objects.create(code="33.11.01", name="Lain", regency=Regency.objects.create(
            code="33.11", name="Sukoharjo", province=Province.objects.create(code="33", name="Jawa Tengah"))))
    categories["health"].is_active = False
    categories["health"].save()
    url = reverse("aduan:submit")
    for field, value in (("category", categories["health"].pk), ("category", 999_999), ("category", "abc"),
                         ("village", other.pk), ("village", "12.18.99.9999")):
        response = client.post(url, {**form_data(village_a, categories["road"]), field: value})
        assert response.status_code == 400, (field, value)
        assert response.context["form"].errors[field][0].startswith("Masukkan pilihan yang valid"), (field, value)
    assert Complaint.objects.count() == 0

    assert client.post(url, form_data(village_a, categories["road"])).status_code == 302
    c = Complaint.objects.get()
    assert (c.category, c.topic, c.village, c.district_id) == (
        categories["road"], categories["infra"], village_a, village_a.district_id)


def test_intake_form_reads_category_and_village_once_per_process(client, village_a, categories):
    url = reverse("aduan:submit")
    assert client.post(url, form_data(village_a, categories["road"])).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, form_data(village_a, categories["road"], reporter_phone="0812 3333 4444")).status_code == 302
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "aduan_category" not in tables and "wilayah_village" not in tables
    categories["road"].name = "Jalan dan jembatan rusak"
    categories["road"].save()  # a change in this process is seen at once
    form = client.get(url).context["form"]
    assert any("Jalan dan jembatan rusak" in label for _value, label in form.fields["category"].widget.choices)


def test_intake_writes_five_rows_and_reads_nothing(client, village_a, categories, settings):
    """What a report costs the database, pinned: the report, its timeline event, its audit record, the outbox row and
    its send task (database task backend: in the same transaction), and not one read — the form's choices and the
    holidays come from per-process memos, the outbox insert says itself which rows are new."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Rate limits counted in Redis, as in production with REDIS_URL (the database backend adds an UPSERT and a
    # SELECT on core_ratelimitbucket per limit: see core/ratelimit.py).
    settings.RATELIMIT_BACKEND = "cache"
    url = reverse("aduan:submit")
    assert client.post(url, form_data(village_a, categories["road"])).status_code == 302  # warms the memos
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, form_data(village_a, categories["road"], reporter_phone="0812 5555 6666")).status_code == 302
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    data = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in ("SELECT", "INSERT", "UPDATE")]
    assert [sql.split('"')[1] for sql in data] == [
        "aduan_complaint", "aduan_complaintevent", "core_auditevent", "notifikasi_outboxmessage",
        "django_tasks_database_dbtaskresult",
    ], statements


def test_field_errors_are_indonesian(client):
    response = client.post(reverse("aduan:submit"), {"kind": "pengaduan"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Judul laporan wajib diisi." in html and "Isi laporan wajib diisi." in html
    assert "Isi nomor WhatsApp atau email" in html


def test_honeypot_files_nothing(client, village_a, categories):
    response = client.post(reverse("aduan:submit"), {**form_data(village_a, categories["road"]), "website": "http://spam"})
    assert response.status_code == 200 and Complaint.objects.count() == 0


def test_rate_limit_per_ip_and_phone(client, village_a, categories, settings):
    settings.ADUAN_RATE_LIMIT_IP = (3, 3600)
    settings.ADUAN_RATE_LIMIT_PHONE = (2, 3600)
    url = reverse("aduan:submit")
    for _ in range(2):
        assert client.post(url, form_data(village_a, categories["road"])).status_code == 302
    blocked = client.post(url, form_data(village_a, categories["road"]))  # third from the same phone
    assert blocked.status_code == 429 and "Terlalu banyak laporan" in blocked.content.decode()
    assert "Lampu jalan mati di dusun III" in blocked.content.decode()  # nothing lost
    assert client.post(url, form_data(village_a, categories["road"], reporter_phone="081233334444")).status_code == 429
    other_ip = client.post(url, form_data(village_a, categories["road"], reporter_phone="081255556666"),
                           REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302
    assert Complaint.objects.count() == 3


def test_public_list_filters_search_and_query_count(client, submit, users, agencies, categories, village_b,
                                                    django_assert_num_queries):
    road = submit(title="Jembatan gantung putus")
    services.complaint_verify(complaint=road, by=users["regency_admin"], agency=agencies["pupr"])
    health = submit(title="Puskesmas tutup siang", category=categories["health"], village=village_b)
    services.complaint_verify(complaint=health, by=users["regency_admin"], agency=agencies["dinkes"])
    submit(title="Belum diverifikasi")
    for i in range(25):
        c = submit(title=f"Laporan serupa {i}")
        services.complaint_verify(complaint=c, by=users["regency_admin"])
    url = reverse("aduan:list")
    # page + categories, agencies, districts, villages for the filter form (read once, then kept in memory); one
    # result, so no count; independent of the number of rows shown (no N+1)
    with django_assert_num_queries(5):
        response = client.get(url, {"agency": agencies["dinkes"].pk, "status": "assigned"})
    html = response.content.decode()
    assert "Puskesmas tutup siang" in html and "Jembatan gantung putus" not in html
    with CaptureQueriesContext(connection) as queries:  # the filter choices are warm now
        page = client.get(url)
    # the page and its capped count; PostgreSQL adds the statements that set the count's time budget
    assert len([q for q in queries.captured_queries if "aduan_complaint" in q["sql"]]) == 2
    assert len(queries.captured_queries) <= (2 if connection.vendor == "sqlite" else 8)
    assert "Halaman 1 · 27 laporan" in page.content.decode()  # 25 + the two verified above
    assert "Belum diverifikasi" not in page.content.decode()
    assert "Berikutnya" in page.content.decode()
    assert "Jembatan gantung putus" in client.get(url, {"q": "jembatan"}).content.decode()
    assert "Jembatan gantung putus" in client.get(url, {"category": categories["infra"].pk, "q": "gantung"}).content.decode()
    district_page = client.get(url, {"district": village_b.district_id}).content.decode()
    assert "Puskesmas tutup siang" in district_page and "Jembatan" not in district_page
    assert client.get(url, {"received_from": "2099-01-01"}).content.decode().count("ADU-") == 0
    assert client.get(url, {"page": "abc", "village": "nonsense"}).status_code == 200


def test_status_page_and_api(client, submit, users, agencies):
    c = submit()
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    response = client.get(reverse("aduan:status", args=[c.tracking_code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diteruskan ke Dinas PUPR" in html and c.title in html
    lower = c.tracking_code.lower().replace("-", " ")
    assert client.get(reverse("aduan:track"), {"kode": lower}).url == reverse("aduan:status", args=[c.tracking_code])
    assert client.get(reverse("aduan:track"), {"kode": "ADU-0000-0000"}).status_code == 404
    assert client.get(reverse("aduan:status", args=["ngawur"])).status_code == 404
    data = client.get(reverse("aduan:api_status", args=[c.tracking_code])).json()
    assert data["status"] == "assigned" and data["agency"] == "Dinas PUPR" and data["timeline"][0]["label"]
    assert client.get(reverse("aduan:api_status", args=["X"])).status_code == 404


def test_follow_page_lets_reporter_confirm_and_rate(client, submit, users, agencies):
    c = submit()
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    services.complaint_accept(complaint=c, by=users["opd_admin"])
    services.answer_submit(complaint=c, by=users["opd_admin"], body="Lampu sudah diganti oleh petugas.")
    url = reverse("aduan:follow", args=[c.follow_token])
    assert "Lampu sudah diganti" not in client.get(url).content.decode()  # not yet approved
    services.answer_approve(complaint=c, by=users["opd_head"])
    assert "Lampu sudah diganti" in client.get(url).content.decode()
    bad = client.post(url, {"action": "confirm", "confirm-rating": "9"})
    assert bad.status_code == 400
    assert client.post(url, {"action": "confirm", "confirm-rating": "4"}).status_code == 302
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.rating == 4
    assert client.post(url, {"action": "confirm"}).status_code == 302  # not available any more: message, no change
    assert client.get(reverse("aduan:follow", args=["salah"])).status_code == 404


def test_staff_work_the_report_through_the_pages(client, submit, users, agencies, categories):
    c = submit()
    client.force_login(users["regency_admin"])
    page = client.get(reverse("aduan:staff_detail", args=[c.tracking_code])).content.decode()
    assert "Dinas PUPR" in page  # suggested by the category's default agency
    r = client.post(reverse("aduan:staff_detail", args=[c.tracking_code]),
                    {"action": "verify", "verify-agency": agencies["pupr"].pk})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.ASSIGNED
    client.force_login(users["opd_admin"])
    detail = reverse("aduan:staff_detail", args=[c.tracking_code])
    assert client.post(detail, {"action": "verify"}).status_code == 403  # not an action of an OPD admin
    assert client.post(detail, {"action": "accept"}).status_code == 302
    r = client.post(detail, {"action": "submit_answer", "submit_answer-body": "pendek"})
    assert r.status_code == 400 and "Jawaban terlalu singkat" in r.content.decode()
    client.post(detail, {"action": "submit_answer", "submit_answer-body": "Sudah diperbaiki oleh tim lapangan."})
    client.force_login(users["opd_head"])
    queue = client.get(reverse("aduan:queue", args=["approve"])).content.decode()
    assert c.tracking_code in queue
    client.post(detail, {"action": "approve_answer"})
    c.refresh_from_db()
    assert c.status == Status.ANSWERED


def test_queue_counts_and_late_dashboard(client, submit, users, agencies, django_assert_max_num_queries):
    a = submit(title="Satu")
    b = submit(title="Dua")
    services.complaint_verify(complaint=b, by=users["regency_admin"], agency=agencies["pupr"])
    Complaint.objects.filter(pk=b.pk).update(deadline="2020-01-06")
    client.force_login(users["regency_admin"])
    with django_assert_max_num_queries(14):
        html = client.get(reverse("aduan:queue", args=["verify"])).content.decode()
    assert a.tracking_code in html and b.tracking_code not in html
    assert 'data-testid="count-verify">1<' in html and 'data-testid="count-late">1<' in html
    client.force_login(users["regent"])
    late = client.get(reverse("aduan:late_dashboard")).content.decode()
    assert "Dinas PUPR" in late
    client.force_login(users["opd_admin"])
    assert client.get(reverse("aduan:late_dashboard")).status_code == 403
    assert client.get(reverse("aduan:queue", args=["verify"])).status_code == 404


def test_statistics_page(client, users, agencies):
    for state in ("answered", "answered", "assigned"):
        ComplaintFactory(state=state, agency=agencies["pupr"])
    response = client.get(reverse("aduan:stats"))
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and "Dinas PUPR" in html
    assert "100%" in html  # both answers on the day they were assigned
    assert "Situs web: 3" in html and "web: 3" not in html.replace("Situs web: 3", "")  # channel labels, not codes
    english = client.get(reverse("aduan:stats"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Website: 3" in english and "Situs web" not in english
    assert client.get(reverse("aduan:stats"), {"tahun": "abc"}).status_code == 200


def test_my_reports_for_signed_in_citizen(client, submit, users):
    mine = submit(reporter_user=users["citizen"], title="Laporan saya sendiri")
    submit(title="Laporan orang lain")
    client.force_login(users["citizen"])
    html = client.get(reverse("aduan:mine")).content.decode()
    assert mine.title in html and "Laporan orang lain" not in html


def test_a_forged_forwarded_address_is_audited_as_unknown(client, village_a, categories, settings):
    from satupintu.core.models import AuditEvent

    settings.TRUSTED_PROXY_COUNT = 1
    response = client.post(reverse("aduan:submit"), form_data(village_a, categories["road"]),
                           HTTP_X_FORWARDED_FOR="<script>, 10.9.1794.201")
    assert response.status_code == 302  # filed, not a server error (PostgreSQL refuses such a string as inet)
    assert AuditEvent.objects.get(action="aduan.submit").ip_address is None
