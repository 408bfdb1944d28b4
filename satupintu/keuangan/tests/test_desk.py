"""The staff desk offers the treasury's roles their work, and every link it offers opens (the portal's desk test
covers the complaint roles; these roles are added here)."""

import pytest

from satupintu.portal.desk import ENTRIES, desk_for

from .factories import order_to

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["treasurer", "ppk", "head", "verifier", "kuasa_bud", "bud"])
def test_every_offered_link_opens(client, finance, line, who):
    order_to("spp_submitted", line=line)
    order_to("at_treasury", line=line)
    user = finance[who]
    client.force_login(user)
    items = desk_for(user)
    assert any(item.group == "Keuangan daerah (SP2D)" for item in items), who
    for item in items:
        assert client.get(item.url).status_code == 200, (who, item.label, item.url)
    offered = {item.url for item in items}
    for entry in ENTRIES:
        url = entry.url(user)
        if url not in offered and url.startswith("/keuangan/"):
            # Not offered: refused, or readable but another role's task (the agency list filtered for the PPK).
            assert client.get(url).status_code in {200, 302, 403, 404}, (who, url)
    # The treasury's pages are never offered to the agency's staff, nor the agency's list to the treasury.
    if who in ("treasurer", "ppk", "head"):
        assert "/keuangan/antrean/" not in offered and client.get("/keuangan/antrean/").status_code == 403
    else:
        assert "/keuangan/spm/" not in offered and client.get("/keuangan/spm/").status_code == 403


def test_the_counts_are_each_roles_work(finance, line):
    order_to("spp_submitted", line=line)
    order_to("at_treasury", line=line)
    counts = {item.label: item.count for item in desk_for(finance["ppk"])}
    assert counts["SPP perlu diperiksa PPK"] == 1
    counts = {item.label: item.count for item in desk_for(finance["verifier"])}
    assert counts["Antrean SP2D"] == 1
    assert not any(item.label == "Antrean SP2D" for item in desk_for(finance["treasurer_b"]))
