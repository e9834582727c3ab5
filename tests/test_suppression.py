"""Secondary suppression: no hidden count can be worked out from what the «politisk» workbook shows.

The tests play the reader. ``Reader`` is written here, apart from ``core.suppression``: it knows
the report's arithmetic from the domain (rows and totals, the same figure in two tables, teller +
complement = nevner, «herav» rows) and recomputes what it can from the cells read back from the
written workbook — by subtraction, by narrowing bounds («<5» is 1–4, «skjult» is at least 1),
through exact shares and by solving the relations together — until nothing new comes out. A test
fails if a hidden value, or a complement nevner − teller of 1–4, can be derived.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import cast

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import range_boundaries

from core.demo import generate_municipality
from core.params import Params
from core.periods import Period, half_year, month, quarter, tertial, year
from core.report import INDICATOR_SPECS, Indicator, Report, Share, Table, build_report
from core.report_model import LiveFigure
from core.report_privacy import check_declared, protect_report, report_problem
from core.samples import SAMPLES_KEY, SampleKind, SampleTally, samples_table
from core.suppression import (
    HIDDEN_TEXT,
    Hidden,
    Problem,
    Relation,
    ShareRange,
    ShareView,
    protect,
)
from storage.workbook import build_workbook
from tests.test_report_synthetic import synthetic_register

INF = math.inf
Var = Hashable
RANGE_RE = re.compile(r"^(\d+(?:,\d)?)–(\d+(?:,\d)?) %$")


def percents(match: re.Match) -> tuple[float, float]:
    """The shares a printed range «86–97 %» or «0,9–3,8 %» stands for."""
    low, high = (float(g.replace(",", ".")) / 100 for g in match.groups())
    return low, high


# --- the reader -----------------------------------------------------------------------------------


class Reader:
    """What a reader can work out from printed cells and the relations between them."""

    def __init__(self) -> None:
        self.known: dict[Var, int] = {}
        self.lo: dict[Var, float] = {}
        self.hi: dict[Var, float] = {}
        self.hidden: set[Var] = set()  # printed as «<5» or «skjult»
        self.relations: list[dict[Var, int]] = []  # Σ coefficient × value == 0
        self.shares: list[tuple[object, Var, Var]] = []  # (printed share, teller, nevner)
        self.derived: dict[Var, int] = {}

    def printed(self, var: Var, value: object) -> None:
        """A count cell as read from the workbook."""
        if var in self.known or var in self.lo:
            return
        if value == "<5":
            self.lo[var], self.hi[var] = 1, 4
            self.hidden.add(var)
        elif value == HIDDEN_TEXT:
            self.lo[var], self.hi[var] = 1, INF
            self.hidden.add(var)
        elif isinstance(value, int):
            self.known[var] = value
        else:
            raise AssertionError(f"{var}: unexpected count {value!r}")

    def unknown(self, var: Var) -> Var:
        if var not in self.known and var not in self.lo:
            self.lo[var], self.hi[var] = 0, INF
        return var

    def total(self, parts: Iterable[Var], total: Var) -> None:
        terms: dict[Var, int] = {}
        for v in [*parts, total]:
            self.unknown(v)
        for v in parts:
            terms[v] = terms.get(v, 0) + 1
        terms[total] = terms.get(total, 0) - 1
        self.relations.append({v: c for v, c in terms.items() if c})

    def same(self, a: Var, b: Var) -> None:
        self.total([a], b)

    def at_most(self, parts: Sequence[Var], whole: Var) -> None:
        rest = self.unknown(("slack", len(self.relations)))
        self.total([*parts, rest], whole)

    def share(self, printed: object, teller: Var, nevner: Var, complement: Var) -> None:
        self.total([teller, complement], nevner)
        self.shares.append((printed, teller, nevner))

    # solving
    def value(self, var: Var) -> int | None:
        return self.known.get(var, self.derived.get(var))

    def known_value(self, var: Var) -> int:
        value = self.value(var)
        assert value is not None
        return value

    def learn(self, var: Var, value: float) -> bool:
        if self.value(var) is not None:
            return False
        assert abs(value - round(value)) < 1e-6, (var, value)
        self.derived[var] = round(value)
        return True

    def solve(self) -> dict[Var, int]:
        """Everything that can be recomputed, to a fixed point."""
        changed = True
        rounds = 0
        while changed:
            rounds += 1
            assert rounds < 10_000
            changed = self._relations() | self._shares()
            if not changed:
                changed = self._linear()
        return self.derived

    def _relations(self) -> bool:
        changed = False
        for rel in self.relations:
            unknown = [(v, c) for v, c in rel.items() if self.value(v) is None]
            base = sum(c * self.known_value(v) for v, c in rel.items()
                       if self.value(v) is not None)
            if len(unknown) == 1:
                v, c = unknown[0]
                changed |= self.learn(v, -base / c)
                continue
            for v, c in unknown:  # bounds
                others = [(w, d) for w, d in unknown if w != v]
                lo_sum = sum(d * (self.lo[w] if d > 0 else self.hi[w]) for w, d in others)
                hi_sum = sum(d * (self.hi[w] if d > 0 else self.lo[w]) for w, d in others)
                a, b = -base - hi_sum, -base - lo_sum
                lo, hi = (a / c, b / c) if c > 0 else (b / c, a / c)
                lo = max(self.lo[v], lo if math.isinf(lo) else math.ceil(lo - 1e-9))
                hi = min(self.hi[v], hi if math.isinf(hi) else math.floor(hi + 1e-9))
                if (lo, hi) != (self.lo[v], self.hi[v]):
                    assert lo <= hi, (v, lo, hi)
                    self.lo[v], self.hi[v] = lo, hi
                    changed = True
                    if lo == hi:
                        self.learn(v, lo)
        return changed

    def _shares(self) -> bool:
        changed = False
        for printed, t, n in self.shares:
            tv, nv = self.value(t), self.value(n)
            if isinstance(printed, int | float):
                if nv is not None and tv is None:
                    changed |= self.learn(t, printed * nv)
                elif tv is not None and nv is None and printed > 0:
                    changed |= self.learn(n, tv / printed)
            elif isinstance(printed, str) and (m := RANGE_RE.match(printed)) and nv is not None \
                    and tv is None:
                low, high = percents(m)
                lo = max(self.lo[t], math.ceil(low * nv - 1e-9))
                hi = min(self.hi[t], math.floor(high * nv + 1e-9))
                if (lo, hi) != (self.lo[t], self.hi[t]):
                    self.lo[t], self.hi[t] = lo, hi
                    changed = True
                    if lo == hi:
                        self.learn(t, lo)
        return changed

    def _linear(self) -> bool:
        """Gauss–Jordan over the unknowns with exact fractions."""
        rows: list[dict[Var, Fraction]] = []
        rhs: list[Fraction] = []
        for rel in self.relations:
            row = {v: Fraction(c) for v, c in rel.items() if self.value(v) is None}
            if len(row) < 2:
                continue
            rows.append(row)
            rhs.append(-Fraction(sum(c * self.known_value(v) for v, c in rel.items()
                                     if self.value(v) is not None)))
        pivots: list[tuple[Var, dict[Var, Fraction], Fraction]] = []
        for row, b in zip(rows, rhs, strict=True):
            row = dict(row)
            for pv, prow, pb in pivots:
                if pv in row:
                    f = row[pv]
                    for v, c in prow.items():
                        row[v] = row.get(v, Fraction(0)) - f * c
                    b -= f * pb
                    row = {v: c for v, c in row.items() if c}
            if not row:
                continue
            pv = next(iter(row))
            f = row[pv]
            row = {v: c / f for v, c in row.items()}
            b /= f
            for k, (qv, qrow, qb) in enumerate(pivots):
                if pv in qrow:
                    g = qrow[pv]
                    new = dict(qrow)
                    for v, c in row.items():
                        new[v] = new.get(v, Fraction(0)) - g * c
                    pivots[k] = (qv, {v: c for v, c in new.items() if c}, qb - g * b)
            pivots.append((pv, row, b))
        changed = False
        for pv, row, b in pivots:
            if len(row) == 1:
                changed |= self.learn(pv, float(b))
        return changed


# --- the engine on its own ------------------------------------------------------------------------


def problem(cells: dict[str, int], sums: Sequence[tuple[Sequence[str], str]],
            shares: Sequence[tuple[str, str, str]] = ()) -> Problem:
    p = Problem()
    for name, value in cells.items():
        p.count(name, value)
    for parts, total in sums:
        p.relate(Relation.total(parts, total))
    for share, t, n in shares:
        p.ratio(share, t, n)
    return p


def reader_of(p: Problem, prot) -> Reader:
    """The reader of a bare problem: printed cells, its relations, its shares."""
    reader = Reader()
    for ref in p.shown:
        reader.printed(ref, prot.hidden[ref].text if ref in prot.hidden else p.values[ref])
    for rel in p.relations:
        for ref, _ in rel.terms:
            reader.unknown(ref)
        reader.relations.append(dict(rel.terms))
    for share, ratio in p.ratios.items():
        value = prot.share(share, Share(p.values[ratio.teller], p.values[ratio.nevner]))
        printed = value.value if isinstance(value, Share) else getattr(value, "text", value)
        reader.shares.append((printed, ratio.teller, ratio.nevner))
    return reader


def leaks(p: Problem, prot) -> dict[Hashable, int]:
    """Hidden printed counts and complements of 1–4 the reader can recompute."""
    derived = reader_of(p, prot).solve()
    for ref, value in derived.items():
        assert p.values[ref] == value, f"the reader got {ref} wrong: a relation is false"
    return {ref: v for ref, v in derived.items()
            if ref in prot.hidden or (ref in p.sensitive and 0 < v < 5)}


def test_a_row_with_one_hidden_cell_hides_the_next_smallest() -> None:
    # Besøk, tilsyn: 7 + 2 + 0 + 0 + 0 = 9 gave away the «<5» as 9 − 7.
    p = problem({"b0": 7, "b1": 2, "b2": 0, "b3": 0, "b4": 0, "barn": 9},
                [(("b0", "b1", "b2", "b3", "b4"), "barn")])
    prot = protect(p)
    assert prot.hidden["b1"].text == "<5"
    assert prot.hidden["b0"].text == HIDDEN_TEXT
    assert "barn" not in prot.hidden and "b2" not in prot.hidden  # 0 is never hidden
    assert leaks(p, prot) == {}


def test_a_column_total_with_one_hidden_part_hides_the_next_smallest_part() -> None:
    # «Konkludert etter fristen»: 8 + 3 = 11 gave away the «<5» as 11 − 8.
    p = problem({"kode1": 8, "kode3": 3, "kode4": 0, "teller": 11},
                [(("kode1", "kode3", "kode4"), "teller")])
    prot = protect(p)
    assert set(prot.hidden) == {"kode1", "kode3"}
    assert prot.hidden["kode1"].text == HIDDEN_TEXT
    assert leaks(p, prot) == {}


def test_28_of_29_is_a_range_not_one_child_without_a_plan() -> None:
    p = problem({"teller": 28, "nevner": 29}, [], [("andel", "teller", "nevner")])
    prot = protect(p)
    assert prot.hidden["teller"].text == HIDDEN_TEXT  # the smaller of teller and nevner
    assert "nevner" not in prot.hidden
    shown = prot.share("andel", Share(28, 29))
    assert isinstance(shown, ShareRange) and shown.text == "86–97 %"
    assert prot.shares["andel"] is ShareView.RANGE
    assert leaks(p, prot) == {}


def test_a_small_teller_makes_the_share_a_range() -> None:
    p = problem({"teller": 2, "nevner": 13}, [], [("andel", "teller", "nevner")])
    prot = protect(p)
    assert prot.hidden["teller"].text == "<5" and "nevner" not in prot.hidden
    assert prot.share("andel", Share(2, 13)).text == "7–31 %"
    assert prot.share("andel", Share(2, 3)) == Hidden("<5")  # a small nevner stays «<5»


def test_bounds_give_away_two_fours_under_a_total_of_eight() -> None:
    p = problem({"a": 4, "b": 4, "sum": 8}, [(("a", "b"), "sum")])
    prot = protect(p)
    assert "sum" in prot.hidden  # otherwise 1–4 + 1–4 = 8 means 4 and 4
    assert leaks(p, prot) == {}


def test_two_relations_together_are_solved() -> None:
    # x + y = 12 and x + y + z = 15 give z = 3 although no relation alone has one unknown.
    p = problem({"x": 5, "y": 7, "s1": 12, "z": 3, "w": 9, "s2": 24},
                [(("x", "y"), "s1"), (("x", "y", "z", "w"), "s2")])
    prot = protect(p)
    assert leaks(p, prot) == {}
    assert len(prot.secondary) >= 1


def test_four_ones_under_a_total_of_four_are_not_all_shown_as_small() -> None:
    # 1 + 1 + 1 + 1 = 4: four «<5» under a «<5» total can only be ones.
    p = problem({"a": 1, "b": 1, "c": 1, "d": 1, "sum": 4}, [(("a", "b", "c", "d"), "sum")])
    prot = protect(p)
    assert any(h.text == HIDDEN_TEXT for h in prot.hidden.values())
    assert leaks(p, prot) == {}


@st.composite
def grids(draw):
    """A table with row totals, column totals and a grand total, some shares of row totals."""
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    small = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 40])
    cells = {f"c{r}{c}": draw(small) for r in range(rows) for c in range(cols)}
    sums: list[tuple[Sequence[str], str]] = []
    for r in range(rows):
        cells[f"r{r}"] = sum(cells[f"c{r}{c}"] for c in range(cols))
        sums.append(([f"c{r}{c}" for c in range(cols)], f"r{r}"))
    for c in range(cols):
        cells[f"k{c}"] = sum(cells[f"c{r}{c}"] for r in range(rows))
        sums.append(([f"c{r}{c}" for r in range(rows)], f"k{c}"))
    cells["total"] = sum(cells[f"r{r}"] for r in range(rows))
    sums.append(([f"r{r}" for r in range(rows)], "total"))
    sums.append(([f"k{c}" for c in range(cols)], "total"))
    shares = [(f"s{r}", f"c{r}0", f"r{r}") for r in range(rows) if draw(st.booleans())]
    return cells, sums, shares


@settings(max_examples=300, deadline=None)
@given(grids())
def test_no_hidden_cell_of_a_table_with_margins_can_be_derived(grid) -> None:
    cells, sums, shares = grid
    p = problem(cells, sums, shares)
    prot = protect(p)
    assert leaks(p, prot) == {}
    for ref, value in cells.items():
        if 0 < value < 5:
            assert ref in prot.hidden
        if value == 0:
            assert ref not in prot.hidden


# --- reports and workbooks ------------------------------------------------------------------------


def indicators(values: dict[str, tuple[int, int]], targets: dict[str, float] | None = None,
               ) -> tuple[Indicator, ...]:
    params = Params.defaults()
    out = []
    for s in INDICATOR_SPECS:
        t, n = values.get(s.key, (10, 20))
        out.append(Indicator(s.key, s.label, s.kind, s.definition(params), s.numerator(params),
                             s.denominator(params), t, n, t / n if n else None,
                             (targets or {}).get(s.key), s.lower_is_better, None, None,
                             Share(10, 20), Share(10, 20)))
    return tuple(out)


def tiny_report(values: dict[str, tuple[int, int]], sections: dict[str, tuple[Table, ...]],
                period: Period | None = None, targets: dict[str, float] | None = None) -> Report:
    period = period or month(2026, 10)
    return Report(period=period, measured=period.end, previous_period=period.previous(),
                  last_year_period=period.same_last_year(),
                  indicators=indicators(values, targets), live=(), sections=sections, params=(),
                  generated_at=datetime(2026, 11, 2, 8, 0), generated_by="Leder Lise")


def besok_table(tilsyn: list[int], oppfolging: list[int], done: tuple[int, int]) -> Table:
    children = sum(tilsyn)
    assert sum(oppfolging) == children
    rows = [["Tilsynsbesøk", *tilsyn, children, done[0], Share(done[0], children)],
            ["Oppfølgingsbesøk", *oppfolging, children, done[1], Share(done[1], children)]]
    return Table("Barn i fosterhjem etter antall besøk i perioden",
                 ["Besøkstype", "0", "1", "2", "3", "4 eller flere", "Barn i fosterhjem",
                  "Fikk påkrevd antall", "Andel"], rows, "", "besok_fordeling")


def undersokelser_tables(rows: list[tuple[str, int, int]]) -> tuple[Table, ...]:
    total, late = sum(r[1] for r in rows), sum(r[2] for r in rows)
    overview = Table("Undersøkelser i perioden", ["Beskrivelse", "Antall"], [
        ["Undersøkelser startet i perioden", 40],
        ["Undersøkelser konkludert i perioden", total],
        ["herav konkludert etter fristen (fristbrudd)", late],
        ["Undersøkelser med gyldig utvidet frist (åpne eller konkludert i perioden)", 6],
        ["Utvidelser registrert etter tremånedersfristen (gjelder ikke)", 0],
        ["Åpne undersøkelser ved periodens slutt (31.10.2026)", 25],
        ["herav over fristen ved periodens slutt", 9],
        ["herav med gyldig utvidet frist", 6]], "", "undersokelser_oversikt")
    concluded = Table("Undersøkelser konkludert i perioden etter konklusjon",
                      ["Kode", "Konklusjon", "Undersøkelser", "Andel", "Konkludert etter fristen"],
                      [[k, f"Konklusjon {k}", n, Share(n, total), s] for k, n, s in rows], "",
                      "undersokelser_konklusjon")
    return overview, concluded


def written(tmp_path: Path, report: Report, history: Sequence[Report] = (),
            name: str = "politisk.xlsx") -> openpyxl.Workbook:
    path = tmp_path / name
    build_workbook(report, suppress_small=True, scorecard_history=history).save(path)
    return openpyxl.load_workbook(path)


def read_tables(wb: openpyxl.Workbook) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Every Excel Table by its key: header and printed rows."""
    found = {}
    for ws in wb.worksheets:
        for name, ref in ws.tables.items():
            c1, r1, c2, r2 = range_boundaries(ref)
            header = [ws.cell(r1, c).value for c in range(c1, c2 + 1)]
            rows = [[ws.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1 + 1, r2 + 1)]
            found[name.removeprefix("T_")] = (header, rows)
    return found


