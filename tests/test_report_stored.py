"""The report counts from the stored deadlines (no recomputation, in SQL: tests/test_report_sql.py
compares every figure in depth), and the case files behind it, read only when asked for, are
only those its periods can count: every figure equals the one the pure ``core.report`` computes
from every case file of the register alone."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.periods import month, tertial, year
from core.report import build_report, indicator_shares
from service import sign_in
from service.reports import load_report
from tests.conftest import DEMO_PASSWORD, DEMO_TODAY, DEMO_USER

AT = datetime(2026, 11, 23, 12, 0)


def _figures(report):
    return ([(i.key, i.numerator, i.denominator, i.previous, i.last_year)
             for i in report.indicators],
            [(f.key, f.value) for f in report.live],
            [(t.key, t.rows) for t in report.tables])


@pytest.fixture(scope="module")
def five_years(tmp_path_factory):
    """A demo municipality with five years of cases: (path, every case file)."""
    from service import create_demo_register

    path = tmp_path_factory.mktemp("fem") / "demo.db"
    reg = create_demo_register(path, DEMO_TODAY, children_per_year=25, years=5, seed=11)
    try:
        return path, list(reg.repository_for_report().iter_cases())
    finally:
        reg.close()


@pytest.fixture
def register(five_years):
    reg = sign_in(five_years[0], DEMO_USER, DEMO_PASSWORD, today=lambda: DEMO_TODAY,
                  daily_backup=False)
    yield reg
    reg.close()


@pytest.mark.parametrize("period", [month(2026, 10), tertial(2026, 2), year(2025), year(2026),
                                    month(2024, 2), month(2023, 5), tertial(2022, 3),
                                    year(2022)])
def test_a_report_from_the_stored_deadlines_of_the_cases_it_can_count_is_exact(
        register, five_years, period):
    everything = five_years[1]
    data = load_report(register, period, history=3)
    pure = build_report(everything, period, data.report.measured, data.params,
                        generated_at=AT, generated_by="x",  # every case, deadlines computed
                        local_rules=register.repository_for_report().local_rules())
    assert _figures(data.report) == _figures(pure)
    for earlier in data.history:
        shares = indicator_shares(everything, earlier.period, earlier.period.end, data.params)
        assert [(i.numerator, i.denominator) for i in earlier.indicators] == [
            (shares[i.key].numerator, shares[i.key].denominator) for i in earlier.indicators]


def test_a_recent_period_loads_fewer_cases_than_the_register_holds(register, five_years):
    data = load_report(register, month(2026, 10), history=0)
    assert 0 < len(data.cases) < len(five_years[1])
    recent = build_report(data.cases, month(2026, 10), data.report.measured, data.params,
                          generated_at=AT, generated_by="x",
                          local_rules=register.repository_for_report().local_rules())
    assert _figures(recent) == _figures(data.report)  # they are all the report needs


def test_the_stored_deadlines_leave_out_only_the_explanations(demo_register):
    repo = demo_register.repository_for_report()
    grouped = repo.deadlines_by_case()
    full = repo.all_deadlines()
    assert sum(len(v) for v in grouped.values()) == len(full) > 0
    assert all(d.forklaring == "" for v in grouped.values() for d in v)
    first = full[0]
    twin = next(d for d in grouped[first.sak_id] if d.key == first.key)
    assert (twin.frist, twin.oppfylt_dato, twin.rule_id) == (first.frist, first.oppfylt_dato,
                                                             first.rule_id)
    assert date(2026, 1, 1) > min(d.frist for d in full)
