"""SSB's KOSTRA 15F controls on the register: ``check_register_15f(reg, year)``.

What is checked is what the register's 15F export for ``year`` would contain: the document is
built in memory by the export's own code (``service.ssb_15f.year_document``), parsed back with
the 15F reader (``storage.ssb_15f.parse_15f``) and checked with ``core.ssb_15f_controls`` —
nothing is written to disk. Role and scope are the v4 check's (``service.controls``): a leder
checks every case, a saksbehandler their own. SSB's «skjema» values (the municipality) are the
register's avgiver, from the last SSB file imported or exported; without one the document is
built with a stand-in municipality and the controls of the municipality (Avgiver, Individ
09/10) are not run, with the reason.

Each finding is also placed on the register's record — case, caseworker, melding, tiltak … and
its id, found from the SSB Id the export gave it — as a ``core.ssb_extract.Finding``, so the
Datakvalitet view lists and opens it as it does a v4 finding. The run is one audit row
(«ssb_kontroll», format 15f) with the year and counts, never a name or a number of a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from core.access import Action
from core.model import CaseFile
from core.ssb_15f_checks import Skjema
from core.ssb_15f_controls import CONTROLS, Finding15, Result15
from core.ssb_15f_controls import check_file as check_15f
from core.ssb_extract import Finding, Severity
from service.controls import cases_to_check, checked_worker
from service.register import Register, guarded
from service.ssb import check_year
from service.ssb_15f import year_document
from storage.ssb_15f import parse_15f, short_id
from storage.ssb_v4 import MELDING, PLAN, SAK, TILTAK, UNDERSOKELSE, Avgiver
from storage.ssb_v4 import Finding as NotWritten
from storage.ssb_v4_write import IdSource
from storage.ssb_xml import parse_xml

__all__ = ["RegisterCheck15", "check_register_15f"]

#: The municipality a document is built with when the register knows none (passes the XSD).
STAND_IN = Avgiver("000000000", "0000", "Kommunen")
NO_MUNICIPALITY = ("kommunen (avgiveren) er ikke kjent i registeret; importer eller eksporter "
                   "en SSB-fil først")
#: 15F element → the register's record kind (as ``core.ssb_extract.Finding.record``)
_RECORD = {"Individ": "sak", "Melding": "melding", "Undersokelse": "undersokelse",
           "Plan": "plan", "Tiltak": "tiltak"}


@dataclass(frozen=True)
class RegisterCheck15:
    """A 15F check of the register: SSB's result on the year's file (``result``), the same
    findings on the register's records (``findings``), and what the file would leave out."""

    year: int
    result: Result15
    findings: tuple[Finding, ...]
    left_out: int
    not_written: tuple[NotWritten, ...]
    skjema_source: str  # "registeret", or "" when the municipality is not known

    @property
    def cases(self) -> int:
        """The cases (individer) the file would hold."""
        return self.result.individer

    def count(self, severity: Severity) -> int:
        return self.result.count(severity)

    @property
    def blocked(self) -> bool:
        return self.result.blocked


@guarded
def check_register_15f(reg: Register, year: int) -> RegisterCheck15:
    """Run SSB's 15F controls on what the register's 15F file for ``year`` would contain (the
    cases the person may open); see the module docstring. ValueError (Norwegian) for a year an
    export cannot be for, or when no case of the year can be written as 15F."""
    reg._require(Action.OPEN_CASE)
    check_year(year, reg.today())
    worker = checked_worker(reg)
    repo = reg.repository_for_report()
    with repo.snapshot():
        cases = cases_to_check(repo, worker)
        ids = IdSource(repo.ssb_namespace(), repo.ssb_ids())
        stored = repo.ssb_avgiver()
    avgiver = Avgiver.from_dict(stored) if stored else None
    if avgiver is not None and avgiver.problems():
        avgiver = None
    written = year_document(cases, ids, avgiver or STAND_IN, year)
    data = parse_15f(parse_xml(written.data, "15F-uttrekket"))
    if avgiver is not None:
        skjema = Skjema(year, avgiver.kommunenummer, avgiver.kommunenavn,
                        avgiver.organisasjonsnummer)
        result = check_15f(data, skjema)
    else:
        result = check_15f(data, Skjema(year),
                           controls=[c for c in CONTROLS if c.element != "Avgiver"])
        skipped = {c.id: NO_MUNICIPALITY for c in CONTROLS if c.element == "Avgiver"}
        result = replace(result, not_evaluated=MappingProxyType(
            {**skipped, **result.not_evaluated}))
    check = RegisterCheck15(year, result, on_records(result.findings, cases, ids),
                            written.left_out, written.findings,
                            "registeret" if avgiver is not None else "")
    reg._audit_read("ssb_kontroll", ar=year, format="15f",
                    omfang="egne saker" if worker is not None else "alle saker",
                    saker=check.cases, funn=len(result.findings),
                    feil=result.count(Severity.FEIL), advarsler=result.count(Severity.ADVARSEL))
    return check


def on_records(findings: Sequence[Finding15], cases: Sequence[CaseFile], ids: IdSource
               ) -> tuple[Finding, ...]:
    """The 15F findings on the register's records: the case (by journalnummer) with its
    caseworker, and the record the element's Id was written from; «Melding/Melder» is the
    melding's field «melder». A finding about the file itself (Avgiver) has no case."""
    by_journal = {c.sak.journalnummer: c.sak for c in cases}
    by_id: dict[str, int | None] = {}
    for case in cases:
        by_id[short_id(ids(SAK, case.sak.id))] = case.sak.id
        for ssb_type, parts in ((MELDING, case.meldinger), (UNDERSOKELSE, case.undersokelser),
                                (PLAN, case.planer), (TILTAK, case.tiltak)):
            for part in parts:
                by_id[short_id(ids(ssb_type, part.id))] = part.id
    out = []
    for f in findings:
        element, _, sub = f.element.partition("/")
        sak = by_journal.get(f.journalnummer)
        out.append(Finding(
            f.control_id, f.severity, f.message, sak.id if sak is not None else None,
            f.journalnummer, sak.saksbehandler if sak is not None else "",
            _RECORD.get(element, element.lower()), by_id.get(f.element_id) if sak else None,
            sub.lower()))
    return tuple(out)
