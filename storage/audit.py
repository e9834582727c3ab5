"""The audit log (revisjonslogg): one hash-chained row per access or change.

Each row's hash covers its own fields and the previous row's hash, and the newest row's id and
hash are kept in ``meta``; ``verify`` walks the chain, so an edited, deleted or inserted row — or
rows cut off the end — shows as a broken chain at a given position. The schema's triggers refuse
UPDATE and DELETE on the table. Rows never hold a fødselsnummer or a name in clear: callers pass
masked or hashed values (``core.audit``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage.dialect import NO_LIMIT

GENESIS = "0" * 64
META_HEAD = "revisjon_hode"
VERIFY_CHUNK = 5000


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log."""

    id: int
    tidspunkt: datetime
    bruker: str
    handling: str
    sak_id: int | None
    objekt: str
    detaljer: dict[str, Any]
    journalnummer: str = ""  # of the case, while it exists


@dataclass(frozen=True)
class ChainCheck:
    """The result of walking the chain: ``broken_at`` is the first position (row id) that
    does not follow from the one before, or None when the chain is intact."""

    rows: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def message(self) -> str:
        """One Norwegian sentence for the user."""
        if self.ok:
            return f"Revisjonsloggen er intakt ({self.rows} rader kontrollert)."
        return (f"Revisjonsloggen er brutt ved rad {self.broken_at}: {self.reason}. "
                "Noen kan ha endret eller slettet logginnslag utenom Fristvakt.")


