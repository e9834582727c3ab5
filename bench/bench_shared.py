"""The shared register on PostgreSQL beside the register in a file, at Oslo size, in one run.

    python -m bench.bench_shared --pg postgresql://eier@/postgres?host=/tmp/pg&port=5432
                                 [--db bench/out/oslo.db] [--runs N]

``--pg`` is an owner's address on a local server (the benchmark makes a new database there,
moves the Oslo register into it with ``flytt``'s use case, and drops it afterwards; the role
``demo`` must exist as a login role in ``fristvakt_bruker``, as README tells IT). Measured on
both backends, the median of ``--runs`` runs beside the target of issue #11:

* "all overdue today" (``open_deadlines(status="forfalt")``)   ≤ 20 ms
* one write with its deadline refresh, committed               ≤ 10 ms
* the year report (``load_report`` for the running year)        (no target of its own)

The exit code is always 0: these are measurements; a missed target is printed clearly.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.bench_engine import visit_candidates
from bench.build_oslo import DEFAULT_DB, read_build_info
from core.periods import parse_period
from service import Register, sign_in
from service.opening import DEMO_PASSWORD, DEMO_USER
from service.reports import DEFAULT_HISTORY, load_report
from service.shared import sign_in_shared
from service.transfer import move_register
from storage.pg import close_pools, with_user

MS = 1e-3


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up, not counted
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) / MS


def _write_ms(reg: Register, today: date, runs: int) -> float:
    """One new visit saved with its deadline refresh (committed), undone untimed afterwards."""
    repo = reg.repository_for_report()
    times = []
    for visit in islice(visit_candidates(repo, today, today), runs):
        started = time.perf_counter()
        saved = repo.save(visit)
        times.append(time.perf_counter() - started)
        repo.delete(saved)
    return statistics.median(times) / MS


def measure(reg: Register, today: date, runs: int) -> dict[str, float]:
    repo = reg.repository_for_report()
    year = parse_period(str(today.year))
    return {
        "overdue": _median_ms(lambda: repo.open_deadlines(today, status="forfalt"), runs),
        "write": _write_ms(reg, today, runs),
        "report": _median_ms(lambda: load_report(reg, year, history=DEFAULT_HISTORY),
                             max(3, runs // 5)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", required=True, help="an owner's address on a local server")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"default {DEFAULT_DB}")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    today = date.fromisoformat(read_build_info(args.db)["dato"])
    database = f"fristvakt_bench_{int(time.time())}"
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {database} TEMPLATE template0")
    parts = urlsplit(args.pg)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))
    folder = Path(tempfile.mkdtemp(prefix="fristvakt-bench-"))
    copy = folder / args.db.name  # the move logs itself in the source: work on a copy
    for suffix in ("", ".nokler"):
        shutil.copy(args.db.with_name(args.db.name + suffix), copy.with_name(copy.name + suffix))
    try:
        local = sign_in(copy, DEMO_USER, DEMO_PASSWORD, today=lambda: today,
                        daily_backup=False)
        try:
            started = time.perf_counter()
            moved = move_register(local, url)
            move_s = time.perf_counter() - started
            results = {"SQLite (fil)": measure(local, today, args.runs)}
        finally:
            local.close()
        shared = sign_in_shared(with_user(url, DEMO_USER), today=lambda: today)
        try:
            results["PostgreSQL (delt)"] = measure(shared, today, args.runs)
        finally:
            shared.close()
    finally:
        close_pools()
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    print(f"Oslo-størrelse: {moved.rows['saker']} saker, {moved.rows['frister']} frister; "
          f"flytt til serveren {move_s:.1f} s; median av {args.runs} målinger")
    targets = {"overdue": 20.0, "write": 10.0, "report": None}
    labels = {"overdue": "forfalte i dag (liste)", "write": "én lagring med frister",
              "report": "årsrapport (load_report)"}
    names = list(results)
    print(f"{'måling':<28}" + "".join(f"{n:>20}" for n in names) + f"{'mål':>10}")
    for key, label in labels.items():
        target = targets[key]
        cells = "".join(f"{results[n][key]:>17.1f} ms" for n in names)
        verdict = "" if target is None else (
            "  OK" if all(results[n][key] <= target for n in names) else "  BOM")
        print(f"{label:<28}{cells}{'' if target is None else f'{target:>7.0f} ms'}{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
