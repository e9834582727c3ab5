"""SSB's Barnevern v4 files as use cases: bring a register in, and report to SSB (issue #10).

``import_ssb`` reads a file (``storage.ssb_xml``: size, safety, format, XSD), maps each case
(``storage.ssb_v4``), matches it to the register — SSB's Id of the case first, then the
journalnummer, then the child's fødsels- or DUF-nummer for a case typed here that no SSB Id is
linked to; within a case, parts by SSB Id, else on content (``service.ssb_match``) — and merges
what the format carries into what is stored: fields the format does not carry (the child's name,
the caseworker, feedback to the reporter, the akutt part…) keep their stored values, and a new
child gets the defaults below — its caseworker as ``service.ssb_caseworkers`` chooses it (the
person's choice, else the one a 15F file names, created when missing). A new melding's feedback to
a public reporter is «ukjent (importert)» (``Melding.tilbakemelding_ukjent``) until a date is
registered. Every new or changed part is validated with ``core.validation``: into a register in use
as a form validates a new entry (codes valid on the entry's date); into an empty register —
bringing history in — as a saved record, which keeps a code from before its list began (SSB's
vedtak statuses start in 2022, older vedtak carry one).
A part that fails is rejected with its Id and the reason, and parts that depend on it follow; a
visit frequency the model cannot hold is dropped from its tiltak, not the tiltak. The result
says what would happen (``dry_run``) or what happened: new children, updated cases, unchanged
cases, and every element not stored with its Id and reason — never a fødselsnummer.

A real run writes in ONE transaction through the register's audited write path (role
``Action.IMPORT``, ``Register.save_many`` with its validation, deadline refresh and audit rows;
into an empty register the bulk ``Register.import_cases``), stores SSB's Ids, and appends an
audit row for the file. Anything failing half-way rolls the whole file back. Importing the same
file again changes nothing; a newer extract updates what changed.

A KOSTRA Barnevern (15F) file — told from its root — is read by ``storage.ssb_15f`` into the same
records, one per individ, and imported the same way; what 15F does not carry keeps its stored
values (``keep_not_in_15f``), and its elements are named by the file's own Ids.

``export_ssb`` writes the cases of a year as v4 documents (one per case: a ``.zip``, or ``.xml``
for one case) that follow the XSD, logged like a report export (``Action.EXPORT``).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.access import Action
from core.model import (
    Besok,
    CaseFile,
    Ettervern,
    Flytting,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
)
from core.validation import FieldError, validate
from service.register import Register, guarded
from service.ssb_caseworkers import DEFAULT_CASEWORKER as DEFAULT_CASEWORKER  # re-exported
from service.ssb_caseworkers import CaseworkerChoice
from service.ssb_match import PartMatcher, match_on_number, numbers_index
from storage.errors import SsbFileError
from storage.records import Caseworker
from storage.repository import Repository
from storage.ssb_15f import keep_not_in_15f
from storage.ssb_15f import read_document as read_15f_document
from storage.ssb_v4 import (
    ETTERVERN,
    FLYTTING,
    MELDING,
    NOT_STORED,
    NOTE,
    PLAN,
    REJECTED,
    SAK,
    TILTAK,
    UNDERSOKELSE,
    UTFORT,
    VEDTAK,
    Avgiver,
    Finding,
    V4Case,
    is_akutt_hjemmel,
    provisional_to,
    read_case,
)
from storage.ssb_v4_write import IdSource, export_case
from storage.ssb_xml import SsbFileReader, SsbFormat, safe_name, write_documents

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

#: The name a new child gets: Barnevern v4 does not carry names.
MISSING_NAME = "Navn mangler (SSB-import)"
#: The first year an export can be for (the SSB code lists begin 2013).
FIRST_YEAR = 2013
EXPORT_PROFILE = "ssb-v4"

#: Model type ↔ SSB element name, and the order parts are written in (a part after those it
#: points to: undersøkelse → melding, tiltak → vedtak, besøk → tiltak).
_SSB_TYPE: dict[type, str] = {Melding: MELDING, Vedtak: VEDTAK, Plan: PLAN,
                              Ettervern: ETTERVERN, Undersokelse: UNDERSOKELSE, Tiltak: TILTAK,
                              Besok: UTFORT, Flytting: FLYTTING}
_STAGES: tuple[tuple[type, ...], ...] = ((Melding, Vedtak, Plan, Ettervern, Flytting),
                                         (Undersokelse, Tiltak), (Besok,))
_PART_FIELD = {Melding: "meldinger", Undersokelse: "undersokelser", Vedtak: "vedtak",
               Tiltak: "tiltak", Plan: "planer", Besok: "besok", Ettervern: "ettervern",
               Flytting: "flyttinger"}
_LABEL = {MELDING: "meldinger", UNDERSOKELSE: "undersøkelser", VEDTAK: "vedtak",
          TILTAK: "tiltak", PLAN: "planer", ETTERVERN: "ettervern", UTFORT: "besøk",
          FLYTTING: "flyttinger"}


# --- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseChange:
    """One case a file adds or changes: its journalnummer and SSB Id, the stored case (None for a
    new child), and how many parts of each kind (SSB element name) are added and changed."""

    journalnummer: str
    ssb_id: str
    sak_id: int | None
    added: dict[str, int]
    changed: dict[str, int]
    sak_changed: bool = False
    relinked: bool = False
    #: how a case without a known SSB Id was found: "journalnummer", "fødselsnummer",
    #: "DUF-nummer" ("" for a new child or a case found by its SSB Id)
    matched_on: str = ""
    #: parts registered here that the file's parts were matched to on content, per element
    matched: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """«2 meldinger og 1 tiltak nye, 1 undersøkelse endret» (no personal data)."""
        def counts(values: dict[str, int]) -> str:
            return ", ".join(f"{n} {_LABEL.get(k, k.lower())}" for k, n in sorted(values.items()))

        parts = []
        if self.matched_on:
            parts.append(f"koblet til saken på {self.matched_on}")
        if self.matched:
            parts.append(f"koblet til registrerte: {counts(self.matched)}")
        if self.sak_changed:
            parts.append("saken endret")
        if self.added:
            parts.append(f"nye: {counts(self.added)}")
        if self.changed:
            parts.append(f"endret: {counts(self.changed)}")
        if self.relinked and not parts:
            parts.append("koblet til SSB-Id-ene i filen")
        return "; ".join(parts)


@dataclass(frozen=True)
class ImportResult:
    """What an import would do (``dry_run``) or did (``written``)."""

    file: str
    format: str
    dry_run: bool
    documents: int
    new_cases: tuple[CaseChange, ...]
    updated_cases: tuple[CaseChange, ...]
    unchanged: int
    findings: tuple[Finding, ...]
    written: bool
    seconds: float
    ignored_members: tuple[str, ...] = ()
    #: caseworkers the import creates for new children (named by a 15F file, or «Ikke fordelt»)
    new_caseworkers: tuple[str, ...] = ()

    @property
    def rejected(self) -> tuple[Finding, ...]:
        """Elements refused: invalid, or in conflict with the register."""
        return tuple(f for f in self.findings if f.kind == REJECTED)

    @property
    def not_stored(self) -> tuple[Finding, ...]:
        """Elements and parts the model has no place for (and deletions not carried out)."""
        return tuple(f for f in self.findings if f.kind == NOT_STORED)

    @property
    def notes(self) -> tuple[Finding, ...]:
        """Stored, but worth a look (a second case for the same child, an old layout)."""
        return tuple(f for f in self.findings if f.kind == NOTE)


@dataclass(frozen=True)
class SsbExportResult:
    """A written v4 file: where, for which year, the cases in it and what was left out."""

    path: Path
    year: int
    cases: int
    left_out: int
    findings: tuple[Finding, ...]
    export_id: int
    seconds: float
    format: str = SsbFormat.V4.label


# --- planning -------------------------------------------------------------------------------------


@dataclass
class _Planned:
    """One case of the file, merged with the register: what to write."""

    v4: V4Case
    sak_id: int | None
    sak: Sak
    sak_changed: bool
    #: new parts (negative provisional ids) and changed parts (their stored ids), write order
    parts: list[Any] = field(default_factory=list)
    #: (SSB element name, id) → SSB Id for the sak and every part written or matched
    ssb: dict[tuple[str, int], str] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    #: a stored record gets another SSB Id than it has now (first import of a case made here)
    relinked: bool = False
    matched_on: str = ""
    #: parts matched on content (``service.ssb_match``), per SSB element name
    matched: dict[str, int] = field(default_factory=dict)
    matcher: PartMatcher | None = None

    @property
    def touches(self) -> bool:
        return self.sak_id is None or self.sak_changed or bool(self.parts) or self.relinked

    def change(self) -> CaseChange:
        return CaseChange(self.v4.journalnummer, self.v4.ssb_id, self.sak_id, dict(self.added),
                          dict(self.changed), self.sak_changed and self.sak_id is not None,
                          self.relinked, self.matched_on, dict(self.matched))


class _Register:
    """What the plan needs from the register, read once: cases by SSB Id and journalnummer,
    identity numbers, the stored SSB Ids."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.stored_ids = repo.ssb_ids()
        self.ids = IdSource(repo.ssb_namespace(), self.stored_ids)
        self.by_ssb: dict[str, list[int]] = {}
        for (ssb_type, local), ssb_id in self.stored_ids.items():
            if ssb_type == SAK:
                self.by_ssb.setdefault(ssb_id, []).append(local)
        self.by_jnr: dict[str, int] = {}
        self.by_number: dict[str, int] = {}
        keys = repo.case_keys()
        #: every case per fødsels- and DUF-nummer (``by_number`` keeps one)
        self.by_numbers = numbers_index(keys)
        #: the child's numbers per case (fødselsnummer, DUF-nummer)
        self.numbers_of: dict[int, tuple[str, str]] = {}
        for sak_id, jnr, fnr, duf in keys:
            self.by_jnr[jnr] = sak_id
            self.numbers_of[sak_id] = (fnr or "", duf or "")
            if (SAK, sak_id) not in self.stored_ids:  # the Id our own export gave it
                self.by_ssb.setdefault(self.ids(SAK, sak_id), []).append(sak_id)
            for number in (fnr, duf):
                if number:
                    self.by_number[number] = sak_id
        self.journal_of = {v: k for k, v in self.by_jnr.items()}


