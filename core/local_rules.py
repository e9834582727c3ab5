"""Local milestones (interne frister): a service's own time standards beside the law.

A local rule is data — an anchor event, an offset in days and the event that meets it — turned
into an ordinary catalogue ``Rule`` with status LOKAL. Its deadlines carry ``lokal=True``: shown
apart from legal deadlines and never counted as fristbrudd.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from core.dates import add_days, fmt
from core.model import TILTAKSPLAN_TYPES, CaseFile
from core.params import LOKAL, Params
from core.rules import Draft, Rule, investigation_due

# An anchor yields (gjelder, gjelder_id, anchor date, what-text, the date it was met or None).
Anchor = Callable[[CaseFile], Iterator[tuple[str, int, date, str, date | None]]]


def _investigation_legal_due(case: CaseFile) -> Iterator[tuple[str, int, date, str, date | None]]:
    for u in case.undersokelser:
        yield ("undersokelse", u.id or 0, investigation_due(case, u), "Lovfrist for undersøkelsen",
               u.konklusjon_dato)


def _first_plan_evaluation(case: CaseFile) -> Iterator[tuple[str, int, date, str, date | None]]:
    for p in case.planer:
        if p.plantype in TILTAKSPLAN_TYPES:
            first = min(p.evalueringer, default=None)
            yield "plan", p.id or 0, p.startdato, "Tiltaksplan opprettet", first


def _melding_received(case: CaseFile) -> Iterator[tuple[str, int, date, str, date | None]]:
    for m in case.meldinger:
        yield "melding", m.id or 0, m.mottatt, "Melding mottatt", m.konklusjon_dato


ANCHORS: dict[str, tuple[str, Anchor]] = {
    "undersokelse.lovfrist": ("Lovfristen for undersøkelsen (møtes ved konklusjon)",
                              _investigation_legal_due),
    "tiltaksplan.start": ("Tiltaksplan opprettet (møtes ved første evaluering)",
                          _first_plan_evaluation),
    "melding.mottatt": ("Melding mottatt (møtes ved konklusjon)", _melding_received),
}


@dataclass(frozen=True)
class LocalRuleSpec:
    """A local time standard: ``offset_days`` after (negative: before) the anchor event."""

    id: str
    label: str
    anchor: str
    offset_days: int

    def to_rule(self) -> Rule:
        """The catalogue rule for this spec; raises ValueError for an unknown anchor."""
        if self.anchor not in ANCHORS:
            raise ValueError(f"Ukjent startpunkt for lokal frist: {self.anchor}")
        anchor_label, anchor = ANCHORS[self.anchor]
        offset = self.offset_days

        def compute(case: CaseFile, params: Params) -> Iterator[Draft]:
            for gjelder, gjelder_id, day, what, met in anchor(case):
                sign = "+" if offset >= 0 else "−"
                yield Draft(gjelder, gjelder_id, add_days(day, offset),
                            f"{what} {fmt(day)} {sign} {abs(offset)} dager (lokal rutine)", met)

        return Rule(f"lokal.{self.id}", self.label, "Lokal rutine", LOKAL, anchor_label,
                    anchor_label, "apne_sak", compute)


# Moss' 2026 plan (seed 001), as examples a service can switch on.
MOSS_EXAMPLES = (
    LocalRuleSpec("undersokelse_for_lovfrist", "Undersøkelse konkludert 2 uker før lovfristen",
                  "undersokelse.lovfrist", -14),
    LocalRuleSpec("forste_evaluering", "Første evaluering av tiltaksplan etter 6 uker",
                  "tiltaksplan.start", 42),
)
