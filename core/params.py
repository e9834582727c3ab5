"""Rule parameters and settings, each declared once with type, default, status and Norwegian title.

The settings page and the rules read the same declarations. Values are stored by storage with their
history; ``Params`` is the immutable set of values in force that the computation receives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from core.dates import fmt, parse_norwegian_date

# Status of a parameter's legal footing (RULES.md legend).
LOV = "LOV"
FORSKRIFT = "FORSKRIFT"
RETNINGSLINJE = "RETNINGSLINJE"
VERIFY = "VERIFY"
LOKAL = "LOKAL"  # local practice

#: A parameter value. A date parameter (``Param.type is date``) holds its date as an ISO text
#: (åååå-mm-dd), so that stored values and their history stay plain JSON; read it with
#: ``Params.date``.
ParamValue = int | bool | str


@dataclass(frozen=True)
class Param:
    """One configurable value: ``type`` is int, bool or date (a date's value is an ISO text)."""

    key: str
    title: str
    type: type
    default: ParamValue
    status: str
    unit: str = ""
    minimum: int = 0
    maximum: int = 3650

    def parse(self, text: str) -> ParamValue:
        """Parse a value typed by a user; raises ValueError with a Norwegian message.

        A date may be typed dd.mm.åååå or åååå-mm-dd and is returned as åååå-mm-dd."""
        text = text.strip().lower()
        if self.type is date:
            try:
                return parse_norwegian_date(text).isoformat()
            except ValueError:
                raise ValueError(f"«{self.title}» må være en dato (dd.mm.åååå)") from None
        if self.type is bool:
            if text in ("1", "ja", "true", "på"):
                return True
            if text in ("0", "nei", "false", "av"):
                return False
            raise ValueError(f"«{self.title}» må være ja eller nei")
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"«{self.title}» må være et helt tall") from None
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"«{self.title}» må være mellom {self.minimum} og {self.maximum}")
        return value

    def format(self, value: ParamValue) -> str:
        if self.type is bool:
            return "ja" if value else "nei"
        if self.type is date:
            return fmt(date.fromisoformat(str(value)))
        return f"{value} {self.unit}".strip()

    @property
    def is_default_only(self) -> bool:
        """True for values that are believed, not confirmed (shown as 'standardverdi — kan
        endres')."""
        return self.status in (RETNINGSLINJE, VERIFY)


PARAMS: tuple[Param, ...] = (
    Param("frist.rull_helligdag", "Flytt frist som faller på helg/helligdag til neste virkedag",
          bool, False, LOKAL),
    Param("varsel.dager_kort", "Varsel «forfaller snart» for melding og akutt",
          int, 7, LOKAL, "dager"),
    Param("varsel.dager_lang", "Varsel «forfaller snart» for andre frister",
          int, 14, LOKAL, "dager"),
    Param("melding.tilbakemelding.aktiv", "Tilbakemelding til offentlig melder er en frist",
          bool, True, VERIFY),
    Param("melding.tilbakemelding.uker", "Frist for tilbakemelding til offentlig melder",
          int, 3, VERIFY, "uker", 1, 52),
    Param("tiltaksplan.mangler.dager", "Frist for tiltaksplan etter vedtak om hjelpetiltak",
          int, 0, LOKAL, "dager"),
    Param("tiltaksplan.evaluering.mnd", "Intervall for evaluering av tiltaksplan",
          int, 3, RETNINGSLINJE, "måneder", 1, 24),
    Param("omsorgsplan.mangler.dager", "Frist for omsorgsplan etter omsorgsovertakelse",
          int, 0, LOKAL, "dager"),
    Param("omsorgsplan.evaluering.mnd", "Intervall for gjennomgang av omsorgsplan",
          int, 12, VERIFY, "måneder", 1, 36),
    Param("akutt.begjaering.uker", "Frist for begjæring etter akuttvedtak",
          int, 6, VERIFY, "uker", 1, 52),
    Param("akutt.begjaering.uker_atferd",
          "Frist for begjæring etter akuttplassering i institusjon på grunn av atferd",
          int, 2, VERIFY, "uker", 1, 52),
    Param("ettervern.vurdering.mnd", "Kontakt om ettervern før 18 år (ledetid)",
          int, 6, RETNINGSLINJE, "måneder", 0, 24),
    Param("institusjon.revurdering.mnd", "Ny vurdering av institusjonsplassering uten samtykke",
          int, 6, VERIFY, "måneder", 1, 24),
    Param("institusjon.revurdering.fra",
          "Ny vurdering av institusjonsplassering gjelder plasseringer som starter fra",
          date, "2026-01-01", VERIFY),
    Param("midlertidig.varsel.dager",
          "Varsel når en midlertidig plassering (beredskapshjem, akuttplassering) har vart",
          int, 90, LOKAL, "dager", 1, 3650),
    Param("sikkerhetskopi.daglige", "Daglige sikkerhetskopier som beholdes", int, 7, LOKAL,
          "stk.", 1, 366),
    Param("sikkerhetskopi.ukentlige", "Ukentlige sikkerhetskopier som beholdes", int, 4, LOKAL,
          "stk.", 0, 104),
    Param("sikkerhetskopi.maanedlige", "Månedlige sikkerhetskopier som beholdes", int, 12, LOKAL,
          "stk.", 0, 120),
)

#: Settings of the register itself, not of a rule (changing them recomputes nothing).
NON_RULE_PARAMS = frozenset({"sikkerhetskopi.daglige", "sikkerhetskopi.ukentlige",
                             "sikkerhetskopi.maanedlige"})

PARAMS_BY_KEY: Mapping[str, Param] = MappingProxyType({p.key: p for p in PARAMS})


@dataclass(frozen=True)
class Params:
    """The parameter values in force. Unknown keys raise KeyError; missing values use defaults."""

    values: Mapping[str, ParamValue]

    @classmethod
    def defaults(cls) -> Params:
        return cls(MappingProxyType({}))

    @classmethod
    def of(cls, values: Mapping[str, ParamValue]) -> Params:
        unknown = set(values) - set(PARAMS_BY_KEY)
        if unknown:
            raise KeyError(f"Ukjente innstillinger: {', '.join(sorted(unknown))}")
        return cls(MappingProxyType(dict(values)))

    def __getitem__(self, key: str) -> ParamValue:
        param = PARAMS_BY_KEY[key]
        return self.values.get(key, param.default)

    def with_value(self, key: str, value: ParamValue) -> Params:
        return Params.of({**self.values, key: value})

    def as_dict(self) -> dict[str, ParamValue]:
        return {p.key: self[p.key] for p in PARAMS}

    def date(self, key: str) -> _Date:  # the name shadows date in the class body
        """The value of a date parameter as a date."""
        return _Date.fromisoformat(str(self[key]))

    def int(self, key: str) -> int:  # last: the name shadows int in the class body
        return int(self[key])


_Date = date
