"""Anonymity, confidentiality and scope: render every page that could leak and assert the strings are absent."""

import pytest
from django.urls import reverse

from satupintu.aduan import services
from satupintu.aduan.models import Complaint
from satupintu.aduan.selectors import complaint_public_status, complaints_for_staff
from satupintu.aduan.tests.conftest import SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, SECRET_PHONE_NORMALIZED

pytestmark = pytest.mark.django_db

SECRETS = (SECRET_NAME, SECRET_PHONE, SECRET_PHONE_NORMALIZED, SECRET_EMAIL, "Zulkarnain", "99887766")


@pytest.fixture(autouse=True)
def _staff_not_named_like_the_reporter(users):
    """Staff names are random (Faker, id_ID) and shown in histories; one that shares a word with the reporter's name
    would look like a leak. Rename such a member of staff."""
    for user in users.values():
        if any(word in SECRET_NAME.split() or word == "Zulkarnain" for word in f"{user.first_name} {user.last_name}".split()):
            user.first_name, user.last_name = "Pegawai", "Kabupaten"
            user.save(update_fields=["first_name", "last_name"])


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


@pytest.fixture
def anonymous_report(submit, users, agencies, photo):
    c = submit(
        title="Pungutan liar di kantor desa", description="Petugas meminta uang untuk surat pengantar tanpa kuitansi.",
        reporter_name=SECRET_NAME, reporter_phone=SECRET_PHONE, reporter_email=SECRET_EMAIL, is_anonymous=True,
        attachments=[photo],
    )
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    services.complaint_accept(complaint=c, by=users["opd_admin"])
    services.complaint_reply(complaint=c, by=services.reporter_access(c), message="Kejadiannya hari Senin pagi.")
    services.answer_submit(complaint=c, by=users["opd_admin"], body="Sudah kami teruskan ke inspektorat.")
    services.answer_approve(complaint=c, by=users["opd_head"])
    c.refresh_from_db()
    return c


def staff_pages(c):
    return [
        reverse("aduan:staff_detail", args=[c.tracking_code]),
        reverse("aduan:queue", args=["all"]),
        reverse("aduan:queue", args=["late"]),
        reverse("aduan:export", args=["all"]),
    ]


def test_anonymous_reporter_never_shown(client, anonymous_report, users):
    c = anonymous_report
    assert c.reporter_phone == SECRET_PHONE_NORMALIZED  # the system keeps it to answer the reporter
    public = [
        reverse("aduan:list"),
        reverse("aduan:list") + "?q=pungutan",
        reverse("aduan:status", args=[c.tracking_code]),
        reverse("aduan:api_status", args=[c.tracking_code]),
        reverse("aduan:stats"),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response.content.decode(), url)
    assert c.title in client.get(reverse("aduan:list")).content.decode()  # the report itself is public
    assert_no_secret(str(complaint_public_status(tracking_code=c.tracking_code)), "complaint_public_status")
    for role in ("opd_admin", "opd_head", "regency_admin", "regent", "village_operator", "village_head"):
        client.force_login(users[role])
        for url in staff_pages(c):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            body = response.content.decode()
            assert_no_secret(body, f"{role} {url}")
        detail = client.get(reverse("aduan:staff_detail", args=[c.tracking_code])).content.decode()
        assert "Anonim" in detail and c.title in detail
    # The reporter, through the follow link, still sees their own report and the answer.
    client.logout()
    follow = client.get(reverse("aduan:follow", args=[c.follow_token])).content.decode()
    assert "Sudah kami teruskan ke inspektorat." in follow


def test_signed_in_anonymous_reporter_stays_anonymous_when_replying(client, submit, users, agencies):
    citizen = users["citizen"]
    citizen.first_name, citizen.last_name, citizen.email = "Kartini", "Rahasiawati", "kartini.r@example.org"
    citizen.save()
    c = submit(reporter_user=citizen, reporter_name="", reporter_phone="", reporter_email="", is_anonymous=True)
    assert c.reporter_name == "Kartini Rahasiawati"  # kept for the system, shown to nobody
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    services.complaint_reply(complaint=c, by=citizen, message="Masih rusak sampai hari ini.")
    client.force_login(users["opd_admin"])
    for url in staff_pages(c):
        body = client.get(url).content.decode()
        assert "Rahasiawati" not in body and "kartini.r@" not in body, url
    client.force_login(citizen)
    assert c.title in client.get(reverse("aduan:mine")).content.decode()


def test_named_reporter_visible_to_staff_in_scope_only(client, submit, users, agencies):
    c = submit(reporter_name="Budi Terbuka")
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    client.force_login(users["opd_admin"])
    assert "Budi Terbuka" in client.get(reverse("aduan:staff_detail", args=[c.tracking_code])).content.decode()
    client.logout()
    assert "Budi Terbuka" not in client.get(reverse("aduan:status", args=[c.tracking_code])).content.decode()
    assert "Budi Terbuka" not in client.get(reverse("aduan:list")).content.decode()
    assert "Budi" not in str(complaint_public_status(tracking_code=c.tracking_code))


