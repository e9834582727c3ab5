"""A fingerprint of the deadline computation, so stored deadlines are recomputed after an update.

The ``frister`` table is derived data. When the program is updated and the rules (or the date
arithmetic, the model's classifications or the code lists they use) change, the stored deadlines
are stale. The fingerprint hashes the source of those modules (or their compiled code in a frozen
build), the code lists and the rules in force; the repository stores it after a full recompute
and recomputes when it differs.
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
from collections.abc import Iterable
from functools import lru_cache

from core.rules import Rule

RULE_MODULES = ("core.rules", "core.dates", "core.model", "core.identity", "core.codes",
                "core.deadlines", "core.params", "core.local_rules", "core.placements")


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    h = hashlib.sha256()
    for name in RULE_MODULES:
        module = importlib.import_module(name)
        h.update(name.encode())
        h.update(_module_bytes(module))
    from core.codes import CODE_LISTS_PATH  # the data the code lists are read from

    try:
        h.update(CODE_LISTS_PATH.read_bytes())
    except OSError:
        h.update(b"no-code-lists")
    return h.digest()


def _module_bytes(module: object) -> bytes:
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None)
    name = getattr(spec, "name", "")
    try:
        source = loader.get_source(name) if loader else None
        if source:
            return source.encode()
        code = loader.get_code(name) if loader else None
        if code is not None:
            return marshal.dumps(code)
    except (ImportError, OSError, AttributeError):
        pass
    return repr(sorted(vars(module))).encode()


def _scalars(rule: Rule) -> list[object]:
    """Plain values a (local) rule's function closes over, e.g. a local rule's offset."""
    values: list[object] = []
    for cell in getattr(rule.compute, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # empty cell
            continue
        if isinstance(value, (bool, int, str)):
            values.append(value)
        elif callable(getattr(value, "fingerprint", None)):  # a local milestone's definition
            values.append(value.fingerprint())
    return values


def rules_fingerprint(rules: Iterable[Rule]) -> str:
    """Hex digest identifying the computation for the given rules (catalogue + local)."""
    h = hashlib.sha256(_code_digest())
    for r in rules:
        h.update(repr((r.id, r.label, r.status, r.hjemmel, r.params, r.short_warning, r.rollover,
                       r.enabled_param, r.lokal, _scalars(r))).encode())
    return h.hexdigest()
