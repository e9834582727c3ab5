"""The leader's report as a use case: build it for a period, export it as a logged workbook.

``load_report`` counts the report for a period in one consistent snapshot of the register
(figures, rule parameters, targets), with the scorecard of earlier periods for the workbook's
extra measurement-date columns. The figures are counted in SQL (``storage.report_queries``),
equal to the pure ``core.report`` over every case file (tests/test_report_sql.py); no case file
is loaded unless asked for (``ReportData.cases``). ``export_report`` writes the workbook
atomically and records the export (eksportlogg and audit row) in the same transaction, so a file
is never written without its log entry. Both check the role; neither touches Qt.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from core.access import Action
from core.dates import add_months, fmt
from core.model import CaseFile
from core.params import Params
from core.periods import (
    Period,
    date_range,
    half_year,
    parse_period,
    quarter,
    tertial,
    year,
)
from core.report import (
    DetailRow,
    Report,
    Share,
    assemble_report,
    scorecard_report,
)
from core.visits import VISIT_WINDOW_MONTHS
from service.register import Register, guarded
from storage.errors import WorkbookError

PROFILES = ("politisk", "intern")
DEFAULT_HISTORY = 3  # earlier periods shown as measurement-date columns in «Målekort»


# --- the shared job -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportOptions:
    """What goes into the workbook (REPORTING.md §3).

    ``suppress_small`` None follows the profile: on for «politisk», off for «intern». The internal
    detail list is only allowed in the «intern» profile, children's names only with it.
    """

    profil: str = "politisk"
    suppress_small: bool | None = None
    detail: bool = False
    names: bool = False
    history: int = DEFAULT_HISTORY

    @property
    def suppressing(self) -> bool:
        return self.profil == "politisk" if self.suppress_small is None else self.suppress_small

    def check(self) -> None:
        """Raise ValueError (one Norwegian sentence) for a combination that is not allowed."""
        if self.profil not in PROFILES:
            raise ValueError(f"Ukjent profil «{self.profil}» (velg politisk eller intern)")
        if self.detail and self.profil != "intern":
            raise ValueError("Intern detaljliste kan bare tas med i profilen «intern»")
        if self.names and not self.detail:
            raise ValueError("Navn kan bare tas med i den interne detaljlisten")
        if not 0 <= self.history <= 12:
            raise ValueError("Antall tidligere perioder må være mellom 0 og 12")


@dataclass(frozen=True)
class ReportData:
    """A built report with what an export needs beside it.

    The case files behind it (``cases``) and the internal detail list (``detail_rows``) are
    read from the register when first asked for, not with the report.
    """

    report: Report
    history: tuple[Report, ...]
    params: Params
    source: _Source = field(repr=False, compare=False)

    @functools.cached_property
    def cases(self) -> list[CaseFile]:
        """The case files the report's periods can count (``Repository.report_cases``)."""
        return self.source.cases()

    def detail_rows(self, *, only_overdue: bool = False) -> list[DetailRow]:
        """The internal detail list on the measurement date, from the stored deadlines: the same
        rows as ``core.report.build_detail_rows`` over every case file."""
        return self.source.detail_rows(self.report.measured, only_overdue)


@dataclass(frozen=True)
class _Source:
    """Where a report's lazily read parts come from: the register, and the first day its periods
    can count (``_window_start``)."""

    reg: Register
    since: date

    @guarded
    def cases(self) -> list[CaseFile]:
        self.reg._require(Action.REPORT)
        repo = self.reg.repository_for_report()
        with repo.snapshot():
            return repo.report_cases(self.since)

    @guarded
    def detail_rows(self, measured: date, only_overdue: bool) -> list[DetailRow]:
        self.reg._require(Action.REPORT)
        repo = self.reg.repository_for_report()
        with repo.snapshot():
            return repo.report_queries().detail_rows(measured, only_overdue=only_overdue)


@dataclass(frozen=True)
class ExportResult:
    """A written workbook: where, its export-log id and how long writing it took."""

    path: Path
    export_id: int
    seconds: float
    report: Report


def report_period(text: str, until: str | None = None) -> Period:
    """The period «--periode» names, or from its start to the end of «--til» (ValueError)."""
    period = parse_period(text)
    if until is None:
        return period
    last = parse_period(until)
    if last.end < period.start:
        raise ValueError(f"«{until}» slutter før «{text}» begynner")
    return _named(period.start, last.end)


