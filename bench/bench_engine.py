"""Measure the deadline engine on the Oslo-size register (see ``bench/build_oslo.py``).

    python -m bench.bench_engine [--db PATH] [--repeat N] [--repeat-recompute M] [--dato D]
                                 [--profile {recompute,write}] [--pragma SQL ...]

Every measurement is timed with ``time.perf_counter`` and repeated; the table shows the median
and the maximum of the runs against the targets of issue #2 (2-core machine):

* full recompute (``Repository.recompute_all``)             < 30 s
* "all overdue today" (``open_deadlines(status="forfalt")``) < 20 ms, and ``count_open``;
  the overdue list within 1.5× of a hand-written sqlite3 query returning the same rows
* one write with its deadline update, committed              < 10 ms

The caseworker's 14-day list has no target of its own in the issue; it is held to the same
20 ms as the overdue list, since it is the other list a caseworker opens every day. Loading one
case file (``Repository.case``) is shown without a target.

The register is encrypted (SQLCipher), as the product makes it. The engine is measured at
storage level: the data key is unwrapped from demo's key slot (timed separately) and the
``Repository`` works on the opened file, without sign-in or audit rows; ``bench_encryption``
compares with an unencrypted file and measures the audit row of the application layer.

Queries run once untimed first (a running app has a warm cache). Writes go through
``Repository.save`` in their own transaction (commit included) on a different case each run and
are undone (untimed) afterwards, so the database stays as built. The exit code is always 0:
these are measurements, not tests; a missed target is printed clearly.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build_oslo import DEFAULT_DB, data_key, open_oslo_repository, read_build_info
from core.model import Besok, Melding, VisitKind
from core.validation import validate
from service import register_state
from storage import Repository, driver

MS = 1e-3
T = TypeVar("T")


@dataclass
class Result:
    name: str
    times: list[float]  # seconds
    target: float | None  # seconds
    detail: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def worst(self) -> float:
        return max(self.times)

    @property
    def ok(self) -> bool | None:
        """Judged on the median; None without a target."""
        return None if self.target is None else self.median < self.target


def timed(fn: Callable[[], object]) -> float:
    return timed_call(fn)[0]


def timed_call(fn: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def repeat_query(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm-up, not counted
    return [timed(fn) for _ in range(repeat)]


# --- write candidates -------------------------------------------------------------------------


def visit_candidates(repo: Repository, today: date, visit_day: date) -> Iterator[Besok]:
    """New follow-up visits on running foster-home placements (one per case), valid to save."""
    seen: set[int] = set()
    for row in repo.open_deadlines(today, rule_ids=["oppfolging.besok"]):
        d = row.deadline
        if d.sak_id in seen:
            continue
        seen.add(d.sak_id)
        visit = Besok(tiltak_id=d.gjelder_id, kind=VisitKind.OPPFOLGING, dato=visit_day)
        if not validate(visit, repo.case(d.sak_id), date.today()):
            yield visit


def conclusion_candidates(repo: Repository, today: date, day: date
                          ) -> Iterator[tuple[Melding, Melding]]:
    """(stored, concluded) pairs for open meldinger (one per case), the conclusion valid."""
    seen: set[int] = set()
    for row in repo.open_deadlines(today, rule_ids=["melding.gjennomgang"]):
        d = row.deadline
        if d.sak_id in seen:
            continue
        seen.add(d.sak_id)
        case = repo.case(d.sak_id)
        stored = case.melding(d.gjelder_id)
        if stored is None:
            continue
        for kode in ("10", "1", "2"):  # henlagt (current code, older code), undersøkes
            concluded = replace(stored, konklusjon_kode=kode, konklusjon_dato=max(day,
                                                                                  stored.mottatt))
            if not validate(concluded, case, date.today()):
                yield stored, concluded
                break


def measure_writes(repo: Repository, today: date, repeat: int) -> list[Result]:
    """Save a new visit / a melding conclusion, each on a different case; undo afterwards."""
    day = min(today, date.today())  # validation refuses dates after the real today
    results = []

    visits = list(islice(visit_candidates(repo, today, day), repeat + 1))
    if len(visits) > 1:
        times = []
        for i, visit in enumerate(visits):
            t, saved = timed_call(lambda v=visit: repo.save(v))
            repo.delete(saved)
            if i:  # the first is the warm-up
                times.append(t)
        results.append(Result("write: new Besok + deadlines", times, 10 * MS,
                              f"{len(times)} cases"))
    else:
        print("! no running foster-home placement found: visit write not measured")

    pairs = list(islice(conclusion_candidates(repo, today, day), repeat + 1))
    if len(pairs) > 1:
        times = []
        for i, (stored, concluded) in enumerate(pairs):
            t = timed(lambda c=concluded: repo.save(c))
            repo.save(stored)
            if i:
                times.append(t)
        results.append(Result("write: conclude melding + deadlines", times, 10 * MS,
                              f"{len(times)} cases"))
    else:
        print("! no open melding found: conclusion write not measured")
    return results


# --- the measurements -------------------------------------------------------------------------


def busiest_caseworker(repo: Repository, today: date, horizon: date) -> str:
    counts: dict[str, int] = {}
    for row in repo.open_deadlines(today, horizon=horizon):
        counts[row.saksbehandler] = counts.get(row.saksbehandler, 0) + 1
    return max(sorted(counts), key=lambda name: counts[name]) if counts else ""


OVERDUE_RATIO_TARGET = 1.5
HAND_WRITTEN_OVERDUE = (
    "SELECT f.rule_id, f.sak_id, f.gjelder, f.gjelder_id, f.seq, f.frist, f.varsel_fra, "
    "f.oppfylt_dato, f.ikke_oppfylt_dato, f.forklaring, f.lokal, s.navn, s.journalnummer, "
    "s.saksbehandler, COALESCE(NULLIF(s.team, ''), cw.team, '') "
    "FROM frister f JOIN saker s ON s.id = f.sak_id "
    "LEFT JOIN saksbehandlere cw ON cw.navn = s.saksbehandler "
    "WHERE f.oppfylt_dato IS NULL AND f.ikke_oppfylt_dato IS NULL AND f.ukjent = 0 "
    "AND f.frist < ? "
    "ORDER BY f.frist, s.navn_sortering, s.navn, f.rule_id, f.gjelder, f.gjelder_id, f.seq")


def run(repo: Repository, today: date, repeat: int, repeat_recompute: int) -> list[Result]:
    results: list[Result] = []

    overdue = repo.open_deadlines(today, status="forfalt")
    results.append(Result('"all overdue today": open_deadlines(status="forfalt")',
                          repeat_query(lambda: repo.open_deadlines(today, status="forfalt"),
                                       repeat), 20 * MS, f"{len(overdue)} rows"))
    # The same rows by a hand-written query on the same connection, returned as plain tuples:
    # what the repository adds (row objects, status) must cost at most half again (issue #9).
    # Timed in pairs, one after the other, so that a slower spell of the machine weighs on both
    # sides; judged on the median of the pairs' ratios.
    rows = repo._conn.execute(HAND_WRITTEN_OVERDUE, (today.isoformat(),)).fetchall()
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (o.deadline.rule_id, o.deadline.sak_id, o.deadline.seq) for o in overdue]
    pairs = [(timed(lambda: repo.open_deadlines(today, status="forfalt")),
              timed(lambda: repo._conn.execute(HAND_WRITTEN_OVERDUE,
                                               (today.isoformat(),)).fetchall()))
             for _ in range(max(repeat, 15))]
    ours, hand = [p[0] for p in pairs], [p[1] for p in pairs]
    ratio = statistics.median(o / h for o, h in pairs)
    results.append(Result(f"  the same list within {OVERDUE_RATIO_TARGET}× a hand-written query",
                          [ratio * statistics.median(hand)], OVERDUE_RATIO_TARGET
                          * statistics.median(hand),
                          f"hand-written {statistics.median(hand) * 1000:.2f} ms, ours "
                          f"{statistics.median(ours) * 1000:.2f} ms, median ratio of "
                          f"{len(pairs)} pairs {ratio:.2f}"))
    counts = repo.count_open(today)
    results.append(Result("count_open(today)",
                          repeat_query(lambda: repo.count_open(today), repeat), 20 * MS,
                          ", ".join(f"{s.value} {n}" for s, n in counts.items())))

    horizon = today + timedelta(days=14)
    worker = busiest_caseworker(repo, today, horizon)
    mine = repo.open_deadlines(today, saksbehandler=worker, horizon=horizon)
    results.append(Result("caseworker's next 14 days (busiest caseworker)",
                          repeat_query(lambda: repo.open_deadlines(
                              today, saksbehandler=worker, horizon=horizon), repeat),
                          20 * MS, f"{len(mine)} rows"))

    with_overdue = sorted({r.deadline.sak_id for r in overdue}) or [1]
    sak_ids = with_overdue[::max(1, len(with_overdue) // repeat)][:repeat]
    repo.case(sak_ids[0])
    results.append(Result("case(sak_id): load one case file",
                          [timed(lambda s=s: repo.case(s)) for s in sak_ids], None,
                          f"{len(sak_ids)} cases"))

    results.extend(measure_writes(repo, today, repeat))

    counted: list[int] = []
    times = [timed(lambda: counted.append(repo.recompute_all())) for _ in range(repeat_recompute)]
    results.append(Result("full recompute: recompute_all()", times, 30.0,
                          f"{counted[-1]} deadlines"))
    return results


# --- output -----------------------------------------------------------------------------------


def fmt_seconds(s: float) -> str:
    return f"{s:.2f} s" if s >= 1 else f"{s / MS:.2f} ms"


def print_table(results: Sequence[Result]) -> None:
    headers = ("measurement", "median", "max", "target", "result", "runs", "")
    rows = [(r.name, fmt_seconds(r.median), fmt_seconds(r.worst),
             "-" if r.target is None else f"< {fmt_seconds(r.target)}",
             {True: "OK", False: "OVER", None: "-"}[r.ok], str(len(r.times)), r.detail)
            for r in results]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    right = {1, 2, 3, 5}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def print_machine(repo: Repository, db: Path) -> None:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print(f"machine: {platform.machine()} {platform.system()} {platform.release()}, "
          f"nproc {affinity or os.cpu_count()} (cpu_count {os.cpu_count()}), "
          f"{_cpu_model()}")
    print(f"python {platform.python_version()} ({platform.python_implementation()}), "
          f"SQLite {driver.SQLITE_VERSION}, {cipher_version(repo)}")
    size = sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists())
    print(f"register: {db} ({size / 2**20:.0f} MiB, encrypted)")
    stats = repo.stats()
    print("  " + ", ".join(f"{t} {n}" for t, n in stats.items() if n))


def cipher_version(repo: Repository) -> str:
    row = repo.db.conn.execute("PRAGMA cipher_version").fetchone()
    return f"SQLCipher {row[0]}" if row else "no SQLCipher"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def profile(repo: Repository, today: date, what: str) -> None:
    """cProfile one recompute or a series of writes; the top 25 functions by own time."""
    prof = cProfile.Profile()
    if what == "recompute":
        prof.runcall(repo.recompute_all)
    else:
        prof.runcall(measure_writes, repo, today, 20)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"default {DEFAULT_DB}")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (5)")
    parser.add_argument("--repeat-recompute", type=int, default=None,
                        help="runs of the full recompute (default: --repeat, at most 3)")
    parser.add_argument("--dato", type=date.fromisoformat, default=None,
                        help="'today' for the queries (default: the build date of the database)")
    parser.add_argument("--profile", choices=("recompute", "write"),
                        help="profile one part with cProfile instead of measuring")
    parser.add_argument("--pragma", action="append", default=[], metavar="SQL",
                        help="a statement run on the connection after opening, to try a setting "
                             "(e.g. 'cache_size = -65536'; repeatable)")
    args = parser.parse_args(argv)

    db: Path = args.db
    if not db.exists():
        print(f"{db} does not exist; build it first: python -m bench.build_oslo --db {db}")
        return 0
    if register_state(db) != "encrypted":
        print(f"{db} is not an encrypted register (an older benchmark build?); rebuild it: "
              f"python -m bench.build_oslo --db {db} --rebuild")
        return 0
    info = read_build_info(db) or {}
    today = args.dato or date.fromisoformat(info.get("dato", date.today().isoformat()))
    repeat = max(1, args.repeat)
    repeat_recompute = max(1, args.repeat_recompute or min(repeat, 3))

    unwrap, key = timed_call(lambda: data_key(db))
    opened, repo = timed_call(lambda: open_oslo_repository(db, key=key))
    try:
        print_machine(repo, db)
        print(f"today: {today.isoformat()}; key unwrapped (argon2id) in {fmt_seconds(unwrap)}, "
              f"register opened in {fmt_seconds(opened)}")
        for sql in args.pragma:
            sql = sql if sql.upper().startswith("PRAGMA") else f"PRAGMA {sql}"
            repo.db.conn.execute(sql)
            print(f"extra setting: {sql}")
        if repo.needs_recompute():  # the rules changed since the build (as on a program update)
            took = timed(repo.ensure_current)
            print(f"stored deadlines were stale (rule code changed since the build): "
                  f"recomputed on open in {fmt_seconds(took)}")
        print()
        if args.profile:
            profile(repo, today, args.profile)
            return 0
        results = run(repo, today, repeat, repeat_recompute)
    finally:
        repo.close()
    print_table(results)
    print()
    missed = [r for r in results if r.ok is False]
    if missed:
        print(f"TARGET MISSED ({len(missed)}): " + "; ".join(
            f"{r.name} median {fmt_seconds(r.median)} ≥ {fmt_seconds(r.target or 0)}"
            for r in missed))
    else:
        print("All targets met (judged on the median).")
    over_max = [r for r in results if r.target is not None and r.worst >= r.target]
    if over_max:
        print("Note: the slowest run exceeded the target in: "
              + ", ".join(r.name for r in over_max))
        print("  Known sources of single slow runs (bench/README.md): a write whose commit "
              "triggers SQLite's WAL auto-checkpoint (every ~1000 pages, ~40 writes), and "
              "Python's full (generation 2) garbage collection during a query.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
