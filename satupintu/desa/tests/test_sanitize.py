from django.urls import reverse

from satupintu.desa.sanitize import sanitize_html

from .helpers import article

UNSAFE = """
<p onclick="steal()">Halo <b>warga</b></p>
<script>alert('x')</script>
<img src="x" onerror="alert(1)" alt="foto">
<a href="javascript:alert(1)">klik</a>
<a href="JaVaScRiPt:alert(2)">klik2</a>
<a href="https://serdangbedagaikab.go.id/" target="_blank">situs</a>
<style>body{display:none}</style>
<iframe src="https://evil.example"></iframe>
<svg onload="alert(3)"><circle/></svg>
<div style="background:url(javascript:alert(4))">gaya</div>
<img src="data:text/html;base64,PHNjcmlwdD4=">
"""


def test_sanitize_strips_scripts_handlers_and_javascript_urls():
    clean = sanitize_html(UNSAFE)
    lowered = clean.lower()
    for bad in ("<script", "alert('x')", "onclick", "onerror", "onload", "javascript:", "<style", "display:none",
                "<iframe", "<svg", "style=", "data:text"):
        assert bad not in lowered, bad
    assert "<b>warga</b>" in clean
    assert '<a href="https://serdangbedagaikab.go.id/" rel="noopener noreferrer nofollow">situs</a>' in clean
    assert '<img src="x" alt="foto">' in clean


def test_article_body_is_stored_and_shown_sanitised(client, users, village_a):
    obj = article(village_a, users["village_operator"], body=UNSAFE)
    assert "<script" not in obj.body and "onerror" not in obj.body and "javascript:" not in obj.body
    html = client.get(reverse("desa:article", args=[village_a.slug, obj.slug])).content.decode()
    body = html.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "onclick" not in body and "onerror" not in body and "javascript:" not in body
    assert "<b>warga</b>" in body


def test_plain_text_body_keeps_paragraphs_and_is_escaped(users, village_a):
    obj = article(village_a, users["village_operator"], body="Baris satu\nbaris dua\n\nParagraf 2 & 3 > 1")
    assert obj.body == "<p>Baris satu<br>baris dua</p>\n\n<p>Paragraf 2 &amp; 3 &gt; 1</p>"
