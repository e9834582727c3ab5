"""SSB's controls for KOSTRA Barnevern (15F), run locally on a file before it is imported.

The catalogue ``CONTROLS`` is data, as for v4 (``core.ssb_controls``): each ``Control15`` has
SSB's id as Kravspesifikasjon-15F.md names it ("Individ Kontroll 19"), its title, severity
(FEIL blocks delivery, ADVARSEL asks for a look), the element it concerns and a pure check. The
checks run on the file as data (``core.ssb_15f_model``), which holds all that the controls read
— also what the case model has no place for (Avslutta3112, presiseringer, JmfrLovhjemmel,
flytting) — so every control of the specification is evaluated on a file. ``check_file`` gives
the findings; a finding names the individ by journalnummer and the element by its Id, never by a
fødselsnummer or DUF-nummer.

SSB's «variabler fra skjema» (``Skjema``: the reporting year, kommunenummer, kommunenavn,
organisasjonsnummer) come from the portal at SSB; locally they are what the person gives, else
the register's avgiver, else the file's own. A control that needs one that is not known (the
Avgiver controls, Individ 09/10) is listed in the result's ``not_evaluated`` with the reason.

Where the specification's words and its purpose disagree, the purpose is followed (and tested):

* Melding Kontroll 4 and 5 say «SluttDato er før forrige_telledato»; a melding concluded before
  the previous count date is not in the year's file at all, so the check is on meldinger
  concluded after it (in the reporting year).
* Melder Kontroll 2, Saksinnhold Kontroll 2, Vedtaksgrunnlag Kontroll 2, Undersøkelse Kontroll
  3 and 7 name only the code; the messages say what is missing (presisering, vedtaksgrunnlag),
  so they fire when it is missing.
* Tiltak Kontroll 24 compares Lovhjemmel's law and each JmfrLovhjemmel's law (when there is one).

The XSD is checked first (``Filbeskrivelse``): each complaint of the schema is a FEIL — SSB's
portal refuses such a file before its controls run — and the controls then run on what could
be read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from core.identity import mask
from core.ssb_15f_checks import (
    FLYTTING,
    MELDING,
    PLAN,
    TILTAK,
    UNDERSOKELSE,
    FileCheck,
    Hit15,
    IndividCheck,
    Skjema,
    age_kategori,
    avgiver_02,
    avgiver_03,
    avgiver_04,
    avgiver_06,
    bydel,
    closed_with_individ,
    concluded_without,
    end_after_individ,
    end_in_year,
    flytting_02f,
    grunnlag,
    individ_01a,
    individ_02a,
    individ_02b,
    individ_02d,
    individ_03,
    individ_04,
    individ_05,
    individ_06,
    individ_07,
    individ_08,
    individ_11,
    individ_19,
    lovhjemmel_03,
    lovhjemmel_04,
    melder,
    melding_03,
    presisering,
    saksinnhold,
    start_after_end,
    start_before_individ,
    tiltak_04,
    tiltak_07,
    tiltak_08,
    tiltak_09,
    tiltak_24,
    undersokelse_03,
    undersokelse_04,
    undersokelse_07,
    undersokelse_08,
)
from core.ssb_15f_model import Barnevern15, Individ15
from core.ssb_checks import MELDER_PRESISERING, SAKSINNHOLD_PRESISERING
from core.ssb_extract import ERROR, WARNING, Severity

__all__ = ["CONTROLS", "CONTROLS_BY_ID", "XSD_CONTROL", "Control15", "Finding15", "Hit15",
           "Result15", "Skjema", "check_file"]

XSD_CONTROL = "Validering av innhold mot filbeskrivelse"


@dataclass(frozen=True, slots=True)
class Control15:
    """One of SSB's 15F controls. ``check`` runs per individ; ``file_check`` on the whole file
    (Avgiver, duplicates across individer). ``needs`` names a Skjema field it cannot do
    without."""

    id: str
    title: str
    severity: Severity
    element: str
    check: IndividCheck | None = None
    file_check: FileCheck | None = None
    needs: str = ""


@dataclass(frozen=True, slots=True)
class Finding15:
    """One control's complaint: the individ (journalnummer and Id), the element and its Id."""

    control_id: str
    severity: Severity
    message: str
    journalnummer: str
    individ_id: str
    element: str
    element_id: str


