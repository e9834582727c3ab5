"""What encryption costs: the same Oslo-size municipality unencrypted and encrypted (SQLCipher).

    python -m bench.bench_encryption [--out DIR] [--barn 2000] [--ar 10] [--seed 1] [--dato D]
                                     [--runs 50] [--warmup 5] [--pragma SQL ...] [--investigate]
                                     [--rebuild]

The municipality of ``core.demo.generate_municipality`` (20,000 children, 10 years, as
``bench/build_oslo.py``) is written twice at storage level with ``Repository.import_cases``:
``plain.db`` opened with ``open_database(path, None, create=True)`` and ``encrypted.db`` with a
fresh ``storage.keyslots.new_data_key()``. Both imports run at once, one per core. The files,
the raw key (``encrypted.db.key``, synthetic data only) and a ``build.json`` record are kept in
``--out`` (default ``bench/out/encryption``, git-ignored) and reused while the arguments match.

Measured on both files, in one process, alternating the two files run by run (so drift of the
machine hits both alike), each the median of ``--runs`` runs after ``--warmup`` untimed ones:

* "all overdue today": ``Repository.open_deadlines(today, status="forfalt")``
* the status counts beside it: ``Repository.count_open(today)``
* one write with its deadline refresh: ``Repository.save(Besok(...))``, a new follow-up visit on
  a running foster-home placement, committed; a different case each run, the same case on both
  files, undone (untimed) afterwards

Target: encrypted ≤ 1.3 times unencrypted for each, judged on the ratio of the two medians; the exit
code is 1 if a ratio is above it. The "paired" column is the median of the run-by-run ratios (the
two runs of a round are next to each other), which a busy machine disturbs less; a note is
printed when the two disagree on the target.
For information, the application layer's audit row on a write (``Register.save`` against
``Repository.save`` on the encrypted file; each such write leaves one audit row behind, as the
log is append-only).

``--pragma "cache_size = -65536"`` runs every statement given on both connections after opening
(as if ``storage/db.py`` did it), to try a fix. ``--investigate`` measures the judged figures
under a set of candidate pragmas instead and prints one line per candidate.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_engine import visit_candidates
from bench.build_oslo import DEFAULT_TODAY, OUT
from core.access import Role
from core.demo import generate_municipality
from core.model import Besok
from service import Register
from storage import Caseworker, Repository, driver, open_database
from storage.db import sidecar_files
from storage.keyslots import new_data_key
from storage.users import User

DEFAULT_OUT = OUT / "encryption"
TARGET = 1.3
MS = 1e-3
#: Candidates of ``--investigate``: SQLCipher's and SQLite's per-connection settings that can be
#: changed on an existing register. (kdf_iter and the cipher_* format settings do not apply: the
#: key is a raw 256-bit key, and page size / HMAC are fixed when the file is made.)
CANDIDATES: tuple[tuple[str, ...], ...] = (
    (),
    ("PRAGMA cipher_memory_security = OFF",),
    ("PRAGMA temp_store = MEMORY",),
    ("PRAGMA cache_size = -16000",),
    ("PRAGMA cache_size = -32000",),
    ("PRAGMA cache_size = -65536",),
)


# --- building the two files ---------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    plain: Path
    encrypted: Path
    key: bytes
    info: dict[str, Any]


def paths(out: Path) -> tuple[Path, Path, Path, Path]:
    """plain.db, encrypted.db, the raw key file and the build record."""
    return (out / "plain.db", out / "encrypted.db", out / "encrypted.db.key",
            out / "build.json")


_TOWN: Any = None  # the generated municipality, inherited by the forked import workers


def _import_one(target: tuple[str, bytes | None]) -> tuple[dict[str, int], float]:
    """Runs in a forked worker: import the municipality into a new file."""
    path, key = target
    started = time.perf_counter()
    workers = [Caseworker(c.navn, c.team, True, c.er_leder) for c in _TOWN.caseworkers]
    repo = Repository(open_database(Path(path), key, create=True), "bench")
    try:
        repo.import_cases(_TOWN.cases, workers)
        stats = repo.stats()
    finally:
        repo.close()
    return stats, time.perf_counter() - started


def _remove(*files: Path) -> None:
    for path in files:
        for p in (path, *sidecar_files(path)):
            p.unlink(missing_ok=True)


def _stats(path: Path, key: bytes | None) -> dict[str, int]:
    repo = Repository(open_database(path, key), "bench", refresh=False)
    try:
        return repo.stats()
    finally:
        repo.close()


def ensure_files(out: Path, *, barn: int, ar: int, seed: int, today: date | None,
                 rebuild: bool) -> Files:
    """Reuse the two files if they were built with these arguments, else build them."""
    global _TOWN
    plain, encrypted, key_file, record = paths(out)
    try:
        info = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    today = today or (date.fromisoformat(info["dato"]) if "dato" in info else DEFAULT_TODAY)
    wanted = {"barn": barn, "ar": ar, "seed": seed, "dato": today.isoformat()}
    if not rebuild and all(info.get(k) == v for k, v in wanted.items()) and plain.exists() \
            and encrypted.exists() and key_file.exists():
        key = bytes.fromhex(key_file.read_text(encoding="ascii").strip())
        if _stats(plain, None) == _stats(encrypted, key) == info.get("stats"):
            print(f"Reusing {plain.name} and {encrypted.name} in {out} (built for "
                  f"{today.isoformat()}, {barn} children/year x {ar} years, seed {seed})")
            return Files(plain, encrypted, key, info)

    print(f"Building {plain.name} and {encrypted.name} in {out}: {barn} children/year x {ar} "
          f"years, seed {seed}, today {today.isoformat()}")
    out.mkdir(parents=True, exist_ok=True)
    _remove(plain, encrypted, key_file, record)
    key = new_data_key()
    key_file.touch(mode=0o600)
    key_file.write_text(key.hex() + "\n", encoding="ascii")
    started = time.perf_counter()
    _TOWN = generate_municipality(today=today, children_per_year=barn, years=ar, seed=seed)
    generated = time.perf_counter() - started
    print(f"  generated {len(_TOWN.cases)} cases in {generated:.1f} s")
    workers = min(2, os.cpu_count() or 1)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            (plain_stats, plain_s), (enc_stats, enc_s) = pool.map(
                _import_one, [(str(plain), None), (str(encrypted), key)], chunksize=1)
    finally:
        _TOWN = None
    total = time.perf_counter() - started
    print(f"  imported in {workers} processes: unencrypted {plain_s:.1f} s, encrypted "
          f"{enc_s:.1f} s (build total {total:.1f} s)")
    if plain_stats != enc_stats:
        raise SystemExit(f"the two files differ: {plain_stats} != {enc_stats}")
    info = {**wanted, "stats": plain_stats, "generert_s": round(generated, 1),
            "import_ukryptert_s": round(plain_s, 1), "import_kryptert_s": round(enc_s, 1)}
    record.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return Files(plain, encrypted, key, info)


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Pair:
    """One measurement on both files (seconds per run)."""

    name: str
    plain: list[float]
    encrypted: list[float]
    detail: str = ""

    @property
    def plain_median(self) -> float:
        return statistics.median(self.plain)

    @property
    def encrypted_median(self) -> float:
        return statistics.median(self.encrypted)

    @property
    def ratio(self) -> float:
        return self.encrypted_median / self.plain_median

    @property
    def paired_ratio(self) -> float:
        """Median of run-by-run ratios (the two runs of a round are next to each other)."""
        return statistics.median(e / p for e, p in zip(self.encrypted, self.plain, strict=True))

    @property
    def ok(self) -> bool:
        return self.ratio <= TARGET


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def alternate(a: Callable[[], Any], b: Callable[[], Any], runs: int, warmup: int
              ) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` in alternating rounds, the order swapped every round."""
    for _ in range(warmup):
        a()
        b()
    ta, tb = [], []
    for i in range(runs):
        if i % 2:
            tb.append(_timed(b))
            ta.append(_timed(a))
        else:
            ta.append(_timed(a))
            tb.append(_timed(b))
    return ta, tb


