"""The placement tables of the leader's report (on the Tiltak sheet): how long temporary
placements last, waiting for a foster home, and placement stability (moves per child).

``placement_tables_from`` lays out ``core.placements.PlacementFacts``, whether they were read
from the case files (``placement_facts``) or in SQL (``storage.report_queries``): one layout,
one count, so the two report paths cannot differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.dates import fmt
from core.model import CaseFile
from core.periods import Period
from core.placements import (
    DAY_BUCKETS,
    MOVE_BUCKETS,
    Durations,
    PlacementFacts,
    move_buckets,
    placement_facts,
    temporary_durations,
    wait_durations,
)
from core.report_model import SMALL_LIMIT, Days, Table

TEMPORARY_KEY = "plassering_midlertidig"
WAIT_KEY = "plassering_ventetid"
STABILITY_KEY = "plassering_stabilitet"

DURATION_COLUMNS = ["Beskrivelse", "Antall", "Gjennomsnitt dager", "Median dager",
                    *(label for _low, _high, label in DAY_BUCKETS)]

_AVERAGES = (f"Gjennomsnitt og median vises bare når minst {SMALL_LIMIT} inngår (ellers kunne "
             "de vise ett barns tid); når små tall skjules, bare når minst 10 inngår og ingen "
             "andre tall i raden er skjult.")


def _row(label: str, d: Durations) -> list:
    shown = d.count >= SMALL_LIMIT
    mean = Days(d.mean) if shown and d.mean is not None else None
    median = Days(d.median) if shown and d.median is not None else None
    return [label, d.count, mean, median, *d.buckets]


def placement_tables_from(facts: PlacementFacts, start: date, end: date, measured: date
                          ) -> tuple[Table, ...]:
    """The three placement tables of the counted period [start, end] measured on ``measured``."""
    ended, ongoing = temporary_durations(facts, start, end, measured)
    temporary = Table(
        "Midlertidige plasseringer: varighet", DURATION_COLUMNS,
        [_row("Avsluttet i perioden", ended), _row(f"Pågår {fmt(measured)}", ongoing)],
        "Midlertidige plasseringer: beredskapshjem og midlertidig hjem i familie og nære "
        "nettverk (tiltakskode 2.5 og 2.6), og plasseringer etter akuttvedtak (bvl kapittel 4; før "
        "2023 bvl 1992 § 4-6, § 4-9 og § 4-25 annet ledd). Hver plassering telles for seg. "
        "Avsluttet i perioden: dager fra start til slutt. Pågår: dager fra start til "
        f"måledatoen. {_AVERAGES}", TEMPORARY_KEY)

    moved, waiting, without = wait_durations(facts, start, end, measured)
    wait = Table(
        "Ventetid på fosterhjem", DURATION_COLUMNS,
        [_row("Flyttet inn i fosterhjem i perioden", moved),
         _row(f"Venter fortsatt {fmt(measured)}", waiting),
         _row("Saken avsluttet uten fosterhjem i perioden", without)],
        "Ventetiden regnes fra datoen vedtaket sier at barnet trenger fosterhjem («fosterhjem "
        "trengs fra») til barnet flytter inn i et fosterhjem (start av første fosterhjemstiltak "
        "på eller etter den datoen; beredskapshjem og midlertidig hjem avslutter ikke "
        "ventetiden). Venter fortsatt: barn i åpne saker, dager til måledatoen. Avsluttes "
        "saken før barnet flytter inn i et fosterhjem, slutter ventingen uten fosterhjem: den "
        "telles for seg (dager fra behovet til saken ble avsluttet), ikke som ventetid. "
        f"{_AVERAGES}", WAIT_KEY)

    buckets = move_buckets(facts)
    stability = Table(
        "Plasseringsstabilitet: flyttinger per barn", ["Beskrivelse", "Barn", *MOVE_BUCKETS],
        [["Barn i plassering eller flyttet i perioden", sum(buckets), *buckets]],
        "Barn med et plasseringstiltak (fosterhjem, institusjon, bolig med oppfølging) som løp "
        "minst én dag i perioden, eller med en registrert flytting i perioden, etter antall "
        "flyttinger (SSBs «Flytting» med årsak og flytting til) datert i perioden. Hvert barn "
        "telles én gang.", STABILITY_KEY)
    return temporary, wait, stability


def placement_tables(cases: Sequence[CaseFile], period: Period, measured: date
                     ) -> tuple[Table, ...]:
    """The placement tables counted from the case files (the reference)."""
    facts = placement_facts(cases, period.start, period.end)
    return placement_tables_from(facts, period.start, period.end, measured)
