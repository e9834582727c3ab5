"""Tests for storage.workbook: written to tmp_path and read back with openpyxl."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from core.params import Params
from core.periods import half_year, month
from core.report import Report, Table, build_detail_rows, build_report
from core.report_tables import TREND_KEY
from core.suppression import Hidden
from storage import workbook as wbmod
from storage.workbook import SHEET_NAMES, WorkbookError, build_workbook, write_workbook
from tests.test_report_figures import MEASURED, PERIOD, TARGETS, register

INJECTED = '=HYPERLINK("http://x","y")'
NASTY_NAMES = (INJECTED, "+4712345678", "-1+1", "@SUM(A1)", "\tTab")


def make_report(cases=None, period=PERIOD, measured=MEASURED) -> Report:
    return build_report(cases if cases is not None else register(), period, measured,
                        Params.defaults(), TARGETS, generated_at=datetime(2026, 7, 2, 8, 15),
                        generated_by="Leder Lise")


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report()


def nasty_cases():
    """The register with caseworker names that look like formulas."""
    cases = register()
    return [replace(c, sak=replace(c.sak, saksbehandler=NASTY_NAMES[i % len(NASTY_NAMES)]))
            for i, c in enumerate(cases)]


def write(tmp_path: Path, report: Report, name: str = "rapport.xlsx", **kw) -> Path:
    path = tmp_path / name
    kw.setdefault("suppress_small", False)
    write_workbook(report, path, **kw)
    return path


def cells(ws: Worksheet):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                yield cell


def find(ws: Worksheet, value: object):
    return next(c for c in cells(ws) if c.value == value)


def texts(ws: Worksheet):
    """Text and whole-number cell values as strings (shares are floats and not looked at)."""
    for c in cells(ws):
        if not isinstance(c.value, float):
            yield str(c.value)


def row_values(ws: Worksheet, row: int) -> list:
    values = [c.value for c in ws[row]]
    while values and values[-1] is None:
        values.pop()
    return values


def test_sheet_names_in_order(tmp_path: Path, report: Report) -> None:
    wb = openpyxl.load_workbook(write(tmp_path, report))
    assert wb.sheetnames == list(SHEET_NAMES) == [
        "Målekort", "Meldinger", "Undersøkelser", "Tiltak", "Besøk", "Ettervern", "Saksmengde",
        "Internkontroll", "Om rapporten"]


def test_scorecard_headers_values_and_formats(tmp_path: Path, report: Report) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, report))["Målekort"]
    assert ws["A1"].value == "Målekort – 1. halvår 2026"
    assert "Måledato: 30.06.2026" in ws["A2"].value
    header = row_values(ws, 5)
    assert header == ["Indikator", "Type", "Definisjon", "Teller", "Nevner", "Verdi", "Mål",
                      "Mål nådd", "Bedre når", "Forrige periode (2. halvår 2025)",
                      "Samme periode i fjor (1. halvår 2025)"]
    first = row_values(ws, 6)
    assert first[:5] == ["Andel meldinger med fristbrudd", "periode",
                         report.indicator("melding_fristbrudd").definition, 2, 3]
    assert first[5] == pytest.approx(2 / 3)
    assert ws.cell(6, 6).number_format == "0.0 %"
    assert ws.cell(6, 7).number_format == "0.0 %"
    assert ws.cell(6, 4).number_format == "0"
    assert ws.cell(6, 10).value == pytest.approx(1 / 6)
    labels = [ws.cell(r, 1).value for r in range(6, 14)]
    assert labels == [i.label for i in report.indicators]
    kinds = [ws.cell(r, 2).value for r in range(6, 14)]
    assert set(kinds) == {"periode", "øyeblikk"}


def test_frozen_panes_print_setup_and_widths(tmp_path: Path, report: Report) -> None:
    wb = openpyxl.load_workbook(write(tmp_path, report))
    assert wb["Målekort"].freeze_panes == "A6"
    for name in wb.sheetnames:
        ws = wb[name]
        if name != "Målekort":
            assert ws.freeze_panes == "A3"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows.startswith("$1:$")
        assert ws.column_dimensions["A"].width >= 8
    assert wb["Målekort"].column_dimensions["C"].width >= 40  # the definitions


def test_every_table_is_an_excel_table_covering_its_data(tmp_path: Path, report: Report) -> None:
    wb = openpyxl.load_workbook(write(tmp_path, report))
    names = []
    for section, tables in report.sections.items():
        ws = wb[section]
        assert len(ws.tables) == len(tables)
        by_header = {}
        for t in ws.tables.values():
            names.append(t.displayName)
            first, last = t.ref.split(":")
            header_row = int(re.sub(r"\D", "", first))
            by_header[ws.cell(header_row, 1).value, ws.cell(header_row - 1, 1).value] = (
                t, header_row, int(re.sub(r"\D", "", last)))
        for table in tables:
            excel, header_row, last_row = by_header[table.columns[0], table.title]
            assert row_values(ws, header_row) == table.columns
            assert last_row - header_row == max(1, len(table.rows))
            assert excel.autoFilter.ref == excel.ref  # a filter button on every column
    scorecard = wb["Målekort"].tables
    assert scorecard["T_Maalekort"].ref == "A5:K13"
    names += [t.displayName for s in ("Målekort", "Om rapporten") for t in wb[s].tables.values()]
    assert len(names) == len(set(names))


def test_charts_on_scorecard_meldinger_and_undersokelser(tmp_path: Path, report: Report) -> None:
    wb = build_workbook(report, suppress_small=False)
    with_charts = [ws.title for ws in wb.worksheets if ws._charts]
    assert with_charts == ["Målekort", "Meldinger", "Undersøkelser"]
    assert wb["Målekort"]._charts[0].type == "bar"
    assert wb["Meldinger"]._charts[0].tagname == "lineChart"
    path = write(tmp_path, report)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 3
        for n in (1, 2, 3):  # openpyxl writes the sheets in order: sheet1 = Målekort …
            assert "drawing" in z.read(f"xl/worksheets/_rels/sheet{n}.xml.rels").decode()
        assert "xl/worksheets/_rels/sheet4.xml.rels" not in z.namelist() or "drawing" not in \
            z.read("xl/worksheets/_rels/sheet4.xml.rels").decode()


def test_suppression_shows_small_counts_as_under_five(tmp_path: Path, report: Report) -> None:
    plain = openpyxl.load_workbook(write(tmp_path, report, "plain.xlsx"))["Målekort"]
    hidden = openpyxl.load_workbook(write(tmp_path, report, "hidden.xlsx",
                                          suppress_small=True))["Målekort"]
    samvaer = 6 + [i.key for i in report.indicators].index("samvaersplan")
    assert [plain.cell(samvaer, c).value for c in (4, 5)] == [1, 3]
    assert [hidden.cell(samvaer, c).value for c in (4, 5)] == ["<5", "<5"]
    assert plain.cell(samvaer, 6).value == pytest.approx(1 / 3)
    assert hidden.cell(samvaer, 6).value == "<5"  # a share with a small teller/nevner
    assert hidden.cell(samvaer, 7).value == "ikke satt"  # no target set for the year
    wb = openpyxl.load_workbook(tmp_path / "hidden.xlsx")
    visits = wb["Besøk"]
    assert any(c.value == "<5" for c in cells(visits))
    assert all(not (isinstance(c.value, int) and 1 <= c.value <= 4)
               for name in SHEET_NAMES[:-1] for c in cells(wb[name])
               if c.row > 2 and c.data_type == "n" and c.number_format == "0")
    about = "\n".join(str(c.value) for c in cells(wb["Om rapporten"]))
    assert "«<5»" in about


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    rep = make_report(nasty_cases())
    path = write(tmp_path, rep, detail_rows=build_detail_rows(nasty_cases(), MEASURED,
                                                               Params.defaults()),
                 name_people=True)
    wb = openpyxl.load_workbook(path)
    for sheet in ("Saksmengde", "Intern detaljliste"):
        ws = wb[sheet]
        for name in NASTY_NAMES:
            shown = name.strip() if sheet == "Saksmengde" else name  # caseload trims names
            cell = find(ws, shown)
            assert cell.data_type == "s"
            assert cell.value == shown
            # Excel's quote prefix: F2 + Enter in Excel or LibreOffice keeps it text too.
            assert cell.quotePrefix is shown.startswith(("=", "+", "-", "@", "\t")), shown
    plain = find(wb["Intern detaljliste"], "2026/00010")
    assert plain.quotePrefix is False  # ordinary text keeps no prefix
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()


def test_failed_save_leaves_no_file_and_no_temp(tmp_path: Path, report: Report,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # (A real full disk and a real size limit: tests/test_report_cli.py. Here the cleanup and
    # the previous export when the assembly itself fails.)
    def broken_save(self, filename):
        filename.write(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    target = tmp_path / "rapport.xlsx"
    with pytest.raises(WorkbookError, match=re.escape("Disken er full – «rapport.xlsx» er ikke "
                                                      "skrevet")):
        write_workbook(report, target, suppress_small=True)
    assert list(tmp_path.iterdir()) == []

    target.write_bytes(b"previous export")
    with pytest.raises(WorkbookError):
        write_workbook(report, target, suppress_small=True)
    assert target.read_bytes() == b"previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_file_open_in_excel_gives_a_norwegian_message(tmp_path: Path, report: Report,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(wbmod.os, "replace", locked)
    with pytest.raises(WorkbookError) as info:
        write_workbook(report, target, suppress_small=True)
    assert str(info.value) == "Kan ikke skrive «rapport.xlsx» – er filen åpen i Excel?"
    assert target.read_bytes() == b"open in Excel"
    assert list(tmp_path.iterdir()) == [target]


def test_successful_write_replaces_the_old_file(tmp_path: Path, report: Report) -> None:
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"old")
    write_workbook(report, target, suppress_small=True)
    assert zipfile.is_zipfile(target)
    assert list(tmp_path.iterdir()) == [target]


def test_detail_sheet_only_when_asked_and_never_a_fodselsnummer(tmp_path: Path,
                                                                report: Report) -> None:
    without = openpyxl.load_workbook(write(tmp_path, report, "a.xlsx"))
    assert "Intern detaljliste" not in without.sheetnames
    cases = register()
    detail = build_detail_rows(cases, MEASURED, Params.defaults())
    for include_names in (False, True):
        wb = openpyxl.load_workbook(write(tmp_path, report, f"b{include_names}.xlsx",
                                          detail_rows=detail, include_names=include_names))
        assert wb.sheetnames[-1] == "Intern detaljliste"
        ws = wb["Intern detaljliste"]
        header = row_values(ws, 5)
        assert header[:2] == ["Journalnummer", "Saksbehandler"]
        assert ("Barn" in header) is include_names
        assert find(ws, "2026/00010").data_type == "s"
        names_shown = any(c.value == "Testbarn 10" for c in cells(ws))
        assert names_shown is include_names
        for sheet in wb.worksheets:
            for value in texts(sheet):
                assert not re.search(r"\d{11}", value), (sheet.title, value)
    numbers = {c.sak.fodselsnummer for c in cases}
    assert numbers  # the register does hold them; none reached the file


def test_aggregate_workbook_holds_no_child_names_or_journal_numbers(tmp_path: Path,
                                                                    report: Report) -> None:
    wb = openpyxl.load_workbook(write(tmp_path, report))
    text = "\n".join(value for ws in wb.worksheets for value in texts(ws))
    assert "Testbarn" not in text
    assert not re.search(r"2026/\d{5}", text)
    assert not re.search(r"\d{11}", text)


def test_scorecard_history_adds_columns_per_measurement_date(tmp_path: Path,
                                                             report: Report) -> None:
    older = [make_report(period=half_year(2025, 2), measured=date(2025, 12, 31)),
             make_report(period=half_year(2025, 1), measured=date(2025, 6, 30))]
    ws = openpyxl.load_workbook(write(tmp_path, report, scorecard_history=older))["Målekort"]
    header = row_values(ws, 5)
    assert header[11:] == ["Verdi 30.06.2025", "Mål 30.06.2025", "Verdi 31.12.2025",
                           "Mål 31.12.2025"]
    melding = 6
    assert ws.cell(melding, 14).value == pytest.approx(1 / 6)  # 2. halvår 2025
    assert ws.cell(melding, 14).number_format == "0.0 %"
    assert ws.tables["T_Maalekort"].ref == "A5:O13"


def test_about_sheet_has_period_params_definitions_and_privacy(tmp_path: Path,
                                                               report: Report) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, report, suppress_small=True,
                                      name_people=True))["Om rapporten"]
    text = "\n".join(str(c.value) for c in cells(ws))
    for expected in ("1. halvår 2026 (01.01.2026–30.06.2026)", "30.06.2026", "02.07.2026 08:15",
                     "Leder Lise", "Intervall for evaluering av tiltaksplan",
                     "3 måneder (standardverdi – kan endres i Innstillinger)", "Personvern",
                     "Skjuling av små tall", "ingen fødselsnummer"):
        assert expected in text, expected
    for ind in report.indicators:
        assert find(ws, ind.definition)


# --- privacy by construction ----------------------------------------------------------------------


def test_politisk_names_no_caseworker_and_not_the_exporting_user(tmp_path: Path) -> None:
    rep = make_report(nasty_cases())
    wb = openpyxl.load_workbook(write(tmp_path, rep, "politisk.xlsx", suppress_small=True))
    text = "\n".join(value for ws in wb.worksheets for value in texts(ws))
    assert "Leder Lise" not in text  # it stays in the export log only
    for name in NASTY_NAMES:
        assert name.strip() not in text
    ws = wb["Saksmengde"]
    shown = [ws.cell(r, 1).value for r in range(6, 6 + len(NASTY_NAMES))]
    assert shown == [f"Saksbehandler {x}" for x in "ABCDE"]
    assert "Vises ikke i denne profilen – står i eksportloggen" in text
    named = openpyxl.load_workbook(write(tmp_path, rep, "intern.xlsx", name_people=True))
    text = "\n".join(value for ws in named.worksheets for value in texts(ws))
    assert "Leder Lise" in text and "Saksbehandler A" not in text


def test_caseworker_aliases_follow_the_names_in_alphabetical_order() -> None:
    names = [f"Person {i:02d}" for i in range(28)] + ["(ikke tildelt)"]
    aliases = wbmod.caseworker_aliases(list(reversed(names)))
    assert aliases["Person 00"] == "Saksbehandler A"
    assert aliases["Person 25"] == "Saksbehandler Z"
    assert aliases["Person 26"] == "Saksbehandler AA"
    assert aliases["Person 27"] == "Saksbehandler AB"
    assert aliases["(ikke tildelt)"] == "(ikke tildelt)"


def chart_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")}


def test_charts_label_hidden_values_instead_of_drawing_zero(tmp_path: Path,
                                                             report: Report) -> None:
    path = write(tmp_path, report, "politisk.xlsx", suppress_small=True)
    wb = openpyxl.load_workbook(path)
    xml = chart_xml(path)
    scorecard = next(x for x in xml.values() if "Verdi og mål" in x)
    # «Andel med samværsplan» (1 of 3) is «<5»: a bar of no length labelled «<5»
    labels = re.findall(r"<c:dLbl>.*?</c:dLbl>|<dLbl>.*?</dLbl>", scorecard)
    assert any("&lt;5" in label for label in labels)
    # the numbers a chart draws sit in hidden rows holding only what the tables show
    ws = wb["Målekort"]
    refs = re.findall(r"<(?:c:)?f>'Målekort'!\$([A-Z])\$(\d+):\$[A-Z]\$(\d+)</(?:c:)?f>",
                      scorecard)
    assert refs
    printed = {ws.cell(r, 1).value: ws.cell(r, 6).value for r in range(6, 14)}  # «Verdi»
    for col, first, last in refs:
        for r in range(int(first), int(last) + 1):
            assert ws.row_dimensions[r].hidden
            value = ws[f"{col}{r}"].value
            if col == "B":  # the value: as printed, or 0 where the table shows a text
                shown = printed[ws[f"A{r}"].value]
                assert value == (0 if isinstance(shown, str) else shown)
    samvaer = next(r for r in range(int(refs[0][1]), int(refs[0][2]) + 1)
                   if ws[f"A{r}"].value == "Andel med samværsplan")
    assert ws[f"B{samvaer}"].value == 0  # drawn as an empty bar, but labelled «<5»
    assert 'plotVisOnly val="0"' in scorecard and 'dispBlanksAs val="gap"' in scorecard


def test_line_chart_leaves_a_labelled_gap(tmp_path: Path) -> None:
    per_month = Table("Meldinger mottatt per måned, siste 12 måneder",
                      ["Måned", "Meldinger", "Barn"],
                      [["januar 2026", 12, 10], ["februar 2026", 3, 3], ["mars 2026", 9, 7]],
                      "", TREND_KEY)
    wb = build_workbook(replace(make_report(), sections={"Meldinger": (per_month,)}),
                        suppress_small=False)
    small = Hidden("<5")  # as core.suppression hands it to the writer
    shown = replace(per_month, rows=[per_month.rows[0], ["februar 2026", small, small],
                                     per_month.rows[2]])
    writer = wbmod.SheetWriter(wb.create_sheet("Prøve"), True, set(), "")
    placed = writer.table(shown, "proeve")
    wbmod._chart_for(writer, shown, placed)
    writer.finish()
    path = tmp_path / "linje.xlsx"
    wb.save(path)
    line = [x for x in chart_xml(path).values() if "lineChart" in x][-1]
    assert "&lt;5" in line  # the label at the gap
    ws = openpyxl.load_workbook(path)["Prøve"]
    hidden = [r for r in range(1, ws.max_row + 1) if ws.row_dimensions[r].hidden]
    feb = next(r for r in hidden if ws.cell(r, 1).value == "februar 2026")
    assert [ws.cell(feb, c).value for c in (2, 3, 4)] == [None, None, 0]  # gaps + label point


def test_scorecard_chart_starts_a_page_and_fits_on_it(tmp_path: Path, report: Report) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, report, suppress_small=True))["Målekort"]
    chart = ws._charts[0]
    anchor_row = chart.anchor._from.row + 1
    assert [b.id for b in ws.row_breaks.brk] == [anchor_row - 1]
    last_table_row = max(int(re.sub(r"\D", "", ref.split(":")[1]))
                         for ref in ws.tables.items() for ref in [ref[1]])
    assert anchor_row > last_table_row
    assert chart.height <= 0.5 * chart.width  # sized to the printed page (SheetWriter.scale)
    hidden = [r for r in range(1, ws.max_row + 1) if ws.row_dimensions[r].hidden]
    assert min(hidden) > anchor_row + chart.height / wbmod.ROW_CM  # room kept under it


def test_scorecard_targets_are_readable_and_say_when_not_set(tmp_path: Path,
                                                             report: Report) -> None:
    older = [make_report(period=half_year(2025, 2), measured=date(2025, 12, 31))]
    older[0] = replace(older[0], indicators=tuple(replace(i, target=None)
                                                  for i in older[0].indicators))
    ws = openpyxl.load_workbook(write(tmp_path, report, scorecard_history=older))["Målekort"]
    header = row_values(ws, 5)
    goal, met, old_goal = (header.index(h) + 1 for h in ("Mål", "Mål nådd", "Mål 31.12.2025"))
    for r in range(6, 14):
        assert ws.cell(r, goal).alignment.horizontal == "right"
        assert ws.cell(r, met).alignment.horizontal == "center"
        assert ws.cell(r, old_goal).value == "ikke satt"
    samvaer = 6 + [i.key for i in report.indicators].index("samvaersplan")
    assert ws.cell(samvaer, goal).value == "ikke satt"
    for c in (goal, met):
        assert ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width >= 11


def test_detail_list_repeats_its_header_on_every_printed_page(tmp_path: Path,
                                                              report: Report) -> None:
    detail = build_detail_rows(register(), MEASURED, Params.defaults())
    ws = openpyxl.load_workbook(write(tmp_path, report, detail_rows=detail,
                                      name_people=True))["Intern detaljliste"]
    assert row_values(ws, 5)[0] == "Journalnummer"
    assert ws.print_title_rows == "$1:$5"
    assert ws.freeze_panes == "A6"
    status = row_values(ws, 5).index("Status") + 1
    assert ws.cell(6, status).alignment.indent == 1  # never touching the date before it
    assert ws.cell(6, status - 1).alignment.horizontal == "center"


def test_a_month_report_draws_its_12_month_trend(tmp_path: Path) -> None:
    rep = make_report(period=month(2026, 6), measured=date(2026, 6, 30))
    assert len(rep.table("meldinger_maaned").rows) == 1
    trend = rep.table(TREND_KEY)
    assert [row[0] for row in trend.rows] == [
        "juli 2025", "august 2025", "september 2025", "oktober 2025", "november 2025",
        "desember 2025", "januar 2026", "februar 2026", "mars 2026", "april 2026", "mai 2026",
        "juni 2026"]
    assert trend.rows[-1][1:] == rep.table("meldinger_maaned").rows[0][1:3]
    path = tmp_path / "maaned.xlsx"
    build_workbook(rep, suppress_small=True).save(path)
    lines = [x for x in chart_xml(path).values() if "lineChart" in x]
    assert len(lines) == 1 and "$A$" in lines[0]  # the 12-month trend, not one point
    refs = re.findall(r"\$A\$(\d+):\$A\$(\d+)", lines[0])
    assert refs and int(refs[0][1]) - int(refs[0][0]) + 1 == 12
