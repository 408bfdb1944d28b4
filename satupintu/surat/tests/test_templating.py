import pytest
from django.core.exceptions import ValidationError

from satupintu.surat.catalog import DEFAULT_LETTER_TYPES
from satupintu.surat.models import LetterType, validate_field_schema
from satupintu.surat.templating import (
    COMMON_PLACEHOLDERS,
    placeholders_in,
    render_template,
    validate_template,
)

ALLOWED = COMMON_PLACEHOLDERS | {"nama_usaha"}


def test_render_substitutes_known_placeholders_and_escaped_braces():
    text = "Nama: {nama}, usaha {nama_usaha} {{bukan isian}}"
    assert render_template(text, {"nama": "Budi", "nama_usaha": "Warung"}) == "Nama: Budi, usaha Warung {bukan isian}"


def test_empty_value_prints_a_dash_not_a_gap():
    assert render_template("Mulai: {mulai}.", {"mulai": ""}) == "Mulai: -."


def test_values_are_never_interpreted():
    # A value that looks like a placeholder or a format spec is printed as it is.
    out = render_template("{nama}", {"nama": "{nik} {0.__class__} {{x}}"})
    assert out == "{nik} {0.__class__} {{x}}"


@pytest.mark.parametrize(
    "text",
    [
        "Halo {0.__class__}",  # str.format attribute access
        "Halo {nama.upper}",
        "Halo {nama!r}",
        "{% load static %}{{ nama }} {nama",
        "Halo } saja",
        "Halo {Nama}",
        "Halo { nama }",
    ],
)
def test_malformed_braces_are_rejected(text):
    with pytest.raises(ValidationError):
        validate_template(text, allowed=ALLOWED)


def test_unknown_placeholder_is_named_and_the_allowed_ones_listed():
    with pytest.raises(ValidationError) as exc:
        validate_template("Usaha {nama_toko} milik {nama}", allowed=ALLOWED)
    message = exc.value.messages[0]
    assert "{nama_toko}" in message
    assert "{nama_usaha}" in message and "{nik}" in message


def test_empty_template_is_rejected():
    with pytest.raises(ValidationError):
        validate_template("  \n", allowed=ALLOWED)


def test_placeholders_in_lists_each_once_in_order():
    assert placeholders_in("{nama} {nik} {nama}") == ["nama", "nik"]


@pytest.mark.parametrize("item", DEFAULT_LETTER_TYPES, ids=lambda i: i["code"])
def test_every_catalogue_type_is_valid(item):
    letter_type = LetterType(**item)
    letter_type.clean()


@pytest.mark.parametrize(
    "fields",
    [
        [{"name": "nama", "label": "Nama", "type": "text"}],  # shadows a common placeholder
        [{"name": "Usaha", "label": "Usaha", "type": "text"}],
        [{"name": "usaha", "label": "", "type": "text"}],
        [{"name": "usaha", "label": "Usaha", "type": "file"}],
        [{"name": "usaha", "label": "Usaha", "type": "choice", "choices": []}],
        [{"name": "a", "label": "A", "type": "text"}, {"name": "a", "label": "A", "type": "text"}],
        {"name": "a"},
    ],
)
def test_field_schema_errors(fields):
    with pytest.raises(ValidationError):
        validate_field_schema(fields)
