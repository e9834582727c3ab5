"""The placement facts of the leader's report read in SQL (``core.placements.PlacementFacts``):
the same facts ``core.placements.placement_facts`` reads from case files, so both report paths
lay out the same tables (``core.placement_report.placement_tables_from``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from core.codes import PLACEMENT_CODES
from core.model import Lovhjemmel, Tiltak
from core.placements import FOSTER_HOME_CODES, PlacementFacts, Wait, is_temporary, waits
from storage.rows import day


def _marks(codes: frozenset[str]) -> tuple[str, list[str]]:
    values = sorted(codes)
    return ", ".join("?" * len(values)), values


def placement_facts(conn: Any, start: date, end: date) -> PlacementFacts:
    """Temporary placements that ended on or after ``start`` or still run, every wait for a
    foster home (ended by a move-in or by the case's end), and the moves in [start, end] of
    each child placed or moved then."""
    placed, placed_args = _marks(PLACEMENT_CODES)
    temporary = []
    for kode, lov, kapittel, paragraf, ledd, first, last in conn.execute(
            "SELECT kategori_kode, lov, kapittel, paragraf, ledd, startdato, sluttdato "
            f"FROM tiltak WHERE kategori_kode IN ({placed}) "
            "AND (sluttdato IS NULL OR sluttdato >= ?) ORDER BY id",
            (*placed_args, start.isoformat())):
        t = Tiltak(0, kode, date.fromisoformat(first), Lovhjemmel(lov, kapittel, paragraf, ledd),
                   sluttdato=day(last))
        if is_temporary(t):
            temporary.append((t.startdato, t.sluttdato))

    needs: dict[int, list[date]] = defaultdict(list)
    for sak_id, need in conn.execute("SELECT sak_id, fosterhjem_behov_dato FROM vedtak "
                                     "WHERE fosterhjem_behov_dato IS NOT NULL"):
        needs[sak_id].append(date.fromisoformat(need))
    homes, home_args = _marks(FOSTER_HOME_CODES)
    move_ins: dict[int, list[date]] = defaultdict(list)
    for sak_id, first in conn.execute(
            f"SELECT sak_id, startdato FROM tiltak WHERE kategori_kode IN ({homes}) AND sak_id IN "
            "(SELECT sak_id FROM vedtak WHERE fosterhjem_behov_dato IS NOT NULL)", home_args):
        move_ins[sak_id].append(date.fromisoformat(first))
    case_ends = {sak_id: day(last) for sak_id, last in conn.execute(
        "SELECT id, sluttdato FROM saker WHERE sluttdato IS NOT NULL AND id IN "
        "(SELECT sak_id FROM vedtak WHERE fosterhjem_behov_dato IS NOT NULL)")}
    all_waits: list[Wait] = []
    for sak_id in sorted(needs):
        all_waits += waits(needs[sak_id], move_ins.get(sak_id, ()), case_ends.get(sak_id))

    moves: dict[int, int] = {}
    for (sak_id,) in conn.execute(
            f"SELECT DISTINCT sak_id FROM tiltak WHERE kategori_kode IN ({placed}) "
            "AND startdato <= ? AND (sluttdato IS NULL OR sluttdato >= ?)",
            (*placed_args, end.isoformat(), start.isoformat())):
        moves[sak_id] = 0
    for sak_id, n in conn.execute("SELECT sak_id, COUNT(*) FROM flyttinger "
                                  "WHERE dato BETWEEN ? AND ? GROUP BY sak_id",
                                  (start.isoformat(), end.isoformat())):
        moves[sak_id] = int(n)
    return PlacementFacts(tuple(temporary), tuple(all_waits), moves)
