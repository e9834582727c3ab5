"""The window fits a small laptop: every page at 1024×600 without clipped or hidden text.

Each visible widget must lie inside the window (content scrolled inside a scroll area excepted),
and every label, button and tab bar must get at least the width its text asks for (word-wrapped
labels: the height their text needs at their width). Table cells may elide; key columns may not.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QTabBar,
    QTabWidget,
    QWidget,
)

from core.model import Plan, PlanType
from ui.deadline_model import COL_HVA
from ui.fit import ElidedLabel, FitComboBox
from ui.main_window import PAGE_FRISTER, PAGE_INNSTILLINGER, PAGE_RAPPORTER, PAGE_SAKER, MainWindow

TODAY = date(2026, 11, 23)
SMALL = (1024, 600)
SLACK = 1  # px of rounding


def open_window(qtbot, path) -> MainWindow:
    window = MainWindow(path, today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    return window


@pytest.fixture
def app_style(qapp):
    """The application's own style (Fusion, palette, font, style sheet) for this test."""
    from ui.style import apply_style

    saved = (qapp.style().name(), qapp.palette(), qapp.font(), qapp.styleSheet())
    apply_style(qapp)
    yield
    name, palette, font, sheet = saved
    qapp.setStyleSheet(sheet)
    qapp.setStyle(name)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.fixture
def window(qtbot, demo_path, app_style) -> MainWindow:
    window = open_window(qtbot, demo_path)
    window.resize(*SMALL)
    settle()
    return window


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport (it may be scrolled out of sight on purpose)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return True
        parent = area
    return False


