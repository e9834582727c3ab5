"""The caseworker of a new child from an SSB file (``service.ssb_caseworkers``, issue #10).

A KOSTRA 15F file names each child's caseworker (``Individ/@Saksbehandler``); Barnevern v4 names
none. Without an explicit choice a new child gets the file's caseworker — the register's of that
name, else one created in the import's transaction and said in the dry run — and a v4 child
«Ikke fordelt». An explicit choice wins for every new child; a stored case keeps its caseworker.
Through the service (both write paths: the bulk load into an empty register and the audited
per-case path) and through the command line, dry run included. All people are synthetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.ssb import DEFAULT_CASEWORKER, export_ssb, import_ssb
from service.ssb_caseworkers import CaseworkerChoice
from storage.records import Caseworker
from storage.ssb_v4 import Avgiver
from tests.conftest import new_register
from tests.security_support import audit_rows
from tests.test_ssb_15f import OK_FILE
from tests.test_ssb_v4 import rows, run

FILE_WORKER = "Sara Saksbehandler"  # what every Individ of SSB's OK example names


def _workers(reg) -> dict[str, Caseworker]:
    return {c.navn: c for c in reg.caseworkers()}


def _case_workers(reg) -> dict[str, str]:
    return {c.sak.journalnummer: c.sak.saksbehandler
            for c in reg.repository_for_report().iter_cases()}


def _renamed(tmp_path: Path, name: str, worker: str) -> Path:
    """SSB's OK example with another caseworker on every individ."""
    path = tmp_path / name
    path.write_bytes(OK_FILE.read_bytes().replace(FILE_WORKER.encode(), worker.encode("latin-1")))
    return path


def test_the_choice_matches_names_regardless_of_case_and_spacing():
    kari = Caseworker("Kari Nordmann", "Team A", True, False)
    choice = CaseworkerChoice([kari])
    assert choice.for_new_child("  kari   NORDMANN ") is kari
    assert choice.for_new_child("Ola Olsen") == Caseworker("Ola Olsen", "", True, False)
    assert choice.for_new_child("") == Caseworker(DEFAULT_CASEWORKER, "", True, False)
    assert choice.missing(["Kari Nordmann", "Ola Olsen", "Ola Olsen", DEFAULT_CASEWORKER]) == (
        Caseworker("Ola Olsen", "", True, False), Caseworker(DEFAULT_CASEWORKER, "", True, False))
    chosen = CaseworkerChoice([kari], "Kari Nordmann")
    assert chosen.for_new_child("Ola Olsen") is kari and chosen.for_new_child("") is kari
    with pytest.raises(ValueError, match="Ukjent saksbehandler «Per»"):
        CaseworkerChoice([kari], "Per")


def test_a_new_child_gets_the_caseworker_the_15f_file_names(tmp_path):
    reg = new_register(tmp_path / "a.db")
    before = rows(reg)
    plan = import_ssb(reg, OK_FILE, dry_run=True)
    assert plan.new_caseworkers == (FILE_WORKER,)
    assert rows(reg) == before  # the dry run creates nobody
    result = import_ssb(reg, OK_FILE)
    assert result.new_caseworkers == (FILE_WORKER,) and len(result.new_cases) == 4
    assert _workers(reg)[FILE_WORKER] == Caseworker(FILE_WORKER, "", True, False)
    assert set(_case_workers(reg).values()) == {FILE_WORKER}
    assert DEFAULT_CASEWORKER not in _workers(reg)
    row, = audit_rows(reg, "saksbehandler")
    assert row.objekt == FILE_WORKER
    imported = [r for r in audit_rows(reg, "import") if r.detaljer.get("format") == "ssb-v4"]
    assert imported[-1].detaljer["nye_saksbehandlere"] == 1
    again = import_ssb(reg, OK_FILE, dry_run=True)
    assert again.new_caseworkers == () and again.unchanged == 4


def test_an_existing_caseworker_of_that_name_is_used_not_created(tmp_path):
    reg = new_register(tmp_path / "a.db")
    reg.save_caseworker(Caseworker("SARA  saksbehandler", "Mottak", True, False))
    result = import_ssb(reg, OK_FILE)
    assert result.new_caseworkers == ()
    assert set(_case_workers(reg).values()) == {"SARA  saksbehandler"}
    assert {c.sak.team for c in reg.repository_for_report().iter_cases()} == {"Mottak"}
    assert list(_workers(reg)) == ["SARA  saksbehandler"]


