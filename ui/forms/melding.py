"""New melding (for a new child or an existing case), and editing a melding's content."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from core.model import Melding
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.case_picker import CasePicker, case_line
from ui.forms.fields import CodedListField, DateField
from ui.forms.sak import SakFields


class MeldingDialog(FormDialog):
    """Register a melding: who reported (one or more), what it concerns, when it came in.

    Without ``sak_id``/``melding`` the user chooses a new child (the case is created in the same
    transaction) or an existing case found by search. With ``melding`` it edits that melding.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 sak_id: int | None = None, melding: Melding | None = None) -> None:
        title = self.tr("Edit melding") if melding else self.tr("New melding")
        super().__init__(ctx, parent, title=title)
        self.melding = melding
        self.fixed_sak_id = melding.sak_id if melding else sak_id
        self.saved_sak_id: int | None = self.fixed_sak_id
        self.saved_journalnummer = ""  # of the case the saved melding is in
        self.new_child = QRadioButton(self.tr("&New child"), self)
        self.existing = QRadioButton(self.tr("E&xisting case"), self)
        self.sak_fields: SakFields | None = None
        self.picker: CasePicker | None = None

        if self.fixed_sak_id is None:
            choice = QWidget(self)
            box = QHBoxLayout(choice)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(self.new_child)
            box.addWidget(self.existing)
            box.addStretch(1)
            group = QButtonGroup(self)
            group.addButton(self.new_child)
            group.addButton(self.existing)
            self.new_child.setChecked(True)
            self.add_section(self.tr("The child"))
            self.add_row(self.tr("Concerns"), choice, watch=False)
            self.sak_fields = SakFields(self, self.form, "sak.")
            self.sak_fields.use_existing.connect(self._use_existing)
            self.picker = CasePicker(ctx, self)
            self.picker_row = self.add_row(self.tr("&Case"), self.picker, "case")
            self.new_child.toggled.connect(self._mode_changed)
        else:
            sak = ctx.register.sak(self.fixed_sak_id)
            self.add_row(self.tr("Case"), QLabel(case_line(sak), self), watch=False)

        self.add_section(self.tr("The melding"))
        received = melding.mottatt if melding else self.today
        self.mottatt = DateField(self, received)
        self.melder = CodedListField("melder", self.tr("Add reporter"), self, on=received)
        self.saksinnhold = CodedListField("saksinnhold", self.tr("Add content"), self,
                                          on=received)
        self.mottatt_row = self.add_row(self.tr("&Received"), self.mottatt, "melding.mottatt",
                                        "sak.startdato")
        self.melder_row = self.add_row(self.tr("&Reporter(s)"), self.melder, "melding.melder")
        self.add_row(self.tr("C&ontent"), self.saksinnhold, "melding.saksinnhold")
        self.tildelt = DateField(self, melding.tildelt_dato if melding else None)
        self.add_row(self.tr("Case assi&gned"), self.tildelt, "melding.tildelt_dato")
        if melding is not None:
            self.melder.set_values(melding.melder)
            self.saksinnhold.set_values(melding.saksinnhold)
        self.mottatt.changed.connect(self._date_changed)
        self._mode_changed()
        first = self.sak_fields.navn if self.sak_fields else self.mottatt
        self.finish(first)
        self.resize(max(self.width(), 640), self.height())

    # --- reactions --------------------------------------------------------------------------

    def _mode_changed(self) -> None:
        if self.sak_fields is None or self.picker is None:
            return
        new = self.new_child.isChecked()
        self.sak_fields.set_visible(new)
        self.picker_row.set_visible(not new)
        if self._ready:
            (self.sak_fields.navn if new else self.picker).setFocus()
        self.revalidate()

    def _use_existing(self, sak_id: int) -> None:
        assert self.picker is not None
        self.existing.setChecked(True)
        self.picker.select(sak_id)

    def _date_changed(self) -> None:
        day = self.mottatt.value()
        if day is not None:
            self.melder.set_date(day)
            self.saksinnhold.set_date(day)

    # --- reading ----------------------------------------------------------------------------

    def _sak_id(self) -> int | None:
        if self.fixed_sak_id is not None:
            return self.fixed_sak_id
        if self.picker is not None and self.existing.isChecked():
            return self.picker.sak_id()
        return None

    def is_new_child(self) -> bool:
        return self.fixed_sak_id is None and self.new_child.isChecked()

    def read(self, issues: Issues) -> list[Entry]:
        mottatt = self.date_of(self.mottatt, "melding.mottatt", issues,
                               label=self.tr("the date received"))
        for problem in self.melder.problems():
            issues.add("melding.melder", problem)
        for problem in self.saksinnhold.problems():
            issues.add("melding.saksinnhold", problem)
        values = {"mottatt": mottatt, "melder": self.melder.values(),
                      "saksinnhold": self.saksinnhold.values(),
                      "tildelt_dato": self.date_of(self.tildelt, "melding.tildelt_dato", issues,
                                                   required=False)}
        if self.is_new_child():
            assert self.sak_fields is not None
            sak = self.sak_fields.build(issues, mottatt)
            # The new case starts on the day received: at the Received field the melding's own
            # message is the one to show, not a second one about the case's start date.
            return [Entry(sak, None, "sak.", save=False, secondary=True),
                    Entry(Melding(sak_id=0, **values), None, "melding.", save=False)]
        sak_id = self._sak_id()
        if sak_id is None:
            issues.add("case", self.tr("Choose the case the melding concerns"))
            return [Entry(Melding(sak_id=0, **values), None, "melding.")]
        case = self.case_of(sak_id)
        melding = (replace(self.melding, **values) if self.melding is not None
                   else Melding(sak_id=sak_id, **values))
        return [Entry(melding, case, "melding.")]

    def commit(self, objs: list) -> list:
        if not self.is_new_child():
            saved = self.ctx.save_many(objs)
            self.saved_sak_id = saved[0].sak_id
            self.saved_journalnummer = self.case_of(self.saved_sak_id).sak.journalnummer
            return saved
        entries, _ = self.collect()
        sak, melding = entries[0].obj, entries[1].obj
        saved = self.ctx.save_linked(sak, lambda s: [replace(melding, sak_id=s.id)])
        self.saved_sak_id = saved[0].id
        self.saved_journalnummer = saved[0].journalnummer
        return saved

