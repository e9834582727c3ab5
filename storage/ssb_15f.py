"""KOSTRA Barnevern (15F) read: a municipality's yearly extract into the same import records
(``V4Case``) the Barnevern v4 reader gives, so ``service.ssb`` imports both the same way.

Two steps. ``parse_15f`` turns a parsed ``<Barnevern>`` root into ``core.ssb_15f_model`` data,
every element the file has (leniently: a bad date or a missing code is ``None``/"", so SSB's 15F
controls can run on a file the XSD refuses). ``individ_cases`` maps that data to the model:

* ``Individ`` → ``Sak`` (journalnummer, fødselsnummer — birth date and sex read from it —,
  DUF-nummer, start/slutt; ``Saksbehandler`` is carried in ``Sak.saksbehandler``, though the
  import gives a new child the caseworker chosen for the import).
* ``Melding`` → ``Melding`` (StartDato = mottatt, Melder, Saksinnhold, Konklusjon with
  SluttDato); its ``Undersokelse`` → ``Undersokelse`` of that melding (start, konklusjon,
  Vedtaksgrunnlag).
* ``Tiltak`` → ``Tiltak`` (Kategori, Lovhjemmel lov/kapittel/paragraf/ledd, Opphevelse, slutt).
* ``Plan`` → ``Plan`` (Plantype, start, slutt, ``EvaluertDato`` as its one evaluation).

Not in the model (reported with the element's Id, never a number): Flytting, an undersøkelse's
Presisering, JmfrLovhjemmel, Tiltaksgrunnlag, Bokstav/Punktum, Distriktsnummer.
15F has no Vedtak, no visits, no Ettervern and no UtvidetFrist.

SSB Ids: a 15F Id is the case system's own key (often short, «M1», and SSB's test files repeat
an Individ Id), while the register keeps v4's UUIDs. The reader turns each into a UUID derived
from the individ (Id and journalnummer) and the element — the same file gives the same Ids, so a
second import changes nothing — except an Id Fristvakt wrote itself (``short_id``), which is
the record's own UUID back.

A 15F file over a stored part carries less than the register holds: ``keep_not_in_15f`` gives
the part the file's values for what 15F has (``CARRIED``) and keeps the rest, also codes SSB
added to v4 after 15F's lists (``allowed_codes``, read from the XSD).
"""

from __future__ import annotations

import base64
import binascii
import functools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from core.identity import IdentityError, parse_person_id
from core.model import CaseFile, CodedValue, Lovhjemmel, Melding, Plan, Sak, Tiltak, Undersokelse
from core.ssb_15f_model import (
    Avgiver15,
    Barnevern15,
    Code15,
    Flytting15,
    Hjemmel15,
    Individ15,
    Melding15,
    Plan15,
    Tiltak15,
    Undersokelse15,
)
from storage.ssb_v4 import (
    MELDING,
    NOT_STORED,
    PLAN,
    REJECTED,
    SAK,
    TILTAK,
    UNDERSOKELSE,
    UNKNOWN_NUMBER_SUFFIXES,
    Avgiver,
    Finding,
    V4Case,
)
from storage.ssb_xml import RESOURCES, SsbDocument, xs_date

#: Namespace of the UUIDs derived from 15F Ids.
KOSTRA_NAMESPACE = uuid.UUID("9b3f6a52-1c4e-5d7a-8e21-5f0c7d3b2a94")
#: Prefix of the Ids Fristvakt writes (a UUID in 26 base32 letters: 15F allows 30 characters).
OWN_PREFIX = "fv"
INDIVID_XSD = RESOURCES / "kostra-15f" / "Individ.xsd"
_XS = "http://www.w3.org/2001/XMLSchema"


