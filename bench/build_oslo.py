"""Build an Oslo-size benchmark database: 20,000 children with 10 years of history.

    python -m bench.build_oslo [--db PATH] [--barn 2000] [--ar 10] [--seed 1] [--dato D]
                               [--rebuild]

The synthetic municipality comes from ``core.demo.generate_municipality`` and is written with
``Repository.import_cases`` (cases and their deadlines in one transaction). An existing database
built with the same arguments is reused: a small ``<db>.bench.json`` beside it records the
arguments once the import has committed, so a half-built file is never mistaken for a complete
one. ``--rebuild`` always rebuilds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.demo import generate_municipality
from storage import Caseworker, StorageError, open_repository

DEFAULT_DB = Path("/tmp/fristvakt-oslo.db")
SIDECAR_SUFFIX = ".bench.json"


def sidecar(db: Path) -> Path:
    """The file recording how (and that) ``db`` was completely built."""
    return db.with_name(db.name + SIDECAR_SUFFIX)


def read_build_info(db: Path) -> dict | None:
    """The recorded build arguments of ``db``, or None when it is missing or incomplete."""
    try:
        info = json.loads(sidecar(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if db.exists() and isinstance(info, dict) else None


def is_complete(db: Path, wanted: dict) -> bool:
    """True if ``db`` was fully built with the arguments ``wanted`` and still holds them."""
    info = read_build_info(db)
    if info is None or any(info.get(k) != v for k, v in wanted.items()):
        return False
    repo = open_repository(db, "bench")
    try:
        stats = repo.stats()
    finally:
        repo.close()
    return stats["saker"] == info.get("saker") and stats["frister"] > 0


def safe_to_replace(db: Path) -> bool:
    """Only overwrite our own builds: a recorded build, or a Fristvakt file without cases (an
    interrupted import rolls back to that)."""
    if not db.exists() or sidecar(db).exists():
        return True
    try:
        repo = open_repository(db, "bench")
    except StorageError:
        return False
    try:
        return repo.stats()["saker"] == 0
    finally:
        repo.close()


def remove_database(db: Path) -> None:
    for path in (sidecar(db), db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def build(db: Path, *, barn: int, ar: int, seed: int, today: date) -> dict[str, int]:
    """Generate the municipality, import it into a new ``db`` and record the build."""
    remove_database(db)
    t0 = time.perf_counter()
    town = generate_municipality(today=today, children_per_year=barn, years=ar, seed=seed)
    t1 = time.perf_counter()
    print(f"Generated {len(town.cases)} cases in {t1 - t0:.1f} s")
    workers = [Caseworker(navn=c.navn, team=c.team, aktiv=True, er_leder=c.er_leder)
               for c in town.caseworkers]
    repo = open_repository(db, "bench")
    try:
        count = repo.import_cases(town.cases, workers)
        t2 = time.perf_counter()
        print(f"Imported with {count} deadlines in {t2 - t1:.1f} s "
              f"(build total {t2 - t0:.1f} s)")
        stats = repo.stats()
    finally:
        repo.close()
    info = {"barn": barn, "ar": ar, "seed": seed, "dato": today.isoformat(),
            "saker": stats["saker"], "bygget_sekunder": round(t2 - t0, 1)}
    sidecar(db).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return stats


def print_stats(stats: dict[str, int]) -> None:
    width = max(len(k) for k in stats)
    for table, n in stats.items():
        print(f"  {table:<{width}}  {n:>10,}".replace(",", " "))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"default {DEFAULT_DB}")
    parser.add_argument("--barn", type=int, default=2000, help="new children a year (2000)")
    parser.add_argument("--ar", type=int, default=10, help="years of history (10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dato", type=date.fromisoformat, default=None,
                        help="the generator's 'today' (ISO; default: the recorded date of an "
                             "existing build, else today)")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild even if the file is complete")
    args = parser.parse_args(argv)

    db: Path = args.db
    info = read_build_info(db)
    today = args.dato or (date.fromisoformat(info["dato"]) if info and "dato" in info
                          else date.today())
    wanted = {"barn": args.barn, "ar": args.ar, "seed": args.seed, "dato": today.isoformat()}
    started = time.perf_counter()
    if not args.rebuild and is_complete(db, wanted):
        repo = open_repository(db, "bench")
        try:
            stats = repo.stats()
        finally:
            repo.close()
        print(f"Reusing {db} (built for {today.isoformat()}, {args.barn} children/year × "
              f"{args.ar} years, seed {args.seed}); opened in "
              f"{time.perf_counter() - started:.1f} s")
    else:
        if not args.rebuild and not safe_to_replace(db):
            print(f"{db} exists and is not a benchmark database; choose another --db or pass "
                  "--rebuild to overwrite it", file=sys.stderr)
            return 2
        print(f"Building {db}: {args.barn} children/year × {args.ar} years, seed {args.seed}, "
              f"today {today.isoformat()}")
        stats = build(db, barn=args.barn, ar=args.ar, seed=args.seed, today=today)
    print("Rows per table:")
    print_stats(stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
