"""Secondary suppression (REPORTING.md §3): no hidden count can be recomputed from shown cells.

Pure: no I/O, no openpyxl. This module is the general engine (``Problem``, ``protect``);
``core.report_privacy`` turns a report into a problem and ``storage.workbook`` prints the answer.

How it works
------------
A report becomes a ``Problem``: every count (a table cell, an indicator's teller and nevner, a
live figure) is a *cell* with its true value, and the report's arithmetic is a list of
``Relation`` objects, each ``Σ coefficient × value = 0``: a row or column and its total, a
total row, teller + complement = nevner, and the same quantity printed in two places (the
scorecard's nevner of «Tilsyn i fosterhjem» is the «Barn i fosterhjem» cell of the Besøk table,
and equals the nevner of «Besøk i fosterhjem (oppfølging)»). Cells that are not printed but
matter are *virtual*: the complement nevner − teller of every share is *sensitive* (it must not
come out when it is 1–4: «28 av 29» says that exactly one child lacks a plan); the slack of an
inequality («herav» rows, a child counted in several groups) is harmless to know. A printed
share is a ``Ratio`` of its teller and nevner.

``protect`` hides every count from 1 to 4 («<5») and then plays the reader. From the printed
cells it recomputes what it can: a relation with one unknown cell by subtraction; bounds («<5» is
1–4, «skjult» is at least 1, a count is never negative) narrowed until a cell is pinned; all
relations together by exact integer elimination; an exactly printed share gives away its teller
and nevner, a range its nevner. This is repeated until nothing new comes out. When a hidden
value (or a complement of 1–4) comes out, the smallest shown cell of the relation that gave it
away is hidden too («skjult»; never a 0), or the share that gave it away is printed as a range
(«86–97 %», only what «<5» says anyway) or hidden; then the reader starts again, until nothing
hidden can be derived. Where everything around is hidden already and bounds still pin a value
(four «<5» under a «<5» total of 4 can only be ones), one of the small cells is printed
«skjult» instead of «<5», which takes away its upper bound.

The report's cells and relations are declared in ``core.report_privacy``.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import cast

from core.report_model import SMALL_LIMIT, SUPPRESSED, Share

__all__ = [
    "HIDDEN_TEXT",
    "SECRET",
    "SMALL",
    "Hidden",
    "Problem",
    "Protection",
    "Ratio",
    "Ref",
    "Relation",
    "ShareRange",
    "ShareView",
    "protect",
]

Ref = Hashable
HIDDEN_TEXT = "skjult"
INF = math.inf
MAX_BOUND_STEPS = 200_000  # bound narrowings per attack; far above what a report needs


# --- the general problem --------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """``Σ coefficient × value == 0`` over its terms (a sum and its total, or an equality)."""

    terms: tuple[tuple[Ref, int], ...]
    label: str = ""
    optional: bool = False  # true only for some data (not structural): may be dropped silently

    @staticmethod
    def total(parts: Iterable[Ref], total: Ref, label: str = "", *,
              optional: bool = False) -> Relation:
        """``sum(parts) == total``."""
        terms: dict[Ref, int] = {}
        for ref in parts:
            terms[ref] = terms.get(ref, 0) + 1
        terms[total] = terms.get(total, 0) - 1
        return Relation(tuple((r, c) for r, c in terms.items() if c), label, optional)

    @staticmethod
    def same(a: Ref, b: Ref, label: str = "", *, optional: bool = False) -> Relation:
        """The same quantity shown twice: ``a == b``."""
        return Relation.total((a,), b, label, optional=optional)

    def holds(self, values: Mapping[Ref, int]) -> bool:
        return sum(c * values[r] for r, c in self.terms) == 0


@dataclass(frozen=True)
class Ratio:
    """A share cell: ``teller / nevner``."""

    share: Ref
    teller: Ref
    nevner: Ref


class ShareView(Enum):
    """How a share is shown: exactly, as a range of whole percents, or not at all."""

    EXACT = "exact"
    RANGE = "range"
    HIDDEN = "hidden"


@dataclass
class Problem:
    """Cells (true values), which of them are printed, and the relations between them."""

    values: dict[Ref, int] = field(default_factory=dict)
    shown: set[Ref] = field(default_factory=set)  # printed count cells
    sensitive: set[Ref] = field(default_factory=set)  # virtual cells protected when 1–4
    relations: list[Relation] = field(default_factory=list)
    ratios: dict[Ref, Ratio] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # labels of relations that did not hold
    order: dict[Ref, int] = field(default_factory=dict)

    def count(self, ref: Ref, value: int, *, shown: bool = True,
              sensitive: bool = False) -> Ref:
        """Add a count cell (printed unless ``shown`` is False); the same ref twice is one cell."""
        if ref in self.values and self.values[ref] != value:
            raise ValueError(f"Cell {ref!r} has two values: {self.values[ref]} and {value}")
        self.values[ref] = value
        self.order.setdefault(ref, len(self.order))
        if shown:
            self.shown.add(ref)
        elif sensitive:
            self.sensitive.add(ref)
        return ref

    def relate(self, relation: Relation) -> None:
        """Add a relation, or drop it (listed in ``dropped``) if the values break it."""
        if not relation.terms:
            return
        if any(r not in self.values for r, _ in relation.terms):
            self.dropped.append(f"{relation.label} (celle mangler)")
        elif relation.holds(self.values):
            self.relations.append(relation)
        elif not relation.optional:
            self.dropped.append(relation.label or repr(relation.terms))

    def ratio(self, share: Ref, teller: Ref, nevner: Ref, label: str = "") -> None:
        """A share cell of ``teller``/``nevner``; adds their sensitive complement."""
        self.order.setdefault(share, len(self.order))
        t, n = self.values[teller], self.values[nevner]
        rest = self.count(("rest", share), n - t, shown=False, sensitive=True)
        self.relate(Relation.total((teller, rest), nevner, label or f"teller+rest {share!r}"))
        if n > 0:
            self.ratios[share] = Ratio(share, teller, nevner)


def is_small(value: int) -> bool:
    return 0 < value < SMALL_LIMIT


@dataclass(frozen=True)
class Hidden:
    """A value that is not shown: «<5» (a count from 1 to 4) or «skjult»."""

    text: str

    @property
    def small(self) -> bool:
        return self.text == SUPPRESSED


SMALL = Hidden(SUPPRESSED)
SECRET = Hidden(HIDDEN_TEXT)


@dataclass(frozen=True)
class ShareRange:
    """A share shown as a range: what the reader knows anyway (the teller or complement is
    1–4), never more. ``low``/``high`` are shares 0–1."""

    low: float
    high: float

    @property
    def text(self) -> str:
        """Whole percents («86–97 %»), tenths below 10 % («0,9–3,8 %»); rounded outwards."""
        step = 10 if self.high < 0.1 else 1
        low = math.floor(self.low * 100 * step + 1e-9) / step
        high = math.ceil(self.high * 100 * step - 1e-9) / step
        if step == 1:
            return f"{low:.0f}–{high:.0f} %"
        return f"{low:.1f}–{high:.1f} %".replace(".", ",")

    def met(self, target: float, lower_is_better: bool) -> bool | None:
        """Whether the target is met for every value in the range (None if it depends)."""
        ends = [(v <= target + 1e-12) if lower_is_better else (v >= target - 1e-12)
                for v in (self.low, self.high)]
        return ends[0] if ends[0] == ends[1] else None


def share_bounds(teller: int, nevner: int) -> tuple[int, int] | None:
    """The teller's range as the reader knows it when the teller or complement is 1–4."""
    lo, hi = 0, nevner
    if is_small(teller):
        lo, hi = max(lo, 1), min(hi, SMALL_LIMIT - 1)
    if is_small(nevner - teller):
        lo, hi = max(lo, nevner - SMALL_LIMIT + 1), min(hi, nevner - 1)
    if (lo, hi) == (0, nevner) or is_small(nevner) or nevner == 0 or lo >= hi:
        return None  # nothing to hide, «<5», or a range that would pin the teller
    return lo, hi


