"""Stored audit samples (stikkprøver): the draws, their drawn matters and review results, the
reviewers' workbook, and the tallies the leader's report counts (``core.samples``).

Functions take the caller's connection and run inside its transaction; the application layer
(``service.samples``) checks the role, holds the transaction and writes the audit row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.dates import fmt
from core.samples import Candidate, SampleKind, SampleTally
from storage.errors import NotFoundError


@dataclass(frozen=True)
class SampleRecord:
    """One draw: kind, period, size asked for, population, seed, who and when, and how far the
    review has come (``items`` drawn, ``reviewed``, of which ``avvik``)."""

    id: int
    kind: SampleKind
    start: date
    end: date
    size: int
    population: int
    seed: int
    drawn_by: str
    drawn_at: datetime
    items: int
    reviewed: int
    avvik: int


@dataclass(frozen=True)
class SampleItem:
    """One drawn matter (``nr`` in the order drawn) and its review. ``journalnummer`` is None
    when the case has been deleted since."""

    sample_id: int
    nr: int
    sak_id: int | None
    journalnummer: str | None
    gjelder: str
    gjelder_id: int
    saksbehandler: str
    fra: date
    til: date
    kode: str
    resultat: str | None
    merknad: str
    vurdert_av: str | None
    vurdert_tid: datetime | None


_SAMPLE_SQL = """
SELECT p.id, p.type, p.periode_fra, p.periode_til, p.storrelse, p.populasjon, p.seed,
       p.trukket_av, p.trukket_tid, count(i.nr), count(i.resultat),
       coalesce(sum(CASE WHEN i.resultat = 'avvik' THEN 1 ELSE 0 END), 0)
FROM stikkprove p LEFT JOIN stikkprove_sak i ON i.stikkprove_id = p.id
"""

_ITEM_SQL = """
SELECT i.stikkprove_id, i.nr, i.sak_id, s.journalnummer, i.gjelder, i.gjelder_id,
       i.saksbehandler, i.dato_fra, i.dato_til, i.kode, i.resultat, i.merknad, i.vurdert_av,
       i.vurdert_tid
