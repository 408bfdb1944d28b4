"""Accounts for tests: a user of each role with its scope, and `actor()` for the staff a factory acts as."""

import factory

from satupintu.akun.models import User
from satupintu.akun.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.id")
    role = Role.CITIZEN
    password = factory.django.Password("rahasia-demo-123")


class CitizenFactory(UserFactory):
    username = factory.Sequence(lambda n: f"warga{n}")
    phone = factory.Sequence(lambda n: f"62812{n % 10**8:08d}")


class VillageOperatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"operator{n}")
    role = Role.VILLAGE_OPERATOR
    village = factory.SubFactory("satupintu.wilayah.tests.factories.VillageFactory")


class VillageHeadFactory(VillageOperatorFactory):
    username = factory.Sequence(lambda n: f"kades{n}")
    role = Role.VILLAGE_HEAD


class OpdAdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin_opd{n}")
    role = Role.OPD_ADMIN
    agency = factory.SubFactory("satupintu.organisasi.tests.factories.AgencyFactory")


class OpdHeadFactory(OpdAdminFactory):
    username = factory.Sequence(lambda n: f"kepala_opd{n}")
    role = Role.OPD_HEAD


class PpidOfficerFactory(OpdAdminFactory):
    username = factory.Sequence(lambda n: f"ppid{n}")
    role = Role.PPID_OFFICER


class RegencyAdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin_kab{n}")
    role = Role.REGENCY_ADMIN
    is_staff = True


class RegentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"bupati{n}")
    role = Role.REGENT


_BY_ROLE = {
    Role.CITIZEN: CitizenFactory,
    Role.VILLAGE_OPERATOR: VillageOperatorFactory,
    Role.VILLAGE_HEAD: VillageHeadFactory,
    Role.OPD_ADMIN: OpdAdminFactory,
    Role.OPD_HEAD: OpdHeadFactory,
    Role.PPID_OFFICER: PpidOfficerFactory,
    Role.REGENCY_ADMIN: RegencyAdminFactory,
    Role.REGENT: RegentFactory,
}


def actor(role: str, *, agency=None, village=None) -> User:
    """An active account of `role` working in `agency` or `village` (as the role needs): the first one there is (so
    a test's own `users` fixture is reused), else a new one. Factories act as these accounts."""
    scope = {}
    if agency is not None:
        scope["agency"] = agency
    if village is not None:
        scope["village"] = village
    found = User.objects.filter(role=role, is_active=True, **scope).order_by("pk").first()
    return found or _BY_ROLE[Role(role)](**scope)