def _finding(v4: V4Case, element: str, ssb_id: str, reason: str, kind: str = REJECTED
             ) -> Finding:
    return Finding(element, ssb_id, reason, kind, v4.journalnummer)


def _match(v4: V4Case, reg: _Register) -> tuple[int | None, Finding | None]:
    """The stored case this file case is (SSB Id first, then journalnummer), or a conflict."""
    found = reg.by_ssb.get(v4.ssb_id, [])
    if len(found) > 1:
        return None, _finding(v4, SAK, v4.ssb_id, "Flere saker i registeret har samme SSB-Id; "
                              "saken er ikke importert")
    by_jnr = reg.by_jnr.get(v4.journalnummer)
    if found:
        if by_jnr is not None and by_jnr != found[0]:
            return None, _finding(v4, SAK, v4.ssb_id, "Journalnummeret brukes av en annen sak "
                                  "i registeret; saken er ikke importert")
        return found[0], None
    if by_jnr is not None:
        stored = reg.stored_ids.get((SAK, by_jnr))
        if stored is not None and stored != v4.ssb_id:
            return None, _finding(v4, SAK, v4.ssb_id, "Journalnummeret tilhører en sak med en "
                                  "annen SSB-Id i registeret; saken er ikke importert")
        if _another_child(v4.case.sak, reg.numbers_of.get(by_jnr, ("", ""))):
            return None, _finding(v4, SAK, v4.ssb_id, "Journalnummeret brukes i registeret av "
                                  "en sak for et annet barn (fødsels- eller DUF-nummeret er "
                                  "ulikt); saken er ikke importert")
        return by_jnr, None
    return None, None


