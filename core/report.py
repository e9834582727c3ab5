"""The leader's report (REPORTING.md): scorecard indicators, live figures and activity tables.

``build_report`` is pure: it takes plain case files, a period, a measurement date and the rule
parameters in force and returns a ``Report``; nothing is read from disk or the clock. Every figure
carries its definition in words (teller/nevner) so that no number is shown without it.

Counting follows RULES.md "Statistics semantics": fristbrudd are counted when the melding or the
investigation is concluded; snapshot figures (plan coverage) are taken on the measurement date and
ignore acts recorded after it; visits are pro-rated for the months a child lived in a foster home.

``build_report`` = ``count_report`` (every figure, counted from the case files: the reference)
+ ``assemble_report`` (indicators with their definitions, targets and comparisons, live figures,
tables). The register counts the same ``ReportFigures`` in SQL (``storage.report_queries``) and
lays them out with the same functions, so a report is the same whichever way it was counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from core.dates import fmt
from core.deadlines import Deadline, Status
from core.milestone_report import milestone_facts, milestone_table
from core.model import (
    OMSORGSPLAN_TYPES,
    TILTAKSPLAN_TYPES,
    CaseFile,
    PlanType,
    Sak,
    VisitKind,
)
from core.params import PARAMS_BY_KEY, Params
from core.periods import Period, date_range
from core.placement_report import placement_tables
from core.report_counts import VisitCounts, case_active, count_visits
from core.report_model import (
    OYEBLIKK,
    PERIODE,
    DetailRow,
    DueDates,
    Indicator,
    LiveFigure,
    ParamInForce,
    Report,
    Share,
    Table,
    status_on,
    suppress,
    suppress_share,
)
from core.report_tables import (
    besok_tables_from,
    ettervern_tables,
    meldinger_tables,
    saksmengde_tables,
    tiltak_tables,
    undersokelser_tables,
)
from core.rules import RULES_BY_ID, Rule, compute_deadlines
from core.samples import SampleTally, samples_table

__all__ = [
    "INDICATOR_KEYS",
    "INDICATOR_SPECS",
    "SECTION_NAMES",
    "VISIT_INDICATORS",
    "DetailRow",
    "Indicator",
    "IndicatorSpec",
    "LiveFigure",
    "ParamInForce",
    "Report",
    "ReportFigures",
    "Share",
    "Table",
    "assemble_report",
    "build_detail_rows",
    "build_report",
    "count_report",
    "counted_part",
    "detail_rows",
    "indicator_shares",
    "live_figures_from",
    "scorecard_report",
    "suppress",
    "suppress_share",
    "visit_shares",
]

SECTION_NAMES = ("Meldinger", "Undersøkelser", "Tiltak", "Besøk", "Ettervern", "Saksmengde",
                 "Internkontroll")


@dataclass(frozen=True)
class IndicatorSpec:
    """How one scorecard indicator is defined: label, kind, direction and teller/nevner in words."""

    key: str
    label: str
    kind: str
    lower_is_better: bool
    numerator: Callable[[Params], str]
    denominator: Callable[[Params], str]
    note: str = ""
    #: How a period figure is counted, when not over the period itself (the visit indicators).
    counted_over: str = ""

    def definition(self, params: Params) -> str:
        kind = ("Øyeblikksbilde: telles på måledatoen." if self.kind != PERIODE
                else f"Periodetall: telles over {self.counted_over or 'hele perioden'}.")
        text = (f"Teller: {self.numerator(params)}. Nevner: {self.denominator(params)}. {kind}")
        return f"{text} {self.note}".strip()


def _roll_note(params: Params) -> str:
    return (" (frist på helg/helligdag flyttet til neste virkedag)"
            if params["frist.rull_helligdag"] else "")


def _visits_text(kind: str) -> Callable[[Params], str]:
    return lambda p: (f"barn i fosterhjem som fikk minst det påkrevde antallet {kind} – i "
                      "perioden, eller for perioder kortere enn ett år i de 12 månedene som "
                      "slutter på periodens siste dag (rullerende år; fire besøk i året kan ikke "
                      "vurderes på én måned). Påkrevd antall: fastsatt hyppighet per år "
                      "(standard 4) × måneder i fosterhjem i dette tidsrommet / 12, rundet opp; "
                      "en hel kalendermåned teller 1, en delvis måned dagene i fosterhjem / "
                      "dagene i måneden, så et barn som har bodd der kortere får et "
                      "forholdsmessig krav; alle fosterhjemstiltak for barnet summert")


def _foster_children(p: Params) -> str:
    return ("barn som bodde i fosterhjem (alle fosterhjemskategorier, tiltakskategori "
            "2.1–2.6, 2.99, også beredskapshjem – de samme kodene som fosterhjemsraden i Tiltak) "
            "minst én dag i perioden")


VISITS_COUNTED_OVER = ("perioden når den er minst ett år, ellers de 12 månedene som slutter på "
                       "periodens siste dag")

INDICATOR_SPECS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "melding_fristbrudd", "Andel meldinger med fristbrudd", PERIODE, True,
        lambda p: "meldinger konkludert i perioden senere enn 7 dager etter at de ble mottatt"
                  + _roll_note(p),
        lambda p: "meldinger konkludert i perioden",
        "Fristbrudd telles på konklusjonsdatoen (bvl § 2-1: «senest innen én uke»)."),
    IndicatorSpec(
        "undersokelse_fristbrudd", "Andel undersøkelser med fristbrudd", PERIODE, True,
        lambda p: "undersøkelser konkludert i perioden etter fristen – 3 måneder etter "
                  "meldingsfristen (mottatt + 7 dager), eller 6 måneder når utvidet frist ble "
                  "registrert senest på tremånedersdatoen" + _roll_note(p),
        lambda p: "undersøkelser konkludert i perioden",
        "Fristbrudd telles når undersøkelsen konkluderes, ikke når fristen passeres (bvl § 2-2)."),
    IndicatorSpec(
        "tiltaksplan", "Andel med tiltaksplan", OYEBLIKK, False,
        lambda p: "barn med aktivt hjelpetiltak på måledatoen som har en aktiv tiltaksplan "
                  "(plantype 1 eller 5)",
        lambda p: "barn med aktivt hjelpetiltak på måledatoen",
        "Bvl § 8-1."),
    IndicatorSpec(
        "evaluert_tiltaksplan", "Andel med evaluert tiltaksplan", OYEBLIKK, False,
        lambda p: "barn med aktiv tiltaksplan der ingen evaluering var forfalt på måledatoen "
                  f"(evaluering hver {p.int('tiltaksplan.evaluering.mnd')}. måned etter at planen "
                  "ble opprettet eller sist evaluert, eller planens eget intervall)",
        lambda p: "barn med aktiv tiltaksplan (plantype 1 eller 5) på måledatoen",
        "Bvl § 8-1; intervallet er en retningslinje (Q-0982) og kan endres i Innstillinger."),
    IndicatorSpec(
        "omsorgsplan", "Andel med omsorgsplan", OYEBLIKK, False,
        lambda p: "barn under omsorg (aktivt omsorgstiltak) på måledatoen som har en aktiv "
                  "omsorgsplan (plantype 4 eller foreløpig omsorgsplan, plantype 3)",
        lambda p: "barn med aktivt omsorgstiltak (omsorgsovertakelse) på måledatoen",
        "Bvl § 8-3."),
    IndicatorSpec(
        "samvaersplan", "Andel med samværsplan", OYEBLIKK, False,
        lambda p: "barn under omsorg (aktivt omsorgstiltak) på måledatoen som har en aktiv "
                  "samværsplan (plantype 6)",
        lambda p: "barn med aktivt omsorgstiltak (omsorgsovertakelse) på måledatoen",
        "Bvl § 7-6."),
    IndicatorSpec(
        "besok_oppfolging", "Besøk i fosterhjem (oppfølging)", PERIODE, False,
        _visits_text("oppfølgingsbesøk"), _foster_children, "Fosterhjemsforskriften 2023.",
        VISITS_COUNTED_OVER),
    IndicatorSpec(
        "besok_tilsyn", "Tilsyn i fosterhjem", PERIODE, False,
        _visits_text("tilsynsbesøk"), _foster_children, "Fosterhjemsforskriften 2023.",
        VISITS_COUNTED_OVER),
)

INDICATOR_KEYS: tuple[str, ...] = tuple(s.key for s in INDICATOR_SPECS)
#: The visit indicators and the kind of visit each counts (``visit_shares``).
VISIT_INDICATORS: tuple[tuple[str, VisitKind], ...] = (
    ("besok_oppfolging", VisitKind.OPPFOLGING), ("besok_tilsyn", VisitKind.TILSYN))
VISIT_KEYS = frozenset(key for key, _ in VISIT_INDICATORS)
EVALUATION_RULE = "tiltaksplan.evaluering"
OVERDUE = (Status.FORFALT, Status.IKKE_OPPFYLT)


class _DeadlineCache:
    """Deadlines per case, computed at most once (they do not depend on the day).

    ``__call__`` gives every deadline of a case; ``evaluations`` only those of the rule
    tiltaksplan.evaluering, computed alone when the full set is not needed.
    """

    def __init__(self, params: Params,
                 known: Mapping[int, Sequence[Deadline]] | None = None) -> None:
        self.params = params
        self.known = known or {}
        self._all: dict[int, list[Deadline]] = {}
        self._evaluations: dict[int, list[Deadline]] = {}

    def __call__(self, index: int, case: CaseFile) -> list[Deadline]:
        found = self._all.get(index)
        if found is None:
            given = self.known.get(case.sak.id) if case.sak.id is not None else None
            found = list(given) if given is not None else compute_deadlines(case, self.params)
            self._all[index] = found
        return found

    def evaluations(self, index: int, case: CaseFile) -> list[Deadline]:
        found = self._evaluations.get(index)
        if found is not None:
            return found
        if index in self._all or (case.sak.id is not None and case.sak.id in self.known):
            found = [d for d in self(index, case) if d.rule_id == EVALUATION_RULE]
        else:
            found = compute_deadlines(case, self.params, only={EVALUATION_RULE})
        self._evaluations[index] = found
        return found


def visit_shares(visits: VisitCounts) -> dict[str, Share]:
    """The visit indicators from a period's visit counts (``count_visits``): of the children in
    a foster home during the period, those who got the required visits of each kind."""
    return {key: Share(visits.compliant[kind], visits.children) for key, kind in VISIT_INDICATORS}


def indicator_shares(cases: Sequence[CaseFile], period: Period, measured: date, params: Params,
                     deadlines: _DeadlineCache | None = None, dues: DueDates | None = None, *,
                     known: Mapping[int, Sequence[Deadline]] | None = None,
                     visits: VisitCounts | None = None) -> dict[str, Share]:
    """Numerator and denominator of every scorecard indicator (one pass over the cases).
    ``known``: the stored deadlines per sak id, used instead of computing them; ``visits``:
    the period's visit counts when already counted."""
    deadlines = deadlines or _DeadlineCache(params, known)
    dues = dues or DueDates(params, known)
    n = dict.fromkeys(INDICATOR_KEYS, 0)
    d = dict.fromkeys(INDICATOR_KEYS, 0)
    for i, case in enumerate(cases):
        for m in case.meldinger:
            if m.konklusjon_dato is not None and period.contains(m.konklusjon_dato):
                d["melding_fristbrudd"] += 1
                n["melding_fristbrudd"] += m.konklusjon_dato > dues.melding(case, m)
        for u in case.undersokelser:
            if u.konklusjon_dato is not None and period.contains(u.konklusjon_dato):
                due, _ = dues.investigation(case, u)
                d["undersokelse_fristbrudd"] += 1
                n["undersokelse_fristbrudd"] += u.konklusjon_dato > due

        active = [t for t in case.tiltak if t.active_on(measured)]
        plans = [p for p in case.planer if p.active_on(measured)] if case.planer else []
        tplans = [p for p in plans if p.plantype in TILTAKSPLAN_TYPES]
        if any(t.er_hjelpetiltak for t in active):
            d["tiltaksplan"] += 1
            n["tiltaksplan"] += bool(tplans)
        if tplans:
            d["evaluert_tiltaksplan"] += 1
            ids = {p.id or 0 for p in tplans}
            overdue = any(x.gjelder == "plan" and x.gjelder_id in ids
                          and status_on(x, measured) in OVERDUE
                          for x in deadlines.evaluations(i, case))
            n["evaluert_tiltaksplan"] += not overdue
        if any(t.er_omsorgstiltak for t in active):
            d["omsorgsplan"] += 1
            d["samvaersplan"] += 1
            n["omsorgsplan"] += any(p.plantype in OMSORGSPLAN_TYPES for p in plans)
            n["samvaersplan"] += any(p.plantype == PlanType.SAMVAERSPLAN for p in plans)

    shares = {k: Share(n[k], d[k]) for k in INDICATOR_KEYS if k not in VISIT_KEYS}
    # The Besøk table's counts, function and window.
    shares.update(visit_shares(visits or count_visits(cases, period)))
    return {k: shares[k] for k in INDICATOR_KEYS}