def test_confidential_report_never_public(client, submit, users, agencies):
    c = submit(title="Dugaan suap pengadaan alat", description="Rincian yang tidak boleh dibaca umum sama sekali.",
               is_confidential=True)
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    services.complaint_accept(complaint=c, by=users["opd_admin"])
    services.answer_submit(complaint=c, by=users["opd_admin"], body="Jawaban rahasia untuk pelapor saja.")
    services.answer_approve(complaint=c, by=users["opd_head"])
    c.refresh_from_db()
    assert not c.is_public
    for url in (reverse("aduan:list"), reverse("aduan:list") + "?q=suap", reverse("aduan:status", args=[c.tracking_code]),
                reverse("aduan:api_status", args=[c.tracking_code])):
        body = client.get(url).content.decode()
        for text in ("Dugaan suap", "tidak boleh dibaca umum", "Jawaban rahasia"):
            assert text not in body, (url, text)
    status = complaint_public_status(tracking_code=c.tracking_code)
    assert status["title"] == "" and status["answer"] == "" and status["status"] == "answered"
    # The reporter still reads the answer.
    assert "Jawaban rahasia" in client.get(reverse("aduan:follow", args=[c.follow_token])).content.decode()


def test_opd_a_never_sees_opd_b(client, submit, users, agencies, photo):
    pupr = submit(title="Urusan jalan PUPR", attachments=[photo])
    services.complaint_verify(complaint=pupr, by=users["regency_admin"], agency=agencies["pupr"])
    dinkes = submit(title="Urusan puskesmas Dinkes")
    services.complaint_verify(complaint=dinkes, by=users["regency_admin"], agency=agencies["dinkes"])
    assert list(complaints_for_staff(users["opd_admin_b"])) == [dinkes]
    assert set(complaints_for_staff(users["opd_head"])) == {pupr}
    client.force_login(users["opd_admin_b"])
    assert client.get(reverse("aduan:staff_detail", args=[pupr.tracking_code])).status_code == 404
    assert client.post(reverse("aduan:staff_detail", args=[pupr.tracking_code]), {"action": "accept"}).status_code == 404
    for url in (reverse("aduan:queue", args=["all"]), reverse("aduan:queue", args=["answer"]),
                reverse("aduan:export", args=["all"])):
        body = client.get(url).content.decode()
        assert "Urusan jalan PUPR" not in body and "Urusan puskesmas Dinkes" in body
    att = pupr.attachments.get()
    # Outside the scope the attachment does not exist, as the report does not (404, not 403: ids cannot be probed).
    assert client.get(reverse("aduan:attachment", args=[att.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("aduan:attachment", args=[att.pk])).status_code == 404
    ok = client.get(reverse("aduan:attachment", args=[att.pk]), {"t": pupr.follow_token})
    assert ok.status_code == 200 and ok["Content-Type"] == "image/png"
    # A sub-unit sees only what was passed to it.
    from satupintu.akun.tests.factories import UserFactory

    unit_admin = UserFactory(username="admin_binamarga", role="opd_admin", agency=agencies["bina_marga"])
    assert list(complaints_for_staff(unit_admin)) == []
    services.complaint_accept(complaint=pupr, by=users["opd_admin"])
    services.complaint_delegate(complaint=pupr, by=users["opd_admin"], unit=agencies["bina_marga"])
    assert list(complaints_for_staff(unit_admin)) == [pupr]
    services.answer_submit(complaint=pupr, by=unit_admin, body="Dikerjakan oleh Bina Marga minggu ini.")
    assert pupr.status == "pending_approval"


def test_village_operator_sees_only_reports_in_their_village(client, submit, users, village_a, village_b):
    here = submit(title="Di Sialtong", village=village_a)
    there = submit(title="Di Bantan", village=village_b)
    assert list(complaints_for_staff(users["village_operator"])) == [here]
    assert list(complaints_for_staff(users["village_operator_b"])) == [there]
    client.force_login(users["village_operator"])
    body = client.get(reverse("aduan:queue", args=["all"])).content.decode()
    assert "Di Sialtong" in body and "Di Bantan" not in body
    assert client.get(reverse("aduan:staff_detail", args=[there.tracking_code])).status_code == 404
    # Village staff watch; they do not act on the report.
    page = client.get(reverse("aduan:staff_detail", args=[here.tracking_code])).content.decode()
    assert 'name="action"' not in page
    assert Complaint.objects.count() == 2


def test_citizen_and_anonymous_visitors_get_no_staff_pages(client, submit, users):
    c = submit()
    assert client.get(reverse("aduan:queue", args=["all"])).status_code == 302  # to the login page
    client.force_login(users["citizen"])
    assert client.get(reverse("aduan:queue", args=["all"])).status_code == 403
    assert client.get(reverse("aduan:staff_detail", args=[c.tracking_code])).status_code == 403
