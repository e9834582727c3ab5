"""SSB's controls on the register as a use case: ``check_ssb(reg, year)``.

Reading every case is reading case content, so the role is checked as for opening a case
(``Action.OPEN_CASE``): a leder checks the whole register, a saksbehandler their own cases, a
systemansvarlig none. The run is one audit row («ssb_kontroll») with the year, the extract date
and the counts — never a name or a number of a child. The checks themselves are
``core.ssb_controls``; reading an SSB file is not this module's business.
"""

from __future__ import annotations

from datetime import date

from core.access import OWN_CASES_ONLY, Action
from core.dates import fmt
from core.model import CaseFile
from core.ssb_controls import ControlResult, Severity, check_cases
from service.register import Register, guarded

__all__ = ["check_ssb", "extract_date"]


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


@guarded
def check_ssb(reg: Register, year: int, uttrekk: date | None = None) -> ControlResult:
    """Run SSB's controls on the cases the person may open, as ``year``'s extract on
    ``uttrekk`` (``extract_date``) shows them; the run is logged."""
    reg._require(Action.OPEN_CASE)
    day = extract_date(year, reg.today(), uttrekk)
    worker: str | None = None
    if reg.role in OWN_CASES_ONLY:
        worker = reg.user.saksbehandler or ""
    repo = reg.repository_for_report()
    cases: list[CaseFile] = []
    if worker != "":
        with repo.snapshot():
            cases = [c for c in repo.iter_cases()
                     if worker is None or c.sak.saksbehandler == worker]
    result = check_cases(cases, year, day)
    reg._audit_read("ssb_kontroll", ar=year, uttrekksdato=day.isoformat(),
                    omfang="egne saker" if worker is not None else "alle saker",
                    saker=result.cases, funn=len(result.findings),
                    feil=result.count(Severity.FEIL), advarsler=result.count(Severity.ADVARSEL))
    return result