@dataclass(frozen=True)
class Protection:
    """The outcome: which printed counts are hidden and how every share is shown."""

    values: Mapping[Ref, int]
    hidden: Mapping[Ref, Hidden]
    shares: Mapping[Ref, ShareView]
    ratios: Mapping[Ref, Ratio]
    dropped: tuple[str, ...] = ()

    @property
    def secondary(self) -> frozenset[Ref]:
        return frozenset(r for r, h in self.hidden.items() if not h.small)

    def count(self, ref: Ref, value: int) -> int | Hidden:
        """The value as printed: the number, «<5» or «skjult» (a cell the problem does not know
        is at least «<5» when it is 1–4)."""
        if ref not in self.values:
            return SMALL if is_small(value) else value
        return self.hidden.get(ref, value)

    def share(self, ref: Ref, share: Share) -> Share | ShareRange | Hidden | None:
        """The share as printed (None when the nevner is 0)."""
        if share.denominator == 0:
            return None
        view = self.shares.get(ref, ShareView.HIDDEN)  # a share it does not know: hidden
        if view is ShareView.EXACT:
            return share
        bounds = share_bounds(share.numerator, share.denominator)
        if view is ShareView.RANGE and bounds is not None:
            return ShareRange(bounds[0] / share.denominator, bounds[1] / share.denominator)
        ratio = self.ratios.get(ref)
        if ratio is not None and self.hidden.get(ratio.nevner) == SECRET:
            return SECRET  # its nevner is 1–4 but shown «skjult»: so is the share
        return SMALL if is_small(share.denominator) else SECRET


