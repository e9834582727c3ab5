"""The leader's report counted in SQL: the same figures as ``core.report`` without case files.

``core.report`` counts from whole case files and stays the reference; this module counts the
same figures with aggregate queries over the stored facts and the stored deadlines (``frister``,
kept equal to the rule catalogue by every write), and hands them to the same layout functions
(``core.report_tables.*_tables_from``, ``core.report.assemble_report``). tests/test_report_sql.py
proves every number equal to ``core.report.build_report`` over every case file.

What SQL would repeat badly stays in Python on the few rows it needs:

- **Visits** are pro-rated in months (``core.visits``): only the foster-home tiltak that ran in
  the report's window are read, with their frequencies and visits, and judged per period by
  ``core.report_tables.FosterChild``.
- **Classifying a tiltak** (hjelpetiltak, omsorgstiltak, foster home …) is ``core.model``'s: the
  distinct (code, legal basis) pairs of the register are classified in Python and become
  ``IN`` lists of the SQL (``_Kinds``).
- **Ages and 18th birthdays** of the Ettervern tables: SQL narrows to the children with an
  active tiltak born in the years that can count; ``core.report_tables`` does the rest.

The facts are read first (smaller tables that share SQLite's page cache), the deadline table
last: at four times Oslo it no longer fits the page cache, and each query that reads it
decrypts most of its pages again.

Dates are ISO text, so comparing them as text compares the days. The SQL is plain (``WITH``,
``VALUES``, ``CASE``, ``COUNT(DISTINCT …)``, ``substr``), with ``:name`` placeholders.
Everything is read inside the caller's snapshot (``Repository.snapshot``).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from core.codes import FOSTERHJEM_CODES
from core.deadlines import Deadline
from core.milestone_report import milestone_table
from core.model import (
    OMSORGSPLAN_TYPES,
    TILTAKSPLAN_TYPES,
    Frequency,
    Lovhjemmel,
    PlanType,
    Sak,
    Tiltak,
    VisitKind,
)
from core.periods import Period
from core.placement_report import placement_tables_from
from core.report import (
    EVALUATION_RULE,
    INDICATOR_KEYS,
    DetailRow,
    ReportFigures,
    Share,
    Table,
    counted_part,
    detail_rows,
    visit_shares,
)
from core.report_counts import (
    AGE_GROUPS,
    MOSS_AGE_GROUPS,
    PLACEMENTS,
    TILTAK_KINDS,
    FosterChild,
    FosterHome,
    MeldingCounts,
    TiltakCounts,
    UndersokelseCounts,
    VisitCounts,
    YoungPerson,
    age_label,
    count_visits,
    report_months,
    tiltak_group,
    tiltak_kind,
    trend_months,
)
from core.report_tables import (
    besok_tables_from,
    ettervern_tables_from,
    meldinger_tables_from,
    saksmengde_tables_from,
    tiltak_tables_from,
    undersokelser_tables_from,
)
from core.samples import samples_table
from core.visits import visit_window
from storage import rows as R
from storage.errors import StorageError
from storage.milestones import report_facts as stored_milestones
from storage.placement_queries import placement_facts
from storage.samples import tallies as sample_tallies

__all__ = ["ReportQueries"]

#: The 3-month and the extended (6-month) due date of an investigation.
INVESTIGATION_RULES = ("undersokelse.frist", "undersokelse.utvidet")
#: ``f`` is the stored review deadline of melding ``{x}`` (a primary-key lookup).
_MELDING_DUE = ("f.rule_id = 'melding.gjennomgang' AND f.gjelder = 'melding' "
                "AND f.gjelder_id = {x}.id")
#: ``f`` is the stored due date (3 or 6 months) of investigation ``{x}`` (a primary-key lookup).
_INVESTIGATION_DUE = ("f.rule_id IN ('undersokelse.frist', 'undersokelse.utvidet') "
                      "AND f.gjelder = 'undersokelse' AND f.gjelder_id = {x}.id")
_MISSING = ("Fristtabellen mangler frister for registrerte saker; åpne registeret på nytt så "
            "fristene blir beregnet")


def _iso(day: date) -> str:
    return day.isoformat()


def _named(prefix: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """Named placeholders for ``values`` (``:prefix0, :prefix1, …``) and their arguments."""
    args = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{name}" for name in args), args


def _active(alias: str, day: str) -> str:
    """``alias`` (a row with startdato/sluttdato) runs on the day ``day`` (a placeholder)."""
    return (f"{alias}.startdato <= {day} AND ({alias}.sluttdato IS NULL "
            f"OR {alias}.sluttdato >= {day})")


def _overlaps(alias: str, start: str, end: str) -> str:
    """``alias`` runs at least one day in [start, end] (placeholders)."""
    return (f"{alias}.startdato <= {end} AND ({alias}.sluttdato IS NULL "
            f"OR {alias}.sluttdato >= {start})")


# --- the tiltak kinds, classified by core.model ---------------------------------------------------


@dataclass(frozen=True)
class _Kinds:
    """SQL expressions classifying a tiltak ``t`` as ``core.model.Tiltak`` does, built from the
    distinct codes and legal bases of the tiltak table classified in Python (so a rule about
    kapittel or a code set has one home), with their arguments.

    ``hjelpe``/``omsorg``: hjelpetiltak/omsorgstiltak (by legal basis); ``kind``: the Tiltak
    sheet's kind (``tiltak_kind``); ``group``: the main group (``tiltak_group``); ``foster``,
    ``inst``, ``housing``: a foster home, an institution, main group 8 (by code).
    """

    hjelpe: str
    omsorg: str
    kind: str
    group: str
    foster: str
    inst: str
    housing: str
    args: dict[str, Any]

    @classmethod
    def read(cls, conn: Any) -> _Kinds:
        combos = conn.execute(
            "SELECT DISTINCT kategori_kode, lov, kapittel, paragraf, ledd FROM tiltak").fetchall()
        tiltak = [Tiltak(sak_id=0, kategori_kode=kode, startdato=date.min,
                         lovhjemmel=Lovhjemmel(lov, kapittel, paragraf, ledd))
                  for kode, lov, kapittel, paragraf, ledd in combos]
        args: dict[str, Any] = {}

        def bases(name: str, test: Callable[[Tiltak], bool]) -> str:
            found = sorted({(t.lovhjemmel.lov, t.lovhjemmel.kapittel, t.lovhjemmel.paragraf,
                             t.lovhjemmel.ledd) for t in tiltak if test(t)})
            if not found:
                return "0 = 1"
            rows = []
            for i, values in enumerate(found):
                marks, more = _named(f"{name}{i}_", values)
                args.update(more)
                rows.append(f"({marks})")
            return f"(t.lov, t.kapittel, t.paragraf, t.ledd) IN (VALUES {', '.join(rows)})"

        def codes(name: str, test: Callable[[Tiltak], bool]) -> str:
            found = sorted({t.kategori_kode for t in tiltak if test(t)})
            if not found:
                return "0 = 1"
            marks, more = _named(name, found)
            args.update(more)
            return f"t.kategori_kode IN ({marks})"

        arms = []
        for i, kind in enumerate(TILTAK_KINDS[:-1]):  # each tiltak is one of these

            def of_kind(t: Tiltak, kind: str = kind) -> bool:
                return tiltak_kind(t) == kind

            args[f"kind{i}"] = kind
            arms.append(f"WHEN {bases(f'kind{i}_', of_kind)} THEN :kind{i}")
        kinds = " ".join(arms)
        groups: dict[str, list[str]] = defaultdict(list)
        for kode in sorted({t.kategori_kode for t in tiltak}):
            groups[tiltak_group(kode)].append(kode)
        arms = []
        for i, (group, members) in enumerate(sorted(groups.items())):
            marks, more = _named(f"group{i}_", members)
            args.update(more)
            args[f"group{i}"] = group
            arms.append(f"WHEN t.kategori_kode IN ({marks}) THEN :group{i}")
        return cls(
            hjelpe=bases("hjelpe", lambda t: t.er_hjelpetiltak),
            omsorg=bases("omsorg", lambda t: t.er_omsorgstiltak),
            kind=f"CASE {kinds} END",
            group=f"CASE {' '.join(arms)} END" if arms else "NULL",
            foster=codes("foster", lambda t: t.er_fosterhjem),
            inst=codes("inst", lambda t: t.er_institusjon),
            housing=codes("housing", lambda t: t.kategori_kode.split(".")[0] == "8"),
            args=args)


# --- concluded meldinger and investigations per day -------------------------------------------


class _Concluded:
    """Meldinger or investigations concluded per day and konklusjon code, with how many of them
    after their stored due date: any period's fristbrudd share, table by code or quarter rows
    are sums over these few rows (about one a day and code)."""

    def __init__(self, rows: Iterable[tuple[str, str | None, int, int]] = ()) -> None:
        self.rows = sorted(rows, key=lambda r: r[0])
        self.days = [r[0] for r in self.rows]

    def _within(self, period: Period) -> list[tuple[str, str | None, int, int]]:
        first = bisect.bisect_left(self.days, _iso(period.start))
        last = bisect.bisect_right(self.days, _iso(period.end))
        return self.rows[first:last]

    def share(self, period: Period) -> Share:
        """(concluded after the due date, concluded) in ``period``."""
        rows = self._within(period)
        return Share(sum(r[3] for r in rows), sum(r[2] for r in rows))

    def by_code(self, period: Period) -> dict[str | None, tuple[int, int]]:
        """konklusjon code → (concluded, after the due date) in ``period``."""
        result: dict[str | None, list[int]] = {}
        for _, kode, n, late in self._within(period):
            total = result.setdefault(kode, [0, 0])
            total[0] += n
            total[1] += late
        return {k: (n, late) for k, (n, late) in result.items()}


# --- the queries ----------------------------------------------------------------------------------


class ReportQueries:
    """The report's figures counted in SQL on one connection, inside the caller's snapshot."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._kinds: _Kinds | None = None
        self._children: list[FosterChild] = []
        self._visits: dict[tuple[date, date], VisitCounts] = {}

    # --- the whole report -----------------------------------------------------------------------

    def has_cases(self, period: Period) -> bool:
        """Whether a case ran at least one day in ``period``."""
        return self._conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM saker s WHERE {_overlaps('s', ':start', ':end')})",
            {"start": _iso(period.start), "end": _iso(period.end)}).fetchone()[0] == 1

    def case_count(self) -> int:
        """Every case of the register (``build_report`` over every case file counts them all)."""
        return int(self._conn.execute("SELECT COUNT(*) FROM saker").fetchone()[0])

    def figures(self, period: Period, measured: date,
                earlier: Sequence[Period] = ()) -> tuple[ReportFigures, list[dict[str, Share]]]:
        """Every figure of the report for ``period`` measured on ``measured``
        (``core.report.count_report`` over every case file), and the scorecard of each
        ``earlier`` period measured on its own last day."""
        counted = counted_part(period, measured)
        previous, last_year = period.previous(), period.same_last_year()
        asked = [(counted, measured), (previous, previous.end), (last_year, last_year.end),
                 *((p, p.end) for p in earlier)]
        first = min(p.start for p, _ in asked)
        last = max(p.end for p, _ in asked)
        # The facts first …
        self._children = self._foster_children(
            min(visit_window(p.start, p.end)[0] for p, _ in asked), last)
        self._visits.clear()
        received = self._meldinger(counted, measured)
        tiltak = self._tiltak(counted, measured)
        young = self._young_people(measured)
        active = self._active_cases(measured)
        case_count = self.case_count()
        plans = self._plans(sorted({day for _, day in asked}))
        # … then what needs the stored deadlines (but the few evaluations of the plans).
        meldinger = self._concluded("meldinger", first, last)
        investigations = self._concluded("undersokelser", first, last)
        shares = [self._shares(p, day, meldinger, investigations, plans) for p, day in asked]
        sections: dict[str, tuple[Table, ...]] = {
            "Meldinger": meldinger_tables_from(
                replace(received, concluded=meldinger.by_code(counted)), counted,
                measured=measured),
            "Undersøkelser": undersokelser_tables_from(
                self._undersokelser(counted, investigations), counted),
            "Tiltak": (*tiltak_tables_from(tiltak, measured),
                       *placement_tables_from(placement_facts(self._conn, counted.start,
                                                              counted.end),
                                              counted.start, counted.end, measured)),
            "Besøk": besok_tables_from(self.visits(counted), counted),
            "Ettervern": ettervern_tables_from(young, measured),
        }
        live = self._live(measured)
        open_ = self._open_deadlines(measured)
        sections["Saksmengde"] = saksmengde_tables_from(
            {name: (n, *open_.get(name, (0, 0, 0))) for name, n in active.items()}, measured)
        sections["Internkontroll"] = (samples_table(
            sample_tallies(self._conn, counted.start, counted.end), counted.start, counted.end,
            measured), milestone_table(*stored_milestones(self._conn, counted.start, counted.end),
                                       counted.start, counted.end, measured))
        return ReportFigures(shares[0], shares[1], shares[2], live, sections, case_count), \
            shares[3:]

    # --- scorecard ------------------------------------------------------------------------------

    def _shares(self, period: Period, measured: date, meldinger: _Concluded,
                investigations: _Concluded,
                plans: Mapping[str, dict[str, Share]]) -> dict[str, Share]:
        shares = {"melding_fristbrudd": meldinger.share(period),
                  "undersokelse_fristbrudd": investigations.share(period),
                  **plans[_iso(measured)], **visit_shares(self.visits(period))}
        assert set(shares) == set(INDICATOR_KEYS)
        return {k: shares[k] for k in INDICATOR_KEYS}

    def _plans(self, days: Sequence[date]) -> dict[str, dict[str, Share]]:
        """The plan indicators on each of ``days`` (ISO day → key → share): children with an
        active hjelpetiltak (with an active tiltaksplan), with an active tiltaksplan (whose
        evaluation was not overdue that day), under care (with an omsorgsplan, a samværsplan).
        One pass over tiltak and one over planer, a column per day."""
        kinds = self._kinds_table()
        tplan, tplan_args = _named("tp", sorted(TILTAKSPLAN_TYPES))
        oplan, oplan_args = _named("op", sorted(OMSORGSPLAN_TYPES))
        n = range(len(days))

        def on(alias: str, i: int) -> str:
            return f"{alias}.startdato <= :d{i} AND ({alias}.sluttdato IS NULL " \
                   f"OR {alias}.sluttdato >= :d{i})"

        def flag(test: str) -> str:
            return f"MAX(CASE WHEN {test} THEN 1 ELSE 0 END)"

        # Overdue on the day as it was then (core.report_model.status_on): not met by then,
        # and ended unmet by then or past its due date.
        overdue = [
            f"EXISTS (SELECT 1 FROM frister f WHERE f.rule_id = :evaluation "
            f"AND f.gjelder = 'plan' AND f.gjelder_id = p.id "
            f"AND (f.oppfylt_dato IS NULL OR f.oppfylt_dato > :d{i}) "
            f"AND ((f.ikke_oppfylt_dato IS NOT NULL AND f.ikke_oppfylt_dato <= :d{i}) "
            f"OR f.frist < :d{i}))" for i in n]
        tiltak = ", ".join(
            f"{flag('h = 1 AND ' + on('t', i))} AS h{i}, "
            f"{flag('o = 1 AND ' + on('t', i))} AS o{i}" for i in n)
        plans = ", ".join(
            f"{flag(f'p.plantype IN ({tplan}) AND ' + on('p', i))} AS tp{i}, "
            f"{flag(f'p.plantype IN ({oplan}) AND ' + on('p', i))} AS op{i}, "
            f"{flag('p.plantype = :samvaer AND ' + on('p', i))} AS sp{i}, "
            f"{flag(f'p.plantype IN ({tplan}) AND ' + on('p', i) + ' AND ' + overdue[i])} "
            f"AS ev{i}" for i in n)

        def both(a: str, b: str) -> str:
            return f"SUM(CASE WHEN {a} = 1 AND {b} = 1 THEN 1 ELSE 0 END)"

        sql = f"""
        WITH classed AS MATERIALIZED (
            SELECT t.sak_id AS sak_id, t.startdato AS startdato, t.sluttdato AS sluttdato,
                   CASE WHEN {kinds.hjelpe} THEN 1 ELSE 0 END AS h,
                   CASE WHEN {kinds.omsorg} THEN 1 ELSE 0 END AS o
            FROM tiltak t WHERE t.startdato <= :last
              AND (t.sluttdato IS NULL OR t.sluttdato >= :first)),
        active AS MATERIALIZED (
            SELECT t.sak_id AS sak_id, {tiltak} FROM classed t GROUP BY t.sak_id),
        plans AS MATERIALIZED (
            SELECT p.sak_id AS sak_id, {plans} FROM planer p WHERE p.startdato <= :last
              AND (p.sluttdato IS NULL OR p.sluttdato >= :first)
            GROUP BY p.sak_id)
        SELECT {", ".join(f"SUM(a.h{i}), {both(f'a.h{i}', f'p.tp{i}')}, SUM(a.o{i}), "
                          f"{both(f'a.o{i}', f'p.op{i}')}, {both(f'a.o{i}', f'p.sp{i}')}, "
                          f"0, 0" for i in n)}
        FROM active a LEFT JOIN plans p ON p.sak_id = a.sak_id
        UNION ALL
        SELECT {", ".join(f"0, 0, 0, 0, 0, SUM(tp{i}), "
                          f"SUM(CASE WHEN tp{i} = 1 AND ev{i} = 0 THEN 1 ELSE 0 END)"
                          for i in n)}
        FROM plans
        """
        args = {**kinds.args, **tplan_args, **oplan_args, "samvaer": PlanType.SAMVAERSPLAN,
                "evaluation": EVALUATION_RULE, "first": _iso(min(days)), "last": _iso(max(days)),
                **{f"d{i}": _iso(d) for i, d in enumerate(days)}}
        sums = [0] * (7 * len(days))
        for row in self._conn.execute(sql, args):
            sums = [a + int(b or 0) for a, b in zip(sums, row, strict=True)]
        result = {}
        for i, day in enumerate(days):
            h, h_plan, o, o_plan, o_samvaer, tp, tp_ok = sums[7 * i:7 * i + 7]
            result[_iso(day)] = {"tiltaksplan": Share(h_plan, h),
                                 "evaluert_tiltaksplan": Share(tp_ok, tp),
                                 "omsorgsplan": Share(o_plan, o),
                                 "samvaersplan": Share(o_samvaer, o)}
        return result

    # --- fristbrudd -----------------------------------------------------------------------------

    def _concluded(self, table: str, first: date, last: date) -> _Concluded:
        """Meldinger or investigations (``table``) concluded in [first, last] per day and code,
        and how many of them after their stored due date. Read from the deadlines of their
        rules in key order, each finding its melding or investigation by its key (faster than
        the other way round once the deadline table outgrows the page cache)."""
        due = _MELDING_DUE if table == "meldinger" else _INVESTIGATION_DUE
        window = {"first": _iso(first), "last": _iso(last)}
        rows = self._conn.execute(
            "SELECT x.konklusjon_dato, x.konklusjon_kode, COUNT(*), "
            "SUM(CASE WHEN x.konklusjon_dato > f.frist THEN 1 ELSE 0 END) "
            f"FROM frister f CROSS JOIN {table} x WHERE {due.format(x='x')} "
            "AND x.konklusjon_dato BETWEEN :first AND :last "
            "GROUP BY x.konklusjon_dato, x.konklusjon_kode", window).fetchall()
        (expected,) = self._conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE konklusjon_dato BETWEEN :first AND :last",
            window).fetchone()
        if sum(r[2] for r in rows) != expected:  # each must have its one stored deadline
            raise StorageError(_MISSING)
        return _Concluded((r[0], r[1], int(r[2]), int(r[3])) for r in rows)

    def _live(self, measured: date) -> tuple[int, int]:
        """(open investigations over their due date, meldinger not reviewed within 7 days) on
        ``measured``."""
        row = self._conn.execute(
            f"""SELECT
            (SELECT COUNT(*) FROM undersokelser u CROSS JOIN frister f
             WHERE u.startdato <= :m AND (u.konklusjon_dato IS NULL OR u.konklusjon_dato > :m)
             AND {_INVESTIGATION_DUE.format(x="u")} AND f.frist < :m),
            (SELECT COUNT(*) FROM meldinger m CROSS JOIN frister f
             WHERE m.mottatt <= :m AND (m.konklusjon_dato IS NULL OR m.konklusjon_dato > :m)
             AND {_MELDING_DUE.format(x="m")} AND f.frist < :m)""",
            {"m": _iso(measured)}).fetchone()
        return int(row[0]), int(row[1])

    # --- Meldinger ------------------------------------------------------------------------------

    def _meldinger(self, period: Period, measured: date) -> MeldingCounts:
        """The Meldinger figures (``core.report_tables.count_meldinger``) but those concluded
        (``concluded`` is empty: ``_deadline_pass`` counts them)."""
        months = report_months(period, measured)
        trend = trend_months(months)
        last_year = period.same_last_year()
        age = ("CASE WHEN s.fodselsdato IS NULL OR m.mottatt < s.fodselsdato THEN NULL "
               "ELSE CAST(substr(m.mottatt, 1, 4) AS INTEGER) "
               "- CAST(substr(s.fodselsdato, 1, 4) AS INTEGER) "
               "- CASE WHEN substr(m.mottatt, 6, 5) < substr(s.fodselsdato, 6, 5) THEN 1 ELSE 0 "
               "END END")
        # A repeat child (gjenganger): a melding received or an investigation started before
        # this melding.
        repeat = ("CASE WHEN EXISTS (SELECT 1 FROM meldinger e WHERE e.sak_id = m.sak_id "
                  "AND e.mottatt < m.mottatt) OR EXISTS (SELECT 1 FROM undersokelser x "
                  "WHERE x.sak_id = m.sak_id AND x.startdato < m.mottatt) THEN 1 ELSE 0 END")
        trend_part = ("""
        UNION ALL
        SELECT 'trend', substr(m.mottatt, 1, 7), COUNT(*), COUNT(DISTINCT m.sak_id), 0
        FROM meldinger m WHERE m.mottatt BETWEEN :trend_start AND :trend_end
        GROUP BY substr(m.mottatt, 1, 7)""" if trend else "")
        sql = f"""
        WITH received AS MATERIALIZED (
            SELECT m.id AS id, m.sak_id AS sak_id, m.mottatt AS mottatt, {repeat} AS rep,
                   {age} AS age
            FROM meldinger m CROSS JOIN saker s
            WHERE m.mottatt BETWEEN :start AND :end AND s.id = m.sak_id)
        SELECT 'all', NULL, COUNT(*), COUNT(DISTINCT sak_id),
               COUNT(DISTINCT CASE WHEN rep = 1 THEN sak_id END) FROM received
        UNION ALL
        SELECT 'month', substr(mottatt, 1, 7), COUNT(*), COUNT(DISTINCT sak_id),
               COUNT(DISTINCT CASE WHEN rep = 1 THEN sak_id END)
        FROM received WHERE mottatt <= :measured GROUP BY substr(mottatt, 1, 7)
        UNION ALL
        SELECT 'age', {_age_group('age', AGE_GROUPS)}, COUNT(*), COUNT(DISTINCT sak_id), 0
        FROM received GROUP BY 2
        UNION ALL
        SELECT 'moss', {_age_group('age', MOSS_AGE_GROUPS)}, COUNT(*), COUNT(DISTINCT sak_id), 0
        FROM received GROUP BY 2
        UNION ALL
        SELECT 'melder', c.kode, COUNT(DISTINCT r.id), 0, 0
        FROM received r LEFT JOIN melding_melder c ON c.melding_id = r.id GROUP BY c.kode
        UNION ALL
        SELECT 'melder_last_year', c.kode, COUNT(DISTINCT m.id), 0, 0
        FROM meldinger m LEFT JOIN melding_melder c ON c.melding_id = m.id
        WHERE m.mottatt BETWEEN :ly_start AND :ly_end
          AND NOT (m.mottatt BETWEEN :start AND :end)
        GROUP BY c.kode{trend_part}
        """
        args = {"start": _iso(period.start), "end": _iso(period.end),
                "measured": _iso(measured), "ly_start": _iso(last_year.start),
                "ly_end": _iso(last_year.end)}
        if trend:
            args |= {"trend_start": _iso(trend[0].start), "trend_end": _iso(trend[-1].end)}
        per: dict[str, dict[Any, tuple[int, int, int]]] = defaultdict(dict)
        for part, key, n, children, repeats in self._conn.execute(sql, args):
            per[part][key] = (int(n), int(children), int(repeats))
        received, children, repeats = per["all"][None]

        def by_month(ps: Sequence[Period], part: str) -> list[tuple[int, int, int]]:
            found = per[part]
            return [found.get(f"{p.start:%Y-%m}", (0, 0, 0)) for p in ps]

        def by_age(part: str, groups: tuple[tuple[int, int, str], ...],
                   ) -> dict[str, tuple[int, int]]:
            return {age_label(_age_of_group(g, groups), groups): (n, c)
                    for g, (n, c, _) in per[part].items()}

        return MeldingCounts(
            received=received, children=children, repeat=repeats,
            months=tuple(by_month(months, "month")),
            trend=tuple((n, c) for n, c, _ in by_month(trend, "trend")),
            by_melder={k: n for k, (n, _, _) in per["melder"].items()},
            by_melder_last_year={k: n for k, (n, _, _) in per["melder_last_year"].items()},
            by_age=by_age("age", AGE_GROUPS), by_age_moss=by_age("moss", MOSS_AGE_GROUPS),
            concluded={})

    # --- Undersøkelser --------------------------------------------------------------------------

    def _undersokelser(self, period: Period, concluded: _Concluded) -> UndersokelseCounts:
        """The Undersøkelser figures (``core.report_tables.count_undersokelser``)."""
        open_end = "(u.konklusjon_dato IS NULL OR u.konklusjon_dato > :end)"
        row = self._conn.execute(
            f"""SELECT
            SUM(CASE WHEN u.startdato >= :start THEN 1 ELSE 0 END),
            SUM(CASE WHEN f.rule_id = :extended THEN 1 ELSE 0 END),
            SUM(CASE WHEN f.rule_id <> :extended AND u.utvidet_dato IS NOT NULL
                THEN 1 ELSE 0 END),
            SUM(CASE WHEN {open_end} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {open_end} AND f.frist < :end THEN 1 ELSE 0 END),
            SUM(CASE WHEN {open_end} AND f.rule_id = :extended THEN 1 ELSE 0 END),
            SUM(CASE WHEN f.frist IS NULL THEN 1 ELSE 0 END)
            FROM undersokelser u LEFT JOIN frister f ON {_INVESTIGATION_DUE.format(x="u")}
            WHERE u.startdato <= :end
              AND (u.konklusjon_dato IS NULL OR u.konklusjon_dato >= :start)""",
            {"start": _iso(period.start), "end": _iso(period.end),
             "extended": INVESTIGATION_RULES[1]}).fetchone()
        if row[6]:
            raise StorageError(_MISSING)
        started, extended, invalid, open_, late, open_extended = (int(v or 0) for v in row[:6])
        return UndersokelseCounts(
            started=started, extended=extended, invalid_extension=invalid,
            concluded=concluded.by_code(period),
            quarters=tuple((s.denominator, s.numerator) for s in
                           (concluded.share(q) for q in period.quarters())),
            open_end=open_, open_end_late=late, open_end_extended=open_extended)

    # --- Tiltak ---------------------------------------------------------------------------------

    def _tiltak(self, period: Period, measured: date) -> TiltakCounts:
        """The Tiltak figures (``core.report_tables.count_tiltak``)."""
        kinds = self._kinds_table()
        placements, place_args = "", dict[str, Any]()
        for p, (_, codes) in enumerate(PLACEMENTS):
            marks, more = _named(f"place{p}_", sorted(codes))
            place_args |= more
            placements += f"""
            UNION ALL
            SELECT 'place', '{p}', COUNT(DISTINCT during), COUNT(DISTINCT on_day) FROM counted
            WHERE kode IN ({marks})"""
        sql = f"""
        WITH counted AS MATERIALIZED (
            SELECT t.sak_id AS sak_id, t.kategori_kode AS kode, {kinds.kind} AS kind,
                   {kinds.group} AS grp,
                   CASE WHEN {_overlaps('t', ':start', ':end')} THEN t.sak_id END AS during,
                   CASE WHEN {_active('t', ':m')} THEN t.sak_id END AS on_day
            FROM tiltak t
            WHERE ({_overlaps('t', ':start', ':end')}) OR ({_active('t', ':m')}))
        SELECT 'kind', kind, COUNT(DISTINCT during), COUNT(DISTINCT on_day) FROM counted
        GROUP BY kind
        UNION ALL
        SELECT 'kind', 'alle', COUNT(DISTINCT during), COUNT(DISTINCT on_day) FROM counted
        UNION ALL
        SELECT 'group', grp, COUNT(DISTINCT during), COUNT(DISTINCT on_day) FROM counted
        GROUP BY grp
        UNION ALL
        SELECT 'code', kode, COUNT(DISTINCT during), COUNT(DISTINCT on_day) FROM counted
        GROUP BY kode{placements}
        UNION ALL
        SELECT 'akutt', NULL, COUNT(*), COUNT(DISTINCT sak_id) FROM vedtak
        WHERE akutt_tidspunkt IS NOT NULL AND dato BETWEEN :start AND :end
        """
        args = {**kinds.args, **place_args, "start": _iso(period.start), "end": _iso(period.end),
                "m": _iso(measured)}
        per: dict[str, dict[Any, tuple[int, int]]] = defaultdict(dict)
        for part, key, during, on_day in self._conn.execute(sql, args):
            per[part][key] = (int(during), int(on_day))
        akutt, akutt_children = per["akutt"][None]
        return TiltakCounts(
            by_kind=per["kind"], by_group=per["group"], by_code=per["code"],
            placements=tuple(per["place"].get(str(p), (0, 0)) for p in range(len(PLACEMENTS))),
            akutt=akutt, akutt_children=akutt_children)

    # --- Besøk ----------------------------------------------------------------------------------

    def visits(self, period: Period) -> VisitCounts:
        """The visit counts of ``period`` (``core.report_tables.count_visits``), counted once
        per period from the foster homes read by ``figures``."""
        key = (period.start, period.end)
        found = self._visits.get(key)
        if found is None:
            found = self._visits[key] = count_visits(self._children, period, FosterChild.judge)
        return found

    def _foster_children(self, start: date, end: date) -> list[FosterChild]:
        """Each child's foster-home tiltak that ran in [start, end], with their visit
        frequencies and their visits in [start, end]: all that the visit figures of periods
        judged within [start, end] read (``core.report_tables.FosterChild``)."""
        marks, args = _named("c", sorted(FOSTERHJEM_CODES))
        where = f"t.kategori_kode IN ({marks}) AND {_overlaps('t', ':start', ':end')}"
        args |= {"start": _iso(start), "end": _iso(end)}
        day = R.day
        frequencies: dict[tuple[int, str], list[Frequency]] = defaultdict(list)
        for tiltak_id, kind, first, per_aar in self._conn.execute(
                "SELECT h.tiltak_id, h.type, h.startdato, h.per_aar FROM tiltak t "
                f"CROSS JOIN tiltak_hyppighet h WHERE {where} AND h.tiltak_id = t.id "
                "ORDER BY h.rowid", args):
            frequencies[tiltak_id, kind].append(Frequency(_day(first), per_aar))
        visits: dict[tuple[int, str], list[date]] = defaultdict(list)
        for tiltak_id, kind, done in self._conn.execute(
                "SELECT b.tiltak_id, b.type, b.dato FROM tiltak t CROSS JOIN besok b "
                f"WHERE {where} AND b.tiltak_id = t.id AND b.dato BETWEEN :start AND :end",
                args):
            visits[tiltak_id, kind].append(_day(done))
        kinds = [(k, k.value) for k in VisitKind]
        homes: dict[int, list[FosterHome]] = defaultdict(list)
        for tiltak_id, sak_id, first, last in self._conn.execute(
                f"SELECT t.id, t.sak_id, t.startdato, t.sluttdato FROM tiltak t WHERE {where} "
                "ORDER BY t.sak_id, t.id", args):
            homes[sak_id].append(FosterHome(
                _day(first), day(last),
                {k: tuple(sorted(frequencies[tiltak_id, v], key=_start))
                 if (tiltak_id, v) in frequencies else () for k, v in kinds},
                {k: tuple(sorted(visits[tiltak_id, v])) if (tiltak_id, v) in visits else ()
                 for k, v in kinds}))
        return [FosterChild(tuple(h)) for h in homes.values()]

    # --- Ettervern ------------------------------------------------------------------------------

    def _young_people(self, measured: date) -> list[YoungPerson]:
        """The children with an active tiltak on ``measured`` who can be 18–24 on that day or
        turn 18 in the next 12 months (``core.report_tables.young_people``)."""
        kinds = self._kinds_table()
        # Younger than 25 on the day means born in the year 25 years before it or later; 18 by
        # the horizon (12 months on) born 17 years before it or earlier. A year wider each way:
        # ettervern_tables_from judges each child exactly.
        born_from = date(max(measured.year - 26, 1), 1, 1)
        born_to = date(measured.year - 16, 12, 31)
        sql = f"""
        SELECT s.fodselsdato, {", ".join(f"MAX(CASE WHEN {test} THEN 1 ELSE 0 END)" for test in
                                        (kinds.foster, kinds.housing, kinds.inst, kinds.omsorg))},
            CASE WHEN EXISTS (SELECT 1 FROM planer p WHERE p.sak_id = s.id
                              AND p.plantype = :aftercare AND {_active('p', ':m')})
                 THEN 1 ELSE 0 END,
            CASE WHEN EXISTS (SELECT 1 FROM ettervern e WHERE e.sak_id = s.id
                              AND e.tilbud_sendt <= :m) THEN 1 ELSE 0 END
        FROM tiltak t CROSS JOIN saker s
        WHERE {_active('t', ':m')} AND s.id = t.sak_id
          AND s.fodselsdato BETWEEN :born_from AND :born_to
        GROUP BY s.id, s.fodselsdato
        """
        args = {**kinds.args, "aftercare": PlanType.ETTERVERN, "m": _iso(measured),
                "born_from": _iso(born_from), "born_to": _iso(born_to)}
        return [YoungPerson(R.day(r[0]), *(bool(v) for v in r[1:]))
                for r in self._conn.execute(sql, args)]

    # --- Saksmengde -----------------------------------------------------------------------------

    def _active_cases(self, measured: date) -> dict[str, int]:
        """Cases active on ``measured`` per caseworker (as stored)."""
        active: dict[str, int] = defaultdict(int)
        for (name,) in self._conn.execute(
                f"SELECT s.saksbehandler FROM saker s WHERE {_active('s', ':m')}",
                {"m": _iso(measured)}):
            active[name] += 1  # counted here: grouped in SQL, saker is read through its index
        return active

    def _open_deadlines(self, measured: date) -> dict[str, tuple[int, int, int]]:
        """Per caseworker, the legal deadlines of the cases active on ``measured`` that were open
        that day — not met or ended by then, whatever their due date — and of them overdue and
        due soon (``core.report_tables.count_workload``). The deadline table is read once, in
        order, each row's case found by its key."""
        return {name: (int(n), int(overdue), int(soon)) for name, n, overdue, soon in
                self._conn.execute(
                    f"""SELECT s.saksbehandler, COUNT(*),
                    SUM(CASE WHEN f.frist < :m THEN 1 ELSE 0 END),
                    SUM(CASE WHEN f.varsel_fra <= :m AND f.frist >= :m THEN 1 ELSE 0 END)
                    FROM frister f CROSS JOIN saker s
                    WHERE s.id = f.sak_id AND {_open_on('f', ':m')} AND {_active('s', ':m')}
                    GROUP BY s.saksbehandler""", {"m": _iso(measured)})}

    # --- the detail list ------------------------------------------------------------------------

    def detail_rows(self, measured: date, *, only_overdue: bool = False) -> list[DetailRow]:
        """The internal detail list (``core.report.build_detail_rows`` over every case file):
        the legal deadlines of the cases active on ``measured`` that were open that day."""
        cols = ("rule_id", "sak_id", "gjelder", "gjelder_id", "seq", "frist", "varsel_fra",
                "oppfylt_dato", "ikke_oppfylt_dato", "lokal")
        sql = (f"SELECT s.journalnummer, s.navn, s.saksbehandler, "
               f"{', '.join('f.' + c for c in cols)} FROM frister f CROSS JOIN saker s "
               f"WHERE s.id = f.sak_id AND {_open_on('f', ':m')} AND {_active('s', ':m')}")

        def pairs() -> Iterator[tuple[Sak, Deadline]]:
            for r in self._conn.execute(sql, {"m": _iso(measured)}):
                sak = Sak(journalnummer=r[0], navn=r[1], fodselsnummer="", fodselsdato=None,
                          kjonn=None, saksbehandler=r[2], startdato=date.min)
                d = r[3:]
                yield sak, Deadline(d[0], d[1], d[2], d[3], d[4], _day(d[5]), _day(d[6]), "",
                                    R.day(d[7]), R.day(d[8]), bool(d[9]))

        return detail_rows(pairs(), measured, only_overdue=only_overdue)

    # --- shared ---------------------------------------------------------------------------------

    def _kinds_table(self) -> _Kinds:
        if self._kinds is None:
            self._kinds = _Kinds.read(self._conn)
        return self._kinds


