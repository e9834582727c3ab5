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
os.environ.pop("FRISTVAKT_DB", None)

from storage import keyslots  # after the environment above
from tests.pg_server import pg, pg_server  # noqa: F401  (fixtures for every test)

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
    """Another program holding the register's write lock: a second connection to the file
    (same key) in ``BEGIN IMMEDIATE``, or, on a shared register, another session on the server
    holding the write lock's advisory lock in an open transaction (as ``BEGIN IMMEDIATE`` does
    there, storage.dialect)."""
    from storage import driver

    if register.server is not None:
        import psycopg

        from storage.dialect import WRITE_LOCK_KEY

        with psycopg.connect(register.server.url, autocommit=True) as server:
            server.execute("SET lock_timeout = '20s'")  # a test never hangs on it
            server.execute("BEGIN")
            server.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
            try:
                yield server
            finally:
                server.execute("ROLLBACK")
        return
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
def demo_register(backend, request):
    """The demo register open for the demo leader, on each backend: a copy of the demo file
    (``demo_register.db_path()`` gives the file), or a copy of the demo database on the test
    PostgreSQL server. Closed after the test."""
    if backend == SQLITE:
        from service import sign_in

        reg = sign_in(request.getfixturevalue("demo_path"), DEMO_USER, DEMO_PASSWORD,
                      today=lambda: DEMO_TODAY, daily_backup=False)
    else:
        from service.shared import sign_in_shared

        pg = request.getfixturevalue("pg")
        database = pg.new_database(template=request.getfixturevalue("_demo_template_pg"))
        request.addfinalizer(lambda: pg.drop_database(database))
        reg = sign_in_shared(pg.url(database, DEMO_USER), today=lambda: DEMO_TODAY)
    yield reg
    with suppress(Exception):  # the test may have closed it already
        reg.close()


@pytest.fixture(scope="session")
def _demo_template_pg(pg):  # noqa: F811  (the fixture)
    """The small demo municipality in a database on the test server (the same as the file's
    demo), copied by each test that uses it."""
    from core.access import Role
    from service.opening import fill_demo
    from service.shared import create_shared_register, sign_in_shared
    from storage.pg import close_pools
    from storage.users import User

    pg.ensure_role(DEMO_USER)
    database = pg.new_database()
    create_shared_register(pg.url(database), User(DEMO_USER, "Demobruker", Role.LEDER))
    reg = sign_in_shared(pg.url(database, DEMO_USER), today=lambda: DEMO_TODAY)
    fill_demo(reg, DEMO_TODAY, children_per_year=30, years=2, seed=5)
    reg.close()
    close_pools()
    return database


@pytest.fixture
def shared_demo(pg, _demo_template_pg):  # noqa: F811  (the imported fixture)
    """A copy of the demo municipality on the test server; the address for ``demo``."""
    from storage.pg import close_pools

    database = pg.new_database(template=_demo_template_pg)
    yield pg.url(database, DEMO_USER)
    close_pools()
    pg.drop_database(database)


#: The two backends every register-level test runs on (``backend``): a file, a shared server.
SQLITE, POSTGRESQL = "sqlite", "postgresql"


def pytest_generate_tests(metafunc):
    """Every test that uses a register through ``backend`` runs on both backends, except those
    marked ``file_register`` (about the file itself: encryption, key slots, backups)."""
    if "backend" in metafunc.fixturenames:
        file_only = metafunc.definition.get_closest_marker("file_register") is not None
        metafunc.parametrize("backend", [SQLITE] if file_only else [SQLITE, POSTGRESQL],
                             indirect=True)


@pytest.fixture
def backend(request):
    """"sqlite" or "postgresql" (parametrised by ``pytest_generate_tests``)."""
    return request.param


@pytest.fixture
def make_register(backend, tmp_path, request):
    """A factory of new, empty registers on this test's backend whose leader is ``tester``
    (password ``passord123`` for a file; a login role on the test server)."""
    def make(name="register.db", today=DEMO_TODAY):
        if backend == SQLITE:
            return new_register(tmp_path / name, today)
        return new_shared_register(request.getfixturevalue("pg"), today, request)
    return make


def new_shared_register(pg, today, request):  # noqa: F811  (the fixture)
    """A new register in a new database on the test server, signed in as ``tester``."""
    from core.access import Role
    from service.shared import create_shared_register, sign_in_shared
    from storage.users import User

    pg.ensure_role("tester")
    database = pg.new_database()
    request.addfinalizer(lambda: pg.drop_database(database))
    create_shared_register(pg.url(database), User("tester", "Tester Testesen", Role.LEDER))
    reg = sign_in_shared(pg.url(database, "tester"), today=lambda: today)
    request.addfinalizer(lambda: reg.close())
    return reg


@pytest.fixture
def empty_db(backend, tmp_path, request):
    """A factory of empty, unencrypted databases (``sqlite_utils.Database``, schema up to
    date) on this test's backend, for storage-level tests."""
    from storage.db import open_database
    from storage.pg import open_shared

    def make(name="fristvakt.db"):
        if backend == SQLITE:
            return open_database(tmp_path / name, create=True)
        server = request.getfixturevalue("pg")
        database = server.new_database()
        request.addfinalizer(lambda: server.drop_database(database))
        db = open_shared(server.url(database), create=True)
        request.addfinalizer(lambda: suppress_close(db))
        return db
    return make


def suppress_close(db):
    with suppress(Exception):
        db.close()