def _another_child(sak: Sak, stored: tuple[str, str]) -> bool:
    """Whether the file's child and a stored case's child have different numbers of a kind
    both know (a fødselsnummer, or a DUF-nummer)."""
    return any(mine and theirs and mine != theirs
               for mine, theirs in zip((sak.fodselsnummer, sak.duf_nummer or ""), stored,
                                       strict=True))


def _merge_sak(v4: V4Case, stored: Sak | None, caseworker: Caseworker) -> Sak:
    """The file's sak over the stored one: what v4 carries replaces, a known number is never
    replaced by an unknown one; a new child gets the name and caseworker defaults."""
    f = v4.case.sak
    if stored is None:
        return replace(f, navn=MISSING_NAME, saksbehandler=caseworker.navn,
                       team=caseworker.team, id=None)
    # A 15F extract tells the case as it stood on 31.12. of its year: it never un-ends one.
    ended = (f.sluttdato or stored.sluttdato) if v4.kostra_15f else f.sluttdato
    merged = replace(stored, journalnummer=f.journalnummer, startdato=f.startdato,
                     sluttdato=ended)
    if not v4.has_person:
        return merged
    if f.fodselsnummer:
        return replace(merged, fodselsnummer=f.fodselsnummer, fodselsdato=f.fodselsdato,
                       kjonn=f.kjonn, duf_nummer=f.duf_nummer or stored.duf_nummer)
    # the file knows only a DUF-nummer: a fødselsnummer registered here stays
    keep_date = stored.fodselsdato if stored.fodselsnummer else f.fodselsdato
    return replace(merged, fodselsdato=keep_date or stored.fodselsdato,
                   kjonn=f.kjonn or stored.kjonn, duf_nummer=f.duf_nummer or stored.duf_nummer)


def _keep_unsupported(stored: Any, merged: Any) -> Any:
    """Fields Barnevern v4 does not carry keep their stored values (the local milestones'
    dates among them)."""
    if isinstance(stored, Melding):
        return replace(merged, tilbakemelding_dato=stored.tilbakemelding_dato,
                       tilbakemelding_ukjent=stored.tilbakemelding_ukjent,
                       tildelt_dato=stored.tildelt_dato)
    if isinstance(stored, Undersokelse):
        merged = replace(merged, forste_kontakt=stored.forste_kontakt)
        if merged.utvidet_dato and stored.utvidet_grunn:
            return replace(merged, utvidet_grunn=stored.utvidet_grunn)
        return merged
    if isinstance(stored, Vedtak):
        return replace(merged, akutt=stored.akutt,
                       fosterhjem_behov_dato=stored.fosterhjem_behov_dato)
    if isinstance(stored, Plan):
        return replace(merged, evalueringsintervall_mnd=stored.evalueringsintervall_mnd)
    if isinstance(stored, Tiltak):
        merged = replace(merged, oppstartsmote=stored.oppstartsmote)
        if merged.vedtak_id is None:
            return replace(merged, vedtak_id=stored.vedtak_id)
    return merged


def _problems(obj: Any, case: CaseFile, today: date, *, as_saved: bool) -> list[FieldError]:
    """What validation finds in a part (nothing when it may be stored). ``as_saved``: judged
    as a saved record, which keeps codes outside their validity period (history brought into
    an empty register); otherwise as a new entry in a form, with codes valid on its date."""
    checked = obj if as_saved or obj.id is None else replace(obj, id=None)
    if as_saved and checked.id is None:
        checked = replace(checked, id=-1)
    return validate(checked, case, today)


def _messages(obj: Any, case: CaseFile, today: date, *, as_saved: bool) -> str:
    return "; ".join(e.message for e in _problems(obj, case, today, as_saved=as_saved))


_FREQUENCY_FIELDS = frozenset({"oppfolging_hyppighet", "tilsyn_hyppighet"})


