"""SSB code lists (kodelister) for the national child welfare register.

The lists are data shipped with the program in ``resources/kodelister.json``, generated from
Statistics Norway's ``Kodelister.md`` by ``tools/build_kodelister.py``. Codes carry their own
validity period: a retired code can no longer be chosen for new entries but still labels and
validates existing ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "CODE_LISTS_PATH",
    "FOSTERHJEM_CODES",
    "INSTITUSJON_CODES",
    "KNOWN_KEYS",
    "PLACEMENT_CODES",
    "Code",
    "CodeList",
    "CodeListError",
    "check_code",
    "code_list",
    "kategori_group",
    "kategori_group_label",
    "load_code_lists",
    "parse_code_lists",
    "read_code_lists",
]

CODE_LISTS_PATH = Path(__file__).resolve().parent.parent / "resources" / "kodelister.json"

KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "melder",
        "saksinnhold",
        "melding_konklusjon",
        "undersokelse_konklusjon",
        "utvidet_frist",
        "plantype",
        "tiltak_kategori",
        "opphevelse",
        "vedtak_status",
        "vedtak_krav_konklusjon",
        "ettervern_konklusjon",
        "medvirkning",
        "flytting_arsak_fra",
        "flytting_til",
    }
)

#: SSB "Plasseringstiltak" (Kravspesifikasjon): Tiltak/Kategori codes that are placements.
PLACEMENT_CODES: frozenset[str] = frozenset(
    {"1.1", "1.2", "1.99", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.99", "8.2"}
)
#: Foster homes incl. emergency (beredskapshjem) and temporary homes; used for visit rules.
FOSTERHJEM_CODES: frozenset[str] = frozenset({"2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.99"})
#: Institution placements.
INSTITUSJON_CODES: frozenset[str] = frozenset({"1.1", "1.2", "1.99"})

_CODE_FIELDS = (
    "kode",
    "navn",
    "gyldig_fra",
    "gyldig_til",
    "krever_presisering",
    "selectable",
    "gruppe",
)


class CodeListError(ValueError):
    """The code-list data file is missing or broken."""


def _format_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Code:
    """One code in an SSB code list."""

    kode: str
    navn: str
    gyldig_fra: date | None
    gyldig_til: date | None
    krever_presisering: bool
    selectable: bool
    gruppe: str | None
    offentlig: bool | None = None

    def valid_on(self, day: date) -> bool:
        """True if the code can be chosen on ``day``: selectable and within its validity."""
        if not self.selectable:
            return False
        if self.gyldig_fra is not None and day < self.gyldig_fra:
            return False
        return self.gyldig_til is None or day <= self.gyldig_til

    @property
    def label(self) -> str:
        """``"kode navn"`` for display."""
        return f"{self.kode} {self.navn}"


@dataclass(frozen=True)
class CodeList:
    """An immutable, ordered code list."""

    key: str
    title: str
    codes: tuple[Code, ...]
    ssb_sti: str = ""
    _index: Mapping[str, Code] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(self.codes))
        object.__setattr__(self, "_index", MappingProxyType({c.kode: c for c in self.codes}))

    def get(self, kode: str) -> Code:
        """The code ``kode``; ``KeyError`` (Norwegian message) if the list has no such code."""
        try:
            return self._index[kode]
        except KeyError:
            raise KeyError(f"Ukjent kode '{kode}' i kodeliste {self.title}") from None

    def __contains__(self, kode: object) -> bool:
        return isinstance(kode, str) and kode in self._index

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def label(self, kode: str) -> str:
        """``"kode navn"``; also for retired codes; ``"kode (ukjent kode)"`` if unknown."""
        code = self._index.get(kode)
        return code.label if code is not None else f"{kode} (ukjent kode)"

    def choices(self, on: date) -> list[Code]:
        """Codes that may be chosen for a new entry on ``on``, in source order."""
        return [c for c in self.codes if c.valid_on(on)]

    def all(self) -> list[Code]:
        """All codes, including main groups and retired codes, in source order."""
        return list(self.codes)


# --- loading and validation -------------------------------------------------------------


def _parse_date(value: object, where: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CodeListError(f"{where}: dato må være tekst (ÅÅÅÅ-MM-DD) eller null")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CodeListError(f"{where}: ugyldig dato {value!r}") from None


def _parse_code(raw: object, key: str, position: int) -> Code:
    where = f"Kodeliste {key}, element {position}"
    if not isinstance(raw, dict):
        raise CodeListError(f"{where}: må være et objekt")
    missing = [name for name in _CODE_FIELDS if name not in raw]
    if missing:
        raise CodeListError(f"{where}: mangler felt {', '.join(missing)}")
    kode, navn, gruppe = raw["kode"], raw["navn"], raw["gruppe"]
    if not isinstance(kode, str) or not kode.strip() or kode != kode.strip():
        raise CodeListError(f"{where}: 'kode' må være tekst uten mellomrom rundt")
    where = f"Kodeliste {key}, kode {kode}"
    if not isinstance(navn, str) or not navn.strip():
        raise CodeListError(f"{where}: 'navn' mangler")
    if gruppe is not None and not isinstance(gruppe, str):
        raise CodeListError(f"{where}: 'gruppe' må være tekst eller null")
    for flag in ("krever_presisering", "selectable"):
        if not isinstance(raw[flag], bool):
            raise CodeListError(f"{where}: '{flag}' må være true/false")
    offentlig = raw.get("offentlig")
    if key == "melder" and not isinstance(offentlig, bool):
        raise CodeListError(f"{where}: 'offentlig' må være true/false for melder")
    if offentlig is not None and not isinstance(offentlig, bool):
        raise CodeListError(f"{where}: 'offentlig' må være true/false eller mangle")
    gyldig_fra = _parse_date(raw["gyldig_fra"], where)
    gyldig_til = _parse_date(raw["gyldig_til"], where)
    if gyldig_fra is not None and gyldig_til is not None and gyldig_fra > gyldig_til:
        raise CodeListError(f"{where}: gyldig_fra er etter gyldig_til")
    return Code(
        kode=kode,
        navn=navn,
        gyldig_fra=gyldig_fra,
        gyldig_til=gyldig_til,
        krever_presisering=raw["krever_presisering"],
        selectable=raw["selectable"],
        gruppe=gruppe,
        offentlig=offentlig,
    )


def parse_code_lists(data: object) -> dict[str, CodeList]:
    """Validate parsed JSON data and build the code lists; raises ``CodeListError``."""
    if not isinstance(data, dict) or not isinstance(data.get("lister"), dict):
        raise CodeListError("Kodelistefilen mangler 'lister'")
    raw_lists: dict[str, object] = data["lister"]
    unknown = sorted(set(raw_lists) - KNOWN_KEYS)
    if unknown:
        raise CodeListError(f"Ukjente kodelister i filen: {', '.join(unknown)}")
    missing = sorted(KNOWN_KEYS - set(raw_lists))
    if missing:
        raise CodeListError(f"Kodelister mangler i filen: {', '.join(missing)}")
    result: dict[str, CodeList] = {}
    for key, raw in raw_lists.items():
        if not isinstance(raw, dict):
            raise CodeListError(f"Kodeliste {key}: må være et objekt")
        title, koder = raw.get("title"), raw.get("koder")
        if not isinstance(title, str) or not title.strip():
            raise CodeListError(f"Kodeliste {key}: mangler tittel")
        if not isinstance(koder, list) or not koder:
            raise CodeListError(f"Kodeliste {key}: mangler koder")
        codes = [_parse_code(item, key, i) for i, item in enumerate(koder)]
        seen: set[str] = set()
        for code in codes:
            if code.kode in seen:
                raise CodeListError(f"Kodeliste {key}: koden {code.kode} forekommer flere ganger")
            seen.add(code.kode)
        sti = raw.get("ssb_sti", "")
        result[key] = CodeList(
            key=key, title=title, codes=tuple(codes), ssb_sti=sti if isinstance(sti, str) else ""
        )
    tiltak = result["tiltak_kategori"]
    absent = sorted(PLACEMENT_CODES - {c.kode for c in tiltak.codes})
    if absent:
        raise CodeListError(
            f"Kodeliste tiltak_kategori mangler plasseringskoder: {', '.join(absent)}"
        )
    return result


def read_code_lists(path: Path) -> dict[str, CodeList]:
    """Read and validate a code-list JSON file (uncached); raises ``CodeListError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CodeListError(f"Kan ikke lese kodelistefilen {path.name}: {exc.strerror}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CodeListError(
            f"Kodelistefilen {path.name} er ikke gyldig JSON "
            f"(linje {exc.lineno}, kolonne {exc.colno})"
        ) from exc
    return parse_code_lists(data)


