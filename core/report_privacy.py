"""A report's cells and the arithmetic between them, for secondary suppression
(``core.suppression``): ``protect_report`` says how every number of a report is printed in
a workbook with suppression on (the «politisk» profile).

How tables declare their relations (the decision)
-------------------------------------------------
The relations are declared here, in ``TABLE_RELATIONS`` (one function per ``Table.key``) and in
``_scorecard_cells``/``_cross_relations`` (the indicators and the links between sections), not
as fields on ``Table``:

* the relations that matter most run *between* tables and sheets (a column's sum in one table is
  a cell in another and the scorecard's nevner); only code that sees the whole report can state
  them, and one list reads as the identities the report promises (the synthetic reconciliation
  test checks the same ones);
* cells are found by table key, column name and row label, so a new table or a renamed column
  fails loudly: a table key without an entry raises ``KeyError`` (``check_declared`` lists
  them) and so does a missing column;
* every relation is checked against the true values before use. One that does not hold is
  dropped (a reader who assumed it would compute a wrong number, so dropping cannot leak) and
  listed in ``Protection.dropped``; the tests require the structural ones always to hold.

What the reader is assumed to know, besides the printed cells: a complement is known to be 1–4
only where a printed range says so; a slack that is 0 is known (one month equals the period's
total; a placement with one code equals that code's row); anything else unknown is ≥ 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from core.codes import FOSTERHJEM_CODES
from core.milestone_report import MILESTONES_KEY
from core.placement_report import STABILITY_KEY, TEMPORARY_KEY, WAIT_KEY
from core.placements import DAY_BUCKETS, MOVE_BUCKETS
from core.report import INDICATOR_KEYS
from core.report_counts import PLACEMENTS
from core.report_model import Days, Indicator, Report, Share, Table
from core.samples import SAMPLES_KEY
from core.suppression import (
    SECRET,
    Hidden,
    Problem,
    Protection,
    Ref,
    Relation,
    ShareRange,
    protect,
)

__all__ = [
    "TABLE_RELATIONS",
    "ReportProtection",
    "check_declared",
    "protect_report",
    "report_problem",
]


# --- the report -----------------------------------------------------------------------------------


def _cell(key: str, row: int, col: int) -> Ref:
    return ("cell", key, row, col)


def _ind(key: str, start: date, end: date, measured: date, part: str) -> Ref:
    return ("ind", key, start, end, measured, part)


class _Builder:
    """Collects a report's cells and relations (the helpers ``TABLE_RELATIONS`` uses)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.p = Problem()
        self.tables: dict[str, Table] = {}

    # cells
    def ref(self, t: Table, row: int, col: int) -> Ref:
        return _cell(t.key, row, col)

    def col(self, t: Table, name: str) -> int:
        """Index of the column called ``name`` (or starting with it)."""
        for i, c in enumerate(t.columns):
            if c == name:
                return i
        for i, c in enumerate(t.columns):
            if c.startswith(name):
                return i
        raise KeyError(f"Tabellen «{t.key}» har ingen kolonne «{name}»")

    def row(self, t: Table, label: str) -> int | None:
        """Index of the row whose first cell starts with ``label`` (None if absent)."""
        for i, r in enumerate(t.rows):
            if isinstance(r[0], str) and r[0].startswith(label):
                return i
        return None

    def column(self, t: Table, name: str) -> list[Ref]:
        c = self.col(t, name)
        return [self.ref(t, r, c) for r in range(len(t.rows))]

    def virtual(self, name: object, value: int) -> Ref:
        return self.p.count(("virtual", name), value, shown=False)

    def ind(self, key: str, part: str) -> Ref:
        r = self.report
        return _ind(key, r.period.start, r.period.end, r.measured, part)

    # relations
    def total(self, parts: Iterable[Ref], total: Ref, label: str, *,
              optional: bool = False) -> None:
        self.p.relate(Relation.total(parts, total, label, optional=optional))

    def same(self, a: Ref, b: Ref, label: str, *, optional: bool = False) -> None:
        self.p.relate(Relation.same(a, b, label, optional=optional))

    def at_most(self, parts: Sequence[Ref], whole: Ref, label: str) -> None:
        """``sum(parts) <= whole`` («herav»): a slack cell takes up the rest."""
        values = self.p.values
        slack = self.virtual(("herav", label, tuple(parts), whole),
                             values[whole] - sum(values[r] for r in parts))
        if values[slack] >= 0:
            self.total([*parts, slack], whole, label)
        else:
            self.p.dropped.append(label)

    def at_least(self, parts: Sequence[Ref], whole: Ref, label: str) -> None:
        """``sum(parts) >= whole`` (a child counted in several groups)."""
        values = self.p.values
        total = self.virtual(("sum", label, tuple(parts)), sum(values[r] for r in parts))
        self.total(parts, total, label)
        self.at_most([whole], total, label)

    def share(self, t: Table, col: str, teller: Sequence[Ref], nevner: Sequence[Ref],
              label: str) -> None:
        """The Share cells of column ``col`` are teller[r]/nevner[r]."""
        c = self.col(t, col)
        for r, (tr, nr) in enumerate(zip(teller, nevner, strict=True)):
            cell = t.rows[r][c]
            if isinstance(cell, Share):
                self.p.ratio(self.ref(t, r, c), tr, nr, f"{label} rad {r + 1}")


