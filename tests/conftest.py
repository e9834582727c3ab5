"""Test setup: Qt runs offscreen, so UI tests drive real widgets without a screen.

The user data folder (registers, backups) is a temporary folder, never the tester's home, and
argon2id runs at its lowest cost so that signing in takes milliseconds (slots record their cost,
so registers made here still open with the real cost settings).

UI fixtures: the bokmål translation is installed on pytest-qt's ``qapp`` for the whole session,
QSettings are written to a temporary folder (and cleared before each test), and
``demo_register`` gives each test its own copy of a small demo municipality, signed in as the
demo leader (``demo``/``demo``).
"""

import os
import shutil
import tempfile

os.environ.setdefault("OPENPYXL_LXML", "False")  # as storage/__init__.py, before any openpyxl
from contextlib import contextmanager, suppress
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="fristvakt-test-data-")
os.environ.pop("FRISTVAKT_BRUKER", None)
os.environ.pop("FRISTVAKT_PASSORD", None)

from storage import keyslots  # after the environment above

keyslots.COST = keyslots.KdfCost(time_cost=1, memory_kib=1024, parallelism=1)

DEMO_TODAY = date(2026, 11, 23)
DEMO_USER = "demo"
DEMO_PASSWORD = "demo"


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
def cli_login(monkeypatch):
    """The command line signs in as the demo leader (as a scheduled job would)."""
    monkeypatch.setenv("FRISTVAKT_BRUKER", DEMO_USER)
    monkeypatch.setenv("FRISTVAKT_PASSORD", DEMO_PASSWORD)


@pytest.fixture
def demo_today():
    """The "today" the demo databases are generated for."""
    return DEMO_TODAY


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    """The small demo municipality (encrypted, user demo/demo), generated once per session."""
    from service import create_demo_register

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo_register(path, DEMO_TODAY, children_per_year=30, years=2, seed=5).close()
    return path


def new_register(path, today=DEMO_TODAY):
    """A new, empty, encrypted register whose leader is ``tester`` (password ``passord123``)."""
    from core.access import Role
    from service import create_register
    from storage.users import User

    return create_register(path, User("tester", "Tester Testesen", Role.LEDER), "passord123",
                           today=lambda: today)


@contextmanager
def write_lock(register):
    """Another program holding the register's write lock (a second connection, same key)."""
    from storage import driver

    other = driver.connect(str(register.path))
    driver.set_key(other, register._key)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def copy_register(source, target):
    """Copy a closed register with its key file (and -wal/-shm if any)."""
    for suffix in ("", "-wal", "-shm", ".nokler"):
        src = source.with_name(source.name + suffix)
        if src.exists():
            shutil.copy(src, target.with_name(target.name + suffix))
    return target


@pytest.fixture
def demo_path(tmp_path, _demo_template):
    """This test's own copy of the small demo register (closed; demo/demo signs in)."""
    return copy_register(_demo_template, tmp_path / "demo.db")


@pytest.fixture
def demo_register(demo_path):
    """The demo register open for the demo leader (``demo_register.db_path()`` gives the
    file). Closed after the test."""
    from service import sign_in

    reg = sign_in(demo_path, DEMO_USER, DEMO_PASSWORD, today=lambda: DEMO_TODAY,
                  daily_backup=False)
    yield reg
    with suppress(Exception):  # the test may have closed it already
        reg.close()