def live_figures(cases: Sequence[CaseFile], measured: date, params: Params,
                 dues: DueDates | None = None) -> tuple[LiveFigure, ...]:
    """Fristbrudd open on the measurement date (no target): the ones a leader must act on."""
    return live_figures_from(*count_live(cases, measured, params, dues), measured)


def count_live(cases: Sequence[CaseFile], measured: date, params: Params,
               dues: DueDates | None = None) -> tuple[int, int]:
    """(open investigations over their due date, meldinger not reviewed within their due date)
    on ``measured``."""
    dues = dues or DueDates(params)
    open_u = open_m = 0
    for case in cases:
        for u in case.undersokelser:
            if u.startdato <= measured and (u.konklusjon_dato is None
                                            or u.konklusjon_dato > measured):
                due, _ = dues.investigation(case, u)
                open_u += measured > due
        for m in case.meldinger:
            if m.mottatt <= measured and (m.konklusjon_dato is None
                                          or m.konklusjon_dato > measured):
                open_m += measured > dues.melding(case, m)
    return open_u, open_m


def live_figures_from(open_u: int, open_m: int, measured: date) -> tuple[LiveFigure, ...]:
    """The live figures from their counts (``count_live``)."""
    day = fmt(measured)
    return (
        LiveFigure("undersokelser_over_fristen", f"Åpne undersøkelser over fristen {day}", open_u,
                   f"Undersøkelser startet senest {day}, ikke konkludert {day}, der fristen "
                   "(3 måneder, eller 6 med gyldig utvidelse) var passert."),
        LiveFigure("meldinger_over_fristen", f"Meldinger ikke gjennomgått innen 7 dager, {day}",
                   open_m,
                   f"Meldinger mottatt senest {day}, ikke konkludert {day}, der det var gått mer "
                   "enn 7 dager siden de ble mottatt."),
    )


