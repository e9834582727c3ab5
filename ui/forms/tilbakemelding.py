"""Register that feedback was sent to a public reporter (tilbakemelding til offentlig melder)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from core.model import Melding
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.conclude_melding import melding_summary
from ui.forms.fields import DateField


class TilbakemeldingDialog(FormDialog):
    """The date feedback was sent to the reporter."""

    def __init__(self, ctx: AppContext, melding: Melding, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=self.tr("Feedback to reporter"))
        self.melding = melding
        self.set_intro(self.tr("Melding received %1").replace("%1", melding_summary(melding)),
                       self.deadline_note(melding.sak_id, "melding", melding.id))
        self.dato = DateField(self, melding.tilbakemelding_dato or self.today)
        self.add_row(self.tr("Feedback &sent"), self.dato, "tilbakemelding_dato")
        self.finish(self.dato)

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "tilbakemelding_dato", issues, required=False)
        if dato is None and not self.dato.problem():
            issues.add("tilbakemelding_dato", self.tr("Fill in the date the feedback was sent"))
        return [Entry(replace(self.melding, tilbakemelding_dato=dato),
                      self.case_of(self.melding.sak_id))]
