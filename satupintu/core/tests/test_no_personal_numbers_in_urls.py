"""Issue 12 finding 9: no NIK or KK number in a URL. URLs land in access logs, browser history and Referer headers,
so a look-up by a personal number must be POSTed (see satupintu/core/lookup.py). This test reads the URL conf, every
template and every view: a URL parameter named like a personal number, a GET form with a NIK/KK field, or a view
that binds such a form to request.GET fails it."""

import importlib
import pkgutil
import re
from pathlib import Path

import django_filters
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

import satupintu

ROOT = Path(satupintu.__file__).parent
NUMBER_NAMES = re.compile(r"^(nik|no_?kk|kk|kk_number|nomor_kk|id_number|nomor_identitas)$", re.I)
NUMBER_TEXT = re.compile(r"\bNIK\b|\bKK\b|nomor KK|kartu keluarga|nomor identitas", re.I)
FORM_BLOCK = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(r"""\bname=["']?([\w-]+)""", re.I)


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def test_no_url_parameter_is_a_personal_number():
    bad = []
    for route, entry in _patterns(get_resolver().url_patterns):
        names = set(entry.pattern.regex.groupindex)
        bad += [f"{route} ({name})" for name in names if NUMBER_NAMES.match(name) or "nik" in name.lower()]
    assert bad == []


def _is_get(attrs: str) -> bool:
    method = re.search(r"""method=["']?(\w+)""", attrs, re.I)
    return method is None or method.group(1).lower() == "get"


def test_no_template_has_a_get_form_asking_for_a_personal_number():
    bad = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for attrs, inner in FORM_BLOCK.findall(path.read_text(encoding="utf-8")):
            if not _is_get(attrs):
                continue
            fields = FIELD_NAME.findall(inner)
            visible_text = re.sub(r"\{\{.*?\}\}", "", inner)  # values shown, not asked for
            if any(NUMBER_NAMES.match(f) for f in fields) or NUMBER_TEXT.search(visible_text):
                bad.append(f"{path.relative_to(ROOT)}: {attrs.strip()}")
    assert bad == []


def _asks_for_a_number(cls) -> list[str]:
    if isinstance(cls, type) and issubclass(cls, django_filters.FilterSet):
        fields = {name: f.label for name, f in cls.base_filters.items()}
    elif isinstance(cls, type) and issubclass(cls, forms.BaseForm):
        fields = {name: f.label for name, f in cls.base_fields.items()}
    else:
        return []
    with translation.override("id"):
        return [name for name, label in fields.items()
                if NUMBER_NAMES.match(name) or NUMBER_TEXT.search(str(label or ""))]


def _view_modules():
    for info in pkgutil.walk_packages(satupintu.__path__, "satupintu."):
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        if info.name.rsplit(".", 1)[-1] == "views" or ".views." in info.name:
            yield importlib.import_module(info.name)


def test_no_view_reads_a_personal_number_from_the_query_string():
    bad = []
    modules = list(_view_modules())
    assert len(modules) >= 8  # every app's views were found
    for module in modules:
        source = Path(module.__file__).read_text(encoding="utf-8")
        for name in set(re.findall(r"(\w+)\(\s*request\.GET\b", source)):
            fields = _asks_for_a_number(getattr(module, name, None))
            if fields:
                bad.append(f"{module.__name__}: {name}(request.GET) asks for {fields}")
        for key in re.findall(r"""request\.GET(?:\.get\(|\[)\s*["'](\w+)["']""", source):
            if NUMBER_NAMES.match(key):
                bad.append(f"{module.__name__}: request.GET[{key!r}]")
    assert bad == []