def params_in_force(params: Params) -> tuple[ParamInForce, ...]:
    """The rule parameters as used, with their Norwegian titles."""
    rows = []
    for key, value in params.as_dict().items():
        p = PARAMS_BY_KEY[key]
        rows.append(ParamInForce(key, p.title, value, p.format(value), p.status,
                                 p.is_default_only))
    return tuple(rows)


def _check_targets(targets: Mapping[str, float] | None) -> dict[str, float]:
    result: dict[str, float] = {}
    for key, value in (targets or {}).items():
        if key not in INDICATOR_KEYS:
            raise ValueError(f"Ukjent indikator for mål: «{key}»")
        if value is None:
            continue
        value = float(value)
        if math.isnan(value) or not 0.0 <= value <= 1.0:
            raise ValueError(f"Målet for «{key}» må være en andel mellom 0 og 1 (f.eks. 0,9)")
        result[key] = value
    return result


def counted_part(period: Period, measured: date) -> Period:
    """The part of ``period`` that period figures count: all of it, or up to the measurement
    date when that comes first (a running period is counted «så langt», never into days that
    have not happened)."""
    return period if measured >= period.end else date_range(period.start, measured)


@dataclass(frozen=True)
class ReportFigures:
    """Everything a report counts, before it is laid out (``assemble_report``).

    ``shares`` are the indicators of the counted period (``counted_part``) measured on the
    measurement date, ``previous``/``last_year`` those of the previous period and of the same
    period last year, each measured on its own last day; ``live`` the two live counts
    (``count_live``); ``sections`` the activity tables by ``SECTION_NAMES``; ``case_count`` the
    number of cases counted from. Counted from case files (``count_report``) or in SQL
    (``storage.report_queries``).
    """

    shares: Mapping[str, Share]
    previous: Mapping[str, Share]
    last_year: Mapping[str, Share]
    live: tuple[int, int]
    sections: Mapping[str, tuple[Table, ...]]
    case_count: int