def report_problem(report: Report, history: Sequence[Report] = ()) -> Problem:
    """The report's cells and relations (tables, scorecard, live figures, earlier periods)."""
    b = _Builder(report)
    _scorecard_cells(b, report, history)
    for table in report.tables:
        b.tables[table.key] = table
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                if isinstance(value, int) and not isinstance(value, bool):
                    b.p.count(b.ref(table, r, c), value)
    for table in report.tables:
        declare = TABLE_RELATIONS.get(table.key)
        if declare is None:
            raise KeyError(f"Tabellen «{table.key}» har ingen erklærte relasjoner "
                           "(core/suppression.py TABLE_RELATIONS)")
        declare(b, table)
        for r, row in enumerate(table.rows):  # shares no declaration covers: stand alone
            for c, value in enumerate(row):
                ref = b.ref(table, r, c)
                if isinstance(value, Share) and ref not in b.p.order:
                    _standalone_share(b.p, ref, value)
    _cross_relations(b, report)
    return b.p


def _standalone_share(p: Problem, ref: Ref, share: Share) -> None:
    """A share without its teller/nevner printed: both virtual and protected when 1–4."""
    t = p.count((ref, "teller"), share.numerator, shown=False, sensitive=True)
    n = p.count((ref, "nevner"), share.denominator, shown=False, sensitive=True)
    p.ratio(ref, t, n)


def _scorecard_cells(b: _Builder, report: Report, history: Sequence[Report]) -> None:
    p = b.p
    periods = [(report.period.start, report.period.end, report.measured, True)]
    periods.append((report.previous_period.start, report.previous_period.end,
                    report.previous_period.end, False))
    periods.append((report.last_year_period.start, report.last_year_period.end,
                    report.last_year_period.end, False))
    periods += [(r.period.start, r.period.end, r.measured, False) for r in history]
    seen: set[tuple[date, date, date]] = set()
    for start, end, measured, current in periods:
        if (start, end, measured) in seen:
            continue
        seen.add((start, end, measured))
        shares: dict[str, Share] = {}
        if current:
            shares = {i.key: i.share for i in report.indicators}
        elif (start, end) == (report.previous_period.start, report.previous_period.end):
            shares = {i.key: i.previous_share for i in report.indicators}
        elif (start, end) == (report.last_year_period.start, report.last_year_period.end):
            shares = {i.key: i.last_year_share for i in report.indicators}
        for r in history:
            if (r.period.start, r.period.end, r.measured) == (start, end, measured):
                shares = {i.key: i.share for i in r.indicators}
        for key, share in shares.items():
            t = p.count(_ind(key, start, end, measured, "teller"), share.numerator,
                        shown=current, sensitive=True)
            n = p.count(_ind(key, start, end, measured, "nevner"), share.denominator,
                        shown=current, sensitive=True)
            p.ratio(_ind(key, start, end, measured, "andel"), t, n, f"{key} teller+rest")

        def ref(key: str, part: str, s: date = start, e: date = end,
                m: date = measured) -> Ref:
            return _ind(key, s, e, m, part)

        if set(shares) >= set(INDICATOR_KEYS):
            b.at_most([ref("tiltaksplan", "teller")], ref("evaluert_tiltaksplan", "nevner"),
                      f"tiltaksplan teller ≤ evaluert nevner {end}")
            p.relate(Relation.same(ref("omsorgsplan", "nevner"), ref("samvaersplan", "nevner"),
                                   "omsorgsplan nevner = samværsplan nevner"))
            p.relate(Relation.same(ref("besok_oppfolging", "nevner"),
                                   ref("besok_tilsyn", "nevner"),
                                   "oppfølging nevner = tilsyn nevner"))
    for f in report.live:
        p.count(("live", f.key), f.value)


