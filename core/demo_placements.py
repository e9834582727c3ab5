"""The demo municipality's placement history: foster-home needs and moves (flyttinger).

Added after the cases are generated (``core.demo``), from what the cases already hold, with its
own random stream so that the rest of the municipality is the same as without it:

* a care order whose first home was a beredskapshjem (some of those that later moved the child
  to another foster home, and some recent ones still running) needed a foster home from the
  care order's date;
* a child placed in a beredskapshjem by an akuttvedtak and later moved into a foster home needed
  that foster home from shortly after the emergency decision (the need date is set on the
  akuttvedtak): its wait ends when the foster home starts; a child still in the beredskapshjem
  while the care order is pending is still waiting;
* some care orders that place a child straight in a foster home record the need on the care
  order itself (a wait of 0 days);
* every change of placement dated from 2022 (SSB's Flytting codes apply from then) is a move with
  SSB's reason (ArsakFra) and destination (FlyttingTil); a placement that ends without a new one
  is a move home (or, after 18, to the young person's own home); a few foster families move
  house with the child (ArsakFra 1.3, FlyttingTil 9 Adresseendring).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from core.codes import INSTITUSJON_CODES
from core.identity import birthday
from core.model import CaseFile, Flytting, Tiltak, Vedtak
from core.placements import FOSTER_HOME_CODES, TEMPORARY_CODES

#: SSB's Flytting codes are valid from this day.
FLYTTING_FROM = date(2022, 1, 1)
P_NEED_ON_CARE_ORDER = 0.3
P_ADDRESS_CHANGE = 0.06
P_STILL_WAITING = 0.4
RECENT_DAYS = 400


def add_placement_history(cases: Iterable[CaseFile], today: date, seed: int
                          ) -> tuple[CaseFile, ...]:
    """The cases with foster-home needs on their vedtak and their moves added (ids from 1)."""
    rng = random.Random(f"plasseringer-{seed}")
    result = []
    next_id = 1
    for case in cases:
        tiltak, needs = _in_beredskapshjem(case, today, rng)
        case = replace(case, tiltak=tiltak)
        vedtak = _with_needs(case, rng, needs)
        moves = _moves(case, today, rng)
        flyttinger = tuple(replace(f, id=next_id + i) for i, f in enumerate(moves))
        next_id += len(flyttinger)
        result.append(replace(case, vedtak=vedtak, flyttinger=flyttinger))
    return tuple(result)


def _in_beredskapshjem(case: CaseFile, today: date, rng: random.Random
                       ) -> tuple[tuple[Tiltak, ...], dict[int | None, date]]:
    """Care orders whose first home was a beredskapshjem while a foster home was found: the
    first home of a care order that later moved the child to another foster home, and some
    recent care orders still running (the child is still waiting). Returns the tiltak with
    those homes recoded 2.5 and the need date (the care order's date) per vedtak id."""
    needs: dict[int | None, date] = {}
    tiltak = list(case.tiltak)
    for i, t in enumerate(tiltak):
        v = next((v for v in case.vedtak if v.id == t.vedtak_id), None)
        if (v is None or v.akutt is not None or not t.er_omsorgstiltak
                or t.kategori_kode not in ("2.1", "2.2", "2.3") or t.startdato != v.dato
                or len(t.oppfolging_hyppighet) > 1):  # the showcase keeps its foster home
            continue
        moved = t.opphevelse_kode == "4" and any(
            n.vedtak_id == v.id and n.kategori_kode in FOSTER_HOME_CODES
            and n.startdato > t.startdato for n in tiltak)
        recent = t.sluttdato is None and (today - t.startdato).days <= RECENT_DAYS
        if moved or (recent and rng.random() < P_STILL_WAITING):
            tiltak[i] = replace(t, kategori_kode="2.5")
            needs[v.id] = v.dato
    return tuple(tiltak), needs


def _with_needs(case: CaseFile, rng: random.Random,
                needs: dict[int | None, date]) -> tuple[Vedtak, ...]:
    pending = any(v.status_kode == "2" for v in case.vedtak)
    for t in case.tiltak:
        v = next((v for v in case.vedtak if v.id == t.vedtak_id), None)
        if v is None or t.kategori_kode not in TEMPORARY_CODES or v.akutt is None:
            continue
        moved_on = any(n.kategori_kode in FOSTER_HOME_CODES and n.startdato > t.startdato
                       for n in case.tiltak)
        if moved_on or (pending and t.sluttdato is None):
            needs[v.id] = v.dato + timedelta(days=rng.randint(3, 21))
    for t in case.tiltak:
        v = next((v for v in case.vedtak if v.id == t.vedtak_id), None)
        if (v is not None and v.akutt is None and not needs
                and t.kategori_kode in FOSTER_HOME_CODES and t.startdato == v.dato
                and rng.random() < P_NEED_ON_CARE_ORDER):
            needs[v.id] = v.dato
    return tuple(replace(v, fosterhjem_behov_dato=needs[v.id]) if v.id in needs else v
                 for v in case.vedtak)


def _til(t: Tiltak) -> str:
    """SSB FlyttingTil of the placement a child moves into."""
    if t.kategori_kode == "2.1":
        return "1"
    if t.kategori_kode in TEMPORARY_CODES:
        return "3"
    if t.kategori_kode in INSTITUSJON_CODES:
        return "4"
    if t.kategori_kode == "8.2":
        return "5"
    return "2"


def _moves(case: CaseFile, today: date, rng: random.Random) -> list[Flytting]:
    sak_id = case.sak.id or 0
    placements = sorted((t for t in case.tiltak if t.er_plassering), key=lambda t: t.startdato)
    adult = birthday(case.sak.fodselsdato, 18) if case.sak.fodselsdato else None
    moves = []
    for i, t in enumerate(placements):
        institution = t.kategori_kode in INSTITUSJON_CODES
        if t.sluttdato is not None and FLYTTING_FROM <= t.sluttdato <= today:
            nxt = next((n for n in placements[i + 1:]
                        if t.sluttdato <= n.startdato <= t.sluttdato + timedelta(days=30)), None)
            if nxt is not None:
                if institution:
                    arsak = rng.choice(("2.1", "2.3"))
                elif t.kategori_kode in TEMPORARY_CODES:
                    arsak = "1.1.4"
                else:
                    arsak = rng.choice(("1.1.3", "1.1.4", "1.2.1", "1.2.2"))
                til = _til(nxt)
            elif adult is not None and t.sluttdato >= adult:
                arsak, til = ("2.4" if institution else "1.1.2"), "7"
            else:
                arsak, til = ("2.1" if institution else "1.1.1"), "6"
            moves.append(Flytting(sak_id, t.sluttdato, arsak, til))
        elif (t.sluttdato is None and t.kategori_kode in FOSTER_HOME_CODES
              and rng.random() < P_ADDRESS_CHANGE):
            day = max(t.startdato, FLYTTING_FROM) + timedelta(days=rng.randint(60, 500))
            if day <= today:
                moves.append(Flytting(sak_id, day, "1.3", "9"))
    return moves
