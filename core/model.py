"""Domain types of the case register, modelled on SSB's national register (Barnevern v4).

Plain frozen dataclasses: no Qt, no SQL. Ids are assigned by storage; a new, unsaved object has
``id = None``. Code values are SSB codes as strings (see ``core.codes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from core.codes import FOSTERHJEM_CODES, INSTITUSJON_CODES, PLACEMENT_CODES, code_list


class VisitKind(StrEnum):
    """The two kinds of foster-home visit (fosterhjemsforskriften 2023)."""

    OPPFOLGING = "oppfolging"
    TILSYN = "tilsyn"

    @property
    def label(self) -> str:
        return "Oppfølgingsbesøk" if self is VisitKind.OPPFOLGING else "Tilsynsbesøk"


@dataclass(frozen=True, slots=True)
class Lovhjemmel:
    """Legal basis of a vedtak or tiltak: lov ("BVL2021" or "BVL"), kapittel, paragraf, ledd."""

    lov: str = "BVL2021"
    kapittel: str = ""
    paragraf: str = ""
    ledd: str = ""

    def __str__(self) -> str:
        if not self.kapittel:
            return ""
        name = "bvl" if self.lov == "BVL2021" else "bvl 1992"
        text = f"{name} § {self.kapittel}-{self.paragraf}"
        return f"{text} {self.ledd}. ledd" if self.ledd else text

    def is_paragraph(self, lov: str, kapittel: str, paragraf: str) -> bool:
        return (self.lov, self.kapittel, self.paragraf) == (lov, kapittel, paragraf)


@dataclass(frozen=True, slots=True)
class CodedValue:
    """One SSB code with its free-text precision (presisering), where the code requires one."""

    kode: str
    presisering: str = ""


@dataclass(frozen=True, slots=True)
class Sak:
    """One child's case."""

    journalnummer: str
    navn: str
    fodselsnummer: str  # "" while the child has only a DUF-nummer
    fodselsdato: date | None  # None: not known (a DUF-nummer carries no birth date)
    kjonn: str | None
    saksbehandler: str
    startdato: date
    team: str = ""
    sluttdato: date | None = None
    id: int | None = None
    duf_nummer: str | None = None  # the immigration authorities' number (UDI), if any


@dataclass(frozen=True, slots=True)
class Melding:
    """A report of concern (bekymringsmelding)."""

    sak_id: int
    mottatt: date
    melder: tuple[CodedValue, ...] = ()
    saksinnhold: tuple[CodedValue, ...] = ()
    konklusjon_kode: str | None = None
    konklusjon_dato: date | None = None
    tilbakemelding_dato: date | None = None
    id: int | None = None
    tildelt_dato: date | None = None  # assigned to a caseworker (local milestone, not SSB)
    #: The feedback date is not known: the melding came from an SSB file, which has no such date
    #: (the deadline shows as «ukjent (importert)» until a date is registered).
    tilbakemelding_ukjent: bool = False

    @property
    def has_public_reporter(self) -> bool:
        melder = code_list("melder")
        return any(m.kode in melder and melder.get(m.kode).offentlig for m in self.melder)


@dataclass(frozen=True, slots=True)
class Undersokelse:
    """An investigation, started from a melding concluded with code 2."""

    sak_id: int
    melding_id: int
    startdato: date
    utvidet_dato: date | None = None
    utvidet_grunn: str = ""
    konklusjon_kode: str | None = None
    konklusjon_dato: date | None = None
    id: int | None = None
    forste_kontakt: date | None = None  # first contact with the family (local milestone)
    #: SSB Vedtaksgrunnlag (Saksinnhold codes): required when concluded with code 1 or 2.
    vedtaksgrunnlag: tuple[CodedValue, ...] = ()

    @property
    def needs_vedtaksgrunnlag(self) -> bool:
        """Concluded with a decision (SSB Undersøkelse kontroll 7: Konklusjon 1 or 2)."""
        return self.konklusjon_kode in VEDTAK_CONCLUSIONS


#: Undersøkelse conclusions that lead to a decision: 1 vedtak om tiltak, 2 begjæring til nemnda.
VEDTAK_CONCLUSIONS = frozenset({"1", "2"})


@dataclass(frozen=True, slots=True)
class Akutt:
    """The emergency part of an akuttvedtak (bvl kap. 4)."""

    type: str
    tidspunkt: datetime
    sendt_nemnd: datetime | None = None
    begjaering_sendt: date | None = None
    institusjon_atferd: bool = False


@dataclass(frozen=True, slots=True)
class Vedtak:
    """A decision. ``akutt`` is set for an akuttvedtak."""

    sak_id: int
    dato: date
    lovhjemmel: Lovhjemmel
    status_kode: str = "1"
    akutt: Akutt | None = None
    id: int | None = None
    #: The date from which the decision says the child needs a foster home (Bufetat's «ønsket
    #: oppstart»): the start of a wait that a foster-home tiltak ends (``core.placements``).
    fosterhjem_behov_dato: date | None = None


@dataclass(frozen=True, slots=True)
class Frequency:
    """A required visit frequency (visits per year) in force from ``startdato``."""

    startdato: date
    per_aar: int


