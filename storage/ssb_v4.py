"""Barnevern v4 (SSB's national register) and Fristvakt's case model, both ways.

Reading (``read_case``) turns one validated ``<Barnevern>`` document into a ``V4Case``: the case
as model objects with provisional negative ids, each with SSB's Id, and a ``Finding`` for every
element or part the model has no place for (with the element's Id and the reason) — nothing is
dropped silently. Writing (``storage.ssb_v4_write.case_document``) turns a stored case file into
a document that follows the XSD; what the format cannot carry is reported as a finding too.

What maps (element → model):

* ``Sak`` → ``Sak`` (journalnummer, start/slutt); the newest ``Personalia`` → fødselsnummer,
  fødselsdato, kjønn, DUF-nummer (an incomplete number 00100/00200/55555 beside a DUF-nummer
  leaves the DUF-nummer as the child's identity).
* ``Melding`` → ``Melding`` (mottatt, ``Melder``, ``Saksinnhold``, ``Konklusjon``); the format has
  no date of feedback to a public reporter, so a melding read is marked ``tilbakemelding_ukjent``.
* ``Undersokelse`` → ``Undersokelse`` (start, ``Vedtaksgrunnlag``, ``UtvidetFrist`` granted,
  ``Konklusjon``); its melding through the ``Relasjon`` Melding → Undersokelse.
* ``Vedtak`` → ``Vedtak`` (date, ``Lovhjemmel``, newest ``Status``).
* ``Tiltak`` → ``Tiltak`` (``Kategori``, ``Lovhjemmel``, ``Opphevelse``, ``Konklusjon``,
  ``Oppfolging``/``Tilsyn`` ``Hyppighet`` and ``Ansvarlig``); its vedtak through the ``Relasjon``
  Vedtak → Tiltak; each ``Utfort`` → a ``Besok``.
* ``Plan`` → ``Plan`` (type, start, ``Evaluering``, ``Konklusjon``); ``Ettervern`` → ``Ettervern``.
* ``Flytting`` → ``Flytting`` (``SluttDato`` as the day of the move, ``ArsakFra``,
  ``FlyttingTil``, each with its ``Presisering``).

Not in the model (reported): ``BarnetsMedvirkning``, an undersøkelse's
conclusion presisering, ``Tiltaksgrunnlag``, ``JmfrLovhjemmel``, ``Bokstav``/``Punktum`` and any
second ``Ledd``, ``Krav``, a vedtak's ``Konklusjon`` and earlier statuses, earlier ``Personalia``
and ``Ansvarlig``, ``OversendelseFylkesnemnd``, other relations. Not in the format
(kept as stored by an import; see ``service.ssb``): the child's name, caseworker and team, the
date feedback was given to a public reporter, the reason for an extended deadline, the emergency
part of an akuttvedtak, a plan's own evaluation interval.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from core.model import (
    Besok,
    CaseFile,
    CodedValue,
    Ettervern,
    Flytting,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.rules import DEFAULT_VISITS_PER_YEAR
from core.version import VERSION
from storage.ssb_xml import SsbDocument, xs_date

# SSB's element names, also the ``type`` of a stored SSB Id.
SAK = "Sak"
PERSONALIA = "Personalia"
MELDING = "Melding"
UNDERSOKELSE = "Undersokelse"
PLAN = "Plan"
TILTAK = "Tiltak"
VEDTAK = "Vedtak"
ETTERVERN = "Ettervern"
UTFORT = "Utfort"  # a visit (oppfølging or tilsyn) carried out
FLYTTING = "Flytting"

#: Kinds of finding.
REJECTED = "avvist"  # the element is not stored (invalid, or it conflicts with the register)
NOT_STORED = "ikke_lagret"  # the model (or, exporting, the format) has no place for it
NOT_WRITTEN = "ikke_skrevet"  # exporting: left out of the file
NOTE = "merknad"  # stored, but worth a look (a second case for the same child, an old layout)

FAGSYSTEM = {"Leverandor": "Fristvakt", "Navn": "Fristvakt", "Versjon": VERSION}
UNKNOWN_NUMBER_SUFFIXES = ("00100", "00200", "55555")
#: The suffix written for a child known only by a DUF-nummer (birth date + «number not known»).
DUF_ONLY_SUFFIX = "00100"
#: Kjonn 0 = ufødt (the number is a termindato + 99999).
KJONN_UFODT = "0"
TERMIN_SUFFIX = "99999"


@dataclass(frozen=True)
class Finding:
    """A part of a file that is not stored (importing) or not written (exporting).

    ``element`` is the SSB path («Undersokelse/Vedtaksgrunnlag»), ``ssb_id`` the Id of the
    element or of its nearest ancestor that has one, ``reason`` a Norwegian sentence without any
    value that could identify the child."""

    element: str
    ssb_id: str
    reason: str
    kind: str = NOT_STORED
    journalnummer: str = ""


@dataclass(frozen=True)
class Avgiver:
    """The municipality a file comes from (SSB's ``Avgiver``)."""

    organisasjonsnummer: str
    kommunenummer: str
    kommunenavn: str
    bydelsnummer: str = ""
    bydelsnavn: str = ""

    def problems(self) -> list[str]:
        """What the XSD would refuse, in Norwegian (empty when the avgiver can be written)."""
        found = []
        if not (len(self.organisasjonsnummer) == 9 and self.organisasjonsnummer.isdigit()):
            found.append("organisasjonsnummeret må ha 9 siffer")
        if not (len(self.kommunenummer) == 4 and self.kommunenummer.isdigit()):
            found.append("kommunenummeret må ha 4 siffer")
        if not self.kommunenavn.strip() or len(self.kommunenavn) > 250:
            found.append("kommunenavnet må fylles ut (høyst 250 tegn)")
        if self.bydelsnummer and not (len(self.bydelsnummer) == 2
                                      and self.bydelsnummer.isdigit()):
            found.append("bydelsnummeret må ha 2 siffer")
        return found

    def as_dict(self) -> dict[str, str]:
        return {"organisasjonsnummer": self.organisasjonsnummer,
                "kommunenummer": self.kommunenummer, "kommunenavn": self.kommunenavn,
                "bydelsnummer": self.bydelsnummer, "bydelsnavn": self.bydelsnavn}

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> Avgiver:
        return cls(**{k: str(data.get(k, "")) for k in cls.__dataclass_fields__})


@dataclass
class V4Case:
    """One ``Sak`` read into the model.

    ``case`` has provisional ids (the sak -1, every part a negative number of its own);
    ``ssb_ids`` maps (SSB element name, provisional id) to the file's Id. The child's name and
    caseworker are not in the format: ``case.sak`` has them empty. ``has_person`` is False when
    the file has no usable Personalia (the identity fields are then empty)."""

    ssb_id: str
    journalnummer: str
    uttrekk: datetime
    position: int
    avgiver: Avgiver
    case: CaseFile
    ssb_ids: dict[tuple[str, int], str]
    has_person: bool
    deleted_case: bool = False
    legacy: bool = False
    #: read from a KOSTRA 15F file, which carries less than v4 (``storage.ssb_15f``)
    kostra_15f: bool = False
    findings: list[Finding] = field(default_factory=list)
    #: (SSB element name, Id) of elements the case system marks as deleted
    deleted: list[tuple[str, str]] = field(default_factory=list)

    def ssb_id_of(self, ssb_type: str, provisional: int | None) -> str:
        return self.ssb_ids.get((ssb_type, provisional or 0), "")


# --- small readers --------------------------------------------------------------------------------


class _Skip(Exception):
    """An element whose values cannot be read into the model (reason in Norwegian)."""


def _day(text: str | None) -> date:
    """An xs:date (a time zone, if any, dropped)."""
    day = xs_date(text)
    if day is None:
        raise _Skip("ugyldig dato")
    return day


def _opt_day(text: str | None) -> date | None:
    return _day(text) if text else None


def _deleted(el: Any) -> bool:
    return (el.get("ErSlettet") or "").strip() in ("true", "1")


def _children(el: Any, name: str) -> list[Any]:
    return list(el.iterchildren(name))


def _child(el: Any, name: str) -> Any:
    return next(el.iterchildren(name), None)


def _coded(el: Any) -> CodedValue:
    return CodedValue(el.get("Kode", ""), el.get("Presisering") or "")


def _lovhjemmel(r: _Reader, el: Any, path: str, ssb_id: str) -> Lovhjemmel:
    """Lov, kapittel, paragraf and the first ledd; Bokstav, Punktum and further Ledd reported."""
    def text(name: str) -> str:
        child = _child(el, name)
        return (child.text or "").strip() if child is not None else ""

    ledd = [(c.text or "").strip() for c in _children(el, "Ledd")]
    extra = [n for n in ("Bokstav", "Punktum") if _children(el, n)]
    if len(ledd) > 1:
        extra.append("flere Ledd")
    if extra:
        r.note(path, ssb_id, f"{', '.join(extra)} i lovhjemmelen lagres ikke (Fristvakt har "
               "lov, kapittel, paragraf og ett ledd)")
    return Lovhjemmel(text("Lov"), text("Kapittel"), text("Paragraf"), ledd[0] if ledd else "")


def is_akutt_hjemmel(h: Lovhjemmel) -> bool:
    """Whether a legal basis is an emergency decision (bvl 2021 kap. 4; bvl 1992 § 4-6, § 4-9,
    § 4-25)."""
    if h.lov == "BVL2021":
        return h.kapittel == "4"
    return h.lov == "BVL" and (h.kapittel, h.paragraf) in {("4", "6"), ("4", "9"), ("4", "25")}


def read_avgiver(root: Any) -> Avgiver:
    el = _child(root, "Avgiver")
    get = (lambda k: el.get(k) or "") if el is not None else (lambda k: "")
    return Avgiver(get("Organisasjonsnummer"), get("Kommunenummer"), get("Kommunenavn"),
                   get("Bydelsnummer"), get("Bydelsnavn"))


# --- reading a case -------------------------------------------------------------------------------


class _Reader:
    """Reads the parts of one ``Sak`` element (see ``read_case``)."""

    def __init__(self, sak: Any, journalnummer: str) -> None:
        self.sak = sak
        self.jnr = journalnummer
        self.findings: list[Finding] = []
        self.deleted: list[tuple[str, str]] = []
        self.ids: dict[tuple[str, int], str] = {}
        self._next = -1
        self.by_tag: dict[str, list[Any]] = {}
        for child in sak:
            self.by_tag.setdefault(child.tag, []).append(child)
        slettet = {(s.get("Type", ""), s.get("Id", "")) for s in self.by_tag.get("Slettet", ())}
        self.deleted.extend(sorted(slettet))
        self._slettet = slettet
        self.relations = self._relations()

    def provisional(self, ssb_type: str, ssb_id: str) -> int:
        self._next -= 1
        self.ids[(ssb_type, self._next)] = ssb_id
        return self._next

    def note(self, element: str, ssb_id: str, reason: str, kind: str = NOT_STORED) -> None:
        self.findings.append(Finding(element, ssb_id, reason, kind, self.jnr))

    def elements(self, name: str) -> Iterator[tuple[Any, str]]:
        """The live elements of one kind (deleted ones recorded and skipped)."""
        for el in self.by_tag.get(name, ()):
            ssb_id = el.get("Id", "")
            if _deleted(el) or (name, ssb_id) in self._slettet:
                if (name, ssb_id) not in self._slettet:
                    self.deleted.append((name, ssb_id))
                continue
            yield el, ssb_id

    def _relations(self) -> list[tuple[str, str, str, str, str]]:
        """Live relations (Id, FraType, FraId, TilType, TilId)."""
        found = []
        for el in self.by_tag.get("Relasjon", ()):
            if _deleted(el) or ("Relasjon", el.get("Id", "")) in self._slettet:
                continue
            found.append((el.get("Id", ""), el.get("FraType", ""), el.get("FraId", ""),
                          el.get("TilType", ""), el.get("TilId", "")))
        return found

    def related(self, fra: str, til: str, til_id: str, used: set[str]) -> str | None:
        """The FraId of the first relation fra → til ending at ``til_id`` (marked used)."""
        for rel_id, fra_type, fra_id, til_type, rel_til in self.relations:
            if fra_type == fra and til_type == til and rel_til == til_id:
                used.add(rel_id)
                return fra_id
        return None


def read_case(doc: SsbDocument) -> V4Case:
    """The ``Sak`` of one validated v4 document as model objects (see ``V4Case``)."""
    root = doc.root
    sak_el = _child(root, "Sak")
    ssb_id = sak_el.get("Id", "")
    jnr = sak_el.get("Journalnummer", "")
    r = _Reader(sak_el, jnr)
    try:
        uttrekk = datetime.fromisoformat(root.get("DatoUttrekk", ""))
    except ValueError:  # e.g. 24:00:00, valid in XSD: only used to order extracts
        uttrekk = datetime.min.replace(tzinfo=UTC)
    person, has_person = _read_person(r, ssb_id)
    sak = Sak(journalnummer=jnr, navn="", fodselsnummer=person.get("fnr", ""),
              fodselsdato=person.get("fodselsdato"), kjonn=person.get("kjonn"),
              saksbehandler="", startdato=_day(sak_el.get("StartDato")),
              sluttdato=_opt_day(sak_el.get("SluttDato")), id=-1,
              duf_nummer=person.get("duf"))
    used: set[str] = set()
    meldinger = _read_all(r, MELDING, _melding)
    by_melding = {r.ids[(MELDING, m.id or 0)]: m.id for m in meldinger}
    undersokelser = _read_all(r, UNDERSOKELSE, lambda r, el, i: _undersokelse(
        r, el, i, by_melding, used))
    vedtak = _read_all(r, VEDTAK, _vedtak)
    by_vedtak = {r.ids[(VEDTAK, v.id or 0)]: v.id for v in vedtak}
    tiltak: list[Tiltak] = []
    besok: list[Besok] = []
    for el, el_id in r.elements(TILTAK):
        try:
            t, visits = _tiltak(r, el, el_id, by_vedtak, used)
        except _Skip as e:
            r.note(TILTAK, el_id, f"Tiltaket kan ikke leses: {e}", REJECTED)
            continue
        tiltak.append(t)
        besok.extend(visits)
    planer = _read_all(r, PLAN, _plan)
    ettervern = _read_all(r, ETTERVERN, _ettervern)
    flyttinger = _read_all(r, FLYTTING, _flytting)
    for name in ("OversendelseFylkesnemnd",):
        for _, el_id in r.elements(name):
            r.note(name, el_id, f"{name} finnes ikke i Fristvakt og lagres ikke")
    for rel_id, fra, _, til, _ in r.relations:
        if rel_id not in used:
            r.note("Relasjon", rel_id, f"Relasjonen {fra} → {til} lagres ikke (Fristvakt kobler "
                   "bare melding → undersøkelse og vedtak → tiltak)")
    case = CaseFile(sak, tuple(meldinger), tuple(undersokelser), tuple(vedtak), tuple(tiltak),
                    tuple(planer), tuple(besok), tuple(ettervern), tuple(flyttinger))
    r.ids[(SAK, -1)] = ssb_id
    return V4Case(ssb_id=ssb_id, journalnummer=jnr, uttrekk=uttrekk, position=doc.position,
                  avgiver=read_avgiver(root), case=case, ssb_ids=r.ids, has_person=has_person,
                  deleted_case=_deleted(sak_el), legacy=doc.legacy, findings=r.findings,
                  deleted=r.deleted)


def _read_all(r: _Reader, name: str, read: Callable[[_Reader, Any, str], Any]) -> list[Any]:
    found = []
    for el, el_id in r.elements(name):
        try:
            found.append(read(r, el, el_id))
        except _Skip as e:
            r.note(name, el_id, f"Elementet kan ikke leses: {e}", REJECTED)
    return found


def _read_person(r: _Reader, sak_id: str) -> tuple[dict[str, Any], bool]:
    """The newest live Personalia (by StartDato, then document order); the DUF-nummer of an
    earlier one is kept when the newest has none."""
    people: list[tuple[date, int, Any, str]] = []
    for el, el_id in r.elements(PERSONALIA):
        try:
            people.append((_day(el.get("StartDato")), len(people), el, el_id))
        except _Skip:
            r.note(PERSONALIA, el_id, "Personalia med ugyldig startdato lagres ikke", REJECTED)
    if not people:
        r.note(PERSONALIA, sak_id, "Saken har ingen Personalia: barnets fødselsnummer, "
               "fødselsdato og kjønn mangler i filen")
        return {}, False
    people.sort(key=lambda p: (p[0], p[1]))
    *older, (_, _, el, _) = people
    for *_, old_id in older:
        r.note(PERSONALIA, old_id, "Eldre personalia er erstattet av en nyere og lagres ikke")
    duf = el.get("DUFnummer") or next((o[2].get("DUFnummer") for o in reversed(older)
                                       if o[2].get("DUFnummer")), None)
    fnr = el.get("Fodselsnummer", "")
    if duf and fnr[6:] in UNKNOWN_NUMBER_SUFFIXES:
        fnr = ""  # the DUF-nummer identifies the child; the birth date is kept below
    kjonn = el.get("Kjonn")
    return {"fnr": fnr, "fodselsdato": _day(el.get("Fodseldato")),
            "kjonn": None if kjonn == KJONN_UFODT else kjonn, "duf": duf}, True


def _melding(r: _Reader, el: Any, el_id: str) -> Melding:
    konklusjon = _child(el, "Konklusjon")
    kode = dato = None
    if konklusjon is not None and _deleted(konklusjon):
        r.note("Melding/Konklusjon", el_id, "Konklusjonen er slettet i fagsystemet og lagres "
               "ikke")
    elif konklusjon is not None:
        kode, dato = konklusjon.get("Kode"), _day(konklusjon.get("SluttDato"))
    return Melding(sak_id=-1, mottatt=_day(el.get("StartDato")),
                   melder=tuple(_coded(m) for m in _children(el, "Melder")),
                   saksinnhold=tuple(_coded(s) for s in _children(el, "Saksinnhold")),
                   konklusjon_kode=kode, konklusjon_dato=dato,
                   id=r.provisional(MELDING, el_id), tilbakemelding_ukjent=True)


#: The reason stored with an extension read from a file (the format has none).
IMPORTED_EXTENSION_REASON = "Utvidet frist innvilget (fra SSB-fil)"


def _undersokelse(r: _Reader, el: Any, el_id: str, meldinger: Mapping[str, int | None],
                  used: set[str]) -> Undersokelse:
    melding_ssb = r.related(MELDING, UNDERSOKELSE, el_id, used)
    melding_id = meldinger.get(melding_ssb or "")
    if melding_id is None:
        raise _Skip("den mangler relasjon fra en melding i saken (SSB Undersøkelse kontroll 20)"
                    if melding_ssb is None else "meldingen relasjonen viser til finnes ikke "
                    "i saken")
    if _child(el, "BarnetsMedvirkning") is not None:
        r.note("Undersokelse/BarnetsMedvirkning", el_id,
               "Barnets medvirkning lagres ikke: Fristvakt har ikke feltet")
    utvidet = None
    frist = _child(el, "UtvidetFrist")
    if frist is not None:
        if frist.get("Innvilget") == "1":
            utvidet = _day(frist.get("StartDato"))
        else:
            r.note("Undersokelse/UtvidetFrist", el_id, "Utvidet frist som ikke er innvilget "
                   "lagres ikke (fristen er fortsatt tre måneder)")
    kode = dato = None
    konklusjon = _child(el, "Konklusjon")
    if konklusjon is not None:
        kode, dato = konklusjon.get("Kode"), _day(konklusjon.get("SluttDato"))
        if konklusjon.get("Presisering"):
            r.note("Undersokelse/Konklusjon", el_id,
                   "Presiseringen av konklusjonen lagres ikke: Fristvakt har ikke feltet")
    return Undersokelse(sak_id=-1, melding_id=melding_id, startdato=_day(el.get("StartDato")),
                        utvidet_dato=utvidet,
                        utvidet_grunn=IMPORTED_EXTENSION_REASON if utvidet else "",
                        konklusjon_kode=kode, konklusjon_dato=dato,
                        id=r.provisional(UNDERSOKELSE, el_id),
                        vedtaksgrunnlag=tuple(_coded(g) for g in
                                              _children(el, "Vedtaksgrunnlag")))


def _vedtak(r: _Reader, el: Any, el_id: str) -> Vedtak:
    hjemmel = _lovhjemmel(r, _child(el, "Lovhjemmel"), "Vedtak/Lovhjemmel", el_id)
    for name, what in (("JmfrLovhjemmel", "Jamfør-lovhjemmel"), ("Krav", "Krav")):
        if _children(el, name):
            r.note(f"Vedtak/{name}", el_id, f"{what} lagres ikke: Fristvakt har ikke feltet")
    if _child(el, "Konklusjon") is not None:
        r.note("Vedtak/Konklusjon", el_id, "Vedtakets bortfallsdato lagres ikke: Fristvakt har "
               "ikke feltet")
    statuses = sorted(((_day(s.get("EndretDato")), i, s.get("Kode", "1"))
                       for i, s in enumerate(_children(el, "Status"))), key=lambda s: s[:2])
    if len(statuses) > 1:
        r.note("Vedtak/Status", el_id, "Tidligere statuser lagres ikke; bare den gjeldende")
    return Vedtak(sak_id=-1, dato=_day(el.get("StartDato")), lovhjemmel=hjemmel,
                  status_kode=statuses[-1][2] if statuses else "1",
                  id=r.provisional(VEDTAK, el_id))


def _frequencies(r: _Reader, el: Any, el_id: str, path: str) -> tuple[Frequency, ...]:
    found: dict[date, Frequency] = {}
    for h in _children(el, "Hyppighet"):
        start = _day(h.get("StartDato"))
        if start in found:
            r.note(f"{path}/Hyppighet", h.get("Id", el_id), "To hyppigheter fra samme dato; "
                   "bare den første lagres", REJECTED)
            continue
        found[start] = Frequency(start, int(h.get("Kode", DEFAULT_VISITS_PER_YEAR)))
    return tuple(found.values())


def _tiltak(r: _Reader, el: Any, el_id: str, vedtak: Mapping[str, int | None],
            used: set[str]) -> tuple[Tiltak, list[Besok]]:
    hjemmel = _lovhjemmel(r, _child(el, "Lovhjemmel"), "Tiltak/Lovhjemmel", el_id)
    for name, what in (("JmfrLovhjemmel", "Jamfør-lovhjemmel"),
                       ("Tiltaksgrunnlag", "Tiltaksgrunnlag")):
        if _children(el, name):
            r.note(f"Tiltak/{name}", el_id, f"{what} lagres ikke: Fristvakt har ikke feltet")
    kategori = _coded(_child(el, "Kategori"))
    vedtak_ssb = r.related(VEDTAK, TILTAK, el_id, used)
    vedtak_id = vedtak.get(vedtak_ssb or "")
    if vedtak_ssb is not None and vedtak_id is None:
        r.note("Relasjon", el_id, "Vedtaket tiltaket viser til finnes ikke i saken; tiltaket "
               "lagres uten vedtak", REJECTED)
    tilsyn, oppfolging = _child(el, "Tilsyn"), _child(el, "Oppfolging")
    kommune = ""
    if tilsyn is not None:
        ansvarlige = sorted(((_day(a.get("StartDato")), i, a.get("Kommunenummer", ""))
                             for i, a in enumerate(_children(tilsyn, "Ansvarlig"))),
                            key=lambda a: a[:2])
        if ansvarlige:
            kommune = ansvarlige[-1][2]
        if len(ansvarlige) > 1:
            r.note("Tiltak/Tilsyn/Ansvarlig", el_id, "Tidligere tilsynsansvarlige kommuner "
                   "lagres ikke; bare den gjeldende")
    opphevelse = _child(el, "Opphevelse")
    konklusjon = _child(el, "Konklusjon")
    own_id = r.provisional(TILTAK, el_id)
    t = Tiltak(sak_id=-1, kategori_kode=kategori.kode, startdato=_day(el.get("StartDato")),
               lovhjemmel=hjemmel, presisering=kategori.presisering, vedtak_id=vedtak_id,
               sluttdato=_day(konklusjon.get("SluttDato")) if konklusjon is not None else None,
               opphevelse_kode=opphevelse.get("Kode") if opphevelse is not None else None,
               opphevelse_presisering=(opphevelse.get("Presisering") or ""
                                       if opphevelse is not None else ""),
               oppfolging_hyppighet=(_frequencies(r, oppfolging, el_id, "Tiltak/Oppfolging")
                                     if oppfolging is not None else ()),
               tilsyn_hyppighet=(_frequencies(r, tilsyn, el_id, "Tiltak/Tilsyn")
                                 if tilsyn is not None else ()),
               tilsyn_ansvarlig_kommune=kommune, id=own_id)
    visits = []
    for kind, part in ((VisitKind.OPPFOLGING, oppfolging), (VisitKind.TILSYN, tilsyn)):
        if part is None:
            continue
        for u in _children(part, "Utfort"):
            visits.append(Besok(tiltak_id=own_id, kind=kind, dato=_day(u.get("UtfortDato")),
                                id=r.provisional(UTFORT, u.get("Id", ""))))
    return t, visits


def _plan(r: _Reader, el: Any, el_id: str) -> Plan:
    days: list[date] = []
    for e in _children(el, "Evaluering"):
        day = _day(e.get("UtfortDato"))
        if day in days:
            r.note("Plan/Evaluering", el_id, "Samme evalueringsdato to ganger; lagres én gang")
            continue
        days.append(day)
    konklusjon = _child(el, "Konklusjon")
    return Plan(sak_id=-1, plantype=el.get("Plantype", ""), startdato=_day(el.get("StartDato")),
                sluttdato=_day(konklusjon.get("SluttDato")) if konklusjon is not None else None,
                evalueringer=tuple(days), id=r.provisional(PLAN, el_id))


def _ettervern(r: _Reader, el: Any, el_id: str) -> Ettervern:
    konklusjon = _child(el, "Konklusjon")
    kode = dato = None
    if konklusjon is not None:
        kode, dato = konklusjon.get("Kode"), _day(konklusjon.get("SluttDato"))
    return Ettervern(sak_id=-1, tilbud_sendt=_day(el.get("TilbudSendtDato")),
                     konklusjon_kode=kode, konklusjon_dato=dato,
                     id=r.provisional(ETTERVERN, el_id))


def _flytting(r: _Reader, el: Any, el_id: str) -> Flytting:
    arsak, til = _child(el, "ArsakFra"), _child(el, "FlyttingTil")
    return Flytting(sak_id=-1, dato=_day(el.get("SluttDato")),
                    arsak_fra_kode=arsak.get("Kode", ""),
                    arsak_fra_presisering=arsak.get("Presisering", ""),
                    flytting_til_kode=til.get("Kode", ""),
                    flytting_til_presisering=til.get("Presisering", ""),
                    id=r.provisional(FLYTTING, el_id))


def provisional_to(case: CaseFile, new_ids: Mapping[int, int], sak_id: int) -> CaseFile:
    """The case with provisional ids replaced (``new_ids``: provisional → real, the sak's own
    id given as ``sak_id``), relations included."""
    def real(value: int | None) -> int | None:
        if value is None or value >= 0:
            return value
        return new_ids[value]

    return CaseFile(
        sak=replace(case.sak, id=sak_id),
        meldinger=tuple(replace(m, id=real(m.id), sak_id=sak_id) for m in case.meldinger),
        undersokelser=tuple(replace(u, id=real(u.id), sak_id=sak_id,
                                    melding_id=real(u.melding_id) or 0)
                            for u in case.undersokelser),
        vedtak=tuple(replace(v, id=real(v.id), sak_id=sak_id) for v in case.vedtak),
        tiltak=tuple(replace(t, id=real(t.id), sak_id=sak_id, vedtak_id=real(t.vedtak_id))
                     for t in case.tiltak),
        planer=tuple(replace(p, id=real(p.id), sak_id=sak_id) for p in case.planer),
        besok=tuple(replace(b, id=real(b.id), tiltak_id=real(b.tiltak_id) or 0)
                    for b in case.besok),
        ettervern=tuple(replace(e, id=real(e.id), sak_id=sak_id) for e in case.ettervern),
        flyttinger=tuple(replace(f, id=real(f.id), sak_id=sak_id) for f in case.flyttinger))
