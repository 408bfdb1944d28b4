import factory
from django.utils.text import slugify

from satupintu.organisasi.models import Agency


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"Dinas{n}")
    name = factory.LazyAttribute(lambda o: f"Dinas {o.short_name} Kabupaten Serdang Bedagai")
    slug = factory.LazyAttribute(lambda o: slugify(o.short_name))
    kind = Agency.Kind.DINAS
    head_name = "Kepala Dinas"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@serdangbedagaikab.go.id")
