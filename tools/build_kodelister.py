"""Build ``resources/kodelister.json`` from SSB's ``Kodelister.md``.

Usage::

    python tools/build_kodelister.py PATH/TO/Kodelister.md [--output resources/kodelister.json]

The source is Statistics Norway's code-list documentation for the national child welfare
register (MIT licence, see ``resources/LICENSE-ssb-kodelister.md``). The tool is kept in the
tree so the JSON can be regenerated when SSB publishes a new version.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path(__file__).resolve().parent / "ssb" / "Kodelister.md"
DEFAULT_OUTPUT = PROJECT_ROOT / "resources" / "kodelister.json"
FORMAT_VERSION = 1

# key -> (SSB path as written after "Brukes på stien", Norwegian title shown to users)
LISTS: dict[str, tuple[str, str]] = {
    "melder": ("/Barnevern/Sak/Melding/Melder/@Kode", "Melder"),
    "saksinnhold": ("/Barnevern/Sak/Melding/Saksinnhold/@Kode", "Saksinnhold"),
    "melding_konklusjon": ("/Barnevern/Sak/Melding/Konklusjon/@Kode", "Konklusjon melding"),
    "undersokelse_konklusjon": (
        "/Barnevern/Sak/Undersokelse/Konklusjon/@Kode",
        "Konklusjon undersøkelse",
    ),
    "utvidet_frist": ("/Barnevern/Sak/Undersokelse/UtvidetFrist/@Innvilget", "Utvidet frist"),
    "plantype": ("/Barnevern/Sak/Plan/@Plantype", "Plantype"),
    "tiltak_kategori": ("/Barnevern/Sak/Tiltak/Kategori/@Kode", "Tiltakskategori"),
    "opphevelse": ("/Barnevern/Sak/Tiltak/Opphevelse/@Kode", "Opphevelse av tiltak"),
    "vedtak_status": ("/Barnevern/Sak/Vedtak/Status/@Kode", "Vedtaksstatus"),
    "vedtak_krav_konklusjon": ("/Barnevern/Sak/Vedtak/Krav/Konklusjon/@Kode", "Konklusjon krav"),
    "ettervern_konklusjon": ("/Barnevern/Sak/Ettervern/Konklusjon/@Kode", "Konklusjon ettervern"),
    "medvirkning": (
        "/Barnevern/Sak/Undersokelse/BarnetsMedvirkning/MedvirkningType",
        "Barnets medvirkning",
    ),
    "flytting_arsak_fra": ("/Barnevern/Sak/Flytting/ArsakFra/@Kode", "Årsak til flytting"),
    "flytting_til": ("/Barnevern/Sak/Flytting/FlyttingTil/@Kode", "Flytting til"),
}

# Private reporters (privatpersoner, frivillige, anonym). Every other reporter code is a public
# body (offentlig instans); the feedback duty to the reporter depends on this distinction.
PRIVATE_MELDER_CODES = frozenset({"1", "2", "3", "4", "21", "23"})

# Marker rows in the Saksinnhold table that only announce the new model; not a group label.
MODEL_MARKERS = frozenset({"KUNNSKAPMODELLEN", "KUNNSKAPSMODELLEN"})

# The paragraph above the Saksinnhold table: the old numeric codes end on this date.
SAKSINNHOLD_OLD_CODES_END = date(2025, 12, 31)

_USED_AT = re.compile(r"^Brukes på stien\s+(\S+)")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class BuildError(Exception):
    """The source markdown does not look as expected."""


@dataclass
class Table:
    """One markdown table with the SSB path it documents."""

    path: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Replace ``<br>`` with spaces, drop markdown ``*`` and collapse whitespace."""
    text = _BR.sub(" ", text).replace("*", "")
    return " ".join(text.split())


def split_row(line: str) -> list[str]:
    """Split a markdown table row into stripped cells."""
    inner = line.strip()
    inner = inner.removeprefix("|")
    inner = inner.removesuffix("|")
    return [cell.strip() for cell in inner.split("|")]