def _with_all(case: CaseFile, parts: Sequence[Any]) -> CaseFile:
    """The case with ``parts`` added, or replacing the parts with their ids."""
    if not parts:
        return case
    changes: dict[str, Any] = {}
    for part in parts:
        name = _PART_FIELD[type(part)]
        items: tuple[Any, ...] = changes.get(name, getattr(case, name))
        if any(item.id == part.id for item in items):
            items = tuple(part if item.id == part.id else item for item in items)
        else:
            items = (*items, part)
        changes[name] = items
    return replace(case, **changes)


def _plan_case(v4: V4Case, sak_id: int | None, stored: CaseFile | None, reg: _Register,
               caseworkers: CaseworkerChoice, today: date, findings: list[Finding], *,
               history: bool) -> _Planned | None:
    """Merge one file case with its stored case (if any) and validate every new or changed
    part against the case as it would stand; None when the case itself is refused.
    ``history``: the register is empty, so the file's records come in as saved records."""
    old_sak = stored.sak if stored else None
    sak = _merge_sak(v4, old_sak, caseworkers.for_new_child(v4.case.sak.saksbehandler))
    sak_changed = old_sak is None or sak != old_sak
    if sak_changed:
        problem = _messages(sak, stored or CaseFile(sak), today, as_saved=history)
        if problem:
            findings.append(_finding(v4, SAK, v4.ssb_id, f"Saken er ikke importert: {problem}"))
            return None
        numbers = {n for n in (sak.fodselsnummer, sak.duf_nummer) if n}
        if old_sak is not None:
            numbers -= {old_sak.fodselsnummer, old_sak.duf_nummer}
        other = next((reg.by_number[n] for n in numbers
                      if reg.by_number.get(n, sak_id) != sak_id), None)
        if other is not None:  # two cases for one child: the case system has them, so do we
            findings.append(_finding(v4, SAK, v4.ssb_id, "Det samme barnet (fødsels- eller "
                                     "DUF-nummer) har også sak "
                                     f"{reg.journal_of.get(other, '')}; se om sakene skal slås "
                                     "sammen", NOTE))
    plan = _Planned(v4, sak_id, replace(sak, id=sak_id if sak_id is not None else -1),
                    sak_changed)
    own_id = plan.sak.id or -1
    plan.ssb[(SAK, own_id)] = v4.ssb_id
    plan.relinked = sak_id is not None and reg.ids(SAK, sak_id) != v4.ssb_id
    current = replace(stored, sak=plan.sak) if stored else CaseFile(plan.sak)
    stored_by_id: dict[tuple[str, str], Any] = {}
    if stored is not None:
        for name in _PART_FIELD.values():
            for item in getattr(stored, name):
                ssb_type = _SSB_TYPE[type(item)]
                stored_by_id[(ssb_type, reg.ids(ssb_type, item.id))] = item
    in_file = set(v4.ssb_ids.values())
    # may be matched on content: no SSB Id is stored for it, nor does the file carry its own
    free = {id(item) for (ssb_type, own), item in stored_by_id.items()
            if own not in in_file and (ssb_type, item.id) not in reg.stored_ids}
    plan.matcher = PartMatcher(stored, lambda part: id(part) in free)
    for ssb_type, ssb_id in v4.deleted:
        if (ssb_type, ssb_id) in stored_by_id:
            findings.append(_finding(v4, ssb_type, ssb_id, "Elementet er slettet i fagsystemet, "
                                     "men slettes ikke av importen; slett det i Fristvakt om "
                                     "det skal bort", NOT_STORED))
        else:
            findings.append(_finding(v4, ssb_type, ssb_id, "Elementet er slettet i fagsystemet "
                                     "og importeres ikke", NOT_STORED))
    final: dict[int, int] = {}  # provisional id → the id it has in the plan
    for stage in _STAGES:  # parts of one stage do not depend on each other
        accepted = []
        for kind in stage:
            for obj in getattr(v4.case, _PART_FIELD[kind]):
                part = _plan_part(plan, v4, obj, current, stored_by_id, reg.ids, final, today,
                                  findings, history)
                if part is not None:
                    accepted.append(part)
        current = _with_all(current, accepted)
    return plan