@dataclass(frozen=True, slots=True)
class Tiltak:
    """A measure, with SSB category code and legal basis."""

    sak_id: int
    kategori_kode: str
    startdato: date
    lovhjemmel: Lovhjemmel = field(default_factory=Lovhjemmel)
    presisering: str = ""
    vedtak_id: int | None = None
    sluttdato: date | None = None
    opphevelse_kode: str | None = None
    opphevelse_presisering: str = ""
    oppfolging_hyppighet: tuple[Frequency, ...] = ()
    tilsyn_hyppighet: tuple[Frequency, ...] = ()
    tilsyn_ansvarlig_kommune: str = ""
    id: int | None = None
    oppstartsmote: date | None = None  # start-up meeting held (local milestone)

    @property
    def er_plassering(self) -> bool:
        """SSB "Plasseringstiltak": the category is a placement code."""
        return self.kategori_kode in PLACEMENT_CODES

    @property
    def er_omsorgstiltak(self) -> bool:
        """SSB "Omsorgsovertakelse": care order under bvl 2021 § 5-1 or bvl 1992 § 4-12 / § 4-8."""
        h = self.lovhjemmel
        if h.is_paragraph("BVL2021", "5", "1") or h.is_paragraph("BVL", "4", "12"):
            return True
        return h.is_paragraph("BVL", "4", "8") and h.ledd in ("2", "3")

    @property
    def er_hjelpetiltak(self) -> bool:
        """Hjelpetiltak: decided under bvl 2021 kapittel 3 (frivillige og pålagte hjelpetiltak,
        incl. voluntary placements and § 3-6 measures after 18), or under bvl 1992 § 4-4 or
        § 1-3 (measures continued after 18). Emergency decisions (kapittel 4, e.g. § 4-2),
        care orders (kapittel 5) and other chapters are not hjelpetiltak. With no legal basis
        recorded it counts as one unless it is a care measure: an unknown basis must never
        silently drop the tiltaksplan deadline."""
        h = self.lovhjemmel
        if not h.kapittel.strip():
            return not self.er_omsorgstiltak
        if h.lov == "BVL2021":
            return h.kapittel.strip() == "3"
        return h.is_paragraph("BVL", "4", "4") or h.is_paragraph("BVL", "1", "3")

    @property
    def er_fosterhjem(self) -> bool:
        return self.kategori_kode in FOSTERHJEM_CODES

    @property
    def er_institusjon(self) -> bool:
        return self.kategori_kode in INSTITUSJON_CODES

    def active_on(self, day: date) -> bool:
        return self.startdato <= day and (self.sluttdato is None or day <= self.sluttdato)

    def frequency(self, kind: VisitKind) -> tuple[Frequency, ...]:
        return self.oppfolging_hyppighet if kind is VisitKind.OPPFOLGING else self.tilsyn_hyppighet


class PlanType:
    """SSB Plantype codes used by the rules."""

    TILTAKSPLAN = "1"
    TILTAKSPLAN_8_4 = "2"
    FORELOPIG_OMSORGSPLAN = "3"
    OMSORGSPLAN = "4"
    ETTERVERN = "5"
    SAMVAERSPLAN = "6"
    UNDERSOKELSESPLAN = "7"
    UNDERSOKELSESPLAN_AKUTT = "8"


TILTAKSPLAN_TYPES = frozenset({PlanType.TILTAKSPLAN, PlanType.ETTERVERN})
OMSORGSPLAN_TYPES = frozenset({PlanType.OMSORGSPLAN, PlanType.FORELOPIG_OMSORGSPLAN})


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan with its evaluations. ``evalueringsintervall_mnd`` overrides the rule's default."""

    sak_id: int
    plantype: str
    startdato: date
    sluttdato: date | None = None
    evalueringer: tuple[date, ...] = ()
    evalueringsintervall_mnd: int | None = None
    id: int | None = None

    def active_on(self, day: date) -> bool:
        return self.startdato <= day and (self.sluttdato is None or day <= self.sluttdato)


@dataclass(frozen=True, slots=True)
class Besok:
    """A follow-up (oppfølging) or supervision (tilsyn) visit carried out for a tiltak."""

    tiltak_id: int
    kind: VisitKind
    dato: date
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Ettervern:
    """Aftercare: the offer sent to a young person and its conclusion."""

    sak_id: int
    tilbud_sendt: date
    konklusjon_kode: str | None = None
    konklusjon_dato: date | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Flytting:
    """A move between places of residence of a placed child (SSB Barnevern v4 «Flytting»):
    the day the child moved (SSB SluttDato of the stay it left), why it left (ArsakFra) and
    where it moved to (FlyttingTil), each with its presisering where the code asks for one."""

    sak_id: int
    dato: date
    arsak_fra_kode: str
    flytting_til_kode: str
    arsak_fra_presisering: str = ""
    flytting_til_presisering: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CaseFile:
    """Everything the rules need about one case.

    ``versjon`` is the stored version of the case when it was read (0: not read from a
    register); it tells a save whether someone else changed the case since. It is not part of
    the case's content: equality and hashing ignore it, and no rule reads it."""

    sak: Sak
    meldinger: tuple[Melding, ...] = ()
    undersokelser: tuple[Undersokelse, ...] = ()
    vedtak: tuple[Vedtak, ...] = ()
    tiltak: tuple[Tiltak, ...] = ()
    planer: tuple[Plan, ...] = ()
    besok: tuple[Besok, ...] = ()
    ettervern: tuple[Ettervern, ...] = ()
    flyttinger: tuple[Flytting, ...] = ()
    versjon: int = field(default=0, compare=False)

    def melding(self, melding_id: int) -> Melding | None:
        return next((m for m in self.meldinger if m.id == melding_id), None)

    def visits(self, tiltak_id: int | None, kind: VisitKind) -> list[date]:
        """Sorted visit dates of one kind for one tiltak."""
        return sorted(b.dato for b in self.besok if b.tiltak_id == tiltak_id and b.kind is kind)
