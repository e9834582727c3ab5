"""Activity tables of the leader's report (REPORTING.md §2): ``*_tables_from`` lays out what
``core.report_counts`` counted (titles, rows, notes and order in one place, whether the counts
come from the case files or from SQL); ``*_tables`` counts and lays out in one call.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from core.codes import FOSTERHJEM_CODES, code_list
from core.dates import add_months, fmt
from core.identity import birthday
from core.model import CaseFile, VisitKind
from core.periods import Period
from core.report_counts import (
    AGE_GROUPS,
    MOSS_AGE_GROUPS,
    PLACEMENTS,
    VISIT_BUCKETS,
    DeadlinesOf,
    MeldingCounts,
    TiltakCounts,
    UndersokelseCounts,
    VisitCounts,
    Workload,
    YoungPerson,
    count_meldinger,
    count_tiltak,
    count_undersokelser,
    count_workload,
    report_months,
    trend_months,
    young_people,
)
from core.report_model import (
    DueDates,
    Share,
    Table,
    age_or_none,
    code_name,
    short_name,
)
from core.visits import (
    visit_window,
)

MELDING_KONKLUSJON_NAMES = {"2": "Ikke henlagt (undersøkelse startes)"}
UNDERSOKELSE_KONKLUSJON_NAMES = {"5": "Undersøkelsen henlagt som følge av flytting"}
TILTAK_NAMES = {"8.2": "Bolig med oppfølging (inkl. bofellesskap)"}

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


def _age_rows(counts: Mapping[str, tuple[int, int]],
              groups: tuple[tuple[int, int, str], ...]) -> list[list]:
    """Rows of every group, then of the other labels counted; ``counts``: label → (meldinger,
    children)."""
    labels = [g[2] for g in groups]
    extra = sorted(k for k in counts if k not in labels)
    return [[label, *counts.get(label, (0, 0))] for label in [*labels, *extra]]


TREND_KEY = "meldinger_12mnd"


def meldinger_tables(cases: Sequence[CaseFile], period: Period, dues: DueDates, *,
                     measured: date | None = None) -> tuple[Table, ...]:
    """The Meldinger tables. "Received per month" holds the months of the period up to the
    month of ``measured`` (None: every month of the period): a running period is reported so
    far, never with a row of 0 for a month that has not happened."""
    return meldinger_tables_from(count_meldinger(cases, period, dues, measured=measured),
                                 period, measured=measured)


def meldinger_tables_from(counts: MeldingCounts, period: Period, *,
                          measured: date | None = None) -> tuple[Table, ...]:
    """The Meldinger tables laid out from their counts (``count_meldinger``)."""
    months = report_months(period, measured)
    trend = trend_months(months)
    last_year = period.same_last_year()
    total_concluded = sum(n for n, _ in counts.concluded.values())
    summary = Table(
        "Meldinger i perioden", ["Beskrivelse", "Antall"],
        [["Meldinger mottatt", counts.received],
         ["Barn det er meldt bekymring for (ulike barn)", counts.children],
         ["Gjengangere (barn med tidligere melding eller undersøkelse)", counts.repeat],
         ["Meldinger konkludert i perioden", total_concluded],
         ["herav konkludert senere enn 7 dager etter mottak (fristbrudd)",
          sum(late for _, late in counts.concluded.values())]],
        "Gjenganger: barnet hadde en melding mottatt eller en undersøkelse startet før denne "
        "meldingen (også tidligere i samme periode).", "meldinger_oversikt")

    month_rows = [[p.label, *row] for p, row in zip(months, counts.months, strict=True)]
    so_far = (f" Måneder etter måledatoen {fmt(measured)} er ikke med."
              if measured is not None and measured < period.end else "")
    per_month_table = Table(
        "Meldinger mottatt per måned", ["Måned", "Meldinger", "Barn", "Gjengangere"], month_rows,
        "Barn: ulike barn med melding mottatt i måneden." + so_far, "meldinger_maaned")

    trend_table = Table(
        "Meldinger mottatt per måned, siste 12 måneder", ["Måned", "Meldinger", "Barn"],
        [[p.label, *row] for p, row in zip(trend, counts.trend, strict=True)],
        "De 12 månedene som slutter med periodens siste måned (for utviklingen over tid; "
        "perioden selv er kortere). Barn: ulike barn med melding mottatt i måneden.",
        TREND_KEY)

    melder_list = code_list("melder")

    def melder_group(kode: str | None) -> str:
        if kode is None or kode not in melder_list:
            return "Ukjent"
        return OFFENTLIG if melder_list.get(kode).offentlig else PRIVAT

    by_melder, by_melder_ly = counts.by_melder, counts.by_melder_last_year
    group_order = {OFFENTLIG: 0, PRIVAT: 1, "Ukjent": 2}
    kodes = {k for k, n in by_melder.items() if n} | {k for k, n in by_melder_ly.items() if n}
    ordered = sorted(kodes, key=lambda k: (group_order[melder_group(k)], -by_melder.get(k, 0),
                                           code_sort_key(k)))
    melder_rows = [[code_name("melder", k), k or "", melder_group(k), by_melder.get(k, 0),
                    by_melder_ly.get(k, 0)] for k in ordered]
    melder_table = Table(
        "Meldinger etter melder",
        ["Melder", "Kode", "Gruppe", f"Meldinger {period.label}", f"Meldinger {last_year.label}"],
        melder_rows,
        "En melding med flere meldere telles én gang for hver melder; summen kan derfor være "
        "større enn antall meldinger. Gruppe etter SSBs kodeliste (offentlig instans/privat).",
        "meldinger_melder")

    age_table = Table(
        "Meldinger etter barnets alder", ["Aldersgruppe", "Meldinger", "Barn"],
        _age_rows(counts.by_age, AGE_GROUPS),
        "Alder på datoen meldingen ble mottatt.", "meldinger_alder")
    moss_table = Table(
        "Meldinger etter barnets alder (0–9 og 10–18 år)", ["Aldersgruppe (0–9/10–18)",
                                                          "Meldinger", "Barn"],
        _age_rows(counts.by_age_moss, MOSS_AGE_GROUPS),
        "Samme meldinger med inndelingen 0–9 og 10–18 år.", "meldinger_alder_moss")

    concluded = counts.concluded
    concl_rows = [[k or "", code_name("melding_konklusjon", k, MELDING_KONKLUSJON_NAMES),
                   concluded[k][0], Share(concluded[k][0], total_concluded), concluded[k][1]]
                  for k in sorted(concluded, key=code_sort_key)]
    concl_table = Table(
        "Meldinger konkludert i perioden etter konklusjon",
        ["Kode", "Konklusjon", "Meldinger", "Andel", "Konkludert etter fristen"], concl_rows,
        "Meldinger med konklusjonsdato i perioden. Summen er nevneren i «Andel meldinger med "
        "fristbrudd».", "meldinger_konklusjon")
    trend_tables = (trend_table,) if trend else ()
    return (summary, per_month_table, *trend_tables, melder_table, age_table, moss_table,
            concl_table)


def undersokelser_tables(cases: Sequence[CaseFile], period: Period,
                         dues: DueDates) -> tuple[Table, ...]:
    return undersokelser_tables_from(count_undersokelser(cases, period, dues), period)


def undersokelser_tables_from(counts: UndersokelseCounts, period: Period) -> tuple[Table, ...]:
    """The Undersøkelser tables laid out from their counts (``count_undersokelser``)."""
    concluded = counts.concluded
    total = sum(n for n, _ in concluded.values())
    summary = Table(
        "Undersøkelser i perioden", ["Beskrivelse", "Antall"],
        [["Undersøkelser startet i perioden", counts.started],
         ["Undersøkelser konkludert i perioden", total],
         ["herav konkludert etter fristen (fristbrudd)", sum(late for _, late in
                                                             concluded.values())],
         ["Undersøkelser med gyldig utvidet frist (åpne eller konkludert i perioden)",
          counts.extended],
         ["Utvidelser registrert etter tremånedersfristen (gjelder ikke)",
          counts.invalid_extension],
         [f"Åpne undersøkelser ved periodens slutt ({fmt(period.end)})", counts.open_end],
         ["herav over fristen ved periodens slutt", counts.open_end_late],
         ["herav med gyldig utvidet frist", counts.open_end_extended]],
        "Startdato: datoen meldingen ble konkludert med «ikke henlagt». Fristen regnes likevel "
        "fra meldingsfristen (mottatt + 7 dager) + 3 måneder, eller 6 måneder når utvidelsen "
        "ble registrert senest på tremånedersdatoen (bvl § 2-2).", "undersokelser_oversikt")

    concl_rows = [[k or "", code_name("undersokelse_konklusjon", k, UNDERSOKELSE_KONKLUSJON_NAMES),
                   concluded[k][0], Share(concluded[k][0], total), concluded[k][1]]
                  for k in sorted(concluded, key=code_sort_key)]
    concl_table = Table(
        "Undersøkelser konkludert i perioden etter konklusjon",
        ["Kode", "Konklusjon", "Undersøkelser", "Andel", "Konkludert etter fristen"], concl_rows,
        "Undersøkelser med konklusjonsdato i perioden.", "undersokelser_konklusjon")

    quarter_rows = [[p.label, n, late, Share(late, n)]
                    for p, (n, late) in zip(period.quarters(), counts.quarters, strict=True)]
    quarter_table = Table(
        "Fristbrudd i undersøkelser per kvartal",
        ["Kvartal", "Konkludert", "Konkludert etter fristen", "Andel med fristbrudd"],
        quarter_rows,
        "Fristbrudd telles når undersøkelsen konkluderes, ikke når fristen passeres.",
        "undersokelser_kvartal")
    return summary, concl_table, quarter_table


def tiltak_tables(cases: Sequence[CaseFile], period: Period, measured: date) -> tuple[Table, ...]:
    return tiltak_tables_from(count_tiltak(cases, period, measured), measured)


def tiltak_tables_from(counts: TiltakCounts, measured: date) -> tuple[Table, ...]:
    """The Tiltak tables laid out from their counts (``count_tiltak``)."""
    def kind(k: str) -> tuple[int, int]:
        return counts.by_kind.get(k, (0, 0))

    summary = Table(
        "Barn med tiltak", ["Beskrivelse", "I perioden", "På måledato"],
        [["Barn med hjelpetiltak", *kind("hjelpetiltak")],
         ["Barn med omsorgstiltak (omsorgsovertakelse)", *kind("omsorgstiltak")],
         ["Barn med andre tiltak (f.eks. akuttvedtak etter bvl kap. 4)", *kind("andre")],
         ["Barn med tiltak i alt", *kind("alle")]],
        f"I perioden: tiltaket løp minst én dag i perioden. På måledato: aktivt {fmt(measured)}. "
        "Hjelpetiltak: tiltak vedtatt etter bvl kapittel 3 (frivillige og pålagte hjelpetiltak, "
        "også frivillige plasseringer; før 2023 bvl 1992 § 4-4 og § 1-3). Omsorgstiltak: "
        "omsorgsovertakelse (bvl § 5-1). Andre tiltak: øvrige hjemler, som akuttvedtak "
        "(kapittel 4) og plassering etter kapittel 6. Et barn kan telles i flere grupper.",
        "tiltak_oversikt")

    placements = Table(
        "Barn i fosterhjem, institusjon og beredskapshjem",
        ["Plassering", "Tiltakskoder", "Barn i perioden", "Barn på måledato"],
        [[label, codes_text(codes), *n]
         for (label, codes), n in zip(PLACEMENTS, counts.placements, strict=True)],
        f"Fosterhjem omfatter alle fosterhjemskategorier ({FOSTERHJEM_TEXT}), også "
        "beredskapshjem (2.5) og midlertidig hjem i familie og nære nettverk (2.6) – de samme "
        "kodene som besøksindikatorene. «herav»-radene er med i fosterhjemsraden og vises i "
        "tillegg hver for seg. Et barn som har bodd flere steder i perioden telles på hvert sted.",
        "tiltak_plassering")

    akutt_table = Table(
        "Akuttvedtak", ["Beskrivelse", "Antall"],
        [["Akuttvedtak i perioden", counts.akutt], ["Barn med akuttvedtak i perioden",
                                                    counts.akutt_children]],
        "Vedtaksdato i perioden.", "tiltak_akutt")

    kategori = code_list("tiltak_kategori")

    def group_name(g: str) -> str:
        return kategori.get(g).navn if g in kategori else f"{g} (ukjent kode)"

    groups = sorted(counts.by_group, key=code_sort_key)
    group_table = Table(
        "Barn etter tiltakskategori (hovedgruppe)",
        ["Kode", "Hovedgruppe", "Barn i perioden", "Barn på måledato"],
        [[g, group_name(g), *counts.by_group[g]] for g in groups],
        "Alle tiltak (hjelpetiltak og omsorgstiltak). Et barn med tiltak i flere grupper telles i "
        "hver gruppe; summen kan derfor være større enn antall barn.", "tiltak_hovedgruppe")

    code_order = sorted(counts.by_code, key=code_sort_key)
    code_table = Table(
        "Barn etter tiltakskode",
        ["Kode", "Tiltak", "Hovedgruppe", "Barn i perioden", "Barn på måledato"],
        [[c, code_name("tiltak_kategori", c, TILTAK_NAMES),
          short_name(group_name(c.split(".", 1)[0]), 40), *counts.by_code[c]]
         for c in code_order],
        "SSBs tiltakskategorier (Tiltak/Kategori).", "tiltak_kode")
    return summary, placements, akutt_table, group_table, code_table


def besok_tables_from(counts: VisitCounts, period: Period) -> tuple[Table, ...]:
    """The Besøk table laid out from its counts (``count_visits``)."""
    kinds = (VisitKind.TILSYN, VisitKind.OPPFOLGING)
    children = counts.children
    rows = [[kind.label, *counts.buckets[kind], children, counts.compliant[kind],
             Share(counts.compliant[kind], children)] for kind in kinds]
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


def ettervern_tables(cases: Sequence[CaseFile], measured: date) -> tuple[Table, ...]:
    return ettervern_tables_from(young_people(cases, measured), measured)


def ettervern_tables_from(people: Iterable[YoungPerson], measured: date) -> tuple[Table, ...]:
    """The Ettervern tables from the children with an active tiltak on ``measured`` (those
    neither 18–24 on that day nor turning 18 in the next 12 months may be left out)."""
    young = young_foster = young_housing = young_plan = 0
    horizon = add_months(measured, 12)
    blocks = [(add_months(measured, 3 * b), add_months(measured, 3 * (b + 1))) for b in range(4)]
    block_rows = [[0] * 5 for _ in blocks]
    for person in people:
        birth = person.birth
        age = age_or_none(birth, measured)
        if age is not None and 18 <= age <= 24:
            young += 1
            young_foster += person.foster
            young_housing += person.housing
            young_plan += person.aftercare_plan
        turns18 = birthday(birth, 18) if birth is not None else None
        if turns18 is not None and measured < turns18 <= horizon:
            b = next(n for n, (a, z) in enumerate(blocks) if a < turns18 <= z)
            row = block_rows[b]
            row[0] += 1
            row[1] += person.foster
            row[2] += person.institution
            row[3] += person.care
            row[4] += person.offer_sent
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
    return saksmengde_tables_from(count_workload(cases, measured, deadlines_of), measured)


def saksmengde_tables_from(workload: Workload, measured: date) -> tuple[Table, ...]:
    """The Saksmengde table from the counts per caseworker (``count_workload``); names that are
    the same without surrounding spaces are one caseworker, an empty name «(ikke tildelt)»."""
    merged: dict[str, list[int]] = {}
    for name, counts in workload.items():
        total = merged.setdefault(name.strip() or UNASSIGNED, [0, 0, 0, 0])
        for c, n in enumerate(counts):
            total[c] += n
    rows = [[who, *merged[who]]
            for who in sorted(merged, key=lambda w: (w == UNASSIGNED, w.casefold()))]
    table = Table(
        "Saker og frister per saksbehandler",
        ["Saksbehandler", "Aktive saker", "Åpne frister", "herav forfalt", "herav forfaller snart"],
        rows,
        f"Aktive saker {fmt(measured)} etter saksbehandler. Åpne frister: lovfrister som ikke var "
        "oppfylt på måledatoen; lokale frister (interne tidsstandarder) er ikke med.",
        "saksmengde")
    return (table,)