# --- the attacker ---------------------------------------------------------------------------------


class _State:
    """The current decision: hidden printed cells (small, secondary, escalated) and shares."""

    def __init__(self, p: Problem) -> None:
        self.small = {r for r in p.shown if is_small(p.values[r])}
        self.secondary: set[Ref] = set()
        self.escalated: set[Ref] = set()  # 1–4 but shown «skjult»: bounds ≥ 1 only
        self.shares = dict.fromkeys(p.ratios, ShareView.EXACT)

    def hidden(self, ref: Ref) -> bool:
        return ref in self.small or ref in self.secondary


Step = tuple[str, object]  # ("rel", index) | ("lin", indices) | ("ratio", share) | ("range", share)


class _Attack:
    """Everything a reader can recompute from the printed cells, and how."""

    def __init__(self, p: Problem, st: _State, by_cell: Mapping[Ref, list[int]]) -> None:
        self.p, self.st, self.by_cell = p, st, by_cell
        self.known: dict[Ref, int] = {}
        self.lo: dict[Ref, float] = {}
        self.hi: dict[Ref, float] = {}
        self.why: dict[Ref, Step] = {}
        self.bound_src: dict[Ref, frozenset[int]] = {}  # relations that narrowed a cell's bounds
        self.leak: Ref | None = None
        self.queue: deque[int] = deque()
        self.queued: set[int] = set()
        self.budget = MAX_BOUND_STEPS

    def protected(self, ref: Ref) -> bool:
        if ref in self.p.shown:
            return self.st.hidden(ref)
        return ref in self.p.sensitive and is_small(self.p.values[ref])

    def run(self) -> Ref | None:
        """The first hidden cell that can be recomputed, or None."""
        p, st = self.p, self.st
        for ref, value in p.values.items():
            if ref in p.shown:
                if not st.hidden(ref):
                    self.known[ref] = value
                elif ref in st.small and ref not in st.escalated:
                    self.lo[ref], self.hi[ref] = 1, SMALL_LIMIT - 1
                else:
                    self.lo[ref], self.hi[ref] = 1, INF
            elif ref in p.sensitive:
                self.lo[ref], self.hi[ref] = 0, INF  # narrowed below when a share tells
            elif value == 0:
                self.known[ref] = 0
            else:
                self.lo[ref], self.hi[ref] = 0, INF
        for share, ratio in p.ratios.items():
            view = st.shares[share]
            if view is ShareView.EXACT:
                self.learn(ratio.teller, ("ratio", share))
                self.learn(ratio.nevner, ("ratio", share))
            elif view is ShareView.RANGE:  # the nevner, and that teller or rest is 1–4
                self.learn(ratio.nevner, ("range", share))
                t, n = p.values[ratio.teller], p.values[ratio.nevner]
                for ref, value in ((ratio.teller, t), (("rest", share), n - t)):
                    if is_small(value) and ref not in self.known:
                        self._narrow(ref, 1, SMALL_LIMIT - 1)
            elif is_small(p.values[ratio.nevner]) and ratio.nevner not in st.escalated \
                    and ratio.nevner not in self.known:  # printed «<5»: the nevner is 1–4
                self._narrow(ratio.nevner, 1, SMALL_LIMIT - 1)
            if self.leak is not None:
                return self.leak
        self.queue.extend(range(len(p.relations)))
        self.queued = set(self.queue)
        while True:
            self._propagate()
            if self.leak is not None or not self._linear():
                return self.leak

    def _narrow(self, ref: Ref, lo: float, hi: float) -> None:
        self.lo[ref], self.hi[ref] = max(self.lo[ref], lo), min(self.hi[ref], hi)

    def learn(self, ref: Ref, step: Step) -> None:
        if ref in self.known or self.leak is not None:
            return
        self.known[ref] = self.p.values[ref]
        self.why[ref] = step
        if self.protected(ref):
            self.leak = ref
        for i in self.by_cell.get(ref, ()):
            if i not in self.queued:
                self.queue.append(i)
                self.queued.add(i)

    def _propagate(self) -> None:
        rels, known = self.p.relations, self.known
        while self.queue and self.leak is None:
            i = self.queue.popleft()
            self.queued.discard(i)
            unknown = [(r, c) for r, c in rels[i].terms if r not in known]
            if len(unknown) == 1:
                self.learn(unknown[0][0], ("rel", i))
            elif len(unknown) > 1 and self.budget > 0:
                self._bounds(i, unknown)

    def _bounds(self, i: int, unknown: list[tuple[Ref, int]]) -> None:
        base = sum(c * self.known[r] for r, c in self.p.relations[i].terms if r in self.known)
        spans = [_scaled(c, self.lo[r], self.hi[r]) for r, c in unknown]
        for k, (ref, c) in enumerate(unknown):
            if ref in self.known:
                continue
            others_lo = sum(s[0] for j, s in enumerate(spans) if j != k)
            others_hi = sum(s[1] for j, s in enumerate(spans) if j != k)
            a, b = -base - others_hi, -base - others_lo  # c × value lies in [a, b]
            lo, hi = (a / c, b / c) if c > 0 else (b / c, a / c)
            lo = max(self.lo[ref], _ceil(lo))
            hi = min(self.hi[ref], _floor(hi))
            if (lo, hi) == (self.lo[ref], self.hi[ref]):
                continue
            self.budget -= 1
            self.lo[ref], self.hi[ref] = lo, hi
            src = frozenset((i,)).union(self.bound_src.get(ref, frozenset()),
                                        *(self.bound_src.get(r, frozenset()) for r, _ in unknown))
            self.bound_src[ref] = src
            if lo == hi:
                self.learn(ref, ("rel", i) if len(src) == 1 else ("lin", tuple(sorted(src))))
                if self.leak is not None:
                    return
            else:
                for j in self.by_cell.get(ref, ()):
                    if j not in self.queued:
                        self.queue.append(j)
                        self.queued.add(j)

    def _linear(self) -> bool:
        """Solve the relations together (exact integer elimination); True if anything new."""
        rows: list[tuple[dict[Ref, int], frozenset[int]]] = []
        for i, rel in enumerate(self.p.relations):
            row = {r: c for r, c in rel.terms if r not in self.known}
            if len(row) > 1:
                rows.append((row, frozenset((i,))))
        order = self.p.order
        pivots: list[tuple[Ref, dict[Ref, int], frozenset[int]]] = []
        index: dict[Ref, int] = {}
        for row, why in rows:
            for var in [v for v in row if v in index]:
                if var in row:
                    _, prow, pwhy = pivots[index[var]]
                    row, why = _eliminate(row, prow, var), why | pwhy
            if not row:
                continue
            var = min(row, key=lambda v: order.get(v, 0))
            for k, (pv, prow, pwhy) in enumerate(pivots):
                if var in prow:
                    pivots[k] = (pv, _eliminate(prow, row, var), pwhy | why)
            index[var] = len(pivots)
            pivots.append((var, row, why))
        found = False
        for var, row, why in pivots:
            if len(row) == 1 and var not in self.known:
                self.learn(var, ("lin", tuple(sorted(why))))
                found = True
                if self.leak is not None:
                    break
        return found