def test_an_explicit_choice_wins_and_stored_cases_keep_their_caseworker(tmp_path):
    reg = new_register(tmp_path / "a.db")
    reg.save_caseworker(Caseworker("Kari Nordmann", "Team A", True, False))
    with pytest.raises(ValueError, match="Ukjent saksbehandler «Per Pedersen»"):
        import_ssb(reg, OK_FILE, dry_run=True, saksbehandler="Per Pedersen")
    plan = import_ssb(reg, OK_FILE, dry_run=True, saksbehandler="Kari Nordmann")
    assert plan.new_caseworkers == ()
    import_ssb(reg, OK_FILE, saksbehandler="Kari Nordmann")
    assert set(_case_workers(reg).values()) == {"Kari Nordmann"}
    assert FILE_WORKER not in _workers(reg)
    # a newer extract naming another caseworker: the stored cases keep theirs, nobody created
    newer = _renamed(tmp_path, "nyere.xml", "Ola Olsen")
    again = import_ssb(reg, newer)
    assert again.new_caseworkers == () and again.new_cases == ()
    assert set(_case_workers(reg).values()) == {"Kari Nordmann"}
    assert "Ola Olsen" not in _workers(reg)


def test_into_a_register_in_use_the_caseworker_is_created_in_the_same_write(demo_register):
    before = set(_workers(demo_register))
    plan = import_ssb(demo_register, OK_FILE, dry_run=True)
    assert plan.new_cases and plan.new_caseworkers == (FILE_WORKER,)
    assert set(_workers(demo_register)) == before
    result = import_ssb(demo_register, OK_FILE)
    assert set(_workers(demo_register)) == before | {FILE_WORKER}
    workers = _case_workers(demo_register)
    assert {workers[c.journalnummer] for c in result.new_cases} == {FILE_WORKER}


def test_a_v4_file_names_no_caseworker_so_new_children_are_not_assigned(demo_register,
                                                                        tmp_path):
    out = tmp_path / "ut.zip"
    export_ssb(demo_register, out, 2026, avgiver=Avgiver("999888777", "3999", "Fjordvik"))
    reg = new_register(tmp_path / "a.db")
    plan = import_ssb(reg, out, dry_run=True)
    assert plan.new_cases and plan.new_caseworkers == (DEFAULT_CASEWORKER,)
    import_ssb(reg, out)
    assert set(_case_workers(reg).values()) == {DEFAULT_CASEWORKER}


@pytest.mark.usefixtures("cli_login")
def test_the_command_says_and_creates_the_new_caseworker(tmp_path, capsys, monkeypatch):
    fresh = tmp_path / "ny.db"
    new_register(fresh).close()
    monkeypatch.setenv("FRISTVAKT_BRUKER", "tester")
    monkeypatch.setenv("FRISTVAKT_PASSORD", "passord123")
    db = str(fresh)
    code, out, err = run(capsys, "importer", str(OK_FILE), "--db", db, "--torrkjoring")
    assert code == 0, err
    assert f"  Ny saksbehandler: {FILE_WORKER}\n" in out and "Ingenting er lagret" in out
    code, out, err = run(capsys, "importer", str(OK_FILE), "--db", db, "--torrkjoring",
                         "--saksbehandler", "Per Pedersen")
    assert code == 1 and err == "Feil: Ukjent saksbehandler «Per Pedersen»\n"
    code, out, err = run(capsys, "importer", str(OK_FILE), "--db", db)
    assert code == 0, err
    assert f"  Ny saksbehandler: {FILE_WORKER}\n" in out and "Lagret i én transaksjon" in out
    code, out, err = run(capsys, "importer", str(OK_FILE), "--db", db, "--torrkjoring")
    assert code == 0 and "Ny saksbehandler" not in out
    code, out, err = run(capsys, "frister", "--db", db, "--saksbehandler", FILE_WORKER, "--json")
    assert code == 0, err