def scorecard_rows(wb: openpyxl.Workbook) -> dict[str, dict[str, object]]:
    header, rows = read_tables(wb)["Maalekort"]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_the_three_leaks_of_the_issue_are_closed(tmp_path: Path) -> None:
    tiltak = Table("Barn med tiltak", ["Beskrivelse", "I perioden", "På måledato"], [
        ["Barn med hjelpetiltak", 33, 29], ["Barn med omsorgstiltak (omsorgsovertakelse)", 12, 11],
        ["Barn med tiltak i alt", 45, 40]], "", "tiltak_oversikt")
    report = tiny_report(
        {"besok_tilsyn": (2, 9), "besok_oppfolging": (6, 9), "undersokelse_fristbrudd": (11, 50),
         "tiltaksplan": (28, 29), "evaluert_tiltaksplan": (20, 31)},
        {"Besøk": (besok_table([7, 2, 0, 0, 0], [0, 3, 4, 2, 0], (2, 6)),),
         "Undersøkelser": undersokelser_tables([("1", 20, 8), ("3", 30, 3)]),
         "Tiltak": (tiltak,)}, targets={"tiltaksplan": 0.9})
    wb = written(tmp_path, report)
    tables = read_tables(wb)
    # 1. Besøk: «1 besøk» = 9 − 7 = 2 (and so the scorecard's teller) – the 7 is hidden too.
    tilsyn = tables["besok_fordeling"][1][0]
    assert tilsyn[1:9] == [HIDDEN_TEXT, "<5", 0, 0, 0, 9, "<5", "11–45 %"]
    card = scorecard_rows(wb)
    assert (card["Tilsyn i fosterhjem"]["Teller"], card["Tilsyn i fosterhjem"]["Nevner"]) == \
        ("<5", 9)
    assert card["Tilsyn i fosterhjem"]["Verdi"] == "11–45 %"
    # 2. «Konkludert etter fristen»: 11 − 8 = 3 – the 8 is hidden too.
    late = [row[4] for row in tables["undersokelser_konklusjon"][1]]
    assert late == [HIDDEN_TEXT, "<5"]
    assert tables["undersokelser_oversikt"][1][2][1] == 11
    # 3. 28/29 would say that exactly one child lacks a plan.
    plan = card["Andel med tiltaksplan"]
    assert (plan["Teller"], plan["Nevner"], plan["Verdi"]) == (HIDDEN_TEXT, 29, "86–97 %")
    assert plan["Mål"] == pytest.approx(0.9) and plan["Mål nådd"] == HIDDEN_TEXT  # 86–97 vs 90
    # … and the evaluation's nevner (31 ≥ 28) and the Tiltak table (29) say nothing more.
    assert_no_leaks(report, wb)


