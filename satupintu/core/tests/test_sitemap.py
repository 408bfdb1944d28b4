import re

import pytest


@pytest.mark.django_db
def test_root_sitemap_index_lists_the_village_sections(client, regency):
    """The root index (portal's sitemaps) lists the villages' sections beside the Media Center's, and each opens."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"<sitemapindex" in response.content
    sections = re.findall(rb"<loc>http://testserver(/[^<]+)</loc>", response.content)
    names = {s.decode().rsplit("/", 1)[-1] for s in sections}
    assert {"sitemap-desa.xml", "sitemap-artikel.xml", "sitemap-produk.xml", "sitemap-media.xml"} <= names, names
    for path in sections:
        assert client.get(path.decode()).status_code == 200, path