def build_report(cases: Sequence[CaseFile], period: Period, measured: date, params: Params,
                 targets: Mapping[str, float] | None = None, *, generated_at: datetime,
                 generated_by: str,
                 deadlines: Mapping[int, Sequence[Deadline]] | None = None,
                 samples: Sequence[SampleTally] = (),
                 local_rules: Sequence[Rule] = ()) -> Report:
    """The report for ``period`` with snapshot figures on ``measured``. Pure; no I/O.

    Period figures count the period up to ``measured`` (``counted_part``): a report measured
    before its period ends is a report «så langt» (``Report.so_far``).

    ``targets`` maps indicator keys (``INDICATOR_KEYS``) to shares 0–1. ``deadlines``
    optionally gives already computed deadlines per sak id (``compute_deadlines`` with the same
    params) so that they are not computed again; cases not in it are computed here.
    """
    _check_targets(targets)
    figures = count_report(cases, period, measured, params, deadlines=deadlines,
                           samples=samples, local_rules=local_rules)
    return assemble_report(figures, period, measured, params, targets,
                           generated_at=generated_at, generated_by=generated_by)


def count_report(cases: Sequence[CaseFile], period: Period, measured: date, params: Params, *,
                 deadlines: Mapping[int, Sequence[Deadline]] | None = None,
                 samples: Sequence[SampleTally] = (),
                 local_rules: Sequence[Rule] = ()) -> ReportFigures:
    """Every figure of the report, counted from the case files (the reference); ``samples``
    are the stored audit samples (``core.samples``), which are no part of a case file, and
    ``local_rules`` the service's milestones in force (``core.local_rules``)."""
    deadlines_of = _DeadlineCache(params, deadlines)
    dues = DueDates(params, deadlines)
    previous, last_year = period.previous(), period.same_last_year()
    counted = counted_part(period, measured)
    # Saksmengde first: it needs every deadline of the active cases, which the evaluation
    # indicator then reuses instead of computing its rule again.
    saksmengde = saksmengde_tables(cases, measured, deadlines_of)
    visits = count_visits(cases, counted)
    now = indicator_shares(cases, counted, measured, params, deadlines_of, dues, visits=visits)
    before = indicator_shares(cases, previous, previous.end, params, deadlines_of, dues)
    year_ago = indicator_shares(cases, last_year, last_year.end, params, deadlines_of, dues)
    sections: dict[str, tuple[Table, ...]] = {
        "Meldinger": meldinger_tables(cases, counted, dues, measured=measured),
        "Undersøkelser": undersokelser_tables(cases, counted, dues),
        "Tiltak": (*tiltak_tables(cases, counted, measured),
                   *placement_tables(cases, counted, measured)),
        "Besøk": besok_tables_from(visits, counted),
        "Ettervern": ettervern_tables(cases, measured),
        "Saksmengde": saksmengde,
        "Internkontroll": (samples_table(samples, counted.start, counted.end, measured),
                           milestone_table({r.id: r.label for r in local_rules},
                                           milestone_facts(cases, params, local_rules),
                                           counted.start, counted.end, measured)),
    }
    return ReportFigures(now, before, year_ago, count_live(cases, measured, params, dues),
                         sections, len(cases))


