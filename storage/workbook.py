"""The leader's report as an Excel workbook (openpyxl; no Qt).

One sheet per section, every table an Excel Table with filters, Norwegian labels, number formats,
frozen title rows, landscape print setup and native charts. Privacy (REPORTING.md §3): aggregates
only unless an internal detail list is asked for; with suppression on, counts 1–4 are shown as
«<5» and ``core.report_privacy`` hides more («skjult», share ranges) until no hidden count can be
recomputed from the others; without ``name_people`` no caseworker or exporting user is named;
text is never stored as a formula (quote prefix), and the file is written atomically (temporary
file + ``os.replace``). Charts draw hidden values as a labelled gap («<5», «skjult»), never as 0.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabel, DataLabelList
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.descriptors import Typed
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from core.dates import fmt
from core.report import DetailRow, Report, Share, Table
from core.report_model import SUPPRESSED, Days, Indicator, suppress, suppress_share
from core.report_privacy import ReportProtection, protect_report
from core.report_tables import TREND_KEY, UNASSIGNED
from core.suppression import Hidden, ShareRange
from storage.errors import WorkbookError

__all__ = [
    "SHEET_NAMES",
    "DetailRow",
    "WorkbookError",
    "build_workbook",
    "write_workbook",
]

SHEET_NAMES = ("Målekort", "Meldinger", "Undersøkelser", "Tiltak", "Besøk", "Ettervern",
               "Saksmengde", "Internkontroll", "Om rapporten")
DETAIL_SHEET = "Intern detaljliste"

COUNT_FORMAT = "0"
SHARE_FORMAT = "0.0 %"
DAYS_FORMAT = "0.0"
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
NOT_SET = "ikke satt"  # a target column for a year without a target

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
PAGE_CM = (27.67, 18.2)  # printable width and height of a landscape A4 page with our margins
ROW_CM = LINE_HEIGHT * 2.54 / 72  # height of a plain row


# --- cells ----------------------------------------------------------------------------------------


def safe_text(cell: Cell, text: str) -> None:
    """Store ``text`` as a plain string, never as a formula (CSV/formula injection).

    Text that starts like a formula is stored as a string with Excel's quote prefix (the «'»
    a user types), so that not even F2 + Enter in Excel or LibreOffice turns it into one.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl treats "=..." as a formula unless told otherwise
        cell.quotePrefix = True