def parse_date(text: str, notes: list[str], where: str) -> str | None:
    """Parse ``YYYY-MM-DD`` (or empty) to ISO text, repairing swapped month/day."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise BuildError(f"{where}: unreadable date {text!r}")
    year, month, day = (int(part) for part in match.groups())
    if month > 12 and day <= 12:
        # The source has at least one date written YYYY-DD-MM ("2025-31-12" for Melding
        # Konklusjon code 1). A month above 12 can only be such a swap, so swap it back.
        notes.append(
            f"{where}: normalised swapped month/day {text} -> {year:04d}-{day:02d}-{month:02d}"
        )
        month, day = day, month
    try:
        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise BuildError(f"{where}: invalid date {text!r}") from exc


def iter_tables(lines: Iterable[str]) -> Iterator[Table]:
    """Yield every table that follows a ``Brukes på stien`` line."""
    path: str | None = None
    table: Table | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        stripped = line.strip()
        if stripped.startswith("|"):
            if path is None:
                raise BuildError(
                    f"table without a preceding 'Brukes på stien' line: {stripped[:60]}"
                )
            cells = split_row(stripped)
            if table is None:
                table = Table(path=path, header=[clean_text(c) for c in cells])
            elif all(_SEPARATOR_CELL.match(c) for c in cells if c):
                continue
            else:
                table.rows.append(cells)
            continue
        if table is not None:
            yield table
            table = None
            path = None
        match = _USED_AT.match(stripped)
        if match:
            path = match.group(1)
    if table is not None:
        yield table


def _column(header: list[str], name: str) -> int | None:
    return header.index(name) if name in header else None


def build_list(table: Table, key: str, notes: list[str]) -> list[dict[str, object]]:
    """Convert one table to the JSON code entries."""
    header = table.header
    if header[:2] != ["Kode", "Betydning"]:
        raise BuildError(f"{key}: unexpected header {header}")
    col_from = _column(header, "Gyldig fra")
    col_to = _column(header, "Gyldig til")
    if col_from is None:
        raise BuildError(f"{key}: no 'Gyldig fra' column")

    codes: list[dict[str, object]] = []
    main_heading: str | None = None
    sub_heading: str | None = None
    group_rows: dict[str, str] = {}  # main-group code -> its name (tiltak kategori)

    for cells in table.rows:
        # Pad short rows (the source has at least one row with a missing trailing cell).
        cells = cells + [""] * (len(header) - len(cells))
        kode = cells[0].strip()
        raw_text = cells[1]
        navn = clean_text(raw_text)
        where = f"{key} code {kode or '-'}"
        if not kode:
            # Heading rows without a code label the codes below them.
            if not navn or navn in MODEL_MARKERS:
                continue
            if navn.isupper():
                main_heading, sub_heading = navn, None
            else:
                sub_heading = navn
            continue
        gyldig_fra = parse_date(cells[col_from], notes, where)
        gyldig_til = parse_date(cells[col_to], notes, where) if col_to is not None else None
        selectable = True
        gruppe: str | None = " / ".join(h for h in (main_heading, sub_heading) if h) or None
        if gyldig_fra is None and gyldig_til is None:
            # A row with a code but no validity is a main group (tiltak kategori "1".."8"):
            # it names the group and cannot be chosen itself.
            if "." in kode:
                raise BuildError(f"{where}: sub-code without validity dates")
            selectable = False
            group_rows[kode] = navn
            gruppe = None
        elif "." in kode and kode.split(".")[0] in group_rows:
            gruppe = group_rows[kode.split(".")[0]]
        entry: dict[str, object] = {
            "kode": kode,
            "navn": navn,
            "gyldig_fra": gyldig_fra,
            "gyldig_til": gyldig_til,
            "krever_presisering": "(krever presisering)" in navn.lower(),
            "selectable": selectable,
            "gruppe": gruppe,
        }
        if key == "melder":
            entry["offentlig"] = kode not in PRIVATE_MELDER_CODES
        codes.append(entry)
    return codes


def check_saksinnhold(codes: list[dict[str, object]]) -> None:
    """The old numeric Saksinnhold codes must all end by 2025-12-31 (per the paragraph above)."""
    for entry in codes:
        kode = str(entry["kode"])
        if kode.isdigit():
            til = entry["gyldig_til"]
            if til is None or date.fromisoformat(str(til)) > SAKSINNHOLD_OLD_CODES_END:
                raise BuildError(
                    f"saksinnhold code {kode}: old code without end date <= 2025-12-31"
                )
        elif entry["gruppe"] is None:
            raise BuildError(f"saksinnhold code {kode}: Kunnskapsmodellen code without group")


def build(source: Path) -> tuple[dict[str, object], list[str]]:
    """Parse ``source`` and return the JSON document and a list of notes about repairs."""
    notes: list[str] = []
    lines = source.read_text(encoding="utf-8").splitlines()
    tables: dict[str, Table] = {}
    for table in iter_tables(lines):
        if table.path in tables:
            raise BuildError(f"two tables for {table.path}")
        tables[table.path] = table
    lists: dict[str, object] = {}
    for key, (path, title) in LISTS.items():
        if path not in tables:
            raise BuildError(f"no table for {key} ({path})")
        codes = build_list(tables[path], key, notes)
        seen = [str(c["kode"]) for c in codes]
        if len(seen) != len(set(seen)):
            raise BuildError(f"{key}: duplicate codes")
        if key == "saksinnhold":
            check_saksinnhold(codes)
        lists[key] = {"title": title, "ssb_sti": path, "koder": codes}
    document: dict[str, object] = {
        "format_versjon": FORMAT_VERSION,
        "kilde": "Statistisk sentralbyrå, Kodelister.md for Nasjonalt barnevernregister "
                 "(MIT-lisens)",
        "lister": lists,
    }
    return document, notes


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", default=DEFAULT_SOURCE,
                        help="SSB's Kodelister.md (default: the copy in tools/ssb/)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file to write")
    args = parser.parse_args(argv)
    try:
        document, notes = build(args.source)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    lists = document["lister"]
    assert isinstance(lists, dict)
    summary = ", ".join(f"{k}={len(v['koder'])}" for k, v in lists.items())
    print(f"wrote {args.output}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
