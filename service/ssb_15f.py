"""KOSTRA Barnevern (15F) written as a use case: a year's cases as one file for SSB.

``export_15f`` is ``export_ssb(fmt="15f")``: the same role (``Action.EXPORT``), avgiver (given,
or the register's), year and logging (eksportlogg and audit row, in the transaction that writes
the file) as the v4 export; the document is ``storage.ssb_15f_write``'s, validated against the
15F XSD before it is written. Importing a 15F file is ``service.ssb.import_ssb``'s (the format is
told from the file). ``year_document`` is the document in memory, for the export and for SSB's
15F controls on the register (``service.controls_15f``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from core.access import Action
from core.model import CaseFile
from service.register import Register, guarded
from service.ssb import SsbExportResult, check_year, chosen_avgiver, export_target
from storage.errors import SsbFileError
from storage.ssb_15f_write import Kostra15FFile, kostra_document, write_file
from storage.ssb_v4 import Avgiver
from storage.ssb_v4_write import IdSource
from storage.ssb_xml import SsbFormat, safe_name

log = logging.getLogger(__name__)

EXPORT_PROFILE = "ssb-15f"


def year_document(cases: Iterable[CaseFile], ids: IdSource, avgiver: Avgiver, year: int
                  ) -> Kostra15FFile:
    """The 15F document of ``year`` for those of ``cases`` open at some time in it (built in
    memory, validated against the XSD); ValueError (Norwegian) when no case can be written."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    chosen = [case for case in cases if case.sak.startdato <= last
              and (case.sak.sluttdato is None or case.sak.sluttdato >= first)]
    try:
        return kostra_document(chosen, ids, avgiver, year)
    except SsbFileError as error:
        raise ValueError(str(error)) from None


@guarded
def export_15f(reg: Register, path: str | Path, year: int, *, avgiver: Avgiver | None = None,
               source: str = "kommandolinje") -> SsbExportResult:
    """Write the cases of ``year`` as a 15F file (``.xml``); see the module docstring. Raises
    ValueError for a year or avgiver that cannot be used, ``SsbFileError`` for the target."""
    started = time.perf_counter()
    reg._require(Action.EXPORT)
    check_year(year, reg.today())
    target = export_target(path)
    if target.suffix.lower() != ".xml":
        raise SsbFileError("En 15F-fil er ett XML-dokument for hele kommunen; velg et filnavn "
                           "som slutter på .xml")
    repo = reg.repository_for_report()
    first, last = date(year, 1, 1), date(year, 12, 31)
    with repo.snapshot():
        chosen = chosen_avgiver(repo, avgiver)
        ids = IdSource(repo.ssb_namespace(), repo.ssb_ids())
        written = year_document(repo.iter_cases(), ids, chosen, year)
    valg = {"format": "15f", "aar": year, "saker": written.cases, "utelatt": written.left_out,
            "kilde": source}
    with repo.logged_export(EXPORT_PROFILE, first, last, valg,
                            str(target.resolve())) as export_id:
        reg.audit_in("eksport", objekt=safe_name(target.name), profil=EXPORT_PROFILE,
                     periode=str(year), saker=written.cases, utelatt=written.left_out,
                     eksport_id=export_id)
        if avgiver is not None:
            repo.set_ssb_avgiver(avgiver.as_dict())
        write_file(target, written.data)
    seconds = time.perf_counter() - started
    log.info("SSB-eksport (15F) for %d: %d saker skrevet, %d utelatt på %.1f s", year,
             written.cases, written.left_out, seconds)
    return SsbExportResult(target, year, written.cases, written.left_out, written.findings,
                           export_id, seconds, SsbFormat.KOSTRA_15F.label)