@functools.cache
def allowed_codes(type_name: str, attribute: str) -> frozenset[str]:
    """The codes the 15F XSD allows for ``attribute`` of ``type_name`` («MelderType», «Kode»)."""
    tree = etree.parse(str(INDIVID_XSD), etree.XMLParser(resolve_entities=False,
                                                         no_network=True))
    values = tree.xpath("//xs:complexType[@name=$t]/xs:attribute[@name=$a]//xs:enumeration/@value",
                        namespaces={"xs": _XS}, t=type_name, a=attribute)
    return frozenset(str(v) for v in values)


# --- Ids ------------------------------------------------------------------------------------------


def short_id(ssb_uuid: str) -> str:
    """A v4 UUID as a 15F Id (at most 30 characters): «fv» + its 16 bytes in base32."""
    raw = uuid.UUID(ssb_uuid).bytes
    return OWN_PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=").lower()


def _own_uuid(kostra_id: str) -> str | None:
    """The UUID behind an Id ``short_id`` wrote, or None for any other Id."""
    if len(kostra_id) != len(OWN_PREFIX) + 26 or not kostra_id.startswith(OWN_PREFIX):
        return None
    try:
        value = uuid.UUID(bytes=base64.b32decode(kostra_id[2:].upper() + "======"))
    except (binascii.Error, ValueError):
        return None
    if value.variant != uuid.RFC_4122 or value.version not in (1, 2, 3, 4, 5):
        return None
    return str(value)


def sak_uuid(individ: Individ15) -> str:
    """The UUID a 15F individ is known by in the register."""
    own = _own_uuid(individ.id)
    return own or str(uuid.uuid5(KOSTRA_NAMESPACE, f"{SAK}/{individ.id}/{individ.journalnummer}"))


def part_uuid(sak: str, ssb_type: str, kostra_id: str) -> str:
    """The UUID of a part (melding, undersøkelse, plan, tiltak) of the individ ``sak``."""
    own = _own_uuid(kostra_id)
    return own or str(uuid.uuid5(KOSTRA_NAMESPACE, f"{sak}/{ssb_type}/{kostra_id}"))


# --- the file as data -----------------------------------------------------------------------------


def _text(el: Any, name: str) -> str:
    return (el.get(name) or "").strip()


def _presisering(el: Any) -> str:
    child = next(el.iterchildren("Presisering"), None)
    return (child.text or "").strip() if child is not None else ""


def _codes(el: Any, name: str) -> tuple[Code15, ...]:
    return tuple(Code15(_text(c, "Kode"), _presisering(c)) for c in el.iterchildren(name))


def _code(el: Any, name: str) -> Code15 | None:
    found = _codes(el, name)
    return found[0] if found else None


def _hjemmel(el: Any) -> Hjemmel15:
    return Hjemmel15(*(_text(el, n) for n in ("Lov", "Kapittel", "Paragraf", "Ledd", "Bokstav",
                                               "Punktum")))


def _melding(el: Any) -> Melding15:
    u = next(el.iterchildren("Undersokelse"), None)
    undersokelse = None if u is None else Undersokelse15(
        _text(u, "Id"), xs_date(u.get("StartDato")), xs_date(u.get("SluttDato")),
        _text(u, "Konklusjon"), _presisering(u), _codes(u, "Vedtaksgrunnlag"))
    return Melding15(_text(el, "Id"), xs_date(el.get("StartDato")), xs_date(el.get("SluttDato")),
                     _text(el, "Konklusjon"), _codes(el, "Melder"), _codes(el, "Saksinnhold"),
                     undersokelse)


def _tiltak(el: Any) -> Tiltak15:
    lov = next(el.iterchildren("Lovhjemmel"), None)
    return Tiltak15(_text(el, "Id"), xs_date(el.get("StartDato")),
                    _hjemmel(lov) if lov is not None else Hjemmel15("", "", ""),
                    _code(el, "Kategori") or Code15(""), xs_date(el.get("SluttDato")),
                    tuple(_hjemmel(j) for j in el.iterchildren("JmfrLovhjemmel")),
                    _codes(el, "Tiltaksgrunnlag"), _code(el, "Opphevelse"))


