"""Local milestones (interne frister): a service's own time standards beside the law.

A leader defines them as data (``LocalRuleSpec``): what starts the milestone (an anchor event),
an offset in days, weeks or months (negative: before the anchor), the event that meets it, the
date from which it applies and, for a recurring milestone, the interval to the next one. The
events are a fixed list (``EVENTS``); each belongs to one kind of record (melding, undersøkelse,
tiltak, tiltaksplan) and a milestone's start and end events belong to the same kind.

A spec turns into an ordinary catalogue ``Rule`` with status LOKAL; its deadlines carry
``lokal=True``: shown apart from legal deadlines and never counted as fristbrudd.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.dates import add_days, add_months, fmt
from core.model import TILTAKSPLAN_TYPES, CaseFile
from core.params import LOKAL, Params
from core.rules import Draft, Rule, chain, decision_date, investigation_due

#: Offset units: key → (singular, plural).
UNITS: dict[str, tuple[str, str]] = {
    "dager": ("dag", "dager"),
    "uker": ("uke", "uker"),
    "maaneder": ("måned", "måneder"),
}
MAX_NAME = 36  # the name is shown whole in the Frister list, with «(intern frist)»
MAX_OFFSET = {"dager": 730, "uker": 104, "maaneder": 24}


def shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved ``amount`` days, weeks or months (months: ``add_months``, month ends kept
    inside the month)."""
    if unit == "maaneder":
        return add_months(day, amount)
    return add_days(day, amount * (7 if unit == "uker" else 1))


def amount_text(amount: int, unit: str) -> str:
    """«1 uke», «3 måneder» (the absolute value)."""
    one, many = UNITS[unit]
    n = abs(amount)
    return f"{n} {one if n == 1 else many}"


# --- the records a milestone can concern ----------------------------------------------------------

#: Record kind → (Norwegian name, the case's records of that kind, the date the record closed).
#: A milestone still open when its record closes (or the case ends, ``closed_on``) is closed
#: unmet on that day — if it had fallen due by then; else nothing was owed (as the law rules).
RecordKind = tuple[str, Callable[[CaseFile], Sequence[Any]], Callable[[Any], date | None]]

RECORDS: dict[str, RecordKind] = {
    "melding": ("melding", lambda c: c.meldinger, lambda m: m.konklusjon_dato),
    "undersokelse": ("undersøkelse", lambda c: c.undersokelser, lambda u: u.konklusjon_dato),
    "tiltak": ("tiltak", lambda c: c.tiltak, lambda t: t.sluttdato),
    "plan": ("tiltaksplan",
             lambda c: [p for p in c.planer if p.plantype in TILTAKSPLAN_TYPES],
             lambda p: p.sluttdato),
}


def closed_on(case: CaseFile, record_end: date | None) -> date | None:
    """The day a record's milestones stop running: the record's own end or the case's end
    (``Sak.sluttdato``), whichever comes first; None while both run."""
    ends = [d for d in (record_end, case.sak.sluttdato) if d is not None]
    return min(ends, default=None)


@dataclass(frozen=True)
class Event:
    """Something that happens to a record: it can start a milestone (``starts``) or meet it
    (``meets``). ``dates`` gives the event's dates for one record (empty: not happened);
    ``repeats`` marks an event that happens again and again (it can meet a recurring milestone).
    """

    key: str
    label: str
    gjelder: str
    dates: Callable[[CaseFile, Any], tuple[date, ...]]
    starts: bool = False
    meets: bool = False
    repeats: bool = False
    action: str = "apne_sak"  # the natural next step (as the catalogue's ``Rule.action``)
    #: The event is the record's own end (a melding concluded with an investigation): the
    #: record's end then closes nothing it starts; only the case's end does.
    ends_record: bool = False


def _one(day: date | None) -> tuple[date, ...]:
    return () if day is None else (day,)


