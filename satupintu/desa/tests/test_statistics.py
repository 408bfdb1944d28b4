import datetime as dt
import re

import pytest
from django.urls import reverse

from satupintu.desa.statistics import publish_count, village_statistics

penduduk = pytest.importorskip("satupintu.penduduk.tests.factories")


@pytest.mark.parametrize("n,text,value", [
    (0, "< 5", 0), (1, "< 5", 0), (4, "< 5", 0), (5, "5", 5), (7, "5", 5), (8, "10", 10), (12, "10", 10),
    (13, "15", 15), (1234, "1.235", 1235),
])
def test_publish_count_suppresses_and_rounds(n, text, value):
    cell = publish_count(n)
    assert (cell.text, cell.value, cell.suppressed) == (text, value, n < 5)


def _people(village, n, **kwargs):
    return [penduduk.ResidentFactory(village=village, **kwargs) for _ in range(n)]


@pytest.fixture
def register(village_a, village_b):
    today = dt.date.today()
    born_32 = today.replace(year=today.year - 32, month=1, day=5)
    _people(village_a, 12, sex="L", birth_date=born_32, religion="islam", education="sma")
    _people(village_a, 3, sex="P", birth_date=born_32, religion="islam", education="sma")
    _people(village_a, 1, sex="P", birth_date=born_32, religion="hindu", education="s1_d4")
    _people(village_a, 7, sex="L", birth_date=today.replace(year=today.year - 2, month=1, day=5), religion="islam")
    # Moved away and another village's residents do not count.
    _people(village_a, 2, sex="P", birth_date=born_32, religion="buddha", status="moved")
    _people(village_b, 9, sex="P", birth_date=born_32, religion="kristen")
    return today


def test_statistics_never_show_a_group_under_five(village_a, register, django_assert_max_num_queries):
    # One aggregate per table: the pyramid, sex, 7 resident categories, household welfare, aid programmes.
    with django_assert_max_num_queries(12):
        stats = village_statistics(village_a)
    assert stats["total"].text == "25"  # 23 people, rounded to 25
    assert stats["male"].text == "20" and stats["female"].text == "< 5"
    rows = {r["label"]: r for r in stats["pyramid"]}
    assert rows["30–34"]["male"].text == "10" and rows["30–34"]["female"].text == "< 5"
    assert rows["0–4"]["male"].text == "5"
    religion = {r["label"]: r["cell"].text for r in stats["religion"]}
    assert religion["Hindu"] == "< 5" and "Buddha" not in religion and "Kristen" not in religion
    every_cell = [stats["total"], stats["male"], stats["female"]]
    every_cell += [r[k] for r in stats["pyramid"] for k in ("male", "female")]
    every_cell += [r["cell"] for key in ("education", "occupation", "religion") for r in stats[key]]
    for cell in every_cell:
        assert cell.text == "< 5" or (cell.value >= 5 and cell.value % 5 == 0), cell


def test_population_page_reveals_no_small_exact_count(client, village_a, register):
    html = client.get(reverse("desa:population", args=[village_a.slug])).content.decode()
    main = html.split('id="main"', 1)[1].split("</main>", 1)[0]
    tables = re.findall(r'<td class="num">([^<]*)</td>', main)
    assert tables and set(tables) <= {"&lt; 5", "5", "10", "15", "20", "25"}
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", main)
    assert not [t for t in texts if re.fullmatch(r"[1-4]", t.strip())]
    # Bars are drawn from the published figures: a suppressed group of 3 is as long as an empty one.
    found = re.findall(r'width="([\d.]+)" height="14" fill="#a1162c"><title>Perempuan ([^:]+):', main)
    widths = {age: width for width, age in found}
    assert widths.get("30–34") == widths.get("0–4") == "1.0"
