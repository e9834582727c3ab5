"""Failure handling: files that are not registers, a register locked by another program or
read-only, and the conversion of an old unencrypted register, also when it is killed midway."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from core.access import Action, Role
from core.demo import generate_municipality
from main import main
from service import convert_register, create_register
from service.opening import plain_copy_path
from storage import driver
from storage.db import BUSY_TIMEOUT_S, file_kind, open_database
from storage.errors import BusyError, NotEncryptedError, ReadOnlyError, StorageError
from storage.keyslots import sidecar_path
from storage.records import Caseworker
from storage.repository import open_repository
from storage.users import User
from tests.conftest import write_lock
from tests.security_support import (
    PASSWORD,
    TODAY,
    audit_rows,
    data_key,
    foster_tiltak,
    signed_in,
    visit,
)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ("saksbehandlere", "saker", "meldinger", "melding_melder", "melding_saksinnhold",
           "undersokelser", "vedtak", "tiltak", "tiltak_hyppighet", "planer",
           "plan_evalueringer", "besok", "ettervern", "frister", "innstillinger")


def _snapshot(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


# --- files that are not (usable) registers --------------------------------------------------------


def test_zero_byte_file_is_refused_and_never_initialised(tmp_path):
    path = tmp_path / "tom.db"
    path.touch()
    for attempt in (lambda: signed_in(path), lambda: open_database(path, create=True),
                    lambda: open_database(path, b"k" * 32, create=True)):
        with pytest.raises(StorageError, match=r"er tom \(0 byte\)"):
            attempt()
        assert path.stat().st_size == 0
    with pytest.raises(StorageError, match="finnes allerede"):
        create_register(path, User("leder1", "Leder En", Role.LEDER), PASSWORD)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tom.db"]


def test_other_sqlite_file_is_refused_untouched(tmp_path):
    """Another program's SQLite file is taken for an old unencrypted register, but the
    conversion refuses it before anything is written or copied."""
    path = tmp_path / "annet.db"
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE kunder (navn TEXT)")
        other.execute("INSERT INTO kunder VALUES ('Ikke Fristvakt')")
        other.commit()
    before = _snapshot(path)
    with pytest.raises(NotEncryptedError):
        signed_in(path)
    with pytest.raises(StorageError, match="ikke et Fristvakt-register"):
        convert_register(path, "leder1", PASSWORD, navn="Leder En")
    with pytest.raises(StorageError, match="ikke et Fristvakt-register"):
        open_database(path)
    assert _snapshot(path) == before


@pytest.mark.parametrize("with_key_file", [False, True])
def test_random_garbage_is_refused_untouched(tmp_path, demo_path, with_key_file):
    path = tmp_path / "søppel.db"
    path.write_bytes(os.urandom(64 * 1024))
    if with_key_file:
        shutil.copy(sidecar_path(demo_path), sidecar_path(path))
    before = _snapshot(path)
    with pytest.raises(StorageError) as caught:
        signed_in(path)
    expected = "kan ikke låses opp" if with_key_file else "nøkkelfilen"
    assert expected in str(caught.value).lower()
    assert _snapshot(path)[0] == before[0]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm"))]


# --- locked and read-only -------------------------------------------------------------------------


def test_locked_register_refuses_a_save_in_norwegian_and_writes_nothing(demo_register):
    tiltak = foster_tiltak(demo_register.repository_for_report().db.conn, TODAY)[0]
    stats, log = demo_register.stats(), len(audit_rows(demo_register))
    with write_lock(demo_register):  # another program (or person) holds the write lock
        started = time.monotonic()
        with pytest.raises(BusyError, match="er i bruk") as caught:
            demo_register.save(visit(tiltak, 1))
        waited = time.monotonic() - started
        assert BUSY_TIMEOUT_S * 0.8 <= waited < BUSY_TIMEOUT_S + 3, waited
        assert "ikke lagret" in str(caught.value)
        assert demo_register.open_deadlines(TODAY), "reading goes on while another writes"
    assert demo_register.stats() == stats
    assert len(audit_rows(demo_register)) == log
    demo_register.save(visit(tiltak, 1))  # once released, the save goes through
    assert demo_register.stats()["besok"] == stats["besok"] + 1


def test_readonly_sign_in_reads_but_refuses_every_write(demo_path):
    before = demo_path.read_bytes()
    reg = signed_in(demo_path, readonly=True)
    try:
        assert reg.readonly
        assert not reg.may(Action.CREATE) and reg.may(Action.OPEN_CASE)
        sak = reg.search("")[0]
        assert reg.case(sak.id).sak == sak
        assert reg.open_deadlines(TODAY)
        for write in (lambda: reg.save(replace(sak, team="Nytt team")),
                      lambda: reg.delete(sak),
                      lambda: reg.set_param("sikkerhetskopi.daglige", 9),
                      lambda: reg.change_own_password("demo", "nytt-passord-1")):
            with pytest.raises(ReadOnlyError, match="skrivebeskyttet"):
                write()
    finally:
        reg.close()
    assert demo_path.read_bytes() == before


_READONLY_CHILD = """
import json, sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from service import sign_in
from storage.errors import ReadOnlyError

