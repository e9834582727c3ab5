"""KOSTRA Barnevern (15F) written: a year's cases as one ``<Barnevern>`` document that follows
SSB's 15F XSD, in iso-8859-1 as SSB's files are.

A case is written when it was open at some time in the year and has a melding, plan or tiltak
in it (SSB Individ Kontroll 06); a part is written when it was open at some time in the year
(SSB's Tiltak/Undersøkelse Kontroll 2b refuse parts that ended in another year), a melding also
when its undersøkelse was. The file says what was known on 31.12. of the year: a conclusion,
end date, evaluation or opphevelse after it is left out, and the part is written as open. The
mapping is ``storage.ssb_15f``'s, backwards; Ids are the
register's SSB Ids in 15F's length (``short_id``), so that the file read back gives the same Ids.

15F has no place for vedtak, visits and their frequencies, ettervern, an extended deadline, more
than one undersøkelse per melding or more than one plan evaluation, nor for codes SSB added to
Barnevern v4 after the 15F code lists (read from the XSD's enumerations): each is reported as a
``Finding`` (``NOT_WRITTEN``) with the record's SSB Id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from core.model import CaseFile, CodedValue, Lovhjemmel, Melding, Plan, Tiltak, Undersokelse
from storage.errors import SsbFileError
from storage.ssb_15f import allowed_codes, short_id
from storage.ssb_v4 import (
    DUF_ONLY_SUFFIX,
    ETTERVERN,
    MELDING,
    NOT_WRITTEN,
    PLAN,
    SAK,
    TILTAK,
    UNDERSOKELSE,
    VEDTAK,
    Avgiver,
    Finding,
)
from storage.ssb_v4_write import IdSource
from storage.ssb_xml import _problem, kostra_15f_schema, write_documents
from storage.ssb_xml import iso_date as _iso
from storage.ssb_xml import set_attributes as _set
from storage.ssb_xml import sub_element as _sub

ENCODING = "ISO-8859-1"
#: The caseworker written when a case has none (the attribute is required).
NO_CASEWORKER = "Ikke fordelt"
MAX_JOURNALNUMMER = 20
MAX_SAKSBEHANDLER = 50


def _in_year(start: date, end: date | None, first: date, last: date) -> bool:
    return start <= last and (end is None or end >= first)


class _Writer:
    """One case as an ``Individ`` element (see ``individ_element``)."""

    def __init__(self, case: CaseFile, ids: IdSource, year: int, avgiver: Avgiver) -> None:
        self.case = case
        self.ids = ids
        self.first, self.last = date(year, 1, 1), date(year, 12, 31)
        self.avgiver = avgiver
        self.findings: list[Finding] = []

    def known(self, day: date | None) -> date | None:
        """A date as the file knows it: what happened after 31.12. of the year has not yet
        happened in a year's extract (the part is written as still open)."""
        return day if day is not None and day <= self.last else None

    def note(self, element: str, ssb_id: str, reason: str) -> None:
        self.findings.append(Finding(element, ssb_id, reason, NOT_WRITTEN,
                                     self.case.sak.journalnummer))

    def _codes(self, parent: Any, tag: str, type_name: str, values: Iterable[CodedValue],
                owner: str) -> None:
        for v in values:
            if v.kode not in allowed_codes(type_name, "Kode"):
                self.note(f"{parent.tag}/{tag}", owner, f"Koden {v.kode} finnes ikke i 15F og "
                          "er ikke skrevet")
                continue
            el = _sub(parent, tag, Kode=v.kode)
            if v.presisering.strip():
                etree.SubElement(el, "Presisering").text = v.presisering.strip()

    def individ(self) -> Any | None:
        s = self.case.sak
        own = self.ids(SAK, s.id)
        if len(s.journalnummer) > MAX_JOURNALNUMMER:
            self.note(SAK, own, f"Saken er ikke skrevet: journalnummeret er lengre enn "
                      f"{MAX_JOURNALNUMMER} tegn, som 15F tillater")
            return None
        fnr = s.fodselsnummer.strip()
        if not fnr and s.fodselsdato is not None:
            fnr = s.fodselsdato.strftime("%d%m%y") + DUF_ONLY_SUFFIX
        el = _set(etree.Element("Individ"), Id=short_id(own), StartDato=s.startdato.isoformat(),
                  SluttDato=_iso(self.known(s.sluttdato)), Journalnummer=s.journalnummer,
                  Fodselsnummer=fnr or None, DUFnummer=(s.duf_nummer or "").strip() or None,
                  Bydelsnummer=self.avgiver.bydelsnummer or None,
                  Bydelsnavn=self.avgiver.bydelsnavn or None,
                  Saksbehandler=(s.saksbehandler.strip() or NO_CASEWORKER)[:MAX_SAKSBEHANDLER],
                  Avslutta3112="1" if self.known(s.sluttdato) else "2")
        for m in self.case.meldinger:
            self.melding(el, m)
        for p in self.case.planer:
            self.plan(el, p)
        for t in self.case.tiltak:
            self.tiltak(el, t)
        for v in self.case.vedtak:
            self.note(VEDTAK, self.ids(VEDTAK, v.id), "Vedtak finnes ikke i 15F og er ikke "
                      "skrevet (tiltakene har sin egen lovhjemmel)")
        for e in self.case.ettervern:
            self.note(ETTERVERN, self.ids(ETTERVERN, e.id), "Ettervern finnes ikke i 15F og er "
                      "ikke skrevet")
        if len(el) == 0:
            self.note(SAK, own, f"Saken er ikke skrevet: den har ingen melding, plan eller "
                      f"tiltak i {self.first.year} (SSB Individ Kontroll 06)")
            return None
        return el

    def melding(self, parent: Any, m: Melding) -> None:
        own = self.ids(MELDING, m.id)
        undersokelser = [u for u in self.case.undersokelser if u.melding_id == m.id
                         and _in_year(u.startdato, u.konklusjon_dato, self.first, self.last)]
        if not (_in_year(m.mottatt, m.konklusjon_dato, self.first, self.last) or undersokelser):
            return
        slutt = self.known(m.konklusjon_dato)
        kode = m.konklusjon_kode if slutt else None
        if kode and kode not in allowed_codes("MeldingType", "Konklusjon"):
            self.note(MELDING, own, f"Konklusjonskoden {kode} finnes ikke i 15F; meldingen er "
                      "skrevet med sluttdato, uten konklusjon")
            kode = None
        el = _sub(parent, "Melding", Id=short_id(own), StartDato=m.mottatt.isoformat(),
                  SluttDato=_iso(slutt), Konklusjon=kode if slutt else None)
        self._codes(el, "Melder", "MelderType", m.melder, own)
        self._codes(el, "Saksinnhold", "SaksinnholdType", m.saksinnhold, own)
        for extra in undersokelser[1:]:
            self.note(UNDERSOKELSE, self.ids(UNDERSOKELSE, extra.id), "15F har én undersøkelse "
                      "per melding; denne er ikke skrevet")
        if undersokelser:
            self.undersokelse(el, undersokelser[0])

    def undersokelse(self, parent: Any, u: Undersokelse) -> None:
        own = self.ids(UNDERSOKELSE, u.id)
        slutt = self.known(u.konklusjon_dato)
        kode = u.konklusjon_kode if slutt else None
        if kode and kode not in allowed_codes("UndersokelseType", "Konklusjon"):
            self.note(UNDERSOKELSE, own, f"Konklusjonskoden {kode} finnes ikke i 15F; "
                      "undersøkelsen er skrevet med sluttdato, uten konklusjon")
            kode = None
        if u.utvidet_dato is not None:
            self.note("Undersokelse/UtvidetFrist", own, "Utvidet frist finnes ikke i 15F og er "
                      "ikke skrevet")
        el = _sub(parent, "Undersokelse", Id=short_id(own), StartDato=u.startdato.isoformat(),
                  SluttDato=_iso(slutt), Konklusjon=kode if slutt else None)
        if slutt:
            self._codes(el, "Vedtaksgrunnlag", "SaksinnholdType", u.vedtaksgrunnlag, own)

    def plan(self, parent: Any, p: Plan) -> None:
        if not _in_year(p.startdato, p.sluttdato, self.first, self.last):
            return
        own = self.ids(PLAN, p.id)
        if p.plantype not in allowed_codes("PlanType", "Plantype"):
            self.note(PLAN, own, f"Plantypen {p.plantype} finnes ikke i 15F; planen er ikke "
                      "skrevet")
            return
        evaluated = [e for e in p.evalueringer if self.known(e)]
        if len(evaluated) > 1:
            self.note("Plan/EvaluertDato", own, "15F har én evalueringsdato per plan; bare den "
                      "siste er skrevet")
        _sub(parent, "Plan", Id=short_id(own), StartDato=p.startdato.isoformat(),
             SluttDato=_iso(self.known(p.sluttdato)),
             EvaluertDato=_iso(max(evaluated, default=None)), Plantype=p.plantype)

    def tiltak(self, parent: Any, t: Tiltak) -> None:
        if not _in_year(t.startdato, t.sluttdato, self.first, self.last):
            return
        own = self.ids(TILTAK, t.id)
        hjemmel = t.lovhjemmel
        if not (hjemmel.kapittel and hjemmel.paragraf):
            vedtak = next((v for v in self.case.vedtak if v.id == t.vedtak_id), None)
            if vedtak is None or not (vedtak.lovhjemmel.kapittel and vedtak.lovhjemmel.paragraf):
                self.note(TILTAK, own, "Tiltaket er ikke skrevet: det har ingen lovhjemmel, og "
                          "15F krever den")
                return
            hjemmel = vedtak.lovhjemmel
            self.note("Tiltak/Lovhjemmel", own, "Tiltaket har ingen lovhjemmel; vedtakets er "
                      "skrevet")
        if t.kategori_kode not in allowed_codes("KategoriType", "Kode"):
            self.note(TILTAK, own, f"Tiltakskategorien {t.kategori_kode} finnes ikke i 15F; "
                      "tiltaket er ikke skrevet")
            return
        if t.oppfolging_hyppighet or t.tilsyn_hyppighet or any(
                b.tiltak_id == t.id for b in self.case.besok):
            self.note("Tiltak", own, "Oppfølging og tilsyn (hyppighet og besøk) finnes ikke i "
                      "15F og er ikke skrevet")
        ended = self.known(t.sluttdato)
        el = _sub(parent, "Tiltak", Id=short_id(own), StartDato=t.startdato.isoformat(),
                  SluttDato=_iso(ended))
        _hjemmel(el, hjemmel)
        self._codes(el, "Kategori", "KategoriType", (CodedValue(t.kategori_kode,
                                                                 t.presisering),), own)
        if t.opphevelse_kode and ended:
            self._codes(el, "Opphevelse", "OpphevelseType",
                        (CodedValue(t.opphevelse_kode, t.opphevelse_presisering),), own)