def _cross_relations(b: _Builder, report: Report) -> None:
    """Live figures that are table cells on the same day."""
    tables = b.tables
    if "undersokelser_oversikt" in tables and report.measured == report.period.end:
        t = tables["undersokelser_oversikt"]
        row = b.row(t, "herav over fristen ved periodens slutt")
        if row is not None:
            b.same(("live", "undersokelser_over_fristen"), b.ref(t, row, 1),
                   "løpende undersøkelser over fristen = åpne over fristen ved periodens slutt")


# --- the tables (keyed by Table.key) --------------------------------------------------------------


def _summary_rows(b: _Builder, t: Table) -> dict[str, Ref]:
    """Rows of a «Beskrivelse/Antall» table by label prefix → the count cell."""
    return {str(row[0]): b.ref(t, r, 1) for r, row in enumerate(t.rows)}


def _find(rows: Mapping[str, Ref], prefix: str) -> Ref:
    for label, ref in rows.items():
        if label.startswith(prefix):
            return ref
    raise KeyError(f"Ingen rad «{prefix}»")


def _meldinger_oversikt(b: _Builder, t: Table) -> None:
    rows = _summary_rows(b, t)
    mottatt, barn = _find(rows, "Meldinger mottatt"), _find(rows, "Barn det er meldt")
    b.at_most([barn], mottatt, "meldinger: barn ≤ meldinger")
    b.at_most([_find(rows, "Gjengangere")], barn, "meldinger: gjengangere ≤ barn")
    b.same(_find(rows, "Meldinger konkludert"), b.ind("melding_fristbrudd", "nevner"),
           "meldinger konkludert = nevner")
    b.same(_find(rows, "herav konkludert senere"), b.ind("melding_fristbrudd", "teller"),
           "meldinger konkludert for sent = teller")


def _meldinger_maaned(b: _Builder, t: Table) -> None:
    total = b.tables["meldinger_oversikt"]
    rows = _summary_rows(b, total)
    b.total(b.column(t, "Meldinger"), _find(rows, "Meldinger mottatt"),
            "meldinger per måned = mottatt")
    b.at_least(b.column(t, "Barn"), _find(rows, "Barn det er meldt"),
               "barn per måned ≥ barn")
    b.at_least(b.column(t, "Gjengangere"), _find(rows, "Gjengangere"),
               "gjengangere per måned ≥ gjengangere")
    for m, k, g in zip(b.column(t, "Meldinger"), b.column(t, "Barn"), b.column(t, "Gjengangere"),
                       strict=True):
        b.at_most([k], m, f"barn ≤ meldinger {m!r}")
        b.at_most([g], k, f"gjengangere ≤ barn {m!r}")


def _meldinger_12mnd(b: _Builder, t: Table) -> None:
    """The trend's months that are also the period's months print the same counts."""
    per_month = b.tables["meldinger_maaned"]
    same = {row[0]: r for r, row in enumerate(per_month.rows)}
    for r, row in enumerate(t.rows):
        for name in ("Meldinger", "Barn"):
            if row[0] in same:
                b.total([b.ref(t, r, b.col(t, name))],
                        b.ref(per_month, same[row[0]], b.col(per_month, name)),
                        f"{name} {row[0]} i begge tabellene")
        b.at_most([b.ref(t, r, b.col(t, "Barn"))], b.ref(t, r, b.col(t, "Meldinger")),
                  f"barn ≤ meldinger {row[0]} (12 måneder)")


def _meldinger_melder(b: _Builder, t: Table) -> None:
    rows = _summary_rows(b, b.tables["meldinger_oversikt"])
    b.at_least(b.column(t, "Meldinger"), _find(rows, "Meldinger mottatt"),
               "meldinger etter melder ≥ mottatt")


