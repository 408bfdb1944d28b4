"""Text search through the databases' full-text indexes (search.py), on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest
from django.db import connection
from django.urls import reverse

from satupintu.aduan import dbsql
from satupintu.aduan.models import Complaint
from satupintu.aduan.search import search
from satupintu.aduan.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(village_a, village_b, categories):
    make = ComplaintFactory
    return {
        "title": make(village=village_a, category=categories["road"], state="verified",
                      title="Jembatan gantung putus", description="Warga tidak bisa menyeberang sungai."),
        "body": make(village=village_b, category=categories["road"], state="verified",
                     title="Akses sekolah terputus", description="Jembatan kayu di dusun II lapuk dan berbahaya."),
        "other": make(village=village_a, category=categories["health"], state="verified",
                      title="Obat puskesmas habis", description="Sudah seminggu obat batuk kosong."),
        "hidden": make(village=village_a, category=categories["road"], state="verified", is_confidential=True,
                       title="Jembatan dan pungutan liar", description="Rahasia, jangan disebarkan ke publik."),
    }


def codes(qs):
    return [c.tracking_code for c in qs]


def test_words_match_ranked_title_first_and_prefixes(reports):
    found = codes(search(Complaint.objects.filter(is_public=True), "jembatan"))
    assert found == [reports["title"].tracking_code, reports["body"].tracking_code]  # title outranks description
    assert codes(search(Complaint.objects.filter(is_public=True), "jem")) == found  # a short word is a prefix
    assert codes(search(Complaint.objects.filter(is_public=True), "jemb")) == []  # a longer one is a word
    Complaint.objects.filter(pk=reports["other"].pk).update(description="Obat batuknya kosong, jembatannya juga.")
    assert reports["other"].tracking_code in codes(search(Complaint.objects.all(), "batuk jembatan"))  # suffixes
    Complaint.objects.filter(pk=reports["other"].pk).update(description="Sudah seminggu obat batuk kosong.")
    assert codes(search(Complaint.objects.all(), "JEMBATAN putus")) == [reports["title"].tracking_code]  # every word
    assert codes(search(Complaint.objects.all(), "batuk")) == [reports["other"].tracking_code]
    assert codes(search(Complaint.objects.all(), "kereta")) == []
    assert search(Complaint.objects.all(), "  ").count() == 4  # nothing to look for: unchanged


def test_search_combines_with_other_filters_and_odd_input(reports, village_b):
    qs = Complaint.objects.filter(is_public=True, village=village_b)
    assert codes(search(qs, "jembatan")) == [reports["body"].tracking_code]
    for odd in ('"jembatan', "jembatan*", "a & b | !c", "NEAR(x y)", "'; drop table x; --", "(((", "ü ß 漢字"):
        list(search(Complaint.objects.all(), odd))  # no syntax error reaches the user


def test_tracking_code_prefix(reports):
    code = reports["other"].tracking_code
    assert codes(search(Complaint.objects.all(), code)) == [code]
    assert code in codes(search(Complaint.objects.all(), code[:6].lower()))


def test_index_follows_edits_and_deletes(reports):
    c = reports["other"]
    Complaint.objects.filter(pk=c.pk).update(title="Lampu penerangan jalan mati")
    assert codes(search(Complaint.objects.all(), "penerangan")) == [c.tracking_code]
    assert codes(search(Complaint.objects.all(), "puskesmas")) == []
    Complaint.objects.filter(pk=c.pk).delete()
    assert codes(search(Complaint.objects.all(), "penerangan")) == []


def test_public_list_and_staff_queue_use_it(client, reports, users):
    body = client.get(reverse("aduan:list"), {"q": "jembatan"}).content.decode()
    assert reports["title"].title in body and reports["body"].title in body
    assert reports["other"].title not in body and reports["hidden"].title not in body
    assert body.index(reports["title"].title) < body.index(reports["body"].title)  # ranked
    client.force_login(users["regency_admin"])
    body = client.get(reverse("aduan:queue", args=["all"]), {"q": "pungutan"}).content.decode()
    assert reports["hidden"].title in body and reports["title"].title not in body


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table and triggers")
def test_sqlite_index_rebuilt_when_a_table_rebuild_dropped_its_triggers(reports):
    with connection.cursor() as cursor:
        for name in dbsql.SQLITE_FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    Complaint.objects.filter(pk=reports["other"].pk).update(title="Sinyal telepon hilang")
    assert codes(search(Complaint.objects.all(), "sinyal")) == []
    assert "fts" in dbsql.ensure_objects(connection)
    assert codes(search(Complaint.objects.all(), "sinyal")) == [reports["other"].tracking_code]


def test_common_words_take_the_newest_matches_the_same_way(reports, monkeypatch):
    from satupintu.aduan import search as module

    expected = codes(search(Complaint.objects.filter(is_public=True), "jembatan"))
    monkeypatch.setattr(module, "FIRST_WINDOW", 1)  # SQLite: the index read one match at a time, windows growing
    assert codes(search(Complaint.objects.filter(is_public=True), "jembatan")) == expected
    monkeypatch.setattr(module, "MAX_SCANNED", 2)  # the two newest matches (the confidential one, then "body")
    if connection.vendor == "sqlite":
        assert codes(search(Complaint.objects.filter(is_public=True), "jembatan")) == [reports["body"].tracking_code]
    monkeypatch.setattr(module, "MAX_SCANNED", 10_000)
    monkeypatch.setattr(module, "CANDIDATES", 1)  # only the newest match is ranked
    assert codes(search(Complaint.objects.filter(is_public=True), "jembatan")) == [reports["body"].tracking_code]


def test_a_word_like_the_code_prefix_is_a_word():
    from satupintu.aduan.search import _code_prefix

    assert _code_prefix("adukan") is None and _code_prefix("ADU-7KQ4-M9") == "ADU-7KQ4-M9"
