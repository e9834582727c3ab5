"""The report command's whole-file check runs beside the counting (``Register.checked_meanwhile``):
a damaged register still gets no workbook and no export row, and a sound one gets its report."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from core.periods import month
from main import main
from service import Register
from service.reports import load_report
from storage.errors import StorageError
from tests.conftest import DEMO_TODAY
from tests.security_support import data_key, raw_connect, signed_in

PAGE = 4096


def rapport(capsys, db: Path, target: Path) -> tuple[int, str]:
    try:
        code = main(["rapport", "--db", str(db), "--periode", "2026-10", "--ut", str(target),
                     "--dato", DEMO_TODAY.isoformat()])
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, capsys.readouterr().err


def export_count(db: Path) -> int:
    reg = signed_in(db)
    try:
        return len(reg.exports())
    finally:
        reg.close()


def damage_pages_nobody_reads(db: Path) -> None:
    """Fill a table of its own at the end of the file, then overwrite those pages: sign-in and
    the report never read them, only the whole-file check does."""
    conn = raw_connect(db, data_key(db))
    conn.execute("CREATE TABLE ballast (x TEXT)")
    conn.executemany("INSERT INTO ballast VALUES (?)", [("x" * 400,) for _ in range(4000)])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    for i in range(len(data) - 10 * PAGE, len(data) - 2 * PAGE):
        data[i] = 0xA5
    db.write_bytes(bytes(data))


def test_a_sound_register_gets_its_report_with_the_check_on_another_thread(
        demo_path: Path, tmp_path: Path, capsys, cli_login, monkeypatch) -> None:
    threads: list[str] = []
    real = Register.check_integrity

    def watched(self: Register) -> bool:
        threads.append(threading.current_thread().name)
        return real(self)

    monkeypatch.setattr(Register, "check_integrity", watched)
    target = tmp_path / "rapport.xlsx"
    code, err = rapport(capsys, demo_path, target)
    assert (code, err) == (0, "")
    assert target.exists()
    assert threads == ["integritetskontroll"]  # once, and not on the command's own thread


def test_a_damaged_register_gets_no_report_and_no_export_row(
        demo_path: Path, tmp_path: Path, capsys, cli_login) -> None:
    before = export_count(demo_path)
    damage_pages_nobody_reads(demo_path)
    target = tmp_path / "rapport.xlsx"
    code, err = rapport(capsys, demo_path, target)
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not target.exists()
    assert not list(tmp_path.glob("*.xlsx*"))
    with pytest.raises(StorageError):  # the damage is real: the sign-in's own check finds it
        signed_in(demo_path)
    reg = signed_in(demo_path, check_integrity=False)
    try:
        assert len(reg.exports()) == before
        # The counting alone reads none of the damaged pages: it was the check that refused.
        assert load_report(reg, month(2026, 10), DEMO_TODAY).report.case_count > 0
    finally:
        reg.close()


def test_the_check_failing_wins_over_a_finished_block_and_an_error_in_the_block_wins_over_it(
        demo_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(Register, "check_integrity", lambda self: False)
    reg = signed_in(demo_path, check_integrity=False)
    try:
        with pytest.raises(StorageError, match="skadet"), reg.checked_meanwhile():
            pass
        with pytest.raises(ZeroDivisionError), reg.checked_meanwhile():
            _ = 1 / 0
    finally:
        reg.close()
