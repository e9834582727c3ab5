"""Writing Barnevern v4: a stored case file as one document that follows SSB's XSD
(``case_document``, ``export_case``), with SSB Ids kept or derived (``IdSource``). What the format
cannot carry is reported as a ``Finding``; the mapping is described in ``storage.ssb_v4``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from core.model import (
    CaseFile,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.rules import DEFAULT_VISITS_PER_YEAR
from storage.ssb_v4 import (
    DUF_ONLY_SUFFIX,
    ETTERVERN,
    FAGSYSTEM,
    FLYTTING,
    KJONN_UFODT,
    MELDING,
    NOT_WRITTEN,
    PERSONALIA,
    PLAN,
    SAK,
    TERMIN_SUFFIX,
    TILTAK,
    UNDERSOKELSE,
    UNKNOWN_NUMBER_SUFFIXES,
    UTFORT,
    VEDTAK,
    Avgiver,
    Finding,
)
from storage.ssb_xml import iso_date as _iso
from storage.ssb_xml import schema_errors, serialize
from storage.ssb_xml import set_attributes as _set
from storage.ssb_xml import sub_element as _sub

# --- writing --------------------------------------------------------------------------------------


#: Namespace of the Ids of parts without an id of their own (Personalia, Status, Hyppighet,
#: Ansvarlig, Relasjon, the document): derived from their parent's SSB Id, so that the same
#: case gets the same Ids from any register that holds it.
PART_NAMESPACE = uuid.UUID("3c0f4c1e-8d2a-5b7e-9f61-2a4d9e7b1c05")


class IdSource:
    """SSB Ids of a register's records: the Id a file gave the record (stored), else one derived
    from the register's namespace and the record's own id, the same at every export."""

    def __init__(self, namespace: uuid.UUID, stored: Mapping[tuple[str, int], str]) -> None:
        self.namespace = namespace
        self.stored = stored

    def __call__(self, ssb_type: str, local_id: int | None) -> str:
        key = (ssb_type, local_id or 0)
        found = self.stored.get(key)
        return found if found else str(uuid.uuid5(self.namespace, f"{ssb_type}/{local_id or 0}"))

    @staticmethod
    def derived(*parts: object) -> str:
        """A stable Id for a part, from its parent's Id and what it is."""
        return str(uuid.uuid5(PART_NAMESPACE, "/".join(str(p) for p in parts)))


