"""KOSTRA Barnevern (15F) as plain data: one municipality's yearly extract, element for element.

The 15F file (``resources/ssb/kostra-15f``: KostraBarnevern.xsd, Avgiver.xsd, Individ.xsd) is a
different shape from Fristvakt's case model: an ``Individ`` per child with its meldinger (each
with at most one undersøkelse), plans, tiltak and flyttinger, no vedtak, no visits. These
classes hold exactly what a file says — what the model has no place for too (Avslutta3112,
presiseringer, vedtaksgrunnlag, JmfrLovhjemmel, flytting) — so that SSB's 15F controls
(``core.ssb_15f_controls``) can run on a file before anything is imported. ``storage.ssb_15f``
reads and writes them; a date or code the file lacks (or has wrong) is ``None``/"".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.codes import PLACEMENT_CODES


@dataclass(frozen=True, slots=True)
class Code15:
    """A coded element (Melder, Saksinnhold, Vedtaksgrunnlag, Kategori, Opphevelse…)."""

    kode: str
    presisering: str = ""


@dataclass(frozen=True, slots=True)
class Hjemmel15:
    """A ``Lovhjemmel`` or ``JmfrLovhjemmel``: lov, kapittel, paragraf and the optional rest."""

    lov: str
    kapittel: str
    paragraf: str
    ledd: str = ""
    bokstav: str = ""
    punktum: str = ""

    def is_paragraph(self, lov: str, kapittel: str, paragraf: str) -> bool:
        return (self.lov, self.kapittel, self.paragraf) == (lov, kapittel, paragraf)


@dataclass(frozen=True, slots=True)
class Undersokelse15:
    """``Melding/Undersokelse``."""

    id: str
    startdato: date | None
    sluttdato: date | None = None
    konklusjon: str = ""
    presisering: str = ""
    vedtaksgrunnlag: tuple[Code15, ...] = ()


@dataclass(frozen=True, slots=True)
class Melding15:
    """``Individ/Melding`` with its melder, saksinnhold and undersøkelse."""

    id: str
    startdato: date | None
    sluttdato: date | None = None
    konklusjon: str = ""
    melder: tuple[Code15, ...] = ()
    saksinnhold: tuple[Code15, ...] = ()
    undersokelse: Undersokelse15 | None = None


@dataclass(frozen=True, slots=True)
class Plan15:
    """``Individ/Plan``: one evaluation date at most (``EvaluertDato``)."""

    id: str
    startdato: date | None
    plantype: str
    sluttdato: date | None = None
    evaluert: date | None = None


@dataclass(frozen=True, slots=True)
class Tiltak15:
    """``Individ/Tiltak``."""

    id: str
    startdato: date | None
    lovhjemmel: Hjemmel15
    kategori: Code15
    sluttdato: date | None = None
    jmfr_lovhjemmel: tuple[Hjemmel15, ...] = ()
    tiltaksgrunnlag: tuple[Code15, ...] = ()
    opphevelse: Code15 | None = None

    @property
    def er_omsorgstiltak(self) -> bool:
        """SSB's «Omsorgstiltak» (Kravspesifikasjon-15F, Definisjoner)."""
        h = self.lovhjemmel
        if h.is_paragraph("BVL", "4", "12") or h.is_paragraph("BVL2021", "5", "1"):
            return True
        if not h.is_paragraph("BVL", "4", "8"):
            return False
        return h.ledd in ("2", "3") or any(j.kapittel == "4" and j.paragraf == "12"
                                            for j in self.jmfr_lovhjemmel)

    @property
    def er_plassering(self) -> bool:
        """SSB's «Plasseringstiltak»: the category is a placement code."""
        return self.kategori.kode in PLACEMENT_CODES


@dataclass(frozen=True, slots=True)
class Flytting15:
    """``Individ/Flytting`` (the model has no place for it)."""

    id: str
    sluttdato: date | None
    arsak_fra: Code15
    flytting_til: Code15


@dataclass(frozen=True, slots=True)
class Individ15:
    """One child of the extract."""

    id: str
    journalnummer: str
    startdato: date | None
    saksbehandler: str
    avslutta3112: str
    sluttdato: date | None = None
    fodselsnummer: str = ""
    duf_nummer: str = ""
    bydelsnummer: str = ""
    bydelsnavn: str = ""
    distriktsnummer: str = ""
    meldinger: tuple[Melding15, ...] = ()
    planer: tuple[Plan15, ...] = ()
    tiltak: tuple[Tiltak15, ...] = ()
    flyttinger: tuple[Flytting15, ...] = ()


@dataclass(frozen=True, slots=True)
class Avgiver15:
    """``Avgiver``: the municipality and the reporting year (``Versjon``)."""

    organisasjonsnummer: str
    versjon: str
    kommunenummer: str
    kommunenavn: str


@dataclass(frozen=True, slots=True)
class Barnevern15:
    """A whole 15F file."""

    avgiver: Avgiver15
    individer: tuple[Individ15, ...] = ()
