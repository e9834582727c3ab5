"""The leader's report as an Excel workbook (openpyxl; no Qt).

One sheet per section, every table an Excel Table with filters, Norwegian labels, number formats,
frozen title rows, landscape print setup and native charts. Privacy (REPORTING.md §3): aggregates
only unless an internal detail list is asked for, small counts can be shown as «<5», text is never
stored as a formula, and the file is written atomically (temporary file + ``os.replace``).
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from core.dates import fmt
from core.report import DetailRow, Report, Share, Table
from core.report_model import SUPPRESSED, suppress, suppress_share
from storage.errors import WorkbookError

__all__ = [
    "SHEET_NAMES",
    "DetailRow",
    "WorkbookError",
    "build_workbook",
    "write_workbook",
]

SHEET_NAMES = ("Målekort", "Meldinger", "Undersøkelser", "Tiltak", "Besøk", "Ettervern",
               "Saksmengde", "Om rapporten")
DETAIL_SHEET = "Intern detaljliste"

COUNT_FORMAT = "0"
SHARE_FORMAT = "0.0 %"
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TITLE_FONT = Font(bold=True, size=14)
SUBTITLE_FONT = Font(italic=True, size=9, color="555555")
TABLE_TITLE_FONT = Font(bold=True, size=11)
NOTE_FONT = Font(italic=True, size=9, color="555555")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
TABLE_STYLE = "TableStyleMedium2"
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 8, 48, 60
LINE_HEIGHT = 15  # points per text line
CHARS_PER_UNIT = 1.15  # average text characters per column-width unit (the width of "0")



# --- cells ----------------------------------------------------------------------------------------


def safe_text(cell: Cell, text: str) -> None:
    """Store ``text`` as a plain string, never as a formula (CSV/formula injection)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl treats "=..." as a formula unless told otherwise


def put(cell: Cell, value: object, *, suppress_small: bool) -> str:
    """Write one value with its number format; returns the text used to size the column."""
    if value is None:
        cell.value = None
        return ""
    if isinstance(value, bool):
        safe_text(cell, "ja" if value else "nei")
        return cell.value
    if isinstance(value, Share):
        shown = suppress_share(value, suppress_small)
        return put(cell, shown, suppress_small=suppress_small) if isinstance(shown, str) \
            else _put_share(cell, shown)
    if isinstance(value, int):
        shown = suppress(value, suppress_small)
        if isinstance(shown, str):
            return put(cell, shown, suppress_small=suppress_small)
        cell.value = shown
        cell.number_format = COUNT_FORMAT
        return str(shown)
    if isinstance(value, float):
        return _put_share(cell, value)
    if isinstance(value, datetime):
        cell.value = value
        cell.number_format = DATETIME_FORMAT
        return "00.00.0000 00:00"
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return "00.00.0000"
    safe_text(cell, str(value))
    if value == SUPPRESSED:
        cell.alignment = Alignment(horizontal="right")
    return cell.value


def _put_share(cell: Cell, value: float | None) -> str:
    cell.value = value
    cell.number_format = SHARE_FORMAT
    return "100,0 %"


# --- sheets ---------------------------------------------------------------------------------------


@dataclass
class Placed:
    """Where a table landed: header row, last row, first and last column."""

    header_row: int
    last_row: int
    first_col: int
    last_col: int

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


