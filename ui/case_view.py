"""The case view: header, timeline, the case's open deadlines, and a section per kind of record.

Deadlines are read from storage (``repo.case_deadlines``), never computed here. Every section
has "Ny…"/"Endre…" actions (buttons, double-click or Enter) that open the registration dialogs;
after a save the view reloads through ``ctx.data_changed`` and selects what was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.codes import code_list
from core.dates import fmt
from core.deadlines import Deadline
from core.model import CaseFile, Frequency, Melding, Plan, Tiltak, VisitKind
from core.params import PARAMS_BY_KEY
from core.placements import THRESHOLD_PARAM
from core.rules import RULES_BY_ID
from core.visits import visit_summary, visit_window
from service import AccessDenied
from storage.errors import StorageError
from storage.records import DeadlineRow
from ui.case_model import (
    CaseDeadlineModel,
    Column,
    RecordModel,
    TimelineModel,
    age_text,
    identity_text,
    kind_icon,
)
from ui.context import AppContext
from ui.fit import FlowLayout
from ui.forms import action_text, dialog_for_action
from ui.forms.conclude_melding import ConcludeMeldingDialog
from ui.forms.conclude_undersokelse import ConcludeUndersokelseDialog
from ui.forms.end_tiltak import EndTiltakDialog
from ui.forms.ettervern import EttervernDialog
from ui.forms.evaluation import EvaluationDialog
from ui.forms.extend_undersokelse import ExtendUndersokelseDialog
from ui.forms.flytting import FlyttingDialog
from ui.forms.melding import MeldingDialog
from ui.forms.plan import PlanDialog
from ui.forms.sak import SakDialog, sex_label
from ui.forms.tilbakemelding import TilbakemeldingDialog
from ui.forms.tiltak import TiltakDialog
from ui.forms.undersokelse import UndersokelseDialog
from ui.forms.vedtak import VedtakDialog
from ui.forms.visits import VisitDialog
from ui.placement_texts import (
    case_summary,
    destination_text,
    need_text,
    placement_days_text,
    reason_text,
)


def _label(key: str, kode: str | None) -> str:
    return code_list(key).label(kode) if kode else ""


def _frequencies(items: tuple[Frequency, ...]) -> str:
    return ", ".join(f"{f.per_aar}/år fra {fmt(f.startdato)}" for f in items)


def make_table(parent: QWidget) -> QTableView:
    """A read-only, row-selecting table in the house style of the case view."""
    view = QTableView(parent)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setIconSize(QSize(16, 16))
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def fit_table_columns(view: QTableView, *, widest: int = 300, grow_only: bool = False) -> None:
    """Size every column but the last to its header and texts (plus a margin), at most
    ``widest`` px; with ``grow_only`` a column is only ever widened."""
    model = view.model()
    header = view.horizontalHeader()
    for col in range(model.columnCount() - 1):
        needed = max(view.sizeHintForColumn(col), header.sectionSizeHint(col)) + 12
        needed = min(needed, widest)
        if needed > header.sectionSize(col) or (not grow_only and
                                                needed != header.sectionSize(col)):
            header.resizeSection(col, needed)


class Section(QWidget):
    """One kind of record: a table and its actions. Double-click/Enter runs the default action."""

    activated = Signal()

    def __init__(self, model: RecordModel, parent: QWidget | None = None, *,
                 title: str = "") -> None:
        super().__init__(parent)
        self.model = model
        self.view = make_table(self)
        self.view.setModel(model)
        self.empty = QLabel(self)
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        self.empty.hide()  # shown when the section has no rows and something to say about it
        self.bar = FlowLayout(spacing=6, line_spacing=4)  # wraps in a narrow window
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        if title:
            heading = QLabel(title, self)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            layout.addWidget(heading)
        layout.addLayout(self.bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self._needs_selection: list[QPushButton] = []
        self._default: Callable[[], None] | None = None
        self.view.doubleClicked.connect(lambda _i: self._run_default())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view, self._run_default)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        model.modelReset.connect(self._model_reset)

    def add_action(self, text: str, callback: Callable[[], None], *,
                   needs_selection: bool = False, default: bool = False) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(callback)
        self.bar.addWidget(button)
        if needs_selection:
            self._needs_selection.append(button)
        if default:
            self._default = callback
        self._update_buttons()
        return button

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)
        self._model_reset()

    def _run_default(self) -> None:
        if self._default is not None and self.current() is not None:
            self._default()

    def _model_reset(self) -> None:
        self.empty.setVisible(self.model.rowCount() == 0 and bool(self.empty.text()))
        self._update_buttons()
        if self.model.rowCount():
            self.fit_columns(grow_only=True)  # e.g. the first row of a section that was empty

    def _update_buttons(self) -> None:
        selected = self.current() is not None
        for button in self._needs_selection:
            button.setEnabled(selected)

    def current(self) -> Any:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.item(index.row())

    def select_id(self, item_id: int | None) -> bool:
        row = self.model.row_of(item_id) if item_id is not None else -1
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.selectRow(row)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def fit_columns(self, grow_only: bool = False) -> None:
        """Size the columns (all but the last, which stretches) to their texts, at most 300 px;
        ``grow_only`` keeps a column that is already wide enough (the user may have widened
        it)."""
        fit_table_columns(self.view, grow_only=grow_only)


class CaseView(QWidget):
    """Everything about one case; ``load(sak_id)`` shows it, ``focus_item`` selects a record."""

    case_loaded = Signal(int)

    TAB_OVERVIEW, TAB_MELDINGER, TAB_UNDERSOKELSER, TAB_VEDTAK, TAB_PLANER, TAB_BESOK, \
        TAB_ETTERVERN = range(7)
    TAB_FLYTTINGER = 7

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case: CaseFile | None = None
        self.deadlines: list[Deadline] = []
        self._build_header()
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(10)
        layout.addLayout(self.header)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.tabs, 1)
        ctx.data_changed.connect(self.reload)

    # --- building -----------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.name = QLabel(self)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.facts = QLabel(self)
        self.work = QLabel(self)
        self.work.setProperty("role", "muted")
        for label in (self.name, self.facts, self.work):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)  # a narrow window wraps instead of pushing the list away
            label.setMinimumWidth(120)
        # Shows or folds away the case list beside the case (a narrow window gives the case
        # the whole width); the Saker page wires it.
        self.list_button = QToolButton(self)
        self.list_button.setAutoRaise(True)
        self.list_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.set_list_shown(True)
        self.new_melding_button = QPushButton(self.tr("New me&lding…"), self)
        self.new_melding_button.clicked.connect(self.new_melding)
        self.edit_case_button = QPushButton(self.tr("Edit &case…"), self)
        self.edit_case_button.clicked.connect(self.edit_case)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name)
        text.addWidget(self.facts)
        text.addWidget(self.work)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.new_melding_button)
        buttons.addWidget(self.edit_case_button)
        self.header = QHBoxLayout()
        self.header.addWidget(self.list_button, 0, Qt.AlignmentFlag.AlignTop)
        self.header.addLayout(text, 1)
        self.header.addLayout(buttons)
        self.header.setAlignment(buttons, Qt.AlignmentFlag.AlignTop)

    def set_list_shown(self, shown: bool) -> None:
        """Point the list button the right way: ◀ folds the case list away, ▶ brings it back."""
        self.list_button.setArrowType(Qt.ArrowType.LeftArrow if shown
                                      else Qt.ArrowType.RightArrow)
        text = (self.tr("Hide the case list (the case gets the whole width)") if shown
                else self.tr("Show the case list (Ctrl+F searches)"))
        self.list_button.setToolTip(text)
        self.list_button.setAccessibleName(text)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_overview(), self.tr("Overview"))

        self.meldinger = Section(RecordModel([
            Column(self.tr("Received"), lambda m: fmt(m.mottatt)),
            Column(self.tr("Reporter"), lambda m: _coded("melder", m)),
            Column(self.tr("Content"), lambda m: _coded("saksinnhold", m)),
            Column(self.tr("Conclusion"), lambda m: _label("melding_konklusjon",
                                                           m.konklusjon_kode)),
            Column(self.tr("Concluded"), lambda m: fmt(m.konklusjon_dato)),
            Column(self.tr("Feedback"), self._feedback_text),
        ], self, icon=lambda _m: kind_icon("melding")), self)
        s = self.meldinger
        s.add_action(self.tr("&New melding…"), self.new_melding)
        s.add_action(self.tr("&Edit…"), self.edit_melding, needs_selection=True, default=True)
        s.add_action(self.tr("Con&clude…"), self.conclude_melding, needs_selection=True)
        s.add_action(self.tr("&Feedback sent…"), self.tilbakemelding, needs_selection=True)
        self.tabs.addTab(s, self.tr("Meldinger"))

        self.undersokelser = Section(RecordModel([
            Column(self.tr("Started"), lambda u: fmt(u.startdato)),
            Column(self.tr("Melding received"), self._melding_received),
            Column(self.tr("Extended"), lambda u: fmt(u.utvidet_dato)),
            Column(self.tr("Reason"), lambda u: u.utvidet_grunn),
            Column(self.tr("Conclusion"), lambda u: _label("undersokelse_konklusjon",
                                                           u.konklusjon_kode)),
            Column(self.tr("Concluded"), lambda u: fmt(u.konklusjon_dato)),
            Column(self.tr("Grounds"), lambda u: ", ".join(_label("saksinnhold", v.kode)
                                                           for v in u.vedtaksgrunnlag)),
        ], self, icon=lambda _u: kind_icon("undersokelse"),
            muted=lambda u: u.konklusjon_dato is not None), self)
        s = self.undersokelser
        s.add_action(self.tr("&New…"), self.new_undersokelse)
        s.add_action(self.tr("&Edit…"), self.edit_undersokelse, needs_selection=True,
                     default=True)
        s.add_action(self.tr("E&xtend…"), self.extend_undersokelse, needs_selection=True)
        s.add_action(self.tr("Con&clude…"), self.conclude_undersokelse, needs_selection=True)
        self.tabs.addTab(s, self.tr("Undersøkelser"))

        self.vedtak = Section(RecordModel([
            Column(self.tr("Date"), lambda v: fmt(v.dato)),
            Column(self.tr("Legal basis"), lambda v: str(v.lovhjemmel)),
            Column(self.tr("Status"), lambda v: _label("vedtak_status", v.status_kode)),
            Column(self.tr("Akuttvedtak"), self._akutt_text),
            Column(self.tr("Foster home needed"),
                   lambda v: need_text(v, self.case, self.ctx.today()) if self.case else ""),
        ], self, icon=lambda v: kind_icon("akutt" if v.akutt else "vedtak")), self,
            title=self.tr("Vedtak"))
        s = self.vedtak
        s.add_action(self.tr("&New vedtak…"), self.new_vedtak)
        s.add_action(self.tr("&Edit vedtak…"), self.edit_vedtak, needs_selection=True,
                     default=True)
        self.tiltak = Section(RecordModel([
            Column(self.tr("Category"), self._tiltak_text),
            Column(self.tr("Start"), lambda t: fmt(t.startdato)),
            Column(self.tr("End"), lambda t: fmt(t.sluttdato)),
            Column(self.tr("Legal basis"), lambda t: str(t.lovhjemmel)),
            Column(self.tr("Reason ended"), lambda t: _label("opphevelse", t.opphevelse_kode)),
            Column(self.tr("Visits per year"), self._visit_frequency),
            Column(self.tr("Visits last 12 months"), self._visits_done),
            Column(self.tr("Days in temporary placement"),
                   lambda t: placement_days_text(t, self.ctx.today(), self._threshold)),
        ], self, icon=lambda _t: kind_icon("tiltak"),
            muted=lambda t: t.sluttdato is not None), self, title=self.tr("Tiltak"))
        s = self.tiltak
        s.add_action(self.tr("New &tiltak…"), self.new_tiltak)
        s.add_action(self.tr("Ed&it tiltak…"), self.edit_tiltak, needs_selection=True,
                     default=True)
        s.add_action(self.tr("End tilta&k…"), self.end_tiltak, needs_selection=True)
        self.visit_from_tiltak = s.add_action(self.tr("Register &visits…"),
                                              self.visits_for_tiltak, needs_selection=True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.vedtak)
        splitter.addWidget(self.tiltak)
        splitter.setChildrenCollapsible(False)
        self.tabs.addTab(splitter, self.tr("Vedtak and tiltak"))

        self.planer = Section(RecordModel([
            Column(self.tr("Plan type"), lambda p: _label("plantype", p.plantype)),
            Column(self.tr("Start"), lambda p: fmt(p.startdato)),
            Column(self.tr("End"), lambda p: fmt(p.sluttdato)),
            Column(self.tr("Last evaluated"), lambda p: fmt(max(p.evalueringer, default=None))),
            Column(self.tr("Evaluations"), lambda p: str(len(p.evalueringer))),
            Column(self.tr("Interval"), self._interval_text),
        ], self, icon=lambda _p: kind_icon("plan"), muted=lambda p: p.sluttdato is not None),
            self)
        s = self.planer
        s.add_action(self.tr("&New plan…"), self.new_plan)
        s.add_action(self.tr("&Edit…"), self.edit_plan, needs_selection=True, default=True)
        s.add_action(self.tr("&Register evaluation…"), self.evaluate_plan, needs_selection=True)
        self.tabs.addTab(s, self.tr("Planer"))

        self.besok = Section(RecordModel([
            Column(self.tr("Date"), lambda b: fmt(b.dato)),
            Column(self.tr("Kind"), lambda b: b.kind.label),
            Column(self.tr("Tiltak"), self._visit_tiltak),
        ], self, icon=lambda _b: kind_icon("besok")), self)
        s = self.besok
        self.new_visits_button = s.add_action(self.tr("&Register visits…"), self.new_visits)
        s.add_action(self.tr("&Edit…"), self.edit_visit, needs_selection=True, default=True)
        self.tabs.addTab(s, self.tr("Besøk"))

        self.ettervern = Section(RecordModel([
            Column(self.tr("Offer sent"), lambda e: fmt(e.tilbud_sendt)),
            Column(self.tr("Conclusion"), lambda e: _label("ettervern_konklusjon",
                                                           e.konklusjon_kode)),
            Column(self.tr("Concluded"), lambda e: fmt(e.konklusjon_dato)),
        ], self, icon=lambda _e: kind_icon("ettervern")), self)
        s = self.ettervern
        s.add_action(self.tr("&New…"), self.new_ettervern)
        s.add_action(self.tr("&Edit…"), self.edit_ettervern, needs_selection=True, default=True)
        self.tabs.addTab(s, self.tr("Ettervern"))

        self._threshold = int(PARAMS_BY_KEY[THRESHOLD_PARAM].default)
        self.flyttinger = Section(RecordModel([
            Column(self.tr("Moved on"), lambda f: fmt(f.dato)),
            Column(self.tr("Reason for moving"), reason_text),
            Column(self.tr("Moved to"), destination_text),
        ], self, icon=lambda _f: kind_icon("flytting")), self)
        s = self.flyttinger
        s.add_action(self.tr("&Register move…"), self.new_flytting)
        s.add_action(self.tr("&Edit…"), self.edit_flytting, needs_selection=True, default=True)
        self.tabs.addTab(s, self.tr("Moves"))

        self.sections = {"melding": (self.TAB_MELDINGER, self.meldinger),
                         "undersokelse": (self.TAB_UNDERSOKELSER, self.undersokelser),
                         "vedtak": (self.TAB_VEDTAK, self.vedtak),
                         "tiltak": (self.TAB_VEDTAK, self.tiltak),
                         "plan": (self.TAB_PLANER, self.planer),
                         "besok": (self.TAB_BESOK, self.besok),
                         "ettervern": (self.TAB_ETTERVERN, self.ettervern),
                         "flytting": (self.TAB_FLYTTINGER, self.flyttinger)}
        self.meldinger.set_empty_text(self.tr("No meldinger registered."))
        self.undersokelser.set_empty_text(self.tr("No undersøkelser. An undersøkelse starts when "
                                                  "a melding is concluded with code 2."))
        self.planer.set_empty_text(self.tr("No plans registered."))
        self.besok.set_empty_text(self.tr("No visits registered."))
        self.ettervern.set_empty_text(self.tr("No ettervern registered."))
        self.flyttinger.set_empty_text(self.tr("No moves registered."))

    def _build_overview(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Vertical, self)
        page.setChildrenCollapsible(False)
        top = QWidget(page)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 8, 0, 0)
        top_layout.setSpacing(6)
        bar = QHBoxLayout()
        self.deadlines_title = QLabel(self.tr("Open deadlines"), top)
        font = self.deadlines_title.font()
        font.setBold(True)
        self.deadlines_title.setFont(font)
        self.show_met = QCheckBox(self.tr("Show &met deadlines too"), top)
        self.show_met.toggled.connect(lambda _on: self._fill_deadlines())
        self.action_button = QPushButton(self.tr("Next step…"), top)
        self.action_button.setAutoDefault(False)
        self.action_button.clicked.connect(self.run_deadline_action)
        bar.addWidget(self.deadlines_title)
        bar.addStretch(1)
        bar.addWidget(self.show_met)
        bar.addWidget(self.action_button)
        self.deadline_model = CaseDeadlineModel(self.ctx.today, self)
        self.deadline_view = make_table(top)
        self.deadline_view.setModel(self.deadline_model)
        self.deadline_view.doubleClicked.connect(lambda _i: self.run_deadline_action())
        self.deadline_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_action_button())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.deadline_view,
                                 self.run_deadline_action)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.no_deadlines = QLabel(self.tr("No open deadlines in this case."), top)
        self.no_deadlines.setProperty("role", "muted")
        top_layout.addLayout(bar)
        top_layout.addWidget(self.deadline_view, 1)
        top_layout.addWidget(self.no_deadlines)

        bottom = QWidget(page)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 8, 0, 0)
        bottom_layout.setSpacing(6)
        title = QLabel(self.tr("Timeline"), bottom)
        title.setFont(font)
        self.timeline_model = TimelineModel(self)
        self.timeline_view = make_table(bottom)
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.doubleClicked.connect(self._timeline_activated)
        bottom_layout.addWidget(title)
        bottom_layout.addWidget(self.timeline_view, 1)
        page.addWidget(top)
        page.addWidget(bottom)
        page.setStretchFactor(0, 2)
        page.setStretchFactor(1, 3)
        return page

    # --- column texts -------------------------------------------------------------------------

    def _feedback_text(self, m: Melding) -> str:
        """The feedback date; «unknown (imported)» for an imported melding without one."""
        if m.tilbakemelding_dato is None and m.tilbakemelding_ukjent:
            return self.tr("unknown (imported)")
        return fmt(m.tilbakemelding_dato)

    def _melding_received(self, u) -> str:
        m = self.case.melding(u.melding_id) if self.case else None
        return fmt(m.mottatt) if m else ""

    def _akutt_text(self, v) -> str:
        a = v.akutt
        if a is None:
            return ""
        text = f"{a.type} {fmt(a.tidspunkt.date())} kl. {a.tidspunkt:%H:%M}"
        if a.sendt_nemnd:
            text += self.tr("; sent to the board %1").replace(
                "%1", f"{fmt(a.sendt_nemnd.date())} {a.sendt_nemnd:%H:%M}")
        if a.begjaering_sendt:
            text += self.tr("; petition %1").replace("%1", fmt(a.begjaering_sendt))
        return text

    def _tiltak_text(self, t: Tiltak) -> str:
        text = _label("tiltak_kategori", t.kategori_kode)
        return f"{text} – {t.presisering}" if t.presisering else text

    def _visit_frequency(self, t: Tiltak) -> str:
        if not t.er_fosterhjem:
            return ""
        parts = []
        if t.oppfolging_hyppighet:
            parts.append(self.tr("follow-up %1").replace(
                "%1", _frequencies(t.oppfolging_hyppighet)))
        if t.tilsyn_hyppighet:
            parts.append(self.tr("supervision %1").replace(
                "%1", _frequencies(t.tilsyn_hyppighet)))
        return "; ".join(parts) or self.tr("standard (4)")

    def _visits_done(self, t: Tiltak) -> str:
        """«x av n» per kind over the 12 months up to today (or the tiltak's end), owed as the
        report counts it (``core.visits``: pro-rated in months)."""
        if not t.er_fosterhjem or self.case is None:
            return ""
        today = self.ctx.today()
        last = min(today, t.sluttdato) if t.sluttdato else today
        if last < t.startdato:
            return ""
        start, end = visit_window(last, last)
        parts = []
        for kind, text in ((VisitKind.OPPFOLGING, self.tr("follow-up %1 of %2")),
                           (VisitKind.TILSYN, self.tr("supervision %1 of %2"))):
            s = visit_summary(self.case, t, kind, start, end)
            parts.append(text.replace("%1", str(s.done)).replace("%2", str(s.required)))
        return "; ".join(parts)

    def _interval_text(self, p: Plan) -> str:
        if p.evalueringsintervall_mnd:
            months = p.evalueringsintervall_mnd
            return self.tr("1 month") if months == 1 else self.tr("%1 months").replace(
                "%1", str(months))
        return self.tr("standard")

    def _visit_tiltak(self, b) -> str:
        t = next((t for t in self.case.tiltak if t.id == b.tiltak_id), None) if self.case else None
        return self._tiltak_text(t) if t else ""

    # --- loading ------------------------------------------------------------------------------

    @property
    def sak_id(self) -> int | None:
        return self.case.sak.id if self.case else None

    def load(self, sak_id: int) -> bool:
        """Show a case; False (and the view cleared) if it cannot be read."""
        try:
            case = self.ctx.register.case(sak_id)
            deadlines = self.ctx.register.case_deadlines(sak_id)
        except AccessDenied:
            self.clear()
            raise  # the refusal says why (and is logged); the caller shows it
        except StorageError:
            self.clear()
            return False
        first = self.case is None or self.case.sak.id != sak_id
        selected = {} if first else self._selected_ids()
        self.case, self.deadlines = case, deadlines
        self._fill()
        for kind, item_id in selected.items():
            self.sections[kind][1].select_id(item_id)
        if first:
            self.tabs.setCurrentIndex(self.TAB_OVERVIEW)
            for _tab, section in self.sections.values():
                section.fit_columns()
            self.timeline_view.resizeColumnToContents(0)
            self.timeline_view.scrollToBottom()
            self.case_loaded.emit(sak_id)
        return True

    def reload(self) -> None:
        if self.case is not None and self.case.sak.id is not None:
            self.load(self.case.sak.id)  # clears the view if the case is gone

    def clear(self) -> None:
        self.case, self.deadlines = None, []
        self._fill()

    def _selected_ids(self) -> dict[str, int]:
        result = {}
        for kind, (_tab, section) in self.sections.items():
            item = section.current()
            if item is not None and getattr(item, "id", None) is not None:
                result[kind] = item.id
        return result

    def _fill(self) -> None:
        case = self.case
        if case is not None:
            self._threshold = self.ctx.register.params().int(THRESHOLD_PARAM)
        self._fill_header()
        self.meldinger.model.set_items(sorted(case.meldinger, key=lambda m: m.mottatt,
                                              reverse=True) if case else [])
        self.undersokelser.model.set_items(sorted(case.undersokelser, key=lambda u: u.startdato,
                                                  reverse=True) if case else [])
        self.vedtak.model.set_items(sorted(case.vedtak, key=lambda v: v.dato, reverse=True)
                                    if case else [])
        self.tiltak.model.set_items(sorted(case.tiltak, key=lambda t: t.startdato, reverse=True)
                                    if case else [])
        self.planer.model.set_items(sorted(case.planer, key=lambda p: p.startdato, reverse=True)
                                    if case else [])
        self.besok.model.set_items(sorted(case.besok, key=lambda b: b.dato, reverse=True)
                                   if case else [])
        self.ettervern.model.set_items(sorted(case.ettervern, key=lambda e: e.tilbud_sendt,
                                              reverse=True) if case else [])
        self.flyttinger.model.set_items(sorted(case.flyttinger, key=lambda f: f.dato,
                                               reverse=True) if case else [])
        self.timeline_model.set_case(case)
        self._fill_deadlines()
        counts = {self.TAB_MELDINGER: (self.tr("Meldinger"), len(case.meldinger) if case else 0),
                  self.TAB_UNDERSOKELSER: (self.tr("Undersøkelser"),
                                           len(case.undersokelser) if case else 0),
                  self.TAB_VEDTAK: (self.tr("Vedtak and tiltak"),
                                    (len(case.vedtak) + len(case.tiltak)) if case else 0),
                  self.TAB_PLANER: (self.tr("Planer"), len(case.planer) if case else 0),
                  self.TAB_BESOK: (self.tr("Besøk"), len(case.besok) if case else 0),
                  self.TAB_ETTERVERN: (self.tr("Ettervern"), len(case.ettervern) if case else 0),
                  self.TAB_FLYTTINGER: (self.tr("Moves"), len(case.flyttinger) if case else 0)}
        for tab, (title, n) in counts.items():
            self.tabs.setTabText(tab, f"{title} ({n})" if n else title)
        has_foster = bool(case and any(t.er_fosterhjem for t in case.tiltak))
        self.new_visits_button.setEnabled(has_foster)
        self.new_visits_button.setToolTip("" if has_foster else self.tr(
            "Visits are registered for foster-home tiltak; the case has none."))
        self.setEnabled(case is not None)

    def _fill_header(self) -> None:
        case = self.case
        if case is None:
            for label in (self.name, self.facts, self.work):
                label.setText("")
            return
        sak = case.sak
        today = self.ctx.today()
        self.name.setText(sak.navn)
        age = age_text(sak.fodselsdato, today)
        parts = [self.tr("%1 years").replace("%1", age) if age.isdigit() else age,
                 self.tr("born %1").replace("%1", fmt(sak.fodselsdato)) if sak.fodselsdato
                 else self.tr("birth date not known")]
        if sak.kjonn:
            parts.append(sex_label(sak.kjonn))
        parts.append(identity_text(sak))
        work = [self.tr("Journal no. %1").replace("%1", sak.journalnummer),
                self.tr("Caseworker: %1").replace("%1", sak.saksbehandler)]
        if sak.team:
            work.append(self.tr("Team: %1").replace("%1", sak.team))
        if sak.sluttdato:
            work.append(self.tr("Closed %1").replace("%1", fmt(sak.sluttdato)))
        work += case_summary(case, today, self._threshold)
        self.name.setToolTip(self.tr("Case started %1").replace("%1", fmt(sak.startdato)))
        self.facts.setText("  ·  ".join(parts))
        self.work.setText("  ·  ".join(work))

    def _fill_deadlines(self) -> None:
        self.deadline_model.set_deadlines(self.deadlines, only_open=not self.show_met.isChecked())
        n_open = sum(1 for d in self.deadlines if d.status(self.ctx.today()).is_open)
        self.deadlines_title.setText(self.tr("Open deadlines (%1)").replace("%1", str(n_open)))
        empty = self.deadline_model.rowCount() == 0
        self.no_deadlines.setVisible(empty and self.case is not None)
        self.deadline_view.setVisible(not empty)
        if not empty:
            fit_table_columns(self.deadline_view, widest=320)
        self._update_action_button()

    # --- focus --------------------------------------------------------------------------------

    def focus_item(self, gjelder: str, item_id: int | None) -> bool:
        """Show the section of ``gjelder`` ("melding", "tiltak", …) and select the item."""
        if gjelder == "sak" or gjelder not in self.sections:
            self.tabs.setCurrentIndex(self.TAB_OVERVIEW)
            return gjelder == "sak"
        tab, section = self.sections[gjelder]
        self.tabs.setCurrentIndex(tab)
        found = section.select_id(item_id)
        section.view.setFocus()
        return found

    def _timeline_activated(self, index) -> None:
        event = self.timeline_model.event_at(index.row())
        if event is not None:
            self.focus_item(*event.ref)

    # --- deadlines ----------------------------------------------------------------------------

    def current_deadline(self) -> Deadline | None:
        index = self.deadline_view.currentIndex()
        if not index.isValid():
            return None
        return self.deadline_model.deadline(index.row())

    def _update_action_button(self) -> None:
        d = self.current_deadline()
        text = action_text(d.rule_id) if d and d.status(self.ctx.today()).is_open else None
        self.action_button.setText(text or self.tr("Next step…"))
        self.action_button.setEnabled(text is not None)

    def deadline_row(self, d: Deadline) -> DeadlineRow:
        sak = self.case.sak  # type: ignore[union-attr]
        today = self.ctx.today()
        return DeadlineRow(d, sak.navn, sak.journalnummer, sak.saksbehandler, sak.team,
                           d.status(today), d.days_left(today))

    def run_deadline_action(self) -> None:
        """The natural next step for the selected deadline (or show the item it concerns)."""
        d = self.current_deadline()
        if d is None or self.case is None:
            return
        dialog = None
        if d.status(self.ctx.today()).is_open and d.rule_id in RULES_BY_ID:
            try:
                dialog = dialog_for_action(self.ctx, self.deadline_row(d), self)
            except (StorageError, ValueError, LookupError) as error:
                QMessageBox.warning(self, self.tr("Fristvakt"), str(error))
                return
        if dialog is None:
            self.focus_item(d.gjelder, d.gjelder_id)
            return
        self._run(dialog, d.gjelder if d.gjelder != "sak" else "ettervern")

    # --- actions ------------------------------------------------------------------------------

    def _open(self, make: Callable[[], QDialog], kind: str | None = None) -> bool:
        """Build a dialog and run it; a case that cannot be read gives a message, not a crash.
        A case someone else saved since it was shown is said (``StaleCase``) and shown anew
        first: a dialog must not start from what the view showed before."""
        try:
            if self.case is not None and self.case.sak.id is not None:
                self.ctx.register.require_current(self.case.sak.id, self.case.versjon)
            dialog = make()
        except (StorageError, ValueError, LookupError) as error:
            QMessageBox.warning(self, self.tr("Fristvakt"), str(error))
            self.reload()
            return False
        return self._run(dialog, kind)

    def _run(self, dialog: QDialog, kind: str | None = None) -> bool:
        """Run a dialog; after a save, select what was saved."""
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted and kind:
            saved = getattr(dialog, "saved", [])
            target = next((o for o in saved if _kind_of(o) == kind), None)
            target = target or (saved[0] if saved else None)
            if target is not None and _kind_of(target) in self.sections:
                self.focus_item(_kind_of(target), target.id)
        dialog.deleteLater()
        return accepted

    def new_melding(self) -> None:
        if self.case is not None:
            self._open(lambda: MeldingDialog(self.ctx, self, sak_id=self.sak_id), "melding")

    def edit_case(self) -> None:
        if self.case is not None:
            self._open(lambda: SakDialog(self.ctx, self.case.sak, self))

    def edit_melding(self) -> None:
        m = self.meldinger.current()
        if m is not None:
            self._open(lambda: MeldingDialog(self.ctx, self, melding=m), "melding")

    def conclude_melding(self) -> None:
        m: Melding | None = self.meldinger.current()
        if m is not None:
            self._open(lambda: ConcludeMeldingDialog(self.ctx, m, self), "melding")

    def tilbakemelding(self) -> None:
        m = self.meldinger.current()
        if m is not None:
            self._open(lambda: TilbakemeldingDialog(self.ctx, m, self), "melding")

    def new_undersokelse(self) -> None:
        if self.case is not None:
            m = self.meldinger.current()
            self._open(lambda: UndersokelseDialog(self.ctx, self.sak_id, None, self,
                                         melding_id=m.id if m else None), "undersokelse")

    def edit_undersokelse(self) -> None:
        u = self.undersokelser.current()
        if u is not None:
            self._open(lambda: UndersokelseDialog(self.ctx, u.sak_id, u, self), "undersokelse")

    def extend_undersokelse(self) -> None:
        u = self.undersokelser.current()
        if u is not None:
            self._open(lambda: ExtendUndersokelseDialog(self.ctx, u, self), "undersokelse")

    def conclude_undersokelse(self) -> None:
        u = self.undersokelser.current()
        if u is not None:
            self._open(lambda: ConcludeUndersokelseDialog(self.ctx, u, self), "undersokelse")

    def new_vedtak(self) -> None:
        if self.case is not None:
            self._open(lambda: VedtakDialog(self.ctx, self.sak_id, None, self), "vedtak")

    def edit_vedtak(self) -> None:
        v = self.vedtak.current()
        if v is not None:
            self._open(lambda: VedtakDialog(self.ctx, v.sak_id, v, self), "vedtak")

    def new_tiltak(self) -> None:
        if self.case is not None:
            self._open(lambda: TiltakDialog(self.ctx, self.sak_id, None, self), "tiltak")

    def edit_tiltak(self) -> None:
        t = self.tiltak.current()
        if t is not None:
            self._open(lambda: TiltakDialog(self.ctx, t.sak_id, t, self), "tiltak")

    def end_tiltak(self) -> None:
        t = self.tiltak.current()
        if t is not None:
            self._open(lambda: EndTiltakDialog(self.ctx, t, self), "tiltak")

    def visits_for_tiltak(self) -> None:
        t = self.tiltak.current()
        if t is not None and t.er_fosterhjem:
            self._open(lambda: VisitDialog(self.ctx, t.sak_id, self, tiltak_id=t.id), "besok")
        elif t is not None:
            self.tiltak.empty.setText(self.tr("Visits are registered for foster-home tiltak "
                                              "only."))
            self.tiltak.empty.show()

    def new_plan(self) -> None:
        if self.case is not None:
            self._open(lambda: PlanDialog(self.ctx, self.sak_id, None, self), "plan")

    def edit_plan(self) -> None:
        p = self.planer.current()
        if p is not None:
            self._open(lambda: PlanDialog(self.ctx, p.sak_id, p, self), "plan")

    def evaluate_plan(self) -> None:
        p = self.planer.current()
        if p is not None:
            self._open(lambda: EvaluationDialog(self.ctx, p, self), "plan")

    def new_visits(self) -> None:
        if self.case is not None:
            self._open(lambda: VisitDialog(self.ctx, self.sak_id, self), "besok")

    def edit_visit(self) -> None:
        b = self.besok.current()
        if b is not None and self.case is not None:
            self._open(lambda: VisitDialog(self.ctx, self.sak_id, self, besok=b), "besok")

    def new_ettervern(self) -> None:
        if self.case is not None:
            self._open(lambda: EttervernDialog(self.ctx, self.sak_id, None, self), "ettervern")

    def edit_ettervern(self) -> None:
        e = self.ettervern.current()
        if e is not None:
            self._open(lambda: EttervernDialog(self.ctx, e.sak_id, e, self), "ettervern")


    def new_flytting(self) -> None:
        if self.case is not None:
            self._open(lambda: FlyttingDialog(self.ctx, self.sak_id, None, self), "flytting")

    def edit_flytting(self) -> None:
        f = self.flyttinger.current()
        if f is not None:
            self._open(lambda: FlyttingDialog(self.ctx, f.sak_id, f, self), "flytting")


def _coded(key: str, m: Melding) -> str:
    values = m.melder if key == "melder" else m.saksinnhold
    return ", ".join(_label(key, v.kode) for v in values)


def _kind_of(obj: object) -> str:
    return {"Melding": "melding", "Undersokelse": "undersokelse", "Vedtak": "vedtak",
            "Tiltak": "tiltak", "Plan": "plan", "Besok": "besok",
            "Ettervern": "ettervern", "Flytting": "flytting",
            "Sak": "sak"}.get(type(obj).__name__, "")

