"""SSB's controls for the Barnevern v4 register, run locally on the register's cases.

The catalogue ``CONTROLS`` is data: each ``Control`` has SSB's id exactly as SSB's
Kravspesifikasjon (Barnevern v4) names it ("Melding Kontroll 3"), its severity, SSB's element,
the record kind and field of our model it concerns, SSB's Norwegian message and a pure check
over one ``CaseFile``. ``run_controls(cases, year)`` gives the findings; a ``Finding`` names the
case (sak id, journalnummer, saksbehandler), the record (kind, id) and the field, so a front end
can open the case at the field. No text of a finding contains a fødselsnummer or a DUF-nummer.

Severity follows SSB: ERROR is FEIL (blocks delivery), WARNING is ADVARSEL (asks for a look),
INFO is INFO. SSB lowers ERROR to WARNING for data migrated from KOSTRA (MigrertId); the model
keeps no MigrertId, so the ordinary severity always applies.

How the model maps to SSB's file (what an export would write):

* Sak: StartDato/SluttDato = ``Sak.startdato``/``sluttdato``. Personalia: ``fodselsnummer``,
  ``fodselsdato``, ``kjonn``, ``duf_nummer`` of the Sak; its StartDato is the case's start.
* Melding: StartDato = ``mottatt``; Konklusjon = ``konklusjon_kode``/``konklusjon_dato``.
* Undersøkelse: StartDato, Konklusjon as above; Relasjon fra Melding = ``melding_id``;
  UtvidetFrist innvilget = ``utvidet_dato`` set; Vedtaksgrunnlag = ``vedtaksgrunnlag``.
* Vedtak: StartDato = ``dato``. Tiltak: Relasjon fra Vedtak = ``vedtak_id``.
* Plan: Evaluering/UtfortDato = ``evalueringer``. Ettervern: TilbudSendtDato = ``tilbud_sendt``.

The extract (SSB's DatoUttrekk) is the reference date: 31.12. of the reporting year, or an
earlier day of that year (today, while the year runs). A case is checked as an extract on that
day would show it (``as_of``): what is dated after it is left out, an end or conclusion after it
is still open; and only cases open at some time in the year are checked. Ages are completed
years on the extract date, from the birth date (or the fødselsnummer's date).

Controls of the v4 Kravspesifikasjon implemented: Sak kontroll 1, 2a, 7, 8, 21, 23; Personalia
kontroll 11–18; Melding kontroll 2a, 2c, 2e, 3, 4, 5, 19; Melder kontroll 2; Saksinnhold
kontroll 2; Undersøkelse kontroll 2a, 2c, 2e, 3, 7, 11, 19, 20; Vedtak kontroll 2e, 4, 5, 19; Tiltak
kontroll 2a, 2c, 2e, 5–9, 12–14, 19–23; Plan kontroll 2a, 2c, 2e, 2f, 2g, 19; Ettervern kontroll
2a, 2c, 2e. Where the model holds less than SSB's element, the check covers what it holds:

* Sak kontroll 23: Vedtak is left out (the model keeps no end date of a vedtak), as are visits
  (not an SSB element with an end date).
* Tiltak kontroll 12/13 (Omsorgstiltak) and Vedtak kontroll 4: the model keeps no
  JmfrLovhjemmel, so the "jf. § 4-12" form of an omsorgstiltak and a JmfrLovhjemmel's law are
  not seen. Tiltak kontroll 14: the model keeps no punktum.
* Personalia kontroll 11: the case has personalia when it has a fødselsnummer or a DUF-nummer.

Controls that cannot be evaluated on the model (``NOT_EVALUATED``, with the reason; they are
never reported as passed):

* Validéring av innhold mot filbeskrivelse: concerns an XML file (its XSD), not the register.
* Avgiver Kontroll 1: the model has no Avgiver (organisasjonsnummer, bydel).
* Sak Kontroll 6: withdrawn by SSB (UTGÅR); Sak Kontroll 21 replaces it.
* Sak Kontroll 22: the model keeps no Slettet elements (a deletion removes the record).
* Personalia Kontroll 2f: no Personalia StartDato of its own; the case's start date stands for
  it, so the check is Sak Kontroll 2a.
* Undersøkelse Kontroll 21: the model has no relation from Undersøkelse to Vedtak.
* Vedtak Kontroll 2a, 2c and 3: the model keeps no Konklusjon/SluttDato of a vedtak.
* Vedtak Kontroll 2f, 2g, 2h: the model keeps no Krav. Vedtak Kontroll 2i, 2j: no Status
  EndretDato (only the status code).
* Vedtak Kontroll 20 and Oversendelse til fylkesnemnd Kontroll 2e, 2f, 5: the model has no
  OversendelseFylkesnemnd.
* Flytting Kontroll 2c, 2f: the model has no Flytting.

Overlap with KOSTRA 15F (Kravspesifikasjon-15F.md): its Individ 02a, Melding/Undersøkelse/Plan/
Tiltak 02a/02c/02e, Tiltak 04–09, Lovhjemmel 03/04 and Flytting 02c/02f are the same checks as
the v4 controls above; the 15F-only controls (Avgiver, Individ 02b/02d/04/05/06, Tiltak 02b/02d,
Tiltak 24, Undersøkelse 08, …) are not in this catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from core import ssb_checks as checks
from core.identity import (
    mask,
    mask_duf,
)
from core.model import CaseFile, Sak
from core.ssb_extract import (
    ERROR,
    FIRST_YEAR,
    INFO,
    WARNING,
    Check,
    Control,
    Extract,
    Finding,
    Hit,
    Severity,
    as_of,
    extract,
    in_extract,
)

__all__ = [
    "CONTROLS",
    "CONTROLS_BY_ID",
    "FIRST_YEAR",
    "NOT_EVALUATED",
    "Check",
    "Control",
    "ControlResult",
    "Extract",
    "Finding",
    "Hit",
    "Severity",
    "as_of",
    "check_cases",
    "extract",
    "in_extract",
    "run_controls",
]

# --- the catalogue -------------------------------------------------------------------------------

_D2022, _D2023 = date(2022, 1, 1), date(2023, 1, 1)
_DATED = checks.date_order_controls()

#: Every v4 control that can be evaluated on the model, in the order of SSB's specification.
CONTROLS: tuple[Control, ...] = (
    Control("Sak kontroll 1", "Dato innenfor lovlige verdier", ERROR, "Sak", "sak", "startdato",
            checks.sak_1),
    Control("Sak Kontroll 2a", "StartDato er etter SluttDato", ERROR, "Sak", "sak", "sluttdato",
            checks.sak_2a),
    Control("Sak Kontroll 7", "Klient over 25 år og skal avsluttes i barnevernet", WARNING, "Sak",
            "sak", "sluttdato", checks.sak_7),
    Control("Sak Kontroll 8", "Klient over 18 år skal ha tiltak", ERROR, "Sak", "sak",
            "sluttdato", checks.sak_8),
    Control("Sak Kontroll 21", "Klienten skal ha melding, undersøkelse, vedtak, tiltak, plan, "
            "ettervern eller oversendelse fylkesnemnd", ERROR, "Sak", "sak", "sluttdato",
            checks.sak_21),
    Control("Sak kontroll 23", "Dersom saken er lukket bør alle underelementer være lukket", INFO,
            "Sak", "sak", "sluttdato", checks.sak_23),
    Control("Personalia kontroll 11", "Klienten skal ha personalia", ERROR, "Sak/Personalia",
            "sak", "fodselsnummer", checks.personalia_11, _D2022),
    Control("Personalia kontroll 12", "Fødselsnummer", ERROR, "Sak/Personalia", "sak",
            "fodselsnummer", checks.personalia_12, _D2022),
    Control("Personalia Kontroll 13", "Kontroll av Fødselsnummer og Fødselsdato", WARNING,
            "Sak/Personalia", "sak", "fodselsdato", checks.personalia_13, _D2022),
    Control("Personalia Kontroll 14", "Kontroll av Fødselsnummer og Kjønn", ERROR,
            "Sak/Personalia", "sak", "kjonn", checks.personalia_14, _D2022),
    Control("Personalia Kontroll 15", "Kontroll av Fødselsnummer, fødselsdato og StartDato",
            ERROR, "Sak/Personalia", "sak", "fodselsnummer", checks.personalia_15, _D2022),
    Control("Personalia Kontroll 16", "Kontroll av Fødselsdato og StartDato", ERROR,
            "Sak/Personalia", "sak", "startdato", checks.personalia_16, _D2022),
    Control("Personalia Kontroll 17", "Kontroll av DUF-nummer", ERROR, "Sak/Personalia", "sak",
            "duf_nummer", checks.personalia_17, _D2022),
    Control("Personalia Kontroll 18", "Ufullstendig fødselsnummer og D-nummer", INFO,
            "Sak/Personalia", "sak", "fodselsnummer", checks.personalia_18, _D2022),
    _DATED["Melding Kontroll 2a"],
    _DATED["Melding Kontroll 2c"],
    _DATED["Melding Kontroll 2e"],
    Control("Melding Kontroll 3", "Fristoverskridelse på behandlingstid", WARNING, "Melding",
            "melding", "konklusjon_dato", checks.melding_3),
    Control("Melding Kontroll 4", "Konkludert melding mangler melder", ERROR, "Melding",
            "melding", "melder", checks.melding_4),
    Control("Melding Kontroll 5", "Konkludert melding mangler saksinnhold", ERROR, "Melding",
            "melding", "saksinnhold", checks.melding_5),
    Control("Melding Kontroll 19", "Dublett på innhold, men forskjellige identer", INFO,
            "Melding", "melding", "", checks.melding_19),
    Control("Melder Kontroll 2", "Mangler Presisering", ERROR, "Melding/Melder", "melding",
            "melder", checks.melder_2),
    Control("Saksinnhold Kontroll 2", "Mangler Presisering", ERROR, "Melding/Saksinnhold",
            "melding", "saksinnhold", checks.saksinnhold_2),
    _DATED["Undersøkelse Kontroll 2a"],
    _DATED["Undersøkelse Kontroll 2c"],
    _DATED["Undersøkelse Kontroll 2e"],
    Control("Undersøkelse Kontroll 3", "Vedtaksgrunnlag mangler presisering", ERROR,
            "Undersokelse/Vedtaksgrunnlag", "undersokelse", "vedtaksgrunnlag",
            checks.undersokelse_3),
    Control("Undersøkelse Kontroll 7", "Konkludert undersøkelse mangler vedtaksgrunnlag", ERROR,
            "Undersokelse", "undersokelse", "vedtaksgrunnlag", checks.undersokelse_7),
    Control("Undersøkelse Kontroll 11", "Fristoverskridelse på behandlingstid i forhold til "
            "melding sin startdato", WARNING, "Undersokelse", "undersokelse", "konklusjon_dato",
            checks.undersokelse_11),
    Control("Undersøkelse Kontroll 19", "Dublett på innhold, men forskjellige identer", ERROR,
            "Undersokelse", "undersokelse", "", checks.undersokelse_19),
    Control("Undersøkelse Kontroll 20", "Undersøkelse skal ha relasjon fra melding", ERROR,
            "Undersokelse", "undersokelse", "melding_id", checks.undersokelse_20),
    _DATED["Vedtak Kontroll 2e"],
    Control("Vedtak Kontroll 4", "Lovhjemmel refererer til feil barnevernlov", ERROR, "Vedtak",
            "vedtak", "lovhjemmel", checks.vedtak_4, _D2022),
    Control("Vedtak kontroll 5", "Lovhjemmel refererer til feil barnevernlov", ERROR, "Vedtak",
            "vedtak", "lovhjemmel", checks.vedtak_5, _D2022),
    Control("Vedtak Kontroll 19", "Dublett på innhold, men forskjellige identer", INFO, "Vedtak",
            "vedtak", "", checks.vedtak_19),
    _DATED["Tiltak Kontroll 2a"],
    _DATED["Tiltak Kontroll 2c"],
    _DATED["Tiltak Kontroll 2e"],
    Control("Tiltak Kontroll 5", "Barnet er over 7 år og er i barnehage", WARNING, "Tiltak",
            "tiltak", "kategori_kode", checks.age_kategori("4.1", 7, "i barnehage")),
    Control("Tiltak Kontroll 6", "Barnet er over 11 år og i SFO", WARNING, "Tiltak", "tiltak",
            "kategori_kode", checks.age_kategori("4.2", 11, "i SFO")),
    Control("Tiltak Kontroll 7", "Kontroll om presisering av tiltakskategori", ERROR, "Tiltak",
            "tiltak", "presisering", checks.tiltak_7),
    Control("Tiltak Kontroll 8", "Kontroll av kode og presisering av opphevelse", ERROR,
            "Tiltak", "tiltak", "opphevelse_presisering", checks.tiltak_8),
    Control("Tiltak Kontroll 9", "Flere plasseringstiltak er oppgitt i samme tidsperiode",
            WARNING, "Tiltak", "tiltak", "startdato", checks.tiltak_9),
    Control("Tiltak Kontroll 12", "Omsorgstiltak med sluttdato krever årsak til opphevelse",
            ERROR, "Tiltak", "tiltak", "opphevelse_kode", checks.tiltak_12),
    Control("Tiltak Kontroll 13", "Individ er over 18 år og har omsorgtiltak", ERROR, "Tiltak",
            "tiltak", "sluttdato", checks.tiltak_13),
    Control("Tiltak Kontroll 14", "Lovhjemmel er fylt ut med tallet 0", ERROR, "Tiltak",
            "tiltak", "lovhjemmel", checks.tiltak_14),
    Control("Tiltak Kontroll 19", "Dublett på innhold, men forskjellige identer", WARNING,
            "Tiltak", "tiltak", "", checks.tiltak_19, _D2022),
    Control("Tiltak Kontroll 20", "Tiltak skal ha relasjon fra Vedtak", ERROR, "Tiltak",
            "tiltak", "vedtak_id", checks.tiltak_20, _D2022),
    Control("Tiltak Kontroll 21", "Tiltak sin Lovhjemmel skal baseres på det relaterte Vedtak "
            "sin Lovhjemmel", ERROR, "Tiltak", "tiltak", "lovhjemmel", checks.tiltak_21, _D2022),
    Control("Tiltak Kontroll 22", "Tiltak med kode 1.99 Andre tiltak", WARNING, "Tiltak",
            "tiltak", "kategori_kode", checks.other_kategori("1.99", "institusjon"), _D2023),
    Control("Tiltak Kontroll 23", "Tiltak med kode 2.99 Andre tiltak", WARNING, "Tiltak",
            "tiltak", "kategori_kode", checks.other_kategori("2.99", "fosterhjem"), _D2023),
    _DATED["Plan Kontroll 2a"],
    _DATED["Plan Kontroll 2c"],
    _DATED["Plan Kontroll 2e"],
    Control("Plan Kontroll 2f", "UtfortDato er etter sakens SluttDato", ERROR, "Plan", "plan",
            "evalueringer", checks.plan_2f),
    Control("Plan Kontroll 2g", "UtfortDato er før sakens StartDato", ERROR, "Plan", "plan",
            "evalueringer", checks.plan_2g),
    Control("Plan Kontroll 19", "Dublett på innhold, men forskjellige identer", INFO, "Plan",
            "plan", "", checks.plan_19),
    _DATED["Ettervern Kontroll 2a"],
    _DATED["Ettervern Kontroll 2c"],
    _DATED["Ettervern Kontroll 2e"],
)

CONTROLS_BY_ID: Mapping[str, Control] = MappingProxyType({c.id: c for c in CONTROLS})

_NO_VEDTAK_END = "modellen har ingen sluttdato (Konklusjon/SluttDato) for vedtak"
_NO_KRAV = "modellen har ikke Krav under vedtak"
_NO_STATUS_DATE = "modellen har bare vedtakets statuskode, ikke Status/EndretDato"
_NO_OVERSENDELSE = "modellen har ikke OversendelseFylkesnemnd"
_NO_FLYTTING = "modellen har ikke Flytting"

#: The v4 controls that cannot be evaluated on the model, with the reason (never run, never
#: reported as passed).
NOT_EVALUATED: Mapping[str, str] = MappingProxyType({
    "Validéring av innhold mot filbeskrivelse": "gjelder en XML-fil (XSD), ikke registeret",
    "Avgiver Kontroll 1": "modellen har ikke Avgiver (organisasjonsnummer, bydel)",
    "Sak Kontroll 6": "utgått hos SSB (erstattet av Sak Kontroll 21)",
    "Sak Kontroll 22": "modellen har ikke Slettet-elementer (sletting fjerner registreringen)",
    "Personalia Kontroll 2f": "modellen har ingen egen startdato for personalia (sakens "
                              "startdato brukes, som Sak Kontroll 2a kontrollerer)",
    "Undersøkelse Kontroll 21": "modellen har ingen relasjon fra undersøkelse til vedtak",
    "Vedtak Kontroll 2a": _NO_VEDTAK_END,
    "Vedtak Kontroll 2c": _NO_VEDTAK_END,
    "Vedtak Kontroll 2f": _NO_KRAV,
    "Vedtak Kontroll 2g": _NO_KRAV,
    "Vedtak Kontroll 2h": _NO_KRAV,
    "Vedtak Kontroll 2i": _NO_STATUS_DATE,
    "Vedtak Kontroll 2j": _NO_STATUS_DATE,
    "Vedtak Kontroll 3": _NO_VEDTAK_END,
    "Vedtak Kontroll 20": _NO_OVERSENDELSE,
    "Flytting Kontroll 2c": _NO_FLYTTING,
    "Flytting Kontroll 2f": _NO_FLYTTING,
    "Oversendelse til fylkesnemnd Kontroll 2e": _NO_OVERSENDELSE,
    "Oversendelse til fylkesnemnd Kontroll 2f": _NO_OVERSENDELSE,
    "Oversendelse til fylkesnemnd Kontroll 5": _NO_OVERSENDELSE,
})


# --- the run --------------------------------------------------------------------------------


def _scrub(text: str, s: Sak) -> str:
    """Keep the child's numbers out of a finding, whatever a text (a journalnummer) holds."""
    for number, masked in ((s.fodselsnummer.strip(), mask(s.fodselsnummer)),
                           ((s.duf_nummer or "").strip(), mask_duf(s.duf_nummer or ""))):
        if len(number) > 6 and number in text:
            text = text.replace(number, masked)
    return text


