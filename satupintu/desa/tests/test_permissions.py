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
    # Own village's URL with the other village's object id: not found there (a draft is not public).
    response = client.post(reverse("desa:staff_section_edit", args=[village_a.pk, "artikel", own_b.pk]),
                           {"kind": "berita", "title": "Diubah", "body": "x", "status": "draft"})
    assert response.status_code == 404
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


# --- desa.permissions, role by village ---------------------------------------------------------------------------

A, B = "12.18.01.2001", "12.18.02.2001"
EVERYONE = ("anonymous", "citizen", "village_operator", "village_head", "village_operator_b", "opd_admin", "ppid_utama",
            "regency_admin", "regent")
EDITS = {("village_operator", A), ("village_head", A), ("village_operator_b", B),
         ("regency_admin", A), ("regency_admin", B), ("regent", A), ("regent", B)}


def _user(users, key):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if key == "anonymous" else users[key]


@pytest.mark.parametrize(("key", "village", "expected"),
                         [(key, village, (key, village) in EDITS) for key in EVERYONE for village in (A, B)])
def test_can_edit_village(users, key, village, expected):
    from satupintu.desa import permissions

    assert permissions.can_edit_village(_user(users, key), village) is expected


@pytest.mark.parametrize(("key", "village", "object_village", "expected"), [
    ("village_operator", A, A, True),
    ("village_operator", A, B, False),  # another village's content through one's own pages
    ("village_operator", B, B, False),
    ("regency_admin", A, B, False),  # even the regency edits content only through its own village's pages
    ("regency_admin", B, B, True),
])
def test_can_edit_content(users, key, village, object_village, expected):
    from types import SimpleNamespace

    from satupintu.desa import permissions

    assert permissions.can_edit_content(users[key], village, SimpleNamespace(village_id=object_village)) is expected


@pytest.mark.parametrize("key", EVERYONE)
def test_can_set_hostname(users, key):
    from satupintu.desa import permissions

    assert permissions.can_set_hostname(_user(users, key)) is (key in ("regency_admin", "regent"))


def test_an_unknown_village_is_404_and_a_known_one_of_another_scope_403(client, users, village_b):
    client.force_login(users["village_operator"])
    assert client.get(reverse("desa:staff_village", args=["12.18.99.9999"])).status_code == 404
    assert client.get(reverse("desa:staff_village", args=[village_b.pk])).status_code == 403
    assert client.get(reverse("desa:staff_budget", args=[village_b.pk, 2026])).status_code == 403
    client.force_login(users["village_operator_b"])
    assert client.get(reverse("desa:staff_budget", args=[village_b.pk, 2026])).status_code == 404  # no such year