def _indicators(params: Params, goals: Mapping[str, float], now: Mapping[str, Share],
                before: Mapping[str, Share] | None = None,
                year_ago: Mapping[str, Share] | None = None) -> tuple[Indicator, ...]:
    """The scorecard rows: each indicator's definition, figures, target and comparisons."""
    empty = Share(0, 0)
    return tuple(
        Indicator(key=s.key, label=s.label, kind=s.kind, definition=s.definition(params),
                  numerator_text=s.numerator(params), denominator_text=s.denominator(params),
                  numerator=now[s.key].numerator, denominator=now[s.key].denominator,
                  value=now[s.key].value, target=goals.get(s.key),
                  lower_is_better=s.lower_is_better,
                  previous=before[s.key].value if before is not None else None,
                  last_year=year_ago[s.key].value if year_ago is not None else None,
                  previous_share=before[s.key] if before is not None else empty,
                  last_year_share=year_ago[s.key] if year_ago is not None else empty)
        for s in INDICATOR_SPECS)


def assemble_report(figures: ReportFigures, period: Period, measured: date, params: Params,
                    targets: Mapping[str, float] | None = None, *, generated_at: datetime,
                    generated_by: str) -> Report:
    """The ``Report`` laid out from its counted figures (``count_report`` or SQL)."""
    goals = _check_targets(targets)
    return Report(period=period, measured=measured, previous_period=period.previous(),
                  last_year_period=period.same_last_year(),
                  indicators=_indicators(params, goals, figures.shares, figures.previous,
                                         figures.last_year),
                  live=live_figures_from(*figures.live, measured), sections=figures.sections,
                  params=params_in_force(params), generated_at=generated_at,
                  generated_by=generated_by, case_count=figures.case_count)