today = date(2026, 11, 23)
reg = sign_in(Path(sys.argv[1]), "demo", "demo", today=lambda: today, daily_backup=False)
out = {"readonly": reg.readonly, "frister": len(reg.open_deadlines(today))}
sak = reg.search("")[0]
try:
    reg.save(replace(sak, team="Nytt team"))
    out["lagret"] = "ja"
except ReadOnlyError as e:
    out["lagret"] = str(e)
reg.close()
print(json.dumps(out))
"""


def _without_dac_override() -> None:
    """In the child before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding
    set, so root (as the file's owner) is held to its permission bits like anyone else."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_chmod_0400_register_opens_read_only(demo_path):
    """A register file the user may not write (0400) opens read-only. Tests run as root, who
    may write any file, so the check runs in a child without root's override capabilities."""
    os.chmod(demo_path, 0o400)
    before = demo_path.read_bytes()
    preexec = _without_dac_override if os.geteuid() == 0 else None
    try:
        done = subprocess.run([sys.executable, "-c", _READONLY_CHILD, str(demo_path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, preexec_fn=preexec)
    except subprocess.SubprocessError as e:  # prctl refused: no way to test as non-root here
        pytest.skip(f"kan ikke slippe root-rettighetene i en barneprosess: {e}")
    finally:
        os.chmod(demo_path, 0o600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert out["readonly"] is True and out["frister"] > 0
    assert "skrivebeskyttet" in out["lagret"]
    assert demo_path.read_bytes() == before


# --- converting an old unencrypted register -------------------------------------------------------


def _plain_register(path: Path, children_per_year: int, years: int = 2) -> None:
    town = generate_municipality(today=TODAY, children_per_year=children_per_year, years=years,
                                 seed=9)
    repo = open_repository(path, "gammel")
    try:
        repo.import_cases(town.cases, [Caseworker(c.navn, c.team, True, c.er_leder)
                                       for c in town.caseworkers])
    finally:
        repo.close()


def _content(path: Path, key: bytes | None) -> dict[str, str]:
    """A digest of every content table (order-independent)."""
    conn = driver.connect(str(path))
    try:
        if key is not None:
            driver.set_key(conn, key)
        return {t: hashlib.sha256(repr(sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))))
                                  .encode()).hexdigest() for t in CONTENT}
    finally:
        conn.close()


def _leftovers(path: Path) -> list[str]:
    work = path.with_name(f".{path.name}.krypterer")
    return [p.name for p in (plain_copy_path(path), work) if p.exists()]


def test_conversion_keeps_every_row_and_removes_the_plain_copy(tmp_path):
    path = tmp_path / "gammel.db"
    _plain_register(path, 40)
    original = _content(path, None)
    name = driver.connect(str(path)).execute("SELECT navn FROM saker LIMIT 1").fetchone()[0]
    assert name.encode() in path.read_bytes()
    done = convert_register(path, "leder1", PASSWORD, navn="Leder En", today=lambda: TODAY)
    try:
        assert done.counts["saker"] == done.register.stats()["saker"] > 0
        assert done.register.user.rolle == Role.LEDER
        assert [r.handling for r in audit_rows(done.register)][-3:] == [
            "register_kryptert", "innlogget", "sikkerhetskopi"]
        kinds = [b.kind for b in done.register.backups()]
        assert kinds == ["konvertering"]
        assert file_kind(done.register.backups()[0].path) == "encrypted"
    finally:
        done.register.close()
    assert file_kind(path) == "encrypted" and name.encode() not in path.read_bytes()
    assert _content(path, data_key(path, "leder1", PASSWORD)) == original
    assert _leftovers(path) == []
    signed_in(path, "leder1", PASSWORD).close()


_CONVERT_CHILD = """
import os, signal, sys
from datetime import date
from pathlib import Path
from storage import keyslots
keyslots.COST = keyslots.KdfCost(time_cost=1, memory_kib=1024, parallelism=1)
from service import convert_register

stage = sys.argv[2]

def hook(reached):
    if reached == stage:
        os.kill(os.getpid(), signal.SIGKILL)

print("start", flush=True)
convert_register(Path(sys.argv[1]), "leder1", "passord123", navn="Leder En",
                 today=lambda: date(2026, 11, 23), crash_hook=hook).register.close()
print("ferdig", flush=True)
"""

STAGES = ("kopi", "kryptert", "kontrollert", "nokler", "byttet")
DELAYS = (0.0, 0.1, 0.2, 0.35)


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory):
    """An old unencrypted register with about 2,000 cases, and the digest of its content."""
    path = tmp_path_factory.mktemp("gammel") / "mal.db"
    _plain_register(path, 1000, 2)
    return path, _content(path, None)