# --- the reader of a written workbook -------------------------------------------------------------


def assert_no_leaks(report: Report, wb: openpyxl.Workbook,
                    history: Sequence[Report] = ()) -> None:
    """Read the workbook back and recompute everything; no hidden value may come out."""
    tables = read_tables(wb)
    reader = Reader()
    truth: dict[Var, int] = {}
    card = scorecard_rows(wb)
    shares: list[tuple[object, Share]] = []  # every printed share with its true value

    def count(var: Var, printed: object, value: int) -> Var:
        truth[var] = value
        reader.printed(var, printed)
        if isinstance(printed, int):
            assert printed == value, var
            assert not 0 < printed < 5, (var, printed)
        return var

    def complement(var: Var, value: int) -> Var:
        truth[var] = value
        return reader.unknown(var)

    ind = {}
    for i in report.indicators:
        row = card[i.label]
        t = count(("ind", i.key, "teller"), row["Teller"], i.numerator)
        n = count(("ind", i.key, "nevner"), row["Nevner"], i.denominator)
        c = complement(("ind", i.key, "rest"), i.denominator - i.numerator)
        reader.share(row["Verdi"], t, n, c)
        shares.append((row["Verdi"], i.share))
        ind[i.key] = (t, n)
        for header, value in row.items():
            if header.startswith(("Forrige periode", "Samme periode", "Verdi ")) \
                    and header != "Verdi":
                shares.append((value, earlier_share(report, history, i.key, header)))
    reader.at_most([ind["tiltaksplan"][0]], ind["evaluert_tiltaksplan"][1])
    reader.same(ind["omsorgsplan"][1], ind["samvaersplan"][1])
    reader.same(ind["besok_oppfolging"][1], ind["besok_tilsyn"][1])
    live = {f.key: f for f in report.live}
    if live:
        _, rows = tables["Loepende_fristbrudd"]
        for f, row in zip(report.live, rows, strict=True):
            count(("live", f.key), row[1], f.value)

    cells: dict[str, list[list[Var | None]]] = {}
    for t in report.tables:
        if not t.rows:
            continue
        header, printed = tables[t.key]
        assert header == t.columns
        grid: list[list[Var | None]] = []
        for r, (true_row, shown_row) in enumerate(zip(t.rows, printed, strict=True)):
            out: list[Var | None] = []
            for c, (value, shown) in enumerate(zip(true_row, shown_row, strict=True)):
                if isinstance(value, int) and not isinstance(value, bool):
                    out.append(count(("t", t.key, r, c), shown, value))
                else:
                    out.append(None)
                    if isinstance(value, Share):
                        shares.append((shown, value))
            grid.append(out)
        cells[t.key] = grid

    def col(key: str, name: str) -> list[Var]:
        table = report.table(key)
        c = next(i for i, h in enumerate(table.columns) if h == name or h.startswith(name))
        return [cast(Var, row[c]) for row in cells[key]]

    def row(key: str, label: str, c: int = 1) -> Var | None:
        for r, values in enumerate(report.table(key).rows):
            if str(values[0]).startswith(label):
                return cells[key][r][c]
        return None

    def share_col(key: str, name: str, tellers: Sequence[Var], nevners: Sequence[Var]) -> None:
        table = report.table(key)
        _, printed = tables[key]
        c = table.columns.index(name)
        for r, (t, n) in enumerate(zip(tellers, nevners, strict=True)):
            true = table.rows[r][c]
            if isinstance(true, Share):
                reader.share(printed[r][c], t, n,
                             complement(("rest", key, r), true.denominator - true.numerator))

    keys = set(cells)
    if "meldinger_oversikt" in keys:
        mottatt = row("meldinger_oversikt", "Meldinger mottatt")
        barn = row("meldinger_oversikt", "Barn det er meldt")
        reader.at_most([barn], mottatt)
        reader.at_most([row("meldinger_oversikt", "Gjengangere")], barn)
        reader.same(row("meldinger_oversikt", "Meldinger konkludert"),
                    ind["melding_fristbrudd"][1])
        reader.same(row("meldinger_oversikt", "herav konkludert senere"),
                    ind["melding_fristbrudd"][0])
        for key in ("meldinger_maaned", "meldinger_alder", "meldinger_alder_moss"):
            if key in keys:
                reader.total(col(key, "Meldinger"), mottatt)
    for key, indicator, name in (("meldinger_konklusjon", "melding_fristbrudd", "Meldinger"),
                                 ("undersokelser_konklusjon", "undersokelse_fristbrudd",
                                  "Undersøkelser")):
        if key in keys:
            t, n = ind[indicator]
            counts, late = col(key, name), col(key, "Konkludert etter fristen")
            reader.total(counts, n)
            reader.total(late, t)
            for a, b in zip(late, counts, strict=True):
                reader.at_most([a], b)
            share_col(key, "Andel", counts, [n] * len(counts))
    if "undersokelser_oversikt" in keys:
        t, n = ind["undersokelse_fristbrudd"]
        reader.same(row("undersokelser_oversikt", "Undersøkelser konkludert"), n)
        reader.same(row("undersokelser_oversikt", "herav konkludert etter fristen"), t)
        over = row("undersokelser_oversikt", "herav over fristen")
        reader.at_most([over], row("undersokelser_oversikt", "Åpne undersøkelser"))
        if "undersokelser_over_fristen" in live and report.measured == report.period.end:
            reader.same(("live", "undersokelser_over_fristen"), over)
    if "undersokelser_kvartal" in keys:
        t, n = ind["undersokelse_fristbrudd"]
        concluded, late = col("undersokelser_kvartal", "Konkludert"), \
            col("undersokelser_kvartal", "Konkludert etter fristen")
        reader.total(concluded, n)
        reader.total(late, t)
        share_col("undersokelser_kvartal", "Andel med fristbrudd", late, concluded)
    if "tiltak_oversikt" in keys:
        hjelp = row("tiltak_oversikt", "Barn med hjelpetiltak", 2)
        reader.same(hjelp, ind["tiltaksplan"][1])
        for c in (1, 2):
            alle = row("tiltak_oversikt", "Barn med tiltak i alt", c)
            for r in range(len(report.table("tiltak_oversikt").rows) - 1):
                reader.at_most([cells["tiltak_oversikt"][r][c]], alle)
    if "besok_fordeling" in keys:
        children = col("besok_fordeling", "Barn i fosterhjem")
        done = col("besok_fordeling", "Fikk påkrevd antall")
        for r, kind in enumerate(("besok_tilsyn", "besok_oppfolging")):
            reader.total(cells["besok_fordeling"][r][1:6], children[r])
            reader.same(children[r], ind[kind][1])
            reader.same(done[r], ind[kind][0])
            reader.at_most([done[r]], children[r])
        share_col("besok_fordeling", "Andel", done, children)
        if "tiltak_plassering" in keys:
            reader.same(row("tiltak_plassering", "Fosterhjem", 2), children[0])
    if "tiltak_plassering" in keys and "tiltak_kode" in keys:
        for label, code in (("herav beredskapshjem", "2.5"), ("herav midlertidig", "2.6")):
            for c in (2, 3):
                place, kode = row("tiltak_plassering", label, c), row("tiltak_kode", code, c + 1)
                if place is not None and kode is not None:
                    reader.same(place, kode)
    if "ettervern_18" in keys:
        grid = cells["ettervern_18"]
        for c in range(1, len(grid[0])):
            reader.total([r[c] for r in grid[:-1]], grid[-1][c])
        for r in grid:
            for c in range(2, len(r)):
                reader.at_most([r[c]], r[1])
    if "ettervern_unge" in keys:
        young = cells["ettervern_unge"][0][1]
        for r in cells["ettervern_unge"][1:]:
            reader.at_most([r[1]], young)
    if "saksmengde" in keys:
        for r in cells["saksmengde"]:
            reader.at_most([r[3], r[4]], r[2])

    if SAMPLES_KEY in keys:
        grid = cells[SAMPLES_KEY]
        for r in grid:  # saker = vurdert + ikke vurdert; vurdert = OK + avvik
            reader.total([r[3], r[6]], r[2])
            reader.total([r[4], r[5]], r[3])
        for c in range(1, len(grid[0])):
            reader.total([r[c] for r in grid[:-1]], grid[-1][c])

    # Every printed share is exact only when its teller and complement are not 1–4.
    for shown, true in shares:
        if isinstance(shown, int | float):
            assert shown == pytest.approx(true.value)
            assert not (0 < true.numerator < 5 or 0 < true.denominator - true.numerator < 5
                        or 0 < true.denominator < 5), (shown, true)
        elif isinstance(shown, str) and (m := RANGE_RE.match(shown)):
            low, high = percents(m)
            assert low - 1e-9 <= true.value <= high + 1e-9
        else:
            assert shown in ("<5", HIDDEN_TEXT, None), shown

    derived = reader.solve()
    for var, value in derived.items():
        if var in truth:
            assert truth[var] == value, f"the reader's relation for {var} is wrong"
    leaked = {v: derived[v] for v in derived
              if v in reader.hidden or (v in truth and v not in reader.known
                                        and isinstance(v, tuple) and "rest" in v
                                        and 0 < truth[v] < 5)}
    assert leaked == {}


