"""Activity tables of the leader's report (REPORTING.md §2), each section one pass over the cases.

Pure functions of the case files, the period, the measurement date and the parameters in force.
Children are counted once per case file (one case per child).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from core.codes import FOSTERHJEM_CODES, INSTITUSJON_CODES, code_list, kategori_group
from core.dates import add_months, fmt
from core.deadlines import Deadline, Status
from core.identity import birthday
from core.model import CaseFile, PlanType, VisitKind
from core.periods import Period, date_range, month
from core.report_model import (
    DueDates,
    Share,
    Table,
    age_or_none,
    code_name,
    short_name,
    status_on,
)
from core.visits import ChildVisits, foster_homes, visit_window
from core.visits import child_visits as visits_in

DeadlinesOf = Callable[[int, CaseFile], list[Deadline]]

MELDING_KONKLUSJON_NAMES = {"2": "Ikke henlagt (undersøkelse startes)"}
UNDERSOKELSE_KONKLUSJON_NAMES = {"5": "Undersøkelsen henlagt som følge av flytting"}
TILTAK_NAMES = {"8.2": "Bolig med oppfølging (inkl. bofellesskap)"}

AGE_GROUPS = ((0, 5, "0–5 år"), (6, 12, "6–12 år"), (13, 17, "13–17 år"), (18, 24, "18–24 år"))
MOSS_AGE_GROUPS = ((0, 9, "0–9 år"), (10, 18, "10–18 år"))
VISIT_BUCKETS = ("0", "1", "2", "3", "4 eller flere")

#: Placement rows of the Tiltak sheet. "Fosterhjem" is the one foster-home set of the report
#: (``FOSTERHJEM_CODES``, the same as the visit indicators); the "herav" rows are part of it.
PLACEMENTS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Fosterhjem (alle kategorier, inkl. beredskapshjem)", FOSTERHJEM_CODES),
    ("herav beredskapshjem", frozenset({"2.5"})),
    ("herav midlertidig hjem i familie og nære nettverk", frozenset({"2.6"})),
    ("Institusjon", INSTITUSJON_CODES),
)

OFFENTLIG = "Offentlig instans"
PRIVAT = "Privat melder"


def code_sort_key(kode: str | None) -> tuple:
    """Numeric order of SSB codes: 2 < 10, 2.4 < 2.10 < 2.99."""
    if kode is None:
        return (math.inf,)
    try:
        return tuple(int(part) for part in kode.split("."))
    except ValueError:
        return (math.inf, kode)


def codes_text(codes: frozenset[str]) -> str:
    """SSB codes as a short text, runs joined: {2.1 … 2.6, 2.99} → "2.1–2.6, 2.99"."""
    runs: list[list[str]] = []
    for kode in sorted(codes, key=code_sort_key):
        key = code_sort_key(kode)
        prev = code_sort_key(runs[-1][-1]) if runs else ()
        if (prev and math.inf not in key + prev and key[:-1] == prev[:-1]
                and key[-1] == prev[-1] + 1):
            runs[-1].append(kode)
        else:
            runs.append([kode])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(r) for r in runs)


#: The foster-home codes in words, for definitions and notes.
FOSTERHJEM_TEXT = codes_text(FOSTERHJEM_CODES)


def _age_label(age: int | None, groups: tuple[tuple[int, int, str], ...]) -> str:
    if age is None:
        return "Ufødt barn (termin)"
    for low, high, label in groups:
        if low <= age <= high:
            return label
    return f"{groups[-1][1] + 1} år eller eldre"


def _age_rows(counts: Counter, children: dict[str, set[int]],
              groups: tuple[tuple[int, int, str], ...]) -> list[list]:
    labels = [g[2] for g in groups]
    extra = sorted(k for k in counts if k not in labels)
    return [[label, counts[label], len(children[label])] for label in [*labels, *extra]]


# --- Meldinger ------------------------------------------------------------------------------------


def _months_so_far(period: Period, measured: date | None) -> list[Period]:
    """The months of ``period`` up to ``measured`` (None: all), the last one cut at ``measured``
    when it falls inside it."""
    result = []
    for p in period.months():
        if measured is not None and p.start > measured:
            break
        if measured is not None and p.end > measured:
            name = month(p.start.year, p.start.month).label
            p = Period(p.start, measured, f"{name} ({p.start:%d.%m}–{measured:%d.%m})")
        result.append(p)
    return result


TREND_KEY = "meldinger_12mnd"


def _trend_months(months: Sequence[Period]) -> list[Period]:
    """For a period shorter than a year, the 12 calendar months ending with its last month (the
    last one cut as in ``months``), so a month report's chart shows a trend, not one point;
    none for a year or longer."""
    if not months or len(months) >= 12:
        return []
    last = months[-1]
    month_start = date(last.start.year, last.start.month, 1)
    if last.start != month_start:  # a range beginning mid-month: the trend counts from the 1st
        whole = month(month_start.year, month_start.month)
        label = whole.label if last.end == whole.end else \
            f"{whole.label} ({month_start:%d.%m}–{last.end:%d.%m})"
        last = Period(month_start, last.end, label)
    first = add_months(month_start, -11)
    return [*date_range(first, month_start - timedelta(days=1)).months(), last]


def meldinger_tables(cases: Sequence[CaseFile], period: Period, dues: DueDates, *,
                     measured: date | None = None) -> tuple[Table, ...]:
    """The Meldinger tables. "Received per month" holds the months of the period up to the
    month of ``measured`` (None: every month of the period): a running period is reported so
    far, never with a row of 0 for a month that has not happened."""
    months = _months_so_far(period, measured)
    month_index = {(p.start.year, p.start.month): i for i, p in enumerate(months)}
    trend = _trend_months(months)
    trend_index = {(p.start.year, p.start.month): i for i, p in enumerate(trend)}
    per_trend: list[tuple[list[int], set[int]]] = [([0], set()) for _ in trend]
    last_year = period.same_last_year()
    per_month: list[tuple[list[int], set[int], set[int]]] = [([0], set(), set()) for _ in months]
    received = 0
    children: set[int] = set()
    repeat: set[int] = set()
    by_melder: Counter = Counter()
    by_melder_ly: Counter = Counter()
    age_count: Counter = Counter()
    age_children: dict[str, set[int]] = defaultdict(set)
    moss_count: Counter = Counter()
    moss_children: dict[str, set[int]] = defaultdict(set)
    concluded: Counter = Counter()
    concluded_late: Counter = Counter()

    for i, case in enumerate(cases):
        if not case.meldinger:
            continue
        first_melding = min(m.mottatt for m in case.meldinger)
        first_u = min((u.startdato for u in case.undersokelser), default=None)
        birth = case.sak.fodselsdato
        for m in case.meldinger:
            if trend and trend[0].start <= m.mottatt <= trend[-1].end:
                n, kids_in_month = per_trend[trend_index[(m.mottatt.year, m.mottatt.month)]]
                n[0] += 1
                kids_in_month.add(i)
            if period.contains(m.mottatt):
                received += 1
                children.add(i)
                slot = (month_index.get((m.mottatt.year, m.mottatt.month))
                        if measured is None or m.mottatt <= measured else None)
                count, kids, kids_repeat = per_month[slot] if slot is not None else ([0], set(),
                                                                                      set())
                count[0] += 1
                kids.add(i)
                if first_melding < m.mottatt or (first_u is not None and first_u < m.mottatt):
                    repeat.add(i)
                    kids_repeat.add(i)
                for kode in {c.kode for c in m.melder} or {None}:  # type: ignore[arg-type]
                    by_melder[kode] += 1
                age = age_or_none(birth, m.mottatt)
                label = _age_label(age, AGE_GROUPS)
                age_count[label] += 1
                age_children[label].add(i)
                label = _age_label(age, MOSS_AGE_GROUPS)
                moss_count[label] += 1
                moss_children[label].add(i)
            elif last_year.contains(m.mottatt):
                for kode in {c.kode for c in m.melder} or {None}:  # type: ignore[arg-type]
                    by_melder_ly[kode] += 1
            if m.konklusjon_dato is not None and period.contains(m.konklusjon_dato):
                concluded[m.konklusjon_kode] += 1
                if m.konklusjon_dato > dues.melding(case, m):
                    concluded_late[m.konklusjon_kode] += 1

    total_concluded = sum(concluded.values())
    summary = Table(
        "Meldinger i perioden", ["Beskrivelse", "Antall"],
        [["Meldinger mottatt", received],
         ["Barn det er meldt bekymring for (ulike barn)", len(children)],
         ["Gjengangere (barn med tidligere melding eller undersøkelse)", len(repeat)],
         ["Meldinger konkludert i perioden", total_concluded],
         ["herav konkludert senere enn 7 dager etter mottak (fristbrudd)",
          sum(concluded_late.values())]],
        "Gjenganger: barnet hadde en melding mottatt eller en undersøkelse startet før denne "
        "meldingen (også tidligere i samme periode).", "meldinger_oversikt")

    month_rows = [[p.label, c[0], len(k), len(r)] for p, (c, k, r) in zip(months, per_month,
                                                                          strict=True)]
    so_far = (f" Måneder etter måledatoen {fmt(measured)} er ikke med."
              if measured is not None and measured < period.end else "")
    per_month_table = Table(
        "Meldinger mottatt per måned", ["Måned", "Meldinger", "Barn", "Gjengangere"], month_rows,
        "Barn: ulike barn med melding mottatt i måneden." + so_far, "meldinger_maaned")

    trend_table = Table(
        "Meldinger mottatt per måned, siste 12 måneder", ["Måned", "Meldinger", "Barn"],
        [[p.label, c[0], len(k)] for p, (c, k) in zip(trend, per_trend, strict=True)],
        "De 12 månedene som slutter med periodens siste måned (for utviklingen over tid; "
        "perioden selv er kortere). Barn: ulike barn med melding mottatt i måneden.",
        TREND_KEY)

    melder_list = code_list("melder")

    def melder_group(kode: str | None) -> str:
        if kode is None or kode not in melder_list:
            return "Ukjent"
        return OFFENTLIG if melder_list.get(kode).offentlig else PRIVAT

    group_order = {OFFENTLIG: 0, PRIVAT: 1, "Ukjent": 2}
    kodes = set(by_melder) | set(by_melder_ly)
    ordered = sorted(kodes, key=lambda k: (group_order[melder_group(k)], -by_melder[k],
                                           code_sort_key(k)))
    melder_rows = [[code_name("melder", k), k or "", melder_group(k), by_melder[k],
                    by_melder_ly[k]] for k in ordered]
    melder_table = Table(
        "Meldinger etter melder",
        ["Melder", "Kode", "Gruppe", f"Meldinger {period.label}", f"Meldinger {last_year.label}"],
        melder_rows,
        "En melding med flere meldere telles én gang for hver melder; summen kan derfor være "
        "større enn antall meldinger. Gruppe etter SSBs kodeliste (offentlig instans/privat).",
        "meldinger_melder")

    age_table = Table(
        "Meldinger etter barnets alder", ["Aldersgruppe", "Meldinger", "Barn"],
        _age_rows(age_count, age_children, AGE_GROUPS),
        "Alder på datoen meldingen ble mottatt.", "meldinger_alder")
    moss_table = Table(
        "Meldinger etter barnets alder (0–9 og 10–18 år)", ["Aldersgruppe (0–9/10–18)",
                                                          "Meldinger", "Barn"],
        _age_rows(moss_count, moss_children, MOSS_AGE_GROUPS),
        "Samme meldinger med inndelingen 0–9 og 10–18 år.", "meldinger_alder_moss")

    concl_rows = [[k or "", code_name("melding_konklusjon", k, MELDING_KONKLUSJON_NAMES),
                   concluded[k], Share(concluded[k], total_concluded), concluded_late[k]]
                  for k in sorted(concluded, key=code_sort_key)]
    concl_table = Table(
        "Meldinger konkludert i perioden etter konklusjon",
        ["Kode", "Konklusjon", "Meldinger", "Andel", "Konkludert etter fristen"], concl_rows,
        "Meldinger med konklusjonsdato i perioden. Summen er nevneren i «Andel meldinger med "
        "fristbrudd».", "meldinger_konklusjon")
    trend_tables = (trend_table,) if trend else ()
    return (summary, per_month_table, *trend_tables, melder_table, age_table, moss_table,
            concl_table)


# --- Undersøkelser --------------------------------------------------------------------------------


def undersokelser_tables(cases: Sequence[CaseFile], period: Period,
                         dues: DueDates) -> tuple[Table, ...]:
    quarters = period.quarters()
    q_concluded = [0] * len(quarters)
    q_late = [0] * len(quarters)
    started = extended_in_period = invalid_extension = 0
    open_end = open_end_late = open_end_extended = 0
    concluded: Counter = Counter()
    concluded_late: Counter = Counter()

    for case in cases:
        for u in case.undersokelser:
            if not period.overlaps(u.startdato, u.konklusjon_dato):
                continue  # neither started, concluded, open nor extended in the period
            if period.contains(u.startdato):
                started += 1
            due, extended = dues.investigation(case, u)
            if extended:
                extended_in_period += 1
            elif u.utvidet_dato is not None:
                invalid_extension += 1
            k = u.konklusjon_dato
            if k is not None and period.contains(k):
                late = k > due
                concluded[u.konklusjon_kode] += 1
                concluded_late[u.konklusjon_kode] += late
                q = next(i for i, p in enumerate(quarters) if p.contains(k))
                q_concluded[q] += 1
                q_late[q] += late
            if k is None or k > period.end:
                open_end += 1
                open_end_late += period.end > due
                open_end_extended += extended

    total = sum(concluded.values())
    summary = Table(
        "Undersøkelser i perioden", ["Beskrivelse", "Antall"],
        [["Undersøkelser startet i perioden", started],
         ["Undersøkelser konkludert i perioden", total],
         ["herav konkludert etter fristen (fristbrudd)", sum(concluded_late.values())],
         ["Undersøkelser med gyldig utvidet frist (åpne eller konkludert i perioden)",
          extended_in_period],
         ["Utvidelser registrert etter tremånedersfristen (gjelder ikke)", invalid_extension],
         [f"Åpne undersøkelser ved periodens slutt ({fmt(period.end)})", open_end],
         ["herav over fristen ved periodens slutt", open_end_late],
         ["herav med gyldig utvidet frist", open_end_extended]],
        "Startdato: datoen meldingen ble konkludert med «ikke henlagt». Fristen regnes likevel "
        "fra meldingsfristen (mottatt + 7 dager) + 3 måneder, eller 6 måneder når utvidelsen "
        "ble registrert senest på tremånedersdatoen (bvl § 2-2).", "undersokelser_oversikt")

    concl_rows = [[k or "", code_name("undersokelse_konklusjon", k, UNDERSOKELSE_KONKLUSJON_NAMES),
                   concluded[k], Share(concluded[k], total), concluded_late[k]]
                  for k in sorted(concluded, key=code_sort_key)]
    concl_table = Table(
        "Undersøkelser konkludert i perioden etter konklusjon",
        ["Kode", "Konklusjon", "Undersøkelser", "Andel", "Konkludert etter fristen"], concl_rows,
        "Undersøkelser med konklusjonsdato i perioden.", "undersokelser_konklusjon")

    quarter_rows = [[p.label, q_concluded[i], q_late[i], Share(q_late[i], q_concluded[i])]
                    for i, p in enumerate(quarters)]
    quarter_table = Table(
        "Fristbrudd i undersøkelser per kvartal",
        ["Kvartal", "Konkludert", "Konkludert etter fristen", "Andel med fristbrudd"],
        quarter_rows,
        "Fristbrudd telles når undersøkelsen konkluderes, ikke når fristen passeres.",
        "undersokelser_kvartal")
    return summary, concl_table, quarter_table


# --- Tiltak ---------------------------------------------------------------------------------------


def tiltak_tables(cases: Sequence[CaseFile], period: Period, measured: date) -> tuple[Table, ...]:
    kinds = ("hjelpetiltak", "omsorgstiltak", "andre", "alle")
    during: dict[str, set[int]] = {k: set() for k in kinds}
    on_day: dict[str, set[int]] = {k: set() for k in kinds}
    group_during: dict[str, set[int]] = defaultdict(set)
    group_on: dict[str, set[int]] = defaultdict(set)
    code_during: dict[str, set[int]] = defaultdict(set)
    code_on: dict[str, set[int]] = defaultdict(set)
    place_during: list[set[int]] = [set() for _ in PLACEMENTS]
    place_on: list[set[int]] = [set() for _ in PLACEMENTS]
    akutt = 0
    akutt_children: set[int] = set()

    for i, case in enumerate(cases):
        for t in case.tiltak:
            in_period = period.overlaps(t.startdato, t.sluttdato)
            active = t.active_on(measured)
            if not (in_period or active):
                continue
            kind = ("hjelpetiltak" if t.er_hjelpetiltak
                    else "omsorgstiltak" if t.er_omsorgstiltak else "andre")
            code = t.kategori_kode
            try:
                group = kategori_group(code)
            except KeyError:
                group = code.split(".", 1)[0]
            for flag, by_kind, by_group, by_code, by_place in (
                    (in_period, during, group_during, code_during, place_during),
                    (active, on_day, group_on, code_on, place_on)):
                if not flag:
                    continue
                by_kind[kind].add(i)
                by_kind["alle"].add(i)
                by_group[group].add(i)
                by_code[code].add(i)
                for p, (_, codes) in enumerate(PLACEMENTS):
                    if code in codes:
                        by_place[p].add(i)
        for v in case.vedtak:
            if v.akutt is not None and period.contains(v.dato):
                akutt += 1
                akutt_children.add(i)

    summary = Table(
        "Barn med tiltak", ["Beskrivelse", "I perioden", "På måledato"],
        [["Barn med hjelpetiltak", len(during["hjelpetiltak"]), len(on_day["hjelpetiltak"])],
         ["Barn med omsorgstiltak (omsorgsovertakelse)", len(during["omsorgstiltak"]),
          len(on_day["omsorgstiltak"])],
         ["Barn med andre tiltak (f.eks. akuttvedtak etter bvl kap. 4)", len(during["andre"]),
          len(on_day["andre"])],
         ["Barn med tiltak i alt", len(during["alle"]), len(on_day["alle"])]],
        f"I perioden: tiltaket løp minst én dag i perioden. På måledato: aktivt {fmt(measured)}. "
        "Hjelpetiltak: tiltak vedtatt etter bvl kapittel 3 (frivillige og pålagte hjelpetiltak, "
        "også frivillige plasseringer; før 2023 bvl 1992 § 4-4 og § 1-3). Omsorgstiltak: "
        "omsorgsovertakelse (bvl § 5-1). Andre tiltak: øvrige hjemler, som akuttvedtak "
        "(kapittel 4) og plassering etter kapittel 6. Et barn kan telles i flere grupper.",
        "tiltak_oversikt")

    placements = Table(
        "Barn i fosterhjem, institusjon og beredskapshjem",
        ["Plassering", "Tiltakskoder", "Barn i perioden", "Barn på måledato"],
        [[label, codes_text(codes), len(place_during[p]), len(place_on[p])]
         for p, (label, codes) in enumerate(PLACEMENTS)],
        f"Fosterhjem omfatter alle fosterhjemskategorier ({FOSTERHJEM_TEXT}), også "
        "beredskapshjem (2.5) og midlertidig hjem i familie og nære nettverk (2.6) – de samme "
        "kodene som besøksindikatorene. «herav»-radene er med i fosterhjemsraden og vises i "
        "tillegg hver for seg. Et barn som har bodd flere steder i perioden telles på hvert sted.",
        "tiltak_plassering")

    akutt_table = Table(
        "Akuttvedtak", ["Beskrivelse", "Antall"],
        [["Akuttvedtak i perioden", akutt], ["Barn med akuttvedtak i perioden",
                                             len(akutt_children)]],
        "Vedtaksdato i perioden.", "tiltak_akutt")

    kategori = code_list("tiltak_kategori")

    def group_name(g: str) -> str:
        return kategori.get(g).navn if g in kategori else f"{g} (ukjent kode)"

    groups = sorted(set(group_during) | set(group_on), key=code_sort_key)
    group_table = Table(
        "Barn etter tiltakskategori (hovedgruppe)",
        ["Kode", "Hovedgruppe", "Barn i perioden", "Barn på måledato"],
        [[g, group_name(g), len(group_during[g]), len(group_on[g])] for g in groups],
        "Alle tiltak (hjelpetiltak og omsorgstiltak). Et barn med tiltak i flere grupper telles i "
        "hver gruppe; summen kan derfor være større enn antall barn.", "tiltak_hovedgruppe")

    code_order = sorted(set(code_during) | set(code_on), key=code_sort_key)
    code_table = Table(
        "Barn etter tiltakskode",
        ["Kode", "Tiltak", "Hovedgruppe", "Barn i perioden", "Barn på måledato"],
        [[c, code_name("tiltak_kategori", c, TILTAK_NAMES),
          short_name(group_name(c.split(".", 1)[0]), 40), len(code_during[c]), len(code_on[c])]
         for c in code_order],
        "SSBs tiltakskategorier (Tiltak/Kategori).", "tiltak_kode")
    return summary, placements, akutt_table, group_table, code_table


# --- Besøk ----------------------------------------------------------------------------------------


def besok_tables(cases: Sequence[CaseFile], period: Period) -> tuple[Table, ...]:
    """Children in foster homes during the period by visits done, per kind, judged over the same
    window as the visit indicators (``visit_window``)."""
    kinds = (VisitKind.TILSYN, VisitKind.OPPFOLGING)
    buckets = {k: [0] * len(VISIT_BUCKETS) for k in kinds}
    compliant = dict.fromkeys(kinds, 0)
    children = 0
    for case in cases:
        counted = False
        for kind in kinds:
            visits = child_visits(case, kind, period)
            if visits is None:
                break
            counted = True
            buckets[kind][min(visits.done, len(VISIT_BUCKETS) - 1)] += 1
            compliant[kind] += visits.compliant
        children += counted
    rows = [[kind.label, *buckets[kind], children, compliant[kind],
             Share(compliant[kind], children)] for kind in kinds]
    start, end = visit_window(period.start, period.end)
    whole = (start, end) == (period.start, period.end)
    window = "i perioden" if whole else f"siste 12 måneder ({fmt(start)}–{fmt(end)})"
    table = Table(
        f"Barn i fosterhjem etter antall besøk {window}",
        ["Besøkstype", *VISIT_BUCKETS, "Barn i fosterhjem", "Fikk påkrevd antall", "Andel"], rows,
        f"Barn som bodde i fosterhjem (tiltakskategori {FOSTERHJEM_TEXT}, også beredskapshjem) "
        "minst én dag i perioden, etter antall gjennomførte besøk mens barnet bodde der "
        + ("i perioden" if whole else
           f"de 12 månedene som slutter på periodens siste dag, {fmt(start)}–{fmt(end)} "
           "(perioden er kortere enn ett år; fire besøk i året kan ikke vurderes på kortere tid)")
        + " – alle fosterhjemstiltak for barnet summert. Påkrevd antall: fastsatt hyppighet per "
        "år (standard 4) × måneder i fosterhjem / 12, rundet opp; en hel kalendermåned teller 1, "
        "en delvis måned dagene i fosterhjem / dagene i måneden. Samme beregning som "
        "besøksindikatorene.", "besok_fordeling")
    return (table,)


def child_visits(case: CaseFile, kind: VisitKind, period: Period) -> ChildVisits | None:
    """Visits of one kind for one child in a report period (RULES.md "Statistics semantics").

    None when the child lived in no foster home during the period. Otherwise the visits owed and
    done over ``visit_window`` — the period, or the 12 months ending on its last day when it is
    shorter than a year — with every foster home of the child in that window summed.
    """
    if not foster_homes(case, period.start, period.end):
        return None
    start, end = visit_window(period.start, period.end)
    return visits_in(case, kind, start, end)


# --- Ettervern ------------------------------------------------------------------------------------


def ettervern_tables(cases: Sequence[CaseFile], measured: date) -> tuple[Table, ...]:
    young = young_foster = young_housing = young_plan = 0
    horizon = add_months(measured, 12)
    blocks = [(add_months(measured, 3 * b), add_months(measured, 3 * (b + 1))) for b in range(4)]
    block_rows = [[0] * 5 for _ in blocks]
    for case in cases:
        active = [t for t in case.tiltak if t.active_on(measured)]
        if not active:
            continue
        birth = case.sak.fodselsdato
        age = age_or_none(birth, measured)
        if age is not None and 18 <= age <= 24:
            young += 1
            young_foster += any(t.er_fosterhjem for t in active)
            young_housing += any(t.kategori_kode.split(".")[0] == "8" for t in active)
            young_plan += any(p.plantype == PlanType.ETTERVERN and p.active_on(measured)
                              for p in case.planer)
        turns18 = birthday(birth, 18) if birth is not None else None
        if turns18 is not None and measured < turns18 <= horizon:
            b = next(n for n, (a, z) in enumerate(blocks) if a < turns18 <= z)
            row = block_rows[b]
            row[0] += 1
            row[1] += any(t.er_fosterhjem for t in active)
            row[2] += any(t.er_institusjon for t in active)
            row[3] += any(t.er_omsorgstiltak for t in active)
            row[4] += any(e.tilbud_sendt <= measured for e in case.ettervern)
    young_table = Table(
        "Unge 18–24 år med tiltak på måledato", ["Beskrivelse", "Antall"],
        [["Unge 18–24 år med tiltak (ettervern)", young],
         ["herav i fosterhjem", young_foster],
         ["herav med bolig- eller botiltak (hovedgruppe 8)", young_housing],
         ["herav med aktiv tiltaksplan for ettervern (plantype 5)", young_plan]],
        f"Alder og aktive tiltak {fmt(measured)}.", "ettervern_unge")
    labels = [f"{fmt(a + timedelta(days=1))}–{fmt(z)}" for a, z in blocks]
    rows = [[f"Fyller 18 år {label}", *row] for label, row in zip(labels, block_rows, strict=True)]
    rows.append([f"I alt fram til {fmt(horizon)}",
                 *[sum(r[c] for r in block_rows) for c in range(5)]])
    turning_table = Table(
        "Barn med tiltak som fyller 18 år de neste 12 månedene",
        ["Tidsrom", "Barn med tiltak", "herav i fosterhjem", "herav i institusjon",
         "herav med omsorgstiltak", "herav tilbud om ettervern sendt"], rows,
        "For planlegging av ettervern (bvl § 3-6). Barn med aktivt tiltak på måledatoen; "
        "tidsrommene regnes fra dagen etter måledatoen.", "ettervern_18")
    return young_table, turning_table


# --- Saksmengde -----------------------------------------------------------------------------------


UNASSIGNED = "(ikke tildelt)"


def saksmengde_tables(cases: Sequence[CaseFile], measured: date,
                      deadlines_of: DeadlinesOf) -> tuple[Table, ...]:
    active: Counter = Counter()
    open_: Counter = Counter()
    overdue: Counter = Counter()
    soon: Counter = Counter()
    for i, case in enumerate(cases):
        if not case_active(case, measured):
            continue
        who = case.sak.saksbehandler.strip() or UNASSIGNED
        active[who] += 1
        for d in deadlines_of(i, case):
            if d.lokal or (d.oppfylt_dato is not None and d.oppfylt_dato <= measured) or (
                    d.ikke_oppfylt_dato is not None and d.ikke_oppfylt_dato <= measured):
                continue  # closed on the measurement date
            status = status_on(d, measured)
            if status.is_open:
                open_[who] += 1
                overdue[who] += status is Status.FORFALT
                soon[who] += status is Status.SNART
    rows = [[who, active[who], open_[who], overdue[who], soon[who]]
            for who in sorted(active, key=lambda w: (w == UNASSIGNED, w.casefold()))]
    table = Table(
        "Saker og frister per saksbehandler",
        ["Saksbehandler", "Aktive saker", "Åpne frister", "herav forfalt", "herav forfaller snart"],
        rows,
        f"Aktive saker {fmt(measured)} etter saksbehandler. Åpne frister: lovfrister som ikke var "
        "oppfylt på måledatoen; lokale frister (interne tidsstandarder) er ikke med.",
        "saksmengde")
    return (table,)


def case_active(case: CaseFile, day: date) -> bool:
    s = case.sak
    return s.startdato <= day and (s.sluttdato is None or s.sluttdato >= day)
