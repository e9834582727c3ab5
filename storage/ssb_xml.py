"""SSB's barnevern files read as untrusted input, and written: format, safety, XSD validation.

Two formats reach SSB (issue #10): **Barnevern v4** (one ``<Barnevern>`` document per case, from
the case systems through Fiks) and the yearly **KOSTRA Barnevern (15F)** extract. Both have the
root element ``Barnevern`` without a namespace; ``detect_format`` tells them apart by what is under
it. A 15F file is one document for the whole municipality (``storage.ssb_15f`` maps it).

A file is one v4 document or a zip archive of them (``*.xml`` members): the v4 schema allows one
``Sak`` per document, so a municipality's extract is many documents. Reading is defensive:

* the size is checked before anything is read (``MAX_FILE_BYTES``, also the archive's total);
* the parser resolves no entities, loads no DTD and opens no network; a document with a
  DOCTYPE (the "billion laughs" bomb and its kin) is refused before it is parsed;
* the encoding is the one the document declares (the XML declaration, or UTF-8/UTF-16);
* every document is validated against SSB's XSD from ``resources/ssb`` (libxml2 through lxml,
  the schema loaded once).

Every failure is one ``SsbFileError`` with a Norwegian sentence that names the file, the line and
the element, never a value from the file (a fødselsnummer must not end up in a message or a log).
"""

from __future__ import annotations

import functools
import io
import re
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from storage.errors import SsbFileError
from storage.files import atomic_write

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "ssb"
V4_SCHEMA_PATH = RESOURCES / "barnevern-v4" / "Barnevern_v4.xsd"
KOSTRA_15F_SCHEMA_PATH = RESOURCES / "kostra-15f" / "KostraBarnevern.xsd"

#: Larger files are refused before they are read (an Oslo extract is about a tenth of this).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Most documents an archive may hold (Oslo has about 20,000 cases).
MAX_DOCUMENTS = 200_000
#: How far into a document a DOCTYPE is looked for before parsing (the prolog).
PROLOG_BYTES = 64 * 1024

#: v4 documents of SSB's own examples carry the person on ``Sak`` (before Personalia, 2.0.0).
LEGACY_PERSON_ATTRIBUTES = ("Fodselsnummer", "Fodseldato", "Kjonn", "DUFnummer")
_LEGACY_NAMESPACE = uuid.UUID("6f1c2f55-0d53-4b8e-9a4e-3c1f0b6f2a10")

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_DOCTYPE_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY")
                         for enc in ("ascii", "utf-16-le", "utf-16-be"))


class SsbFormat(StrEnum):
    """The two formats of SSB's barnevern statistics."""

    V4 = "v4"
    KOSTRA_15F = "15f"

    @property
    def label(self) -> str:
        return "Barnevern v4" if self is SsbFormat.V4 else "KOSTRA Barnevern (15F)"


@dataclass(frozen=True)
class SsbDocument:
    """One validated v4 document: its position in the file (1-based) and its root element.

    ``legacy`` is set when the person was read from ``Sak`` (the pre-Personalia layout of SSB's
    examples) and moved into a ``Personalia`` element before validation."""

    position: int
    root: Any  # lxml.etree._Element
    legacy: bool = False
    format: SsbFormat = SsbFormat.V4


# --- names and messages ---------------------------------------------------------------------------

_LONG_DIGITS = re.compile(r"\d{6,}")


def safe_name(name: str) -> str:
    """A file or element name fit for a message: runs of six or more digits (a fødselsnummer,
    DUF-nummer or birth date in a name) are starred out, and it is shortened."""
    text = _LONG_DIGITS.sub(lambda m: "*" * len(m.group()), name)
    return text if len(text) <= 80 else text[:77] + "..."


def _where(path: Path, position: int | None, in_archive: bool) -> str:
    where = f"Filen «{safe_name(path.name)}»"
    return f"{where} (dokument nr. {position} i arkivet)" if in_archive and position else where


# --- reading --------------------------------------------------------------------------------------


