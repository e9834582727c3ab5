"""Register a tiltak without a new vedtak, or edit a tiltak (category, start, frequencies)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QWidget

from core.dates import fmt
from core.model import Tiltak
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import DateField, LovhjemmelField
from ui.forms.tiltak_fields import TiltakFields


class TiltakDialog(FormDialog):
    """A tiltak with its vedtak (optional), legal basis and the tiltak fields."""

    def __init__(self, ctx: AppContext, sak_id: int, tiltak: Tiltak | None = None,
                 parent: QWidget | None = None) -> None:
        title = self.tr("Edit tiltak") if tiltak else self.tr("New tiltak")
        super().__init__(ctx, parent, title=title)
        self.sak_id = sak_id
        self.tiltak = tiltak
        case = self.case_of(sak_id)
        if tiltak is not None:
            self.set_intro(self.deadline_note(sak_id, "tiltak", tiltak.id))
        self.vedtak = QComboBox(self)
        self.vedtak.addItem(self.tr("(no vedtak)"), None)
        for v in sorted(case.vedtak, key=lambda v: v.dato, reverse=True):
            self.vedtak.addItem(f"{fmt(v.dato)} {v.lovhjemmel}", v.id)
        if tiltak is not None and tiltak.vedtak_id is not None:
            self.vedtak.setCurrentIndex(max(self.vedtak.findData(tiltak.vedtak_id), 0))
        self.lovhjemmel = LovhjemmelField(self, tiltak.lovhjemmel if tiltak else None)
        self.add_row(self.tr("&Vedtak"), self.vedtak, "vedtak_id")
        self.add_row(self.tr("&Legal basis"), self.lovhjemmel, "lovhjemmel")
        self.fields = TiltakFields(self, self.form, "", tiltak)
        self.oppstart = DateField(self, tiltak.oppstartsmote if tiltak else None)
        self.add_row(self.tr("Start-up &meeting"), self.oppstart, "oppstartsmote")
        self.vedtak.currentIndexChanged.connect(self._vedtak_changed)
        self.finish(self.fields.kategori)
        self.resize(max(self.width(), 640), self.height())

    def _vedtak_changed(self) -> None:
        vedtak_id = self.vedtak.currentData()
        case = self.case_of(self.sak_id)
        v = next((v for v in case.vedtak if v.id == vedtak_id), None)
        if v is not None and self.lovhjemmel.is_empty():
            self.lovhjemmel.set_value(v.lovhjemmel)
        self.revalidate()

    def read(self, issues: Issues) -> list[Entry]:
        tiltak = self.fields.build(issues, self.sak_id, self.lovhjemmel.value(),
                                   self.vedtak.currentData())
        tiltak = replace(tiltak, vedtak_id=self.vedtak.currentData(),
                         oppstartsmote=self.date_of(self.oppstart, "oppstartsmote", issues,
                                                    required=False))
        return [Entry(tiltak, self.case_of(self.sak_id))]
