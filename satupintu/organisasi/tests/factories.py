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


class SubUnitFactory(AgencyFactory):
    """A bidang/seksi/UPT of `parent`."""

    short_name = factory.Sequence(lambda n: f"Bidang{n}")
    name = factory.LazyAttribute(lambda o: f"Bidang {o.short_name} {o.parent.short_name}")
    kind = Agency.Kind.SUB_UNIT
    parent = factory.SubFactory(AgencyFactory)
    email = ""


def ppid_utama_agency() -> Agency:
    """The agency that is PPID Utama (Diskominfo in the shared fixtures); made when a test has none."""
    found = Agency.objects.filter(is_ppid_utama=True, is_active=True).order_by("pk").first()
    return found or AgencyFactory(
        short_name="Diskominfo", name="Dinas Komunikasi dan Informatika", slug="diskominfo", is_ppid_utama=True
    )