@dataclass(frozen=True, slots=True)
class Result15:
    """A run on a file: the Skjema used, how many individer, the findings (in catalogue order)
    and the controls that could not be evaluated, with the reason."""

    skjema: Skjema
    individer: int
    findings: tuple[Finding15, ...]
    not_evaluated: Mapping[str, str] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def blocked(self) -> bool:
        """True when SSB would refuse the file (any FEIL)."""
        return any(f.severity.blocks for f in self.findings)


# --- the catalogue --------------------------------------------------------------------------------


def _c(control_id: str, title: str, severity: Severity, element: str,
       check: IndividCheck) -> Control15:
    return Control15(control_id, title, severity, element, check)


#: Every control of Kravspesifikasjon-15F.md, in its order.
CONTROLS: tuple[Control15, ...] = (
    Control15("Avgiver Kontroll 2", "Årgang", ERROR, "Avgiver", file_check=avgiver_02),
    Control15("Avgiver Kontroll 3", "Organisasjonnummer", ERROR, "Avgiver",
              file_check=avgiver_03),
    Control15("Avgiver Kontroll 4", "Kommunenummer", ERROR, "Avgiver", file_check=avgiver_04,
              needs="kommunenummer"),
    Control15("Avgiver Kontroll 6", "Kommunenavn", ERROR, "Avgiver", file_check=avgiver_06),
    _c("Individ Kontroll 01a", "Validering av datoer", ERROR, "Individ", individ_01a),
    _c("Individ Kontroll 02a", "Startdato etter sluttdato", ERROR, "Individ", individ_02a),
    _c("Individ Kontroll 02b", "Sluttdato mot versjon", ERROR, "Individ", individ_02b),
    _c("Individ Kontroll 02d", "Avslutta 31.12 medfører at sluttdato skal være satt på "
       "individet", ERROR, "Individ", individ_02d),
    _c("Individ Kontroll 03", "Fødselsnummer og DUF-nummer", ERROR, "Individ", individ_03),
    Control15("Individ Kontroll 04", "Dublett på fødselsnummer", ERROR, "Individ",
              file_check=individ_04),
    Control15("Individ Kontroll 05", "Dublett på journalnummer", ERROR, "Individ",
              file_check=individ_05),
    _c("Individ Kontroll 06", "Har meldinger, planer eller tiltak", ERROR, "Individ",
       individ_06),
    _c("Individ Kontroll 07", "Klient over 25 år skal avsluttes", ERROR, "Individ", individ_07),
    _c("Individ Kontroll 08", "Alder i forhold til tiltak", WARNING, "Individ", individ_08),
    Control15("Individ Kontroll 09", "Bydelsnummer", ERROR, "Individ",
              bydel("bydelsnummer", "bydelsnummer"), needs="kommunenummer"),
    Control15("Individ Kontroll 10", "Bydelsnavn", ERROR, "Individ",
              bydel("bydelsnavn", "bydelsnavn"), needs="kommunenummer"),
    _c("Individ Kontroll 11", "Fødselsnummer", WARNING, "Individ", individ_11),
    _c("Individ Kontroll 12", "Fødselsnummer", WARNING, "Individ", individ_11),
    _c("Individ Kontroll 19", "DUF-nummer", WARNING, "Individ", individ_19),
    _c("Melding Kontroll 2a", "Startdato etter sluttdato", ERROR, "Melding",
       start_after_end(MELDING)),
    _c("Melding Kontroll 2c", "Sluttdato mot individets sluttdato", ERROR, "Melding",
       end_after_individ(MELDING, lambda m: m.konklusjon == "1")),
    _c("Melding Kontroll 2d", "Avslutta 31 12 medfører at sluttdato skal være satt på "
       "meldingen", ERROR, "Melding", closed_with_individ(MELDING, "meldinger")),
    _c("Melding Kontroll 2e", "Startdato mot individets startdato", ERROR, "Melding",
       start_before_individ(MELDING)),
    _c("Melding Kontroll 3", "Behandlingstid av melding", WARNING, "Melding", melding_03),
    _c("Melding Kontroll 4", "Kontroll av konkludert melding, melder", ERROR, "Melding",
       concluded_without("melder", "melder(e)")),
    _c("Melding Kontroll 5", "Kontroll av konkludert melding, saksinnhold", ERROR, "Melding",
       concluded_without("saksinnhold", "saksinnhold")),
    _c("Melder Kontroll 2", "Kontroll av kode og presisering", ERROR, "Melding/Melder",
       presisering("Melding/Melder", MELDER_PRESISERING, melder, "Melder")),
    _c("Saksinnhold Kontroll 2", "Kontroll av kode og presisering", ERROR,
       "Melding/Saksinnhold", presisering("Melding/Saksinnhold", SAKSINNHOLD_PRESISERING,
                                           saksinnhold, "Saksinnhold")),
    _c("Undersøkelse Kontroll 2a", "Startdato etter sluttdato", ERROR, "Undersokelse",
       start_after_end(UNDERSOKELSE)),
    _c("Undersøkelse Kontroll 2b", "Sluttdato mot rapporteringsår", ERROR, "Undersokelse",
       end_in_year(UNDERSOKELSE)),
    _c("Undersøkelse Kontroll 2c", "Sluttdato mot individets sluttdato", ERROR,
       "Undersokelse", end_after_individ(UNDERSOKELSE, lambda u: bool(u.konklusjon))),
    _c("Undersøkelse Kontroll 2d", "Avslutta 31 12 medfører at sluttdato skal være satt på "
       "undersøkelsen", ERROR, "Undersokelse",
       closed_with_individ(UNDERSOKELSE, "undersøkelser")),
    _c("Undersøkelse Kontroll 2e", "Startdato mot individets startdato", ERROR,
       "Undersokelse", start_before_individ(UNDERSOKELSE)),
    _c("Undersøkelse Kontroll 3", "Kontroll av kode og presisering", ERROR, "Undersokelse",
       undersokelse_03),
    _c("Undersøkelse Kontroll 4", "Konklusjon av undersøkelse", ERROR, "Undersokelse",
       undersokelse_04),
    _c("Undersøkelse Kontroll 7", "Konkludert undersøkelse skal ha vedtaksgrunnlag", ERROR,
       "Undersokelse", undersokelse_07),
    _c("Undersøkelse Kontroll 8", "Undersøkelse påbegynt før 1. juli er ikke konkludert",
       WARNING, "Undersokelse", undersokelse_08),
    _c("Vedtaksgrunnlag Kontroll 2", "Kontroll av kode og presisering", ERROR,
       "Undersokelse/Vedtaksgrunnlag", presisering("Undersokelse/Vedtaksgrunnlag",
                                                    SAKSINNHOLD_PRESISERING, grunnlag,
                                                    "Vedtaksgrunnlag")),
    _c("Plan Kontroll 2a", "Startdato etter sluttdato", ERROR, "Plan", start_after_end(PLAN)),
    _c("Plan Kontroll 2c", "Sluttdato mot individets sluttdato", ERROR, "Plan",
       end_after_individ(PLAN)),
    _c("Plan Kontroll 2d", "Avslutta 31 12 medfører at sluttdato skal være satt på plan",
       ERROR, "Plan", closed_with_individ(PLAN, "planer")),
    _c("Plan Kontroll 2e", "Startdato mot individets startdato", ERROR, "Plan",
       start_before_individ(PLAN)),
    _c("Tiltak Kontroll 2a", "Startdato etter sluttdato", ERROR, "Tiltak",
       start_after_end(TILTAK)),
    _c("Tiltak Kontroll 2b", "Sluttdato mot rapporteringsår", ERROR, "Tiltak",
       end_in_year(TILTAK)),
    _c("Tiltak Kontroll 2c", "Sluttdato mot individets sluttdato", ERROR, "Tiltak",
       end_after_individ(TILTAK)),
    _c("Tiltak Kontroll 2d", "Avslutta 31 12 medfører at sluttdato skal være satt på tiltak",
       ERROR, "Tiltak", closed_with_individ(TILTAK, "tiltak")),
    _c("Tiltak Kontroll 2e", "Startdato mot individets startdato", ERROR, "Tiltak",
       start_before_individ(TILTAK)),
    _c("Tiltak Kontroll 4", "Omsorgstiltak med sluttdato krever årsak til opphevelse",
       WARNING, "Tiltak", tiltak_04),
    _c("Tiltak Kontroll 5", "Barn over 7 år og i barnehage", WARNING, "Tiltak",
       age_kategori("4.1", 7, "i barnehage")),
    _c("Tiltak Kontroll 6", "Barn over 11 år og i SFO", WARNING, "Tiltak",
       age_kategori("4.2", 11, "i SFO")),
    _c("Tiltak Kontroll 7", "Kontroll av manglende presisering for tiltakskategori", ERROR,
       "Tiltak", tiltak_07),
    _c("Tiltak Kontroll 8", "Kontroll av kode og presisering for opphevelse", ERROR, "Tiltak",
       tiltak_08),
    _c("Tiltak Kontroll 9", "Flere plasseringstiltak i samme periode", WARNING, "Tiltak",
       tiltak_09),
    _c("Tiltak Kontroll 24", "Lovhjemmel refererer til feil barnevernslov", ERROR, "Tiltak",
       tiltak_24),
    _c("Lovhjemmel Kontroll 3", "Individet er over 18 år og har omsorgstiltak", ERROR,
       "Tiltak", lovhjemmel_03),
    _c("Lovhjemmel Kontroll 4", "Lovhjemmel", ERROR, "Tiltak", lovhjemmel_04),
    _c("Flytting Kontroll 2c", "Sluttdato mot individets sluttdato", ERROR, "Flytting",
       end_after_individ(FLYTTING)),
    _c("Flytting Kontroll 2f", "Sluttdato mot individets startdato", ERROR, "Flytting",
       flytting_02f),
)