def _hjemmel(parent: Any, h: Lovhjemmel) -> None:
    _sub(parent, "Lovhjemmel", Lov=h.lov, Kapittel=h.kapittel, Paragraf=h.paragraf,
         Ledd=h.ledd or None)


@dataclass(frozen=True)
class Kostra15FFile:
    """A written year: the document (``data``), the cases in it and what was left out."""

    data: bytes
    cases: int
    left_out: int
    findings: tuple[Finding, ...]


def kostra_document(cases: Sequence[CaseFile], ids: IdSource, avgiver: Avgiver, year: int
                    ) -> Kostra15FFile:
    """The cases of ``year`` (each open at some time in it) as a 15F document that follows the
    XSD. A case the XSD would refuse is left out with the reason. ``SsbFileError`` when no case
    can be written."""
    root = etree.Element("Barnevern")
    _sub(root, "Avgiver", Organisasjonsnummer=avgiver.organisasjonsnummer, Versjon=str(year),
         Kommunenummer=avgiver.kommunenummer, Kommunenavn=avgiver.kommunenavn)
    findings: list[Finding] = []
    written: dict[int, tuple[CaseFile, Any]] = {}
    left_out = 0
    for case in cases:
        writer = _Writer(case, ids, year, avgiver)
        el = writer.individ()
        findings.extend(writer.findings)
        if el is None:
            left_out += 1
            continue
        root.append(el)
        written[id(el)] = (case, el)
    while True:
        if len(root) < 2:
            raise SsbFileError(f"Registeret har ingen saker i {year} som kan skrives som 15F")
        data = bytes(etree.tostring(root, xml_declaration=True, encoding=ENCODING,
                                    pretty_print=True))
        bad = _refused(data)
        if not bad:
            return Kostra15FFile(data, len(root) - 1, left_out, tuple(findings))
        for position, problem in bad.items():
            el = root[position]
            case = written[id(el)][0]
            findings.append(Finding(SAK, ids(SAK, case.sak.id), "Saken er ikke skrevet: den "
                                    f"ville ikke fulgt SSBs filbeskrivelse ({problem})",
                                    NOT_WRITTEN, case.sak.journalnummer))
            left_out += 1
        for position in sorted(bad, reverse=True):
            del root[position]


def _refused(data: bytes) -> dict[int, str]:
    """The Individ elements (position under the root) the XSD refuses, with the first
    problem of each (the document is read back for line numbers)."""
    schema = kostra_15f_schema()
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(tree):
        return {}
    starts = [(child.sourceline, n) for n, child in enumerate(tree) if child.tag == "Individ"]
    bad: dict[int, str] = {}
    for error in schema.error_log:
        owner = max((n for line, n in starts if line <= error.line), default=None)
        if owner is None:
            raise SsbFileError("Avgiveren kan ikke skrives slik SSBs filbeskrivelse for 15F "
                               "krever")
        bad.setdefault(owner, _problem(error).split(": ", 1)[-1])
    return bad


def write_file(path: Path, data: bytes) -> None:
    """The document to ``path`` (an ``.xml``), atomically, as a 0600 file."""
    write_documents(path, [(path.name, data)])
