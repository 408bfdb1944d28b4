import pytest

from satupintu.organisasi.models import Agency
from satupintu.organisasi.selectors import agencies_active, agency_tree, ppid_utama

pytestmark = pytest.mark.django_db


def test_ppid_utama(agencies):
    assert ppid_utama() == agencies["diskominfo"]
    Agency.objects.update(is_ppid_utama=False)
    assert ppid_utama() is None


def test_agencies_active(agencies):
    agencies["dinkes"].is_active = False
    agencies["dinkes"].save()
    assert list(agencies_active()) == [agencies["bina_marga"], agencies["diskominfo"], agencies["pupr"]]
    assert list(agencies_active(top_level_only=True)) == [agencies["diskominfo"], agencies["pupr"]]


def test_agency_tree_has_sub_units_in_two_queries(agencies, django_assert_num_queries):
    Agency.objects.create(
        name="Bidang Cipta Karya (lama)", short_name="Cipta Karya Lama", slug="ck-lama", kind=Agency.Kind.SUB_UNIT,
        parent=agencies["pupr"], is_active=False,
    )
    with django_assert_num_queries(2):
        tree = {a.short_name: [s.short_name for s in a.active_sub_units] for a in agency_tree()}
    assert tree == {"Dinas PUPR": ["Bina Marga"], "Dinkes": [], "Diskominfo": []}