CONTROLS_BY_ID: Mapping[str, Control15] = MappingProxyType(
    {c.id: c for c in CONTROLS} | {XSD_CONTROL: Control15(
        XSD_CONTROL, "Filen følger SSBs filbeskrivelse (XSD)", ERROR, "Barnevern")})


def check_file(data: Barnevern15, skjema: Skjema, schema_problems: Sequence[str] = (),
               controls: Iterable[Control15] = CONTROLS) -> Result15:
    """Run the controls on a 15F file (``schema_problems``: the XSD's complaints, each a FEIL).
    Controls that need a Skjema value that is not known are not run (``not_evaluated``)."""
    findings = [Finding15(XSD_CONTROL, ERROR, f"Filen følger ikke SSBs filbeskrivelse: {p}", "",
                          "", "Barnevern", "") for p in schema_problems]
    skipped: dict[str, str] = {}
    for control in controls:
        if control.needs and not getattr(skjema, control.needs):
            skipped[control.id] = (f"{control.needs} fra skjema er ikke kjent (oppgi det, eller "
                                   "importer eller eksporter en SSB-fil først)")
            continue
        if control.file_check is not None:
            for individ, hit in control.file_check(data, skjema):
                findings.append(_finding(control, individ, hit))
        if control.check is not None:
            for individ in data.individer:
                for hit in control.check(individ, skjema):
                    findings.append(_finding(control, individ, hit))
    return Result15(skjema, len(data.individer), tuple(findings), MappingProxyType(skipped))


def _finding(control: Control15, individ: Individ15 | None, hit: Hit15) -> Finding15:
    if individ is None:
        return Finding15(control.id, control.severity, hit.message, "", "", hit.element,
                         hit.element_id)

    def scrub(text: str) -> str:  # whatever a text holds, a number of the child never shows
        for number in (individ.fodselsnummer, individ.duf_nummer):
            if len(number) > 6:
                text = text.replace(number, mask(number))
        return text

    return Finding15(control.id, control.severity, scrub(hit.message),
                     scrub(individ.journalnummer), scrub(individ.id), hit.element,
                     scrub(hit.element_id))
