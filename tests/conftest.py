"""Test setup: Qt runs offscreen, so UI tests drive real widgets without a screen.

UI fixtures: the bokmål translation is installed on pytest-qt's ``qapp`` for the whole session,
QSettings are written to a temporary folder (and cleared before each test), and ``demo_repo``
gives each test its own copy of a small demo municipality.
"""

import os
import shutil
from contextlib import suppress
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEMO_TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session", autouse=True)
def _norwegian_ui(qapp, tmp_path_factory):
    """Install the bokmål translators on the test QApplication; keep QSettings out of $HOME."""
    from PySide6.QtCore import QSettings

    from ui.app import install_translators

    qapp.setOrganizationName("FristvaktTest")
    qapp.setApplicationName("FristvaktTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("qsettings")))
    install_translators(qapp)
    yield


@pytest.fixture(autouse=True)
def _fresh_settings(_norwegian_ui):
    """Each test starts without remembered settings (chosen user, window state, recent files)."""
    from PySide6.QtCore import QSettings

    QSettings().clear()
    yield


@pytest.fixture
def demo_today():
    """The "today" the demo databases are generated for."""
    return DEMO_TODAY


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    """The small demo municipality, generated once per session."""
    from core.demo import generate_municipality
    from storage.records import Caseworker
    from storage.repository import open_repository

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    repo = open_repository(path, "test")
    town = generate_municipality(today=DEMO_TODAY, children_per_year=30, years=2, seed=5)
    repo.import_cases(town.cases, [Caseworker(c.navn, c.team, True, c.er_leder)
                                   for c in town.caseworkers])
    repo.close()
    return path


@pytest.fixture
def demo_repo(tmp_path, _demo_template):
    """An open repository on this test's own copy of the small demo database (file in
    tmp_path; ``demo_repo.db_path()`` gives it). Closed after the test."""
    from storage.repository import open_repository

    path = tmp_path / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        source = _demo_template.with_name(_demo_template.name + suffix)
        if source.exists():
            shutil.copy(source, path.with_name(path.name + suffix))
    repo = open_repository(path, "test")
    yield repo
    with suppress(Exception):  # the test may have closed it already
        repo.close()
