"""Small builders of synthetic case facts for tests (no real people: numbers are generated)."""

from __future__ import annotations

import random
from datetime import date

from core.identity import parse_person_id, synthetic_fnr
from core.model import CaseFile, CodedValue, Melding, Sak

TODAY = date(2026, 11, 23)


def sak(birth: date = date(2015, 5, 17), sak_id: int = 1, seed: int = 7, **kw) -> Sak:
    """A case for a synthetic child born on ``birth``."""
    number = synthetic_fnr(birth, random.Random(seed))
    person = parse_person_id(number, TODAY)
    fields = {"journalnummer": f"2026/{sak_id:05d}", "navn": f"Testbarn {sak_id}",
                  "fodselsnummer": number, "fodselsdato": person.birth_date, "kjonn": person.sex,
                  "saksbehandler": "Kari Saksbehandler", "startdato": date(2020, 1, 1),
                  "id": sak_id}
    fields.update(kw)
    return Sak(**fields)


def melding(received: date, melding_id: int = 1, *, melder: str = "8", **kw) -> Melding:
    """A melding from one reporter (default code 8, politi)."""
    return Melding(sak_id=1, mottatt=received, melder=(CodedValue(melder),),
                   saksinnhold=(CodedValue("1.1.01"),), id=melding_id, **kw)


def case(birth: date = date(2015, 5, 17), **parts) -> CaseFile:
    """A CaseFile with the given parts (tuples of meldinger, undersokelser, …)."""
    return CaseFile(sak=sak(birth), **{k: tuple(v) for k, v in parts.items()})
