"""The report's table of interne frister: counted by hand, equal on both report paths, never in
the fristbrudd figures, protected in the politisk profile and written with its definition."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl

from core.local_rules import MOSS_EXAMPLES
from core.milestone_report import MILESTONES_KEY, MilestoneFact, milestone_table
from core.periods import month, parse_period, year
from core.report import count_report
from service import milestones
from service.reports import ExportOptions, export_report, load_report
from storage import open_repository
from storage.records import Caseworker
from tests.conftest import DEMO_TODAY
from tests.test_suppression import assert_no_leaks, read_tables, tiny_report, written

OCT = (date(2026, 10, 1), date(2026, 10, 31))


def _f(rule: str, frist: date, met: date | None = None, closed: date | None = None):
    return MilestoneFact(rule, frist, met, closed)


def test_each_deadline_due_in_the_period_lands_in_one_column():
    labels = {"lokal.b": "Bare åpne", "lokal.a": "Alle slag", "lokal.tom": "Ingen i perioden"}
    facts = [
        _f("lokal.a", date(2026, 10, 5), met=date(2026, 10, 5)),  # on the day: in time
        _f("lokal.a", date(2026, 10, 6), met=date(2026, 10, 9)),  # late
        _f("lokal.a", date(2026, 10, 7), closed=date(2026, 10, 20)),  # closed unmet
        _f("lokal.a", date(2026, 10, 20)),  # open, overdue on the 25th
        _f("lokal.a", date(2026, 10, 28), met=date(2026, 10, 29)),  # met after the 25th: open
        _f("lokal.b", date(2026, 10, 25)),  # due on the measurement day: not overdue yet
        _f("lokal.b", date(2026, 9, 30)),  # due before the period: not counted
        _f("lokal.b", date(2026, 11, 1)),  # after it
        _f("lokal.ukjent", date(2026, 10, 10)),  # a milestone no longer switched on
    ]
    table = milestone_table(labels, facts, *OCT, date(2026, 10, 25))
    assert table.key == MILESTONES_KEY and table.columns[1:] == [
        "Forfaller i perioden", "Oppfylt i tide", "Oppfylt for sent",
        "Avsluttet uten å bli oppfylt", "Åpen, ikke forfalt", "Åpen, forfalt"]
    assert table.rows == [
        ["Alle slag", 5, 1, 1, 1, 1, 1],
        ["Bare åpne", 1, 0, 0, 0, 1, 0],
        ["Ingen i perioden", 0, 0, 0, 0, 0, 0],
        ["Alle interne frister", 6, 1, 1, 1, 2, 1],
    ]
    assert "aldri som fristbrudd" in table.note


def _register_with_and_without_milestones(tmp_path: Path):
    from core.demo import generate_municipality

    town = generate_municipality(today=DEMO_TODAY, children_per_year=30, years=3, seed=21)
    staff = [Caseworker(c.navn, c.team, True, c.er_leder) for c in town.caseworkers]
    plain = open_repository(tmp_path / "plain.db", "test")
    plain.import_cases(town.cases, staff)
    local = open_repository(tmp_path / "local.db", "test")
    for spec in MOSS_EXAMPLES:
        local.save_milestone(replace(spec, gjelder_fra=date(2024, 1, 1)))
    local.import_cases(town.cases, staff)
    return plain, local


def test_interne_frister_are_never_counted_as_fristbrudd(tmp_path):
    plain, local = _register_with_and_without_milestones(tmp_path)
    try:
        assert any(d.lokal for d in local.all_deadlines())
        for period in (year(2026), month(2026, 6), year(2025)):
            measured = min(period.end, DEMO_TODAY)
            with plain.snapshot():
                without, _ = plain.report_queries().figures(period, measured)
            with local.snapshot():
                with_, _ = local.report_queries().figures(period, measured)
            # the scorecard (fristbrudd shares), the live fristbrudd and every table but the
            # milestones' own are the same as in a register without interne frister
            assert with_.shares == without.shares
            assert (with_.previous, with_.last_year) == (without.previous, without.last_year)
            assert with_.live == without.live
            for name, tables in without.sections.items():
                if name != "Internkontroll":
                    assert with_.sections[name] == tables, name
            ours = with_.sections["Internkontroll"][1]
            assert ours.key == MILESTONES_KEY and ours.rows[-1][1] > 0
            # and the pure reference over the case files counts the same table
            pure = count_report(list(local.iter_cases()), period, measured, local.params(),
                                local_rules=local.local_rules())
            assert pure.sections["Internkontroll"][1] == ours
            assert without.sections["Internkontroll"][1].rows == [
                ["Alle interne frister", 0, 0, 0, 0, 0, 0]]
    finally:
        plain.close()
        local.close()


def test_no_hidden_milestone_count_can_be_derived(tmp_path):
    labels = {"lokal.a": "Første kontakt", "lokal.b": "Oppstartsmøte", "lokal.c": "Evaluering"}
    day = date(2026, 10, 10)
    facts = ([_f("lokal.a", day, met=day)] * 14
             + [_f("lokal.a", day, met=date(2026, 10, 12))] * 2
             + [_f("lokal.a", date(2026, 10, 30))] * 6 + [_f("lokal.b", day)] * 3
             + [_f("lokal.c", day, met=day)] * 9 + [_f("lokal.c", day, closed=day)])
    table = milestone_table(labels, facts, *OCT, date(2026, 10, 31))
    report = tiny_report({}, {"Internkontroll": (table,)})
    wb = written(tmp_path, report)
    assert_no_leaks(report, wb)
    _, printed = read_tables(wb)[MILESTONES_KEY]
    values = [v for row in printed for v in row]
    assert "<5" in values and "skjult" in values  # small ones, and what would give them away
    assert any(isinstance(v, int) and v >= 5 for v in values)
    assert not any(isinstance(v, int) and 0 < v < 5 for v in values)


def test_the_workbook_has_the_table_and_its_definition(demo_register, tmp_path):
    data = load_report(demo_register, parse_period("2026"))
    table = data.report.table(MILESTONES_KEY)
    names = {v.spec.label for v in milestones.milestones(demo_register)}
    assert {r[0] for r in table.rows[:-1]} == names
    assert table.rows[-1][1] > 0 and sum(table.rows[-1][2:]) == table.rows[-1][1]
    for profil in ("intern", "politisk"):
        target = tmp_path / f"{profil}.xlsx"
        export_report(demo_register, data, target, ExportOptions(profil=profil), source="test")
        wb = openpyxl.load_workbook(target)
        header, rows = read_tables(wb)[MILESTONES_KEY]
        assert header == table.columns
        assert [r[0] for r in rows] == [r[0] for r in table.rows]
        if profil == "intern":
            assert rows == table.rows
        cells = [c.value for row in wb["Internkontroll"].iter_rows() for c in row]
        assert "Interne frister" in " ".join(str(c) for c in cells if c)
        about = [str(c.value) for row in wb["Om rapporten"].iter_rows() for c in row]
        assert any(v.startswith("Tjenestens egne tidsstandarder") for v in about)
