"""Conclude a melding (henlagt, undersøkes, …); code 2 starts the undersøkelse in the same save."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QWidget

from core.codes import code_list
from core.dates import fmt
from core.model import Melding, Undersokelse
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodedListField, CodePicker, DateField

#: Konklusjon melding "2": ikke henlagt – the melding is investigated.
UNDERSOKES = "2"


def melding_summary(m: Melding) -> str:
    """"Mottatt 16.11.2026 – melder: 8 Politi" (labels of the stored codes)."""
    melder = code_list("melder")
    names = ", ".join(melder.label(v.kode) for v in m.melder)
    return f"{fmt(m.mottatt)} – {names}" if names else fmt(m.mottatt)


class ConcludeMeldingDialog(FormDialog):
    """Conclusion code and date of a melding."""

    def __init__(self, ctx: AppContext, melding: Melding, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=self.tr("Conclude melding"))
        self.melding = melding
        case = self.case_of(melding.sak_id)
        self.has_investigation = any(u.melding_id == melding.id for u in case.undersokelser)
        self.set_intro(self.tr("Melding received %1").replace("%1", melding_summary(melding)),
                       self.deadline_note(melding.sak_id, "melding", melding.id))
        day = melding.konklusjon_dato or self.today
        self.konklusjon = CodePicker("melding_konklusjon", self, on=day)
        self.konklusjon.set_code(melding.konklusjon_kode)
        self.dato = DateField(self, day)
        self.add_row(self.tr("&Conclusion"), self.konklusjon, "konklusjon_kode")
        self.dato_row = self.add_row(self.tr("Conclusion &date"), self.dato, "konklusjon_dato",
                                     "undersokelse.startdato", "undersokelse.melding_id")
        self.saksinnhold: CodedListField | None = None
        if not melding.saksinnhold:  # SSB: a concluded melding must have content
            self.saksinnhold = CodedListField("saksinnhold", self.tr("Add content"), self,
                                              on=melding.mottatt)
            self.add_row(self.tr("C&ontent"), self.saksinnhold, "saksinnhold")
        self.starts = QLabel(self)
        self.starts_row = self.add_row("", self.starts, watch=False)
        self.dato.changed.connect(lambda: self.konklusjon.set_date(self.dato.value()))
        self.finish(self.konklusjon)
        self.resize(max(self.width(), 600), self.height())

    def will_start_investigation(self) -> bool:
        return self.konklusjon.code() == UNDERSOKES and not self.has_investigation

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "konklusjon_dato", issues,
                            label=self.tr("the conclusion date"))
        issues.add("konklusjon_kode", self.konklusjon.problem())
        values = {"konklusjon_kode": self.konklusjon.code(), "konklusjon_dato": dato}
        if self.saksinnhold is not None:
            for problem in self.saksinnhold.problems():
                issues.add("saksinnhold", problem)
            values["saksinnhold"] = self.saksinnhold.values()
        if not values["konklusjon_kode"] and not self.konklusjon.problem():
            issues.add("konklusjon_kode", self.tr("Choose the conclusion"))
        case = self.case_of(self.melding.sak_id)
        entries = [Entry(replace(self.melding, **values), case)]
        start = self.will_start_investigation()
        self.starts_row.set_visible(start)
        if start:
            self.starts.setText(self.tr("Saving also starts an undersøkelse from %1.").replace(
                "%1", fmt(dato)))
            entries.append(Entry(Undersokelse(self.melding.sak_id, self.melding.id or 0, dato),
                                 case, "undersokelse.", secondary=True))
        return entries