def scorecard_report(period: Period, shares: Mapping[str, Share], params: Params,
                     targets: Mapping[str, float] | None = None, *, generated_at: datetime,
                     generated_by: str, case_count: int) -> Report:
    """The scorecard alone of an earlier period measured on its last day (the workbook's extra
    measurement-date columns): no comparisons, live figures, tables or parameters."""
    goals = _check_targets(targets)
    return Report(period=period, measured=period.end, previous_period=period.previous(),
                  last_year_period=period.same_last_year(),
                  indicators=_indicators(params, goals, shares), live=(), sections={},
                  params=(), generated_at=generated_at, generated_by=generated_by,
                  case_count=case_count)


def build_detail_rows(cases: Sequence[CaseFile], measured: date, params: Params, *,
                      only_overdue: bool = False) -> list[DetailRow]:
    """Open (or only overdue) legal deadlines of active cases on ``measured``, most urgent first.

    For the internal detail list only: journal number, caseworker, child's name (the workbook
    shows it only when asked), rule, due date, status. Never the fødselsnummer.
    """
    return detail_rows(((case.sak, d) for case in cases if case_active(case, measured)
                        for d in compute_deadlines(case, params)), measured,
                       only_overdue=only_overdue)


def detail_rows(deadlines: Iterable[tuple[Sak, Deadline]], measured: date, *,
                only_overdue: bool = False) -> list[DetailRow]:
    """The detail list from the deadlines of the cases active on ``measured`` (each with its
    case): local deadlines and those not open on that day left out, most urgent first."""
    rows = []
    for sak, d in deadlines:
        if d.lokal:
            continue
        status = status_on(d, measured)
        if not status.is_open or (only_overdue and status is not Status.FORFALT):
            continue
        rule = RULES_BY_ID.get(d.rule_id)
        rows.append(DetailRow(sak.journalnummer, sak.saksbehandler,
                              rule.label if rule else d.rule_id, d.frist, status.label,
                              max(0, (measured - d.frist).days), sak.navn))
    rows.sort(key=lambda r: (-r.dager_over, r.frist, r.journalnummer))
    return rows
