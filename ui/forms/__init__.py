"""Registration dialogs, and the entry points the rest of the UI uses.

* ``new_melding(ctx, parent)`` – the "Ny melding" dialog (new child or existing case); what it
  created is opened and confirmed in the status bar (Ctrl+N, the empty state and the Saker page
  all go through it).
* ``open_action(ctx, row, parent)`` – the natural next step for an open deadline: the dialog
  for its rule's action, prefilled for the item the deadline concerns.
* ``dialog_for_action`` / ``action_text`` – the same without running the dialog, and the text of
  the action button (``None`` when the deadline has no dialog of its own: open the case).

Every dialog validates as the user types (``core.validation``) and saves through the
``AppContext`` in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from core.model import CaseFile, PlanType, VisitKind
from core.rules import RULES_BY_ID
from storage.errors import StorageError
from storage.records import DeadlineRow
from ui.context import AppContext
from ui.deadline_model import rule_of
from ui.forms.conclude_melding import ConcludeMeldingDialog
from ui.forms.conclude_undersokelse import ConcludeUndersokelseDialog
from ui.forms.end_tiltak import EndTiltakDialog
from ui.forms.ettervern import EttervernDialog
from ui.forms.evaluation import EvaluationDialog
from ui.forms.melding import MeldingDialog
from ui.forms.plan import PlanDialog
from ui.forms.tilbakemelding import TilbakemeldingDialog
from ui.forms.vedtak import VedtakDialog
from ui.forms.visits import VisitDialog

translate = QCoreApplication.translate

__all__ = ["action_text", "dialog_for_action", "new_melding", "open_action", "show_created"]

log = logging.getLogger(__name__)

#: Plan type preselected when a missing plan is created from its deadline.
PLAN_FOR_RULE = {"tiltaksplan.mangler": PlanType.TILTAKSPLAN,
                 "omsorgsplan.mangler": PlanType.OMSORGSPLAN}
VISIT_FOR_RULE = {"oppfolging.besok": VisitKind.OPPFOLGING, "tilsyn.besok": VisitKind.TILSYN}
AKUTT_FIELD_FOR_RULE = {"akutt.godkjenning": "sendt_nemnd", "akutt.begjaering": "begjaering"}

STATUS_MS = 10_000  # how long the status bar confirms a registration




def action_text(rule_id: str) -> str | None:
    """The button text of a rule's natural next step, or None (then: open the case)."""
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        return None
    texts = {
        "konkluder_melding": translate("Forms", "Conclude melding…"),
        "registrer_tilbakemelding": translate("Forms", "Register feedback…"),
        "konkluder_undersokelse": translate("Forms", "Conclude undersøkelse…"),
        "registrer_evaluering": translate("Forms", "Register evaluation…"),
        "registrer_besok": translate("Forms", "Register visit…"),
        "opprett_plan": translate("Forms", "Create plan…"),
        "registrer_akutt": translate("Forms", "Update akuttvedtak…"),
        "registrer_ettervern": translate("Forms", "Register ettervern…"),
        "avslutt_tiltak": translate("Forms", "End tiltak…"),
        "registrer_vedtak": translate("Forms", "Register vedtak…"),
    }
    return texts.get(rule.action)


def new_melding(ctx: AppContext, parent: QWidget | None = None, *,
                sak_id: int | None = None,
                open_case: Callable[[int], object] | None = None) -> bool:
    """The one way to register a new melding: run the dialog, then open the case it was
    registered in and confirm in the status bar ("Melding registrert i sak 2026/00012").
    True if a melding was saved.

    ``open_case(sak_id)`` shows the case; by default the ``open_case`` of ``parent``'s window
    (``MainWindow.open_case``: the case on the Saker page; a Saker page on its own opens it in
    itself).
    """
    dialog = MeldingDialog(ctx, parent, sak_id=sak_id)
    try:
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        created, journalnummer = dialog.saved_sak_id, dialog.saved_journalnummer
    finally:
        dialog.deleteLater()
    if saved and created is not None:
        show_created(parent, created, translate("Forms", "Melding registered in case %1")
                     .replace("%1", journalnummer), open_case)
    return saved


