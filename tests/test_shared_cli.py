"""The command line on a shared register (issue #11): ``--db postgresql://…`` and
``FRISTVAKT_DB``, where the password comes from, the file-only commands, ``opprett-delt``.

A real PostgreSQL server (``pg``), a real keyring backend in memory; never a mock of psycopg.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

import pytest

from cli import commands
from main import main
from service.shared_login import KEYRING_SERVICE, keyring_account
from storage.pg import close_pools, with_user
from tests.shared_support import (
    PASSWORD_ROLE,
    RIGHT_PASSWORD,
    audit_text,
    memory_keyring_fixture,  # noqa: F401  (fixture)
    new_shared,
    password_role_fixture,  # noqa: F401  (fixture)
)

TODAY = "2026-11-23"


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    for name in ("FRISTVAKT_DB", "FRISTVAKT_BRUKER", "FRISTVAKT_PASSORD"):
        monkeypatch.delenv(name, raising=False)
    yield
    close_pools()


@pytest.fixture
def kari(pg, password_role, request):
    """A new shared register whose leader is the role the server asks a password of."""
    return with_user(new_shared(pg, request, PASSWORD_ROLE), PASSWORD_ROLE)


class Terminal:
    """stdin as a terminal, with ``getpass`` answering ``answer`` (and counting the asks)."""

    def __init__(self, monkeypatch, answer: str) -> None:
        self.prompts: list[str] = []
        self.answer = answer
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
        monkeypatch.setattr(getpass, "getpass", self.ask)

    def ask(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answer


def test_frister_with_db_url_lists_the_shared_registers_deadlines(shared_demo, capsys):
    assert main(["frister", "--db", shared_demo, "--dato", TODAY, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {"frist", "journalnummer", "hjemmel"} <= set(rows[0])
    assert main(["--db", shared_demo, "frister", "--dato", TODAY]) == 0  # before the command
    assert "åpne frister" in capsys.readouterr().out


def test_fristvakt_db_chooses_the_shared_register(shared_demo, monkeypatch, capsys):
    monkeypatch.setenv("FRISTVAKT_DB", shared_demo)
    assert main(["frister", "--dato", TODAY, "--status", "forfalt"]) == 0
    assert "forfalt" in capsys.readouterr().out
    assert main(["revisjon", "--verifiser"]) == 0
    assert "intakt" in capsys.readouterr().out.lower()


def test_fristvakt_bruker_names_the_role_when_the_address_names_none(
        shared_demo, monkeypatch, capsys):
    address = shared_demo.replace("postgresql://demo@", "postgresql://")
    monkeypatch.setenv("FRISTVAKT_DB", address)
    monkeypatch.setenv("FRISTVAKT_BRUKER", "demo")
    reg = commands.signed_in(argparse.Namespace())
    try:
        assert reg.user.brukernavn == "demo" and reg.shared
    finally:
        reg.close()


def test_the_environments_password_wins_over_the_keyring(kari, memory_keyring, monkeypatch,
                                                         capsys):
    memory_keyring.store[(KEYRING_SERVICE, keyring_account(kari))] = "feil-i-nokkelringen"
    monkeypatch.setenv("FRISTVAKT_PASSORD", RIGHT_PASSWORD)
    reg = commands.signed_in(argparse.Namespace(db=kari))
    try:
        assert reg.server.password == RIGHT_PASSWORD
        assert reg.user.brukernavn == PASSWORD_ROLE
    finally:
        reg.close()
    assert memory_keyring.reads == []  # never asked
    # and a wrong one in the environment is not replaced by the keyring's
    memory_keyring.store[(KEYRING_SERVICE, keyring_account(kari))] = RIGHT_PASSWORD
    monkeypatch.setenv("FRISTVAKT_PASSORD", "feil-i-miljoet")
    assert main(["frister", "--db", kari]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: Feil brukernavn eller passord") and err.count("\n") == 1
    assert "feil-i-miljoet" not in err and RIGHT_PASSWORD not in err


def test_the_keyrings_password_wins_over_the_prompt(kari, memory_keyring, monkeypatch, capsys):
    memory_keyring.store[(KEYRING_SERVICE, keyring_account(kari))] = RIGHT_PASSWORD
    terminal = Terminal(monkeypatch, "feil-fra-terminalen")
    assert main(["frister", "--db", kari, "--dato", TODAY]) == 0
    assert terminal.prompts == []
    assert memory_keyring.reads == [(KEYRING_SERVICE, kari)]  # the address with its role
    reg = commands.signed_in(argparse.Namespace(db=kari))
    try:
        assert reg.server.password == RIGHT_PASSWORD  # the keyring's value went to psycopg
    finally:
        reg.close()
    out = capsys.readouterr()
    assert RIGHT_PASSWORD not in out.out + out.err


def test_a_stale_password_in_the_keyring_says_so(kari, memory_keyring, capsys):
    memory_keyring.store[(KEYRING_SERVICE, keyring_account(kari))] = "gammelt-passord"
    assert main(["frister", "--db", kari]) == 1
    err = capsys.readouterr().err
    assert "nøkkelringen" in err and "FRISTVAKT_PASSORD" in err and err.count("\n") == 1
    assert "gammelt-passord" not in err


def test_the_terminal_is_asked_when_the_server_wants_a_password(kari, memory_keyring,
                                                                monkeypatch, capsys):
    terminal = Terminal(monkeypatch, RIGHT_PASSWORD)
    assert main(["frister", "--db", kari, "--dato", TODAY]) == 0
    assert len(terminal.prompts) == 1 and PASSWORD_ROLE in terminal.prompts[0]
    assert memory_keyring.reads  # the keyring was looked in first
    out = capsys.readouterr()
    assert RIGHT_PASSWORD not in out.out + out.err


def test_without_terminal_environment_or_keyring_one_norwegian_sentence(
        kari, memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert main(["frister", "--db", kari]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: Feil brukernavn eller passord") and err.count("\n") == 1
    assert "FRISTVAKT_PASSORD" in err and "nøkkelringen" in err


def test_the_password_is_in_no_output_and_no_audit_row(kari, pg, monkeypatch, capsys):
    monkeypatch.setenv("FRISTVAKT_PASSORD", RIGHT_PASSWORD)
    assert main(["frister", "--db", kari, "--dato", TODAY, "--json"]) == 0
    assert main(["revisjon", "--verifiser", "--db", kari]) == 0
    out = capsys.readouterr()
    assert RIGHT_PASSWORD not in out.out + out.err
    log = audit_text(pg, kari)
    assert "innlogget" in log and PASSWORD_ROLE in log
    assert RIGHT_PASSWORD not in log


def test_a_password_in_the_address_is_refused(shared_demo, capsys):
    with_password = shared_demo.replace("postgresql://demo@", "postgresql://demo:hemmelig@")
    assert main(["frister", "--db", with_password]) == 1
    err = capsys.readouterr().err
    assert "Passordet skal ikke stå i adressen" in err and "hemmelig" not in err


@pytest.mark.parametrize(("args", "says"), [
    (["sikkerhetskopi"], "pg_dump"),
    (["gjenopprett", "kopi.db"], "gjenopprettes på databaseserveren"),
    (["nytt-passord", "kari"], "endrer IT"),
    (["demo"], "bare i en ny fil"),
])
def test_file_only_commands_say_one_sentence_for_an_address(args, says, capsys):
    address = "postgresql://kari@server.invalid/fristvakt"  # never reached
    assert main([*args, "--db", address]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and says in err and err.count("\n") == 1


def test_opprett_delt_makes_the_register_for_it(pg, request, capsys):
    pg.ensure_role("lise")
    database = pg.new_database()
    request.addfinalizer(lambda: (close_pools(), pg.drop_database(database)))
    owner = pg.url(database)
    assert main(["opprett-delt", "--db", owner, "--leder", "lise", "--navn", "Lise Leder"]) == 0
    out = capsys.readouterr().out
    assert "er opprettet" in out and "Lise Leder (lise)" in out
    assert main(["frister", "--db", pg.url(database, "lise"), "--dato", TODAY]) == 0
    assert "Ingen åpne frister" in capsys.readouterr().out
    # a second time: one sentence, nothing changed
    assert main(["opprett-delt", "--db", owner, "--leder", "lise", "--navn", "Lise"]) == 1
    assert "har allerede brukere" in capsys.readouterr().err


def test_opprett_delt_needs_an_address_and_an_existing_role(pg, request, tmp_path, capsys):
    assert main(["opprett-delt", "--db", str(tmp_path / "fil.db"), "--leder", "x",
                 "--navn", "X"]) == 1
    assert "postgresql://eier@server/database" in capsys.readouterr().err
    database = pg.new_database()
    request.addfinalizer(lambda: (close_pools(), pg.drop_database(database)))
    assert main(["opprett-delt", "--db", pg.url(database), "--leder", "finnes_ikke_rolle",
                 "--navn", "Ingen"]) == 1
    assert "finnes ikke på serveren" in capsys.readouterr().err


def test_the_readmes_recipe_an_owner_role_an_admin_and_opprett_delt(pg, capsys):
    """README «Delt register på PostgreSQL»: a NOLOGIN owner role, granted to IT's login; the
    register made as that role owns its tables; a person of fristvakt_bruker uses it."""
    import psycopg

    names = ("fv_readme_eier", "fv_readme_admin", "fv_readme_db")
    with pg.admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {names[2]} WITH (FORCE)")
        for role in names[1::-1]:
            conn.execute(f"DROP ROLE IF EXISTS {role}")
        conn.execute(f"CREATE ROLE {names[0]} NOLOGIN")
        conn.execute(f"CREATE ROLE {names[1]} LOGIN")
        conn.execute(f"GRANT {names[0]} TO {names[1]}")
        conn.execute(f"CREATE DATABASE {names[2]} OWNER {names[0]} ENCODING 'UTF8' "
                     "TEMPLATE template0")
    pg.ensure_role("fv_readme_leder")
    try:
        owner = pg.url(names[2], names[1]) + f"&options=-c%20role%3D{names[0]}"
        assert main(["opprett-delt", "--db", owner, "--leder", "fv_readme_leder",
                     "--navn", "Lise Leder"]) == 0
        with psycopg.connect(pg.url(names[2])) as conn:
            owners = {r[0] for r in conn.execute(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        assert owners == {names[0]}
        assert main(["oppgrader-delt", "--db", owner]) == 0
        assert "er oppdatert" in capsys.readouterr().out
        assert main(["frister", "--db", pg.url(names[2], "fv_readme_leder"), "--dato",
                     TODAY]) == 0
        assert "Ingen åpne frister" in capsys.readouterr().out
    finally:
        close_pools()
        with pg.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {names[2]} WITH (FORCE)")
            for role in names[1::-1]:
                conn.execute(f"DROP ROLE IF EXISTS {role}")