def _plan_part(plan: _Planned, v4: V4Case, obj: Any, current: CaseFile,
               stored_by_id: dict[tuple[str, str], Any], ids: IdSource, final: dict[int, int],
               today: date, findings: list[Finding], history: bool) -> Any:
    """Merge, validate and record one part; returns it when it is to be written."""
    ssb_type = _SSB_TYPE[type(obj)]
    ssb_id = v4.ssb_id_of(ssb_type, obj.id)
    provisional = obj.id
    links: dict[str, Any] = {}
    if isinstance(obj, Undersokelse):
        links["melding_id"] = final.get(obj.melding_id, 0)
    elif isinstance(obj, Tiltak) and obj.vedtak_id is not None:
        links["vedtak_id"] = final.get(obj.vedtak_id)
        if links["vedtak_id"] is None:
            findings.append(_finding(v4, "Tiltak", ssb_id, "Vedtaket tiltaket hører til er "
                                     "ikke importert; tiltaket lagres uten vedtak", NOT_STORED))
    elif isinstance(obj, Besok):
        links["tiltak_id"] = final.get(obj.tiltak_id, 0)
    if not isinstance(obj, Besok):
        links["sak_id"] = plan.sak.id or -1
    changes = {k: v for k, v in links.items() if getattr(obj, k) != v}
    merged = replace(obj, **changes) if changes else obj
    old = stored_by_id.get((ssb_type, ssb_id))
    if old is None and plan.matcher is not None:  # registered here, no SSB Id: on content
        old = plan.matcher.match(merged)
        if old is not None:
            plan.matched[ssb_type] = plan.matched.get(ssb_type, 0) + 1
    if old is not None:
        merged = _keep_unsupported(old, replace(merged, id=old.id))
        if v4.kostra_15f:
            merged = keep_not_in_15f(old, merged)
        final[provisional] = old.id  # the stored part stays, changed or not
        plan.ssb[(ssb_type, old.id)] = ssb_id
        plan.relinked = plan.relinked or ids(ssb_type, old.id) != ssb_id
        if merged == old:
            return None
    as_saved = history or old is not None
    problems = _problems(merged, current, today, as_saved=as_saved)
    if (isinstance(merged, Tiltak) and problems
            and {p.field for p in problems} <= _FREQUENCY_FIELDS):
        # a visit frequency the model cannot hold: the measure itself is still stored
        findings.append(_finding(v4, "Tiltak/Hyppighet", ssb_id, "Hyppigheten lagres ikke: "
                                 f"{problems[0].message}", NOT_STORED))
        merged = replace(merged, oppfolging_hyppighet=(), tilsyn_hyppighet=())
        if old is not None and merged == old:
            return None
        problems = _problems(merged, current, today, as_saved=as_saved)
    if problems:
        what = "Ikke importert" if old is None else "Endringen er ikke importert"
        findings.append(_finding(v4, ssb_type, ssb_id,
                                 f"{what}: {'; '.join(p.message for p in problems)}"))
        return None
    if old is None:
        final[provisional] = provisional
        plan.ssb[(ssb_type, provisional)] = ssb_id
        plan.added[ssb_type] = plan.added.get(ssb_type, 0) + 1
        if isinstance(obj, Vedtak) and is_akutt_hjemmel(obj.lovhjemmel):
            findings.append(_finding(v4, VEDTAK, ssb_id, "Akuttvedtak: tidspunktet, oversendelsen "
                                     "til nemnda og begjæringen finnes ikke i Barnevern v4. "
                                     "Registrer akuttdelen i Fristvakt for å få akuttfristene.",
                                     NOT_STORED))
    else:
        plan.changed[ssb_type] = plan.changed.get(ssb_type, 0) + 1
    plan.parts.append(merged)
    return merged


def _latest_per_case(cases: Iterable[V4Case], findings: list[Finding]) -> list[V4Case]:
    """One version of each case (SSB Id): the newest extract, later in the file on a tie."""
    chosen: dict[str, V4Case] = {}
    for v4 in cases:
        other = chosen.get(v4.ssb_id)
        if other is None:
            chosen[v4.ssb_id] = v4
            continue
        keep, drop = (v4, other) if (v4.uttrekk, v4.position) >= (other.uttrekk,
                                                                   other.position) else (other, v4)
        chosen[v4.ssb_id] = keep
        findings.append(_finding(drop, SAK, drop.ssb_id, f"Saken står flere ganger i filen; "
                                 f"utgaven i dokument nr. {keep.position} (nyest) er brukt"))
    return list(chosen.values())


def _read_all(reader: SsbFileReader, progress: Progress | None, today: date
              ) -> tuple[list[V4Case], list[Finding]]:
    """Every document of the file read and mapped (no register needed, no lock held);
    ``progress`` follows the documents, for 15F the individer; ``today`` (the register's)
    dates a 15F file's fødselsnumre."""
    findings: list[Finding] = []
    cases: list[V4Case] = []
    for done, doc in enumerate(reader, start=1):
        if doc.format is SsbFormat.KOSTRA_15F:  # one document, every child of the municipality
            individer, display = read_15f_document(doc, today, progress)
            reader.display_ids.update(display)
            cases.extend(individer)
            findings.extend(f for c in individer for f in c.findings)
            continue
        v4 = read_case(doc)
        cases.append(v4)
        findings.extend(v4.findings)
        if v4.legacy:
            findings.append(_finding(v4, SAK, v4.ssb_id, "Dokumentet har barnets personalia "
                                     "på Sak (eldre v4-oppsett, som i SSBs eksempler); lest "
                                     "som Personalia", NOTE))
        if progress is not None and (done % 250 == 0 or done == reader.count):
            progress(done, reader.count)
    return cases, findings


#: Above this many matched cases they are loaded in one sweep rather than one by one.
BULK_LOAD_CASES = 200


