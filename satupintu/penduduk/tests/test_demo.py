import io

from satupintu.penduduk import demo, mandiri
from satupintu.penduduk.models import Family, Resident, nik_consistency_errors
from satupintu.penduduk.nik import parse_nik


def test_demo_is_valid_deterministic_and_idempotent(regency):
    out = io.StringIO()
    demo.seed(stdout=out, options={"residents": 60})
    niks = sorted(Resident.objects.values_list("nik", flat=True))
    assert len(niks) == 60
    for resident in Resident.objects.all():
        info = parse_nik(resident.nik)
        assert info.region_code == resident.village.district_id
        assert nik_consistency_errors(resident.nik, resident.birth_date, resident.sex) == {}
    assert Family.objects.filter(head__isnull=False).count() == Family.objects.count()
    assert Resident.objects.filter(village__code="12.18.01.2001").exists()

    first = Resident.objects.get(nik=demo.build_people(60, demo.demo_villages())[0]["nik"])
    assert f"NIK {first.nik}" in out.getvalue()
    assert mandiri.resident_authenticate(nik=first.nik, pin=demo.DEMO_PIN) == first

    demo.seed(stdout=io.StringIO(), options={"residents": 60})
    assert sorted(Resident.objects.values_list("nik", flat=True)) == niks
    assert Family.objects.count() == len({p["kk"] for p in demo.build_people(60, demo.demo_villages())})