def _meldinger_alder(b: _Builder, t: Table) -> None:
    rows = _summary_rows(b, b.tables["meldinger_oversikt"])
    meldinger, barn = b.column(t, "Meldinger"), b.column(t, "Barn")
    b.total(meldinger, _find(rows, "Meldinger mottatt"), f"{t.key}: meldinger = mottatt")
    b.at_least(barn, _find(rows, "Barn det er meldt"), f"{t.key}: barn ≥ barn")
    for m, k in zip(meldinger, barn, strict=True):
        b.at_most([k], m, f"{t.key}: barn ≤ meldinger {m!r}")


def _konklusjon(indicator: str, count_col: str) -> Callable[[_Builder, Table], None]:
    def declare(b: _Builder, t: Table) -> None:
        counts, late = b.column(t, count_col), b.column(t, "Konkludert etter fristen")
        nevner, teller = b.ind(indicator, "nevner"), b.ind(indicator, "teller")
        b.total(counts, nevner, f"{t.key}: sum = nevner")
        b.total(late, teller, f"{t.key}: for sent = teller")
        b.share(t, "Andel", counts, [nevner] * len(counts), f"{t.key} andel")
        for c, s in zip(counts, late, strict=True):
            b.at_most([s], c, f"{t.key}: for sent ≤ konkludert {c!r}")
    return declare


def _undersokelser_oversikt(b: _Builder, t: Table) -> None:
    rows = _summary_rows(b, t)
    b.same(_find(rows, "Undersøkelser konkludert"), b.ind("undersokelse_fristbrudd", "nevner"),
           "undersøkelser konkludert = nevner")
    b.same(_find(rows, "herav konkludert etter fristen"),
           b.ind("undersokelse_fristbrudd", "teller"), "undersøkelser for sent = teller")
    open_end = _find(rows, "Åpne undersøkelser ved periodens slutt")
    b.at_most([_find(rows, "herav over fristen")], open_end, "åpne: herav over fristen")
    extended = _find(rows, "herav med gyldig utvidet frist")
    b.at_most([extended], open_end, "åpne: herav utvidet")
    b.at_most([extended], _find(rows, "Undersøkelser med gyldig utvidet frist"),
              "åpne utvidet ≤ utvidet")


def _undersokelser_kvartal(b: _Builder, t: Table) -> None:
    concluded, late = b.column(t, "Konkludert"), b.column(t, "Konkludert etter fristen")
    b.total(concluded, b.ind("undersokelse_fristbrudd", "nevner"), "kvartal: sum = nevner")
    b.total(late, b.ind("undersokelse_fristbrudd", "teller"), "kvartal: for sent = teller")
    b.share(t, "Andel med fristbrudd", late, concluded, "kvartal andel")


def _tiltak_oversikt(b: _Builder, t: Table) -> None:
    alle_row = b.row(t, "Barn med tiltak i alt")
    if alle_row is None:
        raise KeyError("tiltak_oversikt: ingen rad «Barn med tiltak i alt»")
    groups = [r for r in range(len(t.rows)) if r != alle_row]
    for col in ("I perioden", "På måledato"):
        c = b.col(t, col)
        alle = b.ref(t, alle_row, c)
        for r in groups:
            b.at_most([b.ref(t, r, c)], alle, f"tiltak {col} rad {r + 1} ≤ i alt")
        b.at_least([b.ref(t, r, c) for r in groups], alle, f"tiltak {col}: grupper ≥ i alt")
    on = b.col(t, "På måledato")
    hjelp, omsorg = b.row(t, "Barn med hjelpetiltak"), b.row(t, "Barn med omsorgstiltak")
    if hjelp is not None:
        b.same(b.ref(t, hjelp, on), b.ind("tiltaksplan", "nevner"),
               "hjelpetiltak på måledato = tiltaksplan nevner")
    if omsorg is not None:
        b.same(b.ref(t, omsorg, on), b.ind("omsorgsplan", "nevner"),
               "omsorgstiltak på måledato = omsorgsplan nevner")
    if b.report.measured <= b.report.period.end:
        for r in range(len(t.rows)):
            b.at_most([b.ref(t, r, on)], b.ref(t, r, b.col(t, "I perioden")),
                      f"tiltak rad {r + 1}: på måledato ≤ i perioden")


def _codes_in(t: Table, codes: Iterable[str]) -> list[int]:
    wanted = set(codes)
    return [r for r, row in enumerate(t.rows) if row[0] in wanted]


