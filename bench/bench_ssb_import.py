"""Import an Oslo-size Barnevern v4 file (20,000 children) and time it against the 30 s target.

    python -m bench.bench_ssb_import [--db bench/out/oslo.db] [--repeat 3] [--rebuild-file]

The file is made once from the Oslo benchmark register (``bench.build_oslo``, signed in as
demo/demo with ``sign_in_oslo``): every one of its 20,000 cases written with the export's own code
(``storage.ssb_v4_write.export_case``, every document checked against the XSD) into
``bench/out/oslo-v4.zip`` — all cases, not only those of one year, so the file holds every child.
The year export through ``service.ssb.export_ssb`` is timed once beside it.

Each run imports the file with ``service.ssb.import_ssb`` into a new, empty, encrypted register
(made outside the timing): reading and validating every document, mapping, validating every
record, writing in one transaction with the deadlines and the audit row. The median of the runs
is printed beside the target (issue #10: ≤ 30 s), and one re-import of the same file into the
filled register (every case unchanged) after it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build_oslo import DEFAULT_DB, OUT, ensure_built, read_build_info, sign_in_oslo
from core.access import Role
from service import create_register
from service.ssb import export_ssb, import_ssb
from storage.ssb_v4 import Avgiver
from storage.ssb_v4_write import IdSource, export_case
from storage.ssb_xml import write_documents
from storage.users import User

TARGET_S = 30.0
DEFAULT_FILE = OUT / "oslo-v4.zip"
#: The benchmark municipality is the demo's fictional Fjordvik (kommunenummer 3999).
AVGIVER = Avgiver("999888777", "3999", "Fjordvik")


def make_file(db: Path, target: Path, today: date) -> tuple[int, float]:
    """Write every case of ``db`` as a v4 document into ``target``; (documents, seconds)."""
    started = time.perf_counter()
    reg = sign_in_oslo(db, today=lambda: today)
    try:
        repo = reg.repository_for_report()
        ids = IdSource(repo.ssb_namespace(), repo.ssb_ids())
        moment = datetime.now().astimezone()
        documents = []
        for case in repo.iter_cases():
            exported = export_case(case, ids, AVGIVER, moment)
            if exported.data is not None:
                documents.append((f"{exported.ssb_id}.xml", exported.data))
    finally:
        reg.close()
    write_documents(target, documents)
    return len(documents), time.perf_counter() - started


def time_year_export(db: Path, today: date, folder: Path) -> tuple[int, float]:
    reg = sign_in_oslo(db, today=lambda: today)
    try:
        result = export_ssb(reg, folder / "aar.zip", today.year, avgiver=AVGIVER,
                            source="benchmark")
    finally:
        reg.close()
    return result.cases, result.seconds


def empty_register(folder: Path, today: date):
    return create_register(folder / "tom.db", User("bench", "Benchmark", Role.LEDER),
                           "benchmark-passord", today=lambda: today)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild-file", action="store_true")
    args = parser.parse_args(argv)

    if ensure_built(args.db) is None:
        return 2
    info = read_build_info(args.db) or {}
    today = date.fromisoformat(info.get("dato", "2026-11-23"))
    if args.rebuild_file or not args.file.exists():
        count, took = make_file(args.db, args.file, today)
        print(f"Wrote {args.file} ({count} documents, "
              f"{args.file.stat().st_size / 1e6:.1f} MB) in {took:.1f} s")
    else:
        print(f"Reusing {args.file} ({args.file.stat().st_size / 1e6:.1f} MB)")

    times = []
    with tempfile.TemporaryDirectory(prefix="fristvakt-ssb-bench-") as tmp:
        folder = Path(tmp)
        cases, took = time_year_export(args.db, today, folder)
        print(f"export_ssb for {today.year}: {cases} cases in {took:.1f} s")
        for run in range(1, args.repeat + 1):
            run_dir = folder / f"run{run}"
            run_dir.mkdir()
            reg = empty_register(run_dir, today)
            try:
                started = time.perf_counter()
                result = import_ssb(reg, args.file)
                seconds = time.perf_counter() - started
                stats = reg.stats()
                if run == args.repeat:
                    started = time.perf_counter()
                    again = import_ssb(reg, args.file)
                    reimport = time.perf_counter() - started
            finally:
                reg.close()
            times.append(seconds)
            print(f"run {run}: {seconds:.1f} s — {len(result.new_cases)} new children, "
                  f"{len(result.rejected)} rejected, {stats['frister']} deadlines stored")
        print(f"re-import of the same file: {reimport:.1f} s — {again.unchanged} unchanged, "
              f"{len(again.new_cases) + len(again.updated_cases)} changed")
    median = statistics.median(times)
    verdict = "met" if median <= TARGET_S else "TARGET MISSED"
    print(f"\nImport of {result.documents} documents: median {median:.1f} s, max "
          f"{max(times):.1f} s over {len(times)} runs — target ≤ {TARGET_S:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
