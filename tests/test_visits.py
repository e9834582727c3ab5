"""Foster-home visits pro-rated in months (RULES.md "Statistics semantics"), hand-worked.

required = ⌈N × M / 12⌉, M = months placed in the period: a whole calendar month counts 1, a part
month the days placed in it / the days in that month; the frequency in force applies per day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from core.dates import add_months
from core.model import Besok, Frequency, Lovhjemmel, Tiltak, VisitKind
from core.params import Params
from core.periods import date_range, half_year, month, quarter, year
from core.report import build_report, indicator_shares
from core.report_counts import child_visits as period_visits
from core.visits import (
    child_visits,
    foster_homes,
    months_placed,
    required_visits,
    visit_summary,
    visit_window,
)
from tests.builders import case

OMSORG = Lovhjemmel("BVL2021", "5", "1")
TILSYN, OPPFOLGING = VisitKind.TILSYN, VisitKind.OPPFOLGING


def foster(start: date, end: date | None = None, *, code: str = "2.1", tid: int = 1,
           tilsyn: tuple[Frequency, ...] = ()) -> Tiltak:
    return Tiltak(sak_id=1, kategori_kode=code, startdato=start, sluttdato=end, lovhjemmel=OMSORG,
                  tilsyn_hyppighet=tilsyn, id=tid)


def owed(t: Tiltak, start: date, end: date, kind: VisitKind = TILSYN) -> Fraction:
    return required_visits(t, kind, start, end)


ALWAYS = foster(date(2015, 1, 1))  # placed long before every period below, 4 a year


# --- the examples of RULES.md ---------------------------------------------------------------------


def test_a_full_half_year_at_four_a_year_owes_exactly_two():
    # days/365 gave 181 × 4 / 365 = 1.98 and 184 × 4 / 365 = 2.02 → 3: the old defect
    assert owed(ALWAYS, date(2026, 1, 1), date(2026, 6, 30)) == 2
    assert owed(ALWAYS, date(2026, 7, 1), date(2026, 12, 31)) == 2
    s = visit_summary(case(tiltak=[ALWAYS]), ALWAYS, TILSYN, date(2026, 7, 1), date(2026, 12, 31))
    assert (s.days_placed, s.months_placed, s.required) == (184, 6, 2)


def test_a_full_quarter_owes_one():
    for q in range(1, 5):
        p = quarter(2026, q)
        assert owed(ALWAYS, p.start, p.end) == 1, p.label


def test_july_2023_to_june_2024_owes_four():
    assert owed(ALWAYS, date(2023, 7, 1), date(2024, 6, 30)) == 4  # across a leap February


def test_2023_and_2024_owe_eight():
    assert owed(ALWAYS, date(2023, 1, 1), date(2024, 12, 31)) == 8


def test_placed_two_of_six_months_owes_one():
    t = foster(date(2026, 5, 1))
    assert months_placed(t, date(2026, 1, 1), date(2026, 6, 30)) == 2
    exact = owed(t, date(2026, 1, 1), date(2026, 6, 30))
    assert exact == Fraction(2, 3)  # 4 × 2 / 12 = 0.67 → 1
    assert visit_summary(case(tiltak=[t]), t, TILSYN, date(2026, 1, 1),
                         date(2026, 6, 30)).required == 1


def test_placed_16_november_to_31_december_owes_one():
    t = foster(date(2026, 11, 16))
    # November: 15 of 30 days = 1/2; December whole = 1 → 1.5 months; 4 × 1.5 / 12 = 0.5 → 1
    assert months_placed(t, date(2026, 7, 1), date(2026, 12, 31)) == Fraction(3, 2)
    assert owed(t, date(2026, 7, 1), date(2026, 12, 31)) == Fraction(1, 2)
    assert visit_summary(case(tiltak=[t]), t, TILSYN, date(2026, 7, 1),
                         date(2026, 12, 31)).required == 1


# --- leap years, frequency changes, ends ----------------------------------------------------------


def test_leap_february_is_one_month_like_any_other():
    assert months_placed(ALWAYS, date(2024, 2, 1), date(2024, 2, 29)) == 1
    assert owed(ALWAYS, date(2024, 2, 1), date(2024, 2, 29)) == Fraction(1, 3)
    assert owed(ALWAYS, date(2023, 2, 1), date(2023, 2, 28)) == Fraction(1, 3)
    # placed 15.02.2024: 15 of 29 days (15–29 February), then March whole
    t = foster(date(2024, 2, 15))
    assert months_placed(t, date(2024, 1, 1), date(2024, 3, 31)) == Fraction(15, 29) + 1
    assert owed(t, date(2024, 1, 1), date(2024, 3, 31)) == Fraction(4, 12) * (Fraction(15, 29)
                                                                               + 1)
    # the whole leap year owes exactly N
    assert owed(ALWAYS, date(2024, 1, 1), date(2024, 12, 31)) == 4


def test_frequency_change_in_the_middle_of_a_month():
    t = foster(date(2026, 1, 1),
               tilsyn=(Frequency(date(2026, 1, 1), 4), Frequency(date(2026, 3, 16), 2)))
    # March: 1–15 at 4 (15/31 of a month), 16–31 at 2 (16/31): (4 × 15 + 2 × 16) / (31 × 12)
    march = Fraction(4 * 15 + 2 * 16, 31 * 12)
    assert march == Fraction(23, 93)
    assert owed(t, date(2026, 3, 1), date(2026, 3, 31)) == march
    # 2026: January–February at 4 (8/12), March as above, April–December at 2 (18/12)
    year_2026 = owed(t, date(2026, 1, 1), date(2026, 12, 31))
    assert year_2026 == Fraction(8, 12) + march + Fraction(18, 12) == Fraction(449, 186)
    assert visit_summary(case(tiltak=[t]), t, TILSYN, date(2026, 1, 1),
                         date(2026, 12, 31)).required == 3  # 2.41 → 3
    # the other kind keeps the standard 4
    assert owed(t, date(2026, 1, 1), date(2026, 12, 31), OPPFOLGING) == 4


def test_placement_ending_mid_month_and_no_overlap():
    t = foster(date(2025, 6, 1), date(2026, 4, 15))
    # Jan–Mar whole (3) + 1–15 April (15/30) = 3.5 months → 4 × 3.5 / 12 = 7/6 → 2
    assert months_placed(t, date(2026, 1, 1), date(2026, 6, 30)) == Fraction(7, 2)
    assert owed(t, date(2026, 1, 1), date(2026, 6, 30)) == Fraction(7, 6)
    assert owed(t, date(2026, 7, 1), date(2026, 12, 31)) == 0
    assert months_placed(t, date(2026, 7, 1), date(2026, 12, 31)) == 0


# --- one child, several foster homes; the window of a report period -------------------------------


def test_a_child_moving_between_homes_owes_the_sum_rounded_once():
    first = foster(date(2025, 1, 1), date(2026, 2, 14), tid=1)
    second = foster(date(2026, 2, 15), code="2.5", tid=2)
    visits = [Besok(1, TILSYN, date(2026, 1, 10), id=1), Besok(2, TILSYN, date(2026, 3, 1), id=2)]
    c = case(tiltak=[first, second], besok=visits)
    assert foster_homes(c, date(2026, 1, 1), date(2026, 3, 31)) == [first, second]
    got = child_visits(c, TILSYN, date(2026, 1, 1), date(2026, 3, 31))
    # 14/28 + 14/28 of February between the two homes: 3 months in all → exactly 1
    assert (got.required_exact, got.required, got.done, got.compliant) == (1, 1, 2, True)


def test_the_visit_window_of_a_report_period():
    # shorter than a year: the 12 months ending on the period's last day
    assert visit_window(date(2026, 6, 1), date(2026, 6, 30)) == (date(2025, 7, 1),
                                                               date(2026, 6, 30))
    h1 = half_year(2026, 1)
    assert visit_window(h1.start, h1.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert visit_window(date(2026, 1, 1), date(2026, 11, 23)) == (date(2025, 11, 24),
                                                                date(2026, 11, 23))
    assert visit_window(date(2028, 2, 1), date(2028, 2, 29)) == (date(2027, 3, 1),
                                                               date(2028, 2, 29))
    # a year or longer: the period itself
    assert visit_window(date(2025, 1, 1), date(2025, 12, 31)) == (date(2025, 1, 1),
                                                                date(2025, 12, 31))
    assert visit_window(date(2023, 1, 1), date(2024, 12, 31)) == (date(2023, 1, 1),
                                                                date(2024, 12, 31))


def test_a_month_report_judges_the_rolling_year():
    t = foster(date(2020, 1, 1))
    quarterly = [date(2025, 8, 1), date(2025, 11, 1), date(2026, 2, 1), date(2026, 5, 1)]
    c = case(tiltak=[t], besok=[Besok(1, TILSYN, d, id=i) for i, d in enumerate(quarterly, 1)])
    # June 2026 had no visit, yet the child got 4 of 4 in the 12 months to 30.06.2026
    june = period_visits(c, TILSYN, month(2026, 6))
    assert june is not None and (june.required, june.done, june.compliant) == (4, 4, True)
    shares = indicator_shares([c], month(2026, 6), date(2026, 6, 30), Params.defaults())
    assert (shares["besok_tilsyn"].numerator, shares["besok_tilsyn"].denominator) == (1, 1)
    assert (shares["besok_oppfolging"].numerator,
            shares["besok_oppfolging"].denominator) == (0, 1)  # no oppfølging at all
    # the year 2026 is judged on its own: 2 of 4 done
    whole = period_visits(c, TILSYN, year(2026))
    assert whole is not None and (whole.required, whole.done) == (4, 2)
    # a child not in a foster home during the period is not counted
    gone = case(tiltak=[foster(date(2025, 1, 1), date(2026, 4, 30))])
    assert period_visits(gone, TILSYN, month(2026, 6)) is None


def test_a_child_placed_less_than_the_window_is_pro_rated():
    t = foster(date(2026, 4, 16))  # 15/30 of April, May, June: 2.5 months → 10/12 → 1
    c = case(tiltak=[t], besok=[Besok(1, TILSYN, date(2026, 6, 2), id=1)])
    june = period_visits(c, TILSYN, month(2026, 6))
    assert june is not None
    assert (june.required_exact, june.required, june.compliant) == (Fraction(5, 6), 1, True)


def test_the_besok_table_and_the_indicators_count_the_same_children():
    homes = [foster(date(2020, 1, 1)), foster(date(2026, 6, 20), code="2.5"),
             foster(date(2024, 1, 1), date(2026, 5, 31), code="2.6")]  # gone before June
    cases = [case(tiltak=[t], besok=[Besok(1, TILSYN, date(2026, 6, 25), id=1)]) for t in homes]
    report = build_report(cases, month(2026, 6), date(2026, 6, 30), Params.defaults(),
                          generated_at=datetime(2026, 7, 1), generated_by="x")
    table = report.table("besok_fordeling")
    assert table.title == ("Barn i fosterhjem etter antall besøk siste 12 måneder "
                           "(01.07.2025–30.06.2026)")
    by_kind = {r[0]: r[1:] for r in table.rows}
    # 2020 home: 1 of 4 tilsyn; beredskapshjem from 20.06: 11/30 month → 0.12 → 1, 1 done
    assert by_kind["Tilsynsbesøk"][5:7] == [2, 1]
    assert report.indicator("besok_tilsyn").share.numerator == 1
    assert report.indicator("besok_tilsyn").share.denominator == 2
    assert "12 månedene som slutter på periodens siste dag" in report.indicator(
        "besok_tilsyn").definition


# --- properties -----------------------------------------------------------------------------------

starts = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@given(starts, st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=40),
       st.sampled_from([2, 4]), st.sampled_from([2, 4]), st.integers(min_value=0, max_value=900))
def test_splitting_at_a_month_boundary_adds_up_exactly(start, before, after, n1, n2, change):
    t = foster(start, tilsyn=(Frequency(start, n1),
                              Frequency(start + timedelta(days=change), n2)))
    cut = add_months(date(start.year, start.month, 1), before + 1)  # a month start after start
    end = add_months(cut, after) - timedelta(days=1)
    whole = owed(t, start, end)
    parts = owed(t, start, cut - timedelta(days=1)) + owed(t, cut, end)
    assert whole == parts
    assert months_placed(t, start, end) == (months_placed(t, start, cut - timedelta(days=1))
                                            + months_placed(t, cut, end))


@given(st.integers(min_value=2000, max_value=2040), st.integers(min_value=1, max_value=12),
       st.sampled_from([2, 4]))
def test_twelve_whole_months_at_n_owe_exactly_n(y, m, n):
    start = date(y, m, 1)
    t = foster(date(1999, 1, 1), tilsyn=(Frequency(date(1999, 1, 1), n),))
    end = add_months(start, 12) - timedelta(days=1)
    assert months_placed(t, start, end) == 12
    assert owed(t, start, end) == n
    assert owed(t, date(y, 1, 1), date(y, 12, 31)) == n


@given(starts, st.integers(min_value=0, max_value=800))
def test_required_grows_with_the_period_and_never_exceeds_the_months(start, length):
    end = start + timedelta(days=length)
    t = foster(start)
    exact = owed(t, start, end)
    months = months_placed(t, start, end)
    assert exact == 4 * months / 12
    assert months <= Fraction(length + 1, 28)
    assert owed(t, start, end + timedelta(days=1)) > exact


def test_date_range_and_unit_periods_give_the_same_window():
    r = date_range(date(2026, 6, 1), date(2026, 6, 30))
    assert visit_window(r.start, r.end) == visit_window(month(2026, 6).start,
                                                        month(2026, 6).end)