def _tiltak_plassering(b: _Builder, t: Table) -> None:
    codes_of = {str(entry[0]): frozenset(entry[-1]) for entry in PLACEMENTS}
    codes = b.tables.get("tiltak_kode")
    besok = b.tables.get("besok_fordeling")
    for col in ("Barn i perioden", "Barn på måledato"):
        c = b.col(t, col)
        parent: Ref | None = None
        for r, row in enumerate(t.rows):
            cell = b.ref(t, r, c)
            label = str(row[0])
            if label.startswith("herav") and parent is not None:
                b.at_most([cell], parent, f"plassering {label} ≤ overordnet rad ({col})")
            else:
                parent = cell
            wanted = codes_of.get(label)
            if codes is not None and wanted is not None:
                parts = [b.ref(codes, i, b.col(codes, col)) for i in _codes_in(codes, wanted)]
                b.at_least(parts, cell, f"plassering {label} {col}: koder ≥ plassering")
                for part in parts:
                    b.at_most([part], cell, f"plassering {label} {col}: kode ≤ plassering")
            if (wanted == FOSTERHJEM_CODES and besok is not None and besok.rows
                    and col == "Barn i perioden"):
                for i in range(len(besok.rows)):
                    b.same(cell, b.ref(besok, i, b.col(besok, "Barn i fosterhjem")),
                           "fosterhjem i perioden = barn i fosterhjem (besøk)")
        if col == "Barn på måledato" and b.report.measured <= b.report.period.end:
            for r in range(len(t.rows)):
                b.at_most([b.ref(t, r, c)], b.ref(t, r, b.col(t, "Barn i perioden")),
                          f"plassering rad {r + 1}: på måledato ≤ i perioden")


def _tiltak_akutt(b: _Builder, t: Table) -> None:
    b.at_most([b.ref(t, 1, 1)], b.ref(t, 0, 1), "barn med akuttvedtak ≤ akuttvedtak")


def _tiltak_hovedgruppe(b: _Builder, t: Table) -> None:
    overview = b.tables["tiltak_oversikt"]
    for col, ocol in (("Barn i perioden", "I perioden"), ("Barn på måledato", "På måledato")):
        alle_row = b.row(overview, "Barn med tiltak i alt")
        if alle_row is None:
            raise KeyError("tiltak_oversikt: ingen rad «Barn med tiltak i alt»")
        alle = b.ref(overview, alle_row, b.col(overview, ocol))
        groups = b.column(t, col)
        b.at_least(groups, alle, f"hovedgrupper {col} ≥ alle")
        for g in groups:
            b.at_most([g], alle, f"hovedgruppe {col} ≤ alle")


def _tiltak_kode(b: _Builder, t: Table) -> None:
    groups = b.tables["tiltak_hovedgruppe"]
    for col in ("Barn i perioden", "Barn på måledato"):
        for g, grow in enumerate(groups.rows):
            group = b.ref(groups, g, b.col(groups, col))
            parts = [b.ref(t, r, b.col(t, col)) for r, row in enumerate(t.rows)
                     if str(row[0]).split(".", 1)[0] == grow[0]]
            b.at_least(parts, group, f"koder i gruppe {grow[0]} {col} ≥ gruppe")
            for part in parts:
                b.at_most([part], group, f"kode ≤ gruppe {grow[0]} {col}")


def _besok(b: _Builder, t: Table) -> None:
    kinds = {"Tilsyn": "besok_tilsyn", "Oppfølging": "besok_oppfolging"}
    first_bucket = 1
    last_bucket = b.col(t, "Barn i fosterhjem") - 1
    children, compliant = b.column(t, "Barn i fosterhjem"), b.column(t, "Fikk påkrevd antall")
    for r, row in enumerate(t.rows):
        buckets = [b.ref(t, r, c) for c in range(first_bucket, last_bucket + 1)]
        b.total(buckets, children[r], f"besøk rad {r + 1}: fordeling = barn")
        key = next(v for k, v in kinds.items() if str(row[0]).startswith(k))
        b.same(children[r], b.ind(key, "nevner"), f"besøk {key}: barn = nevner")
        b.same(compliant[r], b.ind(key, "teller"), f"besøk {key}: påkrevd = teller")
        # When every child owes the same number k of visits (a month: one each), those who got
        # enough are the buckets from k up: a reader who knows that can subtract.
        for k in range(1, len(buckets)):
            b.total(buckets[k:], compliant[r], f"besøk {key}: minst {k} besøk = påkrevd",
                    optional=True)
    b.share(t, "Andel", compliant, children, "besøk andel")


