"""Conclude an undersøkelse: conclusion code and date."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from core.dates import fmt
from core.model import Undersokelse
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodePicker, DateField


class ConcludeUndersokelseDialog(FormDialog):
    """Conclusion of an undersøkelse."""

    def __init__(self, ctx: AppContext, undersokelse: Undersokelse,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=self.tr("Conclude undersøkelse"))
        self.undersokelse = undersokelse
        self.set_intro(self.tr("Undersøkelse started %1").replace(
            "%1", fmt(undersokelse.startdato)),
            self.deadline_note(undersokelse.sak_id, "undersokelse", undersokelse.id))
        day = undersokelse.konklusjon_dato or self.today
        self.konklusjon = CodePicker("undersokelse_konklusjon", self, on=day)
        self.konklusjon.set_code(undersokelse.konklusjon_kode)
        self.dato = DateField(self, day)
        self.add_row(self.tr("&Conclusion"), self.konklusjon, "konklusjon_kode")
        self.add_row(self.tr("Conclusion &date"), self.dato, "konklusjon_dato")
        self.dato.changed.connect(lambda: self.konklusjon.set_date(self.dato.value()))
        self.finish(self.konklusjon)

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "konklusjon_dato", issues,
                            label=self.tr("the conclusion date"))
        issues.add("konklusjon_kode", self.konklusjon.problem())
        kode = self.konklusjon.code()
        if kode is None and not self.konklusjon.problem():
            issues.add("konklusjon_kode", self.tr("Choose the conclusion"))
        u = replace(self.undersokelse, konklusjon_kode=kode, konklusjon_dato=dato)
        return [Entry(u, self.case_of(u.sak_id))]
