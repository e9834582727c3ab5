"""Computing deadlines in worker processes, for full recomputations of large registers.

The rules are pure Python and CPU-bound, so a full recompute of a big municipality uses every
core: each worker opens the database read-only, loads a range of cases, computes their deadlines
and returns the rows; the main process inserts them inside its write transaction. With WAL the
workers see the last committed case data, so this is only used when the case tables have no
uncommitted changes (the parameters in force are passed explicitly).

Opt-in (``Repository(..., workers=N)``): measured on 2 cores, 20,000 cases with 310,000 deadlines
took 6.2 s in one process and 7.3 s with two workers (process start and transfer cost more than
they save); a pathological 2.3 million deadlines took 45 s and 36 s. Worth it on more cores or
very large registers. Not used in a frozen (packaged) build unless the entry point calls
``multiprocessing.freeze_support()`` and sets ``storage.parallel.ALLOW_FROZEN = True``.
"""

from __future__ import annotations

import marshal
import multiprocessing
import pickle
import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from core.params import Params
from core.rules import Rule, compute_deadlines
from storage.loading import CaseFilter, load_cases
from storage.rows import Row, deadline_row

CHUNK = 1000  # most cases per task
MAX_WORKERS = 8
ALLOW_FROZEN = False


class WorkerError(Exception):
    """The worker processes could not do the job (the caller falls back to one process)."""


def worker_count(n_cases: int, requested: int, local_rules: Sequence[Rule]) -> int:
    """How many processes to use (1: compute in this process)."""
    if requested <= 1 or n_cases < 2:
        return 1
    if getattr(sys, "frozen", False) and not ALLOW_FROZEN:
        return 1
    try:
        pickle.dumps(tuple(local_rules))
    except (pickle.PicklingError, AttributeError, TypeError):
        return 1  # local rules built from closures cannot travel to another process
    return min(requested, MAX_WORKERS)


def compute_chunk(uri: str, first: int, last: int, params: Mapping[str, int | bool],
                  local_rules: tuple[Rule, ...]) -> bytes:
    """Worker: the deadline rows of the cases with first <= sak_id <= last, marshalled (rows
    hold only str, int and None; marshal is several times faster than pickle for them)."""
    conn = sqlite3.connect(uri, uri=True)
    try:
        cases = load_cases(conn, CaseFilter.between(first, last))
    finally:
        conn.close()
    p = Params.of(params)
    return marshal.dumps([deadline_row(d) for case in cases.values()
                          for d in compute_deadlines(case, p, local_rules)])


def parallel_rows(path: str, ids: Sequence[int], params: Params, local_rules: Sequence[Rule],
                  workers: int) -> Iterator[tuple[int, list[Row]]]:
    """(number of cases, deadline rows) per chunk of ``ids``, in order.

    Failures of the workers are raised as ``WorkerError``; closing the iterator early cancels
    the remaining tasks.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    size = max(1, min(CHUNK, -(-len(ids) // (workers * 4))))  # at least 4 tasks per worker
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)]
    values = dict(params.values)
    rules = tuple(local_rules)
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError) as e:
        raise WorkerError("Kunne ikke starte beregningsprosesser") from e
    futures: list[Future[bytes]] = []
    try:
        futures = [pool.submit(compute_chunk, uri, c[0], c[-1], values, rules) for c in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                rows = marshal.loads(future.result())
            except Exception as e:
                raise WorkerError("Beregningsprosessene feilet") from e
            yield len(chunk), rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
