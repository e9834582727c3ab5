"""Copying a whole register from one database to another (a file and a server, either way).

Every table is copied row by row with its own ids, in an order where each row's references are
already there, inside the caller's transactions: a snapshot on the source, one write on the
target. The audit log goes as it is (ids, times, hashes), so its chain verifies on the target
exactly as on the source. ``TRANSFER_ORDER`` names every table of the schema; a new table in a
migration must be added here (a test compares it with the schema on both backends).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.db import ids_written
from storage.dialect import TABLE_COLUMNS, TABLES
from storage.errors import StorageError

#: Every table, parents before children (foreign keys), the audit log with the rest.
TRANSFER_ORDER = (
    "meta", "innstillinger", "innstilling_historikk", "maalsettinger", "maalsetting_historikk",
    "saksbehandlere", "brukere", "saker", "meldinger", "melding_melder", "melding_saksinnhold",
    "undersokelser", "undersokelse_vedtaksgrunnlag", "vedtak", "tiltak", "tiltak_hyppighet",
    "planer", "plan_evalueringer", "besok", "ettervern", "flyttinger", "frister", "ssb_id",
    "interne_frister", "stikkprove", "stikkprove_sak", "eksportlogg", "revisjonslogg",
)

#: Rows written per statement batch.
BATCH = 5000

#: Columns a backend adds by itself (PostgreSQL's insertion-order ``rowid``).
_OWN_COLUMNS = frozenset({"rowid"})

Progress = Callable[[str, int], None]


def tables(conn: Any) -> set[str]:
    """The register's tables (not the backend's own)."""
    return {r[0] for r in conn.execute(TABLES)}


def columns(conn: Any, table: str) -> list[str]:
    """The columns of ``table`` that belong to the register, in their order."""
    return [r[0] for r in conn.execute(TABLE_COLUMNS, (table,)) if r[0] not in _OWN_COLUMNS]


def check_empty(conn: Any) -> None:
    """Refuse a target that holds anything but what an empty register has."""
    for table in TRANSFER_ORDER:
        if table in ("meta", "innstillinger"):
            continue  # a new register has its own meta rows (overwritten) and no settings
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise StorageError("Målet er ikke tomt: registeret kan bare flyttes til et nytt, "
                               "tomt register")


def copy_tables(source: Any, target: Any, progress: Progress | None = None) -> dict[str, int]:
    """Copy every table from ``source`` to ``target`` (both at the same schema version, the
    target empty); returns the number of rows per table. Runs inside the callers'
    transactions."""
    have = tables(source)
    if have != set(TRANSFER_ORDER) or tables(target) != set(TRANSFER_ORDER):
        raise StorageError("Kilden og målet har ikke samme tabeller; oppgrader begge til samme "
                           "versjon av Fristvakt først")
    counts: dict[str, int] = {}
    for table in TRANSFER_ORDER:
        cols = columns(source, table)
        if set(cols) != set(columns(target, table)):
            raise StorageError(f"Tabellen «{table}» er ikke lik i kilden og målet; oppgrader "
                               "begge til samme versjon av Fristvakt først")
        order = "id" if "id" in cols else "rowid"
        names = ", ".join(cols)
        insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"
        if table == "meta":  # the target's own rows give way to the source's
            insert += " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        cursor = source.execute(f"SELECT {names} FROM {table} ORDER BY {order}")
        count = 0
        while batch := cursor.fetchmany(BATCH):
            target.executemany(insert, [tuple(row) for row in batch])
            count += len(batch)
            if progress is not None:
                progress(table, count)
        counts[table] = count
    ids_written(target, [t for t in TRANSFER_ORDER if "id" in columns(target, t)])
    return counts
