"""The fields of a tiltak (category with presisering, start, foster-home visit frequencies and
tilsynsansvarlig kommune), shared by "register vedtak/tiltak" and "edit tiltak"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QObject, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLineEdit

from core.codes import FOSTERHJEM_CODES
from core.model import CodedValue, Lovhjemmel, Tiltak
from ui.forms.base import FieldRow, FormDialog, Issues
from ui.forms.fields import CodedInput, DateField, FrequencyField


class TiltakFields(QObject):
    """Rows for one tiltak in ``form``; messages for ``prefix + field`` appear at them."""

    def __init__(self, dialog: FormDialog, form: QFormLayout, prefix: str = "",
                 tiltak: Tiltak | None = None, default_start: date | None = None) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.prefix = prefix
        self.tiltak = tiltak
        start = tiltak.startdato if tiltak else default_start or dialog.today
        self.kategori = CodedInput("tiltak_kategori", dialog, on=start)
        if tiltak is not None:
            self.kategori.set_value(CodedValue(tiltak.kategori_kode, tiltak.presisering))
        self.startdato = DateField(dialog, start)
        self.oppfolging = FrequencyField(dialog)
        self.tilsyn = FrequencyField(dialog)
        self.oppfolging.start.setToolTip(self.tr("Empty: from the start of the tiltak"))
        self.tilsyn.start.setToolTip(self.tr("Empty: from the start of the tiltak"))
        self.kommune = QLineEdit(dialog)
        self.kommune.setMaxLength(4)
        self.kommune.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"),
                                                              self.kommune))
        self.kommune.setPlaceholderText(self.tr("4 digits"))
        self.kommune.setMaximumWidth(self.kommune.fontMetrics().horizontalAdvance("0000") + 60)
        if tiltak is not None:
            self.oppfolging.set_history(tiltak.oppfolging_hyppighet, None)
            self.tilsyn.set_history(tiltak.tilsyn_hyppighet, None)
            self.kommune.setText(tiltak.tilsyn_ansvarlig_kommune)
        p = prefix
        self.start_row = dialog.add_row(self.tr("Ca&tegory"), self.kategori, p + "kategori_kode",
                                        p + "presisering", form=form)
        self.startdato_row = dialog.add_row(self.tr("&Start"), self.startdato, p + "startdato",
                                            form=form)
        self.foster_rows: list[FieldRow] = [
            dialog.add_row(self.tr("Follow-up visits"), self.oppfolging,
                           p + "oppfolging_hyppighet", form=form),
            dialog.add_row(self.tr("Supervision visits"), self.tilsyn, p + "tilsyn_hyppighet",
                           form=form),
            dialog.add_row(self.tr("Supervising &municipality"), self.kommune,
                           p + "tilsyn_ansvarlig_kommune", form=form),
        ]
        self.kategori.changed.connect(self._update_foster)
        self._update_foster()

    def is_fosterhjem(self) -> bool:
        value = self.kategori.value()
        return value is not None and value.kode in FOSTERHJEM_CODES

    def _update_foster(self) -> None:
        show = self.is_fosterhjem() or bool(
            self.tiltak and (self.tiltak.oppfolging_hyppighet or self.tiltak.tilsyn_hyppighet))
        for row in self.foster_rows:
            row.set_visible(show)

    def set_start(self, day: date | None) -> None:
        """Follow another date (the vedtak's) until the user edits the start."""
        if day is not None and not self.startdato_row.touched:
            self.startdato.set_value(day)
            self.kategori.set_date(day)

    def build(self, issues: Issues, sak_id: int, lovhjemmel: Lovhjemmel,
              vedtak_id: int | None = None) -> Tiltak:
        p = self.prefix
        start = self.dialog.date_of(self.startdato, p + "startdato", issues,
                                    label=self.tr("the start date"))
        self.kategori.set_date(start)
        issues.add(p + "kategori_kode", self.kategori.problem())
        value = self.kategori.value()
        foster = self.is_fosterhjem()
        oppfolging = tilsyn = ()
        if foster or (self.tiltak and self.tiltak.oppfolging_hyppighet):
            issues.add(p + "oppfolging_hyppighet", self.oppfolging.start.problem())
            oppfolging = self.oppfolging.frequencies(start)
        if foster or (self.tiltak and self.tiltak.tilsyn_hyppighet):
            issues.add(p + "tilsyn_hyppighet", self.tilsyn.start.problem())
            tilsyn = self.tilsyn.frequencies(start)
        values = {"kategori_kode": value.kode if value else "",
                      "presisering": value.presisering if value else "",
                      "startdato": start, "lovhjemmel": lovhjemmel,
                      "oppfolging_hyppighet": oppfolging, "tilsyn_hyppighet": tilsyn,
                      "tilsyn_ansvarlig_kommune": self.kommune.text().strip() if foster else ""}
        if self.tiltak is not None:
            return replace(self.tiltak, **values)
        return Tiltak(sak_id=sak_id, vedtak_id=vedtak_id, **values)