def earlier_share(report: Report, history: Sequence[Report], key: str, header: str) -> Share:
    ind = report.indicator(key)
    if header.startswith("Forrige periode"):
        return ind.previous_share
    if header.startswith("Samme periode"):
        return ind.last_year_share
    day = header.removeprefix("Verdi ")
    for r in history:
        if r.measured.strftime("%d.%m.%Y") == day:
            return r.indicator(key).share
    raise AssertionError(header)


PERIODS = st.one_of(
    st.builds(month, st.integers(2018, 2025), st.integers(1, 12)),
    st.builds(quarter, st.integers(2018, 2025), st.integers(1, 4)),
    st.builds(tertial, st.integers(2018, 2025), st.integers(1, 3)),
    st.builds(half_year, st.integers(2018, 2025), st.integers(1, 2)),
    st.builds(year, st.integers(2018, 2025)),
)


def report_for(cases, period: Period, history: int, seed: int) -> tuple[Report, list[Report]]:
    params = Params.defaults()
    rng = random.Random(seed)
    targets = {s.key: rng.choice([0.05, 0.5, 0.9, 1.0]) for s in INDICATOR_SPECS
               if rng.random() < 0.5}
    kw = {"generated_at": datetime(2026, 1, 5, 9, 0), "generated_by": "Leder Lise"}
    report = build_report(cases, period, period.end, params, targets, **kw)
    earlier, p = [], period
    for _ in range(history):
        p = p.previous().previous()
        earlier.append(build_report(cases, p, p.end, params, targets, **kw))
    return report, earlier


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 200), seed=st.integers(0, 10_000), period=PERIODS,
       history=st.integers(0, 2))