@dataclass(frozen=True, slots=True)
class ControlResult:
    """A run: the extract, how many cases it held, and the findings (by control, then case)."""

    extract: Extract
    cases: int
    findings: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def blocked(self) -> bool:
        """True when SSB would refuse the delivery (any FEIL)."""
        return any(f.severity.blocks for f in self.findings)


def check_cases(cases: Iterable[CaseFile], year: int, uttrekk: date | None = None,
                controls: Iterable[Control] = CONTROLS) -> ControlResult:
    """Run ``controls`` on every case of ``year``'s extract on ``uttrekk`` (default 31.12.)."""
    ex = extract(year, uttrekk)
    active = [c for c in controls if c.applies(ex)]
    order = {c.id: i for i, c in enumerate(active)}
    findings: list[Finding] = []
    checked = 0
    for case in cases:
        view = in_extract(case, ex)
        if view is None:
            continue
        checked += 1
        s = view.sak
        for control in active:
            for hit in control.check(view, ex):
                findings.append(Finding(control.id, control.severity, _scrub(hit.message, s),
                                        s.id, _scrub(s.journalnummer, s), s.saksbehandler,
                                        hit.record, hit.record_id, hit.field))
    findings.sort(key=lambda f: (order[f.control_id], f.journalnummer, f.record,
                                 f.record_id or 0))
    return ControlResult(ex, checked, tuple(findings))


def run_controls(cases: Iterable[CaseFile], year: int, uttrekk: date | None = None
                 ) -> list[Finding]:
    """The findings of every control on ``year``'s extract (see ``check_cases``)."""
    return list(check_cases(cases, year, uttrekk).findings)
