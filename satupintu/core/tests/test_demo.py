"""`manage.py seed_demo` builds the demo regency and running it again changes nothing (every app's seed runs)."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.organisasi.models import Agency
from satupintu.wilayah.models import District, Village

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    """Row counts of every model in the project (models whose migrations are not written yet are skipped)."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed and model._meta.db_table in tables
    }


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", residents=20, stdout=out)
    return out.getvalue()


def test_seed_twice_changes_nothing(client):
    _seed()
    first = _counts()
    users_before = list(User.objects.order_by("pk").values())
    agencies_before = list(Agency.objects.order_by("pk").values())
    _seed()
    assert _counts() == first
    assert list(User.objects.order_by("pk").values()) == users_before
    assert list(Agency.objects.order_by("pk").values()) == agencies_before

    # The regency as the issue describes it.
    assert District.objects.filter(regency_id="12.18").count() == 17
    assert Village.objects.filter(district__regency_id="12.18", kind=Village.Kind.DESA).count() == 237
    assert Village.objects.filter(district__regency_id="12.18", kind=Village.Kind.KELURAHAN).count() == 6
    assert 20 <= Agency.objects.filter(parent=None).count() <= 25
    assert Agency.objects.get(is_ppid_utama=True).short_name == "Diskominfo"
    assert Agency.objects.get(slug="bina-marga").parent.short_name == "Dinas PUPR"

    # The demo accounts, exactly.
    expected = {
        "admin": Role.REGENCY_ADMIN, "bupati": Role.REGENT, "operator_desa": Role.VILLAGE_OPERATOR,
        "kades": Role.VILLAGE_HEAD, "admin_opd": Role.OPD_ADMIN, "kepala_opd": Role.OPD_HEAD,
        "ppid_utama": Role.PPID_OFFICER, "ppid_pupr": Role.PPID_OFFICER, "warga": Role.CITIZEN,
    }
    users = {u.username: u for u in User.objects.filter(username__in=expected)}
    assert {name: u.role for name, u in users.items()} == expected
    assert all(u.check_password("satupintu-demo") for u in users.values())
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(u.is_staff for name, u in users.items() if name != "admin")
    assert users["operator_desa"].village.code == "12.18.01.2001"
    assert users["kades"].village == users["operator_desa"].village
    assert users["admin_opd"].agency.short_name == users["kepala_opd"].agency.short_name == "Dinas PUPR"
    assert users["ppid_utama"].agency.is_ppid_utama

    assert client.get("/").status_code == 200
    assert client.login(username="operator_desa", password="satupintu-demo")
    assert client.get("/staf/").status_code == 200
