"""A report never measures the future (REPORTING.md): the measurement date is the period's end or
today, whichever is earlier; a running period is counted «så langt»; a period that has not begun,
a measurement date after today, or a period without cases are refused in plain Norwegian."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.periods import date_range, month, year
from core.report import build_report, counted_part
from service.reports import load_report, measurement_date
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 12, 0)


def test_measurement_date_is_the_period_end_or_today_whichever_is_earlier():
    assert measurement_date(month(2026, 10), DEMO_TODAY) == date(2026, 10, 31)
    assert measurement_date(year(2026), DEMO_TODAY) == DEMO_TODAY
    assert measurement_date(month(2026, 11), DEMO_TODAY) == DEMO_TODAY
    assert measurement_date(month(2026, 11), date(2026, 11, 30)) == date(2026, 11, 30)
    assert measurement_date(year(2026), DEMO_TODAY, date(2026, 6, 30)) == date(2026, 6, 30)


@pytest.mark.parametrize(("period", "measured", "text"), [
    (month(2026, 12), None, "Perioden desember 2026 har ikke begynt ennå"),
    (year(2030), None, "Perioden 2030 har ikke begynt ennå"),
    (year(2026), date(2026, 12, 31), "Måledatoen 31.12.2026 er etter i dag"),
])
def test_the_future_is_refused(period, measured, text):
    with pytest.raises(ValueError, match=text):
        measurement_date(period, DEMO_TODAY, measured)


def test_counted_part_stops_at_the_measurement_date():
    assert counted_part(year(2026), date(2026, 12, 31)) == year(2026)
    assert counted_part(year(2026), DEMO_TODAY) == date_range(date(2026, 1, 1), DEMO_TODAY)


def test_a_running_year_is_reported_so_far_on_today(demo_register):
    data = load_report(demo_register, year(2026))
    report = data.report
    assert report.measured == DEMO_TODAY and report.so_far
    assert report.period_text == "2026 (så langt, til 23.11.2026)"
    # every figure is the one measured today, not on 31.12.2026
    today = build_report(data.cases, date_range(date(2026, 1, 1), DEMO_TODAY), DEMO_TODAY,
                         data.params, generated_at=AT, generated_by="x")
    future = build_report(data.cases, year(2026), date(2026, 12, 31), data.params,
                          generated_at=AT, generated_by="x")
    for ind in report.indicators:
        twin = today.indicator(ind.key)
        assert (ind.numerator, ind.denominator) == (twin.numerator, twin.denominator), ind.key
    assert [f.value for f in report.live] == [f.value for f in today.live]
    # the demo has open work: measured at the year's end it would look different
    assert [f.value for f in report.live] != [f.value for f in future.live] or any(
        (a.numerator, a.denominator) != (b.numerator, b.denominator)
        for a, b in zip(report.indicators, future.indicators, strict=True))
    months = [row[0] for row in report.table("meldinger_maaned").rows]
    assert months[0] == "januar 2026" and months[-1].startswith("november 2026")
    assert not any(m.startswith("desember") for m in months)  # never drawn as 0
    quarters = [row[0] for row in report.table("undersokelser_kvartal").rows]
    assert len(quarters) == 4 and "23.11" in quarters[-1]


def test_a_finished_period_is_not_so_far(demo_register):
    report = load_report(demo_register, month(2026, 10)).report
    assert report.measured == date(2026, 10, 31) and not report.so_far
    assert report.period_text == "oktober 2026"


@pytest.mark.parametrize(("period", "text"), [
    (year(2030), "har ikke begynt ennå"),
    (month(2001, 1), "Registeret har ingen saker i perioden januar 2001"),
])
def test_future_and_empty_periods_are_refused(demo_register, period, text):
    with pytest.raises(ValueError, match=text):
        load_report(demo_register, period)


@pytest.mark.parametrize(("periode", "text"), [
    ("2030-01", "Perioden januar 2030 har ikke begynt ennå"),
    ("2001-01", "Registeret har ingen saker i perioden januar 2001"),
])
def test_the_command_line_refuses_future_and_empty_periods(demo_path, cli_login, capsys,
                                                           tmp_path, periode, text):
    from main import main

    out = tmp_path / "rapport.xlsx"
    assert main(["rapport", "--db", str(demo_path), "--periode", periode, "--ut",
                 str(out)]) == 1
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.xlsx*"))  # no workbook, no temporary file left
