"""Keyboard helpers of the main window: tables that Tab leaves, and switching tabs by key.

* ``untrap_tables(root)`` – Tab and Shift+Tab move to the next field instead of walking the cells
  of every table under ``root`` (arrows, PgUp/PgDn and Home/End still move within a table).
* ``tabs_for(page)`` – the tab widget that Ctrl+Tab / Ctrl+PgDn should switch on a page: the one
  holding the keyboard focus, else the innermost visible one (a case's sections on Saker).
* ``step_tab(tabs, step)`` – the next (``+1``) or previous (``-1``) visible, enabled tab, around
  the end, with the focus moved into it (the first table of the tab, on its first row).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView, QTabWidget, QWidget


def untrap_tables(root: QWidget) -> None:
    """Tab leaves every table under ``root`` (QTableView/QTableWidget walk cells by default)."""
    tables = [root] if isinstance(root, QTableView) else []
    for table in [*tables, *root.findChildren(QTableView)]:
        table.setTabKeyNavigation(False)


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and widget.width() > 0 \
        and widget.height() > 0


def tabs_for(page: QWidget | None) -> QTabWidget | None:
    """The tab widget on ``page`` that the tab keys act on, or None."""
    if page is None:
        return None
    focus = QApplication.focusWidget()
    widget = focus
    while widget is not None and widget is not page:
        if isinstance(widget, QTabWidget) and _shown(widget) and widget.count() > 1:
            return widget
        widget = widget.parentWidget()
    candidates = [t for t in page.findChildren(QTabWidget) if _shown(t) and t.count() > 1]
    if isinstance(page, QTabWidget) and _shown(page) and page.count() > 1:
        candidates.insert(0, page)
    if not candidates:
        return None
    # the innermost one: a case's sections rather than a page around them

    def depth(w: QWidget) -> int:
        n = 0
        while w is not None and w is not page:
            w, n = w.parentWidget(), n + 1
        return n

    return max(candidates, key=depth)


def step_tab(tabs: QTabWidget, step: int) -> bool:
    """Show the next (``step`` 1) or previous (-1) visible, enabled tab, wrapping around; the
    focus goes to the first table (or else the tab bar) of the tab shown."""
    count = tabs.count()
    index = tabs.currentIndex()
    for _ in range(count):
        index = (index + step) % count
        if tabs.isTabVisible(index) and tabs.isTabEnabled(index):
            break
    else:
        return False
    if index == tabs.currentIndex():
        return False
    tabs.setCurrentIndex(index)
    page = tabs.widget(index)
    target: QWidget = tabs.tabBar()
    for view in page.findChildren(QAbstractItemView):
        if view.isVisible() and view.focusPolicy() & Qt.FocusPolicy.TabFocus:
            target = view
            model, selection = view.model(), view.selectionModel()
            if isinstance(view, QTableView) and model is not None and model.rowCount() \
                    and selection is not None and not selection.hasSelection():
                view.selectRow(0)  # on the first record, ready for its actions
            break
    target.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return True