def _plan_all(reg: Register, cases: list[V4Case], caseworkers: CaseworkerChoice,
              findings: list[Finding]) -> tuple[list[_Planned], int]:
    """Match and plan every case of the file against the register as it is now (inside the
    caller's snapshot or write transaction): (plans, unchanged cases)."""
    repo = reg.repository_for_report()
    known = _Register(repo)
    history = not known.by_jnr  # an empty register: the file's records come in as saved
    today = reg.today()
    matched: list[tuple[V4Case, int | None, str]] = []
    seen_jnr: dict[str, str] = {}
    for v4 in _latest_per_case(cases, findings):
        if v4.deleted_case:
            findings.append(_finding(v4, SAK, v4.ssb_id, "Saken er slettet i fagsystemet; den "
                                     "importeres ikke (og slettes ikke i Fristvakt)",
                                     NOT_STORED))
            continue
        if seen_jnr.setdefault(v4.journalnummer, v4.ssb_id) != v4.ssb_id:
            findings.append(_finding(v4, SAK, v4.ssb_id, "En annen sak i filen har samme "
                                     "journalnummer; saken er ikke importert"))
            continue
        sak_id, conflict = _match(v4, known)
        if conflict is not None:
            findings.append(conflict)
        elif sak_id is None and not v4.has_person:
            findings.append(_finding(v4, SAK, v4.ssb_id, "Saken har ingen Personalia (fødsels- "
                                     "eller DUF-nummer); et nytt barn kan ikke registreres "
                                     "uten, så saken er ikke importert"))
        else:
            how = "" if sak_id is None or v4.ssb_id in known.by_ssb else "journalnummer"
            matched.append((v4, sak_id, how))
    matched = _match_numbers(matched, known, findings)
    wanted = [sak_id for _, sak_id, _ in matched if sak_id is not None]
    stored: dict[int, CaseFile] = (
        {c.sak.id or 0: c for c in repo.iter_cases()} if len(wanted) > BULK_LOAD_CASES
        else {sak_id: repo.case(sak_id) for sak_id in wanted})
    plans: list[_Planned] = []
    unchanged = 0
    for v4, sak_id, how in matched:
        plan = _plan_case(v4, sak_id, stored.get(sak_id) if sak_id is not None else None,
                          known, caseworkers, today, findings, history=history)
        if plan is None:
            continue
        plan.matched_on = how
        if not plan.touches:
            unchanged += 1
            continue
        plans.append(plan)
        if sak_id is None:  # a later case of the file with the same number is a duplicate
            for number in (plan.sak.fodselsnummer, plan.sak.duf_nummer):
                if number:
                    known.by_number[number] = -len(plans)
                    known.journal_of[-len(plans)] = plan.sak.journalnummer
    return plans, unchanged


def _match_numbers(matched: list[tuple[V4Case, int | None, str]], known: _Register,
                   findings: list[Finding]) -> list[tuple[V4Case, int | None, str]]:
    """Cases of the file found neither by SSB Id nor by journalnummer, matched on the child's
    fødsels- or DUF-nummer to a case registered here that no SSB Id is linked to and no other
    case of the file has matched (``service.ssb_match``)."""
    taken = {sak_id for _, sak_id, _ in matched if sak_id is not None}
    taken |= {local for ssb_type, local in known.stored_ids if ssb_type == SAK}
    result = []
    for v4, sak_id, how in matched:
        if sak_id is None:
            f = v4.case.sak
            sak_id, how = match_on_number({"fodselsnummer": f.fodselsnummer,
                                           "duf_nummer": f.duf_nummer}, known.by_numbers, taken)
            if sak_id is not None:
                taken.add(sak_id)
                old = known.journal_of.get(sak_id, "")
                if old != v4.journalnummer:
                    findings.append(_finding(
                        v4, SAK, v4.ssb_id, f"Saken er koblet til sak {old}, registrert i "
                        f"Fristvakt, på barnets {how}; journalnummeret blir "
                        f"{v4.journalnummer} som i fagsystemet", NOTE))
        result.append((v4, sak_id, how))
    return result


# --- writing --------------------------------------------------------------------------------------


def _write_bulk(reg: Register, plans: Sequence[_Planned], created: Sequence[Caseworker]
                ) -> list[tuple[str, int, str]]:
    """New children into an empty register: real ids assigned here, one bulk import."""
    counters: dict[str, int] = {}
    cases, rows = [], []
    for sak_id, plan in enumerate(plans, start=1):
        new_ids: dict[int, int] = {}
        for part in plan.parts:
            name = _PART_FIELD[type(part)]
            counters[name] = counters.get(name, 0) + 1
            new_ids[part.id] = counters[name]
        parts: dict[str, list[Any]] = {name: [] for name in _PART_FIELD.values()}
        for part in plan.parts:
            parts[_PART_FIELD[type(part)]].append(part)
        records: dict[str, Any] = {k: tuple(v) for k, v in parts.items()}
        draft = CaseFile(plan.sak, **records)
        cases.append(provisional_to(draft, new_ids, sak_id))
        for (ssb_type, local), ssb_id in plan.ssb.items():
            rows.append((ssb_type, sak_id if ssb_type == SAK else new_ids[local], ssb_id))
    reg.import_cases(cases, created)
    return rows


def _write_case(reg: Register, plan: _Planned) -> list[tuple[str, int, str]]:
    """One new or changed case through ``Register.save_many`` (validation, deadline refresh and
    an audit row per record), parts after those they point to."""
    real: dict[int, int] = {}
    sak_id = plan.sak_id
    if plan.sak_changed:
        saved_sak = reg.save(replace(plan.sak, id=sak_id))
        sak_id = saved_sak.id
    assert sak_id is not None
    real[-1] = sak_id

    def fixed(part: Any) -> Any:
        changes: dict[str, Any] = {}
        if not isinstance(part, Besok):
            changes["sak_id"] = sak_id
        for link in ("melding_id", "vedtak_id", "tiltak_id"):
            value = getattr(part, link, None)
            if value is not None and value < 0:
                changes[link] = real[value]
        if part.id < 0:
            changes["id"] = None
        return replace(part, **changes)

    for stage in _STAGES:
        batch: list[Any] = [p for p in plan.parts if isinstance(p, stage)]
        if not batch:
            continue
        saved: list[Any] = reg.save_many([fixed(p) for p in batch])
        for before, after in zip(batch, saved, strict=True):
            real[before.id] = after.id
    return [(ssb_type, sak_id if ssb_type == SAK else (real[local] if local < 0 else local),
             ssb_id) for (ssb_type, local), ssb_id in plan.ssb.items()]


