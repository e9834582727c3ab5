"""SQL for the deadline lists: filtering, status and sorting done in SQLite.

User input only ever reaches SQL as bound parameters; sort keys and statuses are whitelisted.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.deadlines import Status
from storage.dialect import NO_LIMIT

STATUS_FILTERS = ("alle", "forfalt", "snart", "apen")
SORT_KEYS = ("frist", "status", "regel", "navn", "journalnummer", "saksbehandler")

OPEN_SQL = "f.oppfylt_dato IS NULL AND f.ikke_oppfylt_dato IS NULL AND f.ukjent = 0"
# Status of an open deadline on :today (Deadline.status for unmet, unclosed rows).
STATUS_SQL = ("CASE WHEN f.frist < :today THEN 'forfalt' "
              "WHEN f.varsel_fra <= :today THEN 'snart' ELSE 'apen' END")
STATUS_RANK_SQL = ("CASE WHEN f.frist < :today THEN 0 "
                   "WHEN f.varsel_fra <= :today THEN 1 ELSE 2 END")
TEAM_SQL = "COALESCE(NULLIF(s.team, ''), cw.team, '')"

_STATUS_WHERE = {
    "alle": None,
    "forfalt": "f.frist < :today",
    "snart": "f.varsel_fra <= :today AND f.frist >= :today",
    "apen": "f.varsel_fra > :today",
}

FROM_SQL = ("FROM frister f JOIN saker s ON s.id = f.sak_id "
            "LEFT JOIN saksbehandlere cw ON cw.navn = s.saksbehandler")

ROW_COLUMNS = ("f.rule_id, f.sak_id, f.gjelder, f.gjelder_id, f.seq, f.frist, f.varsel_fra, "
               "f.oppfylt_dato, f.ikke_oppfylt_dato, f.forklaring, f.lokal, "
               f"s.navn, s.journalnummer, s.saksbehandler, {TEAM_SQL}")


@dataclass(frozen=True)
class DeadlineFilter:
    """The filters of the open-deadline list."""

    today: date
    status: str = "alle"
    saksbehandler: str | None = None
    team: str | None = None
    rule_ids: Collection[str] | None = None
    search: str | None = None
    horizon: date | None = None
    lokal: bool | None = None
    #: Access scope (a saksbehandler's view): only this caseworker's cases and, when set, the
    #: cases of this team. None = every case.
    scope: tuple[str, str] | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        """WHERE clause (always including the open-row condition) and its parameters."""
        if self.status not in _STATUS_WHERE:
            raise ValueError(f"Ukjent status «{self.status}» (bruk {', '.join(STATUS_FILTERS)})")
        terms = [OPEN_SQL]
        params: dict[str, Any] = {"today": self.today.isoformat()}
        status_term = _STATUS_WHERE[self.status]
        if status_term:
            terms.append(status_term)
        if self.saksbehandler is not None:
            terms.append("s.saksbehandler = :saksbehandler")
            params["saksbehandler"] = self.saksbehandler
        if self.team is not None:
            terms.append(f"{TEAM_SQL} = :team")
            params["team"] = self.team
        if self.rule_ids is not None:
            names = [f"rule{i}" for i in range(len(self.rule_ids))]
            terms.append(f"f.rule_id IN ({', '.join(':' + n for n in names)})" if names else "0")
            params.update(zip(names, self.rule_ids, strict=True))
        if self.search and self.search.strip():
            terms.append("(instr(fold(s.navn), :search) > 0 "
                         "OR instr(fold(s.journalnummer), :search) > 0)")
            params["search"] = self.search.strip().casefold()
        if self.horizon is not None:
            terms.append("f.frist <= :horizon")
            params["horizon"] = self.horizon.isoformat()
        if self.lokal is not None:
            terms.append("f.lokal = :lokal")
            params["lokal"] = int(self.lokal)
        if self.scope is not None:
            terms.append(f"(s.saksbehandler = :scope_worker OR (:scope_team <> '' "
                         f"AND {TEAM_SQL} = :scope_team))")
            params["scope_worker"], params["scope_team"] = self.scope
        return " AND ".join(terms), params


def list_sql(flt: DeadlineFilter, sort: str, descending: bool, rule_order: Sequence[str],
             limit: int | None, offset: int) -> tuple[str, dict[str, Any]]:
    """SELECT for one page of the open-deadline list."""
    if sort not in SORT_KEYS:
        raise ValueError(f"Ukjent sortering «{sort}» (bruk {', '.join(SORT_KEYS)})")
    where, params = flt.where()
    if sort == "regel":
        names = [f"order{i}" for i in range(len(rule_order))]
        whens = " ".join(f"WHEN :{n} THEN {i}" for i, n in enumerate(names))
        primary = f"CASE f.rule_id {whens} ELSE {len(names)} END" if names else "f.rule_id"
        params.update(zip(names, rule_order, strict=True))
    else:
        primary = {
            "frist": "f.frist",
            "status": STATUS_RANK_SQL,
            "navn": "s.navn_sortering",
            "journalnummer": "s.journalnummer COLLATE norsk",
            "saksbehandler": "s.saksbehandler COLLATE norsk",
        }[sort]
    direction = "DESC" if descending else "ASC"
    order = (f"{primary} {direction}, f.frist, s.navn_sortering, s.navn, f.rule_id, f.gjelder, "
             "f.gjelder_id, f.seq")
    params["limit"] = NO_LIMIT if limit is None else int(limit)
    params["offset"] = int(offset)
    sql = (f"SELECT {ROW_COLUMNS} {FROM_SQL} WHERE {where} ORDER BY {order} "
           "LIMIT :limit OFFSET :offset")
    return sql, params


def count_sql(flt: DeadlineFilter, *, by_kind: bool = False) -> tuple[str, dict[str, Any]]:
    """Number of open deadlines per status (``by_kind``: per lokal flag and status)."""
    where, params = flt.where()
    if by_kind:
        return (f"SELECT f.lokal, {STATUS_SQL} AS status, count(*) {FROM_SQL} WHERE {where} "
                "GROUP BY 1, 2", params)
    return f"SELECT {STATUS_SQL} AS status, count(*) {FROM_SQL} WHERE {where} GROUP BY 1", params


OPEN_STATUSES = (Status.FORFALT, Status.SNART, Status.APEN)
