"""Register an evaluation of a plan."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from core.codes import code_list
from core.dates import fmt
from core.model import Plan
from ui.context import AppContext
from ui.forms.base import Entry, FormDialog, Issues
from ui.forms.fields import DateField


def plan_summary(p: Plan) -> str:
    label = code_list("plantype").label(p.plantype)
    return f"{label} ({fmt(p.startdato)}–{fmt(p.sluttdato)})"


class EvaluationDialog(FormDialog):
    """The date a plan was evaluated."""

    def __init__(self, ctx: AppContext, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=self.tr("Register evaluation"))
        self.plan = plan
        done = ", ".join(fmt(d) for d in sorted(plan.evalueringer)) or self.tr("none")
        self.set_intro(plan_summary(plan),
                       self.tr("Earlier evaluations: %1").replace("%1", done),
                       self.deadline_note(plan.sak_id, "plan", plan.id))
        self.dato = DateField(self, self.today)
        self.add_row(self.tr("&Evaluated"), self.dato, "evalueringer")
        self.finish(self.dato)
        self.resize(max(self.width(), 520), self.height())

    def read(self, issues: Issues) -> list[Entry]:
        dato = self.date_of(self.dato, "evalueringer", issues,
                            label=self.tr("the evaluation date"))
        if dato in self.plan.evalueringer:
            issues.add("evalueringer", self.tr("This evaluation is already registered"))
        plan = replace(self.plan, evalueringer=tuple(sorted({*self.plan.evalueringer, dato})))
        return [Entry(plan, self.case_of(plan.sak_id))]
