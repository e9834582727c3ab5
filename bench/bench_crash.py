"""Crash safety of audited writes: a writer killed with SIGKILL loses nothing it committed.

    python -m bench.bench_crash [--writes 10000] [--runs 3] [--seed S] [--db PATH]
                                [--barn 120] [--ar 4]

A child process signs in to an encrypted register (the demo municipality, ``demo``/``demo``) and
saves visits (Besok) one at a time through ``Register.save``: each save is one transaction holding
the visit, its case's deadline refresh and its audit row. After each commit it prints the new
visit's id on a line of its own (flushed). The parent kills it with SIGKILL at a random moment
of the run, then signs in as the app would and checks:

* every id the child reported is stored (rows lost must be 0);
* every stored visit written by a child has its audit row, and every such audit row its visit;
* the audit log's hash chain is intact;
* the stored deadlines equal a full recomputation (``recompute_all``).

Each run works on a fresh copy of the register in a temporary folder (removed afterwards): the
demo municipality built there, or a copy of ``--db`` (which is never written). The user data
folder is pointed at that folder too, so no backup lands in the real one. The kill lands during
a write drawn at random from all ``--writes``, at a random point of it. The exit code is 0 when
every check of every run held, 1 otherwise. POSIX only (SIGKILL).

The same functions drive the test versions in ``tests/test_security_concurrency.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.codes import FOSTERHJEM_CODES
from core.model import Besok, VisitKind

ROOT = Path(__file__).resolve().parent.parent
DEMO = ("demo", "demo")

Tiltak = tuple[int, int, date, date, str]  # id, sak id, first and last allowed visit day, worker


# --- what is written ------------------------------------------------------------------------------


def foster_tiltak(conn: Any, today: date) -> list[Tiltak]:
    """Fosterhjem tiltak that accept a visit on some day up to ``today``."""
    rows = conn.execute(
        "SELECT t.id, t.sak_id, t.kategori_kode, t.startdato, t.sluttdato, s.saksbehandler "
        "FROM tiltak t JOIN saker s ON s.id = t.sak_id ORDER BY t.id").fetchall()
    result = []
    for tid, sak_id, code, start, end, worker in rows:
        first = date.fromisoformat(start)
        last = min(date.fromisoformat(end), today) if end else today
        if code in FOSTERHJEM_CODES and first <= last:
            result.append((tid, sak_id, first, last, worker))
    return result


def visit(tiltak: Tiltak, n: int) -> Besok:
    """The ``n``-th synthetic visit for ``tiltak``: a valid date inside its period."""
    tid, _, first, last, _ = tiltak
    span = (last - first).days + 1
    kind = VisitKind.OPPFOLGING if n % 2 == 0 else VisitKind.TILSYN
    return Besok(tid, kind, last - timedelta(days=(n * 7) % span))


def child(db: Path, user: str, password: str, writes: int, seed: int, today: date,
          hold: bool = False) -> int:
    """The writer: ``writes`` audited saves, each committed id printed (flushed) at once. With
    ``hold`` it prints «klar» once signed in and waits for a line on stdin before writing."""
    from service import sign_in

    reg = sign_in(db, user, password, today=lambda: today, daily_backup=False)
    try:
        targets = foster_tiltak(reg.repository_for_report().db.conn, today)
        if not targets:
            print("Ingen fosterhjemstiltak å registrere besøk på", file=sys.stderr)
            return 1
        if hold:
            print("klar", flush=True)
            sys.stdin.readline()
        rng = random.Random(seed)
        for n in range(writes):
            saved = reg.save(visit(rng.choice(targets), n + seed))
            sys.stdout.write(f"{saved.id}\n")
            sys.stdout.flush()
    finally:
        reg.close()
    return 0


# --- the parent's side ----------------------------------------------------------------------------


class Writer:
    """A writer child process and the ids it has reported so far (read by a thread)."""

    def __init__(self, db: Path, writes: int, seed: int, today: date,
                 credentials: tuple[str, str] = DEMO, hold: bool = False) -> None:
        args = [sys.executable, "-m", "bench.bench_crash", "--child", "--db", str(db),
                "--writes", str(writes), "--seed", str(seed), "--dato", today.isoformat()]
        env = dict(os.environ, FRISTVAKT_BRUKER=credentials[0],
                   FRISTVAKT_PASSORD=credentials[1])
        self.proc = subprocess.Popen([*args, "--vent"] if hold else args, cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE if hold else subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.ids: list[int] = []
        self.ready = threading.Event()  # signed in (with ``hold``: waiting for ``go``)
        self.first = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip() == "klar":
                self.ready.set()
                continue
            self.ids.append(int(line))
            self.first.set()
        self.ready.set()
        self.first.set()  # the child ended (perhaps without writing)

    def go(self) -> None:
        """Let a held writer start writing."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.close()

    def kill(self) -> None:
        """SIGKILL: no handler, no cleanup, no flush in the child."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)

    def kill_after(self, count: int, delay: float = 0.0, timeout: float = 60) -> None:
        """Kill ``delay`` seconds after ``count`` ids have been reported."""
        deadline = time.monotonic() + timeout
        while len(self.ids) < count and self.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
        time.sleep(delay)
        self.kill()

    def wait(self, timeout: float = 600) -> tuple[int, str]:
        """Exit code and stderr once the child has ended and its output is read."""
        code = self.proc.wait(timeout)
        self._reader.join(timeout)
        assert self.proc.stderr is not None
        return code, self.proc.stderr.read()

    @property
    def killed(self) -> bool:
        return self.proc.returncode == -signal.SIGKILL


def kill_at_random(writer: Writer, writes: int, rng: random.Random) -> float:
    """Kill ``writer`` at a random moment of its run: during a write drawn at random from all
    ``writes``, at a random point of it (a random fraction of the mean time per write after the
    previous commit was reported). Returns the seconds from the first write to the kill."""
    target = rng.randrange(1, writes)
    writer.first.wait(120)
    started = time.monotonic()
    while len(writer.ids) < target and writer.proc.poll() is None:
        time.sleep(0.0005)
    per_write = (time.monotonic() - started) / max(len(writer.ids) - 1, 1)
    time.sleep(rng.uniform(0, per_write))
    writer.kill()
    return time.monotonic() - started


@dataclass(frozen=True)
class Check:
    """What the parent found after the writers ended."""

    reported: int  # ids the writers printed as committed
    lost: int  # of those, not stored
    stored_new: int  # visits stored above the baseline
    unaudited: int  # stored new visits without their audit row
    orphan_audit: int  # audit rows of visits that are not stored
    chain_ok: bool
    chain_rows: int
    deadlines_match: bool

    @property
    def ok(self) -> bool:
        return (self.lost == 0 and self.unaudited == 0 and self.orphan_audit == 0
                and self.chain_ok and self.deadlines_match)


def max_visit_id(db: Path, today: date, credentials: tuple[str, str] = DEMO) -> int:
    """The highest visit id stored (the baseline before writers run)."""
    from service import sign_in

    reg = sign_in(db, *credentials, today=lambda: today, daily_backup=False)
    try:
        conn = reg.repository_for_report().db.conn
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM besok").fetchone()[0])
    finally:
        reg.close()


def check(db: Path, reported: Sequence[int], baseline: int, today: date,
          credentials: tuple[str, str] = DEMO) -> Check:
    """Sign in after the writers (recovering whatever they left) and check the register."""
    from service import sign_in
    from storage import audit

    reg = sign_in(db, *credentials, today=lambda: today, daily_backup=False)
    try:
        conn = reg.repository_for_report().db.conn
        stored = {r[0] for r in conn.execute("SELECT id FROM besok WHERE id > ?", (baseline,))}
        audited = {int(o.split()[1]) for (o,) in conn.execute(
            "SELECT objekt FROM revisjonslogg WHERE handling = 'opprette' "
            "AND objekt LIKE 'besok %'")}
        audited = {i for i in audited if i > baseline}
        at_sign_in = reg.chain
        chain = audit.verify(conn)
        snapshot = "SELECT * FROM frister ORDER BY rule_id, gjelder, gjelder_id, seq"
        before = conn.execute(snapshot).fetchall()
        reg.recompute_all()
        after = conn.execute(snapshot).fetchall()
    finally:
        reg.close()
    return Check(reported=len(reported), lost=len(set(reported) - stored),
                 stored_new=len(stored), unaudited=len(stored - audited),
                 orphan_audit=len(audited - stored),
                 chain_ok=bool(at_sign_in and at_sign_in.ok and chain.ok), chain_rows=chain.rows,
                 deadlines_match=before == after)


# --- the benchmark --------------------------------------------------------------------------------


def build(db: Path, today: date, children_per_year: int, years: int) -> None:
    from service import create_demo_register

    started = time.perf_counter()
    create_demo_register(db, today, children_per_year=children_per_year, years=years,
                         seed=1).close()
    print(f"Register bygget på {time.perf_counter() - started:.1f} s: {db}")


def copy_register(source: Path, target: Path) -> Path:
    """Copy a closed register with its key file."""
    for suffix in ("", ".nokler"):
        shutil.copy(source.with_name(source.name + suffix), target.with_name(target.name + suffix))
    return target


def run(source: Path, work: Path, writes: int, runs: int, seed: int, today: date) -> bool:
    """``runs`` killed runs, each on a fresh copy of ``source`` in the folder ``work``."""
    rng = random.Random(seed)
    all_ok = True
    committed = lost = 0
    print(f"{'kjøring':>7}  {'skrevet før kill':>16}  {'tapt':>4}  {'lagret':>6}  "
          f"{'uten logg':>9}  {'kjede':>5}  {'frister':>7}  {'drept etter':>11}")
    for n in range(1, runs + 1):
        db = copy_register(source, work / f"kjoring-{n}.db")
        baseline = max_visit_id(db, today)
        writer = Writer(db, writes, seed=rng.randrange(1_000_000), today=today)
        waited = kill_at_random(writer, writes, rng)
        code, err = writer.wait()
        if not writer.killed:
            print(f"  (kjøring {n}: skriveren var ferdig før den ble drept, kode {code})")
            if code != 0:
                print(err.strip()[-2000:])
        result = check(db, writer.ids, baseline, today)
        all_ok &= result.ok
        committed += result.reported
        lost += result.lost
        print(f"{n:>7}  {result.reported:>16}  {result.lost:>4}  {result.stored_new:>6}  "
              f"{result.unaudited + result.orphan_audit:>9}  "
              f"{'ok' if result.chain_ok else 'BRUTT':>5}  "
              f"{'like' if result.deadlines_match else 'ULIKE':>7}  {waited:>9.2f} s")
    print()
    print(f"Sum: {committed} skrivinger rapportert committet før kill, {lost} tapt.")
    print("Resultat: " + ("ingen committede rader tapt, revisjonskjeden intakt, fristene lik "
                          "full omberegning." if all_ok else "FEIL: se tabellen over."))
    return all_ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_crash", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="register to use (default: a new demo register "
                                                "in a temporary folder)")
    parser.add_argument("--writes", type=int, default=10_000, help="writes per run")
    parser.add_argument("--runs", type=int, default=3, help="killed runs")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--barn", type=int, default=120, help="children per year in the demo")
    parser.add_argument("--ar", type=int, default=4, help="years of history in the demo")
    parser.add_argument("--dato", type=date.fromisoformat, default=None,
                        help="the register's today (default: today)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--vent", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    today = args.dato or date.today()
    if args.child:
        user, password = os.environ.get("FRISTVAKT_BRUKER", DEMO[0]), \
            os.environ.get("FRISTVAKT_PASSORD", DEMO[1])
        return child(args.db, user, password, args.writes, args.seed or 0, today, args.vent)
    if os.name != "posix":
        print("bench_crash trenger POSIX (SIGKILL)", file=sys.stderr)
        return 1
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU, frø {seed}, "
          f"{args.writes} skrivinger per kjøring, {args.runs} kjøringer")
    folder = Path(tempfile.mkdtemp(prefix="fristvakt-bench-crash-"))
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    try:
        source = args.db or folder / "krasj.db"
        if args.db is None:
            build(source, today, args.barn, args.ar)
        return 0 if run(source, folder, args.writes, args.runs, seed, today) else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