def _open_on(alias: str, day: str) -> str:
    """A legal deadline not met or ended on ``day`` (open then, whatever its due date)."""
    return (f"{alias}.lokal = 0 AND {alias}.ukjent = 0 AND ({alias}.oppfylt_dato IS NULL OR "
            f"{alias}.oppfylt_dato > "
            f"{day}) AND ({alias}.ikke_oppfylt_dato IS NULL OR {alias}.ikke_oppfylt_dato > "
            f"{day})")


def _age_group(age: str, groups: tuple[tuple[int, int, str], ...]) -> str:
    """SQL for the index of the age group of ``age`` (NULL: unborn or no birth date;
    ``len(groups)``: older than every group), as ``core.report_tables.age_label`` groups it."""
    arms = " ".join(f"WHEN {age} BETWEEN {int(low)} AND {int(high)} THEN '{i}'"
                    for i, (low, high, _) in enumerate(groups))
    # as text: it shares a column of a UNION with text keys (PostgreSQL types each column once)
    return f"CASE WHEN {age} IS NULL THEN NULL {arms} ELSE '{len(groups)}' END"


def _age_of_group(key: str | None, groups: tuple[tuple[int, int, str], ...]) -> int | None:
    """An age in the group of ``_age_group``'s index (None for NULL, past every group for
    ``len(groups)``), for ``age_label``."""
    if key is None:
        return None
    index = int(key)
    if index == len(groups):
        return max(high for _, high, _ in groups) + 1
    return groups[index][0]


def _start(f: Frequency) -> date:
    return f.startdato


def _day(text: str) -> date:
    """A stored (NOT NULL) date."""
    return R.day(text) or date.min
