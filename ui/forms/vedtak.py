"""Register a vedtak (with its akutt part and the tiltak it decides), or edit a vedtak."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QWidget

from core.model import Akutt, Lovhjemmel, Vedtak
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodePicker, DateField, DateTimeField, LovhjemmelField
from ui.forms.tiltak_fields import TiltakFields

AKUTT_TYPES = (
    "§ 4-2 akuttvedtak om plassering",
    "§ 4-3 akuttvedtak om plassering utenfor hjemmet (barnet er utsatt for vold)",
    "§ 4-4 akuttvedtak om opphold i institusjon uten samtykke",
    "§ 4-5 akuttvedtak om plassering i institusjon (menneskehandel)",
)


class VedtakDialog(FormDialog):
    """Vedtak date, legal basis and status; optionally the akutt part; for a new vedtak
    optionally the tiltak it decides (saved together in one transaction).

    ``focus``: "sendt_nemnd" or "begjaering" to start at that akutt field.
    """

    def __init__(self, ctx: AppContext, sak_id: int, vedtak: Vedtak | None = None,
                 parent: QWidget | None = None, *, with_tiltak: bool | None = None,
                 hjemmel: Lovhjemmel | None = None, focus: str | None = None) -> None:
        title = self.tr("Edit vedtak") if vedtak else self.tr("New vedtak and tiltak")
        super().__init__(ctx, parent, title=title)
        self.sak_id = sak_id
        self.vedtak = vedtak
        if vedtak is not None:
            self.set_intro(self.deadline_note(sak_id, "vedtak", vedtak.id))
        v = vedtak
        self.dato = DateField(self, v.dato if v else self.today)
        self.lovhjemmel = LovhjemmelField(self, v.lovhjemmel if v else hjemmel)
        self.status = CodePicker("vedtak_status", self, on=v.dato if v else self.today)
        self.status.set_code(v.status_kode if v else "1")
        self.add_row(self.tr("Vedtak &date"), self.dato, "vedtak.dato")
        self.add_row(self.tr("&Legal basis"), self.lovhjemmel, "vedtak.lovhjemmel",
                     "tiltak.lovhjemmel")
        self.add_row(self.tr("&Status"), self.status, "vedtak.status_kode")
        self.behov = DateField(self, v.fosterhjem_behov_dato if v else None)
        self.behov.setToolTip(self.tr("Fill in when the decision says the child needs a foster "
                                      "home: the waiting time counts from this date until the "
                                      "child moves into a foster home."))
        self.add_row(self.tr("&Foster home needed from"), self.behov,
                     "vedtak.fosterhjem_behov_dato")

        # --- akutt part ---
        a = v.akutt if v else None
        self.akutt_box = QGroupBox(self.tr("&Akuttvedtak (emergency decision)"), self)
        self.akutt_box.setCheckable(True)
        self.akutt_box.setChecked(a is not None)
        akutt_form = self.new_form()
        self.akutt_box.setLayout(akutt_form)
        self.akutt_type = QComboBox(self)
        self.akutt_type.setEditable(True)
        self.akutt_type.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.akutt_type.addItems(["", *AKUTT_TYPES])
        self.akutt_type.setEditText(a.type if a else "")
        self.tidspunkt = DateTimeField(self, a.tidspunkt if a else None)
        self.sendt_nemnd = DateTimeField(self, a.sendt_nemnd if a else None)
        self.begjaering = DateField(self, a.begjaering_sendt if a else None)
        self.atferd = QCheckBox(self.tr("Institution stay because of serious behaviour "
                                        "(shorter deadline for the petition)"), self)
        self.atferd.setChecked(bool(a and a.institusjon_atferd))
        self.add_row(self.tr("&Type"), self.akutt_type, "vedtak.akutt.type", form=akutt_form)
        self.add_row(self.tr("Decided &at"), self.tidspunkt, "vedtak.akutt.tidspunkt",
                     form=akutt_form)
        self.add_row(self.tr("Sent to the &board"), self.sendt_nemnd, "vedtak.akutt.sendt_nemnd",
                     form=akutt_form)
        self.add_row(self.tr("&Petition sent"), self.begjaering, "vedtak.akutt.begjaering_sendt",
                     form=akutt_form)
        self.add_row("", self.atferd, form=akutt_form)
        self.main_layout.insertWidget(self.main_layout.indexOf(self.general_error) - 1,
                                      self.akutt_box)
        self.akutt_box.toggled.connect(self._akutt_toggled)

        # --- tiltak part ---
        self.tiltak_box: QGroupBox | None = None
        self.tiltak_fields: TiltakFields | None = None
        if with_tiltak is None:
            with_tiltak = vedtak is None
        if with_tiltak:
            self.tiltak_box = QGroupBox(self.tr("T&iltak decided"), self)
            self.tiltak_box.setCheckable(True)
            self.tiltak_box.setChecked(True)
            tiltak_form = self.new_form()
            self.tiltak_box.setLayout(tiltak_form)
            self.tiltak_fields = TiltakFields(self, tiltak_form, "tiltak.",
                                              default_start=self.dato.value())
            self.main_layout.insertWidget(self.main_layout.indexOf(self.general_error) - 1,
                                          self.tiltak_box)
            self.watch(self.tiltak_box)
            self.dato.changed.connect(lambda: self.tiltak_fields.set_start(self.dato.value()))
        self.dato.changed.connect(lambda: self.status.set_date(self.dato.value()))
        first = {"sendt_nemnd": self.sendt_nemnd, "begjaering": self.begjaering}.get(
            focus or "", self.dato)
        self.finish(first)
        self.resize(max(self.width(), 680), self.height())

    def _akutt_toggled(self, on: bool) -> None:
        if on and self.tidspunkt.is_empty() and self.dato.value() is not None:
            self.tidspunkt.set_value(self.dato.value())
        self.revalidate()
        if on:
            self.akutt_type.setFocus()

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "vedtak.dato", issues, label=self.tr("the vedtak date"))
        issues.add("vedtak.status_kode", self.status.problem())
        akutt = None
        if self.akutt_box.isChecked():
            tidspunkt = self.date_of(self.tidspunkt, "vedtak.akutt.tidspunkt", issues,
                                     label=self.tr("the time of the decision"),
                                     fallback=datetime.combine(dato, time(0, 0)))
            akutt = Akutt(type=self.akutt_type.currentText().strip(), tidspunkt=tidspunkt,
                          sendt_nemnd=self.date_of(self.sendt_nemnd, "vedtak.akutt.sendt_nemnd",
                                                   issues, required=False),
                          begjaering_sendt=self.date_of(self.begjaering,
                                                        "vedtak.akutt.begjaering_sendt", issues,
                                                        required=False),
                          institusjon_atferd=self.atferd.isChecked())
        behov = self.date_of(self.behov, "vedtak.fosterhjem_behov_dato", issues,
                             required=False)
        values = {"dato": dato, "lovhjemmel": self.lovhjemmel.value(),
                      "status_kode": self.status.code() or "", "akutt": akutt,
                      "fosterhjem_behov_dato": behov}
        vedtak = (replace(self.vedtak, **values) if self.vedtak
                  else Vedtak(sak_id=self.sak_id, **values))
        case = self.case_of(self.sak_id)
        entries = [Entry(vedtak, case, "vedtak.")]
        if self.tiltak_fields is not None and self.tiltak_box and self.tiltak_box.isChecked():
            tiltak = self.tiltak_fields.build(issues, self.sak_id, vedtak.lovhjemmel)
            entries.append(Entry(tiltak, case, "tiltak."))
        return entries

    def commit(self, objs: list) -> list:
        if len(objs) == 1:
            return self.ctx.save_many(objs)
        vedtak, tiltak = objs
        return self.ctx.save_linked(vedtak, lambda v: [replace(tiltak, vedtak_id=v.id)])
