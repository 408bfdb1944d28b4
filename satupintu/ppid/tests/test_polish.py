"""Issue 13 polish of the PPID desk and public pages: readable history, open work first, short tracking codes, and
a DIP detail page that leads somewhere."""

from datetime import date

import pytest
from django.urls import reverse

from satupintu.core.audit import audit_record
from satupintu.ppid import services

pytestmark = pytest.mark.django_db


def _name(user, first, last):
    type(user).objects.filter(pk=user.pk).update(first_name=first, last_name=last)


def test_staff_history_shows_names_and_role_labels_not_codes(client, clock, make_request, users, agencies, village_a):
    from satupintu.aduan.models import Complaint

    clock.set(date(2026, 6, 19))
    _name(users["ppid_utama"], "Dewi", "Lestari")
    _name(users["regency_admin"], "Bambang", "Sitorus")
    r = make_request()
    services.info_request_forward(info_request=r, agency=agencies["pupr"], by=users["ppid_utama"])
    complaint = Complaint.objects.create(
        title="Minta salinan RAB", description="Saya ingin salinan RAB jembatan.", reporter_name="Andi",
        reporter_phone="6281211112222", village=village_a,
    )
    audit_record(obj=complaint, action="aduan.verify", actor=users["regency_admin"], from_state="baru",
                 to_state="diverifikasi")
    from_complaint = services.info_request_from_complaint(complaint=complaint, by=users["regency_admin"])

    client.force_login(users["ppid_utama"])
    page = client.get(reverse("ppid:staff_detail", args=[r.pk])).content.decode()
    assert "Dewi Lestari (Petugas PPID)" in page
    assert "Diteruskan ke PPID Pelaksana" in page
    assert "ppid_officer" not in page and "ppid.forwarded" not in page and "ppid_utama (" not in page

    page = client.get(reverse("ppid:staff_detail", args=[from_complaint.pk])).content.decode()
    assert "Bambang Sitorus (Administrator kabupaten)" in page
    assert "regency_admin" not in page and "aduan.verify" not in page and "admin_kab (" not in page


def _answer(r, users):
    from satupintu.ppid.models import Outcome
    from satupintu.ppid.services import AnswerInput

    return services.info_request_answer(info_request=r, by=users["ppid_utama"],
                                        answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))


