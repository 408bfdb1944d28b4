from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satupintu.penduduk.nik import NikField, build_nik, is_valid_nik, parse_nik, validate_nik
from satupintu.wilayah.models import District, Province, Regency

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def error_code(value, **kwargs) -> str:
    with pytest.raises(ValidationError) as exc:
        parse_nik(value, today=TODAY, **kwargs)
    return exc.value.code


@pytest.fixture
def old_papua(db):
    """Merauke's first district under the pre-2022 Papua code (now 93.01.01), kept inactive."""
    papua = Province.objects.create(code="91", name="Papua")
    merauke = Regency.objects.create(code="91.01", province=papua, name="Kabupaten Merauke")
    return District.objects.create(code="91.01.01", regency=merauke, name="Merauke", is_active=False)


def test_parses_a_man(regency):
    info = parse_nik("1218011508950001", today=TODAY)
    assert info.nik == "1218011508950001"
    assert info.region_code == "12.18.01"
    assert info.province_code == "12"
    assert info.regency_code == "12.18"
    assert info.birth_date == date(1995, 8, 15)
    assert info.sex == "L"
    assert info.serial == "0001"


def test_parses_a_woman_day_plus_40(regency):
    info = parse_nik("1218025508950002", today=TODAY)
    assert info.birth_date == date(1995, 8, 15)
    assert info.sex == "P"
    assert parse_nik("1218027112010003", today=TODAY).birth_date == date(2001, 12, 31)


def test_spaces_and_dots_are_ignored(regency):
    assert parse_nik(" 12.18.01 150895 0001 ", today=TODAY).nik == "1218011508950001"
    assert parse_nik("121801-150895-0001", today=TODAY).nik == "1218011508950001"


def test_century_is_the_most_recent_past_date(regency):
    assert parse_nik("1218010101260001", today=TODAY).birth_date == date(2026, 1, 1)
    # Same two-digit year as today but later in the year: not born yet in 2026, so 1926.
    assert parse_nik("1218012512260001", today=TODAY).birth_date == date(1926, 12, 25)
    assert parse_nik("1218012311260001", today=TODAY).birth_date == date(2026, 11, 23)  # born today
    assert parse_nik("1218010101270001", today=TODAY).birth_date == date(1927, 1, 1)
    assert parse_nik("1218010101990001", today=TODAY).birth_date == date(1999, 1, 1)


def test_29_february(regency):
    assert parse_nik("1218012902000001", today=TODAY).birth_date == date(2000, 2, 29)
    assert parse_nik("1218016902000001", today=TODAY).birth_date == date(2000, 2, 29)  # a woman
    assert parse_nik("1218012902960001", today=TODAY).birth_date == date(1996, 2, 29)
    assert error_code("1218012902010001") == "nik_birth_date"
    assert error_code("1218016902010001") == "nik_birth_date"


@pytest.mark.parametrize(
    "ddmmyy",
    ["000195", "320195", "400195", "410095", "720195", "011395", "310495", "710495", "300295", "990195"],
)
def test_impossible_dates(regency, ddmmyy):
    assert error_code(f"121801{ddmmyy}0001") == "nik_birth_date"


def test_unknown_district(regency):
    assert error_code("1218991508950001") == "nik_region"  # 12.18.99 does not exist
    assert error_code("0000001508950001") == "nik_region"
    with pytest.raises(ValidationError) as exc:
        parse_nik("1218991508950001", today=TODAY)
    assert "121899" in exc.value.messages[0]


def test_old_papua_code_stays_valid(old_papua):
    info = parse_nik("9101014107800005", today=TODAY)
    assert info.region_code == "91.01.01"
    assert info.sex == "P"
    assert info.birth_date == date(1980, 7, 1)


