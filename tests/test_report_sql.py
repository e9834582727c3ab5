"""The report counted in SQL (``storage.report_queries``) equals the pure ``core.report`` over
every case file: every indicator with its previous and last-year share, the live figures, every
table (keys, titles, columns, rows, notes) and the history scorecards, on generated registers of
several sizes and dates (real SQLite files), for months, quarters, tertials, half-years, years and
date ranges, measured on their last day or «så langt». Also the detail list, the foster-home
visits counted in whole units, and the register's report that loads no case file."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.demo import generate_municipality
from core.local_rules import MOSS_EXAMPLES
from core.model import (
    Besok,
    CaseFile,
    Frequency,
    Lovhjemmel,
    Tiltak,
    VisitKind,
)
from core.periods import (
    REPORT_MAX_YEARS,
    Period,
    date_range,
    half_year,
    month,
    quarter,
    tertial,
    year,
)
from core.report import (
    build_detail_rows,
    build_report,
    count_report,
    indicator_shares,
    scorecard_report,
)
from core.report_counts import FosterChild, child_visits
from service import create_demo_register, sign_in
from service.reports import ExportOptions, export_report, load_report
from storage import open_repository
from storage.errors import StorageError
from storage.records import Caseworker
from tests.builders import case
from tests.conftest import DEMO_PASSWORD, DEMO_USER

AT = datetime(2026, 11, 23, 12, 0)

#: (today, children a year, years, seed): small municipalities of several sizes and dates.
REGISTERS = [
    (date(2026, 11, 23), 14, 3, 1),
    (date(2025, 2, 28), 30, 5, 7),
    (date(2024, 6, 15), 45, 3, 3),
]


# --- generated registers, with the odd cases a real register holds --------------------------


def _odd(cases: tuple[CaseFile, ...], seed: int) -> tuple[list[CaseFile], set[str]]:
    """The generated cases with what the generator never makes: meldinger without a melder,
    children without a birth date (DUF), born on 29 February or after a melding (termin),
    caseworker names with spaces or none, legal bases with spaces, care orders under bvl 1992,
    unknown and housing codes, frequency changes. Returns the cases and the extra caseworkers."""
    rng = random.Random(seed)
    extra: set[str] = set()
    result = []
    for file in cases:
        sak, meldinger, tiltak = file.sak, list(file.meldinger), list(file.tiltak)
        roll = rng.random()
        if roll < 0.05:
            sak = replace(sak, fodselsdato=None, fodselsnummer="", duf_nummer="120000000001")
        elif roll < 0.08:
            sak = replace(sak, fodselsdato=date(2008, 2, 29))
        elif roll < 0.11 and meldinger:
            sak = replace(sak, fodselsdato=meldinger[0].mottatt + timedelta(days=40))
        if rng.random() < 0.06:
            name = rng.choice([f" {sak.saksbehandler} ", ""])
            extra.add(name)
            sak = replace(sak, saksbehandler=name)
        meldinger = [replace(m, melder=()) if rng.random() < 0.08 else m for m in meldinger]
        changed = []
        for t in tiltak:
            roll = rng.random()
            if roll < 0.08:
                t = replace(t, lovhjemmel=Lovhjemmel("BVL2021", " 3", "1"))
            elif roll < 0.12:
                t = replace(t, lovhjemmel=Lovhjemmel("BVL", "4", "8", "2"))
            elif roll < 0.15:
                t = replace(t, kategori_kode=rng.choice(["8.2", "9.9"]))
            elif roll < 0.18:
                t = replace(t, lovhjemmel=Lovhjemmel("BVL2021", "", ""))
            if t.er_fosterhjem and rng.random() < 0.3:
                start = t.startdato + timedelta(days=rng.randint(20, 400))
                t = replace(t, tilsyn_hyppighet=(Frequency(start, rng.randint(1, 12)),),
                            oppfolging_hyppighet=(
                                Frequency(t.startdato, rng.randint(1, 12)),
                                Frequency(start + timedelta(days=rng.randint(1, 90)),
                                          rng.randint(1, 12))))
            changed.append(t)
        result.append(replace(file, sak=sak, meldinger=tuple(meldinger), tiltak=tuple(changed)))
    return result, extra


@pytest.fixture(scope="module", params=REGISTERS, ids=lambda r: f"{r[0]}-{r[1]}x{r[2]}")
def register(request, tmp_path_factory):
    """A generated register on a real SQLite file: (repository, every case file, params,
    today)."""
    today, per_year, years, seed = request.param
    town = generate_municipality(today=today, children_per_year=per_year, years=years, seed=seed)
    cases, extra = _odd(town.cases, seed)
    path = tmp_path_factory.mktemp("sql") / "register.db"
    repo = open_repository(path, "test")
    staff = [Caseworker(c.navn, c.team, True, c.er_leder) for c in town.caseworkers]
    for spec in MOSS_EXAMPLES:  # the local milestones, from long before the first case
        repo.save_milestone(replace(spec, gjelder_fra=date(2000, 1, 1)))
    repo.import_cases(cases, [*staff, *(Caseworker(n, "", True, False) for n in extra)])
    everything = list(repo.iter_cases())
    yield repo, everything, repo.params(), today
    repo.close()


def _sql(repo, period: Period, measured: date, earlier=()):
    with repo.snapshot():
        return repo.report_queries().figures(period, measured, earlier)


# --- strategies -----------------------------------------------------------------------------------


@st.composite
def periods(draw, today: date) -> Period:
    """A period that has begun by ``today``: a month, quarter, tertial, half-year, year or a
    date range of up to five years."""
    kind = draw(st.sampled_from(["month", "quarter", "tertial", "half", "year", "range"]))
    y = draw(st.integers(today.year - 4, today.year))
    if kind == "range":
        start = draw(st.dates(date(today.year - 4, 1, 1), today))
        days = draw(st.one_of(st.integers(0, 120), st.integers(0, 365 * REPORT_MAX_YEARS - 5)))
        return date_range(start, start + timedelta(days=days))
    if kind == "year":
        p = year(y)
    elif kind == "half":
        p = half_year(y, draw(st.integers(1, 2)))
    elif kind == "tertial":
        p = tertial(y, draw(st.integers(1, 3)))
    elif kind == "quarter":
        p = quarter(y, draw(st.integers(1, 4)))
    else:
        p = month(y, draw(st.integers(1, 12)))
    return p if p.start <= today else month(today.year, today.month)


@st.composite
def measured_on(draw, period: Period, today: date) -> date:
    """The measurement date: the period's end or today (whichever comes first), or a day the
    leader chose within the period («så langt»)."""
    last = min(period.end, today)
    return draw(st.one_of(st.just(last), st.dates(period.start, last)))


def _earlier(period: Period, count: int) -> list[Period]:
    result, p = [], period
    for _ in range(count):
        p = p.previous().previous()
        result.append(p)
    return result


# --- the equality ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_figure_counted_in_sql_equals_the_pure_count_over_every_case_file(register, data):
    repo, everything, params, today = register
    period = data.draw(periods(today), label="period")
    measured = data.draw(measured_on(period, today), label="measured")
    earlier = _earlier(period, data.draw(st.integers(0, 3), label="history"))
    figures, history = _sql(repo, period, measured, earlier)
    pure = count_report(everything, period, measured, params,  # deadlines computed here
                        local_rules=repo.local_rules())
    assert figures.sections.keys() == pure.sections.keys()
    for name, tables in pure.sections.items():
        assert figures.sections[name] == tables, name
    assert (figures.shares, figures.previous, figures.last_year) == (
        pure.shares, pure.previous, pure.last_year)
    assert figures.live == pure.live
    assert figures.case_count == pure.case_count == len(everything)
    assert history == [indicator_shares(everything, p, p.end, params) for p in earlier]


@pytest.mark.parametrize("kind", ["month", "tertial", "year", "range"])
def test_a_running_period_is_counted_so_far_as_the_pure_report_counts_it(register, kind):
    repo, everything, params, today = register
    period = {"month": month(today.year, today.month),
              "tertial": tertial(today.year, (today.month - 1) // 4 + 1),
              "year": year(today.year),
              "range": date_range(today - timedelta(days=200), today + timedelta(days=100)),
              }[kind]
    day = min(today, period.end - timedelta(days=1))  # before the period ends: «så langt»
    figures, _ = _sql(repo, period, day)
    assert figures == count_report(everything, period, day, params,
                                   local_rules=repo.local_rules())


def test_the_figures_are_not_all_zero(register):
    """The equality above compares something: the registers have figures in every section."""
    repo, _, _, today = register
    figures, _ = _sql(repo, date_range(today - timedelta(days=365), today), today)
    assert figures.shares["melding_fristbrudd"].denominator > 0
    assert figures.shares["tiltaksplan"].denominator > 0
    assert figures.shares["besok_tilsyn"].denominator > 0
    assert sum(r[1] for r in figures.sections["Saksmengde"][0].rows) > 0


def test_the_detail_list_from_the_stored_deadlines_equals_the_pure_one(register):
    repo, everything, params, today = register
    for day in (today, date(today.year - 1, 6, 30), today - timedelta(days=400)):
        with repo.snapshot():
            queries = repo.report_queries()
            rows = queries.detail_rows(day)
            overdue = queries.detail_rows(day, only_overdue=True)
        assert rows == build_detail_rows(everything, day, params)
        assert overdue == build_detail_rows(everything, day, params, only_overdue=True)
        assert rows and overdue


def test_a_missing_stored_deadline_is_refused_not_counted_as_met(tmp_path):
    today = date(2026, 11, 23)
    town = generate_municipality(today=today, children_per_year=10, years=2, seed=4)
    repo = open_repository(tmp_path / "r.db", "test")
    try:
        repo.import_cases(town.cases, [Caseworker(c.navn, c.team, True, c.er_leder)
                                       for c in town.caseworkers])
        melding_id, concluded = repo.db.conn.execute(
            "SELECT id, konklusjon_dato FROM meldinger WHERE konklusjon_dato IS NOT NULL "
            "ORDER BY id LIMIT 1").fetchone()
        repo.db.conn.execute("DELETE FROM frister WHERE rule_id = 'melding.gjennomgang' "
                             "AND gjelder_id = ?", (melding_id,))
        day = date.fromisoformat(concluded)
        with pytest.raises(StorageError, match="mangler frister"):
            _sql(repo, year(day.year), date(day.year, 12, 31))
    finally:
        repo.close()


# --- the visits, in whole units -------------------------------------------------------------------


DAYS = st.dates(date(2022, 1, 1), date(2027, 12, 31))


@st.composite
def foster_cases(draw) -> CaseFile:
    """A child with one to three foster homes (any foster code), frequency changes (also two on
    one day) and visits."""
    homes, visits = [], []
    for tid in range(1, draw(st.integers(1, 3)) + 1):
        start = draw(DAYS)
        end = draw(st.one_of(st.none(), st.dates(start, date(2028, 6, 30))))
        kinds = {}
        for kind in VisitKind:
            kinds[kind] = tuple(Frequency(draw(DAYS), draw(st.integers(1, 12)))
                                for _ in range(draw(st.integers(0, 3))))
        homes.append(Tiltak(sak_id=1, kategori_kode=draw(st.sampled_from(["2.1", "2.5", "2.99"])),
                            startdato=start, sluttdato=end,
                            oppfolging_hyppighet=kinds[VisitKind.OPPFOLGING],
                            tilsyn_hyppighet=kinds[VisitKind.TILSYN], id=tid))
        visits += [Besok(tid, draw(st.sampled_from(list(VisitKind))), draw(DAYS))
                   for _ in range(draw(st.integers(0, 12)))]
    other = Tiltak(sak_id=1, kategori_kode="4.1", startdato=date(2022, 1, 1), id=99)
    return case(tiltak=[*homes, other], besok=visits)


@settings(max_examples=300, deadline=None)
@given(child=foster_cases(), start=DAYS, days=st.integers(0, 900), kind=st.sampled_from(VisitKind))
def test_visits_counted_in_whole_units_equal_the_pro_rated_fractions(child, start, days, kind):
    period = date_range(start, start + timedelta(days=days))
    assert FosterChild.of(child).visits(kind, period) == child_visits(child, kind, period)


# --- the service: load_report counts in SQL, loads no case file ---------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """An encrypted demo register with targets for two years: (path, every case file)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    reg = create_demo_register(path, date(2026, 11, 23), children_per_year=25, years=4, seed=13)
    try:
        reg.set_targets(2026, {"melding_fristbrudd": 0.05, "tiltaksplan": 0.9})
        reg.set_targets(2025, {"besok_tilsyn": 0.8})
        return path, list(reg.repository_for_report().iter_cases())
    finally:
        reg.close()


