"""Build an Oslo-size benchmark register: 20,000 children with 10 years of history.

    python -m bench.build_oslo [--db PATH] [--barn 2000] [--ar 10] [--seed 1] [--dato D]
                               [--rebuild]

The register is made the way the product makes its demo (``service.opening.
create_demo_register``): an encrypted SQLCipher file with a key-slot file ``<db>.nokler`` beside
it, the person ``demo`` (password ``demo``, leder), and the synthetic municipality of
``core.demo.generate_municipality`` imported in one transaction with its deadlines and audit row.

An existing register built with the same arguments is reused: a small ``<db>.bench.json`` beside
it records the arguments once the import has committed, so a half-built file is never mistaken
for a complete one. ``--rebuild`` always rebuilds.

The benchmarks open the register with the helpers here: ``open_oslo_repository`` (storage level:
the data key unwrapped from demo's key slot, no sign-in, no audit rows) and ``sign_in_oslo``
(``service.sign_in`` as demo/demo, as the app and the command line do).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service import Register, create_demo_register, register_state, sign_in
from service.opening import DEMO_PASSWORD, DEMO_USER
from storage import Repository, StorageError, open_database
from storage.db import sidecar_files
from storage.keyslots import KeySlots, sidecar_path

OUT = Path(__file__).resolve().parent / "out"  # git-ignored
DEFAULT_DB = OUT / "oslo.db"
SIDECAR_SUFFIX = ".bench.json"
#: Recorded in the sidecar: what kind of file the build made (older builds were unencrypted
#: storage-level files and are rebuilt).
FORMAT = "kryptert demoregister"
#: The generator's default "today": the date of the figures in bench/README.md, so that a new
#: build holds the same data as the one measured there.
DEFAULT_TODAY = date(2026, 11, 23)


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


# --- opening the benchmark register -------------------------------------------------------------


def data_key(db: Path) -> bytes:
    """The register's data key, unwrapped from demo's key slot (argon2id, about 0.1-0.3 s)."""
    return KeySlots.load(db).unwrap(DEMO_USER, DEMO_PASSWORD)


def open_oslo_repository(db: Path, *, key: bytes | None = None, refresh: bool = False,
                         today: Callable[[], date] = date.today) -> Repository:
    """The register at storage level: no sign-in, no audit rows (what the engine measures)."""
    return Repository(open_database(db, key or data_key(db)), DEMO_USER, refresh=refresh,
                      today=today)


def sign_in_oslo(db: Path, *, today: Callable[[], date] = date.today,
                 check_integrity: bool = True) -> Register:
    """Sign in as demo/demo like the app (without the daily backup, which would be timed)."""
    return sign_in(db, DEMO_USER, DEMO_PASSWORD, today=today, daily_backup=False,
                   check_integrity=check_integrity)


def register_stats(db: Path) -> dict[str, int]:
    repo = open_oslo_repository(db)
    try:
        return repo.stats()
    finally:
        repo.close()


# --- the build ----------------------------------------------------------------------------------


def complete_stats(db: Path, wanted: dict) -> dict[str, int] | None:
    """The row counts of ``db`` if it was fully built with the arguments ``wanted`` and still
    holds them, else None."""
    info = read_build_info(db)
    if info is None or any(info.get(k) != v for k, v in wanted.items()):
        return None
    if register_state(db) != "encrypted" or not KeySlots.exists(db):
        return None
    try:
        stats = register_stats(db)
    except StorageError:
        return None
    return stats if stats["saker"] == info.get("saker") and stats["frister"] > 0 else None


def safe_to_replace(db: Path) -> bool:
    """Only overwrite our own builds: a recorded build, or a demo register without cases (an
    interrupted import rolls back to that)."""
    if not db.exists() or sidecar(db).exists():
        return True
    try:
        return register_stats(db)["saker"] == 0
    except StorageError:  # not a register, or demo/demo does not open it
        return False


def remove_database(db: Path) -> None:
    for path in (sidecar(db), db, *sidecar_files(db), sidecar_path(db)):
        path.unlink(missing_ok=True)


def build(db: Path, *, barn: int, ar: int, seed: int, today: date) -> dict[str, int]:
    """Make the demo register (generate + encrypted import) in a new ``db``; record the build."""
    remove_database(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    reg = create_demo_register(db, today, children_per_year=barn, years=ar, seed=seed)
    try:
        took = time.perf_counter() - started
        stats = reg.stats()
    finally:
        reg.close()
    print(f"Built the encrypted demo register in {took:.1f} s (generate + import with "
          f"{stats['frister']} deadlines)")
    info = {"format": FORMAT, "barn": barn, "ar": ar, "seed": seed, "dato": today.isoformat(),
            "saker": stats["saker"], "bygget_sekunder": round(took, 1),
            "bruker": DEMO_USER}
    sidecar(db).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return stats


def print_stats(stats: dict[str, int]) -> None:
    width = max(len(k) for k in stats)
    for table, n in stats.items():
        print(f"  {table:<{width}}  {n:>10,}".replace(",", " "))


def ensure_built(db: Path, *, barn: int = 2000, ar: int = 10, seed: int = 1,
                 today: date | None = None, rebuild: bool = False) -> dict[str, int] | None:
    """Reuse or build the register; None (message printed) if ``db`` is somebody else's file."""
    info = read_build_info(db)
    today = today or (date.fromisoformat(info["dato"]) if info and "dato" in info
                      else DEFAULT_TODAY)
    wanted = {"format": FORMAT, "barn": barn, "ar": ar, "seed": seed, "dato": today.isoformat()}
    started = time.perf_counter()
    stats = None if rebuild else complete_stats(db, wanted)
    if stats is not None:
        print(f"Reusing {db} (encrypted, built for {today.isoformat()}, {barn} children/year x "
              f"{ar} years, seed {seed}); opened in {time.perf_counter() - started:.1f} s")
        return stats
    if not rebuild and not safe_to_replace(db):
        print(f"{db} exists and is not a benchmark register; choose another --db or pass "
              "--rebuild to overwrite it", file=sys.stderr)
        return None
    print(f"Building {db}: {barn} children/year x {ar} years, seed {seed}, "
          f"today {today.isoformat()} (encrypted, user {DEMO_USER}/{DEMO_PASSWORD})")
    return build(db, barn=barn, ar=ar, seed=seed, today=today)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"default {DEFAULT_DB}")
    parser.add_argument("--barn", type=int, default=2000, help="new children a year (2000)")
    parser.add_argument("--ar", type=int, default=10, help="years of history (10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dato", type=date.fromisoformat, default=None,
                        help="the generator's 'today' (ISO; default: the recorded date of an "
                             f"existing build, else {DEFAULT_TODAY.isoformat()})")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild even if the file is complete")
    args = parser.parse_args(argv)

    stats = ensure_built(args.db, barn=args.barn, ar=args.ar, seed=args.seed, today=args.dato,
                         rebuild=args.rebuild)
    if stats is None:
        return 2
    print("Rows per table:")
    print_stats(stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
