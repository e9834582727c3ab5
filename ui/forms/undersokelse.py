"""Register or edit an undersøkelse with all its facts (start, extension, conclusion).

The quick actions have their own dialogs (extend, conclude); this one is "Ny…"/"Endre…" in the
case view.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from core.model import VEDTAK_CONCLUSIONS, Undersokelse
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.conclude_melding import melding_summary
from ui.forms.fields import CodedListField, CodePicker, DateField


class UndersokelseDialog(FormDialog):
    """The melding it comes from, start date, optional extension and optional conclusion."""

    def __init__(self, ctx: AppContext, sak_id: int, undersokelse: Undersokelse | None = None,
                 parent: QWidget | None = None, *, melding_id: int | None = None) -> None:
        title = self.tr("Edit undersøkelse") if undersokelse else self.tr("New undersøkelse")
        super().__init__(ctx, parent, title=title)
        self.sak_id = sak_id
        self.undersokelse = undersokelse
        case = self.case_of(sak_id)
        self.melding = QComboBox(self)
        for m in sorted(case.meldinger, key=lambda m: m.mottatt, reverse=True):
            self.melding.addItem(melding_summary(m), m.id)
        wanted = undersokelse.melding_id if undersokelse else melding_id
        if wanted is not None:
            self.melding.setCurrentIndex(max(self.melding.findData(wanted), 0))
        u = undersokelse
        self.startdato = DateField(self, u.startdato if u else self.today)
        self.kontakt = DateField(self, u.forste_kontakt if u else None)
        self.utvidet = DateField(self, u.utvidet_dato if u else None)
        self.grunn = QLineEdit(u.utvidet_grunn if u else "", self)
        self.grunn.setPlaceholderText(self.tr("Only when the deadline is extended"))
        day = (u.konklusjon_dato if u else None) or self.today
        self.konklusjon = CodePicker("undersokelse_konklusjon", self, on=day)
        self.konklusjon.set_code(u.konklusjon_kode if u else None)
        self.konklusjon_dato = DateField(self, u.konklusjon_dato if u else None)
        self.add_row(self.tr("&Melding"), self.melding, "melding_id")
        self.add_row(self.tr("&Started"), self.startdato, "startdato")
        self.add_row(self.tr("First con&tact"), self.kontakt, "forste_kontakt")
        self.add_section(self.tr("Extension (optional)"))
        self.add_row(self.tr("&Extended"), self.utvidet, "utvidet_dato")
        self.add_row(self.tr("&Reason"), self.grunn, "utvidet_grunn")
        self.add_section(self.tr("Conclusion (optional)"))
        self.add_row(self.tr("&Conclusion"), self.konklusjon, "konklusjon_kode")
        self.add_row(self.tr("Conclusion &date"), self.konklusjon_dato, "konklusjon_dato")
        # SSB Vedtaksgrunnlag (Saksinnhold codes), asked for when the conclusion is a decision
        self.grunnlag = CodedListField("saksinnhold", self.tr("Add ground"), self, on=day)
        self.grunnlag.set_values(u.vedtaksgrunnlag if u else ())
        self.grunnlag.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # its mnemonic reaches it
        self.grunnlag_row = self.add_row(self.tr("&Grounds for the decision"), self.grunnlag,
                                         "vedtaksgrunnlag")
        self.grunnlag_row.set_visible(self.konklusjon.code() in VEDTAK_CONCLUSIONS)
        self.konklusjon_dato.changed.connect(self._conclusion_date_changed)
        self.finish(self.startdato)

    def _conclusion_date_changed(self) -> None:
        self.konklusjon.set_date(self.konklusjon_dato.value())
        self.grunnlag.set_date(self.konklusjon_dato.value())

    def read(self, issues: Issues) -> list[Entry]:
        start = self.date_of(self.startdato, "startdato", issues, label=self.tr("the start date"))
        utvidet = self.date_of(self.utvidet, "utvidet_dato", issues, required=False)
        kontakt = self.date_of(self.kontakt, "forste_kontakt", issues, required=False)
        konklusjon = self.date_of(self.konklusjon_dato, "konklusjon_dato", issues,
                                  required=False)
        issues.add("konklusjon_kode", self.konklusjon.problem())
        melding_id = self.melding.currentData()
        if melding_id is None:
            issues.add("melding_id", self.tr("The case has no melding to investigate"))
        values = {"melding_id": melding_id or 0, "startdato": start, "utvidet_dato": utvidet,
                      "utvidet_grunn": self.grunn.text().strip(),
                      "konklusjon_kode": self.konklusjon.code(), "konklusjon_dato": konklusjon,
                      "forste_kontakt": kontakt}
        decision = self.konklusjon.code() in VEDTAK_CONCLUSIONS
        self.grunnlag_row.set_visible(decision)
        values["vedtaksgrunnlag"] = self.grunnlag.values() if decision else ()
        if decision:
            for problem in self.grunnlag.problems():
                issues.add("vedtaksgrunnlag", problem)
        u = (replace(self.undersokelse, **values) if self.undersokelse
             else Undersokelse(sak_id=self.sak_id, **values))
        return [Entry(u, self.case_of(self.sak_id))]