def show_created(parent: QWidget | None, sak_id: int, message: str,
                 open_case: Callable[[int], object] | None = None) -> None:
    """After a create action: open the case (see ``new_melding``) and say what was done in the
    status bar of ``parent``'s main window."""
    window = parent.window() if parent is not None else None
    opener = open_case or getattr(window, "open_case", None)
    if callable(opener):
        opener(sak_id)
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, STATUS_MS)


def _run(dialog: QDialog) -> bool:
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def _find(items, item_id: int):
    return next((x for x in items if x.id == item_id), None)


def dialog_for_action(ctx: AppContext, row: DeadlineRow, parent: QWidget | None = None
                      ) -> QDialog | None:
    """The dialog for the deadline's next step, prefilled for the item it concerns; None when
    the rule has no dialog ("apne_sak") or the item no longer exists. A local milestone
    (intern frist) met by a conclusion or an evaluation opens that dialog, as its legal twin."""
    rule = rule_of(row.rule_id)
    if rule is None:
        return None
    d = row.deadline
    try:
        case: CaseFile = ctx.register.case(d.sak_id)
    except StorageError as error:
        log.info("Fant ikke saken til fristen: %s", type(error).__name__)
        return None
    action, ref = rule.action, d.gjelder_id
    sak_id = d.sak_id
    if action in ("konkluder_melding", "registrer_tilbakemelding") and d.gjelder == "melding":
        melding = case.melding(ref)
        if melding is None:
            return None
        if action == "konkluder_melding":
            return ConcludeMeldingDialog(ctx, melding, parent)
        return TilbakemeldingDialog(ctx, melding, parent)
    if action == "konkluder_undersokelse" and d.gjelder == "undersokelse":
        u = _find(case.undersokelser, ref)
        return ConcludeUndersokelseDialog(ctx, u, parent) if u else None
    if action == "registrer_evaluering" and d.gjelder == "plan":
        plan = _find(case.planer, ref)
        return EvaluationDialog(ctx, plan, parent) if plan else None
    if action == "registrer_besok" and d.gjelder == "tiltak":
        if _find(case.tiltak, ref) is None:
            return None
        return VisitDialog(ctx, sak_id, parent, tiltak_id=ref,
                           kind=VISIT_FOR_RULE.get(d.rule_id, VisitKind.OPPFOLGING))
    if action == "opprett_plan":
        return PlanDialog(ctx, sak_id, None, parent, plantype=PLAN_FOR_RULE.get(d.rule_id),
                          note=d.forklaring)
    if action == "registrer_akutt" and d.gjelder == "vedtak":
        vedtak = _find(case.vedtak, ref)
        if vedtak is None:
            return None
        return VedtakDialog(ctx, sak_id, vedtak, parent,
                            focus=AKUTT_FIELD_FOR_RULE.get(d.rule_id))
    if action == "registrer_ettervern":
        return EttervernDialog(ctx, sak_id, None, parent)
    if action == "avslutt_tiltak" and d.gjelder == "tiltak":
        tiltak = _find(case.tiltak, ref)
        return EndTiltakDialog(ctx, tiltak, parent) if tiltak else None
    if action == "registrer_vedtak":
        tiltak = _find(case.tiltak, ref) if d.gjelder == "tiltak" else None
        return VedtakDialog(ctx, sak_id, None, parent, with_tiltak=False,
                            hjemmel=tiltak.lovhjemmel if tiltak else None)
    return None


def open_action(ctx: AppContext, row: DeadlineRow, parent: QWidget | None = None) -> bool:
    """Run the dialog for the deadline's next step; True if something was saved.

    False without a dialog for rules whose action is to open the case ("apne_sak", local
    milestones) or unknown rules: the caller then opens the case.
    """
    dialog = dialog_for_action(ctx, row, parent)
    return False if dialog is None else _run(dialog)