def _flytting(el: Any) -> Flytting15:
    def attr_code(name: str) -> Code15:
        child = next(el.iterchildren(name), None)
        return Code15("", "") if child is None else Code15(_text(child, "Kode"),
                                                           _text(child, "Presisering"))

    return Flytting15(_text(el, "Id"), xs_date(el.get("SluttDato")), attr_code("ArsakFra"),
                      attr_code("FlyttingTil"))


def _individ(el: Any) -> Individ15:
    return Individ15(
        id=_text(el, "Id"), journalnummer=_text(el, "Journalnummer"),
        startdato=xs_date(el.get("StartDato")), saksbehandler=_text(el, "Saksbehandler"),
        avslutta3112=_text(el, "Avslutta3112"), sluttdato=xs_date(el.get("SluttDato")),
        fodselsnummer=_text(el, "Fodselsnummer"), duf_nummer=_text(el, "DUFnummer"),
        bydelsnummer=_text(el, "Bydelsnummer"), bydelsnavn=_text(el, "Bydelsnavn"),
        distriktsnummer=_text(el, "Distriktsnummer"),
        meldinger=tuple(_melding(m) for m in el.iterchildren("Melding")),
        planer=tuple(Plan15(_text(p, "Id"), xs_date(p.get("StartDato")), _text(p, "Plantype"),
                            xs_date(p.get("SluttDato")), xs_date(p.get("EvaluertDato")))
                     for p in el.iterchildren("Plan")),
        tiltak=tuple(_tiltak(t) for t in el.iterchildren("Tiltak")),
        flyttinger=tuple(_flytting(f) for f in el.iterchildren("Flytting")))


def parse_15f(root: Any) -> Barnevern15:
    """A 15F root element as data (no validation: see the module docstring)."""
    a = next(root.iterchildren("Avgiver"), None)
    get = (lambda k: _text(a, k)) if a is not None else (lambda k: "")
    avgiver = Avgiver15(get("Organisasjonsnummer"), get("Versjon"), get("Kommunenummer"),
                        get("Kommunenavn"))
    return Barnevern15(avgiver, tuple(_individ(i) for i in root.iterchildren("Individ")))


# --- into the model -------------------------------------------------------------------------------