@pytest.fixture
def signed_in(demo):
    reg = sign_in(demo[0], DEMO_USER, DEMO_PASSWORD, today=lambda: date(2026, 11, 23),
                  daily_backup=False)
    yield reg
    reg.close()


@pytest.mark.parametrize("period", [year(2026), year(2025), month(2026, 10), month(2026, 11),
                                    tertial(2025, 1), quarter(2024, 4),
                                    date_range(date(2025, 10, 1), date(2025, 12, 31)),
                                    date_range(date(2025, 3, 10), date(2026, 4, 20))],
                         ids=str)
def test_the_loaded_report_is_the_pure_report_with_its_history(signed_in, demo, period):
    everything = demo[1]
    data = load_report(signed_in, period, history=3, now=lambda: AT)
    repo = signed_in.repository_for_report()
    targets = {y: repo.targets(y) for y in range(2019, 2027)}
    pure = build_report(everything, period, data.report.measured, data.params,
                        targets[period.end.year], generated_at=AT,
                        generated_by=signed_in.user.navn, local_rules=repo.local_rules())
    assert data.report == pure
    assert data.history
    for earlier in data.history:
        p = earlier.period
        assert earlier == scorecard_report(
            p, indicator_shares(everything, p, p.end, data.params), data.params,
            targets[p.end.year], generated_at=AT, generated_by=signed_in.user.navn,
            case_count=len(everything))


