"""``python main.py rapport`` end to end: a demo database, the workbook read back with openpyxl."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    for ind in expected.indicators:  # a count is shown as it is, «<5», or hidden («skjult»)
        assert rows[ind.label]["Teller"] in (suppress(ind.numerator), "skjult")
        assert rows[ind.label]["Nevner"] in (suppress(ind.denominator), "skjult")
    shown = [ind for ind in expected.indicators if rows[ind.label]["Nevner"] != "skjult"]
    assert shown  # not everything is hidden
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


@pytest.mark.parametrize(("args", "limit"), [
    (["--periode", "1900-K2"], "mellom 01.01.1993 og 31.12.2100"),
    (["--periode", "1900", "--til", "2026"], "mellom 01.01.1993 og 31.12.2100"),
    (["--periode", "0001-01-01..9999-12-31"], "mellom 01.01.1993 og 31.12.2100"),
    (["--periode", "2026", "--til", "2101-01"], "mellom 01.01.1993 og 31.12.2100"),
    (["--periode", "2020", "--til", "2026"], "høyst 5 år"),
    (["--periode", "2020-01-01..2026-12-31"], "høyst 5 år"),
])
def test_periods_outside_the_supported_range_say_the_range(demo_db: Path, tmp_path: Path, capsys,
                                                          args: list[str], limit: str) -> None:
    before = len(exports(demo_db))
    code, out, err = run(capsys, "--db", str(demo_db), *args, "--ut", str(tmp_path / "x.xlsx"))
    assert (code, out) == (2, "")
    assert err.startswith("Feil: ") and err.count("\n") == 1 and limit in err
    assert "Traceback" not in err and "Error" not in err
    assert os.listdir(tmp_path) == [] and len(exports(demo_db)) == before


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


@pytest.mark.parametrize("given", ["{folder}", "{folder}/"])
def test_a_folder_gets_the_standard_file_name_inside_it(demo_db: Path, tmp_path: Path, capsys,
                                                        given: str) -> None:
    folder = tmp_path / "rapport.xlsx"  # even a folder named like a workbook is a folder
    folder.mkdir()
    written = folder / "Fristvakt-rapport oktober 2026 (politisk).xlsx"
    code, out, err = run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--ut",
                         given.format(folder=folder))
    assert (code, err) == (0, "")
    assert out.count("\n") == 1 and f"skrevet til {written} (standardnavn i mappen" in out
    assert os.listdir(tmp_path) == ["rapport.xlsx"] and os.listdir(folder) == [written.name]
    assert openpyxl.load_workbook(written).sheetnames == list(SHEET_NAMES)
    assert exports(demo_db)[0].filnavn == str(written.resolve())  # the file really written


@pytest.mark.parametrize("name", ["rapport.csv", "rapport.xls", "rapport.txt"])
def test_a_name_of_another_file_type_is_refused(demo_db: Path, tmp_path: Path, capsys,
                                                name: str) -> None:
    before = len(exports(demo_db))
    code, out, err = run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--ut",
                         str(tmp_path / name))
    assert code == 1 and out == ""
    assert err == (f"Feil: Rapporten skrives som Excel-arbeidsbok (.xlsx), ikke som "
                   f"«{Path(name).suffix}» – bruk for eksempel «rapport.xlsx»\n")
    assert os.listdir(tmp_path) == [] and len(exports(demo_db)) == before


def test_a_dot_without_a_file_type_still_gets_xlsx(demo_db: Path, tmp_path: Path,
                                                   capsys) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "--periode", "2026-10", "--ut",
                       str(tmp_path / "rapport 2026.10"))
    assert code == 0 and str(tmp_path / "rapport 2026.10.xlsx") in out
    assert os.listdir(tmp_path) == ["rapport 2026.10.xlsx"]


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


@pytest.mark.parametrize("target", ["nei/r.xlsx", "nei/"])
def test_missing_folder(demo_db: Path, tmp_path: Path, capsys, target: str) -> None:
    code, out, err = run(capsys, "--db", str(demo_db), "--periode", "2026", "--ut",
                         f"{tmp_path}/{target}")
    assert (code, out) == (1, "")
    assert err == f"Feil: Mappen «{tmp_path / 'nei'}» finnes ikke\n"
    assert os.listdir(tmp_path) == []


# --- a disk that is full, or a file larger than the system allows ---------------------------------

MAIN = Path(__file__).resolve().parents[1] / "main.py"
#: Mounts a small tmpfs on the folder ($0) in a user and mount namespace of its own (no root
#: needed where user namespaces are allowed), runs the command, then lists what is left in it.
SMALL_DISK = ('mount -t tmpfs -o {options} fristvakt-test "$0" || exit 99; "$@"; code=$?; '
              'echo "igjen:$(ls -A "$0" | tr "\\n" " ")"; exit $code')


def _on_a_small_disk(folder: Path, options: str, *command: str
                     ) -> subprocess.CompletedProcess[str]:
    # Needs util-linux's unshare and user namespaces (CI has both): fails, never skips.
    assert shutil.which("unshare") is not None, "unshare (util-linux) is needed for this test"
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                           SMALL_DISK.format(options=options), str(folder), *command],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 99 and "unshare:" not in done.stderr, \
        f"could not mount a small tmpfs in a user namespace: {done.stderr.strip()}"
    return done


@pytest.mark.parametrize(("options", "temp_there", "message"), [
    ("size=16k", False, "Disken er full – «rapport.xlsx» er ikke skrevet. Frigjør plass i "
                        "«{folder}» og prøv igjen."),
    # openpyxl's temporary sheet files are on the full disk too, and fail first
    ("size=16k", True, "Disken er full – «rapport.xlsx» er ikke skrevet. Frigjør plass i "
                       "«{folder}» og prøv igjen."),
    ("ro,size=16k", False, "Mappen «{folder}» er skrivebeskyttet – «rapport.xlsx» er ikke "
                           "skrevet."),
])
def test_a_full_or_read_only_disk_is_one_norwegian_line_and_leaves_nothing(
        demo_db: Path, tmp_path: Path, monkeypatch, options: str, temp_there: bool,
        message: str) -> None:
    folder = tmp_path / "disk"
    folder.mkdir()
    if temp_there:
        monkeypatch.setenv("TMPDIR", str(folder))
    before = len(exports(demo_db))
    done = _on_a_small_disk(folder, options, sys.executable, str(MAIN), "rapport", "--db",
                            str(demo_db), "--periode", "2026", "--profil", "intern",
                            "--detaljliste", "--ut", str(folder / "rapport.xlsx"))
    assert done.returncode == 1
    assert done.stdout == "igjen:\n"  # no workbook, no temporary file of ours or openpyxl's
    assert done.stderr == f"Feil: {message.format(folder=folder)}\n"
    assert len(exports(demo_db)) == before  # the log entry was rolled back with the file


WRITE_WITH_A_SIZE_LIMIT = """
import gc, io, resource, signal, sys, zipfile
from pathlib import Path
from core.periods import parse_period
from service import sign_in
from service.reports import load_report
from storage.workbook import WorkbookError, build_workbook, write_workbook

