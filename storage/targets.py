"""Targets (målsettinger) of the leader's scorecard: one share 0–1 per indicator and year.

The tables come from migration step 3 (``maalsettinger`` and ``maalsetting_historikk``). These
functions run on a connection inside the repository's transactions; the rest of the program uses
``Repository.targets``, ``set_targets`` and ``target_history``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.report import INDICATOR_KEYS, INDICATOR_SPECS

__all__ = ["TargetChange", "check_target", "check_year", "load_history", "load_targets",
           "write_targets"]

FIRST_YEAR, LAST_YEAR = 1900, 2200
_LABELS = {s.key: s.label for s in INDICATOR_SPECS}


@dataclass(frozen=True)
class TargetChange:
    """One recorded change of a target: who, when, from what to what (None = no target)."""

    indikator: str
    aar: int
    old: float | None
    new: float | None
    endret_av: str
    endret_tid: datetime

    @property
    def label(self) -> str:
        """The indicator's Norwegian label (the key itself for an indicator no longer known)."""
        return _LABELS.get(self.indikator, self.indikator)


def check_year(year: Any) -> int:
    """The year as int; ValueError (Norwegian) outside 1900–2200, TypeError if not a whole
    number."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError("Året må være et helt tall")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"Ugyldig år {year} (må være mellom {FIRST_YEAR} og {LAST_YEAR})")
    return year


def check_target(indikator: str, value: Any) -> float | None:
    """A valid target share (rounded to 6 decimals), or None for «no target».

    Raises ValueError (Norwegian) for an unknown indicator or a share outside 0–1 and TypeError
    for something that is not a number.
    """
    if indikator not in INDICATOR_KEYS:
        raise ValueError(f"Ukjent indikator «{indikator}»")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"Målet for «{_LABELS[indikator]}» må være et tall")
    share = float(value)
    if math.isnan(share) or not 0.0 <= share <= 1.0:
        raise ValueError(f"Målet for «{_LABELS[indikator]}» må være en andel mellom 0 og 1 "
                         "(0–100 %)")
    return round(share, 6)


def load_targets(conn: Any, year: int) -> dict[str, float]:
    """The targets set for ``year`` (indicators without a target are left out)."""
    return {key: float(value) for key, value in conn.execute(
        "SELECT indikator, verdi FROM maalsettinger WHERE aar = ?", (int(year),))
        if key in INDICATOR_KEYS}


def write_targets(conn: Any, year: int, values: Mapping[str, float | None],
                  user: str, when: str) -> int:
    """Store checked ``values`` for ``year`` and record each real change; returns how many.

    Runs inside the caller's transaction; ``values`` must already be checked (``check_target``).
    """
    old = load_targets(conn, year)
    changed = 0
    for key, new in values.items():
        before = old.get(key)
        if before == new:
            continue
        if new is None:
            conn.execute("DELETE FROM maalsettinger WHERE indikator = ? AND aar = ?", (key, year))
        else:
            conn.execute(
                "INSERT INTO maalsettinger (indikator, aar, verdi) VALUES (?, ?, ?) "
                "ON CONFLICT(indikator, aar) DO UPDATE SET verdi = excluded.verdi",
                (key, year, new))
        conn.execute(
            "INSERT INTO maalsetting_historikk (indikator, aar, gammel_verdi, ny_verdi, endret_av,"
            " endret_tid) VALUES (?, ?, ?, ?, ?, ?)", (key, year, before, new, user, when))
        changed += 1
    return changed


def load_history(conn: Any, indikator: str | None = None,
                 year: int | None = None) -> list[TargetChange]:
    """Recorded changes, newest first, optionally of one indicator and/or one year."""
    where, args = [], []
    if indikator is not None:
        where.append("indikator = ?")
        args.append(indikator)
    if year is not None:
        where.append("aar = ?")
        args.append(int(year))  # type: ignore[arg-type]  # mixed str/int parameters
    sql = ("SELECT indikator, aar, gammel_verdi, ny_verdi, endret_av, endret_tid "
           "FROM maalsetting_historikk")
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [TargetChange(k, y, o, n, who, datetime.fromisoformat(when))
            for k, y, o, n, who, when in conn.execute(sql + " ORDER BY id DESC", args)]
