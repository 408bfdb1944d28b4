import pytest
from django import forms

from satupintu.wilayah.forms import VillageChoiceField
from satupintu.wilayah.models import District, Province, Regency, Village
from satupintu.wilayah.selectors import deployment_regency, villages_of_deployment

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_regency(regency):
    reg = Regency.objects.create(code="12.71", province_id="12", name="Kota Medan", kind=Regency.Kind.CITY)
    d = District.objects.create(code="12.71.01", regency=reg, name="Medan Tuntungan")
    return Village.objects.create(code="12.71.01.1001", district=d, name="Mangga", kind=Village.Kind.KELURAHAN)


class VillageForm(forms.Form):
    village = VillageChoiceField()


def test_deployment_regency(regency, settings):
    assert deployment_regency() == regency
    settings.SATUPINTU_REGENCY_CODE = "33.11"
    assert deployment_regency() is None


def test_villages_of_deployment_are_ordered_and_scoped(regency, other_regency, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = [(v.district.name, v.name) for v in villages_of_deployment()]
    assert rows == [
        ("Dolok Masihul", "Bantan"),
        ("Dolok Masihul", "Pekan Dolok Masihul"),
        ("Kotarih", "Kotarih Baru"),
        ("Kotarih", "Sialtong"),
    ]


def test_village_field_groups_by_district(regency, other_regency):
    html = str(VillageForm()["village"])
    assert '<optgroup label="Kec. Dolok Masihul">' in html
    assert "Kelurahan Pekan Dolok Masihul — Kec. Dolok Masihul" in html
    assert "Desa Sialtong — Kec. Kotarih" in html
    assert "Mangga" not in html
    assert html.index("Kec. Dolok Masihul") < html.index("Kec. Kotarih")


def test_village_field_validates(regency, other_regency, village_a):
    form = VillageForm(data={"village": village_a.code})
    assert form.is_valid()
    assert form.cleaned_data["village"] == village_a
    form = VillageForm(data={"village": other_regency.code})
    assert not form.is_valid()
    assert "tidak ada di kabupaten ini" in form.errors["village"][0]
    form = VillageForm(data={"village": ""})
    assert not form.is_valid()


def test_village_field_can_be_narrowed(regency, village_a):
    field = VillageChoiceField(queryset=villages_of_deployment().filter(pk=village_a.pk), required=False)
    assert len(list(field.choices)) == 2  # the empty option and one group
    assert field.clean(village_a.code) == village_a
    assert Province.objects.count() == 1


def test_districts_of_deployment(regency, other_regency):
    District.objects.create(code="12.18.99", regency=regency, name="Lama", is_active=False)
    from satupintu.wilayah.selectors import districts_of_deployment

    assert [d.name for d in districts_of_deployment()] == ["Dolok Masihul", "Kotarih"]
