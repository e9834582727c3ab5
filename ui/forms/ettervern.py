"""Ettervern (aftercare): the offer sent, and its conclusion when known."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from core.model import Ettervern
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodePicker, DateField


class EttervernDialog(FormDialog):
    """Tilbud sendt (required), konklusjon and its date (optional)."""

    def __init__(self, ctx: AppContext, sak_id: int, ettervern: Ettervern | None = None,
                 parent: QWidget | None = None) -> None:
        title = self.tr("Edit ettervern") if ettervern else self.tr("Ettervern")
        super().__init__(ctx, parent, title=title)
        self.sak_id = sak_id
        self.ettervern = ettervern
        self.set_intro(self.deadline_note(sak_id, "sak", sak_id))
        e = ettervern
        self.tilbud = DateField(self, e.tilbud_sendt if e else self.today)
        day = (e.konklusjon_dato if e else None) or self.today
        self.konklusjon = CodePicker("ettervern_konklusjon", self, on=day)
        self.konklusjon.set_code(e.konklusjon_kode if e else None)
        self.konklusjon_dato = DateField(self, e.konklusjon_dato if e else None)
        self.add_row(self.tr("Offer &sent"), self.tilbud, "tilbud_sendt")
        self.add_section(self.tr("Conclusion (when known)"))
        self.add_row(self.tr("&Conclusion"), self.konklusjon, "konklusjon_kode")
        self.add_row(self.tr("Conclusion &date"), self.konklusjon_dato, "konklusjon_dato")
        self.konklusjon_dato.changed.connect(
            lambda: self.konklusjon.set_date(self.konklusjon_dato.value()))
        self.finish(self.tilbud)
        self.resize(max(self.width(), 560), self.height())

    def read(self, issues: Issues) -> list[Entry]:
        tilbud = self.date_of(self.tilbud, "tilbud_sendt", issues,
                              label=self.tr("the date the offer was sent"))
        dato = self.date_of(self.konklusjon_dato, "konklusjon_dato", issues, required=False)
        issues.add("konklusjon_kode", self.konklusjon.problem())
        values = {"tilbud_sendt": tilbud, "konklusjon_kode": self.konklusjon.code(),
                      "konklusjon_dato": dato}
        e = (replace(self.ettervern, **values) if self.ettervern
             else Ettervern(sak_id=self.sak_id, **values))
        return [Entry(e, self.case_of(self.sak_id))]
