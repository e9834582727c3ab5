"""End a tiltak: end date and, where required, the reason (opphevelse) with presisering."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from core.codes import code_list
from core.dates import fmt
from core.model import CodedValue, Tiltak
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodedInput, DateField


def tiltak_summary(t: Tiltak) -> str:
    """"2.3 Ordinære fosterhjem … (from 01.03.2024)"."""
    label = code_list("tiltak_kategori").label(t.kategori_kode)
    if t.presisering:
        label += f" – {t.presisering}"
    period = f"{fmt(t.startdato)}–{fmt(t.sluttdato)}" if t.sluttdato else f"{fmt(t.startdato)}–"
    return f"{label} ({period})"


class EndTiltakDialog(FormDialog):
    """Sluttdato and opphevelse of a tiltak."""

    def __init__(self, ctx: AppContext, tiltak: Tiltak, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=self.tr("End tiltak"))
        self.tiltak = tiltak
        self.set_intro(tiltak_summary(tiltak),
                       self.deadline_note(tiltak.sak_id, "tiltak", tiltak.id))
        day = tiltak.sluttdato or self.today
        self.sluttdato = DateField(self, day)
        self.opphevelse = CodedInput("opphevelse", self, on=day)
        if tiltak.opphevelse_kode:
            self.opphevelse.set_value(CodedValue(tiltak.opphevelse_kode,
                                                 tiltak.opphevelse_presisering))
        self.opphevelse.picker.lineEdit().setPlaceholderText(
            self.tr("Reason (required when a care order ends)"))
        self.add_row(self.tr("&Ended"), self.sluttdato, "sluttdato")
        self.add_row(self.tr("&Reason"), self.opphevelse, "opphevelse_kode",
                     "opphevelse_presisering")
        self.sluttdato.changed.connect(lambda: self.opphevelse.set_date(self.sluttdato.value()))
        self.finish(self.sluttdato)
        self.resize(max(self.width(), 560), self.height())

    def read(self, issues: Issues) -> list[Entry]:
        slutt = self.date_of(self.sluttdato, "sluttdato", issues, label=self.tr("the end date"))
        issues.add("opphevelse_kode", self.opphevelse.problem())
        value = self.opphevelse.value()
        t = replace(self.tiltak, sluttdato=slutt,
                    opphevelse_kode=value.kode if value else None,
                    opphevelse_presisering=value.presisering if value else "")
        return [Entry(t, self.case_of(t.sak_id))]