def measure_queries(plain: Repository, enc: Repository, today: date, runs: int, warmup: int
                    ) -> list[Pair]:
    rows_p = plain.open_deadlines(today, status="forfalt")
    rows_e = enc.open_deadlines(today, status="forfalt")
    if len(rows_p) != len(rows_e):
        raise SystemExit(f"the overdue lists differ: {len(rows_p)} != {len(rows_e)} rows")
    overdue = Pair('"all overdue today": open_deadlines(status="forfalt")',
                   *alternate(lambda: plain.open_deadlines(today, status="forfalt"),
                              lambda: enc.open_deadlines(today, status="forfalt"), runs, warmup),
                   detail=f"{len(rows_p)} rows")
    counts = plain.count_open(today)
    count = Pair("status counts: count_open(today)",
                 *alternate(lambda: plain.count_open(today), lambda: enc.count_open(today),
                            runs, warmup),
                 detail=", ".join(f"{s.value} {n}" for s, n in counts.items()))
    return [overdue, count]


def write_candidates(repo: Repository, today: date, n: int) -> list[Besok]:
    day = min(today, date.today())  # validation refuses dates after the real today
    visits = list(islice(visit_candidates(repo, today, day), n))
    if len(visits) < n:
        raise SystemExit(f"only {len(visits)} running foster-home placements to visit; "
                         f"lower --runs/--warmup")
    return visits


