"""Application start: the QApplication, the bokmål translation, the style and the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from ui.style import app_icon, apply_style

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
QM_FILE = I18N_DIR / "fristvakt_nb.qm"
NORWEGIAN = QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway)

_installed: list[QTranslator] = []  # translators must outlive the application's use of them

def install_translators(app: QCoreApplication) -> bool:
    """Make the UI bokmål: Qt's own translation where one exists, then ours (which also holds
    Qt's standard button texts, see ``ui.qt_strings``); QLocale defaults to nb_NO.

    Returns whether our translation was loaded. Safe to call more than once.
    """
    QLocale.setDefault(NORWEGIAN)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    qt = QTranslator(app)
    if qt.load(NORWEGIAN, "qtbase", "_",
               QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    ours = QTranslator(app)
    loaded = ours.load(str(QM_FILE))
    if loaded:
        app.installTranslator(ours)  # installed last: searched first
        _installed.append(ours)
    else:
        log.warning("Fant ikke oversettelsen %s", QM_FILE.name)
    return loaded


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Fristvakt's names, icon, style and translation."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("Fristvakt")
    app.setApplicationName("Fristvakt")
    app.setWindowIcon(app_icon())
    apply_style(app)
    install_translators(app)
    return app


def start_register(given: Path | str | None, recent: list[str], default: Path) -> Path | str:
    """The register to open at start: the one asked for (a file, or a shared register's
    address), else the last one used (a file if it is still there, or an address), else the
    user's own in the data folder."""
    from storage.pg import is_url

    if given is not None:
        return given
    for name in recent:
        if is_url(name):
            return name
        if Path(name).is_file():
            return Path(name)
    return default


def run_app(db_path: Path | str | None) -> int:
    """Start the desktop app on ``db_path`` (a file or a ``postgresql://`` address: then the
    connect dialog, filled in), or on the register used last."""
    from storage.db import default_db_path
    from ui.main_window import MainWindow  # imported here: translators install without it

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_application()
    recent = MainWindow.recent_files_setting()
    window = MainWindow(start_register(db_path, recent, default_db_path()))
    window.show()
    return app.exec()
