"""The delivery to SSB from the app (Rapporter → «Lever til SSB…»): defaults, and the file
written and then checked with SSB's own controls, so a leader sees SSB's complaints before SSB
does.

``deliver`` is ``export_ssb`` (Barnevern v4 or KOSTRA 15F; role, avgiver, logging and what is
left out are the export's) followed by ``service.controls.check_file`` on the written file (the
right control set for its format; nothing more is written but its audit row). The year and
file name offered are ``default_year`` and ``default_file_name``; the command line's
``ssb-eksport`` uses the same year when ``--ar`` is left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.access import Action
from service.controls import FileCheck, check_file
from service.errors import USER_ERRORS
from service.register import Register, guarded
from service.ssb import SsbExportResult, export_ssb
from storage.ssb_v4 import Avgiver

__all__ = ["FORMATS", "Delivery", "default_file_name", "default_year", "deliver",
           "stored_avgiver"]

log = logging.getLogger(__name__)

#: The formats an export can be written in: the ``fmt`` of ``export_ssb`` → its file suffix.
FORMATS = {"v4": ".zip", "15f": ".xml"}
#: SSB's deadline for the year's KOSTRA delivery falls in the following year's first months:
#: until this day of the year, the year offered is the year before.
DELIVERY_SEASON_ENDS = (3, 1)


def default_year(today: date) -> int:
    """The year a delivery is for: last year before 1 March, else this year."""
    month, day = DELIVERY_SEASON_ENDS
    return today.year - 1 if today < date(today.year, month, day) else today.year


def default_file_name(fmt: str, year: int) -> str:
    """«barnevern-v4-2026.zip» or «kostra-15f-2026.xml»; ValueError for an unknown format."""
    if fmt not in FORMATS:
        raise ValueError(f"Ukjent format «{fmt}» (velg v4 eller 15f)")
    stem = "barnevern-v4" if fmt == "v4" else "kostra-15f"
    return f"{stem}-{year}{FORMATS[fmt]}"


@guarded
def stored_avgiver(reg: Register) -> Avgiver | None:
    """The municipality the register remembers from its last SSB import or export (None when
    it has none); it is part of what an export writes, so the export permission is needed."""
    reg._require(Action.EXPORT)
    stored = reg.repository_for_report().ssb_avgiver()
    return Avgiver.from_dict(stored) if stored else None


@dataclass(frozen=True)
class Delivery:
    """A written SSB file and SSB's controls on it (None when they could not be run)."""

    export: SsbExportResult
    controls: FileCheck | None


def deliver(reg: Register, path: str | Path, year: int, fmt: str, *,
            avgiver: Avgiver | None = None, source: str = "app") -> Delivery:
    """Write the year's file (``export_ssb``), then run SSB's controls on what was written.
    Raises what ``export_ssb`` raises; a control run that fails leaves ``controls`` None (the
    file is written and logged all the same)."""
    written = export_ssb(reg, path, year, avgiver=avgiver, fmt=fmt, source=source)
    try:
        checked: FileCheck | None = check_file(reg, written.path, year)
    except USER_ERRORS as error:
        log.warning("SSBs kontroller kunne ikke kjøres på den skrevne filen: %s",
                    type(error).__name__)
        checked = None
    return Delivery(written, checked)