def save_and_undo(repo: Repository, saver: Callable[[Besok], Besok], visit: Besok) -> float:
    """Time one save (commit included); delete the visit again outside the timing."""
    started = time.perf_counter()
    saved = saver(visit)
    took = time.perf_counter() - started
    repo.delete(saved)
    return took


def measure_write(plain: Repository, enc: Repository, visits: Sequence[Besok], warmup: int
                  ) -> Pair:
    """Each visit is saved on both files (same case, same tiltak), alternating the order."""
    tp, te = [], []
    for i, visit in enumerate(visits):
        if i % 2:
            t_e = save_and_undo(enc, enc.save, visit)
            t_p = save_and_undo(plain, plain.save, visit)
        else:
            t_p = save_and_undo(plain, plain.save, visit)
            t_e = save_and_undo(enc, enc.save, visit)
        if i >= warmup:
            tp.append(t_p)
            te.append(t_e)
    return Pair("write: new Besok + deadline refresh + commit (Repository.save)", tp, te,
                detail=f"{len(tp)} cases")


def measure_audit(enc: Repository, path: Path, key: bytes, visits: Sequence[Besok],
                  warmup: int) -> tuple[list[float], list[float]]:
    """Repository.save against Register.save (+ role check and audit row) on the encrypted file;
    returns (repository times, register times)."""
    reg = Register(enc, path, User("bench", "Benchmark", Role.LEDER), key)
    t_repo, t_reg = [], []
    for i, visit in enumerate(visits):
        order = [(enc.save, t_repo), (reg.save, t_reg)]
        for saver, times in order if i % 2 == 0 else order[::-1]:
            took = save_and_undo(enc, saver, visit)
            if i >= warmup:
                times.append(took)
    return t_repo, t_reg


def open_pair(files: Files, pragmas: Sequence[str]) -> tuple[Repository, Repository]:
    plain = Repository(open_database(files.plain), "bench", refresh=False)
    enc = Repository(open_database(files.encrypted, files.key), "bench", refresh=False)
    for repo in (plain, enc):
        for sql in pragmas:
            repo.db.conn.execute(sql)
        if repo.needs_recompute():  # the rule code changed since the build
            took = _timed(repo.ensure_current)
            print(f"  {Path(repo.db_path()).name}: stored deadlines were stale; recomputed in "
                  f"{took:.1f} s")
    return plain, enc


# --- output -------------------------------------------------------------------------------------


def fmt_ms(seconds: float) -> str:
    return f"{seconds / MS:.2f} ms"


def print_table(pairs: Sequence[Pair]) -> None:
    headers = ("measurement", "unencrypted", "encrypted", "ratio", "target", "result", "paired",
               "runs", "")
    rows = [(p.name, fmt_ms(p.plain_median), fmt_ms(p.encrypted_median), f"{p.ratio:.2f}x",
             f"≤ {TARGET}x", "OK" if p.ok else "OVER", f"{p.paired_ratio:.2f}x",
             str(len(p.plain)), p.detail) for p in pairs]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    right = {1, 2, 3, 4, 6, 7}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def print_setup(files: Files, enc: Repository, plain: Repository, pragmas: Sequence[str]) -> None:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print(f"machine: {platform.machine()} {platform.system()}, nproc "
          f"{affinity or os.cpu_count()}, load average {load_average()}; python "
          f"{platform.python_version()}, SQLite {driver.SQLITE_VERSION}")
    conn = enc.db.conn

    def one(sql: str, c: Any = conn) -> str:
        row = c.execute(sql).fetchone()
        return str(row[0]) if row else "-"

    print(f"SQLCipher {one('PRAGMA cipher_version')} ({one('PRAGMA cipher_provider')} "
          f"{one('PRAGMA cipher_provider_version')}); page {one('PRAGMA cipher_page_size')} B, "
          f"HMAC {one('PRAGMA cipher_hmac_algorithm')}, memory security "
          f"{one('PRAGMA cipher_memory_security')}, raw key (no KDF)")
    print(f"connection: cache_size {one('PRAGMA cache_size')} (unencrypted "
          f"{one('PRAGMA cache_size', plain.db.conn)}), journal {one('PRAGMA journal_mode')}, "
          f"synchronous {one('PRAGMA synchronous')}, temp_store {one('PRAGMA temp_store')}")
    if pragmas:
        print("extra on both connections: " + "; ".join(pragmas))
    sizes = [sum(p.stat().st_size for p in (f, sidecar_files(f)[0]) if p.exists()) / 2**20
             for f in (files.plain, files.encrypted)]
    stats = files.info.get("stats", {})
    print(f"files: {files.plain.name} {sizes[0]:.0f} MiB, {files.encrypted.name} {sizes[1]:.0f} "
          f"MiB; saker {stats.get('saker')}, frister {stats.get('frister')}; "
          f"today {files.info['dato']}")


