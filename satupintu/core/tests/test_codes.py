from hypothesis import given
from hypothesis import strategies as st

from satupintu.core.codes import ALPHABET, TrackingCode

ADU = TrackingCode("ADU")


@given(
    st.text(alphabet=ALPHABET, min_size=8, max_size=8),
    st.sampled_from(["{p}-{a}-{b}", "{p} {a}{b}", "{a}-{b}", " {pl}{a}{b} "]),
)
def test_what_people_type_reads_back_to_the_stored_form(body, shape):
    stored = f"ADU-{body[:4]}-{body[4:]}"
    typed = shape.format(p="ADU", pl="adu", a=body[:4].lower(), b=body[4:])
    assert ADU.normalize(typed) == stored


def test_lookalike_letters_are_read_as_digits_and_other_kinds_refused():
    assert ADU.normalize("ADU-0I0L-000O") == "ADU-0101-0000"
    assert ADU.normalize("ADU-0000-000U") == ""  # U is not in the alphabet
    assert ADU.normalize("PPID-1234-5678") == ""  # another kind's prefix leaves too many symbols
    assert ADU.normalize("") == "" and ADU.normalize(None) == ""


def test_new_codes_are_random_and_well_formed():
    codes = {ADU.new() for _ in range(200)}
    assert len(codes) == 200
    assert all(ADU.normalize(code) == code for code in codes)