db, target, limit = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
reg = sign_in(db, "demo", "demo", daily_backup=False)
try:
    report = load_report(reg, parse_period("2026")).report
finally:
    reg.close()
if limit == "half":  # openpyxl's sheet files fit, the workbook itself does not
    whole = io.BytesIO()
    build_workbook(report, suppress_small=True).save(whole)
    largest = max(i.file_size for i in zipfile.ZipFile(whole).infolist())
    limit = (largest + len(whole.getvalue())) // 2
    assert largest < limit < len(whole.getvalue()), (largest, limit)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
try:
    write_workbook(report, target, suppress_small=True)
except WorkbookError as error:
    print(error)
gc.collect()  # an unclosed zip file would complain here
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("limit", ["4096", "half"])
def test_a_file_larger_than_the_system_allows_leaves_nothing(demo_db: Path, tmp_path: Path,
                                                             limit: str) -> None:
    out, temp = tmp_path / "ut", tmp_path / "tmp"
    out.mkdir()
    temp.mkdir()
    done = subprocess.run([sys.executable, "-c", WRITE_WITH_A_SIZE_LIMIT, str(demo_db),
                           str(out / "rapport.xlsx"), limit], capture_output=True, text=True,
                          timeout=300, cwd=MAIN.parent, env={**os.environ, "TMPDIR": str(temp)})
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == ("Filen blir større enn systemet tillater – «rapport.xlsx» er ikke "
                           "skrevet.\n")
    assert os.listdir(out) == [] and os.listdir(temp) == []
