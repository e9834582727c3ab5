"""Bulk loading of case files: every table read once per batch of cases, grouped in Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from core.model import CaseFile, CodedValue, Frequency, Sak, VisitKind
from storage import rows as R
from storage.db import batched

DEFAULT_CHUNK = 4000


class CaseFilter:
    """A condition on sak_id, written only from fixed fragments and ``?`` placeholders."""

    def __init__(self, sql: str, args: tuple[int, ...]) -> None:
        self.sql = sql
        self.args = args

    @classmethod
    def one(cls, sak_id: int) -> CaseFilter:
        return cls("= ?", (sak_id,))

    @classmethod
    def between(cls, first: int, last: int) -> CaseFilter:
        return cls("BETWEEN ? AND ?", (first, last))

    @classmethod
    def any_of(cls, ids: Sequence[int]) -> CaseFilter:
        return cls(f"IN ({', '.join('?' * len(ids))})", tuple(ids))


def load_cases(conn: Any, where: CaseFilter) -> dict[int, CaseFile]:
    """The case files whose sak_id matches ``where`` (14 queries, whatever the number of cases)."""
    cond, args = where.sql, where.args

    queries = {
        "saker": f"SELECT {', '.join(R.SAK_COLS)}, versjon FROM saker WHERE id {{cond}} "
                 "ORDER BY id",
        "melder": "SELECT c.melding_id, c.kode, c.presisering FROM melding_melder c "
                  "JOIN meldinger m ON m.id = c.melding_id WHERE m.sak_id {cond} ORDER BY c.rowid",
        "innhold": "SELECT c.melding_id, c.kode, c.presisering FROM melding_saksinnhold c "
                   "JOIN meldinger m ON m.id = c.melding_id WHERE m.sak_id {cond} "
                   "ORDER BY c.rowid",
        "grunnlag": "SELECT c.undersokelse_id, c.kode, c.presisering "
                    "FROM undersokelse_vedtaksgrunnlag c JOIN undersokelser u "
                    "ON u.id = c.undersokelse_id WHERE u.sak_id {cond} ORDER BY c.rowid",
        "hyppighet": "SELECT h.tiltak_id, h.type, h.startdato, h.per_aar FROM tiltak_hyppighet h "
                     "JOIN tiltak t ON t.id = h.tiltak_id WHERE t.sak_id {cond} ORDER BY h.rowid",
        "evalueringer": "SELECT e.plan_id, e.dato FROM plan_evalueringer e "
                        "JOIN planer p ON p.id = e.plan_id WHERE p.sak_id {cond} "
                        "ORDER BY e.rowid",
        "meldinger": _select("meldinger", R.MELDING_COLS),
        "undersokelser": _select("undersokelser", R.UNDERSOKELSE_COLS),
        "vedtak": _select("vedtak", R.VEDTAK_COLS),
        "tiltak": _select("tiltak", R.TILTAK_COLS),
        "planer": _select("planer", R.PLAN_COLS),
        "besok": f"SELECT t.sak_id, {', '.join('b.' + c for c in R.BESOK_COLS)} FROM besok b "
                 "JOIN tiltak t ON t.id = b.tiltak_id WHERE t.sak_id {cond} ORDER BY b.id",
        "ettervern": _select("ettervern", R.ETTERVERN_COLS),
        "flyttinger": _select("flyttinger", R.FLYTTING_COLS),
    }
    # All sent before any is read: one round trip to a server instead of fourteen.
    with batched(conn):
        cursors = {name: conn.execute(sql.format(cond=cond), args)
                   for name, sql in queries.items()}
        rows = {name: cursor.fetchall() for name, cursor in cursors.items()}

    versions: dict[int, int] = {}
    saker: dict[int, Sak] = {}
    for r in rows["saker"]:
        saker[r[0]] = R.sak_from(r)
        versions[r[0]] = r[len(R.SAK_COLS)]
    if not saker:
        return {}

    melder = _coded(rows["melder"])
    innhold = _coded(rows["innhold"])
    grunnlag = _coded(rows["grunnlag"])
    freq: dict[tuple[int, str], list[Frequency]] = defaultdict(list)
    for tiltak_id, kind, start, per_aar in rows["hyppighet"]:
        freq[tiltak_id, kind].append(Frequency(date.fromisoformat(start), per_aar))
    evals: dict[int, list[date]] = defaultdict(list)
    for plan_id, dato in rows["evalueringer"]:
        evals[plan_id].append(date.fromisoformat(dato))

    parts: dict[str, dict[int, list]] = {name: defaultdict(list) for name in
                                         ("meldinger", "undersokelser", "vedtak", "tiltak",
                                          "planer", "besok", "ettervern", "flyttinger")}
    empty: tuple = ()
    for r in rows["meldinger"]:
        parts["meldinger"][r[1]].append(
            R.melding_from(r, melder.get(r[0], empty), innhold.get(r[0], empty)))
    for r in rows["undersokelser"]:
        parts["undersokelser"][r[1]].append(R.undersokelse_from(r, grunnlag.get(r[0], empty)))
    for r in rows["vedtak"]:
        parts["vedtak"][r[1]].append(R.vedtak_from(r))
    oppf, tils = VisitKind.OPPFOLGING.value, VisitKind.TILSYN.value
    for r in rows["tiltak"]:
        parts["tiltak"][r[1]].append(R.tiltak_from(r, tuple(freq.get((r[0], oppf), empty)),
                                                   tuple(freq.get((r[0], tils), empty))))
    for r in rows["planer"]:
        parts["planer"][r[1]].append(R.plan_from(r, tuple(evals.get(r[0], empty))))
    for r in rows["besok"]:
        parts["besok"][r[0]].append(R.besok_from(r[1:]))
    for r in rows["ettervern"]:
        parts["ettervern"][r[1]].append(R.ettervern_from(r))
    for r in rows["flyttinger"]:
        parts["flyttinger"][r[1]].append(R.flytting_from(r))

    return {sak_id: CaseFile(sak, **{name: tuple(by_case.get(sak_id, empty))
                                     for name, by_case in parts.items()},
                             versjon=versions[sak_id])
            for sak_id, sak in saker.items()}


def iter_cases(conn: Any, chunk: int = DEFAULT_CHUNK) -> Iterator[CaseFile]:
    """Every case file in id order, loaded ``chunk`` cases at a time (bounded memory)."""
    ids = [r[0] for r in conn.execute("SELECT id FROM saker ORDER BY id")]
    for start in range(0, len(ids), chunk):
        batch = ids[start:start + chunk]
        cases = load_cases(conn, CaseFilter.between(batch[0], batch[-1]))
        for sak_id in batch:
            if sak_id in cases:
                yield cases[sak_id]


#: Cases with anything dated on or after :since, or a case, melding, investigation, tiltak or
#: plan still open, or a foster home needed (a wait can outlast everything else). A case
#: outside this set has nothing a report for a window starting at :since
#: could count: every figure counts acts dated in a period, or what is open or active on a
#: measurement date in it. Deadlines are not a reason of their own (an age limit years ahead
#: would make every child relevant): what they are counted for — a melding or investigation
#: in the window, an active plan or case — already is one. tests/test_report_stored.py proves
#: the figures equal those computed from every case.
_RELEVANT_SQL = """
SELECT id FROM saker WHERE sluttdato IS NULL OR sluttdato >= :since OR startdato >= :since
UNION SELECT sak_id FROM meldinger
    WHERE konklusjon_dato IS NULL OR konklusjon_dato >= :since OR mottatt >= :since