@lru_cache(maxsize=1)
def _cached_lists() -> Mapping[str, CodeList]:
    return MappingProxyType(read_code_lists(CODE_LISTS_PATH))


def load_code_lists() -> dict[str, CodeList]:
    """All code lists from the shipped data file, validated once and cached."""
    return dict(_cached_lists())


def code_list(key: str) -> CodeList:
    """The code list ``key`` (e.g. ``"melder"``); ``KeyError`` for an unknown list."""
    lists = _cached_lists()
    if key not in lists:
        raise KeyError(f"Ukjent kodeliste '{key}'")
    return lists[key]


def check_code(key: str, kode: str, on: date, *, existing: bool = False) -> str | None:
    """Check ``kode`` in list ``key`` on date ``on``; ``None`` if OK, else a Norwegian message.

    New entries (``existing=False``) need a code that is valid on ``on``. Existing entries
    keep retired (or not yet valid) codes, but a main group is never a valid value.
    """
    codes = code_list(key)
    if kode not in codes:
        return f"Ukjent kode '{kode}' i kodeliste {codes.title}"
    code = codes.get(kode)
    if not code.selectable:
        return f"Koden {kode} ({code.navn}) er en hovedgruppe og kan ikke velges"
    if existing or code.valid_on(on):
        return None
    if code.gyldig_fra is not None and on < code.gyldig_fra:
        return f"Koden {kode} ({code.navn}) er ikke gyldig før {_format_date(code.gyldig_fra)}"
    assert code.gyldig_til is not None
    return (
        f"Koden {kode} ({code.navn}) utgikk {_format_date(code.gyldig_til)} "
        "og kan ikke brukes for nye registreringer"
    )


def kategori_group(kode: str) -> str:
    """Main group of a Tiltak/Kategori code: ``"2.3"`` -> ``"2"``; ``KeyError`` if unknown."""
    codes = code_list("tiltak_kategori")
    group = kode.split(".", 1)[0]
    if kode not in codes or group not in codes:
        raise KeyError(f"Ukjent kode '{kode}' i kodeliste {codes.title}")
    return group


def kategori_group_label(kode: str) -> str:
    """Name of the main group of a Tiltak/Kategori code, e.g. ``"2.3"`` -> ``"Fosterhjem"``."""
    return code_list("tiltak_kategori").get(kategori_group(kode)).navn