def test_the_report_loads_no_case_file_until_asked(signed_in):
    data = load_report(signed_in, year(2026), history=3)
    assert "cases" not in data.__dict__  # not loaded with the report
    assert data.cases and all(c.sak.id is not None for c in data.cases)
    assert "cases" in data.__dict__  # loaded once, when asked


def test_the_detail_list_of_an_export_is_the_pure_one(signed_in, demo, tmp_path):
    everything = demo[1]
    data = load_report(signed_in, month(2026, 10))
    rows = data.detail_rows()
    assert rows == build_detail_rows(everything, data.report.measured, data.params)
    assert data.detail_rows(only_overdue=True) == build_detail_rows(
        everything, data.report.measured, data.params, only_overdue=True)
    result = export_report(signed_in, data, tmp_path / "intern.xlsx",
                           ExportOptions(profil="intern", detail=True), source="test")
    assert result.path.exists()


@pytest.mark.parametrize("when", [date(2026, 11, 23), date(2025, 12, 31)])
def test_odd_registers_round_trip_through_load_report(register, when):
    """The register fixture's odd cases, through figures measured on a chosen day."""
    repo, everything, params, today = register
    period = year(min(when, today).year)
    measured = min(when, today, period.end)
    figures, _ = _sql(repo, period, measured)
    assert figures == count_report(everything, period, measured, params,
                                   local_rules=repo.local_rules())
