"""The design system's promises, without a browser: the header offers each visitor their own way in, required fields
are marked the same way everywhere, the favicon exists, and the Content-Security-Policy holds on every page."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]  # satupintu/
TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))
PUBLIC_PAGES = ["/", "/aduan/", "/aduan/lapor/", "/aduan/lacak/", "/aduan/statistik/", "/ppid/", "/ppid/permohonan/",
                "/ppid/lacak/", "/ppid/dip/", "/surat/verifikasi/", "/desa/", "/desa/lapak/", "/akun/masuk/",
                "/penduduk/mandiri/masuk/"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)


# --- Header ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_anonymous_visitor_sees_sign_in_and_no_account_links(client):
    html = client.get("/").content.decode()
    assert reverse("akun:login") in html
    assert 'data-testid="nav-my-reports"' not in html and 'data-testid="nav-desk"' not in html


def test_citizen_sees_their_reports_and_staff_their_desk(client, users):
    client.force_login(users["citizen"])
    html = client.get("/").content.decode()
    assert f'href="{reverse("aduan:mine")}" data-testid="nav-my-reports"' in html
    assert 'data-testid="nav-desk"' not in html
    client.force_login(users["opd_admin"])
    html = client.get("/").content.decode()
    assert f'href="{reverse("core:staff")}" data-testid="nav-desk"' in html
    assert 'data-testid="nav-my-reports"' not in html


def test_self_service_resident_sees_their_name_and_sign_out(client, village_a, users):
    from satupintu.penduduk import mandiri
    from satupintu.penduduk.models import Family
    from satupintu.penduduk.tests.factories import ResidentFactory

    family = Family.objects.create(kk_number="1218010101260001", village=village_a)
    resident = ResidentFactory(village=village_a, family=family, family_relation="kepala",
                               birth_date=dt.date(1985, 4, 9))
    cache.clear()
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    assert client.post(reverse("penduduk:mandiri_login"), {"nik": resident.nik, "pin": pin}).status_code == 302
    html = client.get("/").content.decode()
    assert 'data-testid="nav-resident">' in html and resident.name in html
    assert f'action="{reverse("penduduk:mandiri_logout")}"' in html
    client.post(reverse("penduduk:mandiri_logout"))
    assert 'data-testid="nav-resident"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_phone_menu_is_a_disclosure_and_language_switch_needs_no_inline_script(client):
    html = client.get("/").content.decode()
    assert '<details class="site-menu">' in html and "<summary>" in html
    assert "onchange" not in html
    assert html.count('name="language" data-autosubmit') == 2  # phone menu and wide bar, each with its button
    assert html.count("data-autosubmit-button") == 2


# --- Home -----------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_home_shows_the_regency_and_a_sentence_for_each_service(client, settings):
    settings.SATUPINTU_REGENCY_CODE = "12.18"
    cache.clear()
    html = client.get("/").content.decode()
    assert "Pemerintah Kabupaten Serdang Bedagai" in html
    assert "Kabupaten Kabupaten" not in html
    services = html.split('data-testid="services"', 1)[1].split("</ul>", 1)[0]
    for url in (reverse("aduan:submit"), reverse("ppid:index"), reverse("penduduk:mandiri_login"),
                reverse("desa:portal"), reverse("desa:catalogue")):
        assert f'href="{url}"' in services
    assert services.count('class="service-card"') == services.count("<p>") >= 5
    assert services.count("icons.svg#") == services.count('class="service-card"')
    assert 'data-testid="figures"' in html


# --- Required fields (bug 6) -----------------------------------------------------------------------------------
def _label_html(html: str, field_id: str) -> str:
    match = re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S)
    assert match, field_id
    return match.group(1)


@pytest.mark.django_db
def test_complaint_form_marks_name_and_contact_as_required(client):
    html = client.get(reverse("aduan:submit")).content.decode()
    for field_id in ("id_title", "id_reporter_name", "id_reporter_phone"):
        assert 'class="req"' in _label_html(html, field_id), field_id
    for field_id in ("id_address", "id_reporter_email"):
        assert 'class="req"' not in _label_html(html, field_id), field_id
    assert 'data-testid="contact-required"' in html


def test_signed_in_citizen_gets_name_and_contact_from_the_account(client, users):
    client.force_login(users["citizen"])
    html = client.get(reverse("aduan:submit")).content.decode()
    assert 'class="req"' not in _label_html(html, "id_reporter_name")


@pytest.mark.django_db
def test_one_required_mark_in_every_form(client):
    """The PPID form (includes/form.html) and the complaint form (aduan/_field.html) use the same field include."""
    ppid = client.get(reverse("ppid:request_create")).content.decode()
    aduan = client.get(reverse("aduan:submit")).content.decode()
    mark = '<span class="req" aria-hidden="true">*</span><span class="visually-hidden"> (wajib diisi)</span>'
    assert mark in ppid and mark in aduan
    assert (ROOT / "aduan/templates/aduan/_field.html").read_text().strip() == '{% include "includes/field.html" %}'


# --- Favicon --------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "lambang.svg" in html


# --- Content-Security-Policy (issue 12, point 12) --------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_a_strict_policy_and_carry_no_inline_code(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'self'"
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not HANDLER.search(html), HANDLER.search(html).group(0)
    assert not STYLE_ATTR.search(html), STYLE_ATTR.search(html).group(0)


@pytest.mark.django_db
def test_custom_colours_come_with_the_nonce_of_the_policy(client, settings):
    settings.SATUPINTU_BRAND_COLOR = "#1b5e20"
    response = client.get("/")
    nonce = re.search(r"<style nonce=\"([^\"]+)\">:root\{--brand:#1b5e20", response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_no_template_has_inline_script_handler_or_style():
    offenders = []
    for path in TEMPLATES:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTR):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
        if "<style" in text and path.name != "base.html":
            offenders.append(f"{path.relative_to(ROOT)}: <style>")
    assert offenders == []


def test_admin_loads_under_the_policy(client, users):
    admin = users["regency_admin"]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    for url in ("/admin/", "/admin/core/regencylogo/add/", "/admin/akun/user/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self' 'unsafe-inline'" in policy


def test_header_context_survives_a_database_outage(rf):
    """The 503 page of an outage renders the header: who the visitor is cannot be read, so they are anonymous."""
    from django.contrib.sessions.backends.base import SessionBase
    from django.db import OperationalError
    from django.utils.functional import SimpleLazyObject

    from satupintu.portal.context_processors import platform

    def down():
        raise OperationalError("database is down")

    class DownSession(SessionBase):
        def load(self):
            down()

    request = rf.get("/")
    request.user = SimpleLazyObject(down)
    request.session = DownSession()
    context = platform(request)
    assert context["visitor"] is None and context["resident"] is None and context["staff_nav"] == []
    assert context["BRAND"].regency_name


def test_field_include_renders_each_kind_of_widget_with_its_own_label():
    """A single checkbox is its own label; radios and multiple checkboxes are a fieldset with a label per choice (never
    a label around other labels, which breaks what a screen reader and get_by_label read)."""
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        agree = forms.BooleanField(label="Setuju")
        kind = forms.ChoiceField(label="Jenis", choices=[("a", "Satu"), ("b", "Dua")], widget=forms.RadioSelect)
        grounds = forms.MultipleChoiceField(label="Alasan", choices=[("x", "Ini"), ("y", "Itu")],
                                            widget=forms.CheckboxSelectMultiple, required=False)

    html = render_to_string("includes/form.html", {"form": Form()})
    assert re.search(r'<label class="check"><input type="checkbox" name="agree"[^>]*> <span>Setuju', html)
    for legend, choices in (("Jenis", ("Satu", "Dua")), ("Alasan", ("Ini", "Itu"))):
        fieldset = html.split(f"<legend>{legend}", 1)[1].split("</fieldset>", 1)[0]
        assert [c for c in choices if f"<span>{c}</span></label>" in fieldset] == list(choices)
    assert not re.search(r"<label[^>]*>(?:(?!</label>).)*<label", html, re.S)
    assert "<legend>Alasan</legend>" in html and "<legend>Jenis <span class=\"req\"" in html