@dataclass
class Session:
    """The judged measurements, with the two connections still open."""

    pairs: list[Pair]
    plain: Repository
    enc: Repository
    visits: list[Besok]

    def close(self) -> None:
        self.plain.close()
        self.enc.close()


def run_pragmas(files: Files, today: date, pragmas: Sequence[str], runs: int, warmup: int,
                visits: list[Besok] | None = None) -> Session:
    plain, enc = open_pair(files, pragmas)
    gc.collect()
    gc.freeze()  # as the app should after start-up: no long full collections inside a query
    pairs = measure_queries(plain, enc, today, runs, warmup)
    visits = visits or write_candidates(plain, today, runs + warmup)
    pairs.append(measure_write(plain, enc, visits, warmup))
    return Session(pairs, plain, enc, visits)


def investigate(files: Files, today: date, runs: int, warmup: int) -> int:
    """The judged ratios under each candidate pragma; a fresh pair of connections each time."""
    print(f"{'pragma on both connections':<38} {'overdue':>16} {'count_open':>16} {'write':>16}")
    print(f"{'':<38} {'(unencr→ratio)':>16} {'(unencr→ratio)':>16} {'(unencr→ratio)':>16}")
    visits = None
    for pragmas in CANDIDATES:
        session = run_pragmas(files, today, pragmas, runs, warmup, visits)
        session.close()
        visits = session.visits
        cells = [f"{fmt_ms(p.plain_median)} {p.ratio:.2f}x" for p in session.pairs]
        label = "; ".join(s.removeprefix("PRAGMA ") for s in pragmas) or "(none: as opened)"
        print(f"{label:<38} " + " ".join(f"{c:>16}" for c in cells))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    parser.add_argument("--barn", type=int, default=2000, help="new children a year (2000)")
    parser.add_argument("--ar", type=int, default=10, help="years of history (10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dato", type=date.fromisoformat, default=None,
                        help="the generator's and the queries' 'today' (default: the recorded "
                             f"date of an existing build, else {DEFAULT_TODAY.isoformat()})")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per measurement (50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs first (5)")
    parser.add_argument("--pragma", action="append", default=[], metavar="SQL",
                        help="a statement run on both connections after opening, e.g. "
                             "'cache_size = -65536' (repeatable)")
    parser.add_argument("--investigate", action="store_true",
                        help="measure under each candidate pragma instead")
    parser.add_argument("--rebuild", action="store_true", help="build the files again")
    args = parser.parse_args(argv)
    runs, warmup = max(3, args.runs), max(1, args.warmup)
    pragmas = [s if s.upper().startswith("PRAGMA") else f"PRAGMA {s}" for s in args.pragma]

    started = time.perf_counter()
    files = ensure_files(args.out, barn=args.barn, ar=args.ar, seed=args.seed, today=args.dato,
                         rebuild=args.rebuild)
    today = date.fromisoformat(files.info["dato"])
    print()
    if args.investigate:
        return investigate(files, today, runs, warmup)

    session = run_pragmas(files, today, pragmas, runs, warmup)
    pairs = session.pairs
    try:
        print_setup(files, session.enc, session.plain, pragmas)
        t_repo, t_reg = measure_audit(session.enc, files.encrypted, files.key, session.visits,
                                      warmup)
    finally:
        session.close()
    print()
    print_table(pairs)
    repo_ms, reg_ms = statistics.median(t_repo), statistics.median(t_reg)
    print()
    print(f"Audit row (information, no target), encrypted file, {len(t_reg)} writes each: "
          f"Repository.save {fmt_ms(repo_ms)}, Register.save {fmt_ms(reg_ms)} "
          f"(+{fmt_ms(reg_ms - repo_ms)}, {reg_ms / repo_ms:.2f}x: role check, audit row with "
          f"its hash chain). The audit rows stay in {files.encrypted.name}.")
    print(f"Total time {time.perf_counter() - started:.0f} s.")
    over = [p for p in pairs if not p.ok]
    unsure = [p for p in pairs if p.ok != (p.paired_ratio <= TARGET)]
    if unsure:
        print(f"Note: the ratio of the medians and the paired ratio disagree on the target for "
              f"{', '.join(p.name for p in unsure)}: the machine was noisy (load average now "
              f"{load_average()}); run again with more --runs on a quiet machine.")
    if over:
        print(f"TARGET MISSED: encryption costs more than {TARGET}x in: "
              + "; ".join(f"{p.name} {p.ratio:.2f}x" for p in over))
        print("  Try --investigate; see bench/README.md (bench_encryption) for the cause and fix.")
        return 1
    print(f"Encryption within the target (≤ {TARGET}x on the median) for every measurement.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