@dataclass
class SheetWriter:
    """Writes a title area and stacked tables onto one worksheet and finishes its layout."""

    ws: Worksheet
    suppress_small: bool
    names: set[str]
    footer: str
    row: int = 4
    widths: dict[int, float] = field(default_factory=dict)
    wrap_cols: dict[int, int] = field(default_factory=dict)
    notes: list[tuple[int, int, int]] = field(default_factory=list)
    plain_rows: set[int] = field(default_factory=set)  # table titles and notes: never wrapped
    header_rows: set[int] = field(default_factory=set)
    frozen_rows: int = 2

    def title(self, title: str, subtitle: str) -> None:
        safe_text(self.ws.cell(1, 1), title)
        self.ws.cell(1, 1).font = TITLE_FONT
        safe_text(self.ws.cell(2, 1), subtitle)
        self.ws.cell(2, 1).font = SUBTITLE_FONT
        self.ws.row_dimensions[1].height = 22

    def table(self, table: Table, key: str, *, suppress_small: bool | None = None,
              wrap: dict[int, int] | None = None) -> Placed:
        """Title row, header, data rows as an Excel Table, note row, blank row."""
        small = self.suppress_small if suppress_small is None else suppress_small
        ws = self.ws
        safe_text(ws.cell(self.row, 1), table.title)
        ws.cell(self.row, 1).font = TABLE_TITLE_FONT
        self.plain_rows.add(self.row)
        header = self.row + 1
        self.header_rows.add(header)
        for c, name in enumerate(table.columns, start=1):
            cell = ws.cell(header, c)
            safe_text(cell, name)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self._measure(c, name, header=True)
        rows = table.rows or [["Ingen registreringer", *[None] * (len(table.columns) - 1)]]
        for r, values in enumerate(rows, start=header + 1):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(r, c)
                self._measure(c, put(cell, value, suppress_small=small))
                cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top")
        last = header + len(rows)
        for c, width in (wrap or {}).items():
            self.wrap_cols[c] = max(self.wrap_cols.get(c, 0), width)
        ref = f"A{header}:{get_column_letter(len(table.columns))}{last}"
        excel_table = ExcelTable(displayName=self._unique(key), ref=ref)
        excel_table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
        ws.add_table(excel_table)
        self.row = last + 1
        if table.note:
            safe_text(ws.cell(self.row, 1), table.note)
            ws.cell(self.row, 1).font = NOTE_FONT
            self.notes.append((self.row, 1, max(len(table.columns), 4)))
            self.plain_rows.add(self.row)
            self.row += 1
        self.row += 1
        return Placed(header, last, 1, len(table.columns))

    def _measure(self, col: int, text: str, header: bool = False) -> None:
        longest = max((len(part) for part in text.split("\n")), default=0)
        if header:
            longest = min(longest, 16)  # long headers wrap
        self.widths[col] = max(self.widths.get(col, MIN_WIDTH), longest + 2)

    def _unique(self, key: str) -> str:
        base = "T_" + _ascii(key)
        name, n = base, 2
        while name.lower() in self.names:
            name, n = f"{base}_{n}", n + 1
        self.names.add(name.lower())
        return name

    def finish(self, print_rows: int | None = None) -> None:
        ws = self.ws
        for col, width in self.widths.items():
            limit = self.wrap_cols.get(col, MAX_WIDTH)
            ws.column_dimensions[get_column_letter(col)].width = min(width, limit)
        # Wrap long texts in wrapped columns and give their rows room.
        for row in ws.iter_rows(min_row=3):
            if row[0].row in self.plain_rows or (
                    row[0].row <= self.frozen_rows and row[0].row not in self.header_rows):
                continue
            lines = 1
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                width = ws.column_dimensions[cell.column_letter].width or MIN_WIDTH
                if len(cell.value) > width - 1:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    per_line = max((width - 1) * CHARS_PER_UNIT, 1)
                    lines = max(lines, math.ceil(len(cell.value) / per_line))
            if lines > 1:
                ws.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
        for note_row, first, last in self.notes:
            total = sum(ws.column_dimensions[get_column_letter(c)].width or MIN_WIDTH
                        for c in range(first, last + 1))
            ws.merge_cells(start_row=note_row, start_column=first, end_row=note_row,
                           end_column=last)
            cell = ws.cell(note_row, first)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = math.ceil(len(str(cell.value)) / max(total * CHARS_PER_UNIT * 1.1, 1))
            ws.row_dimensions[note_row].height = max(1, lines) * 12 + 3
        ws.freeze_panes = f"A{self.frozen_rows + 1}"
        ws.print_title_rows = f"1:{print_rows or self.frozen_rows}"
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.oddFooter.left.text = self.footer.replace("&", "&&")
        ws.oddFooter.right.text = "Side &P av &N"
        ws.sheet_view.showGridLines = False