class _Individ:
    """Maps one individ (see ``individ_cases``)."""

    def __init__(self, individ: Individ15, today: date) -> None:
        self.i = individ
        self.today = today
        self.jnr = individ.journalnummer
        self.sak_id = sak_uuid(individ)
        self.ids: dict[tuple[str, int], str] = {(SAK, -1): self.sak_id}
        self.findings: list[Finding] = []
        self._next = -1
        self._seen: set[tuple[str, str]] = set()
        #: UUID → the file's own Id (for messages about the element)
        self.display: dict[str, str] = {self.sak_id: individ.id}

    def note(self, element: str, kostra_id: str, reason: str, kind: str = NOT_STORED) -> None:
        self.findings.append(Finding(element, kostra_id, reason, kind, self.jnr))

    def provisional(self, ssb_type: str, kostra_id: str) -> int | None:
        """A provisional id for a part, or None (and a finding) for a repeated Id."""
        if (ssb_type, kostra_id) in self._seen:
            self.note(ssb_type, kostra_id, "Id-en er brukt av et annet element av samme slag "
                      "hos samme individ; elementet er ikke importert", REJECTED)
            return None
        self._seen.add((ssb_type, kostra_id))
        self._next -= 1
        own = part_uuid(self.sak_id, ssb_type, kostra_id)
        self.ids[(ssb_type, self._next)] = own
        self.display[own] = kostra_id
        return self._next

    def sak(self) -> tuple[Sak, bool]:
        i = self.i
        fnr, duf = i.fodselsnummer, i.duf_nummer or None
        birth: date | None = None
        kjonn: str | None = None
        if fnr:
            try:
                person = parse_person_id(fnr, self.today)
                birth, kjonn = person.birth_date, person.sex
            except IdentityError:
                birth = _ddmmyy(fnr, self.today)
            if duf and fnr[6:] in UNKNOWN_NUMBER_SUFFIXES:
                fnr = ""  # the DUF-nummer identifies the child; the birth date is kept
        if i.distriktsnummer:
            self.note("Individ", i.id, "Distriktsnummer lagres ikke: Fristvakt har ikke feltet")
        start = i.startdato or date.min
        return Sak(journalnummer=self.jnr, navn="", fodselsnummer=fnr, fodselsdato=birth,
                   kjonn=kjonn, saksbehandler=i.saksbehandler, startdato=start,
                   sluttdato=i.sluttdato, id=-1, duf_nummer=duf), bool(fnr or duf)

    def meldinger(self) -> Iterator[Melding | Undersokelse]:
        for m in self.i.meldinger:
            own = self.provisional(MELDING, m.id)
            if own is not None and m.startdato is None:
                self.note(MELDING, m.id, "Meldingen har ingen gyldig startdato og er ikke "
                          "importert", REJECTED)
            if own is None or m.startdato is None:
                if m.undersokelse is not None:  # it follows its melding, said for itself
                    self.note(UNDERSOKELSE, m.undersokelse.id, "Meldingen undersøkelsen hører "
                              "til er ikke importert; undersøkelsen er heller ikke importert",
                              REJECTED)
                continue
            kode, dato = self._konklusjon(MELDING, m.id, m.konklusjon, m.sluttdato)
            yield Melding(sak_id=-1, mottatt=m.startdato,
                          melder=tuple(CodedValue(c.kode, c.presisering) for c in m.melder),
                          saksinnhold=tuple(CodedValue(c.kode, c.presisering)
                                            for c in m.saksinnhold),
                          konklusjon_kode=kode, konklusjon_dato=dato, id=own,
                          tilbakemelding_ukjent=True)  # 15F has no date of feedback
            u = m.undersokelse
            if u is None:
                continue
            u_own = self.provisional(UNDERSOKELSE, u.id)
            if u_own is None:
                continue
            if u.startdato is None:
                self.note(UNDERSOKELSE, u.id, "Undersøkelsen har ingen gyldig startdato og er "
                          "ikke importert", REJECTED)
                continue
            if u.presisering:
                self.note("Undersokelse/Presisering", u.id, "Presiseringen av undersøkelsen "
                          "lagres ikke: Fristvakt har ikke feltet")
            kode, dato = self._konklusjon(UNDERSOKELSE, u.id, u.konklusjon, u.sluttdato)
            yield Undersokelse(sak_id=-1, melding_id=own, startdato=u.startdato,
                               konklusjon_kode=kode, konklusjon_dato=dato,
                               vedtaksgrunnlag=tuple(CodedValue(c.kode, c.presisering)
                                                     for c in u.vedtaksgrunnlag), id=u_own)

    def _konklusjon(self, element: str, kostra_id: str, kode: str, dato: date | None
                    ) -> tuple[str | None, date | None]:
        """A conclusion needs both its code and its date in the model."""
        if kode and dato:
            return kode, dato
        if kode or dato:
            self.note(element, kostra_id, "Konklusjon uten sluttdato (eller sluttdato uten "
                      "konklusjon) lagres ikke; elementet lagres som åpent")
        return None, None

    def tiltak(self) -> Iterator[Tiltak]:
        for t in self.i.tiltak:
            own = self.provisional(TILTAK, t.id)
            if own is None:
                continue
            if t.startdato is None:
                self.note(TILTAK, t.id, "Tiltaket har ingen gyldig startdato og er ikke "
                          "importert", REJECTED)
                continue
            h = t.lovhjemmel
            extra = [n for n, v in (("Bokstav", h.bokstav), ("Punktum", h.punktum)) if v]
            if extra:
                self.note("Tiltak/Lovhjemmel", t.id, f"{' og '.join(extra)} i lovhjemmelen "
                          "lagres ikke (Fristvakt har lov, kapittel, paragraf og ledd)")
            for name, what, values in (("JmfrLovhjemmel", "Jamfør-lovhjemmel", t.jmfr_lovhjemmel),
                                       ("Tiltaksgrunnlag", "Tiltaksgrunnlag", t.tiltaksgrunnlag)):
                if values:
                    self.note(f"Tiltak/{name}", t.id, f"{what} lagres ikke: Fristvakt har ikke "
                              "feltet")
            o = t.opphevelse
            yield Tiltak(sak_id=-1, kategori_kode=t.kategori.kode, startdato=t.startdato,
                         lovhjemmel=Lovhjemmel(h.lov, h.kapittel, h.paragraf, h.ledd),
                         presisering=t.kategori.presisering, sluttdato=t.sluttdato,
                         opphevelse_kode=o.kode if o is not None else None,
                         opphevelse_presisering=o.presisering if o is not None else "", id=own)

    def planer(self) -> Iterator[Plan]:
        for p in self.i.planer:
            own = self.provisional(PLAN, p.id)
            if own is None:
                continue
            if p.startdato is None:
                self.note(PLAN, p.id, "Planen har ingen gyldig startdato og er ikke importert",
                          REJECTED)
                continue
            yield Plan(sak_id=-1, plantype=p.plantype, startdato=p.startdato,
                       sluttdato=p.sluttdato,
                       evalueringer=(p.evaluert,) if p.evaluert else (), id=own)