def _named(start: date, end: date) -> Period:
    """The quarter, tertial, half-year or year with exactly these dates, else a date range."""
    for months, factory in ((3, quarter), (4, tertial), (6, half_year)):
        if start.day == 1 and (start.month - 1) % months == 0:
            unit = factory(start.year, (start.month - 1) // months + 1)
            if unit.end == end:
                return unit
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return year(start.year)
    return date_range(start, end)


def check_measured(period: Period, measured: date | None) -> None:
    """ValueError (Norwegian) if the measurement date lies before the period starts."""
    if measured is not None and measured < period.start:
        raise ValueError(f"Måledatoen {fmt(measured)} er før periodens start "
                         f"{fmt(period.start)}")


def measurement_date(period: Period, today: date, measured: date | None = None) -> date:
    """The day the snapshot figures are taken: ``measured`` if chosen, else the period's last
    day or today, whichever is earlier. ValueError (Norwegian) for a period that has not begun
    or a chosen date after today: a report never measures a day that has not happened."""
    if period.start > today:
        raise ValueError(f"Perioden {period.label} har ikke begynt ennå (i dag er {fmt(today)}); "
                         "en rapport kan bare måle dager som har vært")
    if measured is not None and measured > today:
        raise ValueError(f"Måledatoen {fmt(measured)} er etter i dag ({fmt(today)}); "
                         "en rapport kan bare måle dager som har vært")
    return measured or min(period.end, today)


@guarded
def load_report(reg: Register, period: Period, measured: date | None = None, *,
                history: int = 0, generated_by: str | None = None,
                now: Callable[[], datetime] = datetime.now) -> ReportData:
    """Build the report for ``period`` measured on ``measured`` (default: the period's end,
    or today while the period runs: ``measurement_date``).

    Refused with a Norwegian ValueError: a period that has not begun, a measurement date after
    today, and a period in which the register has no case (a workbook of zeros says nothing).

    Targets are those set for the year the period ends in; each of the ``history`` earlier
    periods of the same kind is measured on its own last day with its own year's targets
    (left out: periods without any data, and the previous period and the same period last
    year, which the scorecard shows in columns of their own).
    """
    reg._require(Action.REPORT)
    repo = reg.repository_for_report()
    measured = measurement_date(period, reg.today(), measured)
    check_measured(period, measured)
    by = generated_by or reg.user.navn
    shown = {period.previous(), period.same_last_year()}
    earlier = [p for p in _earlier_periods(period, history) if p not in shown]
    with repo.snapshot():
        queries = repo.report_queries()
        if not queries.has_cases(period):
            raise ValueError(f"Registeret har ingen saker i perioden {period.label} "
                             f"({period.dates_text}); velg en periode med saker")
        params = repo.params()
        targets = {y: repo.targets(y) for y in _years(period, history)}
        figures, scorecards = queries.figures(period, measured, earlier)
    at = now().replace(microsecond=0)
    report = assemble_report(figures, period, measured, params, targets[period.end.year],
                             generated_at=at, generated_by=by)
    kept = _history(earlier, scorecards, params, targets, at, by, figures.case_count)
    return ReportData(report, kept, params, _Source(reg, _window_start(period, history)))


def _window_start(period: Period, history: int) -> date:
    """The earliest day any figure of the report can count: the first day of the earliest
    period it shows (the period, the previous one, the same one last year, the history), less
    the 12 months over which visits are judged (``core.visits.visit_window``)."""
    shown = [period, period.previous(), period.same_last_year(),
             *_earlier_periods(period, history)]
    first = min(p.start for p in shown)
    return add_months(first, -VISIT_WINDOW_MONTHS) if first.year > 1900 else first


def _earlier_periods(period: Period, count: int) -> list[Period]:
    """``count`` periods of the same kind before ``period``, newest first. A date range of whole
    calendar months steps back by whole months (Oct–Dec → Jul–Sep → Apr–Jun), others by days."""
    months = _whole_months(period)
    result, p = [], period
    for _ in range(count):
        try:
            if months:
                start = add_months(p.start, -months)
                p = date_range(start, p.start - timedelta(days=1))
            else:
                p = p.previous()
        except ValueError:  # before year 1900
            break
        result.append(p)
    return result


def _whole_months(period: Period) -> int:
    """Number of months of a date range from a 1st to a month's last day (0 otherwise)."""
    if period.kind != "range" or period.start.day != 1 or (period.end + timedelta(days=1)).day != 1:
        return 0
    return ((period.end.year - period.start.year) * 12 + period.end.month - period.start.month
            + 1)


def _years(period: Period, history: int) -> set[int]:
    return {period.end.year} | {p.end.year for p in _earlier_periods(period, history)}


def _history(earlier: Sequence[Period], scorecards: Sequence[Mapping[str, Share]],
             params: Params, targets: dict[int, dict[str, float]], at: datetime, by: str,
             case_count: int) -> tuple[Report, ...]:
    """The scorecard alone of each earlier period (the workbook shows nothing else of them),
    with its own year's targets; periods without any data are left out.

    The previous period and the same period last year are not among ``earlier``: the scorecard
    has their own columns already, and a repeated column would only confuse the reader.
    """
    return tuple(scorecard_report(p, shares, params, targets[p.end.year], generated_at=at,
                                  generated_by=by, case_count=case_count)
                 for p, shares in zip(earlier, scorecards, strict=True)
                 if any(s.denominator for s in shares.values()))


def default_file_name(period: Period, profil: str) -> str:
    """«Fristvakt-rapport oktober 2026 (politisk).xlsx» (no characters Windows refuses)."""
    name = f"Fristvakt-rapport {period.label} ({profil}).xlsx"
    return "".join("-" if c in '<>:"/\\|?*' else c for c in name)


def xlsx_path(path: str | Path, default_name: str | None = None, *, suffix: str = ".xlsx"
              ) -> Path:
    """The workbook file (or other ``suffix``) meant by ``path`` (typed or chosen).

    A folder (an existing one, or a name ending in «/») gets ``default_name`` inside it when
    one is given. A name without a file type gets «.xlsx» («rapport» → «rapport.xlsx», also
    «rapport 2026.10»); a name with another type («rapport.csv») is kept as it is, for
    ``check_target`` to refuse.
    """
    text = os.fspath(path)
    folder = text.endswith(("/", os.sep))
    target = Path(text).expanduser()
    if folder or _is_dir(target):
        return target / default_name if default_name else target
    if target.suffix.lower() == suffix or _FILE_TYPE.fullmatch(target.suffix):
        return target
    return target.with_name(target.name + suffix)


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; False for a name the system cannot even look up (too
    long…), which the writer then refuses in Norwegian."""
    try:
        return path.is_dir()
    except OSError:
        return False


#: What counts as a file type after the last dot: «.csv», «.xls», «.txt», not «.10» or «. mai».
_FILE_TYPE = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}")


def check_target(path: Path, *, suffix: str = ".xlsx",
                 what: str = "Rapporten skrives som Excel-arbeidsbok") -> None:
    """Refuse targets the writer would fail on, with a Norwegian message (WorkbookError)."""
    if _is_dir(path):
        raise WorkbookError(f"«{path}» er en mappe, ikke en fil – velg et annet filnavn")
    if path.suffix.lower() != suffix:
        given = f"som «{path.suffix}»" if path.suffix else "uten filendelse"
        raise WorkbookError(f"{what} ({suffix}), ikke {given} – "
                            f"bruk for eksempel «{path.with_suffix(suffix).name}»")
    if not path.parent.is_dir():
        raise WorkbookError(f"Mappen «{path.parent}» finnes ikke")


@guarded
def export_report(reg: Register, data: ReportData, path: str | Path,
                  options: ExportOptions, *, source: str) -> ExportResult:
    """Write the workbook atomically and log the export in the same transaction.

    ``source`` says where it came from ("kommandolinje" or "app") and is logged with the options.
    ``path`` is read by ``xlsx_path`` (a front-end that lets a folder stand for its standard
    file name resolves it first); the result's ``path``, also the logged file name, is the file
    really written. Raises ValueError for options that are not allowed, WorkbookError
    (Norwegian) when the file cannot be written (a folder, a missing folder, not an .xlsx
    file, a full disk…) and StorageError when the log cannot be written; in every case no
    workbook is left behind and nothing is logged.
    """
    from storage.workbook import write_workbook  # openpyxl only when a workbook is written

    reg._require(Action.EXPORT)
    repo = reg.repository_for_report()
    started = time.perf_counter()
    options.check()
    report = data.report
    target = xlsx_path(path)
    check_target(target)
    detail = data.detail_rows() if options.detail else None
    valg = {
        "skjul_sma_tall": options.suppressing,
        "detaljliste": options.detail,
        "navn": options.names,
        "periode": report.period.label,
        "maaledato": report.measured.isoformat(),
        "tidligere_perioder": [r.period.label for r in data.history],
        "kilde": source,
    }
    with repo.logged_export(options.profil, report.period.start, report.period.end, valg,
                            str(target.resolve())) as export_id:
        reg.audit_in("eksport", objekt=target.name, profil=options.profil,
                     periode=report.period.label, detaljliste=options.detail,
                     navn=options.names, eksport_id=export_id)
        write_workbook(report, target, suppress_small=options.suppressing, detail_rows=detail,
                       include_names=options.names, scorecard_history=data.history,
                       name_people=options.profil == "intern")
    return ExportResult(target, export_id, time.perf_counter() - started, report)
