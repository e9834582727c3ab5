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
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from core.access import Action
from core.dates import fmt
from core.identity import IdentityError, age_on, duf_message, mask, mask_duf, parse_person_id
from core.model import Sak
from storage.errors import StorageError
from ui.context import AppContext
from ui.forms.base import Entry, FieldRow, FormDialog, Issues
from ui.forms.caseworker import NewCaseworkerDialog
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
        # A child who came as an asylum seeker has a DUF-nummer before (or instead of) a
        # fødselsnummer; the birth date and sex are then typed in, since the number has none.
        self.duf = QLineEdit(dialog)
        self.duf.setMaxLength(15)
        self.duf.setPlaceholderText(self.tr("12 digits, if the child has one"))
        self.duf.setMaximumWidth(self.duf.fontMetrics().horizontalAdvance("0" * 18) + 16)
        self.fodselsdato = DateField(dialog, sak.fodselsdato if sak else None)
        self.kjonn = QComboBox(dialog)
        self.kjonn.addItem(self.tr("(not known)"), None)
        self.kjonn.addItem(sex_label("1"), "1")
        self.kjonn.addItem(sex_label("2"), "2")
        if sak is not None and sak.kjonn:
            self.kjonn.setCurrentIndex(self.kjonn.findData(sak.kjonn))
        birth_box = QWidget(dialog)
        birth_layout = QHBoxLayout(birth_box)
        birth_layout.setContentsMargins(0, 0, 0, 0)
        birth_layout.setSpacing(10)
        birth_layout.addWidget(self.fodselsdato)
        birth_layout.addWidget(self.kjonn)
        birth_layout.addStretch(1)
        birth_box.setFocusProxy(self.fodselsdato)
        self.journalnummer = QLineEdit(dialog)
        self.journalnummer.setPlaceholderText(self.tr("e.g. %1/00123").replace(
            "%1", str(dialog.today.year)))
        # A new case is the signed-in person's own unless they choose someone else.
        self.saksbehandler = CaseworkerCombo(ctx.register.caseworkers(), dialog,
                                             sak.saksbehandler if sak else ctx.me(),
                                             can_add=ctx.may(Action.CASEWORKERS))
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
                           p + "kjonn", form=form, watch=False, probe=self.fnr),
            dialog.add_row(self.tr("&DUF number"), self.duf, p + "duf_nummer", form=form),
            dialog.add_row(self.tr("&Birth date"), birth_box, p + "fodselsdato", form=form,
                           watch=False, probe=self.fodselsdato),
        ]
        self.birth_row = self.rows[3]
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
        self.caseworker_row = self.rows[-2]
        # With nobody to choose, say at once how to add someone (not only after Save).
        self.caseworker_row.touched = not self.saksbehandler.has_choices()
        fnr_row = self.rows[1]
        self.fnr.textChanged.connect(lambda _t: self._fnr_changed(fnr_row))
        self.saksbehandler.changed.connect(self._caseworker_changed)
        self.saksbehandler.add_requested.connect(self.add_caseworker)
        self.team.editTextChanged.connect(lambda _t: dialog.revalidate())
        self.duf.textChanged.connect(lambda _t: self._update_derived())
        self.fodselsdato.changed.connect(dialog.revalidate)
        self.kjonn.currentIndexChanged.connect(lambda _i: dialog.revalidate())
        if sak is not None:
            self.navn.setText(sak.navn)
            self.fnr.setText(sak.fodselsnummer)
            self.duf.setText(sak.duf_nummer or "")
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

    def add_caseworker(self) -> None:
        """"+ New caseworker…": name and team in a small dialog, saved at once through the
        application layer, then chosen here; everything else typed in the form stays."""
        ctx = self.dialog.ctx
        try:
            existing = ctx.register.caseworkers()
        except StorageError as error:
            self.dialog.general_error.set_messages([str(error)])
            return
        dialog = NewCaseworkerDialog(ctx, existing, self.dialog,
                                     team=self.team.currentText().strip())
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
                return
            caseworker = dialog.saved
        finally:
            dialog.deleteLater()
        if caseworker.team and self.team.findText(caseworker.team) < 0:
            self.team.addItem(caseworker.team)
        self.saksbehandler.add_caseworker(caseworker)
        self.saksbehandler.setFocus()

    def _caseworker_problem(self) -> str | None:
        """What to say at an empty caseworker field (None: the general "må fylles ut")."""
        if self.saksbehandler.has_choices():
            if self.saksbehandler.can_add():
                return self.tr("Choose the caseworker, or «+ New caseworker…» in the list.")
            return None
        if self.saksbehandler.can_add():
            return self.tr("There are no caseworkers yet. Add one with «+ New caseworker…» in "
                           "this list, or under Settings → Caseworkers.")
        return self.tr("There are no caseworkers yet. A leader or the system administrator "
                       "adds them under Settings → Caseworkers.")

    def _update_derived(self) -> None:
        number = self.fnr.text()
        self._duplicate_id = None
        # birth date and sex are typed only while no fødselsnummer gives them
        self.birth_row.set_visible(not number.strip())
        try:
            person = parse_person_id(number, self.dialog.today)
        except IdentityError:
            self.derived.setText("")
            self._show_duplicate(self._duf_duplicate())
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
        others = [s for s in self.dialog.ctx.register.search(person.number, limit=5)
                  if s.fodselsnummer == person.number and (self.sak is None or s.id != self.sak.id)]
        found = (others[0], mask(person.number)) if others else self._duf_duplicate()
        self._show_duplicate(found)

    def _duf_duplicate(self) -> tuple[Sak, str] | None:
        """A case (not this one) that already has the typed DUF-nummer."""
        duf = "".join(self.duf.text().split())
        if duf_message(duf) is not None:
            return None
        others = [s for s in self.dialog.ctx.register.search(duf, limit=5)
                  if s.duf_nummer == duf and (self.sak is None or s.id != self.sak.id)]
        return (others[0], mask_duf(duf)) if others else None

    def _show_duplicate(self, found: tuple[Sak, str] | None) -> None:
        """The duplicate check matches on either number."""
        if found is not None:
            other, shown = found
            self._duplicate_id = other.id
            self.duplicate.setText(self.tr("A case already exists for %1: %2 (%3).").replace(
                "%1", shown).replace("%2", other.navn).replace("%3", other.journalnummer))
        self.duplicate_row.set_visible(found is not None)
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
        duf = "".join(self.duf.text().split()) or None
        birth: date | None
        if number:
            try:
                person = parse_person_id(number, self.dialog.today)
                birth, sex = person.birth_date, person.sex
            except IdentityError:  # validate() reports it at the field
                birth, sex = startdato, None
        else:  # a DUF-nummer alone: the typed birth date (may be unknown) and sex
            birth, sex = self.fodselsdato.value(), self.kjonn.currentData()
            if not self.fodselsdato.is_empty() and birth is None:
                issues.add(self.prefix + "fodselsdato", self.tr("Not a valid date"))
        if not self.saksbehandler.name():
            issues.add(self.prefix + "saksbehandler", self._caseworker_problem())
        journalnummer = self.journalnummer.text().strip()
        if journalnummer and (self.sak is None or journalnummer != self.sak.journalnummer):
            taken = [s for s in self.dialog.ctx.register.search(journalnummer, limit=20)
                     if s.journalnummer.casefold() == journalnummer.casefold()
                     and (self.sak is None or s.id != self.sak.id)]
            if taken:
                issues.add(self.prefix + "journalnummer",
                           self.tr("The journal number is already used in another case"))
        values = {"journalnummer": journalnummer, "navn": self.navn.text().strip(),
                      "fodselsnummer": number, "fodselsdato": birth, "kjonn": sex,
                      "duf_nummer": duf,
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