EVENTS: dict[str, Event] = {e.key: e for e in (
    Event("melding.mottatt", "Melding mottatt", "melding",
          lambda c, m: (m.mottatt,), starts=True),
    Event("melding.til_undersokelse", "Melding konkludert med undersøkelse", "melding",
          lambda c, m: _one(m.konklusjon_dato if m.konklusjon_kode == "2" else None),
          starts=True, ends_record=True),
    Event("melding.konkludert", "Melding konkludert", "melding",
          lambda c, m: _one(m.konklusjon_dato), meets=True, action="konkluder_melding"),
    Event("melding.tildelt", "Saken fordelt til saksbehandler", "melding",
          lambda c, m: _one(m.tildelt_dato), meets=True),
    Event("undersokelse.startet", "Undersøkelse startet", "undersokelse",
          lambda c, u: (u.startdato,), starts=True),
    Event("undersokelse.lovfrist", "Lovfristen for undersøkelsen", "undersokelse",
          lambda c, u: (investigation_due(c, u),), starts=True),
    Event("undersokelse.forste_kontakt", "Første kontakt med familien", "undersokelse",
          lambda c, u: _one(u.forste_kontakt), meets=True),
    Event("undersokelse.konkludert", "Undersøkelse konkludert", "undersokelse",
          lambda c, u: _one(u.konklusjon_dato), meets=True, action="konkluder_undersokelse"),
    Event("tiltak.vedtak", "Vedtak om tiltak", "tiltak",
          lambda c, t: (decision_date(c, t),), starts=True),
    Event("tiltak.startet", "Tiltak startet", "tiltak", lambda c, t: (t.startdato,),
          starts=True),
    Event("tiltak.oppstartsmote", "Oppstartsmøte holdt", "tiltak",
          lambda c, t: _one(t.oppstartsmote), meets=True),
    Event("tiltaksplan.opprettet", "Tiltaksplan opprettet", "plan",
          lambda c, p: (p.startdato,), starts=True),
    Event("tiltaksplan.evaluert", "Tiltaksplan evaluert", "plan",
          lambda c, p: tuple(sorted(p.evalueringer)), meets=True, repeats=True,
          action="registrer_evaluering"),
)}

START_EVENTS = tuple(e for e in EVENTS.values() if e.starts)
MEETING_EVENTS = tuple(e for e in EVENTS.values() if e.meets)


def meeting_events(anchor: str) -> tuple[Event, ...]:
    """The events that can meet a milestone started by ``anchor`` (same kind of record)."""
    start = EVENTS.get(anchor)
    return tuple(e for e in MEETING_EVENTS if start is not None and e.gjelder == start.gjelder)


# --- the definition -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalRuleSpec:
    """A local time standard: due ``offset`` ``unit`` after (negative: before) the anchor
    event, met by ``met_by``; with an ``interval``, again every ``interval`` ``interval_unit``
    after each meeting event. Anchors before ``gjelder_fra`` start nothing."""

    id: str
    label: str
    anchor: str
    offset: int
    unit: str = "dager"
    met_by: str = ""
    gjelder_fra: date = date(2000, 1, 1)
    interval: int | None = None
    interval_unit: str = "maaneder"

    def problems(self) -> list[str]:
        """What is wrong with the definition, in Norwegian (empty: valid)."""
        return [message for _field, message in self.field_problems()]

    def field_problems(self) -> list[tuple[str, str]]:
        """(field, Norwegian message) for each problem; the fields are ``label``, ``anchor``,
        ``met_by``, ``offset`` and ``interval``."""
        out = []
        if not self.label.strip():
            out.append(("label", "Navnet på den interne fristen må fylles ut"))
        elif len(self.label) > MAX_NAME:
            out.append(("label", f"Navnet kan ha høyst {MAX_NAME} tegn (det vises i fristlisten; "
                                 "resten av definisjonen vises i forklaringen)"))
        start = EVENTS.get(self.anchor)
        if start is None or not start.starts:
            out.append(("anchor", f"Ukjent startpunkt for intern frist: {self.anchor}"))
        end = EVENTS.get(self.met_by)
        if end is None or not end.meets:
            out.append(("met_by", "Ukjent hendelse som oppfyller fristen: "
                                  f"{self.met_by or '(ingen)'}"))
        elif start is not None and end.gjelder != start.gjelder:
            out.append(("met_by", f"«{end.label}» kan ikke oppfylle en frist som starter med "
                                  f"«{start.label}»: de gjelder ikke det samme"))
        if self.unit not in UNITS:
            out.append(("offset", f"Ukjent enhet: {self.unit}"))
        elif abs(self.offset) > MAX_OFFSET[self.unit]:
            out.append(("offset", "Fristen kan være høyst "
                                  f"{amount_text(MAX_OFFSET[self.unit], self.unit)} før eller "
                                  "etter startpunktet"))
        if self.interval is not None:
            if self.interval_unit not in UNITS:
                out.append(("interval", f"Ukjent enhet for intervallet: {self.interval_unit}"))
            elif not 1 <= self.interval <= MAX_OFFSET[self.interval_unit]:
                limit = amount_text(MAX_OFFSET[self.interval_unit], self.interval_unit)
                out.append(("interval", f"Intervallet må være minst 1 og høyst {limit}"))
            if end is not None and not end.repeats:
                out.append(("interval", "En gjentakende frist må oppfylles av noe som gjentas; "
                                        f"«{end.label}» skjer bare én gang"))
        return out

    def check(self) -> None:
        """ValueError with the first problem (Norwegian) if the definition is not valid."""
        problems = self.problems()
        if problems:
            raise ValueError(problems[0])

    def fingerprint(self) -> str:
        """Everything the computation depends on, as text (``storage.fingerprint``)."""
        return repr(self)

    def describe(self) -> str:
        """«Melding konkludert med undersøkelse + 1 uke; oppfylt når …; deretter hver 3.
        måned»."""
        start, end = EVENTS[self.anchor], EVENTS[self.met_by]
        sign = "+" if self.offset >= 0 else "−"
        text = f"{start.label} {sign} {amount_text(self.offset, self.unit)}"
        if self.interval is not None:
            text += f", deretter hver {amount_text(self.interval, self.interval_unit)}"
        return f"{text}; oppfylt ved «{end.label.lower()}»"

    def to_rule(self) -> Rule:
        """The catalogue rule for this spec; raises ValueError for an invalid definition."""
        self.check()
        start, end = EVENTS[self.anchor], EVENTS[self.met_by]
        _, records, closed = RECORDS[start.gjelder]
        spec = self

        def compute(case: CaseFile, params: Params) -> Iterator[Draft]:
            for record in records(case):
                for anchor in start.dates(case, record):
                    if anchor >= spec.gjelder_fra:
                        record_end = None if start.ends_record else closed(record)
                        yield from spec._drafts(case, record, anchor, end,
                                                closed_on(case, record_end))

        return Rule(f"lokal.{self.id}", self.label, "Intern frist", LOKAL, start.label,
                    end.label, end.action, compute)

    def _drafts(self, case: CaseFile, record: Any, anchor: date, end: Event,
                closed: date | None) -> Iterator[Draft]:
        gjelder, gjelder_id = EVENTS[self.anchor].gjelder, record.id or 0
        met = end.dates(case, record)
        sign = "+" if self.offset >= 0 else "−"
        first_text = (f"{EVENTS[self.anchor].label} {fmt(anchor)} {sign} "
                      f"{amount_text(self.offset, self.unit)} (intern frist)")
        if self.interval is not None:
            interval, unit = self.interval, self.interval_unit

            def step(day: date, first: bool) -> tuple[date, str]:
                if first:
                    return shift(day, self.offset, self.unit), first_text
                return (shift(day, interval, unit),
                        f"{end.label} {fmt(day)} + {amount_text(interval, unit)} (intern frist)")

            yield from chain(gjelder, gjelder_id, anchor, closed, list(met), step)
            return
        due = shift(anchor, self.offset, self.unit)
        done = met[0] if met else None
        if done is None and closed is not None:
            if closed < due:
                return  # the record closed before the milestone fell due
            yield Draft(gjelder, gjelder_id, due, first_text, None, closed)
            return
        yield Draft(gjelder, gjelder_id, due, first_text, done)