def _name(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "currentText"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            text = str(getter())
            break
    return f"{type(widget).__name__}({widget.objectName() or text[:40]!r})"


def clipped(window: QWidget) -> list[str]:
    """Every visible widget that is outside the window or too small for its text."""
    problems = []
    frame = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not _scrolled(widget, window) and not frame.contains(rect):
            problems.append(f"{_name(widget)} outside the window: {rect.getRect()}")
        if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            problems.append(f"{_name(widget)} scrolls sideways")
        if isinstance(widget, ElidedLabel):
            continue  # shortens itself with "…" on purpose (the whole text is its tooltip)
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + SLACK:
                    problems.append(f"{_name(widget)} needs height {need}, has "
                                    f"{widget.height()}")
            elif widget.sizeHint().width() > widget.width() + SLACK:
                problems.append(f"{_name(widget)} needs width {widget.sizeHint().width()}, has "
                                f"{widget.width()}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + SLACK:
                problems.append(f"{_name(widget)} needs width {widget.sizeHint().width()}, has "
                                f"{widget.width()}")
        elif isinstance(widget, QTabBar) and widget.count() > 1:
            need = sum(widget.tabSizeHint(i).width() for i in range(widget.count())
                       if widget.isTabVisible(i))
            if need > widget.width():  # one pixel too many already brings scroll arrows
                problems.append(f"{_name(widget)} tabs need width {need}, have "
                                f"{widget.width()}")
        elif isinstance(widget, QComboBox):
            need = (widget.sizeHint() if isinstance(widget, FitComboBox)  # its choice whole
                    else widget.minimumSizeHint())
            if need.width() > widget.width() + SLACK:
                problems.append(f"{_name(widget)} needs width {need.width()}, has "
                                f"{widget.width()}")
    return problems


class Walk:
    """Looks at the window in one state after another; every problem is reported at the end."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.problems: list[str] = []

    def look(self, where: str) -> None:
        settle()
        assert self.window.size().toTuple() == SMALL, where
        self.problems += [f"{where}: {p}" for p in clipped(self.window)]
        for kind, size in (("minimumSizeHint", self.window.minimumSizeHint()),
                           ("minimumSize", self.window.minimumSize())):
            if size.width() > SMALL[0] or size.height() > SMALL[1]:
                self.problems.append(f"{where}: the window's {kind} is {size.toTuple()}")

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def each_tab(tabs: QTabWidget):
    for i in range(tabs.count()):
        if tabs.isTabVisible(i):
            tabs.setCurrentIndex(i)
            settle()
            yield tabs.tabText(i)


# --- the walk ---------------------------------------------------------------------------------


def test_every_page_fits_1024x600(qtbot, window):
    walk = Walk(window)
    window.show_page(PAGE_FRISTER)
    page = window.frister_page
    walk.look("Frister")
    page.view.selectRow(0)
    walk.look("Frister, a deadline selected")
    page.set_explanation_visible(False)
    walk.look("Frister, the explanation folded away")
    page.set_explanation_visible(True)

    window.show_page(PAGE_RAPPORTER)
    report = window.report_page
    qtbot.waitUntil(lambda: report.report is not None and not report.busy, timeout=15000)
    for name in each_tab(report.tabs):
        walk.look(f"Rapporter, {name}")
    report.tabs.setCurrentIndex(0)
    report.set_chart_visible(False)
    walk.look("Rapporter, the chart folded away")
    report.set_chart_visible(True)

    window.show_page(PAGE_INNSTILLINGER)
    for name in each_tab(window.settings_page.tabs):
        walk.look(f"Innstillinger, {name}")

    window.show_page(PAGE_SAKER)
    walk.look("Saker")
    repo = window.ctx.register
    fullest = max(repo.search("", limit=500), key=lambda s: len(repo.case(s.id).besok)
                  + len(repo.case(s.id).tiltak) + len(repo.case(s.id).meldinger))
    window.open_case(fullest.id)
    assert not window.cases_page.list_visible()  # 1024 px: the case gets the whole width
    for name in each_tab(window.cases_page.case_view.tabs):
        walk.look(f"Saker, case, {name}")

    window.show_page(PAGE_FRISTER)
    walk.look("Frister after the other pages")  # the report did not heighten the window
    walk.check()


def test_the_window_opens_inside_a_small_screen(qtbot, demo_path, app_style):
    """The default 1280×800, or a size remembered from a large monitor, is cut down to the
    screen's free area (the offscreen test screen is 800×800)."""
    screen = QApplication.primaryScreen().availableGeometry()

    def inside(window: MainWindow) -> bool:
        frame = window.frameGeometry()
        border = frame.width() - window.width()
        wide = max(screen.width(), window.minimumSizeHint().width() + border)  # its minimum
        return (frame.height() <= screen.height() and frame.width() <= wide
                and frame.top() >= screen.top() and frame.left() >= screen.left())

    window = open_window(qtbot, demo_path)
    assert inside(window), (window.frameGeometry(), screen)
    window.resize(2000, 1600)
    window.move(300, 200)
    window.close()
    again = open_window(qtbot, demo_path)
    assert inside(again), (again.frameGeometry(), screen)


# --- columns, panels and the chart ------------------------------------------------------------


def test_the_what_column_shows_its_text_whole(qtbot, window):
    view = window.frister_page.view
    model = window.frister_page.model
    assert model.rowCount() > 0
    widest = max(view.fontMetrics().horizontalAdvance(model.index(r, COL_HVA).data())
                 for r in range(model.rowCount()))
    assert view.columnWidth(COL_HVA) >= widest + 8
    # the columns together fit the table: no horizontal scrolling at 1024 px
    header = view.horizontalHeader()
    assert header.length() <= view.viewport().width() + SLACK


def test_a_first_row_in_an_empty_section_gets_room_for_its_dates(qtbot, window):
    repo = window.ctx.register
    sak = next(s for s in repo.search("", limit=500) if not repo.case(s.id).planer)
    window.open_case(sak.id)
    view = window.cases_page.case_view
    view.tabs.setCurrentIndex(view.TAB_PLANER)
    settle()
    window.ctx.save(Plan(sak.id, PlanType.TILTAKSPLAN, date(2026, 11, 20)))
    settle()
    table = view.planer.view
    assert view.planer.model.rowCount() == 1
    for col in range(view.planer.model.columnCount() - 1):
        text = view.planer.model.index(0, col).data() or ""
        needed = min(table.fontMetrics().horizontalAdvance(text) + 8, 300)  # long texts elide
        assert table.columnWidth(col) >= needed, (col, text)


def test_the_explanation_panel_and_the_chart_fold_away(qtbot, window):
    page = window.frister_page
    page.view.selectRow(0)
    assert page.explanation_panel.isVisible()
    window.explanation_action.trigger()
    settle()
    assert not page.explanation_panel.isVisible()
    assert page.view.height() > 300
    window.explanation_action.trigger()
    settle()
    assert page.explanation_panel.isVisible()

    window.show_page(PAGE_RAPPORTER)
    report = window.report_page
    qtbot.waitUntil(lambda: report.report is not None and not report.busy, timeout=15000)
    settle()
    assert report.chart_panel.isVisible()
    window.chart_action.trigger()
    settle()
    assert not report.chart_panel.isVisible()
    window.chart_action.trigger()
    settle()
    assert report.chart_panel.isVisible()


def test_chart_labels_are_readable(qtbot, window):
    window.show_page(PAGE_RAPPORTER)
    report = window.report_page
    qtbot.waitUntil(lambda: report.report is not None and not report.busy, timeout=15000)
    settle()
    report.chart_view.grab()  # lays the chart out
    axes = report.chart.axes(Qt.Orientation.Vertical)
    assert axes
    for axis in report.chart.axes():
        assert not axis.labelsTruncated(), axis


def test_an_open_case_gets_the_width_its_sections_need(qtbot, window):
    repo = window.ctx.register
    sak = repo.search("", limit=1)[0]
    cases = window.cases_page
    window.open_case(sak.id)  # e.g. from Frister: at 1024 px the list steps aside
    settle()
    assert not cases.list_visible()
    tabs = cases.case_view.tabs.tabBar()
    assert tabs.width() >= tabs.sizeHint().width()
    cases.case_view.list_button.click()  # the arrow left of the name brings it back
    assert cases.list_visible()
    cases.case_view.list_button.click()
    assert not cases.list_visible()
    window.focus_search()  # Ctrl+F: the list and its search field
    assert cases.list_visible() and cases.search.isVisible()

    window.resize(1600, 900)  # a large screen: the list stays beside the case
    settle()
    cases.set_list_visible(False)
    window.open_case(repo.search("", limit=2)[1].id)
    settle()
    assert cases.list_visible()
    assert tabs.width() >= tabs.sizeHint().width()