def test_serial_0000(regency):
    assert error_code("1218011508950000") == "nik_serial"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "nik_empty"),
        (None, "nik_empty"),
        ("121801150895000", "nik_length"),
        ("12180115089500011", "nik_length"),
        ("12180115O8950001", "nik_digits"),
        ("1218-01-15/08/95-0001", "nik_digits"),
        ("１２１８０１１５０８９５０００１", "nik_digits"),  # full-width digits are not ASCII digits
    ],
)
def test_shape_errors(regency, value, code):
    assert error_code(value) == code


def test_messages_are_distinct_and_indonesian(regency, old_papua):
    bad = ["12345", "abc", "1218991508950001", "1218013202950001", "1218011508950000"]
    messages = []
    for value in bad:
        with pytest.raises(ValidationError) as exc:
            parse_nik(value, today=TODAY)
        messages.append(exc.value.messages[0])
    assert len(set(messages)) == len(bad)
    assert "16 digit" in messages[0] and "5 digit" in messages[0]
    assert "angka" in messages[1]


def test_validator_and_bool(regency):
    assert is_valid_nik("1218011508950001")
    assert not is_valid_nik("1218011508950000")
    validate_nik("1218011508950001")
    with pytest.raises(ValidationError):
        validate_nik("12")
    field = models.CharField(max_length=16, validators=[validate_nik])
    with pytest.raises(ValidationError) as exc:
        field.run_validators("1218991508950001")
    assert exc.value.error_list[0].code == "nik_region"


def test_form_field_cleans_to_digits(regency):
    class Form(forms.Form):
        nik = NikField()

    form = Form(data={"nik": "1218 0115 0895 0001"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nik"] == "1218011508950001"
    form = Form(data={"nik": "1218 9915 0895 0001"})
    assert not form.is_valid()
    assert "121899" in form.errors["nik"][0]
    assert not Form(data={"nik": ""}).is_valid()
    assert 'inputmode="numeric"' in str(Form()["nik"])


def test_bulk_check_uses_the_given_codes_without_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert parse_nik("3201011508950001", today=TODAY, district_codes={"32.01.01"}).region_code == "32.01.01"
        with pytest.raises(ValidationError):
            parse_nik("3201021508950001", today=TODAY, district_codes={"32.01.01"})


districts = st.sampled_from(["12.18.01", "12.18.02"])
birth_dates = st.dates(min_value=date(1927, 1, 1), max_value=TODAY)
sexes = st.sampled_from(["L", "P"])
serials = st.integers(min_value=1, max_value=9999)
prop = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@prop
@given(region=districts, born=birth_dates, sex=sexes, serial=serials)
def test_generated_niks_parse_back(regency, region, born, sex, serial):
    nik = build_nik(region_code=region, birth_date=born, sex=sex, serial=serial)
    info = parse_nik(nik, today=TODAY)
    assert (info.region_code, info.birth_date, info.sex, int(info.serial)) == (region, born, sex, serial)


@prop
@given(region=districts, born=birth_dates, sex=sexes, serial=serials, data=st.data())
def test_changing_one_part_to_garbage_is_rejected(regency, region, born, sex, serial, data):
    nik = build_nik(region_code=region, birth_date=born, sex=sex, serial=serial)
    # Delete or add a digit, or put a letter somewhere.
    i = data.draw(st.integers(min_value=0, max_value=15))
    letter = data.draw(st.sampled_from("abcxyzOIl"))
    assert not is_valid_nik(nik[:i] + nik[i + 1 :], today=TODAY)
    assert not is_valid_nik(nik[:i] + "7" + nik[i:], today=TODAY)
    assert not is_valid_nik(nik[:i] + letter + nik[i + 1 :], today=TODAY)


@prop
@given(text=st.text(max_size=30))
def test_arbitrary_input_never_crashes(regency, text):
    try:
        info = parse_nik(text, today=TODAY)
    except ValidationError as exc:
        assert exc.code.startswith("nik_")
    else:
        assert len(info.nik) == 16 and info.birth_date <= TODAY