FROM stikkprove_sak i LEFT JOIN saker s ON s.id = i.sak_id
"""


def _record(r: tuple) -> SampleRecord:
    return SampleRecord(r[0], SampleKind(r[1]), date.fromisoformat(r[2]), date.fromisoformat(r[3]),
                        r[4], r[5], r[6], r[7], datetime.fromisoformat(r[8]), r[9], r[10], r[11])


def _item(r: tuple) -> SampleItem:
    return SampleItem(r[0], r[1], r[2], r[3], r[4], r[5], r[6], date.fromisoformat(r[7]),
                      date.fromisoformat(r[8]), r[9], r[10], r[11], r[12],
                      datetime.fromisoformat(r[13]) if r[13] else None)


def insert_sample(conn: Any, kind: SampleKind, start: date, end: date, size: int,
                  population: int, seed: int, drawn_by: str, drawn_at: datetime,
                  drawn: Sequence[Candidate]) -> int:
    """Store a draw and its matters in the order drawn; returns its id."""
    cur = conn.execute(
        "INSERT INTO stikkprove (type, periode_fra, periode_til, storrelse, populasjon, seed, "
        "trukket_av, trukket_tid) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (kind.value, start.isoformat(), end.isoformat(), size, population, seed, drawn_by,
         drawn_at.isoformat()))
    sample_id = int(cur.fetchone()[0])
    conn.executemany(
        "INSERT INTO stikkprove_sak (stikkprove_id, nr, sak_id, gjelder, gjelder_id, "
        "saksbehandler, dato_fra, dato_til, kode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(sample_id, nr, c.sak_id, c.gjelder, c.gjelder_id, c.saksbehandler, c.fra.isoformat(),
          c.til.isoformat(), c.kode) for nr, c in enumerate(drawn, start=1)])
    return sample_id


def samples(conn: Any) -> list[SampleRecord]:
    """Every draw, newest first."""
    return [_record(r) for r in conn.execute(
        f"{_SAMPLE_SQL} GROUP BY p.id ORDER BY p.trukket_tid DESC, p.id DESC")]


def sample(conn: Any, sample_id: int) -> SampleRecord:
    """One draw; NotFoundError if it does not exist."""
    row = conn.execute(f"{_SAMPLE_SQL} WHERE p.id = ? GROUP BY p.id", (sample_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"Fant ikke stikkprøve nr. {sample_id}")
    return _record(row)


def sample_items(conn: Any, sample_id: int) -> list[SampleItem]:
    """The drawn matters of one draw, in the order drawn."""
    return [_item(r) for r in conn.execute(
        f"{_ITEM_SQL} WHERE i.stikkprove_id = ? ORDER BY i.nr", (sample_id,))]


def set_result(conn: Any, sample_id: int, nr: int, resultat: str | None, merknad: str,
               by: str, when: datetime) -> SampleItem:
    """Record (or clear, with ``resultat`` None) the review of one drawn matter; returns the
    item as it was before. NotFoundError for an item that does not exist."""
    found = conn.execute(f"{_ITEM_SQL} WHERE i.stikkprove_id = ? AND i.nr = ?",
                         (sample_id, nr)).fetchone()
    if found is None:
        raise NotFoundError(f"Fant ikke sak nr. {nr} i stikkprøve nr. {sample_id}")
    reviewed = resultat is not None
    conn.execute("UPDATE stikkprove_sak SET resultat = ?, merknad = ?, vurdert_av = ?, "
                 "vurdert_tid = ? WHERE stikkprove_id = ? AND nr = ?",
                 (resultat, merknad, by if reviewed else None,
                  when.isoformat() if reviewed else None, sample_id, nr))
    return _item(found)


def tallies(conn: Any, start: date, end: date) -> list[SampleTally]:
    """The draws made from ``start`` to ``end`` (by the day drawn) with each item's result
    and review day, for ``core.samples.samples_table``."""
    by_id: dict[int, tuple[SampleKind, date, list[tuple[str | None, date | None]]]] = {}
    for sample_id, kind, drawn, nr, resultat, vurdert in conn.execute(
            "SELECT p.id, p.type, substr(p.trukket_tid, 1, 10), i.nr, i.resultat, "
            "substr(i.vurdert_tid, 1, 10) FROM stikkprove p "
            "LEFT JOIN stikkprove_sak i ON i.stikkprove_id = p.id "
            "WHERE substr(p.trukket_tid, 1, 10) BETWEEN ? AND ? ORDER BY p.id, i.nr",
            (start.isoformat(), end.isoformat())):
        entry = by_id.setdefault(sample_id, (SampleKind(kind), date.fromisoformat(drawn), []))
        if nr is not None:
            entry[2].append((resultat, date.fromisoformat(vurdert) if vurdert else None))
    return [SampleTally(kind, drawn_on, tuple(items)) for kind, drawn_on, items in by_id.values()]


# --- the reviewers' workbook ----------------------------------------------------------------------

ITEM_HEADERS = ("Nr.", "Journalnummer", "Saksbehandler", "Gjelder", "Fra", "Til", "Kode",
                "Resultat", "Merknad", "Vurdert av", "Vurdert")
ITEM_WIDTHS = (6, 16, 22, 14, 12, 12, 8, 10, 50, 18, 12)
_GJELDER = {"melding": "Melding", "undersokelse": "Undersøkelse", "tiltak": "Tiltak"}
_FROM_TO = {SampleKind.HENLAGTE_MELDINGER: ("mottatt", "konkludert"),
            SampleKind.HENLAGTE_UNDERSOKELSER: ("startet", "konkludert"),
            SampleKind.KONKLUDERTE_UNDERSOKELSER: ("startet", "konkludert"),
            SampleKind.TILTAK_UTEN_PLAN: ("tiltaket startet", "lukket uten plan i tide")}


def write_sample_workbook(record: SampleRecord, items: Sequence[SampleItem], path: Path,
                          now: datetime) -> None:
    """The drawn list for the reviewers (internal: journal numbers and caseworkers, never a
    name or fødselsnummer); atomically, 0600. WorkbookError (Norwegian) when it cannot."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from storage.workbook import safe_text, save_atomic

    wb = Workbook()
    ws = wb.active
    ws.title = "Stikkprøve"
    wb.properties.creator = "Fristvakt"
    ws["A1"] = f"Stikkprøve nr. {record.id}: {record.kind.label}"
    ws["A1"].font = Font(bold=True, size=13)
    fra, til = _FROM_TO[record.kind]
    facts = [
        ("Periode", f"{fmt(record.start)}–{fmt(record.end)}"),
        ("Utvalg", f"{record.items} av {record.population} (ønsket {record.size})"),
        ("Frø", str(record.seed)),
        ("Trukket", f"{record.drawn_at:%d.%m.%Y %H:%M} av {record.drawn_by}"),
        ("Datoer", f"Fra = {fra}, til = {til}"),
        ("Tatt ut", f"{now:%d.%m.%Y %H:%M}. Intern liste for internkontroll: journalnummer, "
                    "ikke navn eller fødselsnummer. Skal ikke deles utenfor tjenesten."),
    ]
    for r, (label, text) in enumerate(facts, start=2):
        ws.cell(r, 1, label).font = Font(bold=True)
        safe_text(ws.cell(r, 2), text)
    top = len(facts) + 3
    for col, (title, width) in enumerate(zip(ITEM_HEADERS, ITEM_WIDTHS, strict=True), start=1):
        ws.cell(top, col, title).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, item in enumerate(items, start=top + 1):
        ws.cell(r, 1, item.nr)
        safe_text(ws.cell(r, 2), item.journalnummer or "(sak slettet)")
        safe_text(ws.cell(r, 3), item.saksbehandler)
        safe_text(ws.cell(r, 4), _GJELDER.get(item.gjelder, item.gjelder))
        ws.cell(r, 5, item.fra).number_format = "dd.mm.yyyy"
        ws.cell(r, 6, item.til).number_format = "dd.mm.yyyy"
        safe_text(ws.cell(r, 7), item.kode)
        safe_text(ws.cell(r, 8), item.resultat or "")
        safe_text(ws.cell(r, 9), item.merknad)
        safe_text(ws.cell(r, 10), item.vurdert_av or "")
        if item.vurdert_tid is not None:
            ws.cell(r, 11, item.vurdert_tid.date()).number_format = "dd.mm.yyyy"
    ws.freeze_panes = ws.cell(top + 1, 1)
    save_atomic(wb, Path(path))
