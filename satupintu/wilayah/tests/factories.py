import factory

from satupintu.wilayah.models import District, Province, Regency, Village


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "12"
    name = "Sumatera Utara"


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttribute(lambda o: f"{o.province.code}.18")
    name = "Serdang Bedagai"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    regency = factory.SubFactory(RegencyFactory)
    code = factory.Sequence(lambda n: f"12.18.{n % 90 + 1:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    district = factory.SubFactory(DistrictFactory)
    # A village code starts with its district's code: 12.18.01.2001.
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}.{2001 + n % 900}")
    name = factory.Sequence(lambda n: f"Desa {n}")
    kind = Village.Kind.DESA
    postal_code = "20991"
