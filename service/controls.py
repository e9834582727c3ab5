"""SSB's controls on the register as a use case: ``check_ssb(reg, year)``.

Reading every case is reading case content, so the role is checked as for opening a case
(``Action.OPEN_CASE``): a leder checks the whole register, a saksbehandler their own cases, a
systemansvarlig none. The run is one audit row («ssb_kontroll») with the year, the extract date
and the counts — never a name or a number of a child. The checks themselves are
``core.ssb_controls``. ``check_file`` runs the right set (v4 or 15F, ``core.ssb_15f_controls``)
on an SSB file before it is imported: read into records in memory, never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.access import OWN_CASES_ONLY, Action
from core.dates import fmt
from core.model import CaseFile
from core.ssb_15f_controls import Result15, Skjema
from core.ssb_15f_controls import check_file as check_15f
from core.ssb_15f_model import Barnevern15
from core.ssb_controls import ControlResult, Severity, check_cases
from service.register import Register, guarded
from service.ssb import check_year
from storage.repository import Repository
from storage.ssb_15f import parse_15f
from storage.ssb_v4 import read_case
from storage.ssb_xml import SsbFileReader, SsbFormat, safe_name

__all__ = ["FileCheck", "cases_to_check", "check_file", "check_ssb", "checked_worker",
           "extract_date"]


def extract_date(year: int, today: date, chosen: date | None = None) -> date:
    """The extract date (SSB's DatoUttrekk) of a check of ``year`` run on ``today``: ``chosen``,
    else 31.12. of the year, or today while the year runs. ValueError (Norwegian) for a year
    not yet begun or a date after today or outside the year."""
    if year > today.year:
        raise ValueError(f"Året {year} har ikke begynt ennå (i dag er {fmt(today)})")
    day = chosen or min(date(year, 12, 31), today)
    if day > today:
        raise ValueError(f"Uttrekksdatoen {fmt(day)} er etter i dag ({fmt(today)})")
    if day.year != year:
        raise ValueError(f"Uttrekksdatoen {fmt(day)} ligger ikke i året {year}")
    return day


def checked_worker(reg: Register) -> str | None:
    """Whose cases a check covers: None for all (a leder), a saksbehandler's own name (""
    when the person is linked to no caseworker: no cases)."""
    return (reg.user.saksbehandler or "") if reg.role in OWN_CASES_ONLY else None


def cases_to_check(repo: Repository, worker: str | None) -> list[CaseFile]:
    """The cases of ``checked_worker``'s scope (inside the caller's snapshot)."""
    if worker == "":
        return []
    return [c for c in repo.iter_cases() if worker is None or c.sak.saksbehandler == worker]


@guarded
def check_ssb(reg: Register, year: int, uttrekk: date | None = None) -> ControlResult:
    """Run SSB's controls on the cases the person may open, as ``year``'s extract on
    ``uttrekk`` (``extract_date``) shows them; the run is logged."""
    reg._require(Action.OPEN_CASE)
    day = extract_date(year, reg.today(), uttrekk)
    worker = checked_worker(reg)
    repo = reg.repository_for_report()
    with repo.snapshot():
        cases = cases_to_check(repo, worker)
    result = check_cases(cases, year, day)
    reg._audit_read("ssb_kontroll", ar=year, uttrekksdato=day.isoformat(),
                    omfang="egne saker" if worker is not None else "alle saker",
                    saker=result.cases, funn=len(result.findings),
                    feil=result.count(Severity.FEIL), advarsler=result.count(Severity.ADVARSEL))
    return result


# --- a file, before it is imported --------------------------------------------------------------


@dataclass(frozen=True)
class FileCheck:
    """SSB's controls run on a file: its name (made safe), format and the result — a v4
    ``ControlResult`` or a 15F ``Result15`` (both count by severity and say ``blocked``)."""

    file: str
    format: SsbFormat
    result: ControlResult | Result15
    skjema_source: str = ""

    @property
    def feil(self) -> int:
        return self.result.count(Severity.FEIL)

    @property
    def advarsler(self) -> int:
        return self.result.count(Severity.ADVARSEL)


@guarded
def check_file(reg: Register, path: str | Path, year: int | None = None) -> FileCheck:
    """Run the right control set on a Barnevern v4 or KOSTRA 15F file, read into records in
    memory (nothing is written but the audit row). A file is the import's business, so the
    role is checked as for importing (``Action.IMPORT``). ``year``: the reporting year
    (default: the file's own). For 15F, SSB's «skjema» values are the register's avgiver (from
    the last SSB file imported or exported) or else the file's own. Raises ``SsbFileError``
    for a file that cannot be read (a v4 file must also follow its XSD) and ValueError for a
    year the controls cannot take."""
    reg._require(Action.IMPORT)
    if year is not None:
        check_year(year, reg.today())
    reader = SsbFileReader(path)
    name = safe_name(Path(path).name)
    check: FileCheck
    # A 15F file is one document, also when it comes zipped (SsbFileReader refuses it among
    # other documents); a v4 file is one document per case.
    if reader.count == 1 and (found := reader.unvalidated())[0] is SsbFormat.KOSTRA_15F:
        _, root, problems = found
        data = parse_15f(root)
        skjema, source = _skjema(reg, data, year)
        check = FileCheck(name, SsbFormat.KOSTRA_15F, check_15f(data, skjema, problems), source)
        counted = len(data.individer)
    else:
        cases = [read_case(doc) for doc in reader]
        newest = max(c.uttrekk for c in cases).date()
        chosen = year or newest.year
        day = newest if newest.year == chosen else None
        result = check_cases([c.case for c in cases], chosen, day)
        check = FileCheck(name, SsbFormat.V4, result)
        counted = len(cases)
    reg._audit_read("ssb_kontroll_fil", objekt=name, format=check.format.value,
                    enheter=counted, funn=len(check.result.findings), feil=check.feil,
                    advarsler=check.advarsler)
    return check


def _skjema(reg: Register, data: Barnevern15, year: int | None) -> tuple[Skjema, str]:
    """SSB's «skjema» values for a 15F file: ``year`` (given and checked, else the file's
    Versjon if it is a year an SSB file can be for: ``service.ssb.check_year``) and the
    register's avgiver, else the file's."""
    a = data.avgiver
    if year is None:
        try:
            year = check_year(int(a.versjon), reg.today())
        except ValueError:
            raise ValueError("Filen har ikke et gyldig rapporteringsår (Avgiver/Versjon); "
                             "oppgi året") from None
    stored = reg.repository_for_report().ssb_avgiver()
    if stored:
        return (Skjema(year, stored.get("kommunenummer", ""), stored.get("kommunenavn", ""),
                       stored.get("organisasjonsnummer", "")), "registeret")
    return (Skjema(year, a.kommunenummer, a.kommunenavn, a.organisasjonsnummer), "filen")
