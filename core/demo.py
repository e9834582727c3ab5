"""A realistic synthetic municipality for demonstration, testing and benchmarks.

Pure Python (no I/O, no SQL, no Qt) and deterministic for a seed. The municipality ("Fjordvik",
a fictional place with the fictional kommunenummer 3999) has ``years`` years of case history
ending on ``today``; nothing is dated after ``today``. Proportions follow Moss kommune's
Tilstandsrapport 2025 (seed 001): reporters, investigation conclusions (≈25 % tiltak, 61 %
henlagt etter vurdering, 7 % partens ønske, 5 % flytting/henvisning, a few begjæringer),
fristbrudd in a minority of investigations, tiltaksplaner missing or unevaluated for some
children, and foster-home visits mostly but not always on schedule.

Every object is valid on its own dates (``core.validation``): codes valid on the entry's date,
presisering where the code requires one, dates ordered, the law (BVL 1992 / BVL2021) by the
decision date. Names are drawn from lists of common Norwegian first and last names; identity
numbers are synthetic (``core.identity.synthetic_fnr``). No real person is described.

Known limitation of the model: ``Undersokelse`` has no presisering for its conclusion, so the
pre-2026 code 5 (henlagt som følge av flytting, krever presisering) is never used; that share
uses code 6 (henvisning til annen instans) before 2026 and codes 7–9 (flytting) from 2026.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cache

from core.codes import code_list
from core.dates import add_months, fmt
from core.demo_milestones import with_milestone_dates
from core.demo_placements import add_placement_history
from core.identity import age_on, birthday, synthetic_duf, synthetic_fnr
from core.model import (
    VEDTAK_CONCLUSIONS,
    Akutt,
    Besok,
    CaseFile,
    CodedValue,
    Ettervern,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    PlanType,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.rules import frequency_on

__all__ = [
    "FIRST_DAY",
    "FIRST_TODAY",
    "KOMMUNENUMMER",
    "KOMMUNE_NAVN",
    "LAST_TODAY",
    "MAX_CHILDREN_PER_YEAR",
    "TEAM_MOTTAK",
    "TEAM_TILTAK",
    "DemoArgumentError",
    "DemoCaseworker",
    "DemoMunicipality",
    "check_arguments",
    "generate_municipality",
    "max_years",
]

#: Children with a DUF-nummer: case id modulo DUF_EVERY (see ``_identity``).
DUF_EVERY, DUF_ONLY, DUF_AND_FNR = 67, 5, 40

KOMMUNE_NAVN = "Fjordvik"
#: Fictional kommunenummer (validation wants four digits for tilsynsansvarlig kommune).
KOMMUNENUMMER = "3999"
NABOKOMMUNER = ("3998", "3997")

TEAM_MOTTAK = "Mottak og undersøkelse"
TEAM_TILTAK = "Tiltak og omsorg"

BVL2021_FROM = date(2023, 1, 1)
CHILDREN_PER_CASEWORKER = 40

# --- limits (``check_arguments``) -----------------------------------------------------------------

#: The SSB code lists begin on this day: no history before it.
FIRST_DAY = date(2013, 1, 1)
#: The first "today" with a year of history (from FIRST_DAY).
FIRST_TODAY = date(2013, 12, 31)
#: Synthetic fødselsnumre exist for birth years up to 2039, and children are born by "today".
LAST_TODAY = date(2039, 12, 31)
#: Four times Oslo (about 2,000 new children a year); 8,000 a year for 10 years takes about a
#: minute to generate and store.
MAX_CHILDREN_PER_YEAR = 8000

# --- tunable proportions --------------------------------------------------------------------------

P_MORE_MELDINGER = 0.49  # chance of one more melding for the same child (meldinger/barn ≈ 1.7)
P_UNDERSOKES = 0.56  # melding on a child with nothing going on → undersøkes (code 2)
P_AKUTT = 0.035  # such a melding leads to an akuttvedtak
P_SECOND_MELDER = 0.15
P_PLAN_HJELPETILTAK = 0.86  # seed: 26 of 168 children with hjelpetiltak had no tiltaksplan
P_PLAN_OMSORG = 0.93
P_SAK_CLOSED = 0.7

# --- names (common Norwegian names, combined at random; no real person is meant) ------------------

GUTTENAVN = (
    "Jonas", "Emil", "Noah", "Oskar", "Lucas", "Filip", "Henrik", "Jakob", "Isak", "Theodor",
    "Elias", "William", "Mathias", "Sander", "Tobias", "Kasper", "Johannes", "Sebastian",
    "Adrian", "Liam", "Olav", "Even", "Sindre", "Vetle", "Eirik", "Mohammad", "Ali", "Adam",
    "Leon", "Aron", "Ludvig", "Mikkel", "Brage", "Trym", "Ola", "Benjamin", "Alfred", "Teodor",
    "Iver", "Storm", "Nikolai", "Markus", "Håkon", "Sigurd", "Elliot", "Yusuf", "Omar", "Milan",
)
JENTENAVN = (
    "Nora", "Emma", "Ella", "Sofie", "Olivia", "Leah", "Sara", "Maja", "Frida", "Emilie",
    "Thea", "Ida", "Hedda", "Amalie", "Julie", "Tiril", "Selma", "Vilde", "Mia", "Astrid",
    "Aurora", "Hanna", "Linnea", "Live", "Solveig", "Iben", "Mathilde", "Ronja", "Sofia",
    "Amina", "Yasmin", "Zara", "Hiba", "Alma", "Eva", "Andrea", "Tuva", "Oda", "Ingeborg",
    "Signe", "Agnes", "Eline", "Marie", "Lilja", "Jenny", "Malin", "Dina", "Victoria",
)
ETTERNAVN = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen",
    "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Sørensen",
    "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Svendsen", "Eide", "Knutsen",
    "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen",
    "Rasmussen", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Fredriksen", "Holm",
    "Lien", "Hauge", "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther",
    "Aas", "Myhre", "Hanssen", "Ahmed", "Haugland", "Thomassen", "Sivertsen", "Simonsen",
    "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen", "Antonsen", "Vik", "Haug",
    "Ellingsen", "Edvardsen", "Birkeland", "Isaksen", "Gulbrandsen", "Aasen", "Strøm",
    "Tangen", "Eliassen", "Helland", "Bøe", "Aune", "Mikkelsen", "Tveit", "Brekke", "Madsen",
    "Hussain", "Khan", "Kowalski", "Nowak", "Tran", "Mohamed", "Abdi", "Yilmaz",
)
VOKSENNAVN = (
    "Kari", "Anne", "Marianne", "Silje", "Hilde", "Tone", "Camilla", "Lene", "Trine",
    "Ragnhild", "Siri", "Elin", "Kristin", "Stine", "Guro", "Randi", "Hege", "Ingvild",
    "Lars", "Morten", "Espen", "Geir", "Anders", "Rune", "Knut", "Øyvind", "Bjørn", "Arild",
    "Torbjørn", "Vegard", "Stian", "Fredrik", "Nina", "Cecilie", "Monica", "Heidi",
)

# --- code weights (SSB codes; filtered by validity on the date) -----------------------------------

MELDER_VEKTER = (
    ("8", 22.0), ("11", 8.0), ("15", 9.0), ("24", 8.5), ("25", 0.5), ("5", 7.0), ("7", 4.0),
    ("10", 3.0), ("14", 2.5), ("18", 1.0), ("16", 1.2), ("9", 3.5), ("13", 1.8), ("2", 5.5),
    ("1", 0.4), ("3", 2.0), ("4", 5.0), ("23", 6.5), ("6", 2.0), ("12", 0.7), ("17", 1.0),
    ("19", 0.4), ("20", 0.5), ("21", 0.3), ("22", 1.0),
)
SAKSINNHOLD_VEKTER = (
    ("1", 2), ("2", 8), ("3", 8), ("4", 6), ("20", 6), ("21", 4), ("22", 5), ("23", 4),
    ("24", 7), ("28", 2), ("29", 2), ("31", 2), ("5", 2), ("6", 9), ("7", 9), ("8", 8),
    ("9", 6), ("10", 4), ("11", 2), ("12", 1), ("13", 2), ("14", 6), ("15", 3), ("16", 6),
    ("17", 2), ("25", 8), ("26", 5), ("27", 0.3), ("30", 2), ("32", 1), ("18", 2), ("19", 2),
    # Kunnskapsmodellen (from 2026)
    ("1.1.01", 2), ("1.1.02", 5), ("1.1.03", 1.5), ("1.1.04", 1), ("1.2.01", 1),
    ("1.2.02", 1), ("1.2.03", 3), ("1.3.01", 2), ("1.3.02", 0.5), ("1.3.03", 0.5),
    ("1.3.04", 0.5), ("1.3.05", 2), ("1.3.06", 2), ("1.3.07", 2), ("1.3.08", 6), ("1.3.09", 2),
    ("1.3.10", 1), ("1.3.11", 4), ("1.4.01", 0.5), ("1.4.02", 2), ("1.4.03", 1),
    ("1.4.04", 1), ("2.1.01", 1), ("2.1.02", 6), ("2.1.03", 3), ("2.2.01", 2), ("2.2.02", 2),
    ("2.2.03", 3), ("2.3.01", 1.5), ("2.3.02", 4), ("2.4.01", 1), ("2.4.02", 5),
    ("2.4.03", 4), ("2.4.04", 5), ("2.4.05", 6), ("2.4.06", 0.2), ("2.4.07", 1.5),
    ("2.4.08", 0.3), ("2.4.09", 1.5), ("3.1.01", 1), ("3.1.02", 1), ("3.1.03", 5),
    ("3.1.04", 1.5), ("3.1.05", 0.5), ("3.1.06", 1), ("3.1.07", 0.5), ("3.1.08", 5),
    ("3.1.09", 1), ("3.1.10", 1), ("3.2.01", 1.5), ("3.2.02", 2), ("3.3.01", 0.5),
    ("3.3.02", 1), ("3.3.03", 0.2), ("3.3.04", 0.5), ("3.3.05", 0.1), ("3.3.06", 0.1),
)
#: Themes the police report most (barnets atferd, kriminalitet, vold, konflikt), weighted up.
POLITI_SAKSINNHOLD = frozenset({"25", "26", "16", "7", "6", "9", "15", "1.3.08", "1.3.11",
                                "1.3.09", "2.4.05", "2.4.03", "2.4.02"})
HJELPETILTAK_VEKTER = (
    ("3.1", 1), ("3.2", 3), ("3.4", 2), ("3.5", 3), ("3.6", 3), ("3.7", 4), ("3.8", 0.5),
    ("3.9", 10), ("3.10", 6), ("3.99", 3), ("4.1", 3), ("4.2", 2), ("4.3", 6), ("4.4", 5),
    ("4.5", 5), ("4.6", 6), ("4.7", 2), ("4.8", 2), ("4.9", 1), ("4.99", 1), ("5.1", 2),
    ("5.3", 1), ("5.4", 1), ("5.99", 0.5), ("6.1", 3), ("6.2", 6), ("6.3", 2), ("6.4", 4),
    ("6.99", 0.5), ("7.3", 1.5), ("7.99", 0.3),
)
#: Hjelpetiltak that only fit some ages (years): (youngest, oldest).
TILTAK_ALDER = {"3.1": (12, 17), "4.1": (0, 5), "4.2": (6, 10), "4.8": (14, 17),
                "4.9": (10, 17), "5.4": (13, 17), "3.8": (0, 3)}
ETTERVERN_VEKTER = (("8.1", 40), ("4.8", 25), ("4.4", 15), ("4.6", 10), ("8.3", 10))
FOSTERHJEM_VEKTER = (("2.1", 35), ("2.2", 55), ("2.3", 10))

PRESISERING = {
    "22": ("Flyktningtjenesten", "Legevakt", "Kommunal boligtjeneste", "Jordmortjenesten"),
    "18": ("Familien har flyttet mange ganger på kort tid", "Bekymring for boforholdene"),
    "19": ("Høyt skolefravær over lang tid", "Bekymring for barnets nettbruk"),
    "1.99": ("TFCO – behandlingsfosterhjem",),
    "2.99": ("Forsterket fosterhjem med kommunal avlastning",),
    "3.7": ("Tett på – tett oppfølging i hjemmet", "Familieveiledning i hjemmet"),
    "3.99": ("COS-P foreldreveiledning", "Tuning in to Kids", "Brøsetmodellen"),
    "4.99": ("Leksehjelp to ganger i uken", "Mentorordning"),
    "5.99": ("Oppfølging av skolefravær",),
    "6.99": ("Faste samarbeidsmøter med skole og PPT",),
    "7.99": ("Behandling i familieambulatoriet",),
    "8.99": ("Oppfølging i egen bolig",),
    "4": ("Flyttet til nytt fosterhjem",),  # opphevelse 4 Annet
}
UTVIDET_GRUNN = (
    "Venter på sakkyndig vurdering",
    "Venter på opplysninger fra helsetjenesten",
    "Omfattende sak med flere barn i familien",
    "Politiavhør må gjennomføres før samtale med barnet",
    "Familien har vært utilgjengelig i en periode",
    "Behov for observasjon av samspill over tid",
)

# --- legal bases --------------------------------------------------------------------------------

_HJEMMEL = {  # kind: (BVL2021 from 2023, BVL 1992 before)
    "hjelpetiltak": (("BVL2021", "3", "1", ""), ("BVL", "4", "4", "")),
    "frivillig_plassering": (("BVL2021", "3", "2", ""), ("BVL", "4", "4", "")),
    "akutt": (("BVL2021", "4", "2", ""), ("BVL", "4", "6", "2")),
    "akutt_atferd": (("BVL2021", "4", "4", ""), ("BVL", "4", "25", "2")),
    "omsorg": (("BVL2021", "5", "1", ""), ("BVL", "4", "12", "")),
    "institusjon_atferd": (("BVL2021", "6", "2", ""), ("BVL", "4", "24", "")),
    "ettervern": (("BVL2021", "3", "6", ""), ("BVL", "1", "3", "2")),
}
_AKUTT_TYPE = {
    ("akutt", True): "§ 4-2 akuttvedtak om plassering",
    ("akutt", False): "§ 4-6 annet ledd midlertidig vedtak i akuttsituasjon",
    ("akutt_atferd", True): "§ 4-4 akuttvedtak om opphold i institusjon uten samtykke",
    ("akutt_atferd", False): "§ 4-25 annet ledd midlertidig vedtak om institusjonsopphold",
}


@cache
def _hjemmel_cached(kind: str, new_law: bool) -> Lovhjemmel:
    return Lovhjemmel(*_HJEMMEL[kind][0 if new_law else 1])


def _hjemmel(kind: str, day: date) -> Lovhjemmel:
    return _hjemmel_cached(kind, day >= BVL2021_FROM)


# --- public API ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCaseworker:
    """A caseworker (saksbehandler) of the demo municipality; storage maps it."""

    navn: str
    team: str
    er_leder: bool = False


@dataclass(frozen=True)
class DemoMunicipality:
    """The synthetic municipality: its caseworkers and complete case files with ids set."""

    caseworkers: tuple[DemoCaseworker, ...]
    cases: tuple[CaseFile, ...]


class DemoArgumentError(ValueError):
    """A demo size or date outside the limits; ``argument`` says which: "barn", "ar" or
    "dato" (the command line's names). The message is Norwegian and names the limit."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


def max_years(today: date) -> int:
    """The most years of history ending on ``today`` that start on or after FIRST_DAY."""
    years = 0
    while add_months(today, -12 * (years + 1)) + timedelta(days=1) >= FIRST_DAY:
        years += 1
    return years


def check_arguments(*, today: date, children_per_year: int, years: int) -> None:
    """Raise DemoArgumentError unless ``generate_municipality`` supports these arguments:
    1–MAX_CHILDREN_PER_YEAR children a year, ``today`` within FIRST_TODAY–LAST_TODAY and at
    least one year of history, none of it before FIRST_DAY (``max_years``)."""
    if not 1 <= children_per_year <= MAX_CHILDREN_PER_YEAR:
        raise DemoArgumentError("barn", f"Antall barn per år må være mellom 1 og "
                                f"{MAX_CHILDREN_PER_YEAR} (fire ganger Oslo), ikke "
                                f"{children_per_year}")
    if not FIRST_TODAY <= today <= LAST_TODAY:
        raise DemoArgumentError("dato", f"Datoen må være mellom {fmt(FIRST_TODAY)} og "
                                f"{fmt(LAST_TODAY)} (kodelistene gjelder fra {fmt(FIRST_DAY)}, "
                                f"og syntetiske fødselsnumre finnes til fødselsår "
                                f"{LAST_TODAY.year}), ikke {fmt(today)}")
    if years < 1:
        raise DemoArgumentError("ar", f"Antall år må være minst 1, ikke {years}")
    most = max_years(today)
    if years > most:
        raise DemoArgumentError("ar", f"Med dato {fmt(today)} kan demoen ha høyst {most} års "
                                f"historikk (kodelistene gjelder fra {fmt(FIRST_DAY)}), ikke "
                                f"{years}")


def generate_municipality(*, today: date, children_per_year: int = 120, years: int = 4,
                          seed: int = 1) -> DemoMunicipality:
    """A synthetic municipality with ``years`` years of history ending on ``today``.

    About ``children_per_year`` new children a year and ≈ 1.7 meldinger per child; one
    caseworker per 40 children a year (at least three) in two teams, plus one leader.
    Deterministic for ``seed``. Raises DemoArgumentError (a ValueError) for arguments outside
    the limits (``check_arguments``).
    """
    check_arguments(today=today, children_per_year=children_per_year, years=years)
    municipality = _Generator(today, children_per_year, years, seed).run()
    return replace(municipality,
                   cases=add_placement_history(municipality.cases, today, seed))


# --- internal, mutable records (frozen into the model at the end) -------------------------------


@dataclass(slots=True, eq=False)
class _M:
    mottatt: date
    melder: tuple[CodedValue, ...]
    saksinnhold: tuple[CodedValue, ...]
    kode: str | None = None
    dato: date | None = None
    tilbakemelding: date | None = None


@dataclass(slots=True, eq=False)
class _U:
    melding: _M
    start: date
    utvidet: date | None = None
    grunn: str = ""
    kode: str | None = None
    dato: date | None = None


@dataclass(slots=True, eq=False)
class _V:
    dato: date
    hjemmel: Lovhjemmel
    status: str = "1"
    akutt: Akutt | None = None


@dataclass(slots=True, eq=False)
class _T:
    vedtak: _V | None
    kode: str
    start: date
    hjemmel: Lovhjemmel
    end: date | None = None  # planned end; may lie after today until finalised
    presisering: str = ""
    opphevelse: str | None = None
    opphevelse_presisering: str = ""
    ettervern: bool = False
    reduce: bool = False  # the visit frequency is reduced to 2 a year after a year
    oppfolging: tuple[Frequency, ...] = ()
    tilsyn: tuple[Frequency, ...] = ()
    kommune: str = ""
    besok: list[tuple[VisitKind, date]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class _Episode:
    """Tiltak decided together and followed by one plan (tiltaksplan or omsorgsplan)."""

    vedtak: _V
    plantype: str | None  # None: no plan is ever made
    tiltak: list[_T]
    samvaersplan: bool = False


@dataclass(slots=True, eq=False)
class _P:
    plantype: str
    start: date
    end: date | None
    evalueringer: tuple[date, ...] = ()
    intervall: int | None = None


@dataclass(slots=True, eq=False)
class _E:
    tilbud: date
    kode: str | None = None
    dato: date | None = None


@dataclass(slots=True, eq=False)
class _Case:
    navn: str
    birth: date
    sex: str
    fnr: str
    first: date
    meldinger: list[_M] = field(default_factory=list)
    undersokelser: list[_U] = field(default_factory=list)
    vedtak: list[_V] = field(default_factory=list)
    episodes: list[_Episode] = field(default_factory=list)
    planer: list[_P] = field(default_factory=list)
    ettervern: list[_E] = field(default_factory=list)
    busy_until: date | None = None  # a care order is pending before the nemnd until then
    showcase: bool = False  # the scripted teenager in care through 18 (see ``_pick_showcase``)

    @property
    def turns18(self) -> date:
        return birthday(self.birth, 18)

    def tiltak(self) -> list[_T]:
        return [t for ep in self.episodes for t in ep.tiltak]


@cache
def _table(key: str, weights: tuple[tuple[str, float], ...], day: date
           ) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The codes of ``weights`` valid on ``day`` with cumulative weights, for ``rng.choices``."""
    valid = {c.kode for c in code_list(key).choices(day)}
    codes, cum, total = [], [], 0.0
    for kode, w in weights:
        if kode in valid and w > 0:
            total += w
            codes.append(kode)
            cum.append(total)
    return tuple(codes), tuple(cum)


@cache
def _valid(key: str, kode: str, day: date) -> bool:
    return code_list(key).get(kode).valid_on(day)


def _vedtaksgrunnlag(u: _U) -> tuple[CodedValue, ...]:
    """SSB's Vedtaksgrunnlag of an undersøkelse concluded with a decision (1 or 2): the
    melding's saksinnhold still valid on the conclusion date, else one common code valid then
    (chosen from the dates, so the generator's random stream is not disturbed)."""
    if u.kode not in VEDTAK_CONCLUSIONS or u.dato is None:
        return ()
    day = u.dato
    kept = tuple(v for v in u.melding.saksinnhold if _valid("saksinnhold", v.kode, day))
    if kept:
        return kept
    common = [k for k, weight in SAKSINNHOLD_VEKTER if weight >= 5
              and _valid("saksinnhold", k, day) and not _needs_presisering("saksinnhold", k)]
    return (CodedValue(common[(day.toordinal() + u.start.toordinal()) % len(common)]),)


@cache
def _needs_presisering(key: str, kode: str) -> bool:
    return code_list(key).get(kode).krever_presisering


@cache
def _is_public(kode: str) -> bool:
    return bool(code_list("melder").get(kode).offentlig)


class _Generator:
    def __init__(self, today: date, children_per_year: int, years: int, seed: int):
        self.today = today
        self.start = add_months(today, -12 * years) + timedelta(days=1)
        self.n_children = children_per_year * years
        self.children_per_year = children_per_year
        self.rng = random.Random(seed)
        self.late_begjaering_done = False
        self.neglected_plan_done = False
        self.open_melding_done = False
        self.open_undersokelse_done = False

    # --- small random helpers ------------------------------------------------------------------

    def days(self, lo: int, hi: int) -> timedelta:
        return timedelta(days=self.rng.randint(lo, hi))

    def pick(self, key: str, weights: tuple[tuple[str, float], ...], day: date) -> str:
        codes, cum = _table(key, weights, day)
        return self.rng.choices(codes, cum_weights=cum)[0]

    def presisering(self, key: str, kode: str) -> str:
        if not _needs_presisering(key, kode):
            return ""
        return self.rng.choice(PRESISERING[kode])

    def past(self, day: date | None) -> date | None:
        """``day`` if it has happened by today, else None."""
        return day if day is not None and day <= self.today else None

    # --- the whole municipality -----------------------------------------------------------------

    def run(self) -> DemoMunicipality:
        rng = self.rng
        workers = self._caseworkers()
        span = (self.today - self.start).days
        firsts = sorted(self.start + timedelta(days=rng.randint(0, span))
                        for _ in range(self.n_children))
        cases = [self._child(first) for first in firsts]
        self._pick_showcase(cases)
        for c in cases:
            self._simulate(c)
            self._finalise(c)
        mottak = [w.navn for w in workers if w.team == TEAM_MOTTAK and not w.er_leder]
        tiltak = [w.navn for w in workers if w.team == TEAM_TILTAK and not w.er_leder]
        frozen = _Freezer(self, mottak, tiltak).freeze(cases)
        return DemoMunicipality(tuple(workers), with_milestone_dates(frozen, self.today,
                                                                     rng.getrandbits(32)))

    def _pick_showcase(self, cases: list[_Case]) -> None:
        """Script one teenager's path so every demo shows it, whatever the seed: melding →
        investigation → begjæring → care order in a foster home (visits reduced to 2 a year) →
        the care order ends at 18 → ettervern offered in time, accepted, measures after 18."""
        for c in cases:
            if (c.turns18 - c.first).days >= 800 and c.turns18 <= self.today - timedelta(days=150):
                c.showcase = True
                return

    def _caseworkers(self) -> list[DemoCaseworker]:
        n = max(3, round(self.children_per_year / CHILDREN_PER_CASEWORKER))
        names = self._adult_names(n + 1)
        n_mottak = math.ceil(n / 2)
        workers = [DemoCaseworker(name, TEAM_MOTTAK if i < n_mottak else TEAM_TILTAK)
                   for i, name in enumerate(names[:n])]
        workers.append(DemoCaseworker(names[n], "", er_leder=True))
        return workers

    def _adult_names(self, count: int) -> list[str]:
        """``count`` different adult names (first + last name).

        Drawn one by one while few are needed (the same draws as always, so a seed keeps its
        caseworkers); when many are needed, sampled without replacement from every
        combination, so the drawing always ends. ValueError if there are not enough names.
        """
        combinations = len(VOKSENNAVN) * len(ETTERNAVN)
        if count > combinations:
            raise ValueError(f"Det finnes bare {combinations} navn for saksbehandlere")
        if count > combinations // 4:
            return [f"{VOKSENNAVN[i // len(ETTERNAVN)]} {ETTERNAVN[i % len(ETTERNAVN)]}"
                    for i in self.rng.sample(range(combinations), count)]
        names: list[str] = []
        seen: set[str] = set()
        while len(names) < count:
            name = f"{self.rng.choice(VOKSENNAVN)} {self.rng.choice(ETTERNAVN)}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def _child(self, first: date) -> _Case:
        rng = self.rng
        # Age at the first melding: all ages, most often teenagers (seed: 13–17 år flest).
        age = rng.choices(range(18),
                          weights=(6, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 7, 8, 9, 9, 8))[0]
        birth = first - timedelta(days=int(age * 365.25) + rng.randint(0, 364))
        sex = rng.choice(("1", "2"))
        fnr = synthetic_fnr(birth, rng, sex=sex, d_number=rng.random() < 0.02)
        first_name = rng.choice(GUTTENAVN if sex == "1" else JENTENAVN)
        return _Case(f"{first_name} {rng.choice(ETTERNAVN)}", birth, sex, fnr, first)

    # --- one child's history ----------------------------------------------------------------------

    def _simulate(self, c: _Case) -> None:
        rng, today = self.rng, self.today
        last_day = c.turns18 - timedelta(days=30)  # no new meldinger about an adult
        t = c.first
        while True:
            m = self._melding(c, t)
            if m.kode is None or rng.random() >= P_MORE_MELDINGER:
                return
            t += self.days(3, 60) if rng.random() < 0.4 else self.days(61, 540)
            if t > today or t > last_day:
                return

    def _state(self, c: _Case, day: date) -> str:
        for u in c.undersokelser:
            if u.start <= day and (u.dato is None or day <= u.dato):
                return "undersokelse"
        if c.busy_until is not None and day <= c.busy_until:
            return "tiltak"
        for t in c.tiltak():
            if t.start <= day and (t.end is None or day <= t.end):
                return "tiltak"
        return "fri"

    def _melding(self, c: _Case, received: date) -> _M:
        rng, today = self.rng, self.today
        age = age_on(c.birth, received)
        melder = self._melder(received, age)
        politi = any(m.kode == "8" for m in melder)
        m = _M(received, melder, self._saksinnhold(received, politi))
        c.meldinger.append(m)
        if any(_is_public(x.kode) for x in melder):
            self._tilbakemelding(m)

        state = self._state(c, received)
        r = rng.random()
        if state == "undersokelse":
            kode = "4" if _valid("melding_konklusjon", "4", received) else "1"
        elif state == "tiltak":
            kode = ("3" if _valid("melding_konklusjon", "3", received) else "1") if r < 0.6 else (
                "2" if r < 0.85 else self._henlagt(received))
        else:
            kode = "2" if r < P_UNDERSOKES else self._henlagt(received)
        scripted = c.showcase and len(c.meldinger) == 1
        if scripted:
            kode = "2"
        elif kode == "2" and state == "fri" and rng.random() < P_AKUTT and age < 17:
            self._akutt(c, m)
            return m

        delay = rng.choices(range(11), weights=(4, 8, 10, 12, 12, 14, 14, 19.5, 3, 2, 1.5))[0]
        dato = received + timedelta(days=delay)
        overdue_window = today - timedelta(days=28) <= received <= today - timedelta(days=8)
        if overdue_window and not scripted and (not self.open_melding_done or rng.random() < 0.25):
            self.open_melding_done = True
            return m  # still open on today, overdue
        if dato > today:
            return m  # still open on today
        if kode not in ("1", "2", "3", "4") and not _valid("melding_konklusjon", kode, dato):
            kode = self._henlagt(dato)
        if kode == "1" and not _valid("melding_konklusjon", "1", dato):
            kode = self._henlagt(dato)
        m.kode, m.dato = kode, dato
        if kode == "2":
            self._undersokelse(c, m)
        return m

    def _melder(self, day: date, age: int) -> tuple[CodedValue, ...]:
        rng = self.rng
        count = 2 if rng.random() < P_SECOND_MELDER else 1
        chosen: list[str] = []
        for _ in range(12):
            kode = self.pick("melder", MELDER_VEKTER, day)
            if kode in chosen or (kode == "9" and age > 6) or (kode == "11" and age < 6):
                continue
            chosen.append(kode)
            if len(chosen) == count:
                break
        if not chosen:
            chosen.append("23" if age < 6 else "11")
        return tuple(CodedValue(k, self.presisering("melder", k)) for k in chosen)

    def _saksinnhold(self, day: date, politi: bool) -> tuple[CodedValue, ...]:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(55, 33, 12))[0]
        chosen: list[str] = []
        for _ in range(10):
            kode = self.pick("saksinnhold", SAKSINNHOLD_VEKTER, day)
            if politi and not chosen and kode not in POLITI_SAKSINNHOLD and rng.random() < 0.6:
                continue
            if kode not in chosen:
                chosen.append(kode)
            if len(chosen) == count:
                break
        if not chosen:
            chosen.append(self.pick("saksinnhold", SAKSINNHOLD_VEKTER, day))
        return tuple(CodedValue(k, self.presisering("saksinnhold", k)) for k in chosen)

    def _tilbakemelding(self, m: _M) -> None:
        rng, today = self.rng, self.today
        recent = m.mottatt >= today - timedelta(days=45)
        r = rng.random()
        if r < (0.15 if recent else 0.004):
            return  # never sent
        late = r > 0.93
        m.tilbakemelding = self.past(m.mottatt + (self.days(22, 40) if late else self.days(2, 20)))

    def _henlagt(self, day: date) -> str:
        if _valid("melding_konklusjon", "1", day):
            return "1"
        return self.pick("melding_konklusjon", (("10", 80), ("7", 7), ("8", 3), ("9", 4),
                                                ("5", 3), ("6", 3)), day)

    # --- undersøkelse -----------------------------------------------------------------------------

    def _undersokelse(self, c: _Case, m: _M, *, conclude: bool = True) -> _U:
        rng, today = self.rng, self.today
        assert m.dato is not None
        u = _U(m, m.dato)
        c.undersokelser.append(u)
        if not conclude:
            return u
        base = m.mottatt + timedelta(days=7)
        due3, due6 = add_months(base, 3), add_months(base, 6)
        span = max(1, (due3 - u.start).days)
        r = 0.5 if c.showcase else rng.random()
        if r < 0.05:  # extended (utvidet frist), nearly always decided before the 3-month date
            if rng.random() < 0.1:
                u.utvidet = due3 + self.days(2, 20)
            else:
                u.utvidet = u.start + timedelta(days=rng.randint(min(20, span - 1), span - 1))
            u.grunn = rng.choice(UTVIDET_GRUNN)
            r2 = rng.random()
            if r2 < 0.85:
                dato = due3 + timedelta(days=rng.randint(1, (due6 - due3).days))
            elif r2 < 0.95:
                dato = due6 + self.days(1, 30)
            else:
                dato = u.start + timedelta(days=rng.randint(min(30, span), span))
            dato = max(dato, u.utvidet + timedelta(days=7))
            if u.utvidet > today:
                u.utvidet, u.grunn = None, ""
        elif r < 0.115:  # fristbrudd
            dato = due3 + self.days(1, 50)
        else:
            dato = u.start + timedelta(days=int(rng.triangular(min(14, span), span, span * 0.8)))
        valid_ext = u.utvidet is not None and u.utvidet <= due3
        due = due6 if valid_ext else due3
        recently_due = today - timedelta(days=60) <= due < today
        if recently_due and (not self.open_undersokelse_done or rng.random() < 0.3):
            self.open_undersokelse_done = True
            return u  # still open on today, overdue
        if dato > today:
            return u  # still open on today
        self._conclude(c, u, dato)
        return u

    def _conclude(self, c: _Case, u: _U, dato: date, *, codes: tuple[tuple[str, float], ...]
                  = (("1", 25), ("3", 61), ("4", 7), ("flytting", 5), ("2", 2))) -> None:
        rng = self.rng
        kode = rng.choices([k for k, _ in codes], weights=[w for _, w in codes])[0]
        if c.showcase and not c.vedtak:
            kode = "2"
        age_days = (c.turns18 - dato).days
        if kode == "2" and age_days < 365:
            kode = "1"
        if kode == "1" and age_days < 60:
            kode = "3"
        if kode == "flytting":
            if _valid("undersokelse_konklusjon", "9", dato):
                kode = rng.choices(("9", "7", "8"), weights=(60, 25, 15))[0]
            else:
                kode = "6" if _valid("undersokelse_konklusjon", "6", dato) else "3"
        u.kode, u.dato = kode, dato
        if kode == "1":
            self._hjelpetiltak(c, dato)
        elif kode == "2":
            self._begjaering(c, dato)

    # --- tiltak -----------------------------------------------------------------------------------

    def _hjelpetiltak(self, c: _Case, decided: date) -> None:
        rng = self.rng
        age = age_on(c.birth, decided)
        r = rng.random()
        start = decided if rng.random() < 0.5 else decided + self.days(1, 21)
        start = min(start, c.turns18 - timedelta(days=2))
        if r < 0.07:  # voluntary foster home (frivillig plassering)
            v = _V(decided, _hjemmel("frivillig_plassering", decided))
            kode = rng.choices(("2.1", "2.2"), weights=(40, 60))[0]
            t = _T(v, kode, start, v.hjemmel, end=start + self.days(60, 720))
            if rng.random() < 0.6:
                t.opphevelse = "1"
            self._foster(t)
            tiltak = [t]
        elif r < 0.10 and age >= 12:  # voluntary institution stay
            v = _V(decided, _hjemmel("frivillig_plassering", decided))
            t = _T(v, "1.1", start, v.hjemmel, end=start + self.days(60, 400), opphevelse="1")
            tiltak = [t]
        else:
            v = _V(decided, _hjemmel("hjelpetiltak", decided))
            tiltak = []
            for kode in self._hjelpetiltak_codes(age, start, 2 if rng.random() < 0.3 else 1):
                begin = start + self.days(0, 14) if tiltak else start
                begin = min(begin, c.turns18 - timedelta(days=2))
                tiltak.append(_T(v, kode, begin, v.hjemmel, end=begin + self.days(90, 540),
                                 presisering=self.presisering("tiltak_kategori", kode)))
        c.vedtak.append(v)
        plan = PlanType.TILTAKSPLAN if rng.random() < P_PLAN_HJELPETILTAK else None
        c.episodes.append(_Episode(v, plan, tiltak))

    def _hjelpetiltak_codes(self, age: int, day: date, count: int) -> list[str]:
        chosen: list[str] = []
        for _ in range(20):
            kode = self.pick("tiltak_kategori", HJELPETILTAK_VEKTER, day)
            lo, hi = TILTAK_ALDER.get(kode, (0, 17))
            if lo <= age <= hi and kode not in chosen:
                chosen.append(kode)
            if len(chosen) == count:
                break
        return chosen or ["3.9"]

    def _foster(self, t: _T) -> None:
        """Visit frequencies and the responsible municipality of a foster-home tiltak."""
        rng = self.rng
        t.oppfolging = (Frequency(t.start, 4),)
        t.tilsyn = (Frequency(t.start, 4),)
        t.kommune = KOMMUNENUMMER if rng.random() < 0.85 else rng.choice(NABOKOMMUNER)

    def _begjaering(self, c: _Case, sent: date, *, beredskap: _T | None = None) -> None:
        """Begjæring to the nemnd (investigation code 2); the nemnd decides on a care order."""
        rng = self.rng
        decided = sent + self.days(35, 110)
        hjemmel = _hjemmel("omsorg", sent)
        if decided > self.today:
            c.vedtak.append(_V(sent, hjemmel, status="2"))
            c.busy_until = decided
            return
        hjemmel = _hjemmel("omsorg", decided)
        refused = not c.showcase and rng.random() < 0.12
        if refused or decided >= c.turns18 - timedelta(days=90):
            c.vedtak.append(_V(decided, hjemmel, status="4"))  # not granted
            if beredskap is not None:
                beredskap.end = decided + self.days(0, 7)
                beredskap.opphevelse = "1"
            if rng.random() < 0.6:
                self._hjelpetiltak(c, decided)
            return
        if beredskap is not None:
            beredskap.end = decided - timedelta(days=1)
        self._omsorg(c, decided, hjemmel)

    def _omsorg(self, c: _Case, decided: date, hjemmel: Lovhjemmel) -> None:
        rng = self.rng
        v = _V(decided, hjemmel)
        c.vedtak.append(v)
        age = age_on(c.birth, decided)
        if age >= 13 and not c.showcase and rng.random() < 0.15:
            kode = "1.1"
        else:
            kode = self.pick("tiltak_kategori", FOSTERHJEM_VEKTER, decided)
        t = _T(v, kode, decided, hjemmel, reduce=c.showcase)
        tiltak = [t]
        r = 1.0 if c.showcase else rng.random()
        if r < 0.08:  # care order lifted, child returned home (bvl § 5-7)
            t.end, t.opphevelse = decided + self.days(180, 900), "1"
        elif r < 0.18 and kode != "1.1":  # moved to another foster home
            t.end = decided + self.days(120, 600)
            t.opphevelse, t.opphevelse_presisering = "4", PRESISERING["4"][0]
            nxt = _T(v, rng.choice(("2.2", "2.3")), t.end + timedelta(days=1), hjemmel)
            tiltak.append(nxt)
        for x in tiltak:
            if x.kode != "1.1":
                self._foster(x)
        plan = PlanType.OMSORGSPLAN if c.showcase or rng.random() < P_PLAN_OMSORG else None
        c.episodes.append(_Episode(v, plan, tiltak, samvaersplan=rng.random() < 0.5))

    def _akutt(self, c: _Case, m: _M) -> None:
        """An emergency placement the day the melding came in, then begjæring or return home."""
        rng, today = self.rng, self.today
        dato = m.mottatt
        m.kode, m.dato = "2", dato
        atferd = age_on(c.birth, dato) >= 13 and rng.random() < 0.2
        kind = "akutt_atferd" if atferd else "akutt"
        new_law = dato >= BVL2021_FROM
        tidspunkt = datetime.combine(dato, time(rng.randint(8, 22), rng.randrange(0, 60, 5)))
        if rng.random() < 0.9:  # sent the same day ("straks")
            left = int((datetime.combine(dato, time(23, 59)) - tidspunkt).total_seconds() // 60)
            sendt: datetime | None = tidspunkt + timedelta(minutes=rng.randint(15, max(15, left)))
        else:
            sendt = datetime.combine(dato + timedelta(days=1), time(rng.randint(8, 11), 30))
        if sendt is not None and sendt.date() > today:
            sendt = None
        weeks = 2 if atferd else 6
        due = dato + timedelta(weeks=weeks)
        u = self._undersokelse(c, m, conclude=False)
        r = rng.random()
        returned = r < 0.12
        if returned:
            begj = None
        elif not self.late_begjaering_done or r < 0.16:  # late begjæring (at least one)
            begj = due + self.days(1, 10)
            self.late_begjaering_done = begj <= today
        else:
            begj = dato + self.days(weeks * 7 // 3, weeks * 7 - 1)
        begj = self.past(begj)
        akutt = Akutt(_AKUTT_TYPE[(kind, new_law)], tidspunkt, sendt, begj,
                      institusjon_atferd=atferd)
        v = _V(dato, _hjemmel(kind, dato), status="4" if returned else "1", akutt=akutt)
        c.vedtak.append(v)
        t = _T(v, "1.1" if atferd else "2.5", dato, v.hjemmel)
        if not atferd:
            self._foster(t)
        plan = PlanType.TILTAKSPLAN if rng.random() < P_PLAN_HJELPETILTAK else None
        c.episodes.append(_Episode(v, plan, [t]))
        if returned:
            t.end, t.opphevelse = dato + self.days(3, 25), "1"
            conclusion = dato + self.days(30, 80)
            if conclusion <= today:
                self._conclude(c, u, conclusion, codes=(("1", 55), ("3", 45)))
            return
        if begj is None:
            c.busy_until = today  # waiting for the begjæring: the child stays placed
            return
        u.kode, u.dato = "2", begj
        if atferd:
            self._institusjon_atferd(c, t, begj)
        else:
            self._begjaering(c, begj, beredskap=t)

    def _institusjon_atferd(self, c: _Case, akutt_t: _T, sent: date) -> None:
        """The nemnd's decision on an institution stay without consent (bvl § 6-2)."""
        rng = self.rng
        decided = sent + self.days(7, 21)
        if decided > self.today:
            c.busy_until = decided
            return
        akutt_t.end = decided - timedelta(days=1)
        hjemmel = _hjemmel("institusjon_atferd", decided)
        v = _V(decided, hjemmel)
        c.vedtak.append(v)
        t = _T(v, "1.1", decided, hjemmel, end=decided + self.days(90, 420), opphevelse="4",
               opphevelse_presisering="Tiltaket avsluttet etter ny vurdering")
        if t.end is not None and (t.end - decided).days > 182 and rng.random() < 0.7:
            renewed = decided + self.days(150, 182)
            if renewed <= self.today and renewed < c.turns18:
                c.vedtak.append(_V(renewed, _hjemmel("institusjon_atferd", renewed)))
        c.episodes.append(_Episode(v, PlanType.TILTAKSPLAN if rng.random() < 0.8 else None, [t]))

    # --- after the history: ages, plans, visits, ettervern ----------------------------------------

    def _finalise(self, c: _Case) -> None:
        today = self.today
        last_child_day = c.turns18 - timedelta(days=1)
        for ep in c.episodes:
            kept = []
            for t in ep.tiltak:
                if t.start > today or t.start >= last_child_day:
                    continue  # not started yet (or never, the child came of age first)
                if last_child_day <= today and (t.end is None or t.end > last_child_day):
                    t.end, t.opphevelse, t.opphevelse_presisering = last_child_day, "2", ""
                if t.end is not None and t.end > today:
                    t.end, t.opphevelse, t.opphevelse_presisering = None, None, ""
                if t.oppfolging:
                    self._visits(t)
                kept.append(t)
            ep.tiltak = kept
        for ep in list(c.episodes):
            self._plans(c, ep)
        self._ettervern(c)

    def _plans(self, c: _Case, ep: _Episode) -> None:
        rng, today = self.rng, self.today
        if not ep.tiltak:
            return
        ends = [t.end for t in ep.tiltak]
        end = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
        if ep.plantype is not None:
            start = ep.vedtak.dato if rng.random() < 0.45 else ep.vedtak.dato + self.days(1, 30)
            if start <= today and (end is None or start <= end):
                omsorg = ep.plantype == PlanType.OMSORGSPLAN
                intervall = None
                if not omsorg and rng.random() < 0.05:
                    intervall = 6
                months = intervall or (12 if omsorg else 3)
                evals = self._evaluations(start, end, months)
                if (not self.neglected_plan_done and not omsorg and intervall is None
                        and end is None and start <= today - timedelta(days=200)):
                    # At least one active tiltaksplan has gone unevaluated for months.
                    stale = today - timedelta(days=20)
                    evals = tuple(e for e in evals if add_months(e, months) < stale)
                    self.neglected_plan_done = True
                c.planer.append(_P(ep.plantype, start, end, evals, intervall))
        if ep.samvaersplan and _valid("plantype", PlanType.SAMVAERSPLAN, ep.vedtak.dato):
            start = ep.vedtak.dato + self.days(0, 60)
            if start <= today and (end is None or start <= end):
                c.planer.append(_P(PlanType.SAMVAERSPLAN, start, end))

    def _evaluations(self, start: date, end: date | None, months: int) -> tuple[date, ...]:
        rng = self.rng
        limit = min(end, self.today) if end is not None else self.today
        reliability = rng.uniform(0.6, 0.95)
        out: list[date] = []
        anchor = start
        while True:
            due = add_months(anchor, months)
            r = rng.random()
            if r < reliability:
                d = due - self.days(0, 20)
            elif r < reliability + (1 - reliability) * 0.6:
                d = due + self.days(3, 60)
            else:
                break  # evaluations stopped: the plan goes unevaluated
            d = max(d, anchor + timedelta(days=1))
            if d > limit:
                break
            out.append(d)
            anchor = d
        return tuple(out)

    def _visits(self, t: _T) -> None:
        rng, today = self.rng, self.today
        end = min(t.end, today) if t.end is not None else today
        long_enough = (end - t.start).days > 400
        for kind, p_reduce, rel_range in ((VisitKind.OPPFOLGING, 0.3, (0.7, 0.97)),
                                           (VisitKind.TILSYN, 0.25, (0.5, 0.95))):
            history: tuple[Frequency, ...] = (Frequency(t.start, 4),)
            if long_enough and t.kode != "2.5" and (t.reduce or rng.random() < p_reduce):
                reduced = t.start + (timedelta(days=365) if t.reduce else self.days(365, 900))
                if reduced < end:
                    history += (Frequency(reduced, 2),)
            if kind is VisitKind.OPPFOLGING:
                t.oppfolging = history
            else:
                t.tilsyn = history
            reliability = rng.uniform(*rel_range)
            anchor = t.start
            while True:
                due = add_months(anchor, 12 // frequency_on(history, anchor))
                r = rng.random()
                if r < reliability:
                    d = due - self.days(0, 30)
                elif r < reliability + (1 - reliability) * 0.6:
                    d = due + self.days(5, 50)
                else:
                    d = due + self.days(60, 150)  # a visit missed
                d = max(d, anchor + timedelta(days=1))
                if d > end:
                    break
                t.besok.append((kind, d))
                anchor = d

    def _ettervern(self, c: _Case) -> None:
        """Offer of ettervern before 18 (bvl § 3-6) and measures after 18 when accepted."""
        rng, today = self.rng, self.today
        turns18 = c.turns18
        due = add_months(turns18, -6)
        relevant = [t for t in c.tiltak()
                    if t.start < turns18 and (t.end is None or t.end >= due)]
        if not relevant:
            return
        first = min(t.start for t in relevant)
        effective = max(due, first)
        r = 0.0 if c.showcase else rng.random()
        if r < 0.85:
            tilbud = max(first, effective - self.days(0, 75))
        elif r < 0.95:
            tilbud = effective + self.days(5, 90)
        else:
            return  # never offered
        if tilbud > today:
            return
        e = _E(tilbud)
        c.ettervern.append(e)
        dato = tilbud + self.days(7, 60)
        if dato > today or not _valid("ettervern_konklusjon", "1", dato):
            return
        e.kode = "1" if c.showcase else rng.choices(("1", "2", "3"), weights=(65, 10, 25))[0]
        e.dato = dato
        in_care_at_18 = any(t.end is None or t.end >= turns18 - timedelta(days=1)
                            for t in relevant)
        if e.kode == "3" or not in_care_at_18:
            return
        start = max(turns18, dato)
        if start > today:
            return
        v = _V(dato, _hjemmel("ettervern", dato))
        c.vedtak.append(v)
        kode = self.pick("tiltak_kategori", ETTERVERN_VEKTER, start)
        latest = start + self.days(180, 1400)
        end = self.past(min(latest, birthday(c.birth, 25) - timedelta(days=1)))
        t = _T(v, kode, start, v.hjemmel, end=end, ettervern=True)
        plantype = (PlanType.ETTERVERN if _valid("plantype", PlanType.ETTERVERN, dato)
                    else PlanType.TILTAKSPLAN)  # the plan may start on the vedtak date
        ep = _Episode(v, plantype if rng.random() < 0.9 else None, [t])
        c.episodes.append(ep)
        self._plans(c, ep)


class _Freezer:
    """Assigns ids (per type, from 1) and builds the frozen model objects."""

    def __init__(self, gen: _Generator, mottak: list[str], tiltak: list[str]):
        self.gen = gen
        self.mottak = mottak
        self.tiltak_workers = tiltak
        self.ids = dict.fromkeys(("sak", "melding", "undersokelse", "vedtak", "tiltak", "plan",
                                  "besok", "ettervern"), 0)
        self.journal: dict[int, int] = {}

    def next(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind]

    def freeze(self, cases: list[_Case]) -> list[CaseFile]:
        return [self._case(c) for c in cases]

    def _journalnummer(self, day: date) -> str:
        seq = self.journal.get(day.year, 0) + self.gen.rng.randint(1, 9)
        self.journal[day.year] = seq
        return f"{day.year}/{seq:05d}"

    def _case(self, c: _Case) -> CaseFile:
        rng = self.gen.rng
        sak_id = self.next("sak")
        melding_ids: dict[int, int] = {}
        meldinger = []
        for m in c.meldinger:
            mid = self.next("melding")
            melding_ids[id(m)] = mid
            meldinger.append(Melding(
                sak_id=sak_id, mottatt=m.mottatt, melder=m.melder, saksinnhold=m.saksinnhold,
                konklusjon_kode=m.kode, konklusjon_dato=m.dato,
                tilbakemelding_dato=m.tilbakemelding, id=mid))
        undersokelser = [Undersokelse(
            sak_id=sak_id, melding_id=melding_ids[id(u.melding)], startdato=u.start,
            utvidet_dato=u.utvidet, utvidet_grunn=u.grunn, konklusjon_kode=u.kode,
            konklusjon_dato=u.dato, id=self.next("undersokelse"),
            vedtaksgrunnlag=_vedtaksgrunnlag(u)) for u in c.undersokelser]
        vedtak_ids: dict[int, int] = {}
        vedtak = []
        for v in sorted(c.vedtak, key=lambda v: v.dato):
            vid = self.next("vedtak")
            vedtak_ids[id(v)] = vid
            vedtak.append(Vedtak(sak_id, v.dato, v.hjemmel, v.status, v.akutt, vid))
        tiltak: list[Tiltak] = []
        besok: list[Besok] = []
        for t in sorted(c.tiltak(), key=lambda t: t.start):
            tid = self.next("tiltak")
            ended = t.end is not None
            tiltak.append(Tiltak(
                sak_id=sak_id, kategori_kode=t.kode, startdato=t.start, lovhjemmel=t.hjemmel,
                presisering=t.presisering,
                vedtak_id=vedtak_ids[id(t.vedtak)] if t.vedtak is not None else None,
                sluttdato=t.end, opphevelse_kode=t.opphevelse if ended else None,
                opphevelse_presisering=t.opphevelse_presisering if ended else "",
                oppfolging_hyppighet=t.oppfolging, tilsyn_hyppighet=t.tilsyn,
                tilsyn_ansvarlig_kommune=t.kommune, id=tid))
            besok.extend(Besok(tid, kind, d, self.next("besok")) for kind, d in t.besok)
        planer = [Plan(sak_id, p.plantype, p.start, p.end, p.evalueringer, p.intervall,
                       self.next("plan")) for p in sorted(c.planer, key=lambda p: p.start)]
        ettervern = [Ettervern(sak_id, e.tilbud, e.kode, e.dato, self.next("ettervern"))
                     for e in c.ettervern]
        has_tiltak = bool(tiltak)
        team = TEAM_TILTAK if has_tiltak else TEAM_MOTTAK
        worker = rng.choice(self.tiltak_workers if has_tiltak else self.mottak)
        fnr, birth, duf = self._identity(c, sak_id)
        sak = Sak(journalnummer=self._journalnummer(c.first), navn=c.navn, fodselsnummer=fnr,
                  fodselsdato=birth, kjonn=c.sex, saksbehandler=worker, startdato=c.first,
                  team=team, sluttdato=self._sluttdato(c, vedtak), id=sak_id, duf_nummer=duf)
        return CaseFile(sak, tuple(meldinger), tuple(undersokelser), tuple(vedtak), tuple(tiltak),
                        tuple(planer), tuple(besok), tuple(ettervern))

    def _identity(self, c: _Case, sak_id: int) -> tuple[str, date | None, str | None]:
        """Fødselsnummer, birth date and DUF-nummer. About one child in 67 came as an asylum
        seeker and has only a DUF-nummer (every third of them without a known birth date), and
        as many have both (the fødselsnummer came later). Drawn from the case id, so the rest
        of the municipality is the same as without them."""
        kind = sak_id % DUF_EVERY
        if kind not in (DUF_ONLY, DUF_AND_FNR):
            return c.fnr, c.birth, None
        duf = synthetic_duf(c.first.year, random.Random(sak_id))
        if kind == DUF_AND_FNR:
            return c.fnr, c.birth, duf
        return "", (None if sak_id % (3 * DUF_EVERY) == DUF_ONLY else c.birth), duf

    def _sluttdato(self, c: _Case, vedtak: list[Vedtak]) -> date | None:
        """Close some cases where everything has ended and no obligation is left open."""
        gen = self.gen
        if any(m.kode is None for m in c.meldinger):
            return None
        if any(m.tilbakemelding is None and any(_is_public(x.kode) for x in m.melder)
               for m in c.meldinger):
            return None
        if any(u.kode is None for u in c.undersokelser) or c.busy_until is not None:
            return None
        if any(v.status_kode == "2" or (v.akutt is not None and v.status_kode != "4"
                                        and v.akutt.begjaering_sendt is None) for v in vedtak):
            return None
        tiltak = c.tiltak()
        if any(t.end is None for t in tiltak) or any(p.end is None for p in c.planer):
            return None
        if any(e.kode is None for e in c.ettervern):
            return None
        due = add_months(c.turns18, -6)
        if not c.ettervern and any(t.start < c.turns18 and t.end is not None and t.end >= due
                                   for t in tiltak):
            return None
        dates = [c.first]
        dates += [m.dato for m in c.meldinger if m.dato]
        dates += [m.tilbakemelding for m in c.meldinger if m.tilbakemelding]
        dates += [u.dato for u in c.undersokelser if u.dato]
        dates += [v.dato for v in c.vedtak]
        dates += [t.end for t in tiltak if t.end]
        dates += [e.dato for e in c.ettervern if e.dato]
        closed = max(dates) + gen.days(0, 60)
        if closed > gen.today or gen.rng.random() >= P_SAK_CLOSED:
            return None
        return closed