UNION SELECT sak_id FROM undersokelser
    WHERE konklusjon_dato IS NULL OR konklusjon_dato >= :since OR startdato >= :since
UNION SELECT sak_id FROM vedtak WHERE dato >= :since
UNION SELECT sak_id FROM tiltak WHERE sluttdato IS NULL OR sluttdato >= :since
    OR startdato >= :since
UNION SELECT sak_id FROM planer WHERE sluttdato IS NULL OR sluttdato >= :since
    OR startdato >= :since
UNION SELECT p.sak_id FROM plan_evalueringer e JOIN planer p ON p.id = e.plan_id
    WHERE e.dato >= :since
UNION SELECT t.sak_id FROM besok b JOIN tiltak t ON t.id = b.tiltak_id WHERE b.dato >= :since
UNION SELECT sak_id FROM ettervern WHERE tilbud_sendt >= :since OR konklusjon_dato >= :since
UNION SELECT sak_id FROM flyttinger WHERE dato >= :since
UNION SELECT sak_id FROM vedtak WHERE fosterhjem_behov_dato IS NOT NULL
ORDER BY 1
"""


def relevant_case_ids(conn: Any, since: date) -> list[int]:
    """The ids of the cases a report whose earliest period starts on ``since`` can count."""
    return [r[0] for r in conn.execute(_RELEVANT_SQL, {"since": since.isoformat()})]


def iter_cases_among(conn: Any, ids: Sequence[int],
                     chunk: int = DEFAULT_CHUNK) -> Iterator[CaseFile]:
    """The case files with these ids (ascending), loaded ``chunk`` at a time."""
    for start in range(0, len(ids), chunk):
        batch = ids[start:start + chunk]
        cases = load_cases(conn, CaseFilter.between(batch[0], batch[-1]))
        wanted = set(batch)
        for sak_id in sorted(cases):
            if sak_id in wanted:
                yield cases[sak_id]


def _select(table: str, cols: tuple[str, ...]) -> str:
    return f"SELECT {', '.join(cols)} FROM {table} WHERE sak_id {{cond}} ORDER BY id"


def _coded(rows: list[tuple]) -> dict[int, tuple[CodedValue, ...]]:
    grouped: dict[int, list[CodedValue]] = defaultdict(list)
    for parent, kode, presisering in rows:
        grouped[parent].append(CodedValue(kode, presisering))
    return {k: tuple(v) for k, v in grouped.items()}