def _ettervern_unge(b: _Builder, t: Table) -> None:
    rows = _summary_rows(b, t)
    young = _find(rows, "Unge 18–24")
    for label in ("herav i fosterhjem", "herav med bolig", "herav med aktiv"):
        b.at_most([_find(rows, label)], young, f"ettervern: {label}")


def _ettervern_18(b: _Builder, t: Table) -> None:
    if not t.rows:
        return
    last = len(t.rows) - 1
    for c in range(1, len(t.columns)):
        b.total([b.ref(t, r, c) for r in range(last)], b.ref(t, last, c),
                f"18 år kolonne {c + 1}: tidsrom = i alt")
    for r in range(len(t.rows)):
        for c in range(2, len(t.columns)):
            b.at_most([b.ref(t, r, c)], b.ref(t, r, 1), f"18 år rad {r + 1}: herav ≤ barn")


def _saksmengde(b: _Builder, t: Table) -> None:
    open_, overdue, soon = (b.column(t, n) for n in ("Åpne frister", "herav forfalt",
                                                      "herav forfaller snart"))
    for o, d, s in zip(open_, overdue, soon, strict=True):
        b.at_most([d, s], o, f"saksmengde {o!r}: forfalt + snart ≤ åpne")


def _buckets_total(count_col: str, first_bucket: str) -> Callable[[_Builder, Table], None]:
    """Each row's buckets (from column ``first_bucket`` to the last) add up to its count."""
    def declare(b: _Builder, t: Table) -> None:
        first, counts = b.col(t, first_bucket), b.column(t, count_col)
        for r in range(len(t.rows)):
            b.total([b.ref(t, r, c) for c in range(first, len(t.columns))], counts[r],
                    f"{t.key} rad {r + 1}: fordeling = antall")
    return declare


def _stikkprover(b: _Builder, t: Table) -> None:
    """Per row: saker = vurdert + ikke vurdert, vurdert = OK + avvik; the last row (all kinds)
    is the sum of the others in every column."""
    cols = {name: b.column(t, name) for name in t.columns[1:]}
    for r in range(len(t.rows)):
        b.total([cols["Vurdert"][r], cols["Ikke vurdert"][r]], cols["Saker"][r],
                f"stikkprøver rad {r + 1}: vurdert + ikke vurdert = saker")
        b.total([cols["OK"][r], cols["Avvik"][r]], cols["Vurdert"][r],
                f"stikkprøver rad {r + 1}: ok + avvik = vurdert")
    last = len(t.rows) - 1
    for name, refs in cols.items():
        b.total(refs[:last], refs[last], f"stikkprøver {name}: typene = alle typer")


def _interne_frister(b: _Builder, t: Table) -> None:
    """Per row: forfaller i perioden = the five statuses; the last row (all milestones) is the
    sum of the others in every column."""
    cols = [b.column(t, name) for name in t.columns[1:]]
    for r in range(len(t.rows)):
        b.total([c[r] for c in cols[1:]], cols[0][r],
                f"interne frister rad {r + 1}: statusene = forfaller i perioden")
    last = len(t.rows) - 1
    for c, refs in enumerate(cols):
        b.total(refs[:last], refs[last], f"interne frister kolonne {c + 2}: fristene = alle")


