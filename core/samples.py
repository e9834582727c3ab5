"""Audit samples (stikkprøver) for internal control: who is in the population, the draw, and the
summary table of the leader's report.

A leader draws a random, reproducible sample of closed matters of one kind in a period. The draw
orders the population by ``sha256(f"{seed}:{kind}:{record id}")`` and takes the first n
(``draw_order``): stable across Python versions, unlike ``random.sample``. The stored draw keeps
its effective period (a running period ends on the day drawn), so the same kind, stored period
and seed draw the same list again — from the population as it stands: a record concluded later
with a date inside the period can join it and change the list.

Kinds (``SampleKind``):

* **henlagte meldinger** — meldinger concluded in the period without an investigation because
  they were dropped: konklusjon 1, 3, 5, 6, 9 and 10 (every «Henlagt …» code of SSB's list).
  Code 2 (investigation started), 4 (melding in an ongoing investigation) and the transfers 7 and 8
  (to another municipality or agency) are not henleggelser.
* **henlagte undersøkelser** — investigations concluded in the period with code 3–9 (every code
  but 1 vedtak om tiltak and 2 begjæring til nemnda).
* **konkluderte undersøkelser** — every investigation concluded in the period.
* **tiltak uten tiltaksplan** — hjelpetiltak whose plan requirement (rule tiltaksplan.mangler,
  bvl § 8-1) was closed unmet in the period: the measure ended without a tiltaksplan, or the plan
  came after the due date (the day it came is the closing day).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.model import VEDTAK_CONCLUSIONS, CaseFile, Sak
from core.params import Params
from core.report_model import Table
from core.rules import compute_deadlines


class SampleKind(StrEnum):
    HENLAGTE_MELDINGER = "henlagte_meldinger"
    HENLAGTE_UNDERSOKELSER = "henlagte_undersokelser"
    KONKLUDERTE_UNDERSOKELSER = "konkluderte_undersokelser"
    TILTAK_UTEN_PLAN = "tiltak_uten_plan"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    SampleKind.HENLAGTE_MELDINGER: "Henlagte meldinger",
    SampleKind.HENLAGTE_UNDERSOKELSER: "Henlagte undersøkelser",
    SampleKind.KONKLUDERTE_UNDERSOKELSER: "Konkluderte undersøkelser",
    SampleKind.TILTAK_UTEN_PLAN: "Tiltak uten tiltaksplan",
}

#: Melding conclusions that drop the melding (SSB's «Henlagt …» codes).
MELDING_HENLAGT = frozenset({"1", "3", "5", "6", "9", "10"})
#: Result of reviewing one drawn item (None: not reviewed yet).
RESULTS = ("ok", "avvik")
MAX_SIZE = 500
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Candidate:
    """One closed matter that can be drawn: the record (``gjelder``, ``gjelder_id``) in its case,
    when it began (``fra``: melding received, investigation or measure started) and closed
    (``til``), and its code (konklusjon, or the measure's category)."""

    sak_id: int
    gjelder: str
    gjelder_id: int
    journalnummer: str
    saksbehandler: str
    fra: date
    til: date
    kode: str


def _inside(day: date | None, start: date, end: date) -> date | None:
    """``day`` if it lies from ``start`` to ``end``, else None."""
    return day if day is not None and start <= day <= end else None


def population(kind: SampleKind, cases: Iterable[CaseFile], start: date, end: date,
               params: Params) -> list[Candidate]:
    """Every matter of ``kind`` closed from ``start`` to ``end`` (inclusive), ordered by record
    id (the draw itself does not depend on this order)."""
    found: list[Candidate] = []
    for case in cases:
        def add(gjelder: str, gjelder_id: int | None, fra: date, til: date, kode: str,
                sak: Sak = case.sak) -> None:
            found.append(Candidate(sak.id or 0, gjelder, gjelder_id or 0, sak.journalnummer,
                                   sak.saksbehandler, fra, til, kode))

        if kind is SampleKind.HENLAGTE_MELDINGER:
            for m in case.meldinger:
                closed = _inside(m.konklusjon_dato, start, end)
                if m.konklusjon_kode in MELDING_HENLAGT and closed is not None:
                    add("melding", m.id, m.mottatt, closed, m.konklusjon_kode)
        elif kind in (SampleKind.HENLAGTE_UNDERSOKELSER, SampleKind.KONKLUDERTE_UNDERSOKELSER):
            for u in case.undersokelser:
                closed = _inside(u.konklusjon_dato, start, end)
                if u.konklusjon_kode is None or closed is None:
                    continue
                if kind is SampleKind.KONKLUDERTE_UNDERSOKELSER or \
                        u.konklusjon_kode not in VEDTAK_CONCLUSIONS:
                    add("undersokelse", u.id, u.startdato, closed, u.konklusjon_kode)
        else:
            tiltak = {t.id: t for t in case.tiltak}
            for d in compute_deadlines(case, params, only={"tiltaksplan.mangler"}):
                late = d.oppfylt_dato if d.oppfylt_dato and d.oppfylt_dato > d.frist else None
                closed = _inside(late or d.ikke_oppfylt_dato, start, end)
                t = tiltak.get(d.gjelder_id)
                if t is not None and closed is not None:
                    add("tiltak", t.id, t.startdato, closed, t.kategori_kode)
    found.sort(key=lambda c: (c.gjelder_id, c.sak_id))
    return found


def draw_key(seed: int, kind: SampleKind, gjelder_id: int) -> str:
    """The sort key of one record in a draw: ``sha256("{seed}:{kind}:{id}")`` in hex."""
    return hashlib.sha256(f"{seed}:{SampleKind(kind).value}:{gjelder_id}".encode()).hexdigest()


def draw(candidates: Sequence[Candidate], size: int, seed: int, kind: SampleKind
         ) -> list[Candidate]:
    """``size`` candidates (all of them if fewer), in the order drawn: the population ordered by
    ``draw_key`` (ties, which sha256 does not make, by record and case id), first ``size``.
    ValueError (Norwegian) for a size or seed out of range."""
    check_draw(size, seed)
    ordered = sorted(candidates,
                     key=lambda c: (draw_key(seed, kind, c.gjelder_id), c.gjelder_id, c.sak_id))
    return ordered[:size]


def check_draw(size: int, seed: int) -> None:
    """ValueError (Norwegian) for a sample size or seed the register does not take."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"Utvalget må være mellom 1 og {MAX_SIZE} saker")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"Frøet må være et heltall mellom 0 og {MAX_SEED}")


# --- the leader's report --------------------------------------------------------------------------

SAMPLES_KEY = "stikkprover"
SAMPLE_COLUMNS = ["Type", "Stikkprøver", "Saker", "Vurdert", "OK", "Avvik", "Ikke vurdert"]
TOTAL_LABEL = "Alle typer"


@dataclass(frozen=True)
class SampleTally:
    """A stored sample as the report counts it: its kind, the day it was drawn, and per drawn
    item the result and the day it was reviewed (both None while not reviewed)."""

    kind: SampleKind
    drawn: date
    items: tuple[tuple[str | None, date | None], ...]


def samples_table(tallies: Iterable[SampleTally], start: date, end: date, measured: date
                  ) -> Table:
    """Samples drawn from ``start`` to ``end`` and how far their review had come on
    ``measured``: one row per kind and a total row."""
    counts = {k: [0] * (len(SAMPLE_COLUMNS) - 1) for k in SampleKind}
    for t in tallies:
        if not start <= t.drawn <= end:
            continue
        row = counts[t.kind]
        row[0] += 1
        row[1] += len(t.items)
        for result, on in t.items:
            reviewed = result in RESULTS and on is not None and on <= measured
            row[2 if reviewed else 5] += 1
            if reviewed:
                row[3 if result == "ok" else 4] += 1
    body: list[list] = [[k.label, *n] for k, n in counts.items()]
    total = [TOTAL_LABEL, *(sum(n[c] for n in counts.values())
                            for c in range(len(SAMPLE_COLUMNS) - 1))]
    return Table(
        "Stikkprøver (internkontroll)", SAMPLE_COLUMNS, [*body, total],
        "Stikkprøver lederen har trukket i perioden for internkontroll, etter type: henlagte "
        "meldinger (konklusjon 1, 3, 5, 6, 9, 10), henlagte undersøkelser (konklusjon 3–9), "
        "konkluderte undersøkelser, og hjelpetiltak som ble avsluttet uten tiltaksplan eller "
        "fikk den etter fristen. Saker = trukne saker = vurdert + ikke vurdert; vurdert = OK "
        "+ avvik, slik vurderingen sto på måledatoen. Utvalget er tilfeldig og kan gjentas med "
        "samme type, lagret periode og frø.", SAMPLES_KEY)