def _ascii(text: str) -> str:
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "O"), ("Å", "Aa")):
        text = text.replace(a, b)
    return re.sub(r"[^A-Za-z0-9_]", "_", text)[:200] or "Tabell"


# --- the workbook ---------------------------------------------------------------------------------


def _subtitle(report: Report) -> str:
    return (f"Periode: {report.period.label} ({report.period.dates_text}) · Måledato: "
            f"{fmt(report.measured)} · Laget {report.generated_at:%d.%m.%Y %H:%M} av "
            f"{report.generated_by}")


def build_workbook(report: Report, *, suppress_small: bool,
                   detail_rows: Sequence[DetailRow] | None = None, include_names: bool = False,
                   scorecard_history: Sequence[Report] = ()) -> Workbook:
    """The report as an openpyxl Workbook (not saved)."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"Fristvakt – rapport {report.period.label}"
    wb.properties.creator = "Fristvakt"
    wb.properties.lastModifiedBy = "Fristvakt"
    names: set[str] = set()
    footer = f"Fristvakt – {report.period.label}, måledato {fmt(report.measured)}"
    subtitle = _subtitle(report)
    if suppress_small:
        subtitle += " · Tall fra 1 til 4 vises som «<5»"

    def sheet(name: str) -> SheetWriter:
        writer = SheetWriter(wb.create_sheet(name), suppress_small, names, footer)
        writer.title(f"{name} – {report.period.label}", subtitle)
        return writer

    _scorecard(sheet("Målekort"), report, scorecard_history)
    for name in SHEET_NAMES[1:-1]:
        writer = sheet(name)
        for table in report.sections.get(name, ()):
            placed = writer.table(table, table.key or table.title)
            _chart_for(writer, table, placed)
        writer.finish()
    _about(sheet("Om rapporten"), report, suppress_small, detail_rows is not None, include_names)
    if detail_rows is not None:
        _detail(sheet(DETAIL_SHEET), detail_rows, include_names)
    return wb


def write_workbook(report: Report, path: Path, *, suppress_small: bool,
                   detail_rows: Sequence[DetailRow] | None = None, include_names: bool = False,
                   scorecard_history: Sequence[Report] = ()) -> None:
    """Write the report to ``path`` atomically; raises ``WorkbookError`` (Norwegian message)."""
    wb = build_workbook(report, suppress_small=suppress_small, detail_rows=detail_rows,
                        include_names=include_names, scorecard_history=scorecard_history)
    save_atomic(wb, Path(path))


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save to a temporary file in the same folder, then move it onto ``path``.

    Nothing is left under ``path`` or as a temporary file when writing fails.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=folder)
    except PermissionError as exc:
        raise WorkbookError(f"Kan ikke skrive i mappen «{folder}» – mangler skrivetilgang") \
            from exc
    except OSError as exc:
        raise WorkbookError(f"Kan ikke skrive i mappen «{folder}»: {exc.strerror or exc}") \
            from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        wb.save(tmp)  # mkstemp made it 0600: an export is as private as the register
        os.replace(tmp, path)
    except PermissionError as exc:
        _remove(tmp)
        raise WorkbookError(f"Kan ikke skrive «{path.name}» – er filen åpen i Excel?") from exc
    except OSError as exc:
        _remove(tmp)
        raise WorkbookError(f"Kan ikke skrive «{path.name}»: {exc.strerror or exc}") from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:  # pragma: no cover - nothing more we can do
        pass


# --- Målekort -------------------------------------------------------------------------------------


def _scorecard(writer: SheetWriter, report: Report, history: Sequence[Report]) -> None:
    prev, ly = report.previous_period, report.last_year_period
    # For a year, the previous period is the same period last year: show it once.
    same = prev.start == ly.start and prev.end == ly.end
    columns = ["Indikator", "Type", "Definisjon", "Teller", "Nevner", "Verdi", "Mål", "Mål nådd",
               "Bedre når", f"Forrige periode ({prev.label})"]
    if not same:
        columns.append(f"Samme periode i fjor ({ly.label})")
    # Earlier reports (e.g. 31.12.2024, 30.06.2025) as extra columns, like the seed's table.
    earlier = {r.measured: r for r in history if r.measured != report.measured}
    ordered = [earlier[d] for d in sorted(earlier)]
    for r in ordered:
        columns += [f"Verdi {fmt(r.measured)}", f"Mål {fmt(r.measured)}"]
    rows = []
    for ind in report.indicators:
        met = ind.target_met
        if met is not None and writer.suppress_small and ind.share.small:
            met = None  # would reveal a suppressed value
        row = [ind.label, ind.kind, ind.definition, ind.numerator, ind.denominator,
               ind.share, ind.target, {True: "ja", False: "nei", None: ""}[met],
               "lavere" if ind.lower_is_better else "høyere", ind.previous_share,
               *([] if same else [ind.last_year_share])]
        for r in ordered:
            try:
                other = r.indicator(ind.key)
            except KeyError:
                row += [None, None]
            else:
                row += [other.share, other.target]
        rows.append(row)
    note = ("Type «periode»: telles over hele perioden. Type «øyeblikk»: telles på måledatoen. "
            "Forrige periode og samme periode i fjor er målt på den periodens siste dag. Mål "
            "settes av leder per indikator og år.")
    if ordered:
        note += (" Kolonnene «Verdi/Mål dd.mm.åååå» er tidligere rapporter (" + "; ".join(
            f"{r.period.label}, måledato {fmt(r.measured)}" for r in ordered)
            + ") med målene som gjaldt da.")
    main = Table("Indikatorer med mål", columns, rows, note, "Maalekort")
    placed = writer.table(main, "Maalekort", wrap={1: 30, 3: WRAP_WIDTH})
    writer.frozen_rows = placed.header_row

    live = Table("Løpende fristbrudd på måledato (uten mål)", ["Tall", "Antall", "Definisjon"],
                 [[f.label, f.value, f.definition] for f in report.live],
                 "Fristbrudd som ennå ikke er lukket – de en leder må følge opp nå.",
                 "Loepende_fristbrudd")
    writer.table(live, "Loepende_fristbrudd")

    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = f"Verdi og mål – {report.period.label}"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # first indicator on top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(Reference(writer.ws, min_col=6, max_col=7, min_row=placed.header_row,
                             max_row=placed.last_row), titles_from_data=True)
    chart.set_categories(Reference(writer.ws, min_col=1, min_row=placed.first_data_row,
                                   max_row=placed.last_row))
    chart.width, chart.height = 24, 11
    chart.legend.position = "b"
    writer.ws.add_chart(chart, f"A{writer.row}")
    writer.row += 24
    writer.finish(print_rows=placed.header_row)


# --- charts on the section sheets -----------------------------------------------------------------


def _chart_for(writer: SheetWriter, table: Table, placed: Placed) -> None:
    ws = writer.ws
    anchor_col = get_column_letter(8)
    if table.key == "meldinger_maaned":
        chart = LineChart()
        chart.title = "Meldinger mottatt per måned"
        chart.y_axis.title = "Antall"
        chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=placed.header_row,
                                 max_row=placed.last_row), titles_from_data=True)
        for series in chart.series:
            series.marker.symbol = "circle"
            series.smooth = False
    elif table.key == "undersokelser_kvartal":
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = "Fristbrudd i undersøkelser per kvartal"
        chart.y_axis.title = "Antall"
        chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=placed.header_row,
                                 max_row=placed.last_row), titles_from_data=True)
    else:
        return
    chart.set_categories(Reference(ws, min_col=1, min_row=placed.first_data_row,
                                   max_row=placed.last_row))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.legend.position = "b"
    chart.width, chart.height = 18, 8
    ws.add_chart(chart, f"{anchor_col}{placed.header_row - 1}")


# --- Om rapporten ---------------------------------------------------------------------------------


def _about(writer: SheetWriter, report: Report, suppress_small: bool, detail: bool,
           include_names: bool) -> None:
    p = report.period
    prev, ly = report.previous_period, report.last_year_period
    facts = Table("Rapporten", ["Felt", "Verdi"], [
        ["Periode", f"{p.label} ({p.dates_text})"],
        ["Måledato (øyeblikkstall)", fmt(report.measured)],
        ["Forrige periode (sammenligning)", f"{prev.label} ({prev.dates_text})"],
        ["Samme periode i fjor", f"{ly.label} ({ly.dates_text})"],
        ["Laget", f"{report.generated_at:%d.%m.%Y %H:%M}"],
        ["Laget av", report.generated_by],
        ["Program", "Fristvakt"],
        ["Grunnlag", ("Alle tall er beregnet fra saksregisteret ved uttrekket; ingen tall er "
                      "skrevet inn for hånd. Barn telles én gang per sak.")],
    ], "", "Om_rapporten")
    writer.table(facts, "Om_rapporten", suppress_small=False, wrap={1: 40, 2: 80})

    if suppress_small:
        small = ("På: tall fra 1 til 4 vises som «<5», og en andel vises som «<5» når teller "
                 "eller nevner er fra 1 til 4. 0 vises som 0. Skjuling gjelder enkeltceller; "
                 "summer i andre tabeller kan i noen tilfeller gjøre det mulig å regne seg fram "
                 "til et skjult tall.")
    else:
        small = "Av: alle tall vises slik de er (intern bruk)."
    if detail:
        content = ("Arket «Intern detaljliste» viser åpne og forfalte frister per sak med "
                   "journalnummer og saksbehandler" + (" og barnets navn" if include_names
                                                        else "; barnets navn er ikke med")
                   + ". Fødselsnummer er aldri med. Arket er for intern bruk og skal ikke "
                   "sendes til politisk nivå.")
    else:
        content = ("Bare summer: ingen navn på barn, ingen fødselsnummer og ingen "
                   "journalnummer. Saksbehandlernavn vises i «Saksmengde».")
    privacy = Table("Personvern", ["Valg", "Innstilling"], [
        ["Skjuling av små tall", small],
        ["Innhold", content],
        ["Formler", "Alle tekster er lagret som tekst; arbeidsboken inneholder ingen formler."],
    ], "", "Personvern")
    writer.table(privacy, "Personvern", suppress_small=False)

    params = Table("Regelparametere i kraft", ["Innstilling", "Verdi", "Status", "Nøkkel"],
                   [[q.title, q.text + (" (standardverdi – kan endres i Innstillinger)"
                                        if q.default_only else ""), q.status, q.key]
                    for q in report.params],
                   "Verdiene som ble brukt i beregningen av fristene i denne rapporten.",
                   "Regelparametere")
    writer.table(params, "Regelparametere", suppress_small=False)

    rows = [[ind.label, ind.definition, ind.kind] for ind in report.indicators]
    rows += [[f.label, f.definition, "øyeblikk"] for f in report.live]
    definitions = Table("Definisjoner", ["Indikator", "Definisjon", "Type"], rows,
                        "Hver indikator er en andel: teller delt på nevner.", "Definisjoner")
    writer.table(definitions, "Definisjoner", suppress_small=False)
    writer.finish()


# --- Intern detaljliste ---------------------------------------------------------------------------


def _detail(writer: SheetWriter, rows: Sequence[DetailRow], include_names: bool) -> None:
    columns = ["Journalnummer", "Saksbehandler", *(["Barn"] if include_names else []),
               "Frist", "Forfallsdato", "Status", "Dager over fristen"]
    data = [[r.journalnummer, r.saksbehandler, *([r.barn] if include_names else []), r.regel,
             r.frist, r.status, r.dager_over] for r in rows]
    table = Table("Åpne og forfalte frister", columns, data,
                  "Intern bruk. Fødselsnummer er aldri med. Sortert med de mest forfalte først.",
                  "Intern_detaljliste")
    writer.table(table, "Intern_detaljliste", suppress_small=False)
    writer.finish()
