"""Register foster-home visits (oppfølging or tilsyn) – quick entry of several dates at once.

All dates are saved with one ``save_many``: one transaction, one recomputation.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QWidget,
)

from core.model import Besok, VisitKind
from ui.context import AppContext
from ui.forms.base import Entry, FieldRow, FormDialog, Issues
from ui.forms.end_tiltak import tiltak_summary
from ui.forms.fields import DateField

MAX_DATES = 24


class VisitDialog(FormDialog):
    """The tiltak (a foster home), the kind of visit and one or more visit dates.

    With ``besok`` it edits that one visit.
    """

    def __init__(self, ctx: AppContext, sak_id: int, parent: QWidget | None = None, *,
                 tiltak_id: int | None = None, kind: VisitKind | None = None,
                 besok: Besok | None = None) -> None:
        title = self.tr("Edit visit") if besok else self.tr("Register visits")
        super().__init__(ctx, parent, title=title)
        self.sak_id = sak_id
        self.besok = besok
        case = self.case_of(sak_id)
        self.tiltak = QComboBox(self)
        foster = [t for t in case.tiltak if t.er_fosterhjem]
        for t in sorted(foster, key=lambda t: t.startdato, reverse=True):
            self.tiltak.addItem(tiltak_summary(t), t.id)
        wanted = besok.tiltak_id if besok else tiltak_id
        if wanted is None:  # the running placement, if there is one
            wanted = next((t.id for t in foster if t.sluttdato is None), None)
        if wanted is not None:
            self.tiltak.setCurrentIndex(max(self.tiltak.findData(wanted), 0))
        kind = besok.kind if besok else kind or VisitKind.OPPFOLGING
        self.oppfolging = QRadioButton(VisitKind.OPPFOLGING.label, self)
        self.tilsyn = QRadioButton(VisitKind.TILSYN.label, self)
        group = QButtonGroup(self)
        group.addButton(self.oppfolging)
        group.addButton(self.tilsyn)
        (self.oppfolging if kind is VisitKind.OPPFOLGING else self.tilsyn).setChecked(True)
        kinds = QWidget(self)
        box = QHBoxLayout(kinds)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.oppfolging)
        box.addWidget(self.tilsyn)
        box.addStretch(1)
        kinds.setFocusProxy(self.oppfolging if kind is VisitKind.OPPFOLGING else self.tilsyn)
        self.add_row(self.tr("&Tiltak"), self.tiltak, "tiltak_id")
        self.add_row(self.tr("Kind"), kinds, watch=False)
        self.watch(self.oppfolging)
        self.tiltak.currentIndexChanged.connect(self._tiltak_changed)
        self._tiltak_changed()

        self.dates: list[DateField] = []
        self.date_rows: list[FieldRow] = []
        self.add_button = QPushButton(self.tr("&Add date"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip(self.tr("Another visit date (Ctrl+D)"))
        self.add_button.clicked.connect(self._add_clicked)
        QShortcut(QKeySequence("Ctrl+D"), self, self._add_clicked)
        if besok is None:
            self.form.addRow("", self.add_button)
        else:
            self.add_button.hide()
        self.add_date(besok.dato if besok else self.today)
        self.finish(self.dates[0])
        self.resize(max(self.width(), 600), self.height())

    def _tiltak_changed(self) -> None:
        self.revalidate()

    def add_date(self, day=None) -> DateField:
        field = DateField(self, day)
        label = self.tr("&Date") if not self.dates else self.tr("Date %1").replace(
            "%1", str(len(self.dates) + 1))
        at = self.form.rowCount() - 1 if self.besok is None else None  # above "Add date"
        row = self.add_row(label, field, f"besok{len(self.dates)}.dato", at=at)
        self.bind(f"besok{len(self.dates)}.tiltak_id", self._by_key.get("tiltak_id", row))
        self.dates.append(field)
        self.date_rows.append(row)
        QWidget.setTabOrder(field, self.add_button)
        return field

    def _add_clicked(self) -> None:
        if self.besok is not None or len(self.dates) >= MAX_DATES:
            return
        field = self.add_date()
        field.setFocus()
        field.setCursorPosition(0)
        self.revalidate()

    def kind(self) -> VisitKind:
        return VisitKind.OPPFOLGING if self.oppfolging.isChecked() else VisitKind.TILSYN

    def read(self, issues: Issues) -> list[Entry]:
        case = self.case_of(self.sak_id)
        tiltak_id = self.tiltak.currentData()
        if tiltak_id is None:
            issues.add("tiltak_id", self.tr("The case has no foster-home tiltak to visit"))
        entries: list[Entry] = []
        seen: set = set()
        for i, field in enumerate(self.dates):
            key = f"besok{i}.dato"
            if i > 0 and field.is_empty():
                continue  # an extra row left empty is simply not used
            day = self.date_of(field, key, issues, label=self.tr("the visit date"))
            if day in seen:
                issues.add(key, self.tr("The same date is entered twice"))
            seen.add(day)
            if self.besok is not None:
                visit = replace(self.besok, tiltak_id=tiltak_id or 0, kind=self.kind(), dato=day)
            else:
                visit = Besok(tiltak_id=tiltak_id or 0, kind=self.kind(), dato=day)
            entries.append(Entry(visit, case, f"besok{i}."))
        return entries