# --- the use cases --------------------------------------------------------------------------------


@guarded
def import_ssb(reg: Register, path: str | Path, dry_run: bool = False, *,
               saksbehandler: str | None = None, max_bytes: int | None = None,
               progress: Progress | None = None) -> ImportResult:
    """Import a Barnevern v4 file (one document, or a zip of them); see the module docstring.

    ``saksbehandler`` is the caseworker every new child gets (an existing one); without it a
    new child gets the caseworker its 15F file names, else «Ikke fordelt» — created when the
    register lacks it (``service.ssb_caseworkers``; ``new_caseworkers`` in the result).
    ``progress(done, total)`` follows the documents read (for 15F, the individer mapped).
    Raises ``SsbFileError`` (one Norwegian sentence, nothing written) for a file that cannot be
    read, ``AccessDenied`` without the import permission, ``ValueError`` for an unknown
    caseworker.
    """
    reg._require(Action.IMPORT)
    started = time.perf_counter()
    reader = (SsbFileReader(path) if max_bytes is None
              else SsbFileReader(path, max_bytes=max_bytes))
    caseworkers = CaseworkerChoice(reg.caseworkers(), saksbehandler)
    cases, findings = _read_all(reader, progress, reg.today())
    repo = reg.repository_for_report()
    if dry_run:
        with repo.snapshot():
            plans, unchanged = _plan_all(reg, cases, caseworkers, findings)
    else:
        with reg._writing():  # planned and written against the same state of the register
            plans, unchanged = _plan_all(reg, cases, caseworkers, findings)
            created = caseworkers.missing(p.sak.saksbehandler for p in plans if p.sak_id is None)
            result = _result(path, reader, cases, plans, unchanged, findings, dry_run, started)
            _write(reg, plans, created, result, reader, cases)
    created = caseworkers.missing(p.sak.saksbehandler for p in plans if p.sak_id is None)
    result = replace(_result(path, reader, cases, plans, unchanged, findings, dry_run, started),
                     written=not dry_run, new_caseworkers=tuple(c.navn for c in created))
    log.info("SSB-import%s: %d dokumenter, %d nye saker, %d oppdaterte, %d uendret, %d avvist, "
             "%d ikke lagret på %.1f s", " (tørrkjøring)" if dry_run else "", result.documents,
             len(result.new_cases), len(result.updated_cases), result.unchanged,
             len(result.rejected), len(result.not_stored), result.seconds)
    return result


_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_PERSON_NUMBER = re.compile(r"\d{11,}")  # a fødselsnummer (11 digits) or DUF-nummer (12)


def _shown(text: str) -> str:
    """A file's Id or journalnummer as a report may show it: a run of 11 or more digits (a
    child's number typed into it) starred out; SSB's v4 Ids (UUIDs) as they are."""
    if _UUID.fullmatch(text):
        return text
    return _PERSON_NUMBER.sub(lambda m: "*" * len(m.group()), text)


def _result(path: str | Path, reader: SsbFileReader, cases: Sequence[V4Case],
            plans: Sequence[_Planned], unchanged: int, findings: Sequence[Finding],
            dry_run: bool, started: float) -> ImportResult:
    shown = reader.display_ids  # a 15F element is named by the file's own Id
    # An Id or journalnummer is the file's text: a fødselsnummer in it never shows.
    findings = [replace(f, ssb_id=_shown(shown.get(f.ssb_id, f.ssb_id)),
                        journalnummer=_shown(f.journalnummer)) for f in findings]
    changes = [replace(c, journalnummer=_shown(c.journalnummer), ssb_id=_shown(c.ssb_id))
               for c in (p.change() for p in plans)]
    return ImportResult(safe_name(Path(path).name), reader.format.label, dry_run, len(cases),
                        tuple(c for c in changes if c.sak_id is None),
                        tuple(c for c in changes if c.sak_id is not None), unchanged,
                        tuple(findings), False, time.perf_counter() - started,
                        tuple(reader.ignored))


def _write(reg: Register, plans: Sequence[_Planned], created: Sequence[Caseworker],
           result: ImportResult, reader: SsbFileReader, cases: Sequence[V4Case]) -> None:
    """New caseworkers, cases, SSB Ids, avgiver and the audit row (in the caller's
    transaction)."""
    repo = reg.repository_for_report()
    for caseworker in created:
        reg.save_caseworker(caseworker)
    rows: list[tuple[str, int, str]] = []
    if plans and not repo.stats()["saker"]:  # history into an empty register (all new)
        rows = _write_bulk(reg, plans, created)
    else:
        for plan in plans:
            rows.extend(_write_case(reg, plan))
    repo.set_ssb_ids(rows)
    avgiver = next((c.avgiver for c in reversed(cases) if not c.avgiver.problems()), None)
    if avgiver is not None:
        repo.set_ssb_avgiver(avgiver.as_dict())
    reg.audit_in("import", objekt=result.file, format=EXPORT_PROFILE,
                 dokumenter=result.documents, nye_saker=len(result.new_cases),
                 oppdaterte_saker=len(result.updated_cases), uendret=result.unchanged,
                 avvist=len(result.rejected), ikke_lagret=len(result.not_stored),
                 merknader=len(result.notes), ignorerte_filer=len(reader.ignored),
                 nye_saksbehandlere=len(created))