def test_conversion_killed_at_any_moment_loses_nothing(tmp_path, plain_template):
    """SIGKILL at each step of the conversion and after random delays: afterwards the register
    is still unencrypted with every row (and converts again), or encrypted with every row."""
    template, original = plain_template
    runs = [(f"steg-{s}", s, None) for s in STAGES] + [(f"etter-{d}s", "", d) for d in DELAYS]
    children = []
    for name, stage, delay in runs:
        path = tmp_path / name / "gammel.db"
        path.parent.mkdir()
        shutil.copy(template, path)
        proc = subprocess.Popen([sys.executable, "-c", _CONVERT_CHILD, str(path), stage],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        children.append((name, path, proc, delay))

    def kill_later(proc: subprocess.Popen, delay: float) -> None:
        assert proc.stdout is not None
        proc.stdout.readline()  # "start": the conversion begins now
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGKILL)

    killers = [threading.Thread(target=kill_later, args=(p, d)) for _, _, p, d in children
               if d is not None]
    for k in killers:
        k.start()
    for k in killers:
        k.join(60)
    outcomes = {}
    for name, path, proc, _ in children:
        proc.wait(60)
        stderr = proc.stderr.read() if proc.stderr else ""
        proc.stdout.close() if proc.stdout else None
        proc.stderr.close() if proc.stderr else None
        assert proc.returncode in (0, -signal.SIGKILL), (name, stderr[-3000:])
        state = file_kind(path)
        outcomes[name] = (state, proc.returncode)
        if state == "plain":
            assert _content(path, None) == original, name
            done = convert_register(path, "leder1", PASSWORD, navn="Leder En",
                                    today=lambda: TODAY)
            done.register.close()
        assert file_kind(path) == "encrypted", name
        signed_in(path, "leder1", PASSWORD).close()  # removes a leftover plain copy
        assert _content(path, data_key(path, "leder1", PASSWORD)) == original, name
        assert _leftovers(path) == [], name
    # the hook stages really were reached and killed: before «byttet» the file is still plain
    for stage in STAGES:
        assert outcomes[f"steg-{stage}"] == ("plain" if stage != "byttet" else "encrypted",
                                             -signal.SIGKILL)


def test_cli_refuses_an_unencrypted_register_with_a_hint(tmp_path, monkeypatch, capsys):
    path = tmp_path / "gammel.db"
    _plain_register(path, 5, 1)
    monkeypatch.setenv("FRISTVAKT_BRUKER", "demo")
    monkeypatch.setenv("FRISTVAKT_PASSORD", "demo")
    assert main(["frister", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and "ikke kryptert" in err and err.count("\n") == 1
