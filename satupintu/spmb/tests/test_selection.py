"""The selection (spmb/selection.py): hand-computed small cases for each rule and tie-break, and hypothesis
properties over random markets: no child twice, no seat over capacity, no justified envy, quotas within the rules,
the same input gives the same output."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from satupintu.spmb import selection as sel
from satupintu.spmb.selection import AFIRMASI, DOMISILI, MUTASI, PRESTASI, SD, SMP, Child, Rules, School

RULES = Rules(reference_date=date(2026, 7, 1))
# One degree of latitude is about 111 km: children on the school's meridian, 0.001 deg = ~111 m apart.
SMP1 = School(1, SMP, 3.0, 99.0, frozenset({"A"}))
SMP2 = School(2, SMP, 3.1, 99.0, frozenset({"A", "B"}))
SD1 = School(3, SD, 3.0, 99.0, frozenset({"A"}))


def kid(cid, *, lat=3.001, born=date(2013, 3, 1), order=None, village="A", choices=((1, DOMISILI),), **kw):
    return Child(id=cid, birth_date=born, order=cid if order is None else order, lat=lat, lon=99.0, village=village,
                 choices=tuple(choices), **kw)


def outcome(result, cid):
    return next(o for o in result.outcomes if o.child == cid)


# --- hand-computed cases ------------------------------------------------------------------------------------------
def test_smp_domisili_nearest_first():
    kids = [kid(1, lat=3.003), kid(2, lat=3.001), kid(3, lat=3.002)]
    r = sel.select([SMP1], {(1, DOMISILI): 2}, kids, RULES)
    assert [outcome(r, c).school for c in (1, 2, 3)] == [None, 1, 1]
    assert outcome(r, 1).rule == sel.RULE_NOT_ADMITTED_RANK
    assert outcome(r, 1).refusals == (sel.Refusal(1, DOMISILI, sel.REFUSED_FULL),)
    assert outcome(r, 2).rule == sel.RULE_ADMITTED_DISTANCE and outcome(r, 2).choice == 1
    (cut,) = r.cutoffs
    assert (cut.seats, cut.admitted) == (2, 2)
    assert 221 <= cut.distance_m <= 224  # the last admitted: 0.002 degrees of latitude, about 222 m


def test_smp_equal_distance_goes_to_the_older_child():
    kids = [kid(1, born=date(2013, 5, 1)), kid(2, born=date(2013, 1, 1))]
    r = sel.select([SMP1], {(1, DOMISILI): 1}, kids, RULES)
    assert outcome(r, 2).school == 1 and outcome(r, 1).school is None
    assert r.cutoffs[0].birth_date == date(2013, 1, 1)


def test_smp_equal_distance_and_age_goes_to_the_earlier_registration():
    kids = [kid(1, order=20), kid(2, order=10)]
    r = sel.select([SMP1], {(1, DOMISILI): 1}, kids, RULES)
    assert outcome(r, 2).school == 1 and outcome(r, 1).school is None


def test_sd_children_of_seven_come_before_nearer_younger_ones():
    near_six = kid(1, lat=3.0005, born=date(2020, 1, 1), choices=((3, DOMISILI),))  # 6 y 6 m on 1 July
    far_seven = kid(2, lat=3.009, born=date(2019, 6, 1), choices=((3, DOMISILI),))  # 7 y 1 m
    r = sel.select([SD1], {(3, DOMISILI): 1}, [near_six, far_seven], RULES)
    assert outcome(r, 2).school == 3 and outcome(r, 2).rule == sel.RULE_ADMITTED_AGE
    assert outcome(r, 1).school is None
    # Among the under-sevens, distance decides.
    a = kid(4, lat=3.002, born=date(2020, 2, 1), choices=((3, DOMISILI),))
    b = kid(5, lat=3.001, born=date(2020, 3, 1), choices=((3, DOMISILI),))
    r = sel.select([SD1], {(3, DOMISILI): 1}, [a, b], RULES)
    assert outcome(r, 5).school == 3 and outcome(r, 5).rule == sel.RULE_ADMITTED_DISTANCE


def test_sd_under_six_refused_unless_psychologist_from_five_and_a_half():
    five_and_eight = date(2020, 11, 1)  # 5 y 8 m on 1 July 2026
    five_and_three = date(2021, 4, 1)
    kids = [kid(1, born=five_and_eight, choices=((3, DOMISILI),)),
            kid(2, born=five_and_eight, choices=((3, DOMISILI),), young_exception=True),
            kid(3, born=five_and_three, choices=((3, DOMISILI),), young_exception=True)]
    r = sel.select([SD1], {(3, DOMISILI): 5}, kids, RULES)
    assert outcome(r, 1).school is None and outcome(r, 1).refusals[0].reason == sel.REFUSED_AGE_YOUNG
    assert outcome(r, 1).rule == sel.RULE_NOT_ADMITTED_ELIGIBILITY
    assert outcome(r, 2).school == 3
    assert outcome(r, 3).school is None


def test_smp_older_than_fifteen_refused():
    r = sel.select([SMP1], {(1, DOMISILI): 5}, [kid(1, born=date(2010, 6, 1))], RULES)
    assert outcome(r, 1).refusals[0].reason == sel.REFUSED_AGE_OLD


def test_domisili_needs_the_area_and_a_domicile_basis():
    kids = [kid(1, village="B"), kid(2, domicile_ok=False), kid(3)]
    r = sel.select([SMP1], {(1, DOMISILI): 5}, kids, RULES)
    assert outcome(r, 1).refusals[0].reason == sel.REFUSED_AREA
    assert outcome(r, 2).refusals[0].reason == sel.REFUSED_DOMICILE
    assert outcome(r, 3).school == 1


def test_prestasi_by_score_then_distance():
    kids = [kid(1, lat=3.001, choices=((1, PRESTASI),), proofs=frozenset({PRESTASI}), score=88.5),
            kid(2, lat=3.009, choices=((1, PRESTASI),), proofs=frozenset({PRESTASI}), score=91.0),
            kid(3, lat=3.002, choices=((1, PRESTASI),), proofs=frozenset({PRESTASI}), score=88.5),
            kid(4, lat=3.0001, choices=((1, PRESTASI),), score=99.0)]  # proof not verified
    r = sel.select([SMP1], {(1, PRESTASI): 2, (1, DOMISILI): 0}, kids, Rules(RULES.reference_date,
                                                                               unused_to_domisili=False))
    assert outcome(r, 2).school == 1 and outcome(r, 2).rule == sel.RULE_ADMITTED_SCORE
    assert outcome(r, 1).school == 1 and outcome(r, 3).school is None
    assert outcome(r, 4).refusals[0].reason == sel.REFUSED_PROOF
    assert next(c for c in r.cutoffs if c.track == PRESTASI).score == 88.5


def test_deferred_acceptance_moves_a_child_down_its_list():
    """Child 1 prefers SMP1 but is nearest nowhere; child 2 displaces it; it falls to SMP2 (its second choice)."""
    c1 = kid(1, lat=3.004, choices=((1, DOMISILI), (2, DOMISILI)))
    c2 = kid(2, lat=3.002, choices=((1, DOMISILI),))
    c3 = kid(3, lat=3.2, choices=((2, DOMISILI),))  # far from SMP2 (3.1): ~11 km; c1 is ~10.7 km
    r = sel.select([SMP1, SMP2], {(1, DOMISILI): 1, (2, DOMISILI): 1}, [c1, c2, c3], RULES)
    assert outcome(r, 2).school == 1
    assert (outcome(r, 1).school, outcome(r, 1).choice) == (2, 2)
    assert outcome(r, 1).refusals == (sel.Refusal(1, DOMISILI, sel.REFUSED_FULL),)
    assert outcome(r, 3).school is None


def test_unused_seats_go_to_domisili_when_the_setting_says_so():
    kids = [kid(1, lat=3.001), kid(2, lat=3.002), kid(3, lat=3.003, choices=((1, AFIRMASI),),
                                                          proofs=frozenset({AFIRMASI}))]
    seats = {(1, DOMISILI): 1, (1, AFIRMASI): 2, (1, MUTASI): 1}
    r = sel.select([SMP1], seats, kids, RULES)
    assert r.seats == {(1, AFIRMASI): 1, (1, DOMISILI): 3, (1, MUTASI): 0}
    assert {outcome(r, c).school for c in (1, 2, 3)} == {1}
    kept = sel.select([SMP1], seats, kids, Rules(RULES.reference_date, unused_to_domisili=False))
    assert kept.seats == seats and outcome(kept, 2).school is None


def test_quota_settings_and_seat_split():
    assert sel.quota_errors(SD, {DOMISILI: 80, AFIRMASI: 15, MUTASI: 5}) == []
    assert sel.quota_errors(SD, {DOMISILI: 65, AFIRMASI: 25, MUTASI: 10}) == ["domisili<70", "mutasi>5"]
    assert sel.quota_errors(SMP, {DOMISILI: 40, AFIRMASI: 20, PRESTASI: 25, MUTASI: 5}) == ["sum!=100"]
    assert sel.split_seats(32, SMP, {DOMISILI: 45, AFIRMASI: 25, PRESTASI: 25, MUTASI: 5}) == {
        DOMISILI: 15, AFIRMASI: 8, PRESTASI: 8, MUTASI: 1}
    assert sel.split_seats(28, SD, {DOMISILI: 80, AFIRMASI: 15, MUTASI: 5}) == {DOMISILI: 23, AFIRMASI: 4, MUTASI: 1}


def test_haversine_one_degree_of_latitude():
    assert 111_000 < sel.haversine_m(3.0, 99.0, 4.0, 99.0) < 111_400


# --- properties ---------------------------------------------------------------------------------------------------
PCTS = {SD: {DOMISILI: 75, AFIRMASI: 20, MUTASI: 5}, SMP: {DOMISILI: 45, AFIRMASI: 25, PRESTASI: 25, MUTASI: 5}}


@st.composite
def markets(draw):
    n_schools = draw(st.integers(1, 5))
    schools = []
    seats = {}
    for i in range(1, n_schools + 1):
        level = draw(st.sampled_from([SD, SMP]))
        area = frozenset(draw(st.sets(st.sampled_from("ABC"), min_size=1)))
        schools.append(School(i, level, 3 + draw(st.integers(0, 50)) / 1000, 99.0, area))
        for track, n in sel.split_seats(draw(st.integers(0, 12)), level, PCTS[level]).items():
            seats[(i, track)] = n
    seat_list = sorted(seats)
    children = []
    for cid in range(1, draw(st.integers(0, 40)) + 1):
        choices = draw(st.lists(st.sampled_from(seat_list), min_size=1, max_size=3, unique=True))
        children.append(Child(
            id=cid,
            birth_date=date(draw(st.sampled_from([2010, 2013, 2014, 2019, 2020, 2021])), draw(st.integers(1, 12)),
                            draw(st.integers(1, 28))),
            order=draw(st.integers(0, 5)),  # many ties on purpose
            lat=3 + draw(st.integers(0, 20)) / 1000, lon=99.0 + draw(st.integers(0, 3)) / 1000,
            village=draw(st.sampled_from("ABC")), choices=tuple(choices),
            domicile_ok=draw(st.booleans()),
            proofs=frozenset(draw(st.sets(st.sampled_from([AFIRMASI, MUTASI, PRESTASI])))),
            score=draw(st.sampled_from([70.0, 80.5, 90.0])), young_exception=draw(st.booleans()),
        ))
    unused = draw(st.booleans())
    return schools, seats, children, Rules(date(2026, 7, 1), unused_to_domisili=unused)


@settings(max_examples=300, deadline=None)
@given(markets())
def test_properties_of_the_assignment(market):
    schools, seats, children, rules = market
    result = sel.select(schools, seats, children, rules)
    # Every child exactly once; admitted only to a seat it chose.
    assert sorted(o.child for o in result.outcomes) == sorted(c.id for c in children)
    by_child = {c.id: c for c in children}
    taken: dict = {}
    for o in result.outcomes:
        if o.school is not None:
            assert (o.school, o.track) == by_child[o.child].choices[o.choice - 1]
            taken[(o.school, o.track)] = taken.get((o.school, o.track), 0) + 1
    # No seat over capacity; seats only move into domisili of the same school, and only with the setting.
    for seat, n in taken.items():
        assert n <= result.seats[seat]
    for school in schools:
        before = sum(n for (s, _t), n in seats.items() if s == school.id)
        after = sum(n for (s, _t), n in result.seats.items() if s == school.id)
        assert before == after
        for track in sel.LEVEL_TRACKS[school.level]:
            if track != DOMISILI:
                assert result.seats[(school.id, track)] <= seats[(school.id, track)]
                if not rules.unused_to_domisili:
                    assert result.seats[(school.id, track)] == seats[(school.id, track)]
    # No justified envy.
    assert sel.stable_violations(children, result) == []
    # The keys the run ranked by are the published rule (`rank_key`, also what the live ranking sorts by).
    schools_by_id = {s.id: s for s in schools}
    for (cid, school_id, track), key in result.keys.items():
        child, school = by_child[cid], schools_by_id[school_id]
        distance = sel.haversine_m(child.lat, child.lon, school.lat, school.lon)
        assert key == sel.rank_key(child, school, track, rules, distance)
        assert sel.refusal_reason(child, school, track, rules) is None
    # The cut-off of a seat is the last admitted there.
    for cut in result.cutoffs:
        assert cut.admitted == taken.get((cut.school, cut.track), 0)
    # Deterministic: the same data in another order gives the same bytes.
    again = sel.select(list(reversed(schools)), dict(reversed(list(seats.items()))), list(reversed(children)), rules)
    assert again.digest() == result.digest()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([SD, SMP]), st.integers(0, 2000))
def test_seat_split_stays_within_the_quota_rules(level, capacity):
    seats = sel.split_seats(capacity, level, PCTS[level])
    assert sum(seats.values()) == capacity
    for track, (low, high) in sel.BOUNDS[level].items():
        if high is not None:
            assert seats[track] * 100 <= high * capacity
        if low is not None:
            # Rounding to whole seats: never more than one seat below the configured share.
            assert seats[track] >= capacity * PCTS[level][track] / 100 - 1