def test_no_hidden_value_of_a_synthetic_register_can_be_derived(
        tmp_path_factory, n: int, seed: int, period: Period, history: int) -> None:
    first = date(period.start.year - 3, 1, 1)
    cases = synthetic_register(n, seed=seed, first=first, last=period.end)
    report, earlier = report_for(cases, period, history, seed)
    prot = protect_report(report, earlier)
    assert prot.protection.dropped == ()  # every declared relation holds
    wb = written(tmp_path_factory.mktemp("wb"), report, earlier)
    assert_no_leaks(report, wb, earlier)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(children=st.integers(3, 40), years=st.integers(1, 3), seed=st.integers(0, 1000),
       months_back=st.integers(1, 20), kind=st.sampled_from(["month", "tertial", "year"]))
def test_no_hidden_value_of_a_demo_municipality_can_be_derived(
        tmp_path_factory, children: int, years: int, seed: int, months_back: int,
        kind: str) -> None:
    today = date(2026, 11, 23)
    town = generate_municipality(today=today, children_per_year=children, years=years, seed=seed)
    day = date(2026, 11, 1)
    for _ in range(months_back):
        day = month(day.year, day.month).previous().start
    period = {"month": month(day.year, day.month),
              "tertial": tertial(day.year, (day.month - 1) // 4 + 1),
              "year": year(day.year - 1)}[kind]
    report, earlier = report_for(list(town.cases), period, 1, seed)
    wb = written(tmp_path_factory.mktemp("wb"), report, earlier)
    assert_no_leaks(report, wb, earlier)


def test_every_table_of_a_report_has_declared_relations() -> None:
    town = generate_municipality(today=date(2026, 11, 23), children_per_year=30, years=2)
    report = build_report(list(town.cases), month(2026, 10), date(2026, 10, 31),
                          Params.defaults(), generated_at=datetime(2026, 11, 1),
                          generated_by="x")
    assert check_declared(report) == []
    problem = report_problem(report)
    assert problem.dropped == []
    unknown = replace(report.table("saksmengde"), key="ny_tabell")
    with pytest.raises(KeyError, match="ny_tabell"):
        report_problem(replace(report, sections={**report.sections, "Ny": (unknown,)}))


def test_live_figure_and_its_table_cell_are_one_quantity(tmp_path: Path) -> None:
    overview, concluded = undersokelser_tables([("1", 20, 8), ("3", 30, 12)])
    rows = [list(r) for r in overview.rows]
    rows[6][1] = 3  # herav over fristen ved periodens slutt
    overview = replace(overview, rows=rows)
    report = replace(tiny_report({"undersokelse_fristbrudd": (20, 50)},
                                 {"Undersøkelser": (overview, concluded)}),
                     live=(LiveFigure("undersokelser_over_fristen", "Åpne over fristen", 3,
                                      "definisjon"),))
    wb = written(tmp_path, report)
    assert read_tables(wb)["Loepende_fristbrudd"][1][0][1] == "<5"
    assert_no_leaks(report, wb)


def test_no_hidden_sample_count_can_be_derived(tmp_path: Path) -> None:
    """The audit-sample table (core.samples): small counts and the cells that would give them
    away are hidden, and nothing hidden can be recomputed from the printed workbook."""
    day = date(2026, 10, 15)
    tallies = [SampleTally(SampleKind.HENLAGTE_MELDINGER, day,
                           (("ok", day),) * 12 + (("avvik", day),) * 2 + ((None, None),) * 6),
               SampleTally(SampleKind.HENLAGTE_MELDINGER, day, (("ok", day),) * 10),
               SampleTally(SampleKind.KONKLUDERTE_UNDERSOKELSER, day,
                           (("ok", day),) * 7 + (("avvik", day),) * 9),
               SampleTally(SampleKind.TILTAK_UTEN_PLAN, day, ((None, None),) * 3)]
    table = samples_table(tallies, date(2026, 10, 1), date(2026, 10, 31), date(2026, 10, 31))
    report = tiny_report({}, {"Internkontroll": (table,)})
    wb = written(tmp_path, report)
    assert_no_leaks(report, wb)
    _, printed = read_tables(wb)[SAMPLES_KEY]
    assert "<5" in [v for row in printed for v in row]


def test_means_and_medians_of_days_hide_with_their_row_and_below_ten():
    """A mean and a median beside shown counts can give hidden buckets away: 5 placements of
    30, 30, 95, 97 and 98 days print «5 | 70.0 | 95.0 | 0 | <5 | <5 | 0», and a median of 95
    with a mean of 70 leaves only 2 and 3 for the hidden cells. The politisk profile shows
    them only with 10 or more behind them and nothing else in the row hidden."""
    from core.report_model import Days
    from core.report_privacy import _days_protected
    from core.suppression import SECRET, SMALL

    five = ["Avsluttet", 5, Days(70.0), Days(95.0), 0, 2, 3, 0]
    printed = ["Avsluttet", 5, Days(70.0), Days(95.0), 0, SMALL, SMALL, 0]
    assert _days_protected(five, printed) == ["Avsluttet", 5, SECRET, SECRET, 0, SMALL, SMALL, 0]
    twelve = ["Pågår", 12, Days(40.5), Days(33.0), 2, 10, 0, 0]
    shown = ["Pågår", 12, Days(40.5), Days(33.0), SMALL, 10, 0, 0]
    assert _days_protected(twelve, shown)[2:4] == [SECRET, SECRET]  # a bucket is hidden
    clear = ["Pågår", 12, Days(40.5), Days(33.0), 0, 12, 0, 0]
    assert _days_protected(clear, list(clear)) == clear
    assert _days_protected(["x", 3, 1], ["x", SMALL, 1]) == ["x", SMALL, 1]  # no days: as is
