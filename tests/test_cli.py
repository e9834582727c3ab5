"""The command line, end to end on real database files."""

from __future__ import annotations

import json
import os
import time

import pytest

from core.rules import RULES_BY_ID
from main import main

TODAY = "2026-11-23"

pytestmark = pytest.mark.usefixtures("cli_login")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    assert main(["demo", "--db", str(path), "--barn", "40", "--ar", "2", "--seed", "3",
                 "--dato", TODAY]) == 0
    return path


def test_demo_reports_what_it_wrote(demo_db, capsys):
    # the fixture already printed; a second run into the same file is refused
    assert main(["demo", "--db", str(demo_db), "--dato", TODAY]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and "finnes allerede" in err
    assert err.count("\n") == 1


def test_frister_table_sorted_by_due_date(demo_db, capsys):
    assert main(["frister", "--db", str(demo_db), "--dato", TODAY]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Status", "Frist", "Dager"]
    assert "åpne frister" in lines[-1]


def test_frister_json_filters_overdue_and_caseworker(demo_db, capsys):
    assert main(["frister", "--db", str(demo_db), "--dato", TODAY, "--json"]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert everything, "the demo municipality has open deadlines"
    dates = [row["frist"] for row in everything]
    assert dates == sorted(dates)
    worker = everything[0]["saksbehandler"]
    assert main(["frister", "--db", str(demo_db), "--dato", TODAY, "--json", "--status", "forfalt",
                 "--saksbehandler", worker]) == 0
    overdue = json.loads(capsys.readouterr().out)
    assert overdue and all(r["status"] == "forfalt" and r["frist"] < TODAY for r in overdue)
    assert all(r["saksbehandler"] == worker for r in overdue)
    assert {"forklaring", "regel", "hva", "journalnummer", "dager_igjen"} <= set(overdue[0])


def test_frister_json_carries_hjemmel_and_status(demo_db, capsys):
    assert main(["frister", "--db", str(demo_db), "--dato", TODAY, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    footing = {"LOV": "lov", "FORSKRIFT": "forskrift", "RETNINGSLINJE": "retningslinje",
               "VERIFY": "standardverdi"}
    local = [r for r in rows if r["intern_frist"] and r["regel"].startswith("lokal.")]
    assert local and all(r["hjemmel"] == "Intern frist" and r["hjemmel_status"] ==
                         "lokal praksis" and r["hva"].endswith("(intern frist)") for r in local)
    for row in rows:
        if row in local:
            continue
        rule = RULES_BY_ID[row["regel"]]
        assert row["hjemmel"] == rule.hjemmel and row["hjemmel"]
        assert row["hjemmel_status"] == footing[rule.status]
        assert row["status"] in ("apen", "snart", "forfalt")
        assert row["status_tekst"] == {"apen": "åpen", "snart": "forfaller snart",
                                       "forfalt": "forfalt"}[row["status"]]
    assert {r["hjemmel"] for r in rows} >= {"bvl § 2-2"}


def test_unknown_caseworker_is_one_norwegian_line(demo_db, capsys):
    assert main(["frister", "--db", str(demo_db), "--saksbehandler", "Finnes Ikke"]) == 1
    err = capsys.readouterr().err
    assert err == "Feil: Ukjent saksbehandler «Finnes Ikke»\n"


def test_missing_database_file(tmp_path, capsys):
    assert main(["frister", "--db", str(tmp_path / "nei.db")]) == 1
    assert "Fant ikke registeret" in capsys.readouterr().err


def test_bad_date_exits_with_usage_error(demo_db, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["frister", "--db", str(demo_db), "--dato", "2026-13-01"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and "Ugyldig dato" in err


def test_recompute_is_idempotent(demo_db, capsys):
    assert main(["omberegn", "--db", str(demo_db)]) == 0
    first = capsys.readouterr().out
    assert main(["omberegn", "--db", str(demo_db)]) == 0
    assert capsys.readouterr().out == first


def test_broken_code_lists_stop_the_program_with_one_line(monkeypatch, capsys):
    import main as main_module
    from core.codes import CodeListError

    def broken():
        raise CodeListError("kodeliste «melder» mangler")

    monkeypatch.setattr(main_module, "load_code_lists", broken)
    assert main(["frister", "--db", "x.db"]) == 1
    assert capsys.readouterr().err.startswith("Feil: kodelistene i installasjonen er ødelagt")


# --- a register another program holds, or one that cannot be written --------------------------


# SQLite's WAL lets a read (and the sign-in's audit row, queued in the key file) past another
# program's write lock; on a server every read is logged at once and waits for the lock
# (service.register.Register._audit_read).
@pytest.mark.file_register
def test_frister_reads_while_another_program_writes_and_a_write_says_so(demo_register, capsys):
    from tests.conftest import write_lock

    path = str(demo_register.path)
    with write_lock(demo_register):
        assert main(["frister", "--db", path, "--dato", TODAY, "--status", "forfalt"]) == 0
        out = capsys.readouterr().out
        assert "forfalt" in out.splitlines()[-1]
        assert main(["omberegn", "--db", path]) == 1
        err = capsys.readouterr().err
        assert err.startswith("Feil: ") and "er i bruk av et annet program" in err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_a_read_only_register_lists_but_refuses_changes(demo_path, monkeypatch, capsys):
    import storage.db

    monkeypatch.setattr(storage.db, "_writable", lambda path: False)
    assert main(["frister", "--db", str(demo_path), "--dato", TODAY]) == 0
    assert "åpne frister" in capsys.readouterr().out
    assert main(["omberegn", "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and "skrivebeskyttet" in err and err.count("\n") == 1


def test_wrong_password_on_the_command_line(demo_db, monkeypatch, capsys):
    monkeypatch.setenv("FRISTVAKT_PASSORD", "gjett")
    assert main(["frister", "--db", str(demo_db)]) == 1
    assert capsys.readouterr().err == "Feil: Feil brukernavn eller passord\n"


def test_without_a_terminal_or_environment_the_command_line_asks_for_sign_in(
        demo_db, monkeypatch, capsys):
    monkeypatch.delenv("FRISTVAKT_BRUKER")
    monkeypatch.delenv("FRISTVAKT_PASSORD")
    assert main(["frister", "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert "FRISTVAKT_BRUKER" in err and "FRISTVAKT_PASSORD" in err


def _exit_code(*args: str) -> int:
    """The exit code, also when argparse stops with SystemExit."""
    try:
        return main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.mark.parametrize(("args", "argument", "says"), [
    (["--barn", "1", "--ar", "100"], "--ar", "høyst 13 års historikk"),
    (["--dato", "5455-01-22"], "--dato", "mellom 31.12.2013 og 31.12.2039"),
    (["--barn", "140000"], "--barn", "høyst 8000 barn per år"),
    (["--barn", "0"], "--barn", "positivt heltall"),
    (["--ar", "0"], "--ar", "positivt heltall"),
    (["--dato", "2013-12-30", "--ar", "1"], "--dato", "mellom 31.12.2013 og 31.12.2039"),
    (["--dato", "2014-06-30", "--ar", "2"], "--ar", "høyst 1 års historikk"),
])
def test_demo_arguments_outside_the_limits_are_refused_before_any_file(tmp_path, capsys, args,
                                                                       argument, says):
    started = time.perf_counter()
    code = _exit_code("demo", "--db", str(tmp_path / "d.db"), "--dato", TODAY, *args)
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"Feil: argument {argument}: ") and says in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert os.listdir(tmp_path) == []  # nothing made, not even an empty file
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(("dato", "years"), [("2013-12-31", "1"), ("2039-12-31", "27")])
def test_demo_works_at_its_limits(tmp_path, capsys, dato, years):
    assert main(["demo", "--db", str(tmp_path / "d.db"), "--barn", "2", "--ar", years,
                 "--dato", dato]) == 0
    assert "Demokommune skrevet til" in capsys.readouterr().out


def test_demo_prints_how_to_sign_in(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "d.db"), "--barn", "5", "--ar", "1",
                 "--dato", TODAY]) == 0
    assert "brukernavn «demo» og passord «demo»" in capsys.readouterr().out
