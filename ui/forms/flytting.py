"""Register or edit a move (flytting): the day, why the child left (SSB ArsakFra) and where the
child moved to (SSB FlyttingTil), each with its presisering where the code asks for one."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from core.model import CodedValue, Flytting
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodedInput, DateField


class FlyttingDialog(FormDialog):
    """Dato (required), årsak fra and flytting til (SSB codes, required)."""

    def __init__(self, ctx: AppContext, sak_id: int, flytting: Flytting | None = None,
                 parent: QWidget | None = None) -> None:
        title = self.tr("Edit move") if flytting else self.tr("Register move")
        super().__init__(ctx, parent, title=title)
        self.sak_id = sak_id
        self.flytting = flytting
        f = flytting
        day = f.dato if f else self.today
        self.dato = DateField(self, day)
        self.arsak = CodedInput("flytting_arsak_fra", self, on=day)
        self.til = CodedInput("flytting_til", self, on=day)
        if f is not None:
            self.arsak.set_value(CodedValue(f.arsak_fra_kode, f.arsak_fra_presisering))
            self.til.set_value(CodedValue(f.flytting_til_kode, f.flytting_til_presisering))
        self.set_intro(self.tr("A move is registered when a placed child moves: from a foster "
                               "home or an institution, to another place or home (SSB "
                               "«Flytting»)."))
        self.add_row(self.tr("&Moved on"), self.dato, "dato")
        self.add_row(self.tr("&Reason for moving"), self.arsak, "arsak_fra_kode",
                     "arsak_fra_presisering")
        self.add_row(self.tr("Moved &to"), self.til, "flytting_til_kode",
                     "flytting_til_presisering")
        self.dato.changed.connect(self._date_changed)
        self.finish(self.dato)
        self.resize(max(self.width(), 600), self.height())

    def _date_changed(self) -> None:
        day = self.dato.value()
        self.arsak.set_date(day)
        self.til.set_date(day)

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "dato", issues, label=self.tr("the date of the move"))
        issues.add("arsak_fra_kode", self.arsak.problem())
        issues.add("flytting_til_kode", self.til.problem())
        arsak, til = self.arsak.value(), self.til.value()
        values = {"dato": dato,
                  "arsak_fra_kode": arsak.kode if arsak else "",
                  "arsak_fra_presisering": arsak.presisering if arsak else "",
                  "flytting_til_kode": til.kode if til else "",
                  "flytting_til_presisering": til.presisering if til else ""}
        f = (replace(self.flytting, **values) if self.flytting
             else Flytting(sak_id=self.sak_id, **values))
        return [Entry(f, self.case_of(self.sak_id))]
