"""The complaint form's village field (issue 13): a search box over the list in a real browser, the plain list
without JavaScript."""

import pytest
from playwright.sync_api import expect

from satupintu.wilayah.models import Village


@pytest.mark.django_db
def test_without_javascript_the_list_has_every_village(client, regency):
    body = client.get("/aduan/lapor/").content.decode()
    assert 'data-search="Cari desa/kelurahan' in body
    for village in Village.objects.all():
        assert f'<option value="{village.code}">' in body
    assert "<script>" not in body  # no inline script: the picker is a static file


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_a_few_letters_narrows_the_list_and_picks_the_one_match(live_server, phone_page, regency):
    page = phone_page
    page.goto(f"{live_server.url}/aduan/lapor/")
    select = page.locator("select[name=village]")
    total = select.locator("option").count()
    assert total == Village.objects.count() + 1
    search = page.get_by_label("Cari desa/kelurahan (ketik beberapa huruf)")
    search.fill("kotarih bar")
    expect(select.locator("option")).to_have_count(2)  # the empty choice and Kotarih Baru
    assert select.input_value() == "12.18.01.2002"
    expect(page.locator(".select-search-status")).to_contain_text("1 desa/kelurahan cocok")
    page.screenshot(path=str(page.artifacts / "village-search.png"), full_page=True)
    search.fill("zzz")
    expect(page.locator(".select-search-status")).to_contain_text("Tidak ada")
    search.fill("")
    expect(select.locator("option")).to_have_count(total)
    assert select.input_value() == "12.18.01.2002"  # the choice survives clearing the search
