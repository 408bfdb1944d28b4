import pytest

pytestmark = pytest.mark.django_db


def test_search_by_name_json(client, regency, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/wilayah/desa/", {"q": "kotarih"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["code"] for r in results] == ["12.18.01.2002"]
    assert results[0]["label"] == "Desa Kotarih Baru — Kec. Kotarih"
    assert results[0]["postal_code"] == "20991"


def test_search_by_code_prefix(client, regency):
    codes = [r["code"] for r in client.get("/wilayah/desa/", {"q": "12.18.02"}).json()["results"]]
    assert sorted(codes) == ["12.18.02.1001", "12.18.02.2001"]


def test_short_or_empty_query_gives_nothing(client, regency):
    assert client.get("/wilayah/desa/", {"q": "k"}).json() == {"results": []}
    assert client.get("/wilayah/desa/").json() == {"results": []}


def test_htmx_gets_options(client, regency):
    response = client.get("/wilayah/desa/", {"q": "ban"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert '<option value="12.18.02.2001">Desa Bantan — Kec. Dolok Masihul</option>' in body
    none = client.get("/wilayah/desa/", {"q": "zzz"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Tidak ada desa/kelurahan yang cocok." in none


def test_post_is_refused(client, regency):
    assert client.post("/wilayah/desa/", {"q": "kotarih"}).status_code == 405
