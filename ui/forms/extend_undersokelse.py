"""Extend an undersøkelse to six months (bvl § 2-2): the decision date and the reason."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLineEdit, QWidget

from core.dates import fmt
from core.model import Undersokelse
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import DateField


class ExtendUndersokelseDialog(FormDialog):
    """Date the extension was decided, and why (both required)."""

    def __init__(self, ctx: AppContext, undersokelse: Undersokelse,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=self.tr("Extend undersøkelse"))
        self.undersokelse = undersokelse
        self.set_intro(self.tr("Undersøkelse started %1").replace(
            "%1", fmt(undersokelse.startdato)),
            self.deadline_note(undersokelse.sak_id, "undersokelse", undersokelse.id))
        self.dato = DateField(self, undersokelse.utvidet_dato or self.today)
        self.grunn = QLineEdit(undersokelse.utvidet_grunn, self)
        self.grunn.setPlaceholderText(self.tr("Why more time is needed"))
        self.add_row(self.tr("Extension &decided"), self.dato, "utvidet_dato")
        self.add_row(self.tr("&Reason"), self.grunn, "utvidet_grunn")
        self.finish(self.dato)

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "utvidet_dato", issues,
                            label=self.tr("the date of the decision"))
        u = replace(self.undersokelse, utvidet_dato=dato, utvidet_grunn=self.grunn.text().strip())
        return [Entry(u, self.case_of(u.sak_id))]
