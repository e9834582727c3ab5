"""The demo municipality's dates for Moss' local milestones (``core.local_rules.MOSS_EXAMPLES``).

After the municipality is generated, most investigations get their case assigned and their first
contact in time, most measures their start-up meeting; some are late and a few are missing, so
the milestone report and the Frister view have something to show. A random generator of its own
(seeded from the demo's seed) leaves the rest of the demo unchanged.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from core.local_rules import EVENTS
from core.model import CaseFile


def _after(rng: random.Random, start: date, on_time: int, today: date,
           limit: date | None = None) -> date | None:
    """A day after ``start``: mostly within ``on_time`` days, sometimes late, sometimes never;
    None if it would fall after today (or after ``limit``)."""
    roll = rng.random()
    if roll < 0.08:
        return None
    days = rng.randint(1, on_time) if roll < 0.82 else rng.randint(on_time + 1, on_time * 3)
    day = start + timedelta(days=days)
    if day > today or (limit is not None and day > limit):
        return None
    return day


def with_milestone_dates(cases: Iterable[CaseFile], today: date, seed: int
                         ) -> tuple[CaseFile, ...]:
    """The cases with fordelt-, første kontakt- and oppstartsmøte-dates filled in."""
    rng = random.Random(f"milestones-{seed}")
    decided = EVENTS["tiltak.vedtak"].dates
    out = []
    for c in cases:
        meldinger = tuple(
            replace(m, tildelt_dato=_after(rng, m.konklusjon_dato, 7, today))
            if m.konklusjon_kode == "2" and m.konklusjon_dato else m for m in c.meldinger)
        undersokelser = tuple(
            replace(u, forste_kontakt=_after(rng, u.startdato, 14, today, u.konklusjon_dato))
            for u in c.undersokelser)
        tiltak = tuple(replace(t, oppstartsmote=_after(rng, decided(c, t)[0], 28, today))
                       for t in c.tiltak)
        out.append(replace(c, meldinger=meldinger, undersokelser=undersokelser, tiltak=tiltak))
    return tuple(out)
