import pytest


@pytest.mark.django_db
def test_root_sitemap_index_lists_the_village_sections(client, regency):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"<sitemapindex" in response.content
    assert b"/desa/sitemap-" in response.content or b"/desa/sitemap" in response.content
