"""The regent's dashboard: figures against hand-computed seeded data; each figure links to its list; regent and
regency administrator only."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(users, agencies, village_a):
    from satupintu.aduan.models import Complaint
    from satupintu.aduan.tests.factories import ComplaintFactory
    from satupintu.ppid.models import InfoRequest
    from satupintu.ppid.tests.factories import InfoRequestFactory
    from satupintu.surat.tests.factories import LetterRequestFactory

    pupr, dinkes = agencies["pupr"], agencies["dinkes"]
    # Complaints: PUPR 3 open (1 of them late) + 1 closed; Dinkes 1 open answered (waits for the citizen: never
    # late, even past its deadline); 1 received and not yet routed.
    p1 = ComplaintFactory(village=village_a, state="in_progress", agency=pupr)
    ComplaintFactory(village=village_a, state="in_progress", agency=pupr)
    ComplaintFactory(village=village_a, state="assigned", agency=pupr)
    ComplaintFactory(village=village_a, state="closed", agency=pupr)
    d1 = ComplaintFactory(village=village_a, state="answered", agency=dinkes)
    ComplaintFactory(village=village_a, state="received")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Complaint.objects.filter(pk__in=[p1.pk, d1.pk]).update(deadline=yesterday)
    # Information requests: 3 open, 1 of them past its due date; 1 answered (not counted).
    r1 = InfoRequestFactory()
    InfoRequestFactory()
    InfoRequestFactory(state="forwarded", agency=pupr)
    InfoRequestFactory(state="answered")
    InfoRequest.objects.filter(pk=r1.pk).update(due_date=yesterday)
    # Letters: 2 signed this year, 1 still being checked.
    LetterRequestFactory(state="signed")
    LetterRequestFactory(state="signed")
    LetterRequestFactory(state="checking")


def _figures(html: str) -> dict[str, tuple[str, str]]:
    return {key: (value, url) for key, url, value in re.findall(
        r'data-figure="([a-z_0-9]+)"><a href="([^"]+)"><strong>([^<]+)</strong>', html)}


def test_figures_match_the_seeded_data(client, users, seeded):
    client.force_login(users["regent"])
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    figures = _figures(response.content.decode())
    assert figures["complaints_open"][0] == "5"  # 3 PUPR + 1 Dinkes + 1 not routed; the closed one is not open
    assert figures["complaints_late"][0] == "1"  # PUPR's one in progress; Dinkes's answered one waits for the citizen
    assert figures["info_open"][0] == "3"
    assert figures["info_late"][0] == "1"
    assert figures["letters"][0] == "2"
    rows = {r["agency"].short_name if r["agency"] else None: (r["open"], r["late"])
            for r in response.context["by_agency"]}
    assert rows == {"Dinas PUPR": (3, 1), "Dinkes": (1, 0), None: (1, 0)}
    trend = {t["label"]: t for t in response.context["trend"]}
    assert trend["Aduan diterima"]["values"][-1] == 6 and trend["Aduan diterima"]["total"] == 6
    assert trend["Surat terbit"]["values"][-1] == 2 and len(trend["Surat terbit"]["values"]) == 12
    assert trend["Permohonan informasi"]["total"] == 4


def test_every_figure_opens_its_list_for_the_regent_and_admin(client, users, seeded):
    for who in ("regent", "regency_admin"):
        client.force_login(users[who])
        figures = _figures(client.get(reverse("portal:dashboard")).content.decode())
        assert len(figures) >= 9
        for key, (_value, url) in figures.items():
            assert client.get(url.replace("&amp;", "&")).status_code == 200, (who, key, url)


def test_only_the_regent_and_the_regency_admin(client, users, editors):
    assert client.get(reverse("portal:dashboard")).status_code == 302  # to sign in
    for who in ("opd_head", "opd_admin", "village_head", "citizen", "ppid_utama"):
        client.force_login(users[who])
        assert client.get(reverse("portal:dashboard")).status_code == 403, who
    client.force_login(editors["media"])
    assert client.get(reverse("portal:dashboard")).status_code == 403
