"""The child's case (Sak): the fields shared by "new melding for a new child" and "edit case".

The fødselsnummer is validated as it is typed (check digits included); birth date, sex and age
are derived from it and shown beside it. This is the only place the full number is shown.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from core.dates import fmt
from core.identity import IdentityError, age_on, mask, parse_person_id
from core.model import Sak
from ui.context import AppContext
from ui.forms.base import Entry, FieldRow, FormDialog, Issues
from ui.forms.fields import CaseworkerCombo, DateField

translate = QCoreApplication.translate


def sex_label(kjonn: str | None) -> str:
    return {"1": translate("Forms", "boy"), "2": translate("Forms", "girl")}.get(kjonn or "", "")


class SakFields(QObject):
    """Name, fødselsnummer, journal number, caseworker and team of a case, as rows of a form.

    ``existing_case_found(sak_id)`` is emitted when the user asks to use the case that already
    has the typed fødselsnummer.
    """

    use_existing = Signal(int)

    def __init__(self, dialog: FormDialog, form: QFormLayout, prefix: str = "sak.",
                 sak: Sak | None = None) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.prefix = prefix
        self.sak = sak
        ctx = dialog.ctx
        self.navn = QLineEdit(dialog)
        self.navn.setPlaceholderText(self.tr("First and last name"))
        self.fnr = QLineEdit(dialog)
        self.fnr.setMaxLength(13)
        self.fnr.setPlaceholderText(self.tr("11 digits"))
        self.fnr.setMaximumWidth(self.fnr.fontMetrics().horizontalAdvance("0" * 16) + 16)
        self.derived = QLabel(dialog)
        self.derived.setProperty("role", "muted")
        self.duplicate = QLabel(dialog)
        self.duplicate.setWordWrap(True)
        self.use_button = QPushButton(self.tr("Use that case"), dialog)
        self.use_button.setAutoDefault(False)
        self.use_button.clicked.connect(self._use_existing)
        self._duplicate_id: int | None = None
        fnr_box = QWidget(dialog)
        fnr_layout = QHBoxLayout(fnr_box)
        fnr_layout.setContentsMargins(0, 0, 0, 0)
        fnr_layout.setSpacing(10)
        fnr_layout.addWidget(self.fnr)
        fnr_layout.addWidget(self.derived, 1)
        fnr_box.setFocusProxy(self.fnr)
        self.journalnummer = QLineEdit(dialog)
        self.journalnummer.setPlaceholderText(self.tr("e.g. %1/00123").replace(
            "%1", str(dialog.today.year)))
        self.saksbehandler = CaseworkerCombo(ctx.register.caseworkers(), dialog,
                                             sak.saksbehandler if sak else ctx.me())
        self.saksbehandler.setMinimumWidth(260)
        self.team = QComboBox(dialog)
        self.team.setMinimumWidth(260)
        self.team.setEditable(True)
        self.team.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.team.addItems(["", *self.saksbehandler.teams()])
        self._last_team = ""

        p = prefix
        self.rows: list[FieldRow] = [
            dialog.add_row(self.tr("&Name"), self.navn, p + "navn", form=form),
            dialog.add_row(self.tr("&Fødselsnummer"), fnr_box, p + "fodselsnummer",
                           p + "fodselsdato", p + "kjonn", form=form, watch=False,
                           probe=self.fnr),
        ]
        dup_box = QWidget(dialog)
        dup_layout = QHBoxLayout(dup_box)
        dup_layout.setContentsMargins(0, 0, 0, 0)
        dup_layout.addWidget(self.duplicate, 1)
        dup_layout.addWidget(self.use_button)
        self.duplicate_row = dialog.add_row("", dup_box, form=form, watch=False)
        self.duplicate_row.set_visible(False)
        self.rows += [
            dialog.add_row(self.tr("&Journal number"), self.journalnummer, p + "journalnummer",
                           form=form),
            dialog.add_row(self.tr("Case&worker"), self.saksbehandler, p + "saksbehandler",
                           form=form),
            dialog.add_row(self.tr("&Team"), self.team, p + "team", form=form),
        ]
        fnr_row = self.rows[1]
        self.fnr.textChanged.connect(lambda _t: self._fnr_changed(fnr_row))
        self.saksbehandler.changed.connect(self._caseworker_changed)
        self.team.editTextChanged.connect(lambda _t: dialog.revalidate())
        if sak is not None:
            self.navn.setText(sak.navn)
            self.fnr.setText(sak.fodselsnummer)
            self.journalnummer.setText(sak.journalnummer)
            self.team.setEditText(sak.team)
            self._last_team = sak.team
        else:
            self._caseworker_changed()
        self._update_derived()

    # --- reactions --------------------------------------------------------------------------

    def _fnr_changed(self, row: FieldRow) -> None:
        if self.dialog._ready:
            row.touched = True
        self._update_derived()
        self.dialog.revalidate()

    def _caseworker_changed(self) -> None:
        team = self.saksbehandler.team_of(self.saksbehandler.name())
        if team and self.team.currentText() in ("", self._last_team):
            self.team.setEditText(team)
        self._last_team = team

    def _update_derived(self) -> None:
        number = self.fnr.text()
        self._duplicate_id = None
        try:
            person = parse_person_id(number, self.dialog.today)
        except IdentityError:
            self.derived.setText("")
            self.duplicate_row.set_visible(False)
            return
        parts = [self.tr("born %1").replace("%1", fmt(person.birth_date))
                 if person.kind != "termin"
                 else self.tr("due date %1").replace("%1", fmt(person.birth_date))]
        if person.sex:
            parts.append(sex_label(person.sex))
        if person.birth_date <= self.dialog.today:
            years = age_on(person.birth_date, self.dialog.today)
            parts.append(self.tr("1 year") if years == 1 else
                         self.tr("%1 years").replace("%1", str(years)))
        if person.kind == "dnr":
            parts.append(self.tr("D number"))
        elif person.kind in ("ukjent", "termin"):
            parts.append(self.tr("incomplete number"))
        self.derived.setText(" · ".join(parts))
        others = [s for s in self.dialog.ctx.register.find_cases(person.number, limit=5)
                  if s.fodselsnummer == person.number and (self.sak is None or s.id != self.sak.id)]
        if others:
            other = others[0]
            self._duplicate_id = other.id
            self.duplicate.setText(self.tr("A case already exists for %1: %2 (%3).").replace(
                "%1", mask(person.number)).replace("%2", other.navn).replace(
                "%3", other.journalnummer))
        self.duplicate_row.set_visible(bool(others))
        self.use_button.setVisible(self.sak is None)

    def _use_existing(self) -> None:
        if self._duplicate_id is not None:
            self.use_existing.emit(self._duplicate_id)

    def set_visible(self, visible: bool) -> None:
        for row in self.rows:
            row.set_visible(visible)
        if not visible:
            self.duplicate_row.set_visible(False)
        else:
            self._update_derived()

    # --- value ------------------------------------------------------------------------------

    def build(self, issues: Issues, startdato: date, sluttdato: date | None = None) -> Sak:
        """The case the fields describe (``startdato`` comes from the dialog)."""
        number = "".join(self.fnr.text().split())
        try:
            person = parse_person_id(number, self.dialog.today)
            birth, sex = person.birth_date, person.sex
        except IdentityError:  # validate() reports it at the field
            birth, sex = startdato, None
        journalnummer = self.journalnummer.text().strip()
        if journalnummer and (self.sak is None or journalnummer != self.sak.journalnummer):
            taken = [s for s in self.dialog.ctx.register.find_cases(journalnummer, limit=20)
                     if s.journalnummer.casefold() == journalnummer.casefold()
                     and (self.sak is None or s.id != self.sak.id)]
            if taken:
                issues.add(self.prefix + "journalnummer",
                           self.tr("The journal number is already used in another case"))
        values = {"journalnummer": journalnummer, "navn": self.navn.text().strip(),
                      "fodselsnummer": number, "fodselsdato": birth, "kjonn": sex,
                      "saksbehandler": self.saksbehandler.name(), "startdato": startdato,
                      "team": self.team.currentText().strip(), "sluttdato": sluttdato}
        if self.sak is not None:
            return replace(self.sak, **values)
        return Sak(**values)


class SakDialog(FormDialog):
    """Edit the case facts (name, number, caseworker, team, start and end of the case)."""

    def __init__(self, ctx: AppContext, sak: Sak, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=self.tr("Edit case"))
        self.sak = sak
        self.fields = SakFields(self, self.form, "", sak)
        self.startdato = DateField(self, sak.startdato)
        self.sluttdato = DateField(self, sak.sluttdato)
        self.add_row(self.tr("Case &started"), self.startdato, "startdato")
        self.add_row(self.tr("Case &closed"), self.sluttdato, "sluttdato")
        self.finish(self.fields.navn)

    def read(self, issues: Issues) -> list[Entry]:
        start = self.date_of(self.startdato, "startdato", issues, label=self.tr("start date"))
        end = self.date_of(self.sluttdato, "sluttdato", issues, required=False)
        sak = self.fields.build(issues, start, end)
        return [Entry(sak, None)]
