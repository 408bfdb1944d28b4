import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from satupintu.desa import services
from satupintu.desa.models import Article, VillageBudget

from .helpers import article, budget_csv


def test_operator_cannot_change_another_village_through_services(users, village_a, village_b):
    op_a = users["village_operator"]
    with pytest.raises(PermissionDenied):
        article(village_b, op_a, title="Menyusup")
    with pytest.raises(PermissionDenied):
        services.profile_update(village=village_b, by=op_a, data={"history": "x"})
    with pytest.raises(PermissionDenied):
        services.budget_create(village=village_b, by=op_a, year=2026)
    own_b = article(village_b, users["village_operator_b"], title="Berita B")
    with pytest.raises(PermissionDenied):
        services.content_save(village=village_b, by=op_a, instance=own_b, data={"title": "Diubah"})
    with pytest.raises(PermissionDenied):
        # Passing its own village with another village's object does not work either.
        services.content_save(village=village_a, by=op_a, instance=own_b, data={"title": "Diubah"})
    with pytest.raises(PermissionDenied):
        services.content_delete(instance=own_b, by=op_a)
    budget_b = services.budget_create(village=village_b, by=users["village_operator_b"], year=2026)
    with pytest.raises(PermissionDenied):
        services.budget_import(budget=budget_b, by=op_a, data=budget_csv(), filename="a.csv")
    own_b.refresh_from_db()
    assert own_b.title == "Berita B"
    assert not Article.objects.filter(title="Menyusup").exists()
    assert not budget_b.lines.exists()


def test_citizen_and_agency_staff_cannot_edit(users, village_a):
    for key in ("citizen", "opd_admin", "ppid_utama"):
        with pytest.raises(PermissionDenied):
            article(village_a, users[key])


def test_regency_admin_may_edit_every_village(users, village_a, village_b):
    assert article(village_b, users["regency_admin"], title="Dari kabupaten").village == village_b
    assert article(village_a, users["village_head"], title="Dari kades").village == village_a


def test_operator_pages_of_another_village_are_refused(client, users, village_a, village_b):
    own_b = article(village_b, users["village_operator_b"], title="Berita B")
    VillageBudget.objects.create(village=village_b, year=2026)
    client.force_login(users["village_operator"])
    code_b = village_b.pk
    for url in [
        reverse("desa:staff_village", args=[code_b]),
        reverse("desa:staff_profile", args=[code_b]),
        reverse("desa:staff_section", args=[code_b, "artikel"]),
        reverse("desa:staff_section_add", args=[code_b, "artikel"]),
        reverse("desa:staff_section_edit", args=[code_b, "artikel", own_b.pk]),
        reverse("desa:staff_budget", args=[code_b, 2026]),
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("desa:staff_section_edit", args=[code_b, "artikel", own_b.pk]),
                           {"kind": "berita", "title": "Diubah", "body": "x", "status": "draft"})
    assert response.status_code == 403
    # Own village's URL with the other village's object id: 403 as well.
    response = client.post(reverse("desa:staff_section_edit", args=[village_a.pk, "artikel", own_b.pk]),
                           {"kind": "berita", "title": "Diubah", "body": "x", "status": "draft"})
    assert response.status_code == 403
    assert client.post(reverse("desa:staff_section_delete", args=[code_b, "artikel", own_b.pk])).status_code == 403
    own_b.refresh_from_db()
    assert own_b.title == "Berita B"
    # The operator's editor index leads to their own village only.
    response = client.get(reverse("desa:staff"))
    assert response.status_code == 302 and response.url == reverse("desa:staff_village", args=[village_a.pk])


def test_operator_edits_own_village_through_pages(client, users, village_a):
    client.force_login(users["village_operator"])
    response = client.post(reverse("desa:staff_section_add", args=[village_a.pk, "artikel"]), {
        "kind": "berita", "title": "Panen raya", "summary": "", "body": "<p>Panen <b>padi</b></p>",
        "status": "published", "published_at": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    obj = Article.objects.get(title="Panen raya")
    assert obj.village == village_a and obj.is_public
    from satupintu.core.audit import audit_trail

    assert [e.action for e in audit_trail(obj)] == ["desa.article.created"]


def test_anonymous_is_sent_to_login(client, regency, village_a):
    response = client.get(reverse("desa:staff_village", args=[village_a.pk]))
    assert response.status_code == 302 and "/akun/masuk/" in response.url