def check_year(year: int, today: date) -> int:
    """ValueError (Norwegian) for a year an SSB export cannot be for."""
    if not FIRST_YEAR <= year <= today.year:
        raise ValueError(f"Året må være mellom {FIRST_YEAR} og {today.year}, ikke {year}")
    return year


def export_target(path: str | Path) -> Path:
    """The file an export writes (``.zip``, or ``.xml`` for one case); ``SsbFileError`` for
    another type, a folder or a missing folder."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise SsbFileError(f"«{safe_name(str(target))}» er en mappe; oppgi et filnavn som slutter "
                           "på .zip")
    if target.suffix.lower() not in (".zip", ".xml"):
        given = f"«{target.suffix}»" if target.suffix else "uten filendelse"
        raise SsbFileError(f"SSB-filen skrives som .zip (mange saker) eller .xml (én sak), ikke "
                           f"{given}")
    if not target.parent.is_dir():
        raise SsbFileError(f"Mappen «{safe_name(str(target.parent))}» finnes ikke")
    return target


def chosen_avgiver(repo: Repository, avgiver: Avgiver | None) -> Avgiver:
    """The avgiver given, else the register's (last import or export); ValueError (Norwegian)
    when there is none or it cannot be written."""
    stored = repo.ssb_avgiver()
    chosen = avgiver or (Avgiver.from_dict(stored) if stored else None)
    if chosen is None:
        raise ValueError("Oppgi avgiver (kommunenummer, kommunenavn og "
                         "organisasjonsnummer); registeret har ingen fra før")
    problems = chosen.problems()
    if problems:
        raise ValueError(f"Avgiveren kan ikke brukes: {'; '.join(problems)}")
    return chosen


@guarded
def export_ssb(reg: Register, path: str | Path, year: int, *, avgiver: Avgiver | None = None,
               fmt: str = "v4", source: str = "kommandolinje",
               now: Callable[[], datetime] | None = None) -> SsbExportResult:
    """Write the cases of ``year`` (open at some time in it) as Barnevern v4 documents, or with
    ``fmt="15f"`` as one KOSTRA Barnevern (15F) file (``service.ssb_15f.export_15f``).

    ``avgiver`` is the municipality (remembered for the next export); without it the one of the
    last import or export is used. Every document is validated against the XSD before anything
    is written; a case the XSD would refuse is left out and reported. The export is logged
    (eksportlogg and audit row) in the transaction that writes the file. Raises ValueError for
    a year, format or avgiver that cannot be used, ``SsbFileError`` for the target file.
    """
    started = time.perf_counter()
    reg._require(Action.EXPORT)
    if fmt.lower() in ("15f", "kostra"):
        from service.ssb_15f import export_15f  # builds on this module (no import cycle)

        return export_15f(reg, path, year, avgiver=avgiver, source=source)
    if fmt.lower() != "v4":
        raise ValueError(f"Ukjent format «{fmt}» (velg v4 eller 15f)")
    check_year(year, reg.today())
    target = export_target(path)
    repo = reg.repository_for_report()
    first, last = date(year, 1, 1), date(year, 12, 31)
    with repo.snapshot():
        chosen = chosen_avgiver(repo, avgiver)
        ids = IdSource(repo.ssb_namespace(), repo.ssb_ids())
        moment = (now or (lambda: datetime.now().astimezone()))()
        exported = [export_case(case, ids, chosen, moment) for case in repo.iter_cases()
                    if case.sak.startdato <= last
                    and (case.sak.sluttdato is None or case.sak.sluttdato >= first)]
    documents = [(f"{e.ssb_id}.xml", e.data) for e in exported if e.data is not None]
    if not documents:
        raise ValueError(f"Registeret har ingen saker i {year} som kan skrives")
    if target.suffix.lower() == ".xml" and len(documents) != 1:
        raise SsbFileError(f"Barnevern v4 har én sak per XML-dokument; {len(documents)} saker "
                           "skrives som et zip-arkiv (velg et filnavn som slutter på .zip)")
    findings = tuple(f for e in exported for f in e.findings)
    left_out = len(exported) - len(documents)
    valg = {"format": "v4", "aar": year, "saker": len(documents), "utelatt": left_out,
            "kilde": source}
    with repo.logged_export(EXPORT_PROFILE, first, last, valg,
                            str(target.resolve())) as export_id:
        reg.audit_in("eksport", objekt=safe_name(target.name), profil=EXPORT_PROFILE,
                     periode=str(year), saker=len(documents), utelatt=left_out,
                     eksport_id=export_id)
        if avgiver is not None:
            repo.set_ssb_avgiver(avgiver.as_dict())
        write_documents(target, documents)
    seconds = time.perf_counter() - started
    log.info("SSB-eksport for %d: %d saker skrevet, %d utelatt på %.1f s", year, len(documents),
             left_out, seconds)
    return SsbExportResult(target, year, len(documents), left_out, findings, export_id, seconds)