def _digest(prev: str, row_id: int, when: str, bruker: str, handling: str,
            sak_id: int | None, objekt: str, detaljer: str) -> str:
    canonical = json.dumps([prev, row_id, when, bruker, handling, sak_id, objekt, detaljer],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _head(conn: Any) -> tuple[int, str]:
    """The row to chain the next one to: the last row, or the head recorded in ``meta`` when it
    is further on (rows were cut off the end; chaining to the recorded head keeps the gap
    visible to ``verify`` instead of closing it)."""
    row = conn.execute("SELECT id, hash FROM revisjonslogg ORDER BY id DESC LIMIT 1").fetchone()
    last = (int(row[0]), str(row[1])) if row else (0, GENESIS)
    head = conn.execute("SELECT value FROM meta WHERE key = ?", (META_HEAD,)).fetchone()
    recorded_id, _, recorded_hash = (head[0] if head else "").partition(":")
    if recorded_id.isdigit() and int(recorded_id) > last[0] and len(recorded_hash) == 64:
        return int(recorded_id), recorded_hash
    return last


def append(conn: Any, bruker: str, handling: str, *, sak_id: int | None = None,
           objekt: str = "", detaljer: dict[str, Any] | None = None,
           when: datetime | None = None) -> int:
    """Append one row inside the caller's write transaction; returns its id.

    On a shared register the server appends it (``fristvakt_revisjon`` in
    ``storage.pg_schema``): the server's clock and the signed-in role stand in the row, not
    ``when`` and ``bruker``, and nobody can write the table any other way.
    """
    if not conn.in_transaction:
        raise RuntimeError("append() must run inside a write transaction")
    text = json.dumps(detaljer or {}, ensure_ascii=False, sort_keys=True, default=_plain)
    if getattr(conn, "dialect", None) == "postgresql":
        return int(conn.execute("SELECT fristvakt_revisjon(?, ?, ?, ?)",
                                (handling, sak_id, objekt, text)).fetchone()[0])
    last_id, prev = _head(conn)
    row_id = last_id + 1
    stamp = (when or datetime.now().astimezone()).replace(microsecond=0).isoformat()
    digest = _digest(prev, row_id, stamp, bruker, handling, sak_id, objekt, text)
    conn.execute("INSERT INTO revisjonslogg (id, tidspunkt, bruker, handling, sak_id, objekt, "
                 "detaljer, forrige_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (row_id, stamp, bruker, handling, sak_id, objekt, text, prev, digest))
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                 "value = excluded.value", (META_HEAD, f"{row_id}:{digest}"))
    return row_id


def _plain(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def verify(conn: Any) -> ChainCheck:
    """Walk the whole chain from the first row (one read snapshot: its own transaction, or the
    caller's; rows others append meanwhile are not half seen)."""
    if conn.in_transaction:
        return _verify(conn)
    conn.execute("BEGIN")
    try:
        return _verify(conn)
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def _verify(conn: Any) -> ChainCheck:
    expected_id, prev, rows = 1, GENESIS, 0
    for chunk in _chunks(conn):
        for row_id, when, bruker, handling, sak_id, objekt, detaljer, forrige, digest in chunk:
            if row_id != expected_id:
                return ChainCheck(rows, expected_id, f"rad {expected_id} mangler")
            if forrige != prev:
                return ChainCheck(rows, row_id, "raden viser ikke til raden før")
            if _digest(prev, row_id, when, bruker, handling, sak_id, objekt, detaljer) != digest:
                return ChainCheck(rows, row_id, "innholdet i raden er endret")
            prev, expected_id, rows = digest, expected_id + 1, rows + 1
    head = conn.execute("SELECT value FROM meta WHERE key = ?", (META_HEAD,)).fetchone()
    recorded = head[0] if head else None
    actual = f"{expected_id - 1}:{prev}" if rows else None
    if recorded != actual:
        if recorded and recorded.split(":", 1)[0].isdigit():
            lost = int(recorded.split(":", 1)[0])
            if lost >= expected_id:
                return ChainCheck(rows, expected_id, f"rad {expected_id}–{lost} mangler i slutten")
        return ChainCheck(rows, max(expected_id - 1, 1), "siste rad stemmer ikke med loggens hode")
    return ChainCheck(rows)


def _chunks(conn: Any) -> Iterator[list[tuple]]:
    last = 0
    while True:
        chunk = conn.execute(
            "SELECT id, tidspunkt, bruker, handling, sak_id, objekt, detaljer, forrige_hash, hash "
            "FROM revisjonslogg WHERE id > ? ORDER BY id LIMIT ?", (last, VERIFY_CHUNK)).fetchall()
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


@dataclass(frozen=True)
class AuditFilter:
    """What the audit view asks for (all optional)."""

    bruker: str | None = None
    sak_id: int | None = None
    fra: date | None = None
    til: date | None = None
    handling: str | None = None
    journalnummer: str | None = None


def query(conn: Any, flt: AuditFilter, *, limit: int | None = None, newest_first: bool = True
          ) -> list[AuditEntry]:
    """Rows matching ``flt``."""
    terms: list[str] = ["1 = 1"]
    args: list[Any] = []
    if flt.bruker:
        terms.append("r.bruker = ?")
        args.append(flt.bruker)
    if flt.sak_id is not None:
        terms.append("r.sak_id = ?")
        args.append(flt.sak_id)
    if flt.journalnummer:
        terms.append("s.journalnummer = ?")
        args.append(flt.journalnummer.strip())
    if flt.fra:
        terms.append("r.tidspunkt >= ?")
        args.append(flt.fra.isoformat())
    if flt.til:
        terms.append("substr(r.tidspunkt, 1, 10) <= ?")
        args.append(flt.til.isoformat())
    if flt.handling:
        terms.append("r.handling = ?")
        args.append(flt.handling)
    order = "DESC" if newest_first else "ASC"
    sql = ("SELECT r.id, r.tidspunkt, r.bruker, r.handling, r.sak_id, r.objekt, r.detaljer, "
           "COALESCE(s.journalnummer, '') FROM revisjonslogg r "
           "LEFT JOIN saker s ON s.id = r.sak_id "
           f"WHERE {' AND '.join(terms)} ORDER BY r.id {order} LIMIT ?")
    args.append(NO_LIMIT if limit is None else limit)
    return [AuditEntry(i, datetime.fromisoformat(t), b, h, s, o, json.loads(d), j)
            for i, t, b, h, s, o, d, j in conn.execute(sql, args)]


#: What each ``handling`` means, for people reading the log.
ACTION_LABELS = {
    "register_opprettet": "Register opprettet",
    "register_kryptert": "Register kryptert",
    "innlogget": "Logget inn",
    "innlogging_feilet": "Mislykket innlogging",
    "apne_sak": "Åpnet sak",
    "sok": "Søk",
    "ssb_kontroll": "SSB-kontroller kjørt",
    "liste": "Liste over frister",
    "opprette": "Registrert",
    "endre": "Endret",
    "slette": "Slettet",
    "avvist": "Avvist (mangler tilgang)",
    "innstilling": "Innstilling endret",
    "maalsetting": "Målsetting endret",
    "saksbehandler": "Saksbehandler endret",
    "omberegn": "Frister beregnet på nytt",
    "import": "Import",
    "eksport": "Rapport eksportert",
    "eksport_revisjonslogg": "Revisjonslogg eksportert",
    "revisjonslogg_lest": "Revisjonslogg lest",
    "bruker_ny": "Ny bruker",
    "bruker_endret": "Bruker endret",
    "bruker_fjernet": "Bruker fjernet",
    "passord_endret": "Passord endret",
    "passord_tilbakestilt": "Passord tilbakestilt",
    "gjenopprettingsnokkel": "Gjenopprettingsnøkkel laget",
    "sikkerhetskopi": "Sikkerhetskopi",
    "gjenopprettet": "Gjenopprettet fra sikkerhetskopi",
    "kalender_eksportert": "Frister eksportert til kalender",
    "stikkprove_trukket": "Stikkprøve trukket",
    "stikkprove_vurdert": "Stikkprøve vurdert",
    "stikkprove_eksportert": "Stikkprøve eksportert",
}


def action_label(handling: str) -> str:
    return ACTION_LABELS.get(handling, handling)


def count(conn: Any) -> int:
    return int(conn.execute("SELECT count(*) FROM revisjonslogg").fetchone()[0])