class _Writer:
    """Writes the parts of one case into a ``Sak`` element (see ``case_document``)."""

    def __init__(self, case: CaseFile, ids: IdSource) -> None:
        self.case = case
        self.ids = ids
        self.jnr = case.sak.journalnummer
        self.findings: list[Finding] = []
        self.relations: list[tuple[str, str, str, str]] = []

    def note(self, element: str, ssb_id: str, reason: str) -> None:
        self.findings.append(Finding(element, ssb_id, reason, NOT_WRITTEN, self.jnr))

    def sak(self) -> Any:
        s = self.case.sak
        sak_id = self.ids(SAK, s.id)
        el = _set(etree.Element("Sak"), Id=sak_id, StartDato=s.startdato.isoformat(),
                  SluttDato=_iso(s.sluttdato), Journalnummer=s.journalnummer,
                  Avsluttet="true" if s.sluttdato else None)
        self.personalia(el, sak_id)
        for m in self.case.meldinger:
            self.melding(el, m)
        for u in self.case.undersokelser:
            self.undersokelse(el, u)
        for p in self.case.planer:
            self.plan(el, p)
        for t in self.case.tiltak:
            self.tiltak(el, t)
        for v in self.case.vedtak:
            self.vedtak(el, v)
        for e in self.case.ettervern:
            ettervern = _sub(el, "Ettervern", Id=self.ids(ETTERVERN, e.id),
                             TilbudSendtDato=e.tilbud_sendt.isoformat())
            if e.konklusjon_kode and e.konklusjon_dato:
                _sub(ettervern, "Konklusjon", SluttDato=e.konklusjon_dato.isoformat(),
                     Kode=e.konklusjon_kode)
        for f in self.case.flyttinger:
            flytting = _sub(el, "Flytting", Id=self.ids(FLYTTING, f.id),
                            SluttDato=f.dato.isoformat())
            _sub(flytting, "ArsakFra", Kode=f.arsak_fra_kode,
                 Presisering=f.arsak_fra_presisering.strip() or None)
            _sub(flytting, "FlyttingTil", Kode=f.flytting_til_kode,
                 Presisering=f.flytting_til_presisering.strip() or None)
        for fra_type, fra_id, til_type, til_id in self.relations:
            _sub(el, "Relasjon", Id=self.ids.derived(fra_id, "Relasjon", til_id),
                 FraType=fra_type, FraId=fra_id, TilType=til_type, TilId=til_id)
        return el

    def personalia(self, parent: Any, sak_id: str) -> None:
        s = self.case.sak
        fnr = s.fodselsnummer.strip()
        birth = s.fodselsdato  # validation keeps it equal to the number's date
        if birth is None:
            self.note(PERSONALIA, sak_id, "Personalia er ikke skrevet: barnets fødselsdato er "
                      "ikke kjent, og SSB krever den (SSB vil melde Personalia kontroll 11)")
            return
        kjonn = s.kjonn
        if fnr[6:] == TERMIN_SUFFIX:
            kjonn = KJONN_UFODT
        elif kjonn is None and len(fnr) == 11 and fnr[6:] not in UNKNOWN_NUMBER_SUFFIXES:
            kjonn = "1" if int(fnr[8]) % 2 else "2"  # SSB Personalia kontroll 14
        if kjonn is None:
            self.note(PERSONALIA, sak_id, "Personalia er ikke skrevet: barnets kjønn er ikke "
                      "registrert, og SSB krever det")
            return
        _sub(parent, "Personalia", Id=self.ids.derived(sak_id, PERSONALIA),
             StartDato=s.startdato.isoformat(),
             Fodselsnummer=fnr or birth.strftime("%d%m%y") + DUF_ONLY_SUFFIX,
             Fodseldato=birth.isoformat(), Kjonn=kjonn,
             DUFnummer=(s.duf_nummer or "").strip() or None)

    def melding(self, parent: Any, m: Melding) -> None:
        el = _sub(parent, "Melding", Id=self.ids(MELDING, m.id), StartDato=m.mottatt.isoformat())
        for tag, values in (("Melder", m.melder), ("Saksinnhold", m.saksinnhold)):
            for v in values:
                _sub(el, tag, Kode=v.kode, Presisering=v.presisering.strip() or None)
        if m.konklusjon_kode and m.konklusjon_dato:
            _sub(el, "Konklusjon", SluttDato=m.konklusjon_dato.isoformat(),
                 Kode=m.konklusjon_kode)

    def undersokelse(self, parent: Any, u: Undersokelse) -> None:
        own = self.ids(UNDERSOKELSE, u.id)
        el = _sub(parent, "Undersokelse", Id=own, StartDato=u.startdato.isoformat())
        for v in u.vedtaksgrunnlag:
            _sub(el, "Vedtaksgrunnlag", Kode=v.kode, Presisering=v.presisering.strip() or None)
        if u.utvidet_dato is not None:
            _sub(el, "UtvidetFrist", StartDato=u.utvidet_dato.isoformat(), Innvilget="1")
        if u.konklusjon_kode and u.konklusjon_dato:
            _sub(el, "Konklusjon", SluttDato=u.konklusjon_dato.isoformat(),
                 Kode=u.konklusjon_kode)
        self.relations.append((MELDING, self.ids(MELDING, u.melding_id), UNDERSOKELSE, own))

    def plan(self, parent: Any, p: Plan) -> None:
        el = _sub(parent, "Plan", Id=self.ids(PLAN, p.id), StartDato=p.startdato.isoformat(),
                  Plantype=p.plantype)
        for day in p.evalueringer:
            _sub(el, "Evaluering", UtfortDato=day.isoformat())
        if p.sluttdato is not None:
            _sub(el, "Konklusjon", SluttDato=p.sluttdato.isoformat())

    def _hjemmel(self, parent: Any, tag: str, h: Lovhjemmel) -> None:
        el = etree.SubElement(parent, tag)
        etree.SubElement(el, "Lov").text = h.lov
        etree.SubElement(el, "Kapittel").text = h.kapittel
        etree.SubElement(el, "Paragraf").text = h.paragraf
        if h.ledd:
            etree.SubElement(el, "Ledd").text = h.ledd

    def tiltak(self, parent: Any, t: Tiltak) -> None:
        own = self.ids(TILTAK, t.id)
        hjemmel = t.lovhjemmel
        vedtak = next((v for v in self.case.vedtak if v.id == t.vedtak_id), None)
        if not (hjemmel.kapittel and hjemmel.paragraf):
            if vedtak is None:
                self.note(TILTAK, own, "Tiltaket er ikke skrevet: det har verken lovhjemmel "
                          "eller vedtak, og SSB krever lovhjemmel")
                return
            hjemmel = vedtak.lovhjemmel
            self.note("Tiltak/Lovhjemmel", own, "Tiltaket har ingen lovhjemmel; vedtakets er "
                      "skrevet (SSB Tiltak kontroll 21)")
        el = _sub(parent, "Tiltak", Id=own, StartDato=t.startdato.isoformat())
        self._hjemmel(el, "Lovhjemmel", hjemmel)
        _sub(el, "Kategori", Kode=t.kategori_kode, Presisering=t.presisering.strip() or None)
        self._visits(el, t, own, VisitKind.TILSYN)
        self._visits(el, t, own, VisitKind.OPPFOLGING)
        if t.opphevelse_kode:
            _sub(el, "Opphevelse", Kode=t.opphevelse_kode,
                 Presisering=t.opphevelse_presisering.strip() or None)
        if t.sluttdato is not None:
            _sub(el, "Konklusjon", SluttDato=t.sluttdato.isoformat())
        if vedtak is not None:
            self.relations.append((VEDTAK, self.ids(VEDTAK, vedtak.id), TILTAK, own))

    def _visits(self, parent: Any, t: Tiltak, own: str, kind: VisitKind) -> None:
        """``Tilsyn`` (Ansvarlig, Hyppighet, Utfort) or ``Oppfolging`` (Hyppighet, Utfort)."""
        frequencies = t.frequency(kind)
        visits = [b for b in self.case.besok if b.tiltak_id == t.id and b.kind is kind]
        tilsyn = kind is VisitKind.TILSYN
        tag = "Tilsyn" if tilsyn else "Oppfolging"
        if not frequencies and not visits and not (tilsyn and t.tilsyn_ansvarlig_kommune):
            return
        if tilsyn and not t.tilsyn_ansvarlig_kommune:
            self.note("Tiltak/Tilsyn", own, "Tilsyn er ikke skrevet: ansvarlig kommune for "
                      "tilsynet er ikke registrert, og SSB krever den")
            return
        el = _sub(parent, tag)
        if tilsyn:
            _sub(el, "Ansvarlig", Id=self.ids.derived(own, "Tilsyn/Ansvarlig"),
                 StartDato=t.startdato.isoformat(), Kommunenummer=t.tilsyn_ansvarlig_kommune)
        if not frequencies:
            frequencies = (Frequency(t.startdato, DEFAULT_VISITS_PER_YEAR),)
            self.note(f"Tiltak/{tag}/Hyppighet", own, "Ingen hyppighet er registrert; standarden "
                      f"({DEFAULT_VISITS_PER_YEAR} per år fra tiltakets start) er skrevet, som "
                      "fristene regner med")
        for f in frequencies:
            _sub(el, "Hyppighet", Id=self.ids.derived(own, tag, "Hyppighet", f.startdato),
                 StartDato=f.startdato.isoformat(), Kode=str(f.per_aar))
        for b in visits:
            _sub(el, "Utfort", Id=self.ids(UTFORT, b.id), UtfortDato=b.dato.isoformat())

    def vedtak(self, parent: Any, v: Vedtak) -> None:
        own = self.ids(VEDTAK, v.id)
        el = _sub(parent, "Vedtak", Id=own, StartDato=v.dato.isoformat())
        self._hjemmel(el, "Lovhjemmel", v.lovhjemmel)
        _sub(el, "Status", Id=self.ids.derived(own, "Status"), EndretDato=v.dato.isoformat(),
             Kode=v.status_kode)
        if v.akutt is not None:
            self.note("Vedtak", own, "Akuttdelen (tidspunkt, oversendelse til nemnda, "
                      "begjæring) finnes ikke i Barnevern v4 og er ikke skrevet")


