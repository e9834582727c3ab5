"""Maintain the bokmål translation of the UI (resources/i18n/fristvakt_nb.ts → .qm).

    python tools/i18n.py                 # extract strings from ui/, compile, list untranslated
    python tools/i18n.py --fill FILE     # fill untranslated entries from a JSON {source: bokmål}
                                         # (keys may also be "Context|source")

The .ts file is the source of the translation; the .qm next to it is compiled from it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "fristvakt_nb.ts"
QM = TS.with_suffix(".qm")


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def update() -> None:
    """Extract tr() strings from ui/ into the .ts (keeps existing translations)."""
    TS.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pyside6-lupdate", *sources(), "-no-obsolete", "-locations", "none",
                    "-target-language", "nb_NO", "-ts", str(TS.relative_to(ROOT))],
                   cwd=ROOT, check=True, capture_output=True)


def release(target: Path = QM) -> None:
    """Compile the .ts into a .qm."""
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(target)], check=True,
                   capture_output=True)


def unfinished() -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    tree = ET.parse(TS)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished",):
                missing.append((name, message.findtext("source", "")))
    return missing


def fill(mapping: dict[str, str | list[str]]) -> int:
    """Fill unfinished translations from ``mapping``; returns how many were filled."""
    tree = ET.parse(TS)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            text = mapping.get(f"{name}|{source}", mapping.get(source))
            if translation is None or translation.get("type") != "unfinished" or text is None:
                continue
            if message.get("numerus") != "yes" and isinstance(text, list):
                raise ValueError(f"{name}|{source} is not a plural message; give one text")
            if message.get("numerus") == "yes":  # a list gives singular and plural forms
                forms = text if isinstance(text, list) else [text]
                for i, form in enumerate(translation.findall("numerusform")):
                    form.text = forms[min(i, len(forms) - 1)]
            else:
                translation.text = text
            del translation.attrib["type"]
            filled += 1
    ET.indent(tree)
    tmp = TS.with_suffix(".ts.tmp")  # written whole, then moved into place
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    with tmp.open("a", encoding="utf-8") as f:
        f.write("\n")
    tmp.replace(TS)
    return filled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fill", type=Path,
                        help="JSON file {source or 'Context|source': text or [singular, plural]}")
    args = parser.parse_args()
    update()
    if args.fill:
        print(f"filled {fill(json.loads(args.fill.read_text(encoding='utf-8')))}")
    release()
    missing = unfinished()
    for context, source in missing:
        print(f"untranslated: {context}|{source}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