def put(cell: Cell, value: object, *, suppress_small: bool) -> str:
    """Write one value with its number format; returns the text used to size the column."""
    if value is None:
        cell.value = None
        return ""
    if isinstance(value, bool):
        safe_text(cell, "ja" if value else "nei")
        return cell.value
    if isinstance(value, Hidden | ShareRange):
        safe_text(cell, value.text)
        cell.alignment = Alignment(horizontal="right")
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
    if isinstance(value, Days):
        cell.value = round(value.value, 1)
        cell.number_format = DAYS_FORMAT
        return f"{value.value:.1f}"
    if isinstance(value, float):
        return _put_share(cell, value)
    if isinstance(value, datetime):
        cell.value = value
        cell.number_format = DATETIME_FORMAT
        return "00.00.0000 00:00"
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(horizontal="center")
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
    charts: list[Callable[[], None]] = field(default_factory=list)  # drawn by ``finish``

    def title(self, title: str, subtitle: str) -> None:
        safe_text(self.ws.cell(1, 1), title)
        self.ws.cell(1, 1).font = TITLE_FONT
        safe_text(self.ws.cell(2, 1), subtitle)
        self.ws.cell(2, 1).font = SUBTITLE_FONT
        self.ws.row_dimensions[1].height = 22

    def table(self, table: Table, key: str, *, suppress_small: bool | None = None,
              wrap: dict[int, int] | None = None,
              align: dict[int, str] | None = None) -> Placed:
        """Title row, header, data rows as an Excel Table, note row, blank row.

        ``align`` sets the horizontal alignment of data columns (1-based); text after the first
        column is indented one character so that it never touches a number or date before it.
        """
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
                horizontal = (align or {}).get(c, cell.alignment.horizontal)
                indent = 0
                if c > 1 and horizontal in (None, "left", "general") and isinstance(
                        cell.value, str):
                    horizontal, indent = "left", 1
                cell.alignment = Alignment(horizontal=horizontal, vertical="top", indent=indent)
        last = header + len(rows)
        for c in range(2, len(table.columns) + 1):  # a number column's heading stands over it
            cells = [ws.cell(r, c) for r in range(header + 1, last + 1)]
            if any(cell.value is not None for cell in cells) and all(
                    cell.value is None or isinstance(cell.value, int | float)
                    or cell.alignment.horizontal == "right" for cell in cells):
                ws.cell(header, c).alignment = Alignment(wrap_text=True, vertical="top",
                                                         horizontal="right")
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
            longest = min(longest, 16) + 1  # long headers wrap; bold needs a little more
        self.widths[col] = max(self.widths.get(col, MIN_WIDTH), longest + 2)

    def scale(self) -> float:
        """How much «fit to page width» shrinks this sheet when printed (1: not at all)."""
        units = [min(w, self.wrap_cols.get(c, MAX_WIDTH)) for c, w in self.widths.items()]
        width_cm = sum(7 * w + 5 for w in units) * 2.54 / 96  # Excel: 7 px per unit + 5
        return min(1.0, PAGE_CM[0] / width_cm) if width_cm else 1.0

    def chart_data(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Placed:
        """Numbers for a chart as hidden rows under everything else on the sheet.

        Only what the tables show goes in: a hidden value is blank (a gap in a line) or 0 (a bar
        of no length) and gets its «<5»/«skjult» as a data label (``_text_labels``).
        """
        ws = self.ws
        header_row = self.row
        for c, name in enumerate(header, start=1):
            safe_text(ws.cell(header_row, c), name)
        for r, values in enumerate(rows, start=header_row + 1):
            for c, value in enumerate(values, start=1):
                if isinstance(value, str):
                    safe_text(ws.cell(r, c), value)
                else:
                    ws.cell(r, c).value = value
        last = header_row + len(rows)
        for r in range(header_row, last + 1):
            ws.row_dimensions[r].hidden = True
            self.plain_rows.add(r)
        self.row = last + 1
        return Placed(header_row, last, 1, len(header))

    def _unique(self, key: str) -> str:
        base = "T_" + _ascii(key)
        name, n = base, 2
        while name.lower() in self.names:
            name, n = f"{base}_{n}", n + 1
        self.names.add(name.lower())
        return name

    def finish(self, print_rows: int | None = None) -> None:
        ws = self.ws
        for draw in self.charts:
            draw()
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
                    cell.alignment = Alignment(wrap_text=True, vertical="top",
                                               horizontal=cell.alignment.horizontal,
                                               indent=cell.alignment.indent)
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


def _subtitle(report: Report, name_people: bool) -> str:
    made = f"Laget {report.generated_at:%d.%m.%Y %H:%M}"
    if name_people:
        made += f" av {report.generated_by}"
    return (f"Periode: {report.period_text} ({report.period.dates_text}) · Måledato: "
            f"{fmt(report.measured)} · {made}")


def caseworker_aliases(names: Sequence[str]) -> dict[str, str]:
    """«Saksbehandler A», «B», … for caseworker names, in alphabetical order of the names
    (A–Z, then AA, AB, …); «(ikke tildelt)» is not a person and stays as it is."""
    people = sorted({n for n in names if n != UNASSIGNED}, key=lambda n: (n.casefold(), n))
    aliases = {UNASSIGNED: UNASSIGNED}
    for i, name in enumerate(people):
        letters, n = "", i
        while True:
            letters = chr(ord("A") + n % 26) + letters
            n = n // 26 - 1
            if n < 0:
                break
        aliases[name] = f"Saksbehandler {letters}"
    return aliases


def _anonymous(table: Table) -> Table:
    """The caseload table with caseworkers as «Saksbehandler A, B, …» (rows in that order)."""
    aliases = caseworker_aliases([str(row[0]) for row in table.rows])
    rows = sorted(([aliases[str(row[0])], *row[1:]] for row in table.rows),
                  key=lambda row: (row[0] == UNASSIGNED, len(row[0]), row[0]))
    return replace(table, rows=rows)


def build_workbook(report: Report, *, suppress_small: bool,
                   detail_rows: Sequence[DetailRow] | None = None, include_names: bool = False,
                   scorecard_history: Sequence[Report] = (),
                   name_people: bool = False) -> Workbook:
    """The report as an openpyxl Workbook (not saved).

    ``suppress_small``: counts 1–4 as «<5» with secondary suppression (``core.report_privacy``).
    ``name_people``: caseworkers and the exporting user are named (the «intern» profile);
    otherwise caseworkers are «Saksbehandler A, B, …» and the user is not printed.
    """
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"Fristvakt – rapport {report.period.label}"
    wb.properties.creator = "Fristvakt"
    wb.properties.lastModifiedBy = "Fristvakt"
    names: set[str] = set()
    footer = f"Fristvakt – {report.period_text}, måledato {fmt(report.measured)}"
    subtitle = _subtitle(report, name_people)
    if suppress_small:
        subtitle += " · Tall fra 1 til 4 vises som «<5»; «skjult» verner et annet lite tall"
    earlier = {r.measured: r for r in scorecard_history if r.measured != report.measured}
    history = [earlier[d] for d in sorted(earlier)]
    protection = protect_report(report, history) if suppress_small else None

    def sheet(name: str) -> SheetWriter:
        writer = SheetWriter(wb.create_sheet(name), suppress_small, names, footer)
        writer.title(f"{name} – {report.period_text}", subtitle)
        return writer

    _scorecard(sheet("Målekort"), report, history, protection)
    for name in SHEET_NAMES[1:-1]:
        writer = sheet(name)
        for table in report.sections.get(name, ()):
            shown = protection.table(table) if protection is not None else table
            if table.key == "saksmengde" and not name_people:
                shown = _anonymous(shown)
            placed = writer.table(shown, table.key or table.title)
            _chart_for(writer, shown, placed)
        writer.finish()
    _about(sheet("Om rapporten"), report, suppress_small, detail_rows is not None, include_names,
           name_people)
    if detail_rows is not None:
        _detail(sheet(DETAIL_SHEET), detail_rows, include_names)
    return wb


def write_workbook(report: Report, path: Path, *, suppress_small: bool,
                   detail_rows: Sequence[DetailRow] | None = None, include_names: bool = False,
                   scorecard_history: Sequence[Report] = (), name_people: bool = False) -> None:
    """Write the report to ``path`` atomically; raises ``WorkbookError`` (Norwegian message)."""
    wb = build_workbook(report, suppress_small=suppress_small, detail_rows=detail_rows,
                        include_names=include_names, scorecard_history=scorecard_history,
                        name_people=name_people)
    save_atomic(wb, Path(path))


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save to a temporary file in the same folder, then move it onto ``path``.

    The workbook is put together in memory first, and only then written to the disk, so that a
    failed write never leaves openpyxl's zip file half open. An OSError on the way (full disk or
    quota, file too large, read-only folder, no access, I/O error…) becomes a WorkbookError with
    one Norwegian sentence, never the operating system's English text. Nothing is left under
    ``path``, as a temporary file beside it or among openpyxl's temporary files when it fails.
    """
    import io

    from openpyxl.worksheet import _writer as sheet_writer  # where openpyxl notes its temp files

    # openpyxl writes each sheet through a temporary file in the system's temporary folder.
    noted: list[str] = getattr(sheet_writer, "ALL_TEMP_FILES", [])
    before = set(noted)
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except OSError as exc:
        for leftover in set(noted) - before:
            _remove(Path(leftover))
        raise write_failure(exc, path, Path(tempfile.gettempdir())) from exc
    write_bytes_atomic(buffer.getbuffer(), path, ".xlsx.tmp")


def write_failure(exc: OSError, path: Path, folder: Path, moving: bool = False) -> WorkbookError:
    """One Norwegian sentence for an OSError while writing ``path`` (in ``folder``)."""
    import errno

    name = f"«{path.name}» er ikke skrevet"
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        full = "Disken er full" if code == errno.ENOSPC else "Diskkvoten er brukt opp"
        text = f"{full} – {name}. Frigjør plass i «{folder}» og prøv igjen."
    elif code == errno.EFBIG:
        text = f"Filen blir større enn systemet tillater – {name}."
    elif code == errno.EROFS:
        text = f"Mappen «{folder}» er skrivebeskyttet – {name}."
    elif isinstance(exc, PermissionError):
        program = "Excel" if path.suffix.lower() == ".xlsx" else "et annet program"
        text = (f"Kan ikke skrive «{path.name}» – er filen åpen i {program}?" if moving
                else f"Kan ikke skrive i mappen «{folder}» – mangler skrivetilgang")
    elif code == errno.ENOENT:
        text = f"Mappen «{folder}» finnes ikke – {name}."
    elif code == errno.ENAMETOOLONG:
        text = f"Filnavnet «{path.name}» er for langt – velg et kortere navn"
    elif code == errno.EIO:
        text = f"Lese- eller skrivefeil på disken – {name}. Sjekk disken eller nettverket."
    else:
        detail = errno.errorcode.get(code, "ukjent") if code is not None else "ukjent"
        text = f"Kan ikke skrive «{path.name}» (feilkode {detail})"
    return WorkbookError(text)


def write_bytes_atomic(data: bytes | memoryview, path: Path, suffix: str) -> None:
    """Write ``data`` to a private temporary file beside ``path`` (``suffix``), then move it onto
    ``path``; an OSError becomes a WorkbookError (``write_failure``), nothing is left behind."""
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=suffix, dir=folder)
    except OSError as exc:
        raise write_failure(exc, path, folder) from exc
    tmp = Path(tmp_name)
    moving = False
    try:
        try:
            written = 0
            while written < len(data):  # mkstemp made it 0600: as private as the register
                written += os.write(fd, data[written:])
            os.fsync(fd)  # a full disk may only show here (network drives)
        finally:
            os.close(fd)
        moving = True
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise write_failure(exc, path, folder, moving) from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: Path) -> None:
    """Delete the temporary file if it is there; a failure to delete is not reported."""
    try:
        tmp.unlink(missing_ok=True)
    except OSError:  # pragma: no cover - nothing more we can do
        pass


# --- Målekort -------------------------------------------------------------------------------------


Shown = Share | ShareRange | Hidden | None


def _scorecard(writer: SheetWriter, report: Report, history: Sequence[Report],
               protection: ReportProtection | None) -> None:
    prev, ly = report.previous_period, report.last_year_period
    # For a year, the previous period is the same period last year: show it once.
    same = prev.start == ly.start and prev.end == ly.end
    columns = ["Indikator", "Type", "Definisjon", "Teller", "Nevner", "Verdi", "Mål", "Mål nådd",
               "Bedre når", f"Forrige periode ({prev.label})"]
    if not same:
        columns.append(f"Samme periode i fjor ({ly.label})")
    # Earlier reports (e.g. 31.12.2024, 30.06.2025) as extra columns, like the seed's table.
    for r in history:
        columns += [f"Verdi {fmt(r.measured)}", f"Mål {fmt(r.measured)}"]

    def share(ind: Indicator, value: Share, period: tuple[date, date, date] | None) -> Shown:
        if protection is None:
            return value
        return protection.share(ind, value, period=period)

    rows = []
    values: list[Shown] = []
    for ind in report.indicators:
        if protection is None:
            teller: int | Hidden = ind.numerator
            nevner: int | Hidden = ind.denominator
            met: bool | Hidden | None = ind.target_met
        else:
            teller, nevner = protection.teller(ind), protection.nevner(ind)
            met = protection.target_met(ind)
        value = share(ind, ind.share, None)
        values.append(value)
        row = [ind.label, ind.kind, ind.definition, teller, nevner, value,
               NOT_SET if ind.target is None else ind.target, "" if met is None else met,
               "lavere" if ind.lower_is_better else "høyere",
               share(ind, ind.previous_share, (prev.start, prev.end, prev.end)),
               *([] if same else [share(ind, ind.last_year_share, (ly.start, ly.end, ly.end))])]
        for r in history:
            try:
                other = r.indicator(ind.key)
            except KeyError:
                row += [None, None]
            else:
                row += [share(other, other.share, (r.period.start, r.period.end, r.measured)),
                        NOT_SET if other.target is None else other.target]
        rows.append(row)
    note = ("Type «periode»: telles over hele perioden. Type «øyeblikk»: telles på måledatoen. "
            "Forrige periode og samme periode i fjor er målt på den periodens siste dag. Mål "
            "settes av leder per indikator og år; «ikke satt»: intet mål for det året.")
    if protection is not None:
        note += (" «<5»: tallet er fra 1 til 4. «skjult»: tallet er skjult fordi et lite tall "
                 "ellers kunne regnes ut. En andel som «86–97 %» er vist som intervall fordi "
                 "teller eller nevner minus teller er fra 1 til 4.")
    if history:
        note += (" Kolonnene «Verdi/Mål dd.mm.åååå» er tidligere rapporter (" + "; ".join(
            f"{r.period.label}, måledato {fmt(r.measured)}" for r in history)
            + ") med målene som gjaldt da.")
    main = Table("Indikatorer med mål", columns, rows, note, "Maalekort")
    goals = {c for c, name in enumerate(columns, start=1)
             if name == "Mål" or (name.startswith("Mål ") and name != "Mål nådd")}
    met_col = columns.index("Mål nådd") + 1
    align = dict.fromkeys(goals, "right") | {met_col: "center"}
    placed = writer.table(main, "Maalekort", wrap={1: 30, 3: WRAP_WIDTH}, align=align)
    for c in goals | {met_col}:  # «Mål» and «Mål nådd» readable side by side, never squeezed
        writer.widths[c] = max(writer.widths.get(c, MIN_WIDTH), 11)
    writer.frozen_rows = placed.header_row

    live_rows = [[f.label, f.value if protection is None else protection.live(f.key, f.value),
                  f.definition] for f in report.live]
    live = Table("Løpende fristbrudd på måledato (uten mål)", ["Tall", "Antall", "Definisjon"],
                 live_rows, "Fristbrudd som ennå ikke er lukket – de en leder må følge opp nå.",
                 "Loepende_fristbrudd")
    writer.table(live, "Loepende_fristbrudd")

    # The chart starts on a page of its own (a page break before it) and is sized to fill the
    # printed page's width without running past its foot, so it is never split.
    anchor = writer.row
    writer.ws.row_breaks.append(Break(id=anchor - 1))
    scale = writer.scale()
    width = 0.95 * PAGE_CM[0] / scale
    height = min(0.5 * width, 0.85 * (PAGE_CM[1] / scale - 5))
    writer.row += math.ceil(height / ROW_CM) + 2

    def draw() -> None:
        data = writer.chart_data(
            ["Indikator", "Verdi", "Mål"],
            [[ind.label, _chart_value(v, bar=True), ind.target]
             for ind, v in zip(report.indicators, values, strict=True)])
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "clustered"
        chart.title = f"Verdi og mål – {report.period_text}"
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # first indicator on top
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        _hidden_data_chart(chart)
        chart.add_data(Reference(writer.ws, min_col=2, max_col=3, min_row=data.header_row,
                                 max_row=data.last_row), titles_from_data=True)
        chart.set_categories(Reference(writer.ws, min_col=1, min_row=data.first_data_row,
                                       max_row=data.last_row))
        _text_labels(chart.series[0], {i: _label_text(v) for i, v in enumerate(values)},
                     "inBase")
        chart.width, chart.height = width, height
        chart.legend.position = "b"
        writer.ws.add_chart(chart, f"A{anchor}")

    writer.charts.append(draw)
    writer.finish(print_rows=placed.header_row)


# --- charts ---------------------------------------------------------------------------------------


class _TextLabel(DataLabel):
    """A data label with its own text (``c:dLbl/c:tx/c:rich``), which openpyxl's DataLabel
    cannot write. Excel and LibreOffice both show it, also on a bar of no length."""

    tagname = "dLbl"
    idx = DataLabel.idx
    tx = Typed(expected_type=Text, allow_none=True)
    numFmt = DataLabel.numFmt
    spPr = DataLabel.spPr
    txPr = DataLabel.txPr
    dLblPos = DataLabel.dLblPos
    showLegendKey = DataLabel.showLegendKey
    showVal = DataLabel.showVal
    showCatName = DataLabel.showCatName
    showSerName = DataLabel.showSerName
    showPercent = DataLabel.showPercent
    showBubbleSize = DataLabel.showBubbleSize
    separator = DataLabel.separator
    __elements__ = ("idx", "tx", "numFmt", "spPr", "txPr", "dLblPos", "showLegendKey",
                    "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize",
                    "separator")

    def __init__(self, idx: int = 0, tx: Text | None = None, **kw: object) -> None:
        super().__init__(idx=idx, **kw)
        self.tx = tx


_LABEL_FLAGS = {"showLegendKey": False, "showCatName": False, "showSerName": False,
                "showPercent": False, "showBubbleSize": False}


def _text_labels(series: object, texts: Mapping[int, str | None], position: str) -> None:
    """Label the points ``texts`` names (index → text) of ``series`` with that text."""
    labels = []
    for idx, text in texts.items():
        if not text:
            continue
        run = RegularTextRun(t=text)
        rich = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(b=True)),
                                     r=[run])])
        labels.append(_TextLabel(idx=idx, tx=Text(rich=rich), showVal=True, dLblPos=position,
                                 **_LABEL_FLAGS))
    if labels:
        series.dLbls = DataLabelList(dLbl=labels, showVal=False,  # type: ignore[attr-defined]
                                     **_LABEL_FLAGS)


def _label_text(value: object) -> str | None:
    """The label of a hidden value («<5», «skjult», «86–97 %»); None for a shown one."""
    return value.text if isinstance(value, Hidden | ShareRange) else None


def _chart_value(value: object, *, bar: bool) -> float | int | None:
    """The number a chart draws: the value, or for a hidden one 0 (a bar of no length that
    carries the label) or nothing (a gap in a line)."""
    if isinstance(value, Share):
        return value.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, Hidden | ShareRange):
        return 0 if bar else None
    return None


def _hidden_data_chart(chart: BarChart | LineChart) -> None:
    """The chart reads its numbers from hidden rows (``SheetWriter.chart_data``)."""
    chart.visible_cells_only = False
    chart.display_blanks = "gap"


def _chart_for(writer: SheetWriter, table: Table, placed: Placed) -> None:
    """A line chart of meldinger per month (the 12-month trend of a shorter period), a bar
    chart of fristbrudd per quarter."""
    if table.key == TREND_KEY or (table.key == "meldinger_maaned" and len(table.rows) >= 12):
        writer.charts.append(lambda: _line_chart(writer, table, placed))
    elif table.key == "undersokelser_kvartal" and table.rows:
        writer.charts.append(lambda: _bar_chart(writer, table, placed))


def _line_chart(writer: SheetWriter, table: Table, placed: Placed) -> None:
    names = table.columns[1:3]
    rows, marks = [], {}
    for i, row in enumerate(table.rows):
        hidden = [(name, v) for name, v in zip(names, row[1:3], strict=True)
                  if isinstance(v, Hidden)]
        if len(hidden) == len(names) and len({v.text for _, v in hidden}) == 1:
            marks[i] = hidden[0][1].text
        elif hidden:
            marks[i] = ", ".join(f"{name}: {v.text}" for name, v in hidden)
        rows.append([row[0], *(_chart_value(v, bar=False) for v in row[1:3]),
                     0 if hidden else None])
    data = writer.chart_data([table.columns[0], *names, "Skjult"], rows)
    chart = LineChart()
    chart.title = table.title
    chart.y_axis.title = "Antall"
    _hidden_data_chart(chart)
    chart.add_data(Reference(writer.ws, min_col=2, max_col=4, min_row=data.header_row,
                             max_row=data.last_row), titles_from_data=True)
    for series in chart.series[:2]:
        series.marker.symbol = "circle"
        series.smooth = False
    gap = chart.series[2]  # no line, no marker: only the «<5»/«skjult» labels on the axis
    gap.marker.symbol = "none"
    gap.smooth = False
    gap.graphicalProperties = GraphicalProperties(ln=LineProperties(noFill=True))
    _text_labels(gap, marks, "t")
    chart.legend.legendEntry = [LegendEntry(idx=2, delete=True)]
    _place(writer, chart, data, placed)


def _bar_chart(writer: SheetWriter, table: Table, placed: Placed) -> None:
    rows = [[row[0], *(_chart_value(v, bar=True) for v in row[1:3])] for row in table.rows]
    data = writer.chart_data(table.columns[:3], rows)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Fristbrudd i undersøkelser per kvartal"
    chart.y_axis.title = "Antall"
    _hidden_data_chart(chart)
    chart.add_data(Reference(writer.ws, min_col=2, max_col=3, min_row=data.header_row,
                             max_row=data.last_row), titles_from_data=True)
    for s, series in enumerate(chart.series, start=1):
        _text_labels(series, {i: _label_text(row[s]) for i, row in enumerate(table.rows)},
                     "inBase")
    _place(writer, chart, data, placed)


def _place(writer: SheetWriter, chart: BarChart | LineChart, data: Placed, placed: Placed) -> None:
    chart.set_categories(Reference(writer.ws, min_col=1, min_row=data.first_data_row,
                                   max_row=data.last_row))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.legend.position = "b"
    chart.width, chart.height = 18, 8
    writer.ws.add_chart(chart, f"{get_column_letter(8)}{placed.header_row - 1}")


# --- Om rapporten ---------------------------------------------------------------------------------


def _about(writer: SheetWriter, report: Report, suppress_small: bool, detail: bool,
           include_names: bool, name_people: bool) -> None:
    p = report.period
    prev, ly = report.previous_period, report.last_year_period
    facts = Table("Rapporten", ["Felt", "Verdi"], [
        ["Periode", f"{p.label} ({p.dates_text})"],
        ["Måledato (øyeblikkstall)", fmt(report.measured)],
        ["Forrige periode (sammenligning)", f"{prev.label} ({prev.dates_text})"],
        ["Samme periode i fjor", f"{ly.label} ({ly.dates_text})"],
        ["Laget", f"{report.generated_at:%d.%m.%Y %H:%M}"],
        ["Laget av", report.generated_by if name_people else
         "Vises ikke i denne profilen – står i eksportloggen"],
        ["Program", "Fristvakt"],
        ["Grunnlag", ("Alle tall er beregnet fra saksregisteret ved uttrekket; ingen tall er "
                      "skrevet inn for hånd. Barn telles én gang per sak.")],
    ], "", "Om_rapporten")
    writer.table(facts, "Om_rapporten", suppress_small=False, wrap={1: 40, 2: 80})

    if suppress_small:
        small = ("På: tall fra 1 til 4 vises som «<5», og 0 vises som 0. For at et skjult tall "
                 "ikke skal kunne regnes ut av summer, totaler eller andre tabeller, er også "
                 "et annet tall i samme rad, kolonne eller sum skjult der det trengs "
                 "(«skjult»). En andel der teller eller nevner minus teller er fra 1 til 4, "
                 "vises som et intervall (f.eks. «86–97 %») eller skjules. Diagrammene viser "
                 "skjulte tall som «<5» eller «skjult», aldri som 0.")
    else:
        small = "Av: alle tall vises slik de er (intern bruk)."
    if detail:
        content = ("Arket «Intern detaljliste» viser åpne og forfalte frister per sak med "
                   "journalnummer og saksbehandler" + (" og barnets navn" if include_names
                                                        else "; barnets navn er ikke med")
                   + ". Fødselsnummer er aldri med. Arket er for intern bruk og skal ikke "
                   "sendes til politisk nivå.")
    else:
        content = "Bare summer: ingen navn på barn, ingen fødselsnummer og ingen journalnummer."
        content += (" Saksbehandlernavn vises i «Saksmengde»." if name_people else
                    " Ingen personer er navngitt: saksbehandlere vises som «Saksbehandler A, "
                    "B, …» (i alfabetisk rekkefølge etter navn).")
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

    sheets = [(name, t) for name, tables in report.sections.items() for t in tables]
    table_defs = Table("Hva hver tabell viser", ["Ark", "Tittel", "Definisjon"],
                       [[name, t.title, t.note] for name, t in sheets],
                       "Hva hver tabell teller; den samme teksten står under tabellen.",
                       "Tabelldefinisjoner")
    writer.table(table_defs, "Tabelldefinisjoner", suppress_small=False, wrap={3: 80})
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
    placed = writer.table(table, "Intern_detaljliste", suppress_small=False)
    writer.frozen_rows = placed.header_row  # the header stays on screen and on every page
    writer.finish(print_rows=placed.header_row)