def case_document(case: CaseFile, ids: IdSource, avgiver: Avgiver, uttrekk: datetime
                  ) -> tuple[Any, list[Finding]]:
    """One stored case as a v4 document (``Barnevern`` root), and what could not be written.

    ``uttrekk`` must carry a time zone. The document's own Id is derived from the case's Id and
    the moment, so the same export is the same file."""
    writer = _Writer(case, ids)
    sak = writer.sak()
    stamp = uttrekk.replace(microsecond=0).isoformat()
    root = _set(etree.Element("Barnevern"), Id=ids.derived(sak.get("Id"), "Barnevern", stamp),
                DatoUttrekk=stamp)
    _sub(root, "Fagsystem", **FAGSYSTEM)
    _sub(root, "Avgiver", Organisasjonsnummer=avgiver.organisasjonsnummer,
         Kommunenummer=avgiver.kommunenummer, Kommunenavn=avgiver.kommunenavn,
         Bydelsnummer=avgiver.bydelsnummer or None, Bydelsnavn=avgiver.bydelsnavn or None)
    root.append(sak)
    return root, writer.findings


@dataclass(frozen=True)
class ExportedCase:
    """A case written (``data`` is the document) or left out (``data`` is None)."""

    sak_id: int
    journalnummer: str
    ssb_id: str
    data: bytes | None
    findings: tuple[Finding, ...]


def export_case(case: CaseFile, ids: IdSource, avgiver: Avgiver, uttrekk: datetime
                ) -> ExportedCase:
    """One case as a serialised document that follows the XSD; a case the XSD would refuse is
    left out with the reason (a file SSB receives never fails its schema because of it)."""
    root, findings = case_document(case, ids, avgiver, uttrekk)
    sak_id = root.find("Sak").get("Id")
    problems = schema_errors(root)
    if problems:
        findings.append(Finding(SAK, sak_id, f"Saken er ikke skrevet: den ville ikke fulgt SSBs "
                                f"filbeskrivelse ({problems[0]})", NOT_WRITTEN,
                                case.sak.journalnummer))
        return ExportedCase(case.sak.id or 0, case.sak.journalnummer, sak_id, None,
                            tuple(findings))
    return ExportedCase(case.sak.id or 0, case.sak.journalnummer, sak_id, serialize(root),
                        tuple(findings))