def test_staff_queue_lists_open_work_first_oldest_deadline_first(client, clock, make_request, users):
    clock.set(date(2026, 6, 1))
    answered_first = make_request(requester_name="Sudah Dijawab Lama")  # the oldest deadline, but finished
    clock.set(date(2026, 6, 3))
    open_old = make_request(requester_name="Terbuka Lama")
    clock.set(date(2026, 6, 5))
    answered_late = make_request(requester_name="Sudah Dijawab Baru")
    clock.set(date(2026, 6, 8))
    open_new = make_request(requester_name="Terbuka Baru")
    clock.set(date(2026, 6, 9))
    _answer(answered_first, users)
    clock.set(date(2026, 6, 10))
    _answer(answered_late, users)
    assert answered_first.due_date < open_old.due_date < answered_late.due_date < open_new.due_date

    client.force_login(users["ppid_utama"])
    page = client.get(reverse("ppid:staff_queue")).content.decode()
    names = ["Terbuka Lama", "Terbuka Baru", "Sudah Dijawab Baru", "Sudah Dijawab Lama"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    # The filters keep the order.
    page = client.get(reverse("ppid:staff_queue"), {"q": "Terbuka"}).content.decode()
    assert page.index("Terbuka Lama") < page.index("Terbuka Baru") and "Sudah Dijawab" not in page


# --- Short tracking code ------------------------------------------------------------------------------------------


def test_new_request_gets_a_short_code_from_an_unambiguous_alphabet(make_request):
    import re

    from satupintu.ppid.models import normalize_tracking_code

    r = make_request()
    assert re.fullmatch(r"PPID-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", r.tracking_code)
    assert len(r.follow_token) >= 24 and r.follow_token != r.tracking_code
    body = r.tracking_code[5:].replace("-", "")
    assert normalize_tracking_code(f"  ppid {body[:4].lower()} {body[4:]} ") == r.tracking_code
    assert normalize_tracking_code(body) == r.tracking_code
    assert normalize_tracking_code("PPID-0000-000O") == "PPID-0000-0000"  # O read as 0
    assert normalize_tracking_code("PPID-0000-000U") == "" and normalize_tracking_code("ADU-1234") == ""


def test_receipt_prints_the_short_code_and_keeps_the_private_link(client, regency, agencies):
    from satupintu.ppid.models import InfoRequest

    from .conftest import request_input

    data = {k: v for k, v in vars(request_input()).items()}
    response = client.post(reverse("ppid:request_create"), data)
    r = InfoRequest.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert f"<code>{r.tracking_code}</code>" in html
    assert reverse("ppid:track", args=[r.follow_token]) in html  # the private link is still given
    assert f"<code>{r.follow_token}</code>" not in html  # but the long code is no longer what one copies


def test_short_code_shows_status_but_not_documents(client, clock, make_request, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.ppid.models import Outcome
    from satupintu.ppid.services import AnswerInput

    clock.set(date(2026, 6, 19))
    r = make_request()
    services.info_request_answer(
        info_request=r, by=users["ppid_utama"], answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."),
        files=[SimpleUploadedFile("kontrak.pdf", b"%PDF-1.4 kontrak", content_type="application/pdf")],
    )
    attachment = r.attachments.get()
    typed = r.tracking_code.lower().replace("-", " ")
    response = client.get(reverse("ppid:track_lookup"), {"token": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert r.number in html and "Dijawab" in html and "Terlampir." in html
    assert r.follow_token not in html
    assert reverse("ppid:attachment", args=[r.follow_token, attachment.pk]) not in html
    assert 'data-testid="private-link-note"' in html
    assert reverse("ppid:objection_create", args=[r.follow_token]) not in html
    # With the registration number too, it must match.
    assert r.number in client.get(reverse("ppid:track_lookup"), {"token": typed, "number": r.number}).content.decode()
    wrong = client.get(reverse("ppid:track_lookup"), {"token": typed, "number": "PPID/2026/999999"}).content.decode()
    assert "tidak cocok" in wrong and "Terlampir." not in wrong

    # The private link still has everything.
    private = client.get(reverse("ppid:track", args=[r.follow_token])).content.decode()
    assert reverse("ppid:attachment", args=[r.follow_token, attachment.pk]) in private


def test_old_long_codes_keep_working(client, make_request):
    r = make_request()
    response = client.get(reverse("ppid:track_lookup"), {"number": r.number, "token": r.follow_token})
    assert response.status_code == 302 and response["Location"] == reverse("ppid:track", args=[r.follow_token])
    response = client.get(reverse("ppid:track_lookup"), {"token": r.follow_token})
    assert response["Location"] == reverse("ppid:track", args=[r.follow_token])


def test_received_message_prints_the_short_code(make_request):
    from satupintu.notifikasi.models import OutboxMessage
    from satupintu.notifikasi.registry import get_template

    r = make_request()
    message = OutboxMessage.objects.filter(event="ppid.received").first()
    assert message.context["code"] == r.tracking_code
    _subject, body = get_template("ppid.received").render(context=message.context)
    assert r.tracking_code in body and r.number in body


def test_staff_finds_a_request_by_its_short_code(client, make_request, users):
    r = make_request(requester_name="Pemohon Kode")
    make_request(requester_name="Pemohon Lain")
    client.force_login(users["ppid_utama"])
    html = client.get(reverse("ppid:staff_queue"), {"q": r.tracking_code.lower()}).content.decode()
    assert "Pemohon Kode" in html and "Pemohon Lain" not in html


def test_migration_gives_existing_requests_a_short_code(transactional_db, regency, agencies):
    """Requests made before the short code get one; their long code and everything else stays."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("ppid", "0003_inforequest_tracking_code")])
    old_apps = executor.loader.project_state([("ppid", "0003_inforequest_tracking_code")]).apps
    InfoRequest = old_apps.get_model("ppid", "InfoRequest")
    Agency = old_apps.get_model("organisasi", "Agency")
    agency = Agency.objects.get(pk=agencies["diskominfo"].pk)
    common = dict(requester_name="Lama", information="Info", purpose="Tujuan", access_mode="melihat", agency=agency,
                  received_on=date(2026, 1, 5), due_date=date(2026, 1, 19))
    olds = [InfoRequest.objects.create(number=f"PPID/2026/00000{i}", follow_token=f"token-lama-{i}-" + "x" * 20,
                                       **common) for i in range(3)]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("ppid"))

    from satupintu.ppid.models import InfoRequest as Current

    rows = {r.number: r for r in Current.objects.filter(number__in=[o.number for o in olds])}
    assert len(rows) == 3
    codes = {r.tracking_code for r in rows.values()}
    assert len(codes) == 3 and all(c.startswith("PPID-") and len(c) == 14 for c in codes)
    for old in olds:
        assert rows[old.number].follow_token == old.follow_token and rows[old.number].requester_name == "Lama"


def test_staff_detail_shows_the_short_code(client, make_request, users):
    r = make_request()
    client.force_login(users["ppid_utama"])
    html = client.get(reverse("ppid:staff_detail", args=[r.pk])).content.decode()
    assert f"<code>{r.tracking_code}</code>" in html
