"""A large synthetic register (no real people) for the report: speed and reconciliation checks.

``synthetic_register`` is also used by the workbook tests and for rendering a sample workbook.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from core.dates import add_months
from core.identity import synthetic_fnr
from core.model import (
    Akutt,
    Besok,
    CaseFile,
    CodedValue,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.params import Params
from core.periods import month, year
from core.report import build_report

CASEWORKERS = ("Kari Nordmann", "Ola Hansen", "Fatima Ali", "Per Olsen", "Ingrid Berg",
               "Jonas Lie", "Siri Dahl", "Ahmed Khan")
MELDERE = ("8", "8", "11", "15", "5", "7", "2", "23", "4", "9", "10", "14", "3", "1", "18")
HJELPETILTAK = ("3.1", "3.2", "3.9", "3.10", "4.1", "4.3", "4.5", "4.6", "6.1", "6.4", "7.3",
                "8.1")
OMSORG = Lovhjemmel("BVL2021", "5", "1")
HJELP = Lovhjemmel("BVL2021", "3", "1")


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def synthetic_register(n: int, *, seed: int = 1, first: date = date(2016, 1, 1),
                       last: date = date(2026, 12, 31)) -> list[CaseFile]:
    """``n`` synthetic case files with meldinger, undersøkelser, tiltak, plans and visits."""
    rng = random.Random(seed)
    ids = iter(range(1, 10**9))
    cases = []
    for c in range(1, n + 1):
        start = _day(rng, first, last - timedelta(days=30))
        birth = _day(rng, max(date(1999, 1, 1), start - timedelta(days=17 * 365)),
                     start - timedelta(days=30))
        fnr = synthetic_fnr(birth, rng)
        horizon = last
        meldinger, undersokelser, tiltak, planer, besok, vedtak = [], [], [], [], [], []
        received = start
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            if received > horizon:
                break
            mid = next(ids)
            melder = tuple(CodedValue(k) for k in {rng.choice(MELDERE)
                                                   for _ in range(rng.choice((1, 1, 1, 2)))})
            concl = received + timedelta(days=rng.choice((2, 4, 5, 6, 7, 7, 8, 12)))
            open_ = concl > last or rng.random() < 0.01
            code = rng.choice(("1", "2", "2", "3", "4", "10"))
            meldinger.append(Melding(c, received, melder, (), None if open_ else code,
                                     None if open_ else concl, id=mid))
            if not open_ and code == "2":
                base = received + timedelta(days=7)
                ext = (add_months(base, 3) - timedelta(days=rng.choice((-3, 10)))
                       if rng.random() < 0.1 else None)
                u_end = concl + timedelta(days=rng.randrange(20, 200))
                u_open = u_end > last
                undersokelser.append(Undersokelse(
                    c, mid, concl, ext, "komplisert" if ext else "",
                    None if u_open else rng.choice(("1", "3", "3", "4", "5", "2")),
                    None if u_open else u_end, id=next(ids)))
                if not u_open and rng.random() < 0.5:
                    t_start = u_end + timedelta(days=rng.randrange(1, 40))
                    if t_start < horizon:
                        foster = rng.random() < 0.25
                        t_end = (t_start + timedelta(days=rng.randrange(60, 2000))
                                 if rng.random() < 0.6 else None)
                        if t_end and t_end > last:
                            t_end = None
                        vid = next(ids)
                        akutt = (Akutt("1", datetime.combine(t_start, datetime.min.time()))
                                 if foster and rng.random() < 0.2 else None)
                        vedtak.append(Vedtak(c, t_start, OMSORG if foster else HJELP, "1",
                                             akutt, id=vid))
                        tid = next(ids)
                        code_t = rng.choice(("2.1", "2.2", "2.3", "2.5")) if foster else \
                            rng.choice(HJELPETILTAK)
                        tiltak.append(Tiltak(c, code_t, t_start,
                                             OMSORG if foster and rng.random() < 0.7 else HJELP,
                                             vedtak_id=vid, sluttdato=t_end,
                                             oppfolging_hyppighet=(Frequency(t_start, 4),),
                                             tilsyn_hyppighet=(Frequency(t_start, 4),), id=tid))
                        stop = t_end or last
                        if rng.random() < 0.85:
                            plantype = "4" if foster else "1"
                            p_start = t_start + timedelta(days=rng.randrange(0, 60))
                            evals, e = [], p_start
                            while True:
                                e = e + timedelta(days=rng.randrange(60, 130))
                                if e > stop:
                                    break
                                evals.append(e)
                            planer.append(Plan(c, plantype, p_start, t_end, tuple(evals),
                                               id=next(ids)))
                            if foster and rng.random() < 0.9:
                                planer.append(Plan(c, "6", p_start, t_end, (), id=next(ids)))
                        if foster:
                            for kind in VisitKind:
                                v = t_start
                                while True:
                                    v = v + timedelta(days=rng.randrange(60, 130))
                                    if v > stop:
                                        break
                                    besok.append(Besok(tid, kind, v, id=next(ids)))
            received = received + timedelta(days=rng.randrange(30, 900))
        # The case is closed some weeks after its last activity unless something still runs.
        ends = [m.konklusjon_dato for m in meldinger] + [u.konklusjon_dato
                                                          for u in undersokelser]
        ends += [t.sluttdato for t in tiltak]
        sak_end = None
        if ends and None not in ends:
            sak_end = max(e for e in ends if e is not None) + timedelta(
                days=rng.randrange(14, 120))
            if sak_end > last:
                sak_end = None
        sak = Sak(journalnummer=f"{start.year}/{c:05d}", navn=f"Syntetisk barn {c}",
                  fodselsnummer=fnr, fodselsdato=birth, kjonn=None,
                  saksbehandler=rng.choice(CASEWORKERS), startdato=start, sluttdato=sak_end,
                  id=c)
        cases.append(CaseFile(sak, tuple(meldinger), tuple(undersokelser), tuple(vedtak),
                              tuple(tiltak), tuple(planer), tuple(besok)))
    return cases


@pytest.fixture(scope="module")
def big_register() -> list[CaseFile]:
    return synthetic_register(20_000, seed=42)


def test_tables_reconcile_with_indicators(big_register: list[CaseFile]) -> None:
    report = build_report(big_register, year(2025), date(2025, 12, 31), Params.defaults(),
                          generated_at=datetime(2026, 1, 5, 9, 0), generated_by="test")
    mel = report.indicator("melding_fristbrudd")
    concl = report.table("meldinger_konklusjon")
    assert sum(r[2] for r in concl.rows) == mel.denominator
    assert sum(r[4] for r in concl.rows) == mel.numerator
    und = report.indicator("undersokelse_fristbrudd")
    quarters = report.table("undersokelser_kvartal")
    assert len(quarters.rows) == 4
    assert sum(r[1] for r in quarters.rows) == und.denominator
    assert sum(r[2] for r in quarters.rows) == und.numerator
    per_month = report.table("meldinger_maaned")
    overview = {r[0]: r[1] for r in report.table("meldinger_oversikt").rows}
    assert sum(r[1] for r in per_month.rows) == overview["Meldinger mottatt"]
    visits = report.table("besok_fordeling")
    for row, key in zip(visits.rows, ("besok_tilsyn", "besok_oppfolging"), strict=True):
        assert sum(row[1:6]) == row[6] == report.indicator(key).denominator
        assert row[7] == report.indicator(key).numerator
    # one fosterhjem set: the Tiltak sheet's fosterhjem row counts the visit indicators' children
    placements = {r[0]: r[1:] for r in report.table("tiltak_plassering").rows}
    foster = placements["Fosterhjem (alle kategorier, inkl. beredskapshjem)"]
    assert foster[0] == "2.1–2.6, 2.99"
    assert foster[1] == report.indicator("besok_tilsyn").denominator
    assert foster[1] == report.indicator("besok_oppfolging").denominator
    assert 0 < placements["herav beredskapshjem"][1] < foster[1]  # 2.5 is in the register
    for ind in report.indicators:
        assert 0 <= ind.numerator <= ind.denominator


def test_month_visits_use_the_rolling_year_in_table_and_indicators(
        big_register: list[CaseFile]) -> None:
    report = build_report(big_register, month(2025, 6), date(2025, 6, 30), Params.defaults(),
                          generated_at=datetime(2025, 7, 2, 9, 0), generated_by="test")
    visits = report.table("besok_fordeling")
    assert "(01.07.2024–30.06.2025)" in visits.title
    placements = {r[0]: r[1:] for r in report.table("tiltak_plassering").rows}
    foster = placements["Fosterhjem (alle kategorier, inkl. beredskapshjem)"][1]
    for row, key in zip(visits.rows, ("besok_tilsyn", "besok_oppfolging"), strict=True):
        assert sum(row[1:6]) == row[6] == report.indicator(key).denominator == foster
        assert row[7] == report.indicator(key).numerator
    # judged over twelve months, most children with visits every 60–130 days have had 3 or more
    assert sum(visits.rows[0][4:6]) > sum(visits.rows[0][1:3])
