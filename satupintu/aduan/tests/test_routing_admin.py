import pytest
from django.urls import reverse

from satupintu.aduan import services
from satupintu.aduan.models import AduanSettings, Complaint
from satupintu.aduan.selectors import complaint_count_by_village, similar_complaints, suggested_agency
from satupintu.aduan.tasks import aduan_sweep_task
from satupintu.core import periodic
from satupintu.kalender.services import add_working_days

pytestmark = pytest.mark.django_db


def test_suggested_agency_and_similar_reports(submit, agencies, categories, village_b):
    first = submit(title="Jalan berlubang dekat SD Negeri 1 Sialtong",
                   description="Lubang besar di jalan dekat SD, motor sering jatuh.")
    submit(title="Puskesmas tutup", description="Puskesmas pembantu sering tutup siang hari.", category=categories["health"])
    submit(title="Jalan berlubang dekat SD Bantan", description="Lubang besar di jalan dekat SD, motor sering jatuh.",
           village=village_b)  # same text, other village: not offered
    new = submit(title="Lubang di jalan dekat SD Negeri 1", description="Ada lubang besar di jalan dekat SD; motor jatuh.")
    found = similar_complaints(new)
    assert [c.pk for c, _score in found] == [first.pk]
    assert suggested_agency(new) == agencies["pupr"]  # from the parent category "Infrastruktur"
    assert suggested_agency(submit(category=categories["health"])) == agencies["dinkes"]


def test_deadlines_follow_the_regency_settings(submit, users, agencies):
    AduanSettings.objects.create(verification_days=2, answer_days=14, auto_close_days=10)
    c = submit()
    received = c.created_at.astimezone().date()
    assert c.deadline == add_working_days(received, 2)
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    assert c.answer_due == add_working_days(received, 14) == c.deadline


def test_sweep_is_registered_and_runs_as_a_task(submit):
    assert "aduan.sweep" in {job.name for job in periodic.jobs()}
    c = submit()
    Complaint.objects.filter(pk=c.pk).update(deadline="2020-01-06")
    result = aduan_sweep_task.enqueue()
    assert result.return_value["escalated_level_3"] == 1


def test_count_by_village(submit, village_a, village_b):
    submit(), submit(), submit(village=village_b), submit(village=None)
    year = Complaint.objects.first().created_at.year
    assert complaint_count_by_village(year=year) == {village_a.pk: 2, village_b.pk: 1}
    assert complaint_count_by_village(year=year - 5) == {}


def test_admin_pages_render_and_keep_anonymous_reporters_hidden(client, submit, users):
    from satupintu.aduan.tests.conftest import SECRET_NAME

    c = submit(reporter_name=SECRET_NAME, is_anonymous=True)
    users["regency_admin"].is_superuser = True
    users["regency_admin"].save()
    client.force_login(users["regency_admin"])
    assert client.get(reverse("admin:aduan_complaint_changelist")).status_code == 200
    change = client.get(reverse("admin:aduan_complaint_change", args=[c.pk]))
    assert change.status_code == 200 and SECRET_NAME not in change.content.decode()
    assert client.get(reverse("admin:aduan_category_changelist")).status_code == 200
    assert client.get(reverse("admin:aduan_aduansettings_add")).status_code == 200