class SsbFileReader:
    """The validated v4 documents of a file, read one at a time (``for doc in reader``).

    Construction checks the file (exists, not empty, not too large, what kind); iteration parses
    and validates each document and raises ``SsbFileError`` at the first bad one. ``ignored``
    lists archive members that are not XML documents (their names made safe). ``upgrade_legacy``
    accepts the pre-Personalia layout of SSB's own examples (see ``SsbDocument.legacy``).
    """

    def __init__(self, path: str | Path, *, max_bytes: int = MAX_FILE_BYTES,
                 upgrade_legacy: bool = True) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.upgrade_legacy = upgrade_legacy
        self.ignored: list[str] = []
        name = safe_name(self.path.name)
        try:
            size = self.path.stat().st_size
            if self.path.is_dir():
                raise SsbFileError(f"«{name}» er en mappe, ikke en fil")
        except FileNotFoundError:
            raise SsbFileError(f"Fant ikke filen «{name}»") from None
        except OSError as e:
            raise SsbFileError(f"Kan ikke lese filen «{name}»: "
                               f"{e.strerror or 'ingen tilgang'}") from None
        if size == 0:
            raise SsbFileError(f"Filen «{name}» er tom (0 byte) og er ikke en SSB-fil")
        if size > max_bytes:
            raise SsbFileError(f"Filen «{name}» er for stor ({_mb(size)}); Fristvakt leser "
                               f"SSB-filer på høyst {_mb(max_bytes)}. Del uttrekket i flere "
                               "filer.")
        self.size = size
        with self._open() as handle:
            self.is_archive = handle.read(4) in _ZIP_MAGIC
        self._members = self._list_archive() if self.is_archive else []
        #: How many documents the file holds (known before they are read: a progress total).
        self.count = len(self._members) if self.is_archive else 1
        #: The format of the documents read so far (v4 until a 15F document is read).
        self.format = SsbFormat.V4
        #: For a 15F file: the file's own Id of every UUID its elements are given (filled in by
        #: the caller that maps the documents, for messages).
        self.display_ids: dict[str, str] = {}

    def _open(self) -> Any:
        try:
            return open(self.path, "rb")
        except OSError as e:
            raise SsbFileError(f"Kan ikke lese filen «{safe_name(self.path.name)}»: "
                               f"{e.strerror or 'ingen tilgang'}") from None

    def __iter__(self) -> Iterator[SsbDocument]:
        if self.is_archive:
            yield from self._archive()
            return
        with self._open() as handle:
            data = handle.read(self.max_bytes + 1)
        yield self._document(data, 1)

    def unvalidated(self) -> tuple[SsbFormat, Any, list[str]]:
        """A single document (a file, or the one document of an archive) read safely but not
        refused for its schema: its format, root and the XSD's complaints (for running SSB's
        controls on a file as it is). ``SsbFileError`` for an archive of several documents
        (they are read one by one, validated) or what is not XML."""
        if self.count > 1:
            raise SsbFileError(f"Filen «{safe_name(self.path.name)}» er et zip-arkiv; det "
                               "leses dokument for dokument")
        where = _where(self.path, 1, self.is_archive)
        if self.is_archive:
            data, = self._archive_data()  # the one member (count is 1)
        else:
            with self._open() as handle:
                data = handle.read(self.max_bytes + 1)
        if not data.strip():
            raise SsbFileError(f"{where} er tom og er ikke en SSB-fil")
        root = parse_xml(data, where)
        fmt = detect_format(root, where)
        if fmt is SsbFormat.V4 and self.upgrade_legacy:
            upgrade_legacy_personalia(root)
        return fmt, root, schema_errors(root, fmt)

    def _list_archive(self) -> list[zipfile.ZipInfo]:
        """The archive's XML members, its total size checked before anything is unpacked."""
        where = f"Filen «{safe_name(self.path.name)}»"
        try:
            with zipfile.ZipFile(self.path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise SsbFileError(f"{where} ser ut som et zip-arkiv, men kan ikke åpnes (skadet "
                               "eller ufullstendig)") from None
        members = []
        for info in infos:
            if info.is_dir():
                continue
            if not info.filename.lower().endswith(".xml"):
                self.ignored.append(safe_name(info.filename))
                continue
            members.append(info)
        if not members:
            raise SsbFileError(f"{where} er et zip-arkiv uten XML-filer")
        if len(members) > MAX_DOCUMENTS:
            raise SsbFileError(f"{where} har {len(members)} dokumenter; høyst {MAX_DOCUMENTS} "
                               "leses")
        if sum(info.file_size for info in members) > self.max_bytes:
            raise SsbFileError(f"{where} pakker ut til mer enn {_mb(self.max_bytes)}; "
                               "Fristvakt leser ikke så store uttrekk. Del uttrekket.")
        return members

    def _archive(self) -> Iterator[SsbDocument]:
        for position, data in enumerate(self._archive_data(), start=1):
            yield self._document(data, position)

    def _archive_data(self) -> Iterator[bytes]:
        """The archive's XML members' bytes, in order, within the size limit."""
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise SsbFileError(f"Filen «{safe_name(self.path.name)}» kan ikke åpnes lenger "
                               "(endret eller flyttet mens den ble lest)") from None
        with archive:
            left = self.max_bytes
            for position, info in enumerate(self._members, start=1):
                data = self._member(archive, info, left, position)
                left -= len(data)
                yield data

    def _member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int,
                position: int) -> bytes:
        where = _where(self.path, position, True)
        try:
            with archive.open(info) as member:
                data = member.read(left + 1)
        except RuntimeError:  # encrypted member
            raise SsbFileError(f"{where} er passordbeskyttet og kan ikke leses") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise SsbFileError(f"{where} er skadet eller pakket på en måte som ikke kan "
                               "leses") from None
        if len(data) > left:
            raise SsbFileError(f"Filen «{safe_name(self.path.name)}» pakker ut til mer enn "
                               f"{_mb(self.max_bytes)}; Fristvakt leser ikke så store uttrekk")
        return data

    def _document(self, data: bytes, position: int) -> SsbDocument:
        where = _where(self.path, position, self.is_archive)
        if len(data) > self.max_bytes:
            raise SsbFileError(f"{where} er for stor; Fristvakt leser SSB-filer på høyst "
                               f"{_mb(self.max_bytes)}")
        if not data.strip():
            raise SsbFileError(f"{where} er tom og er ikke en SSB-fil")
        root = parse_xml(data, where)
        fmt = detect_format(root, where)
        if fmt is SsbFormat.KOSTRA_15F:
            if self.is_archive and self.count > 1:
                raise SsbFileError(f"{where} er en {fmt.label}-fil i et arkiv med flere "
                                   "dokumenter; en 15F-fil er ett dokument for hele kommunen")
            validate_15f(root, where)
            self.format = fmt
            return SsbDocument(position, root, False, fmt)
        legacy = self.upgrade_legacy and upgrade_legacy_personalia(root)
        validate_v4(root, where)
        return SsbDocument(position, root, legacy)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _parser() -> Any:
    """A parser that resolves no entities, loads no DTD, opens no network (one per file: lxml
    parsers are not shared between threads)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True, collect_ids=False)


def parse_xml(data: bytes, where: str) -> Any:
    """Parse one untrusted document (``where`` starts the message): a DOCTYPE is refused before
    parsing, the encoding is the declared one. Returns the root element."""
    if any(marker in data[:PROLOG_BYTES] for marker in _DOCTYPE_MARKERS):
        raise _doctype(where)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        if any(marker in data for marker in _DOCTYPE_MARKERS):
            raise _doctype(where) from None
        line = f" (linje {e.lineno})" if getattr(e, "lineno", None) else ""
        raise SsbFileError(f"{where} er ikke gyldig XML{line}; den kan være skadet eller ha "
                           "feil tegnkoding") from None
    except (LookupError, ValueError):  # unknown encoding, or text that is not a document
        raise SsbFileError(f"{where} er ikke gyldig XML (ukjent tegnkoding eller ikke et "
                           "XML-dokument)") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise _doctype(where)
    return root


def _doctype(where: str) -> SsbFileError:
    return SsbFileError(f"{where} inneholder en dokumenttypedefinisjon (DOCTYPE/ENTITY). "
                        "SSB-filer har aldri det, så filen leses ikke (av sikkerhetshensyn).")


def detect_format(root: Any, where: str = "Filen") -> SsbFormat:
    """Barnevern v4 or KOSTRA 15F, from the root element, its namespace and its children."""
    name = etree.QName(root)
    if name.localname != "Barnevern":
        raise SsbFileError(f"{where} er ikke en barnevernsfil fra SSB (rotelementet er "
                           f"«{safe_name(name.localname)}», ikke «Barnevern»)")
    if name.namespace:
        raise SsbFileError(f"{where} har rotelementet «Barnevern» i navnerommet "
                           f"«{safe_name(name.namespace)}»; SSBs barnevernsfiler har ikke "
                           "navnerom")
    children = {etree.QName(c).localname for c in root if isinstance(c.tag, str)}
    avgiver = root.find("Avgiver")
    if "Individ" in children or (avgiver is not None and "Versjon" in avgiver.attrib):
        return SsbFormat.KOSTRA_15F
    if children & {"Sak", "Fagsystem"} or "DatoUttrekk" in root.attrib:
        return SsbFormat.V4
    raise SsbFileError(f"{where} har rotelementet «Barnevern», men verken Barnevern v4 (Sak) "
                       "eller KOSTRA 15F (Individ) kjennes igjen")


def upgrade_legacy_personalia(root: Any) -> bool:
    """Move the person from ``Sak`` into a ``Personalia`` element (the layout before SSB's 2.0.0,
    used by SSB's own v4 examples); True if the document had that layout."""
    sak = root.find("Sak")
    if sak is None or "Fodselsnummer" not in sak.attrib or sak.find("Personalia") is not None:
        return False
    values = {k: sak.attrib.pop(k) for k in LEGACY_PERSON_ATTRIBUTES if k in sak.attrib}
    person = etree.Element("Personalia")
    person.set("Id", str(uuid.uuid5(_LEGACY_NAMESPACE, f"{sak.get('Id', '')}/Personalia")))
    if "StartDato" in sak.attrib:
        person.set("StartDato", sak.get("StartDato"))
    for key, value in values.items():
        person.set(key, value)
    sak.insert(0, person)
    return True


# --- the schema -----------------------------------------------------------------------------------


@functools.cache
def v4_schema() -> Any:
    """SSB's Barnevern v4 XSD from ``resources/ssb``, loaded once."""
    try:
        return etree.XMLSchema(etree.parse(str(V4_SCHEMA_PATH), _parser()))
    except (OSError, etree.XMLSchemaParseError, etree.XMLSyntaxError):
        raise SsbFileError("SSBs filbeskrivelse (Barnevern_v4.xsd) mangler eller er skadet i "
                           "installasjonen") from None


@functools.cache
def kostra_15f_schema() -> Any:
    """SSB's KOSTRA Barnevern (15F) XSD (three files) from ``resources/ssb``, loaded once."""
    try:
        return etree.XMLSchema(etree.parse(str(KOSTRA_15F_SCHEMA_PATH), _parser()))
    except (OSError, etree.XMLSchemaParseError, etree.XMLSyntaxError):
        raise SsbFileError("SSBs filbeskrivelse for 15F (KostraBarnevern.xsd) mangler eller er "
                           "skadet i installasjonen") from None


def validate_15f(root: Any, where: str = "Filen") -> None:
    """Raise ``SsbFileError`` unless the document follows the 15F XSD."""
    problems = schema_errors(root, SsbFormat.KOSTRA_15F)
    if problems:
        more = f" (og {len(problems) - 1} feil til)" if len(problems) > 1 else ""
        raise SsbFileError(f"{where} følger ikke SSBs filbeskrivelse for KOSTRA Barnevern (15F, "
                           f"XSD): {problems[0]}{more}")


def schema_errors(root: Any, fmt: SsbFormat = SsbFormat.V4) -> list[str]:
    """The XSD's complaints about a document, in Norwegian, without any value from it."""
    schema = v4_schema() if fmt is SsbFormat.V4 else kostra_15f_schema()
    if schema.validate(root):
        return []
    return [_problem(e) for e in schema.error_log]


def validate_v4(root: Any, where: str = "Filen") -> None:
    """Raise ``SsbFileError`` unless the document follows the v4 XSD (first problem and count)."""
    problems = schema_errors(root)
    if problems:
        more = f" (og {len(problems) - 1} feil til)" if len(problems) > 1 else ""
        raise SsbFileError(f"{where} følger ikke SSBs filbeskrivelse for Barnevern v4 (XSD): "
                           f"{problems[0]}{more}")


_SUBJECT = re.compile(r"^Element '([^']+)'(?:, attribute '([^']+)')?:")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_MISSING_ATTRIBUTE = re.compile(r"The attribute '([^']+)' is required but missing")
_MISSING_CHILD = re.compile(r"Missing child element\(s\)")


def _problem(error: Any) -> str:
    """One libxml2 schema error as a Norwegian phrase: line, element, attribute, kind of fault
    (libxml2's own text quotes values, so it is never passed on)."""
    message = str(error.message)
    subject = _SUBJECT.match(message)
    parts = [f"linje {error.line}"]
    if subject:
        parts.append(f"element «{safe_name(subject.group(1))}»")
        if subject.group(2):
            parts.append(f"attributtet «{safe_name(subject.group(2))}»")
    kind = error.type_name
    if kind.startswith("SCHEMAV_CVC_COMPLEX_TYPE_3_2"):
        what = "attributtet er ikke tillatt her"
    elif (missing := _MISSING_ATTRIBUTE.search(message)) is not None:
        what = f"påkrevd attributt «{safe_name(missing.group(1))}» mangler"
    elif kind == "SCHEMAV_ELEMENT_CONTENT":
        expected = _EXPECTED.search(message)
        names = ", ".join(f"«{safe_name(n.strip())}»"
                          for n in expected.group(1).split(",")) if expected else ""
        if _MISSING_CHILD.search(message):
            what = "påkrevd underelement mangler" + (f" (ventet {names})" if names else "")
        else:
            what = "elementet er ikke ventet her" + (f" (ventet {names})" if names else "")
    elif kind == "SCHEMAV_CVC_IDC":
        what = "samme Id er brukt flere ganger"
    elif kind.startswith(("SCHEMAV_CVC_", "SCHEMAV_ATTRINVALID", "SCHEMAV_ELEMENT_")):
        what = "ugyldig verdi"
    else:
        what = "feil i forhold til filbeskrivelsen"
    return ", ".join(parts) + ": " + what


# --- values --------------------------------------------------------------------------------------


def xs_date(text: str | None) -> date | None:
    """An xs:date, any time zone dropped; None when the text is not a date."""
    value = (text or "").strip()
    if value.endswith("Z"):
        value = value[:-1]
    elif len(value) > 10 and value[-6] in "+-":
        value = value[:-6]
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# --- writing --------------------------------------------------------------------------------------


def serialize(root: Any) -> bytes:
    """One document as UTF-8 XML with its declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_documents(path: Path, documents: Sequence[tuple[str, bytes]]) -> None:
    """Write documents atomically as a 0600 file: one document as plain XML (``.xml``), any
    number as a zip archive of ``name`` members (``.zip``). ``SsbFileError`` for another file
    type or several documents in an ``.xml``."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        if len(documents) != 1:
            raise SsbFileError(f"Barnevern v4 har én sak per XML-dokument; {len(documents)} "
                               "saker skrives som et zip-arkiv (velg et filnavn som slutter "
                               "på .zip)")
        data = documents[0][1]
    elif suffix == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in documents:
                archive.writestr(name, content)
        data = buffer.getvalue()
    else:
        given = f"«{path.suffix}»" if path.suffix else "uten filendelse"
        raise SsbFileError(f"SSB-filen skrives som .zip (mange saker) eller .xml (én sak), ikke "
                           f"{given}")
    if not path.parent.is_dir():
        raise SsbFileError(f"Mappen «{safe_name(str(path.parent))}» finnes ikke")
    try:
        with atomic_write(path) as tmp:
            tmp.write_bytes(data)
    except OSError as e:
        raise SsbFileError(f"Kan ikke skrive «{safe_name(path.name)}»: "
                           f"{e.strerror or 'ingen tilgang'}") from None


# --- writing -------------------------------------------------------------------------------------


def set_attributes(el: Any, **attrs: str | None) -> Any:
    """Set the attributes that have a value (None and "" are left out, as SSB's files do)."""
    for key, value in attrs.items():
        if value is not None and value != "":
            el.set(key, value)
    return el


def sub_element(parent: Any, tag: str, **attrs: str | None) -> Any:
    """A new child element of ``parent`` with the attributes that have a value."""
    return set_attributes(etree.SubElement(parent, tag), **attrs)


def iso_date(day: date | None) -> str | None:
    """A date as SSB writes it (YYYY-MM-DD), None for no date."""
    return day.isoformat() if day is not None else None
