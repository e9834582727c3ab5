"""``python main.py rapport`` end to end: a demo database, the workbook read back with openpyxl."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from core.periods import month
from core.report_model import SUPPRESSED, suppress
from main import main
from service import sign_in
from service.reports import load_report
from storage import workbook as workbook_module
from storage.workbook import DETAIL_SHEET, SHEET_NAMES

TODAY = "2026-11-23"

pytestmark = pytest.mark.usefixtures("cli_login")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rapport") / "demo.db"
    assert main(["demo", "--db", str(path), "--barn", "40", "--ar", "2", "--dato", TODAY]) == 0
    return path


@pytest.fixture(scope="module")
def expected(demo_db: Path):
    """The report for October 2026 as build_report computes it from the same database."""
    repo = sign_in(demo_db, "demo", "demo", daily_backup=False)
    try:
        return load_report(repo, month(2026, 10)).report
    finally:
        repo.close()


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr (argparse's own errors exit through SystemExit)."""
    try:
        code = main(["rapport", *args])
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def exports(db: Path):
    repo = sign_in(db, "demo", "demo", daily_backup=False)
    try:
        return repo.exports()
    finally:
        repo.close()


def header_row(ws: Worksheet) -> int:
    return next(c.row for c in ws["A"] if c.value == "Indikator")


def scorecard(ws: Worksheet) -> dict[str, dict[str, object]]:
    """Målekort rows by indicator label, cells by header name."""
    top = header_row(ws)
    names = [c.value for c in ws[top]]
    rows = {}
    for r in range(top + 1, top + 9):
        values = [c.value for c in ws[r]]
        rows[values[0]] = dict(zip(names, values, strict=False))
    return rows


def test_politisk_month_report(demo_db: Path, expected, tmp_path: Path, capsys) -> None:
    target = tmp_path / "rapport.xlsx"
    code, out, err = run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--ut",
                         str(target))
    assert (code, err) == (0, "")
    assert out.count("\n") == 1 and out.startswith("Rapport for oktober 2026")
    assert "måledato 31.10.2026" in out and str(target) in out
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == list(SHEET_NAMES)
    rows = scorecard(wb["Målekort"])
    for ind in expected.indicators:
        assert rows[ind.label]["Teller"] == suppress(ind.numerator)
        assert rows[ind.label]["Nevner"] == suppress(ind.denominator)
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert SUPPRESSED in texts
    # the earlier months as measurement-date columns, like the seed's scorecard; September
    # already has its own column («Forrige periode») and is not repeated
    header = [c.value for c in wb["Målekort"][header_row(wb["Målekort"])]]
    assert {"Verdi 31.08.2026", "Verdi 31.07.2026", "Forrige periode (september 2026)"} \
        <= set(header)
    assert "Verdi 30.09.2026" not in header
    logged = exports(demo_db)[0]
    assert logged.profil == "politisk" and logged.filnavn == str(target.resolve())
    assert (logged.periode_fra, logged.periode_til) == (date(2026, 10, 1), date(2026, 10, 31))
    assert logged.valg["skjul_sma_tall"] is True and logged.valg["detaljliste"] is False
    assert logged.valg["kilde"] == "kommandolinje"
    assert logged.valg["tidligere_perioder"] == ["august 2026", "juli 2026"]


def test_intern_shows_exact_numbers_and_no_detail_unless_asked(demo_db: Path, expected,
                                                               tmp_path: Path, capsys) -> None:
    target = tmp_path / "intern.xlsx"
    assert run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--profil", "intern",
               "--ut", str(target))[0] == 0
    wb = openpyxl.load_workbook(target)
    assert DETAIL_SHEET not in wb.sheetnames
    rows = scorecard(wb["Målekort"])
    for ind in expected.indicators:
        assert rows[ind.label]["Teller"] == ind.numerator
        assert rows[ind.label]["Nevner"] == ind.denominator
    texts = {c.value for ws in wb for row in ws.iter_rows() for c in row}
    assert SUPPRESSED not in texts
    assert exports(demo_db)[0].valg["skjul_sma_tall"] is False


def test_detail_list_with_and_without_names(demo_db: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "detalj.xlsx"
    assert run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--profil", "intern",
               "--detaljliste", "--ut", str(target))[0] == 0
    ws = openpyxl.load_workbook(target)[DETAIL_SHEET]
    header = [c.value for c in ws[5]]
    assert "Journalnummer" in header and "Barn" not in header
    assert ws.max_row > 6
    assert exports(demo_db)[0].valg["detaljliste"] is True
    assert exports(demo_db)[0].valg["navn"] is False

    named = tmp_path / "navn.xlsx"
    assert run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--profil", "intern",
               "--detaljliste", "--navn", "--ut", str(named))[0] == 0
    assert "Barn" in [c.value for c in openpyxl.load_workbook(named)[DETAIL_SHEET][5]]
    assert exports(demo_db)[0].valg["navn"] is True


