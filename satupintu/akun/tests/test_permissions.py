import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from satupintu.akun import permissions as perm
from satupintu.akun.roles import Role
from satupintu.wilayah.models import Village


@pytest.mark.django_db
class TestScopes:
    def test_village_operator_cannot_read_another_village(self, users, village_a, village_b):
        op = users["village_operator"]
        assert perm.can_access_village(op, village_a)
        assert not perm.can_access_village(op, village_b)
        visible = perm.scope_queryset(op, Village.objects.all(), village_field="code")
        assert list(visible.values_list("code", flat=True)) == [village_a.code]

    def test_opd_admin_cannot_read_another_opd(self, users, agencies):
        admin = users["opd_admin"]
        assert perm.can_access_agency(admin, agencies["pupr"])
        assert perm.can_access_agency(admin, agencies["bina_marga"]), "sub-units are in the OPD's scope"
        assert not perm.can_access_agency(admin, agencies["dinkes"])
        assert not perm.can_access_agency(users["opd_admin_b"], agencies["pupr"])

    def test_agency_scope_queryset(self, users, agencies):
        from satupintu.organisasi.models import Agency

        seen = set(perm.scope_queryset(users["opd_head"], Agency.objects.all(), agency_field="pk").values_list("short_name", flat=True))
        assert seen == {"Dinas PUPR", "Bina Marga"}

    def test_regency_wide_roles_see_everything(self, users, village_b, agencies):
        for key in ("regency_admin", "regent"):
            assert perm.can_access_village(users[key], village_b)
            assert perm.can_access_agency(users[key], agencies["dinkes"])

    def test_citizen_and_anonymous_see_no_staff_scope(self, users, village_a, agencies):
        from django.contrib.auth.models import AnonymousUser

        for user in (users["citizen"], AnonymousUser()):
            assert not perm.can_access_village(user, village_a)
            assert not perm.can_access_agency(user, agencies["pupr"])
            assert perm.scope_queryset(user, Village.objects.all(), village_field="code").count() == 0

    def test_role_required_decorator(self, users):
        @perm.role_required(Role.REGENT)
        def view(request):
            return "ok"

        request = RequestFactory().get("/x")
        request.user = users["regent"]
        assert view(request) == "ok"
        request.user = users["opd_admin"]
        with pytest.raises(PermissionDenied):
            view(request)


@pytest.mark.django_db
def test_role_scope_validation(users, agencies, village_a):
    from django.core.exceptions import ValidationError

    from satupintu.akun.tests.factories import UserFactory

    with pytest.raises(ValidationError):
        UserFactory.build(username="x1", role=Role.VILLAGE_OPERATOR).full_clean()
    with pytest.raises(ValidationError):
        UserFactory.build(username="x2", role=Role.OPD_ADMIN).full_clean()
    with pytest.raises(ValidationError):
        UserFactory.build(username="x3", role=Role.REGENT, agency=agencies["pupr"]).full_clean()


@pytest.mark.django_db
def test_staff_page_shows_role_and_scope(client, users):
    client.force_login(users["village_operator"])
    body = client.get("/staf/").content.decode()
    assert "Operator desa" in body and "Sialtong" in body
    client.force_login(users["citizen"])
    assert client.get("/staf/").status_code == 403
    client.logout()
    assert client.get("/staf/").status_code == 302


@pytest.mark.django_db
def test_staff_navigation_follows_roles(client, users):
    client.force_login(users["regency_admin"])
    assert "/notifikasi/kotak-keluar/" in client.get("/staf/").content.decode()
    client.force_login(users["opd_admin"])
    body = client.get("/staf/").content.decode()
    assert "/notifikasi/kotak-keluar/" not in body, "a link the role cannot open is not shown"
    client.force_login(users["citizen"])
    assert "/notifikasi/kotak-keluar/" not in client.get("/").content.decode()
