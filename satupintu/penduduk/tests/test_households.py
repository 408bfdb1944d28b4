"""Households (rumah tangga) beside family cards: members, head, the house, scope and audit."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from satupintu.core.audit import audit_trail
from satupintu.penduduk import services
from satupintu.penduduk.models import Household
from satupintu.penduduk.tests.factories import FamilyFactory, ResidentFactory


def house(**extra):
    data = {
        "address": "Dusun I",
        "rt": "001",
        "rw": "002",
        "floor": "tanah",
        "wall": "bambu",
        "water": "sumur",
        "electricity": "pln_numpang",
        "sanitation": "bersama",
        "welfare": "pra_sejahtera",
        "latitude": Decimal("3.577000"),
        "longitude": Decimal("98.983000"),
    }
    data.update(extra)
    return data


def test_household_holds_residents_of_two_family_cards_and_is_audited(users, village_a):
    kk1, kk2 = FamilyFactory(village=village_a), FamilyFactory(village=village_a)
    head = ResidentFactory(village=village_a, family=kk1, family_relation="kepala")
    son = ResidentFactory(village=village_a, family=kk2, family_relation="kepala")
    hh = services.household_save(
        by=users["village_operator"],
        village=village_a,
        member_niks=[head.nik, son.nik],
        head_nik=head.nik,
        **house(),
    )
    assert hh.number == "0001"
    assert hh.head == head
    assert set(hh.members.all()) == {head, son}
    assert [e.action for e in audit_trail(hh)] == ["created"]
    # Taking a member off leaves them without a household; the change is audited with what changed.
    services.household_save(
        by=users["village_operator"],
        household=hh,
        member_niks=[head.nik],
        head_nik=head.nik,
        **house(floor="keramik"),
    )
    son.refresh_from_db()
    assert son.household is None
    last = list(audit_trail(hh))[-1]
    assert last.action == "updated" and {"floor", "members"} <= set(last.data["fields"])


def test_household_head_must_be_a_member_and_members_active_residents_of_the_village(
    users, village_a, village_b
):
    a = ResidentFactory(village=village_a)
    other = ResidentFactory(village=village_b)
    dead = ResidentFactory(village=village_a, status="deceased")
    op = users["village_operator"]
    with pytest.raises(ValidationError) as exc:
        services.household_save(by=op, village=village_a, member_niks=[a.nik], head_nik=dead.nik, **house())
    assert "head_nik" in exc.value.message_dict
    for wrong in (other, dead):
        with pytest.raises(ValidationError) as exc:
            services.household_save(
                by=op, village=village_a, member_niks=[a.nik, wrong.nik], head_nik=a.nik, **house()
            )
        assert wrong.nik in str(exc.value)
    with pytest.raises(ValidationError):
        services.household_save(
            by=op, village=village_a, member_niks=[a.nik], head_nik=a.nik, **house(longitude=None)
        )
    assert not Household.objects.exists()


def test_operator_cannot_write_another_villages_household(users, village_b):
    b = ResidentFactory(village=village_b)
    with pytest.raises(PermissionDenied):
        services.household_save(
            by=users["village_operator"], village=village_b, member_niks=[b.nik], head_nik=b.nik, **house()
        )


def test_a_member_moving_in_leaves_the_old_household(users, village_a):
    a, b = ResidentFactory(village=village_a), ResidentFactory(village=village_a)
    op = users["village_operator"]
    first = services.household_save(
        by=op, village=village_a, member_niks=[a.nik, b.nik], head_nik=b.nik, **house()
    )
    second = services.household_save(by=op, village=village_a, member_niks=[b.nik], head_nik=b.nik, **house())
    first.refresh_from_db()
    assert list(first.members.all()) == [a] and first.head == a
    assert second.number == "0002" and list(second.members.all()) == [b]


def test_operator_pages_create_edit_and_scope(client, users, village_a, village_b):
    kk = FamilyFactory(village=village_a)
    head = ResidentFactory(village=village_a, family=kk, family_relation="kepala")
    wife = ResidentFactory(village=village_a, family=kk, family_relation="istri", sex="P")
    client.force_login(users["village_operator"])
    response = client.post(
        reverse("penduduk:household_create"),
        {
            "members": kk.kk_number,
            "head_nik": head.nik,
            "address": "Dusun I",
            "rt": "1",
            "rw": "2",
            "floor": "semen",
            "water": "ledeng",
            "latitude": "3.5",
            "longitude": "98.9",
        },
    )
    hh = Household.objects.get()
    assert response.status_code == 302 and response.url == reverse("penduduk:household_detail", args=[hh.pk])
    assert set(hh.members.all()) == {head, wife} and hh.rt == "001"
    page = client.get(reverse("penduduk:household_detail", args=[hh.pk]))
    assert wife.name in page.content.decode() and "openstreetmap" in page.content.decode()
    assert client.get(reverse("penduduk:households")).status_code == 200
    assert client.get(reverse("penduduk:household_edit", args=[hh.pk])).status_code == 200
    client.force_login(users["village_operator_b"])
    assert client.get(reverse("penduduk:household_detail", args=[hh.pk])).status_code == 404
    client.force_login(users["opd_admin"])
    assert client.get(reverse("penduduk:households")).status_code in (302, 403)
