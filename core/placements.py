"""Placements beyond the statutory deadlines: temporary placements that last too long, waiting for
a foster home, and moves (flyttinger). Pure: no Qt, no SQL, no clock.

What counts as a *temporary* placement (the decision)
-----------------------------------------------------
A placement tiltak (SSB «Plasseringstiltak», ``Tiltak.er_plassering``) is temporary when

* its category is meant to be temporary: **2.5** beredskapshjem utenom familie og nære nettverk
  or **2.6** midlertidig hjem i familie og nære nettverk (``TEMPORARY_CODES``) — whatever the
  legal basis, since a child can sit in a beredskapshjem as a hjelpetiltak, an akuttiltak or a
  care order (Bufdir's «botid i beredskapshjem», seed 004: on average 322 days); or
* it is an emergency placement (``is_emergency``): decided under bvl 2021 **kapittel 4**
  (§§ 4-1–4-5, akuttvedtak), or before 2023 under bvl 1992 **§ 4-6** (akutt), **§ 4-9**
  (midlertidig vedtak ved omsorgsovertakelse) or **§ 4-25 annet ledd** (midlertidig vedtak ved
  atferd) — an emergency decision is by law a bridge, whatever the category (institution,
  ordinary foster home …).

A temporary placement gets a *local* alert deadline («lokal rutine», not a legal fristbrudd) when
it has lasted the settable number of days (``midlertidig.varsel.dager``, default 90).

Waiting for a foster home (the decision)
----------------------------------------
The wait starts on the date a vedtak says the child needs a foster home
(``Vedtak.fosterhjem_behov_dato``) and ends when the child moves into one: the first start of a
foster-home tiltak (``FOSTER_HOME_CODES``: every fosterhjem category except the temporary 2.5
and 2.6 — moving into a beredskapshjem does not end the wait) on or after that date. Several need
dates ended by the same move are one wait, counted from the earliest. When the case ends
(``Sak.sluttdato``) before any such move, the wait ends with it, *without* a foster home
(``Wait.avsluttet``): it is counted apart, never as a waiting time of a child that moved in or
is still waiting. A case ending on a day ends the wait that day (as a move-in does): the child
is no longer waiting on it. A need dated after the case ended is no wait.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.codes import FOSTERHJEM_CODES
from core.model import CaseFile, Lovhjemmel, Tiltak

TEMPORARY_RULE = "midlertidig.varighet"
THRESHOLD_PARAM = "midlertidig.varsel.dager"

#: Categories meant to be temporary: beredskapshjem (2.5) and midlertidig hjem (2.6).
TEMPORARY_CODES: frozenset[str] = frozenset({"2.5", "2.6"})
#: A foster home that ends a wait: every foster-home category but the temporary ones.
FOSTER_HOME_CODES: frozenset[str] = FOSTERHJEM_CODES - TEMPORARY_CODES

#: Report buckets of a duration in days (waiting time and time in temporary placement).
DAY_BUCKETS: tuple[tuple[int, int | None, str], ...] = (
    (0, 29, "Under 30 dager"), (30, 90, "30–90 dager"), (91, 180, "91–180 dager"),
    (181, None, "Over 180 dager"))


def is_emergency(h: Lovhjemmel) -> bool:
    """An emergency (interim) legal basis: bvl 2021 kapittel 4, or bvl 1992 § 4-6, § 4-9 or
    § 4-25 annet ledd."""
    if h.lov == "BVL2021":
        return h.kapittel.strip() == "4"
    if h.is_paragraph("BVL", "4", "6") or h.is_paragraph("BVL", "4", "9"):
        return True
    return h.is_paragraph("BVL", "4", "25") and h.ledd.strip() == "2"


def is_temporary(t: Tiltak) -> bool:
    """A temporary placement (see the module docstring)."""
    return t.er_plassering and (t.kategori_kode in TEMPORARY_CODES or is_emergency(t.lovhjemmel))


def days_between(start: date, end: date) -> int:
    """Whole days from ``start`` to ``end`` (0 on the same day)."""
    return (end - start).days


def placement_days(t: Tiltak, day: date) -> int | None:
    """Days the placement had lasted on ``day`` (to its end if it ended before); None if it had
    not started."""
    if t.startdato > day:
        return None
    return days_between(t.startdato, min(day, t.sluttdato) if t.sluttdato else day)


def days_from_deadline(frist: date, threshold: int, today: date) -> int:
    """Days in placement on ``today`` read off a stored alert deadline: it falls ``threshold``
    days after the start (no roll-over), so the start is ``frist - threshold``."""
    return threshold + days_between(frist, today)


def day_bucket(days: int) -> int:
    """Index of ``days`` in ``DAY_BUCKETS``."""
    for i, (low, high, _label) in enumerate(DAY_BUCKETS):
        if days >= low and (high is None or days <= high):
            return i
    return 0  # negative: never produced (dates are checked), counted as the shortest


# --- waiting for a foster home --------------------------------------------------------------------


@dataclass(frozen=True)
class Wait:
    """One wait for a foster home: from the need date to the move-in (None: not moved in), or
    to the case's end without a foster home (``avsluttet``; None: the case did not end first)."""

    behov: date
    flyttet_inn: date | None
    avsluttet: date | None = None

    @property
    def ended(self) -> date | None:
        """The day the wait ended, by a move-in or by the case's end (None: still running)."""
        return self.flyttet_inn if self.flyttet_inn is not None else self.avsluttet

    def days(self, day: date) -> int:
        """Waiting days: to the move-in (or case end), or to ``day`` while still waiting."""
        end = self.ended if self.ended is not None and self.ended <= day else day
        return days_between(self.behov, end)

    def waiting_on(self, day: date) -> bool:
        """Still waiting on ``day``: the need had begun, no move-in and the case still open
        (a move-in or case end on ``day`` ends the wait)."""
        return self.behov <= day and (self.ended is None or self.ended > day)


