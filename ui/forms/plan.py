"""Create or edit a plan (tiltaksplan, omsorgsplan, …) with an optional evaluation interval."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from core.dates import fmt
from core.model import Plan
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import CodePicker, DateField


class PlanDialog(FormDialog):
    """Plan type, start, optional end and optional own evaluation interval."""

    def __init__(self, ctx: AppContext, sak_id: int, plan: Plan | None = None,
                 parent: QWidget | None = None, *, plantype: str | None = None,
                 note: str = "") -> None:
        title = self.tr("Edit plan") if plan else self.tr("New plan")
        super().__init__(ctx, parent, title=title)
        self.sak_id = sak_id
        self.plan = plan
        self.set_intro(note, self.deadline_note(sak_id, "plan", plan.id) if plan else "")
        start = plan.startdato if plan else self.today
        self.plantype = CodePicker("plantype", self, on=start)
        self.plantype.set_code(plan.plantype if plan else plantype)
        self.startdato = DateField(self, start)
        self.sluttdato = DateField(self, plan.sluttdato if plan else None)
        self.intervall = QSpinBox(self)
        self.intervall.setRange(0, 24)
        self.intervall.setSpecialValueText(self.tr("Standard (from the settings)"))
        self.intervall.setSuffix(self.tr(" months"))
        self.intervall.setValue((plan.evalueringsintervall_mnd or 0) if plan else 0)
        self.intervall.setMinimumWidth(self.intervall.fontMetrics().horizontalAdvance(
            self.intervall.specialValueText()) + 40)
        self.add_row(self.tr("Plan &type"), self.plantype, "plantype")
        self.add_row(self.tr("&Start"), self.startdato, "startdato")
        self.add_row(self.tr("&End (optional)"), self.sluttdato, "sluttdato")
        self.add_row(self.tr("Evaluation &interval"), self.intervall, "evalueringsintervall_mnd")
        if plan is not None and plan.evalueringer:
            done = ", ".join(fmt(d) for d in sorted(plan.evalueringer))
            self.add_row(self.tr("Evaluations"), QLabel(done, self), "evalueringer",
                         watch=False)
        self.startdato.changed.connect(lambda: self.plantype.set_date(self.startdato.value()))
        self.finish(self.plantype if plan is None and plantype is None else self.startdato)
        self.resize(max(self.width(), 660), self.height())

    def read(self, issues: Issues) -> list[Entry]:
        start = self.date_of(self.startdato, "startdato", issues, label=self.tr("the start date"))
        slutt = self.date_of(self.sluttdato, "sluttdato", issues, required=False)
        issues.add("plantype", self.plantype.problem())
        values = {"plantype": self.plantype.code() or "", "startdato": start, "sluttdato": slutt,
                      "evalueringsintervall_mnd": self.intervall.value() or None}
        plan = replace(self.plan, **values) if self.plan else Plan(sak_id=self.sak_id, **values)
        return [Entry(plan, self.case_of(self.sak_id))]
