"""The audit log as an Excel workbook for the data protection officer."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from storage.audit import AuditEntry, ChainCheck, action_label
from storage.workbook import safe_text, save_atomic

HEADERS = ("Nr.", "Tidspunkt", "Bruker", "Handling", "Sak (journalnr.)", "Sak-id", "Gjelder",
           "Detaljer")
WIDTHS = (8, 20, 16, 28, 16, 8, 22, 80)


def write_audit_workbook(rows: Sequence[AuditEntry], path: Path, chain: ChainCheck,
                         now: datetime) -> None:
    """Write ``rows`` with a header that states the chain check; atomically, 0600."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Revisjonslogg"
    ws["A1"] = "Revisjonslogg fra Fristvakt"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Tatt ut {now:%d.%m.%Y %H:%M}. {chain.message()}"
    top = 4
    for col, (title, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(top, col, title)
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, entry in enumerate(rows, start=top + 1):
        ws.cell(r, 1, entry.id)
        ws.cell(r, 2, entry.tidspunkt.replace(tzinfo=None)).number_format = "dd.mm.yyyy hh:mm:ss"
        safe_text(ws.cell(r, 3), entry.bruker)
        safe_text(ws.cell(r, 4), action_label(entry.handling))
        safe_text(ws.cell(r, 5), entry.journalnummer)
        if entry.sak_id is not None:
            ws.cell(r, 6, entry.sak_id)
        safe_text(ws.cell(r, 7), entry.objekt)
        safe_text(ws.cell(r, 8), json.dumps(entry.detaljer, ensure_ascii=False, sort_keys=True))
    ws.freeze_panes = ws.cell(top + 1, 1)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(HEADERS))}{max(top, top + len(rows))}"
    save_atomic(wb, Path(path))