def _ddmmyy(number: str, today: date) -> date | None:
    """The birth date of an incomplete number (DDMMYY + 00100/00200/55555), in the latest
    century that puts it on or before ``today``."""
    try:
        day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    except ValueError:
        return None
    for century in (today.year // 100 * 100, today.year // 100 * 100 - 100):
        try:
            found = date(century + yy, month, day)
        except ValueError:
            return None
        if found <= today:
            return found
    return None


#: Progress is reported after every this many individer (and after the last).
PROGRESS_EVERY = 250


def individ_cases(data: Barnevern15, position: int = 1, today: date | None = None,
                  progress: Callable[[int, int], None] | None = None
                  ) -> tuple[list[V4Case], dict[str, str]]:
    """Every individ of a 15F file as an import record (see the module docstring), and the
    file's own Id of every UUID given to an element (a message names the Id of the file).
    ``today`` dates the fødselsnumre (default: today); ``progress(done, total)`` follows the
    individer mapped."""
    day = today or datetime.now(UTC).date()
    avgiver = Avgiver(data.avgiver.organisasjonsnummer, data.avgiver.kommunenummer,
                      data.avgiver.kommunenavn)
    try:
        uttrekk = datetime(int(data.avgiver.versjon), 12, 31, tzinfo=UTC)
    except ValueError:
        uttrekk = datetime.min.replace(tzinfo=UTC)
    cases = []
    display: dict[str, str] = {}
    for n, individ in enumerate(data.individer, start=1):
        r = _Individ(individ, day)
        sak, has_person = r.sak()
        parts = list(r.meldinger())
        meldinger = [m for m in parts if isinstance(m, Melding)]
        undersokelser = [u for u in parts if isinstance(u, Undersokelse)]
        tiltak, planer = list(r.tiltak()), list(r.planer())
        for f in individ.flyttinger:
            r.note("Flytting", f.id, "Flytting finnes ikke i Fristvakt og lagres ikke")
        case = CaseFile(sak, tuple(meldinger), tuple(undersokelser), (), tuple(tiltak),
                        tuple(planer))
        cases.append(V4Case(ssb_id=r.sak_id, journalnummer=individ.journalnummer,
                            uttrekk=uttrekk, position=position * 1_000_000 + n,
                            avgiver=avgiver, case=case, ssb_ids=r.ids, has_person=has_person,
                            findings=r.findings, kostra_15f=True))
        display.update(r.display)
        if progress is not None and (n % PROGRESS_EVERY == 0 or n == len(data.individer)):
            progress(n, len(data.individer))
    return cases, display


def read_document(doc: SsbDocument, today: date | None = None,
                  progress: Callable[[int, int], None] | None = None
                  ) -> tuple[list[V4Case], dict[str, str]]:
    """A validated 15F document (``SsbFileReader``) as import records (``individ_cases``)."""
    return individ_cases(parse_15f(doc.root), doc.position, today, progress)


# --- a newer extract over what is stored ----------------------------------------------------------


def _codes_over(stored: tuple[CodedValue, ...], read: tuple[CodedValue, ...], type_name: str
                ) -> tuple[CodedValue, ...]:
    """The file's codes and the stored ones 15F lacks (the stored order when nothing changed)."""
    allowed = allowed_codes(type_name, "Kode")
    combined = read + tuple(c for c in stored if c.kode not in allowed)
    return stored if sorted(combined, key=repr) == sorted(stored, key=repr) else combined


def _konklusjon(stored: Any, merged: Any, type_name: str) -> dict[str, Any]:
    """A stored conclusion whose code 15F lacks stays when the file has none."""
    if (merged.konklusjon_kode is None and stored.konklusjon_kode is not None
            and stored.konklusjon_kode not in allowed_codes(type_name, "Konklusjon")):
        return {"konklusjon_kode": stored.konklusjon_kode,
                "konklusjon_dato": stored.konklusjon_dato}
    return {}


#: The fields of each part a 15F file carries (``individ_cases``); the rest is the register's.
CARRIED: dict[type, tuple[str, ...]] = {
    Melding: ("mottatt", "melder", "saksinnhold", "konklusjon_kode", "konklusjon_dato"),
    Undersokelse: ("melding_id", "startdato", "konklusjon_kode", "konklusjon_dato",
                   "vedtaksgrunnlag"),
    Tiltak: ("kategori_kode", "presisering", "startdato", "sluttdato", "lovhjemmel",
             "opphevelse_kode", "opphevelse_presisering"),
    Plan: ("plantype", "startdato", "sluttdato", "evalueringer"),
}


#: The fields that close a part: an empty value in a file never replaces a stored one.
CLOSING: dict[type, tuple[str, ...]] = {
    Melding: ("konklusjon_kode", "konklusjon_dato"),
    Undersokelse: ("konklusjon_kode", "konklusjon_dato"),
    Tiltak: ("sluttdato", "opphevelse_kode", "opphevelse_presisering"),
    Plan: ("sluttdato",),
}


def keep_not_in_15f(stored: Any, merged: Any) -> Any:
    """A stored part with the file's values over it for what 15F carries (``CARRIED``) and the
    stored values for the rest — also codes added after 15F's lists, a conclusion with such a
    code, and earlier plan evaluations (the file has the last) — so a 15F extract, even
    Fristvakt's own, never wipes what the register knows."""
    fields = CARRIED.get(type(stored))
    if fields is None:
        return merged
    values = {name: getattr(merged, name) for name in fields}
    if isinstance(stored, Melding):
        values["melder"] = _codes_over(stored.melder, merged.melder, "MelderType")
        values["saksinnhold"] = _codes_over(stored.saksinnhold, merged.saksinnhold,
                                            "SaksinnholdType")
        values.update(_konklusjon(stored, merged, "MeldingType"))
    elif isinstance(stored, Undersokelse):
        values["vedtaksgrunnlag"] = _codes_over(stored.vedtaksgrunnlag, merged.vedtaksgrunnlag,
                                                "SaksinnholdType")
        values.update(_konklusjon(stored, merged, "UndersokelseType"))
    elif isinstance(stored, Plan):
        values["evalueringer"] = tuple(sorted({*stored.evalueringer, *merged.evalueringer}))
    # The file tells the year as it stood on 31.12.: what ended or was concluded later, and is
    # known here, stays (an older extract never reopens a part).
    for name in CLOSING.get(type(stored), ()):
        if not values.get(name) and getattr(stored, name):
            values[name] = getattr(stored, name)
    return replace(stored, **values)
