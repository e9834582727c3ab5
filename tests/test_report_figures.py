"""Report figures on a small hand-built register where every teller/nevner is known by construction.

Period: 1. halvår 2026 (01.01–30.06.2026), measured 30.06.2026. Previous period: 2. halvår 2025
(measured 31.12.2025); same period last year: 1. halvår 2025 (measured 30.06.2025).
"""

from __future__ import annotations

import random
from datetime import date, datetime
from itertools import count

import pytest

from core.identity import synthetic_fnr
from core.model import (
    Akutt,
    Besok,
    CaseFile,
    CodedValue,
    Ettervern,
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
from core.periods import half_year
from core.report import (
    INDICATOR_KEYS,
    Report,
    Share,
    build_detail_rows,
    build_report,
    suppress,
    suppress_share,
)
from core.report_model import DueDates
from core.report_tables import FOSTERHJEM_TEXT, meldinger_tables

PERIOD = half_year(2026, 1)
MEASURED = date(2026, 6, 30)
OMSORG = Lovhjemmel("BVL2021", "5", "1")
HJELP = Lovhjemmel("BVL2021", "3", "1")
_ids = count(1000)


def nid() -> int:
    return next(_ids)


def child(sak_id: int, *, birth: date = date(2015, 5, 17), worker: str = "Kari Nordmann",
          closed: date | None = None, **parts) -> CaseFile:
    """A case file for a synthetic child (the fødselsnummer is generated, never real)."""
    sak = Sak(journalnummer=f"2026/{sak_id:05d}", navn=f"Testbarn {sak_id}",
              fodselsnummer=synthetic_fnr(birth, random.Random(sak_id)), fodselsdato=birth,
              kjonn=None, saksbehandler=worker, startdato=date(2020, 1, 1), sluttdato=closed,
              id=sak_id)
    return CaseFile(sak, **{k: tuple(v) for k, v in parts.items()})


def mel(sak_id: int, received: date, concluded: date | None = None, code: str | None = "1",
        melder: tuple[str, ...] = ("8",), mid: int | None = None) -> Melding:
    return Melding(sak_id, received, tuple(CodedValue(k) for k in melder), (),
                   code if concluded else None, concluded, id=mid or nid())


def investigated(sak_id: int, received: date, concluded_melding: date, *,
                 extended: date | None = None, concluded: date | None = None,
                 code: str = "3") -> dict:
    """A melding concluded with code 2 and the investigation it started."""
    m = mel(sak_id, received, concluded_melding, "2")
    u = Undersokelse(sak_id, m.id, concluded_melding, extended, "grunn" if extended else "",
                     code if concluded else None, concluded, id=nid())
    return {"meldinger": [m], "undersokelser": [u]}


def tiltak(sak_id: int, code: str, start: date, end: date | None = None, *,
           hjemmel: Lovhjemmel = HJELP, tid: int | None = None) -> Tiltak:
    return Tiltak(sak_id, code, start, hjemmel, sluttdato=end, id=tid or nid())


def plan(sak_id: int, plantype: str, start: date, evaluations: tuple[date, ...] = (),
         end: date | None = None) -> Plan:
    return Plan(sak_id, plantype, start, end, evaluations, id=nid())


def visits(tid: int, kind: VisitKind, *days: date) -> list[Besok]:
    return [Besok(tid, kind, d, id=nid()) for d in days]


def register() -> list[CaseFile]:
    cases = [
        # --- meldinger --------------------------------------------------------------------
        # concluded on day 7 (received Mon 02.02, +7 = 09.02): in time
        child(1, birth=date(2022, 1, 1),
              meldinger=[mel(1, date(2026, 2, 2), date(2026, 2, 9), "1")]),
        # concluded on day 8: fristbrudd; two reporters (politi, skole) count once each
        child(2, meldinger=[mel(2, date(2026, 3, 2), date(2026, 3, 10), "2",
                                melder=("8", "11"))]),
        # received in the previous period, concluded (late) in this one
        child(3, meldinger=[mel(3, date(2025, 12, 28), date(2026, 1, 5), "3")]),
        # two open meldinger: one 20 days old (live breach), one 2 days old; a gjenganger
        child(4, birth=date(2010, 3, 1),
              meldinger=[mel(4, date(2026, 6, 10)), mel(4, date(2026, 6, 28))]),
        # previous period: one in time, one late
        child(5, meldinger=[mel(5, date(2025, 9, 1), date(2025, 9, 5)),
                            mel(5, date(2025, 10, 1), date(2025, 10, 20))]),
        # last year's period: in time
        child(6, meldinger=[mel(6, date(2025, 3, 1), date(2025, 3, 5))]),
        # --- undersøkelser (meldinger received 01.10.2025: base 08.10.2025, due 08.01.2026) -
        # concluded exactly on the due date: not a breach
        child(7, **investigated(7, date(2025, 10, 1), date(2025, 10, 6),
                                concluded=date(2026, 1, 8), code="1")),
        # extension recorded the day after the 3-month date: not valid, concluded late
        child(8, **investigated(8, date(2025, 10, 1), date(2025, 10, 3),
                                extended=date(2026, 1, 9), concluded=date(2026, 2, 1))),
        # extension recorded on the 3-month date: valid, 6 months = 08.04.2026, met that day
        child(9, **investigated(9, date(2025, 10, 1), date(2025, 10, 3),
                                extended=date(2026, 1, 8), concluded=date(2026, 4, 8))),
        # still open, due 10.02.2026: open past due on the measurement date
        child(10, **investigated(10, date(2025, 11, 3), date(2025, 11, 5))),
        # concluded late in the previous period (due 08.08.2025, concluded 01.09.2025)
        child(11, **investigated(11, date(2025, 5, 1), date(2025, 5, 2),
                                 concluded=date(2025, 9, 1))),
    ]
    # --- tiltaksplaner (snapshot 30.06.2026; evaluation every 3 months) ---------------------
    cases += [
        # plan evaluated 10.04.2026, next due 10.07.2026: evaluated
        child(12, tiltak=[tiltak(12, "4.1", date(2026, 1, 1))],
              planer=[plan(12, "1", date(2026, 1, 15), (date(2026, 4, 10),))]),
        # plan from 10.01.2026, never evaluated, due 10.04.2026: overdue
        child(13, tiltak=[tiltak(13, "3.9", date(2026, 1, 1))],
              planer=[plan(13, "1", date(2026, 1, 10))]),
        # hjelpetiltak without plan
        child(14, tiltak=[tiltak(14, "4.6", date(2026, 1, 1))]),
        # hjelpetiltak ended before the measurement date (active 31.12.2025 and 30.06.2025)
        child(15, tiltak=[tiltak(15, "4.3", date(2025, 6, 1), date(2026, 5, 1))]),
        # young adult (19) with housing measure and an aftercare plan (plantype 5)
        child(16, birth=date(2007, 1, 10),
              tiltak=[tiltak(16, "8.1", date(2026, 3, 1))],
              planer=[plan(16, "5", date(2026, 5, 1))]),
        # evaluated only on 15.07.2026, after the measurement date: overdue on 30.06.2026
        child(17, tiltak=[tiltak(17, "3.9", date(2025, 11, 1))],
              planer=[plan(17, "1", date(2025, 12, 1), (date(2026, 7, 15),))]),
    ]
    # --- omsorg and foster homes. A half-year is shorter than a year: visits are judged over
    # the 12 months ending 30.06.2026 (01.07.2025–30.06.2026); 4/year × 12 months / 12 = 4 ----
    t18, t19, t21 = nid(), nid(), nid()
    v19 = Vedtak(19, date(2026, 5, 1), OMSORG, "1",
                 Akutt("1", datetime(2026, 5, 1, 14, 30)), id=nid())
    cases += [
        # the whole window: 4 oppfølging, two of them in 2. halvår 2025 (4 of 4: enough),
        # 1 tilsyn (1 of 4: too few); omsorgsplan + samværsplan; turns 18 on 15.09.2026
        child(18, birth=date(2008, 9, 15),
              tiltak=[tiltak(18, "2.2", date(2020, 1, 1), hjemmel=OMSORG, tid=t18)],
              planer=[plan(18, "4", date(2020, 2, 1)), plan(18, "6", date(2020, 2, 1))],
              besok=[*visits(t18, VisitKind.OPPFOLGING, date(2025, 8, 1), date(2025, 11, 1),
                             date(2026, 2, 1), date(2026, 5, 1)),
                     *visits(t18, VisitKind.TILSYN, date(2026, 3, 1))],
              ettervern=[Ettervern(18, date(2026, 3, 1))]),
        # placed 01.05.2026 after an akuttvedtak (2 whole months: 4 × 2 / 12 = 0.67 → 1);
        # 1 oppfølging (enough), 0 tilsyn; foreløpig omsorgsplan (3), no samværsplan
        child(19, vedtak=[v19],
              tiltak=[tiltak(19, "2.1", date(2026, 5, 1), hjemmel=OMSORG, tid=t19)],
              planer=[plan(19, "3", date(2026, 5, 10))],
              besok=visits(t19, VisitKind.OPPFOLGING, date(2026, 6, 1))),
        # care order in an institution, no plans
        child(20, tiltak=[tiltak(20, "1.1", date(2024, 1, 1), hjemmel=OMSORG)]),
        # voluntary foster home (hjelpetiltak) ended 31.03.2026: 9 months of the window
        # (01.07.2025–31.03.2026), 4 × 9 / 12 = 3 required; 3 oppfølging, 3 tilsyn
        child(21, tiltak=[tiltak(21, "2.2", date(2025, 1, 1), date(2026, 3, 31), tid=t21)],
              besok=[*visits(t21, VisitKind.OPPFOLGING, date(2025, 8, 10), date(2025, 11, 10),
                             date(2026, 2, 15)),
                     *visits(t21, VisitKind.TILSYN, date(2025, 9, 20), date(2026, 1, 20),
                             date(2026, 3, 20))]),
        # a closed case: not in the caseload
        child(22, worker="Ola Hansen", closed=date(2025, 1, 1),
              meldinger=[mel(22, date(2024, 3, 1), date(2024, 3, 3))]),
    ]
    return cases


TARGETS = {"melding_fristbrudd": 0.0, "undersokelse_fristbrudd": 0.4, "tiltaksplan": 0.9,
           "besok_oppfolging": 1.0}


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(register(), PERIOD, MEASURED, Params.defaults(), TARGETS,
                        generated_at=datetime(2026, 7, 2, 8, 15), generated_by="Leder Lise")


EXPECTED = {  # key: (teller, nevner) in 1. halvår 2026
    "melding_fristbrudd": (2, 3),        # cases 1 (day 7), 2 (day 8), 3 (8 days)
    "undersokelse_fristbrudd": (1, 3),   # 7 on the due date, 8 bad extension, 9 extended
    "tiltaksplan": (4, 5),               # 12, 13, 16, 17 of 12, 13, 14, 16, 17
    "evaluert_tiltaksplan": (2, 4),      # 12, 16 of 12, 13, 16, 17
    "omsorgsplan": (2, 3),               # 18 (4), 19 (3) of 18, 19, 20
    "samvaersplan": (1, 3),              # 18
    "besok_oppfolging": (3, 3),          # 18 (4 of 4), 19 (1 of 1), 21 (3 of 3)
    "besok_tilsyn": (1, 3),              # 21 (3 of 3); 18 has 1 of 4, 19 has 0 of 1
}


@pytest.mark.parametrize("key", INDICATOR_KEYS)
def test_indicator_numerator_and_denominator(report: Report, key: str) -> None:
    ind = report.indicator(key)
    assert (ind.numerator, ind.denominator) == EXPECTED[key]
    assert ind.value == pytest.approx(EXPECTED[key][0] / EXPECTED[key][1])
    assert ind.definition.startswith("Teller: ")
    assert "Nevner: " in ind.definition
    counted = ("Periodetall: telles over perioden når den er minst ett år, ellers de 12 "
               "månedene som slutter på periodens siste dag." if key.startswith("besok_") else
               "Periodetall: telles over hele perioden." if ind.kind == "periode" else
               "Øyeblikksbilde: telles på måledatoen.")
    assert counted in ind.definition


def test_indicator_labels_kinds_and_direction(report: Report) -> None:
    assert [i.label for i in report.indicators] == [
        "Andel meldinger med fristbrudd", "Andel undersøkelser med fristbrudd",
        "Andel med tiltaksplan", "Andel med evaluert tiltaksplan", "Andel med omsorgsplan",
        "Andel med samværsplan", "Besøk i fosterhjem (oppfølging)", "Tilsyn i fosterhjem"]
    kinds = {i.key: i.kind for i in report.indicators}
    assert kinds["melding_fristbrudd"] == kinds["besok_tilsyn"] == "periode"
    assert kinds["tiltaksplan"] == kinds["samvaersplan"] == "øyeblikk"
    lower = {i.key for i in report.indicators if i.lower_is_better}
    assert lower == {"melding_fristbrudd", "undersokelse_fristbrudd"}


def test_targets_and_whether_they_are_met(report: Report) -> None:
    assert report.indicator("melding_fristbrudd").target == 0.0
    assert report.indicator("melding_fristbrudd").target_met is False  # 67 % > 0 %
    assert report.indicator("undersokelse_fristbrudd").target_met is True  # 33 % <= 40 %
    assert report.indicator("tiltaksplan").target_met is False  # 80 % < 90 %
    assert report.indicator("besok_oppfolging").target_met is True  # 100 %
    assert report.indicator("omsorgsplan").target is None
    assert report.indicator("omsorgsplan").target_met is None


def test_previous_period_and_same_period_last_year(report: Report) -> None:
    assert report.previous_period == half_year(2025, 2)
    assert report.last_year_period == half_year(2025, 1)
    # 2. halvår 2025: meldinger 5a, 5b (late), 7, 8, 9, 10 concluded → 1 of 6
    assert report.indicator("melding_fristbrudd").previous_share == Share(1, 6)
    assert report.indicator("melding_fristbrudd").previous == pytest.approx(1 / 6)
    # 1. halvår 2025: meldinger 6 and 11 concluded in time
    assert report.indicator("melding_fristbrudd").last_year_share == Share(0, 2)
    assert report.indicator("undersokelse_fristbrudd").previous_share == Share(1, 1)
    assert report.indicator("undersokelse_fristbrudd").last_year is None  # nothing concluded
    # 31.12.2025: hjelpetiltak 15, 17, 21 active; only 17 has a plan (first evaluation not due)
    assert report.indicator("tiltaksplan").previous_share == Share(1, 3)
    assert report.indicator("evaluert_tiltaksplan").previous_share == Share(1, 1)
    assert report.indicator("omsorgsplan").previous_share == Share(1, 2)  # 18 of 18, 20
    # 30.06.2025: hjelpetiltak 15 and 21, neither with a plan
    assert report.indicator("tiltaksplan").last_year_share == Share(0, 2)


def test_live_figures_on_the_measurement_date(report: Report) -> None:
    live = {f.key: f.value for f in report.live}
    assert live == {"undersokelser_over_fristen": 1, "meldinger_over_fristen": 1}
    assert all(f.definition for f in report.live)


def test_melding_deadline_honours_the_holiday_rollover_setting() -> None:
    # received Saturday 07.02.2026: due Saturday 14.02, with roll-over Monday 16.02
    case = child(1, meldinger=[mel(1, date(2026, 2, 7), date(2026, 2, 16))])
    kwargs = {"generated_at": datetime(2026, 7, 1), "generated_by": "x"}
    plain = build_report([case], PERIOD, MEASURED, Params.defaults(), **kwargs)
    rolled = build_report([case], PERIOD, MEASURED,
                          Params.defaults().with_value("frist.rull_helligdag", True), **kwargs)
    assert plain.indicator("melding_fristbrudd").share == Share(1, 1)
    assert rolled.indicator("melding_fristbrudd").share == Share(0, 1)
    assert "neste virkedag" in rolled.indicator("melding_fristbrudd").definition


def rows(report: Report, key: str) -> dict:
    return {row[0]: row[1:] for row in report.table(key).rows}


def test_meldinger_tables(report: Report) -> None:
    overview = {k: v[0] for k, v in rows(report, "meldinger_oversikt").items()}
    assert overview["Meldinger mottatt"] == 4  # 1, 2 and two for 4
    assert overview["Barn det er meldt bekymring for (ulike barn)"] == 3
    assert overview["Gjengangere (barn med tidligere melding eller undersøkelse)"] == 1
    assert overview["Meldinger konkludert i perioden"] == 3
    per_month = rows(report, "meldinger_maaned")
    assert list(per_month) == ["januar 2026", "februar 2026", "mars 2026", "april 2026",
                               "mai 2026", "juni 2026"]
    assert per_month["februar 2026"] == [1, 1, 0]
    assert per_month["juni 2026"] == [2, 1, 1]
    melder = report.table("meldinger_melder")
    by_code = {r[1]: r for r in melder.rows}
    assert by_code["8"][2:4] == ["Offentlig instans", 4]  # politi: 1, 2 (with skole), 4, 4
    assert by_code["11"][3] == 1  # skole, from the melding with two reporters
    assert "én gang for hver melder" in melder.note
    ages = rows(report, "meldinger_alder")
    assert ages["0–5 år"] == [1, 1] and ages["6–12 år"] == [1, 1] and ages["13–17 år"] == [2, 1]
    moss = rows(report, "meldinger_alder_moss")
    assert moss["0–9 år"] == [1, 1] and moss["10–18 år"] == [3, 2]
    concl = {r[0]: r for r in report.table("meldinger_konklusjon").rows}
    assert concl["2"][2:] == [1, Share(1, 3), 1]
    assert concl["3"][1] == "Henlagt pga. aktive tiltak"


def test_undersokelser_tables(report: Report) -> None:
    overview = {k: v[0] for k, v in rows(report, "undersokelser_oversikt").items()}
    assert overview["Undersøkelser startet i perioden"] == 0
    assert overview["Undersøkelser konkludert i perioden"] == 3
    assert overview["herav konkludert etter fristen (fristbrudd)"] == 1
    assert overview["Undersøkelser med gyldig utvidet frist "
                    "(åpne eller konkludert i perioden)"] == 1
    assert overview["Utvidelser registrert etter tremånedersfristen (gjelder ikke)"] == 1
    assert overview["Åpne undersøkelser ved periodens slutt (30.06.2026)"] == 1
    assert overview["herav over fristen ved periodens slutt"] == 1
    quarters = report.table("undersokelser_kvartal").rows
    assert quarters == [["1. kvartal 2026", 2, 1, Share(1, 2)],
                        ["2. kvartal 2026", 1, 0, Share(0, 1)]]
    concl = {r[0]: r for r in report.table("undersokelser_konklusjon").rows}
    assert concl["3"][2:] == [2, Share(2, 3), 1]
    assert concl["1"][2:] == [1, Share(1, 3), 0]


def test_tiltak_tables(report: Report) -> None:
    summary = rows(report, "tiltak_oversikt")
    # during: 12, 13, 14, 15, 16, 17, 21 hjelpetiltak; on 30.06: 12, 13, 14, 16, 17
    assert summary["Barn med hjelpetiltak"] == [7, 5]
    assert summary["Barn med omsorgstiltak (omsorgsovertakelse)"] == [3, 3]
    placements = rows(report, "tiltak_plassering")
    foster = placements["Fosterhjem (alle kategorier, inkl. beredskapshjem)"]
    assert foster == ["2.1–2.6, 2.99", 3, 2]  # 18, 19, 21 during; 18, 19 on the date
    assert placements["herav beredskapshjem"] == ["2.5", 0, 0]
    assert placements["Institusjon"][1:] == [1, 1]
    akutt = rows(report, "tiltak_akutt")
    assert akutt["Akuttvedtak i perioden"] == [1]
    groups = {r[0]: r for r in report.table("tiltak_hovedgruppe").rows}
    assert groups["2"][1:] == ["Fosterhjem", 3, 2]
    codes = {r[0]: r for r in report.table("tiltak_kode").rows}
    assert codes["3.9"][3:] == [2, 2]
    assert codes["8.1"][1] == "Økonomisk hjelp til egen bolig/hybel"


def test_besok_distribution(report: Report) -> None:
    table = report.table("besok_fordeling")
    assert table.columns[1:6] == ["0", "1", "2", "3", "4 eller flere"]
    by_kind = {r[0]: r[1:] for r in table.rows}
    # visits done in the window 01.07.2025–30.06.2026: tilsyn 18: 1, 19: 0, 21: 3;
    # oppfølging 18: 4, 19: 1, 21: 3
    assert by_kind["Tilsynsbesøk"] == [1, 1, 0, 1, 0, 3, 1, Share(1, 3)]
    assert by_kind["Oppfølgingsbesøk"] == [0, 1, 0, 1, 1, 3, 3, Share(3, 3)]
    assert table.title == ("Barn i fosterhjem etter antall besøk siste 12 måneder "
                           "(01.07.2025–30.06.2026)")
    assert "12 månedene som slutter på periodens siste dag" in table.note


def test_ettervern_tables(report: Report) -> None:
    young = rows(report, "ettervern_unge")
    assert young["Unge 18–24 år med tiltak (ettervern)"] == [1]
    assert young["herav med bolig- eller botiltak (hovedgruppe 8)"] == [1]
    assert young["herav med aktiv tiltaksplan for ettervern (plantype 5)"] == [1]
    turning = report.table("ettervern_18").rows
    assert turning[0][0] == "Fyller 18 år 01.07.2026–30.09.2026"
    assert turning[0][1:] == [1, 1, 0, 1, 1]  # child 18: foster home, care order, offer sent
    assert turning[-1][1] == 1


def test_saksmengde_counts_active_cases_and_open_deadlines(report: Report) -> None:
    table = report.table("saksmengde")
    by_worker = {r[0]: r[1:] for r in table.rows}
    assert set(by_worker) == {"Kari Nordmann"}  # Ola Hansen's only case is closed
    active, open_, overdue, _soon = by_worker["Kari Nordmann"]
    assert active == 21
    assert open_ >= overdue >= 4  # at least: melding 4, undersøkelse 10, evaluations 13 and 17
    for row in table.rows:
        assert not any(isinstance(v, str) and v.isdigit() and len(v) == 11 for v in row)


def test_params_in_force_have_norwegian_titles(report: Report) -> None:
    by_key = {p.key: p for p in report.params}
    evaluation = by_key["tiltaksplan.evaluering.mnd"]
    assert (evaluation.title, evaluation.text) == ("Intervall for evaluering av tiltaksplan",
                                                   "3 måneder")
    assert evaluation.default_only
    assert report.generated_by == "Leder Lise"
    assert report.case_count == 22


def test_detail_rows_hold_no_fodselsnummer() -> None:
    cases = register()
    detail = build_detail_rows(cases, MEASURED, Params.defaults())
    numbers = {c.sak.fodselsnummer for c in cases}
    assert detail and detail[0].dager_over >= detail[-1].dager_over
    for row in detail:
        assert not numbers & {str(v) for v in vars(row).values()}
    overdue = build_detail_rows(cases, MEASURED, Params.defaults(), only_overdue=True)
    assert {r.status for r in overdue} == {"forfalt"}
    assert any(r.journalnummer == "2026/00010" and r.regel.startswith("Konkluder undersøkelse")
               for r in overdue)


def test_targets_must_be_shares_of_known_indicators() -> None:
    kwargs = {"generated_at": datetime(2026, 7, 1), "generated_by": "x"}
    with pytest.raises(ValueError, match="mellom 0 og 1"):
        build_report([], PERIOD, MEASURED, Params.defaults(), {"tiltaksplan": 90}, **kwargs)
    with pytest.raises(ValueError, match="Ukjent indikator"):
        build_report([], PERIOD, MEASURED, Params.defaults(), {"sykefravaer": 0.1}, **kwargs)


def test_empty_register_gives_no_values() -> None:
    empty = build_report([], PERIOD, MEASURED, Params.defaults(),
                         generated_at=datetime(2026, 7, 1), generated_by="x")
    assert all(i.value is None and i.denominator == 0 for i in empty.indicators)


def test_suppression_of_small_numbers() -> None:
    assert suppress(0) == 0
    assert [suppress(n) for n in (1, 2, 3, 4)] == ["<5"] * 4
    assert suppress(5) == 5
    assert suppress(3, on=False) == 3
    assert suppress_share(Share(3, 40)) == "<5"
    assert suppress_share(Share(0, 3)) == "<5"
    assert suppress_share(Share(10, 40)) == pytest.approx(0.25)
    assert suppress_share(Share(0, 0)) is None
    assert suppress_share(Share(3, 40), on=False) == pytest.approx(0.075)


def test_meldinger_per_month_leaves_out_months_after_the_measurement_date() -> None:
    cases = [child(1, meldinger=[mel(1, date(2026, 2, 2)), mel(1, date(2026, 4, 10)),
                                 mel(1, date(2026, 4, 20))])]
    dues = DueDates(Params.defaults())
    full = {r[0]: r[1] for r in meldinger_tables(cases, PERIOD, dues)[1].rows}
    assert len(full) == 6 and full["juni 2026"] == 0  # a finished period: every month
    table = meldinger_tables(cases, PERIOD, dues, measured=date(2026, 4, 15))[1]
    # measured 15.04.2026: January–April so far (April cut on the 15th), no May or June row
    assert [r[0] for r in table.rows] == ["januar 2026", "februar 2026", "mars 2026",
                                          "april 2026 (01.04–15.04)"]
    assert [r[1] for r in table.rows] == [0, 1, 0, 1]  # the melding of 20.04 is not yet counted
    assert "Måneder etter måledatoen 15.04.2026 er ikke med." in table.note
    same = meldinger_tables(cases, PERIOD, dues, measured=date(2026, 6, 30))[1]
    assert [r[1] for r in same.rows] == list(full.values())


def test_fosterhjem_is_one_set_in_the_definitions_and_the_tiltak_table(report: Report) -> None:
    assert FOSTERHJEM_TEXT == "2.1–2.6, 2.99"  # FOSTERHJEM_CODES, beredskapshjem 2.5 included
    for key in ("besok_oppfolging", "besok_tilsyn"):
        assert f"tiltakskategori {FOSTERHJEM_TEXT}, også beredskapshjem" in (
            report.indicator(key).denominator_text)
    table = report.table("tiltak_plassering")
    assert table.rows[0][1] == FOSTERHJEM_TEXT
    assert "også beredskapshjem (2.5)" in table.note and "«herav»-radene" in table.note
    foster = table.rows[0][2]
    assert foster == report.indicator("besok_tilsyn").denominator == 3