@pytest.mark.parametrize("extra", [["--detaljliste"], ["--profil", "intern", "--navn"],
                                   ["--detaljliste", "--navn"]])
def test_detail_list_only_with_intern(demo_db: Path, tmp_path: Path, capsys, extra) -> None:
    target = tmp_path / "nei.xlsx"
    before = len(exports(demo_db))
    code, out, err = run(capsys, "--db", str(demo_db), "--periode", "2026-10", *extra, "--ut",
                         str(target))
    assert code == 2 and out == ""
    assert err.startswith("Feil: ") and err.count("\n") == 1
    assert not target.exists() and len(exports(demo_db)) == before


@pytest.mark.parametrize("args", [["--periode", "2026-13"], ["--periode", "oktober"],
                                  ["--periode", "2026-10", "--til", "2026-05"],
                                  ["--periode", "2026-10", "--dato", "31.09.2026"],
                                  ["--periode", "2026-10", "--dato", "2026-09-01"]])
def test_bad_period_or_date_is_one_norwegian_line(demo_db: Path, tmp_path: Path, capsys,
                                                  args) -> None:
    code, out, err = run(capsys, "--db", str(demo_db), *args, "--ut", str(tmp_path / "x.xlsx"))
    assert code in (1, 2) and out == ""
    assert err.startswith("Feil: ") and err.count("\n") == 1
    assert "Traceback" not in err and not (tmp_path / "x.xlsx").exists()


def test_range_of_whole_months_is_named_and_measured_on_its_end(demo_db: Path, tmp_path: Path,
                                                                capsys) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "--periode", "2026-07", "--til", "2026-09",
                       "--ut", str(tmp_path / "k3"))
    assert code == 0 and "Rapport for 3. kvartal 2026 (måledato 30.09.2026" in out
    assert (tmp_path / "k3.xlsx").exists()  # .xlsx added
    logged = exports(demo_db)[0]
    assert logged.valg["tidligere_perioder"] == ["1. kvartal 2026", "4. kvartal 2025"]
    code, out, _ = run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--dato",
                       "15.10.2026", "--historikk", "0", "--ut", str(tmp_path / "m.xlsx"))
    assert code == 0 and "måledato 15.10.2026" in out
    assert exports(demo_db)[0].valg["tidligere_perioder"] == []


def test_missing_database(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "finnes-ikke.db"), "--periode", "2026-10",
                         "--ut", str(tmp_path / "x.xlsx"))
    assert (code == 1 and out == "" and err.startswith("Feil: Fant ikke registeret")
            and err.count("\n") == 1)
    assert not (tmp_path / "finnes-ikke.db").exists()


def test_target_that_is_a_folder_gives_a_clear_message(demo_db: Path, tmp_path: Path,
                                                       capsys) -> None:
    blocked = tmp_path / "rapport.xlsx"
    blocked.mkdir()
    before = len(exports(demo_db))
    code, out, err = run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--ut",
                         str(blocked))
    assert code == 1 and out == ""
    assert err == f"Feil: «{blocked}» er en mappe, ikke en fil – velg et annet filnavn\n"
    assert blocked.is_dir() and os.listdir(tmp_path) == ["rapport.xlsx"]
    assert len(exports(demo_db)) == before


def test_locked_file_keeps_the_old_one_and_logs_nothing(demo_db: Path, tmp_path: Path, capsys,
                                                        monkeypatch) -> None:
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"the old workbook")
    before = len(exports(demo_db))

    def locked(src, dst):  # what Windows does while Excel holds the file open
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(workbook_module.os, "replace", locked)
    code, out, err = run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--ut",
                         str(target))
    assert code == 1 and out == ""
    assert err == "Feil: Kan ikke skrive «rapport.xlsx» – er filen åpen i Excel?\n"
    assert target.read_bytes() == b"the old workbook"
    assert sorted(os.listdir(tmp_path)) == ["rapport.xlsx"]  # no half-written temporary file
    assert len(exports(demo_db)) == before  # the log entry was rolled back with the file


def test_missing_folder(demo_db: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "--db", str(demo_db), "--periode", "2026", "--ut",
                       str(tmp_path / "nei" / "r.xlsx"))
    assert code == 1 and err.startswith("Feil: Mappen ") and "finnes ikke" in err
