"""«Export to calendar…» on the Frister view: the shown caseworker's open deadlines as an .ics file.

A leder exports what the view's "Show" filter names (a caseworker, a team, or everyone); a
saksbehandler always their own deadlines. The file holds journal numbers and what is due, never
names (``service.calendar_export``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.access import OWN_CASES_ONLY
from service import USER_ERRORS
from service.calendar_export import CalendarExport, default_calendar_name, export_calendar
from ui.context import AppContext
from ui.folders import ask_save_path, export_folder

SETTINGS_FOLDER = "kalender/mappe"


class CalendarExporter(QObject):
    """Asks for a file and writes the calendar; ``who()`` gives (caseworker, team) of the view.
    The last message shown is kept in ``message`` (a window-modal box that does not block)."""

    def __init__(self, ctx: AppContext, who: Callable[[], tuple[str | None, str | None]],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._who = who
        self._parent = parent
        self.dialog: QFileDialog | None = None
        self.message: QMessageBox | None = None

    def scope(self) -> tuple[str | None, str | None]:
        """(caseworker, team) to export: the view's choice for a leder, own for a saksbehandler."""
        if self.ctx.register.role in OWN_CASES_ONLY:
            return self.ctx.register.user.saksbehandler, None
        return self._who()

    def run(self) -> None:
        """Ask where to save (a Qt file dialog, so the keyboard works the same everywhere)."""
        worker, team = self.scope()
        start = export_folder(QSettings().value(SETTINGS_FOLDER, ""))
        path = ask_save_path(self, self._parent, self.tr("Export to calendar"),
                             start / default_calendar_name(worker, team),
                             self.tr("iCalendar file (*.ics)"), "ics")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> CalendarExport | None:
        """Write the calendar to ``path`` and say what was written (or why not)."""
        worker, team = self.scope()
        title = self.tr("Export to calendar")
        try:
            if self.ctx.register.role in OWN_CASES_ONLY:
                result = export_calendar(self.ctx.register, path)
            else:
                result = export_calendar(self.ctx.register, path, saksbehandler=worker,
                                         team=team)
        except USER_ERRORS as error:
            self._say(QMessageBox.Icon.Warning, title, str(error))
            return None
        QSettings().setValue(SETTINGS_FOLDER, str(result.path.parent))
        self._say(QMessageBox.Icon.Information, title,
                  self.tr("%n open deadline(s) written to {path}. Import the file in Outlook "
                          "(File → Open & Export → Import); importing a newer file updates "
                          "the events.", "", result.events).format(path=result.path))
        return result

    def _say(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = self.message = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok,
                                         self._parent)
        box.setObjectName("calendarMessage")
        box.open()
