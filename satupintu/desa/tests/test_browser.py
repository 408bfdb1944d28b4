"""The public village site on a phone-sized screen in real Chromium."""

import pytest

from satupintu.desa import services
from satupintu.desa.models import PublishState

from .helpers import article, budget_csv, image_upload, product


@pytest.mark.browser
def test_village_site_on_a_phone(phone_page, live_server, users, village_a):
    op = users["village_operator"]
    from satupintu.desa.demo import boundary

    services.profile_update(village=village_a, by=op, data={"history": "Desa tua di tepi Sungai Bah Bolon.",
                                                            "address": "Jl. Besar Sialtong No. 1",
                                                            "boundary_geojson": boundary(0)})
    news = article(village_a, op, title="Gotong royong membersihkan parit",
                   body="<p>Warga <strong>bergotong royong</strong> pada hari Minggu.</p><script>alert(1)</script>",
                   upload=image_upload(color=(30, 120, 60)))
    item = product(village_a, op, name="Keripik Pisang Sialtong", upload=image_upload(color=(220, 180, 40)))
    budget = services.budget_create(village=village_a, by=op, year=2026)
    services.budget_import(budget=budget, by=op, data=budget_csv(), filename="apbdes.csv")
    services.budget_publish(budget=budget, by=op, status=PublishState.PUBLISHED)
    page = phone_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(f"{live_server.url}/desa/{village_a.slug}/")
    assert page.locator("h1").inner_text() == "Selamat datang di Desa Sialtong"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling"
    page.screenshot(path=str(page.artifacts / "home.png"), full_page=True)

    page.get_by_role("link", name="Gotong royong membersihkan parit").first.click()
    page.wait_for_url(f"**{news.get_absolute_url()}")
    assert "bergotong royong" in page.locator("article").inner_text()
    hero = page.locator("article img.hero")
    assert hero.evaluate("img => img.complete && img.naturalWidth") == 1600
    page.screenshot(path=str(page.artifacts / "article.png"), full_page=True)

    page.goto(f"{live_server.url}/desa/{village_a.slug}/profil/")
    map_box = page.locator("svg.map").bounding_box()
    assert map_box and map_box["width"] > 200 and map_box["height"] > 100
    page.screenshot(path=str(page.artifacts / "profile.png"), full_page=True)

    page.goto(f"{live_server.url}/desa/{village_a.slug}/apbdes/")
    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 20
        bars = charts.nth(i).locator("rect.bar")
        assert bars.count() >= 2
        assert bars.first.bounding_box()["width"] > 0
    assert page.locator("svg.chart.spending rect.bar").count() == 5
    page.screenshot(path=str(page.artifacts / "apbdes.png"), full_page=True)

    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    order = page.get_by_role("link", name="Pesan lewat WhatsApp")
    assert order.get_attribute("href").startswith("https://wa.me/6281234567890?text=Halo%2C%20saya%20ingin%20memesan")
    assert page.locator(".price").inner_text().startswith("Rp15.000")
    page.screenshot(path=str(page.artifacts / "product.png"), full_page=True)
    assert dialogs == []  # the stripped <script> never ran