def _scaled(c: int, lo: float, hi: float) -> tuple[float, float]:
    return (c * lo, c * hi) if c > 0 else (c * hi if hi != INF else -INF, c * lo)


def _ceil(x: float) -> float:
    return x if math.isinf(x) else math.ceil(x - 1e-9)


def _floor(x: float) -> float:
    return x if math.isinf(x) else math.floor(x + 1e-9)


def _eliminate(row: dict[Ref, int], pivot: dict[Ref, int], var: Ref) -> dict[Ref, int]:
    a, b = row[var], pivot[var]
    out = {v: c * b for v, c in row.items()}
    for v, c in pivot.items():
        out[v] = out.get(v, 0) - a * c
    out = {v: c for v, c in out.items() if c}
    g = 0
    for c in out.values():
        g = math.gcd(g, c)
    return {v: c // g for v, c in out.items()} if g > 1 else out


# --- protection -----------------------------------------------------------------------------------


def protect(p: Problem) -> Protection:
    """Hide counts 1–4, then hide more until no hidden value can be derived (see module doc)."""
    st = _State(p)
    by_cell: dict[Ref, list[int]] = {}
    for i, rel in enumerate(p.relations):
        for ref, _ in rel.terms:
            by_cell.setdefault(ref, []).append(i)
    limit = 4 * (len(p.values) + len(p.ratios)) + 10
    for _ in range(limit):
        attack = _Attack(p, st, by_cell)
        leak = attack.run()
        if leak is None:
            break
        _hide_more(p, st, attack, leak)
    else:  # pragma: no cover - every round hides one more cell; cannot run out
        raise RuntimeError("Sekundær skjuling fant ingen løsning")
    hidden: dict[Ref, Hidden] = {}
    for ref in st.small:
        hidden[ref] = SECRET if ref in st.escalated else SMALL
    for ref in st.secondary:
        hidden[ref] = SECRET
    return Protection(dict(p.values), hidden, dict(st.shares), dict(p.ratios),
                      tuple(p.dropped))


def _hide_more(p: Problem, st: _State, attack: _Attack, leak: Ref) -> None:
    """Break the derivation of ``leak``: hide the smallest shown cell of the relation that gave
    it away (nearest relation first), or show the share that gave it away as a range/hidden."""
    seen: set[Ref] = {leak}
    queue = deque([leak])
    visited: list[int] = []
    while queue:
        step = attack.why.get(queue.popleft())
        if step is None:
            continue
        kind, what = step
        if kind in ("ratio", "range"):
            ratio = p.ratios[what]
            eligible = (share_bounds(p.values[ratio.teller], p.values[ratio.nevner]) is not None
                        and not st.escalated & {ratio.teller, ratio.nevner})
            st.shares[what] = (ShareView.RANGE if kind == "ratio" and eligible
                               else ShareView.HIDDEN)
            return
        indices = [what] if isinstance(what, int) else list(cast(tuple[int, ...], what))
        visited += indices
        terms = [r for i in indices for r, _ in p.relations[i].terms]
        candidates = [r for r in terms if r in p.shown and not st.hidden(r) and p.values[r]]
        if candidates:
            st.secondary.add(min(candidates, key=lambda r: (p.values[r], p.order[r])))
            return
        for ref in terms:
            if ref not in seen and ref in attack.why:
                seen.add(ref)
                queue.append(ref)
    smalls = [r for i in visited for r, _ in p.relations[i].terms
              if r in st.small and r not in st.escalated]
    if not smalls:
        raise RuntimeError(f"Sekundær skjuling: {leak!r} kan ikke skjules")
    chosen = max(smalls, key=lambda r: (p.values[r], p.order[r]))
    st.escalated.add(chosen)
    for share, ratio in p.ratios.items():  # a range would still tell that it is 1–4
        if chosen in (ratio.teller, ratio.nevner) and st.shares[share] is ShareView.RANGE:
            st.shares[share] = ShareView.HIDDEN