def rule_id_for(label: str, taken: Sequence[str] = ()) -> str:
    """A stable id for a new milestone from its name: «Første kontakt» → «forste_kontakt»
    (a number appended if taken)."""
    plain = unicodedata.normalize("NFKD", label.casefold().replace("ø", "o").replace("æ", "ae"))
    slug = re.sub(r"[^a-z0-9]+", "_", plain.encode("ascii", "ignore").decode()).strip("_")
    slug = slug[:40].strip("_") or "frist"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}_{n}", n + 1
    return candidate


# --- Moss' 2026 plan (seed 001) -------------------------------------------------------------------

MOSS_FROM = date(2026, 1, 1)

MOSS_EXAMPLES = (
    LocalRuleSpec("fordelt_innen_1_uke", "Fordelt innen 1 uke etter melding",
                  "melding.til_undersokelse", 1, "uker", "melding.tildelt", MOSS_FROM),
    LocalRuleSpec("forste_kontakt", "Første kontakt innen 2 uker",
                  "undersokelse.startet", 2, "uker", "undersokelse.forste_kontakt", MOSS_FROM),
    LocalRuleSpec("undersokelse_for_lovfrist", "Undersøkelse ferdig 2 uker før frist",
                  "undersokelse.lovfrist", -2, "uker", "undersokelse.konkludert", MOSS_FROM),
    LocalRuleSpec("oppstartsmote", "Oppstartsmøte innen 4 uker",
                  "tiltak.vedtak", 4, "uker", "tiltak.oppstartsmote", MOSS_FROM),
    LocalRuleSpec("evaluering_tiltaksplan", "Evaluering 6 uker, så hver 3. mnd.",
                  "tiltaksplan.opprettet", 6, "uker", "tiltaksplan.evaluert", MOSS_FROM,
                  interval=3, interval_unit="maaneder"),
)
