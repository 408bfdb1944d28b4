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
