"""Conclude an undersøkelse: conclusion code and date, and SSB's Vedtaksgrunnlag when the
conclusion is a decision (code 1 vedtak om tiltak or 2 begjæring til nemnda)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from core.dates import fmt
from core.model import VEDTAK_CONCLUSIONS, Undersokelse
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodedListField, CodePicker, DateField


class ConcludeUndersokelseDialog(FormDialog):
    """Conclusion of an undersøkelse, with its grounds (vedtaksgrunnlag) for a decision."""

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
        # SSB Vedtaksgrunnlag uses the Saksinnhold code list (Undersøkelse kontroll 3 and 7)
        self.grunnlag = CodedListField("saksinnhold", self.tr("Add ground"), self, on=day)
        self.grunnlag.set_values(undersokelse.vedtaksgrunnlag)
        self.grunnlag_row = self.add_row(self.tr("&Grounds for the decision"), self.grunnlag,
                                         "vedtaksgrunnlag")
        self.grunnlag_row.set_visible(self.needs_grunnlag())
        # the label's mnemonic focuses its buddy only if the buddy takes focus (it passes it on
        # to its first code; being a focus proxy's owner keeps it out of the Tab chain)
        self.grunnlag.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.dato.changed.connect(self._date_changed)
        self.finish(self.konklusjon)

    def needs_grunnlag(self) -> bool:
        """Whether the chosen conclusion is a decision, which needs vedtaksgrunnlag."""
        return self.konklusjon.code() in VEDTAK_CONCLUSIONS

    def _date_changed(self) -> None:
        self.konklusjon.set_date(self.dato.value())
        self.grunnlag.set_date(self.dato.value())

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "konklusjon_dato", issues,
                            label=self.tr("the conclusion date"))
        issues.add("konklusjon_kode", self.konklusjon.problem())
        kode = self.konklusjon.code()
        if kode is None and not self.konklusjon.problem():
            issues.add("konklusjon_kode", self.tr("Choose the conclusion"))
        needs = self.needs_grunnlag()
        self.grunnlag_row.set_visible(needs)
        grunnlag = self.grunnlag.values() if needs else ()
        if needs:
            for problem in self.grunnlag.problems():
                issues.add("vedtaksgrunnlag", problem)
        u = replace(self.undersokelse, konklusjon_kode=kode, konklusjon_dato=dato,
                    vedtaksgrunnlag=grunnlag)
        return [Entry(u, self.case_of(u.sak_id))]
