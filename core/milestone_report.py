"""The leader's report table of local milestones (interne frister), on the «Internkontroll» sheet.

Per milestone: its deadlines due in the period, and how they stood on the measurement date — met
on time, met late, closed without being met, open and not yet due, open and overdue. They are
the service's own standards and never fristbrudd: no indicator counts them.

``milestone_table`` lays out ``MilestoneFact``s, whether they were computed from the case files
(``milestone_facts``, the pure reference) or read from the stored deadlines in SQL
(``storage.report_queries``): one count, so the two report paths cannot differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from core.deadlines import Deadline, Status
from core.model import CaseFile
from core.params import Params
from core.report_model import Table, status_on
from core.rules import Rule, compute_deadlines
from core.sorting import norwegian_key

MILESTONES_KEY = "interne_frister"
LOCAL_PREFIX = "lokal."
TOTAL_LABEL = "Alle interne frister"
MILESTONE_COLUMNS = ["Intern frist", "Forfaller i perioden", "Oppfylt i tide",
                     "Oppfylt for sent", "Avsluttet uten å bli oppfylt", "Åpen, ikke forfalt",
                     "Åpen, forfalt"]
_BUCKET = {Status.OPPFYLT: 0, Status.SENT: 1, Status.IKKE_OPPFYLT: 2, Status.APEN: 3,
           Status.SNART: 3, Status.FORFALT: 4}


class MilestoneFact(NamedTuple):
    """What the table needs of one milestone deadline."""

    rule_id: str
    frist: date
    oppfylt_dato: date | None
    ikke_oppfylt_dato: date | None


def milestone_facts(cases: Iterable[CaseFile], params: Params, rules: Sequence[Rule]
                    ) -> list[MilestoneFact]:
    """The milestone deadlines of the case files, computed by the local ``rules``."""
    local = [r for r in rules if r.id.startswith(LOCAL_PREFIX)]
    return [MilestoneFact(d.rule_id, d.frist, d.oppfylt_dato, d.ikke_oppfylt_dato)
            for case in cases for d in compute_deadlines(case, params, local,
                                                         only={r.id for r in local})]


def milestone_table(labels: Mapping[str, str], facts: Iterable[MilestoneFact], start: date,
                    end: date, measured: date) -> Table:
    """One row per milestone in ``labels`` (rule id → name) and a total row: the deadlines due
    from ``start`` to ``end``, by their status on ``measured``."""
    counts = {rule_id: [0] * (len(MILESTONE_COLUMNS) - 1) for rule_id in labels}
    for f in facts:
        row = counts.get(f.rule_id)
        if row is None or not start <= f.frist <= end:
            continue
        d = Deadline(f.rule_id, 0, "", 0, 0, f.frist, f.frist, "", f.oppfylt_dato,
                     f.ikke_oppfylt_dato, True)
        row[0] += 1
        row[1 + _BUCKET[status_on(d, measured)]] += 1
    order = sorted(labels, key=lambda rule_id: (norwegian_key(labels[rule_id]), rule_id))
    body: list[list] = [[labels[rule_id], *counts[rule_id]] for rule_id in order]
    total = [TOTAL_LABEL, *(sum(n[c] for n in counts.values())
                            for c in range(len(MILESTONE_COLUMNS) - 1))]
    note = ("Tjenestens egne tidsstandarder (interne frister, definert av leder under "
            "Innstillinger), ikke lovkrav: de telles aldri som fristbrudd og inngår ikke i "
            "målekortet. Hver rad er én intern frist som er slått på; tallene er fristene som "
            "forfaller i perioden, etter hvordan de sto på måledatoen: oppfylt i tide (på eller "
            "før fristdagen), oppfylt for sent, avsluttet uten å bli oppfylt (saken eller "
            "tiltaket ble avsluttet først), åpen og ikke forfalt ennå, eller åpen og forfalt. En "
            "gjentakende frist (f.eks. evaluering hver 3. måned) telles én gang per forekomst. "
            "Forfaller i perioden = summen av de fem andre kolonnene.")
    return Table("Interne frister", MILESTONE_COLUMNS, [*body, total], note, MILESTONES_KEY)