#: The additive structure of every activity table, by ``Table.key`` (see the module docstring).
TABLE_RELATIONS: dict[str, Callable[[_Builder, Table], None]] = {
    "meldinger_oversikt": _meldinger_oversikt,
    "meldinger_maaned": _meldinger_maaned,
    "meldinger_12mnd": _meldinger_12mnd,
    "meldinger_melder": _meldinger_melder,
    "meldinger_alder": _meldinger_alder,
    "meldinger_alder_moss": _meldinger_alder,
    "meldinger_konklusjon": _konklusjon("melding_fristbrudd", "Meldinger"),
    "undersokelser_oversikt": _undersokelser_oversikt,
    "undersokelser_konklusjon": _konklusjon("undersokelse_fristbrudd", "Undersøkelser"),
    "undersokelser_kvartal": _undersokelser_kvartal,
    "tiltak_oversikt": _tiltak_oversikt,
    "tiltak_plassering": _tiltak_plassering,
    "tiltak_akutt": _tiltak_akutt,
    "tiltak_hovedgruppe": _tiltak_hovedgruppe,
    "tiltak_kode": _tiltak_kode,
    "besok_fordeling": _besok,
    "ettervern_unge": _ettervern_unge,
    "ettervern_18": _ettervern_18,
    "saksmengde": _saksmengde,
    TEMPORARY_KEY: _buckets_total("Antall", DAY_BUCKETS[0][2]),
    WAIT_KEY: _buckets_total("Antall", DAY_BUCKETS[0][2]),
    STABILITY_KEY: _buckets_total("Barn", MOVE_BUCKETS[0]),
    SAMPLES_KEY: _stikkprover,
    MILESTONES_KEY: _interne_frister,
}


def check_declared(report: Report) -> list[str]:
    """Keys of the report's tables that ``TABLE_RELATIONS`` does not know."""
    return [t.key for t in report.tables if t.key not in TABLE_RELATIONS]


# --- what the workbook asks -----------------------------------------------------------------------


#: Fewest behind a mean or median of days the politisk profile shows.
DAYS_MIN = 10


def _days_protected(row: Sequence[object], out: list[object]) -> list[object]:
    """A row's means and medians of days («Days») as the politisk profile prints them: only
    when at least ``DAYS_MIN`` are behind them (its first count) and nothing else in the row is
    hidden — else a mean and a median with the counts shown would give the hidden buckets
    away, and a median of few is one child's time."""
    if not any(isinstance(v, Days) for v in row):
        return out
    counts = [v for v in row if isinstance(v, int) and not isinstance(v, bool)]
    if counts and counts[0] >= DAYS_MIN and not any(isinstance(v, Hidden) for v in out):
        return out
    return [SECRET if isinstance(v, Days) else v for v in out]


@dataclass(frozen=True)
class ReportProtection:
    """How every number of one report (and its scorecard history) is printed."""

    report: Report
    protection: Protection

    def table(self, t: Table) -> Table:
        """A copy of ``t`` with hidden counts and shares replaced by what is printed."""
        rows = []
        for r, row in enumerate(t.rows):
            out: list[object] = []
            for c, value in enumerate(row):
                ref = _cell(t.key, r, c)
                if isinstance(value, Share):
                    out.append(self.protection.share(ref, value))
                elif isinstance(value, int) and not isinstance(value, bool):
                    out.append(self.protection.count(ref, value))
                else:
                    out.append(value)
            rows.append(_days_protected(row, out))
        return replace(t, rows=rows)

    def _ref(self, ind: Indicator, part: str, period: tuple[date, date, date] | None) -> Ref:
        r = self.report
        start, end, measured = period or (r.period.start, r.period.end, r.measured)
        return _ind(ind.key, start, end, measured, part)

    def teller(self, ind: Indicator) -> int | Hidden:
        return self.protection.count(self._ref(ind, "teller", None), ind.numerator)

    def nevner(self, ind: Indicator) -> int | Hidden:
        return self.protection.count(self._ref(ind, "nevner", None), ind.denominator)

    def share(self, ind: Indicator, share: Share | None = None, *,
              period: tuple[date, date, date] | None = None,
              ) -> Share | ShareRange | Hidden | None:
        """An indicator's share for the report's period, or for ``period`` (start, end,
        measured) with ``share`` (an earlier period's value)."""
        return self.protection.share(self._ref(ind, "andel", period), share or ind.share)

    def target_met(self, ind: Indicator) -> bool | Hidden | None:
        """«Mål nådd» as printed: only when the printed value decides it."""
        shown = self.share(ind)
        if ind.target is None or shown is None:
            return None
        if isinstance(shown, Share):
            return ind.target_met
        if isinstance(shown, ShareRange):
            met = shown.met(ind.target, ind.lower_is_better)
            return SECRET if met is None else met
        return shown

    def live(self, key: str, value: int) -> int | Hidden:
        return self.protection.count(("live", key), value)


def protect_report(report: Report, history: Sequence[Report] = ()) -> ReportProtection:
    """Primary and secondary suppression of a whole report (the «politisk» workbook)."""
    return ReportProtection(report, protect(report_problem(report, history)))