def waits(needs: Iterable[date], move_ins: Iterable[date], case_end: date | None = None
          ) -> list[Wait]:
    """One child's waits from its need dates, its foster-home starts and its case's end (see the
    module docstring): each need is met by the first start on or after it, unless the case ended
    before that start; needs ended by the same start (or case end) are one wait from the
    earliest."""
    starts = sorted(move_ins)
    by_end: dict[tuple[date | None, date | None], date] = {}
    for need in sorted(needs):
        if case_end is not None and need > case_end:
            continue  # a need after the case ended: no wait
        home = next((s for s in starts if s >= need), None)
        if case_end is not None and (home is None or home > case_end):
            by_end.setdefault((None, case_end), need)
        else:
            by_end.setdefault((home, None), need)
    return sorted((Wait(need, home, ended) for (home, ended), need in by_end.items()),
                  key=lambda w: w.behov)


def case_waits(case: CaseFile) -> list[Wait]:
    """The waits of one case."""
    return waits((v.fosterhjem_behov_dato for v in case.vedtak if v.fosterhjem_behov_dato),
                 (t.startdato for t in case.tiltak if t.kategori_kode in FOSTER_HOME_CODES),
                 case.sak.sluttdato)


# --- the report's facts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementFacts:
    """What the placement tables count, read from case files (``placement_facts``) or in SQL
    (``storage.report_queries``): each temporary placement's (start, end); each wait; and for
    every child placed or moved in the period, its number of moves in the period."""

    temporary: tuple[tuple[date, date | None], ...]
    waits: tuple[Wait, ...]
    moves: Mapping[int, int]


def placement_facts(cases: Sequence[CaseFile], start: date, end: date) -> PlacementFacts:
    """The placement facts of the counted period [start, end], from the case files."""
    temporary = []
    all_waits: list[Wait] = []
    moves: dict[int, int] = {}
    for i, case in enumerate(cases):
        temporary += [(t.startdato, t.sluttdato) for t in case.tiltak if is_temporary(t)]
        all_waits += case_waits(case)
        placed = any(t.er_plassering and t.startdato <= end
                     and (t.sluttdato is None or t.sluttdato >= start) for t in case.tiltak)
        n = sum(1 for f in case.flyttinger if start <= f.dato <= end)
        if placed or n:
            moves[i] = n
    return PlacementFacts(tuple(temporary), tuple(all_waits), moves)


@dataclass(frozen=True)
class Durations:
    """Durations in days of one group: count, mean, median and counts per ``DAY_BUCKETS``."""

    days: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.days) if self.days else None

    @property
    def median(self) -> float | None:
        return float(statistics.median(self.days)) if self.days else None

    @property
    def buckets(self) -> list[int]:
        counts = [0] * len(DAY_BUCKETS)
        for d in self.days:
            counts[day_bucket(d)] += 1
        return counts


def temporary_durations(facts: PlacementFacts, start: date, end: date, measured: date
                        ) -> tuple[Durations, Durations]:
    """(ended in [start, end]: days start→end; ongoing on ``measured``: days start→measured)."""
    ended = tuple(days_between(s, e) for s, e in facts.temporary
                  if e is not None and start <= e <= end)
    ongoing = tuple(days_between(s, measured) for s, e in facts.temporary
                    if s <= measured and (e is None or e > measured))
    return Durations(ended), Durations(ongoing)


def wait_durations(facts: PlacementFacts, start: date, end: date, measured: date
                   ) -> tuple[Durations, Durations, Durations]:
    """(moved in within [start, end]: days waited; still waiting on ``measured``: days so far;
    case ended without a foster home within [start, end]: days from the need to the end)."""
    moved = tuple(w.days(w.flyttet_inn) for w in facts.waits
                  if w.flyttet_inn is not None and start <= w.flyttet_inn <= end)
    waiting = tuple(w.days(measured) for w in facts.waits if w.waiting_on(measured))
    without = tuple(w.days(w.avsluttet) for w in facts.waits
                    if w.avsluttet is not None and start <= w.avsluttet <= end)
    return Durations(moved), Durations(waiting), Durations(without)


MOVE_BUCKETS = ("0 flyttinger", "1 flytting", "2 flyttinger", "3 eller flere")


def move_buckets(facts: PlacementFacts) -> list[int]:
    """Children placed or moved in the period by their number of moves in it (0, 1, 2, 3+)."""
    counts = [0] * len(MOVE_BUCKETS)
    for n in facts.moves.values():
        counts[min(n, len(MOVE_BUCKETS) - 1)] += 1
    return counts
