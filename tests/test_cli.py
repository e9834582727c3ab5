"""The command line, end to end on real database files."""

from __future__ import annotations

import json

import pytest

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
