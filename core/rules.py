"""The rule catalogue (fristregler): every deadline rule of RULES.md as data plus a pure function.

Each rule says what starts it, when it is due, what meets it and which paragraph says so. A rule's
function takes the facts of one case and the parameters in force and yields ``Draft``s; the
common ``compute_deadlines`` turns them into ``Deadline``s (roll-over, warning window).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from core.dates import add_days, add_months, fmt, next_working_day
from core.deadlines import Deadline
from core.identity import birthday
from core.model import (
    OMSORGSPLAN_TYPES,
    TILTAKSPLAN_TYPES,
    CaseFile,
    Frequency,
    Plan,
    Tiltak,
    Undersokelse,
    VisitKind,
)
from core.params import FORSKRIFT, LOKAL, LOV, RETNINGSLINJE, VERIFY, Params
from core.placements import TEMPORARY_RULE, THRESHOLD_PARAM, is_temporary

# Safety bound for recurring chains (a 25-year placement at 4 visits a year is 100 links).
MAX_CHAIN = 400


@dataclass(frozen=True)
class Draft:
    """A deadline as a rule function states it, before roll-over and warning window."""

    gjelder: str
    gjelder_id: int
    frist: date
    forklaring: str
    oppfylt_dato: date | None = None
    ikke_oppfylt_dato: date | None = None
    seq: int = 0
    ukjent: bool = False  # whether it was met is not known (see ``Deadline.ukjent``)


RuleFunction = Callable[[CaseFile, Params], Iterable[Draft]]


@dataclass(frozen=True)
class Rule:
    """One deadline rule: what starts it, when it is due, what meets it, and why."""

    id: str
    label: str
    hjemmel: str
    status: str
    starts: str
    met_by: str
    action: str
    compute: RuleFunction
    params: tuple[str, ...] = ()
    short_warning: bool = False
    rollover: bool = True
    enabled_param: str | None = None

    @property
    def lokal(self) -> bool:
        return self.status == LOKAL

    @property
    def warning_param(self) -> str:
        return "varsel.dager_kort" if self.short_warning else "varsel.dager_lang"


# --- meldinger ------------------------------------------------------------------------------------


def _melding_gjennomgang(case: CaseFile, params: Params) -> Iterator[Draft]:
    for m in case.meldinger:
        yield Draft("melding", _id(m.id), add_days(m.mottatt, 7),
                    f"Mottatt {fmt(m.mottatt)} + 7 dager (bvl § 2-1)", m.konklusjon_dato)


def _melding_tilbakemelding(case: CaseFile, params: Params) -> Iterator[Draft]:
    weeks = params.int("melding.tilbakemelding.uker")
    for m in case.meldinger:
        if not m.has_public_reporter:
            continue
        text = f"Mottatt {fmt(m.mottatt)} + {weeks} uker, offentlig melder"
        unknown = m.tilbakemelding_ukjent and m.tilbakemelding_dato is None
        if unknown:
            text += ("; ukjent om og når tilbakemelding ble gitt: meldingen er importert fra "
                     "en SSB-fil, som ikke har datoen. Registrer datoen om den er kjent.")
        yield Draft("melding", _id(m.id), add_days(m.mottatt, 7 * weeks), text,
                    m.tilbakemelding_dato, ukjent=unknown)


# --- undersøkelser --------------------------------------------------------------------------------


def investigation_dates(case: CaseFile, u: Undersokelse) -> tuple[date, date, bool]:
    """(received + 7 days, the 3-month due date, whether a valid extension applies).

    An extension counts only if it was decided on or before the 3-month due date (bvl § 2-2).
    """
    melding = case.melding(u.melding_id)
    received = melding.mottatt if melding else add_days(u.startdato, -7)
    base = add_days(received, 7)
    due3 = add_months(base, 3)
    extended = u.utvidet_dato is not None and u.utvidet_dato <= due3
    return base, due3, extended


def investigation_due(case: CaseFile, u: Undersokelse) -> date:
    """The legal due date of an investigation: 3 months, or 6 with a valid extension."""
    base, due3, extended = investigation_dates(case, u)
    return add_months(base, 6) if extended else due3


def _undersokelse_frist(case: CaseFile, params: Params) -> Iterator[Draft]:
    for u in case.undersokelser:
        base, due3, extended = investigation_dates(case, u)
        if extended:
            continue
        text = f"Meldingsfrist {fmt(base)} + 3 måneder (bvl § 2-2)"
        if u.utvidet_dato is not None:
            text += (f"; utvidelse registrert {fmt(u.utvidet_dato)}, etter at fristen var passert, "
                     "gjelder ikke")
        yield Draft("undersokelse", _id(u.id), due3, text, u.konklusjon_dato)


def _undersokelse_utvidet(case: CaseFile, params: Params) -> Iterator[Draft]:
    for u in case.undersokelser:
        base, _, extended = investigation_dates(case, u)
        if extended:
            yield Draft("undersokelse", _id(u.id), add_months(base, 6),
                        f"Meldingsfrist {fmt(base)} + 6 måneder, utvidet {fmt(u.utvidet_dato)} "
                        f"(bvl § 2-2)", u.konklusjon_dato)


# --- planer ---------------------------------------------------------------------------------------


def _plan_required(case: CaseFile, tiltak: Iterable[Tiltak], plan_types: frozenset[str],
                   grace_days: int, plan_name: str, hjemmel: str) -> Iterator[Draft]:
    """A plan of one of ``plan_types`` must exist while each given tiltak runs."""
    for t in tiltak:
        decided = decision_date(case, t)
        due = add_days(decided, grace_days)
        met = min((max(p.startdato, decided) for p in case.planer
                   if p.plantype in plan_types and _overlaps(p, t)), default=None)
        ended_unmet = None
        if met is None and t.sluttdato is not None:
            if t.sluttdato < due:
                continue  # the measure ended before a plan was due
            ended_unmet = t.sluttdato
        text = f"Vedtak om tiltak {fmt(decided)}"
        text += f" + {grace_days} dager" if grace_days else ", plan kreves fra vedtaket"
        yield Draft("tiltak", _id(t.id), due, f"{text}: {plan_name} ({hjemmel})", met, ended_unmet)


def _tiltaksplan_mangler(case: CaseFile, params: Params) -> Iterator[Draft]:
    hjelpetiltak = [t for t in case.tiltak if t.er_hjelpetiltak]
    yield from _plan_required(case, hjelpetiltak, TILTAKSPLAN_TYPES,
                              params.int("tiltaksplan.mangler.dager"), "tiltaksplan", "bvl § 8-1")


def _omsorgsplan_mangler(case: CaseFile, params: Params) -> Iterator[Draft]:
    omsorg = [t for t in case.tiltak if t.er_omsorgstiltak]
    yield from _plan_required(case, omsorg, OMSORGSPLAN_TYPES,
                              params.int("omsorgsplan.mangler.dager"), "omsorgsplan", "bvl § 8-3")


def _plan_evaluations(case: CaseFile, plan_types: frozenset[str], default_months: int,
                      hjemmel: str) -> Iterator[Draft]:
    for p in case.planer:
        if p.plantype not in plan_types:
            continue
        months = p.evalueringsintervall_mnd or default_months
        source = "planens eget intervall" if p.evalueringsintervall_mnd else "standardintervall"

        def step(anchor: date, first: bool, months: int = months, source: str = source,
                 ) -> tuple[date, str]:
            what = "Plan opprettet" if first else "Siste evaluering"
            return (add_months(anchor, months),
                    f"{what} {fmt(anchor)} + {months} måneder ({source}, {hjemmel})")

        yield from chain("plan", _id(p.id), p.startdato, p.sluttdato, sorted(p.evalueringer), step)


def _tiltaksplan_evaluering(case: CaseFile, params: Params) -> Iterator[Draft]:
    yield from _plan_evaluations(case, TILTAKSPLAN_TYPES, params.int("tiltaksplan.evaluering.mnd"),
                                 "bvl § 8-1")


def _omsorgsplan_evaluering(case: CaseFile, params: Params) -> Iterator[Draft]:
    yield from _plan_evaluations(case, OMSORGSPLAN_TYPES, params.int("omsorgsplan.evaluering.mnd"),
                                 "bvl § 8-3")


# --- besøk i fosterhjem ---------------------------------------------------------------------------

DEFAULT_VISITS_PER_YEAR = 4


def frequency_on(history: tuple[Frequency, ...], day: date) -> int:
    """Visits per year in force on ``day``; before the first entry (or none) the standard 4."""
    value = DEFAULT_VISITS_PER_YEAR
    for f in sorted(history, key=lambda f: f.startdato):
        if f.startdato <= day:
            value = f.per_aar
    return value


def _visits(kind: VisitKind) -> RuleFunction:
    def compute(case: CaseFile, params: Params) -> Iterator[Draft]:
        for t in case.tiltak:
            if not t.er_fosterhjem:
                continue
            history = t.frequency(kind)

            def step(anchor: date, first: bool, history: tuple[Frequency, ...] = history,
                     ) -> tuple[date, str]:
                per_year = frequency_on(history, anchor)
                months = 12 // per_year
                what = "Plassert" if first else "Siste besøk"
                text = (f"{what} {fmt(anchor)} + {months} måneder ({per_year} "
                        f"{kind.label.lower()} per år, fosterhjemsforskriften)")
                return add_months(anchor, months), text

            yield from chain("tiltak", _id(t.id), t.startdato, t.sluttdato,
                             case.visits(t.id, kind), step)

    return compute


# --- akuttvedtak ----------------------------------------------------------------------------------


def _akutt_godkjenning(case: CaseFile, params: Params) -> Iterator[Draft]:
    for v in case.vedtak:
        if v.akutt is None:
            continue
        decided = v.akutt.tidspunkt
        sent = v.akutt.sendt_nemnd.date() if v.akutt.sendt_nemnd else None
        yield Draft("vedtak", _id(v.id), decided.date(),
                    f"Akuttvedtak {fmt(decided.date())} kl. {decided:%H:%M} sendes nemnda straks "
                    "(bvl kap. 4); nemnda avgjør om mulig innen 48 timer", sent)


def _akutt_begjaering(case: CaseFile, params: Params) -> Iterator[Draft]:
    for v in case.vedtak:
        if v.akutt is None or v.status_kode == "4":  # 4 = avslått/avsluttet: no petition owed
            continue
        if v.akutt.institusjon_atferd:
            weeks = params.int("akutt.begjaering.uker_atferd")
            text = f"Akuttvedtak {fmt(v.dato)} + {weeks} uker (institusjon, atferd; bvl kap. 4)"
        else:
            weeks = params.int("akutt.begjaering.uker")
            text = f"Akuttvedtak {fmt(v.dato)} + {weeks} uker (bvl kap. 4); vedtaket faller bort"
        due = add_days(v.dato, 7 * weeks)
        lapsed = due if v.status_kode == "3" and v.akutt.begjaering_sendt is None else None
        yield Draft("vedtak", _id(v.id), due, text, v.akutt.begjaering_sendt, lapsed)


# --- alder: ettervern og omsorg -------------------------------------------------------------------


def missing_birth_date(case: CaseFile) -> bool:
    """True when the age rules (18 and 25 years) apply to the case but cannot be computed:
    the child has measures and no known birth date (e.g. only a DUF-nummer)."""
    return case.sak.fodselsdato is None and bool(case.tiltak)


def _ettervern_vurdering(case: CaseFile, params: Params) -> Iterator[Draft]:
    # Without a birth date nothing can be computed; the register lists such children apart
    # (``missing_birth_date``) so the omission is never silent.
    if case.sak.fodselsdato is None:
        return
    months = params.int("ettervern.vurdering.mnd")
    turns18 = birthday(case.sak.fodselsdato, 18)
    due = add_months(turns18, -months)
    relevant = [t for t in case.tiltak
                if t.startdato < turns18 and (t.sluttdato is None or t.sluttdato >= due)]
    if not relevant:
        return
    first_start = min(t.startdato for t in relevant)
    text = f"Fyller 18 år {fmt(turns18)} − {months} måneder (bvl § 3-6, «i god tid»)"
    if first_start > due:
        due = first_start
        text = f"Tiltak startet {fmt(first_start)}, under {months} måneder før 18 år (bvl § 3-6)"
    offered = min((e.tilbud_sendt for e in case.ettervern), default=None)
    yield Draft("sak", _id(case.sak.id), due, text, offered)


def _ettervern_slutt(case: CaseFile, params: Params) -> Iterator[Draft]:
    if case.sak.fodselsdato is None:
        return
    turns18 = birthday(case.sak.fodselsdato, 18)
    turns25 = birthday(case.sak.fodselsdato, 25)
    for t in case.tiltak:
        runs_past_18 = t.sluttdato is None or t.sluttdato > turns18
        if t.er_omsorgstiltak or not runs_past_18 or t.startdato > turns25:
            continue
        yield Draft("tiltak", _id(t.id), turns25,
                    f"Fyller 25 år {fmt(turns25)}: tiltak etter barnevernsloven opphører "
                    "(bvl § 3-6)", t.sluttdato)


def _omsorg_18(case: CaseFile, params: Params) -> Iterator[Draft]:
    if case.sak.fodselsdato is None:
        return
    turns18 = birthday(case.sak.fodselsdato, 18)
    for t in case.tiltak:
        if t.er_omsorgstiltak:
            yield Draft("tiltak", _id(t.id), turns18,
                        f"Fyller 18 år {fmt(turns18)}: omsorgstiltak opphører", t.sluttdato)


# --- institusjon ----------------------------------------------------------------------------------

PARAGRAPH_6_2 = ("BVL2021", "6", "2")


def _institusjon_revurdering(case: CaseFile, params: Params) -> Iterator[Draft]:
    months = params.int("institusjon.revurdering.mnd")
    in_force = params.date("institusjon.revurdering.fra")
    for t in case.tiltak:
        if not (t.er_institusjon and t.lovhjemmel.is_paragraph(*PARAGRAPH_6_2)):
            continue
        if t.startdato < in_force:  # the amendment applies to placements from its in-force date
            continue
        due = add_months(t.startdato, months)
        renewed = min((v.dato for v in case.vedtak
                       if v.id != t.vedtak_id and v.dato > t.startdato
                       and v.lovhjemmel.is_paragraph(*PARAGRAPH_6_2)), default=None)
        ended_unmet = None
        if renewed is None and t.sluttdato is not None:
            if t.sluttdato <= due:
                continue
            ended_unmet = t.sluttdato
        yield Draft("tiltak", _id(t.id), due,
                    f"Plassert {fmt(t.startdato)} + {months} måneder (bvl § 6-2; gjelder "
                    f"plasseringer fra {fmt(in_force)})", renewed, ended_unmet)


# --- midlertidige plasseringer (lokal rutine) -----------------------------------------------------


def _midlertidig_varighet(case: CaseFile, params: Params) -> Iterator[Draft]:
    """A temporary placement (``core.placements.is_temporary``) that lasts the set number of
    days: an alert of the service's own routine, not a legal deadline. A placement that ended
    by then has none; one that ended later is closed as not met on its end date."""
    days = params.int(THRESHOLD_PARAM)
    for t in case.tiltak:
        if not is_temporary(t):
            continue
        due = add_days(t.startdato, days)
        if t.sluttdato is not None and t.sluttdato <= due:
            continue
        yield Draft("tiltak", _id(t.id), due,
                    f"Midlertidig plassering fra {fmt(t.startdato)} + {days} dager (lokal "
                    "rutine, ikke lovfrist)", None, t.sluttdato)


# --- shared helpers -------------------------------------------------------------------------------


def chain(gjelder: str, gjelder_id: int, start: date, end: date | None, events: list[date],
          step: Callable[[date, bool], tuple[date, str]]) -> Iterator[Draft]:
    """Recurring deadlines: each due ``step`` after the previous event (or ``start``).

    Each link is met by the first event after its anchor (an event on ``start`` itself does not
    count: a visit on the day of placement is not a follow-up). The chain stops at ``end``: a link
    falling due after the end is dropped when nothing was done; a link due before the end and never
    met is closed as not met on the end date.
    """
    anchor, first = start, True
    pending = sorted(e for e in events if e >= start)
    for seq in range(MAX_CHAIN):
        due, text = step(anchor, first)
        met = next((e for e in pending if e > anchor), None)
        if met is not None and end is not None and met > end:
            met = None
        if met is None:
            if end is not None:
                if due <= end:
                    yield Draft(gjelder, gjelder_id, due, text, None, end, seq)
                return
            yield Draft(gjelder, gjelder_id, due, text, None, None, seq)
            return
        yield Draft(gjelder, gjelder_id, due, text, met, None, seq)
        anchor, first = met, False
        pending = [e for e in pending if e > met]
    return


def decision_date(case: CaseFile, t: Tiltak) -> date:
    """The day a measure was decided: its vedtak's date if earlier than its start."""
    v = next((v for v in case.vedtak if v.id is not None and v.id == t.vedtak_id), None)
    return min(v.dato, t.startdato) if v else t.startdato


def _overlaps(p: Plan, t: Tiltak) -> bool:
    return ((t.sluttdato is None or p.startdato <= t.sluttdato)
            and (p.sluttdato is None or p.sluttdato >= t.startdato))


def _id(value: int | None) -> int:
    return value if value is not None else 0


# --- the catalogue --------------------------------------------------------------------------------

CATALOGUE: tuple[Rule, ...] = (
    Rule("melding.gjennomgang", "Gjennomgå melding", "bvl § 2-1", LOV,
         "Melding mottatt", "Melding konkludert (henlagt eller undersøkes)", "konkluder_melding",
         _melding_gjennomgang, short_warning=True),
    Rule("melding.tilbakemelding", "Tilbakemelding til offentlig melder",
         "bvl 2021 (tidligere § 6-7a)", VERIFY, "Melding fra offentlig melder mottatt",
         "Tilbakemelding sendt", "registrer_tilbakemelding", _melding_tilbakemelding,
         ("melding.tilbakemelding.uker",), short_warning=True,
         enabled_param="melding.tilbakemelding.aktiv"),
    Rule("undersokelse.frist", "Konkluder undersøkelse (3 måneder)", "bvl § 2-2", LOV,
         "Meldingsfristen på én uke er ute", "Undersøkelse konkludert", "konkluder_undersokelse",
         _undersokelse_frist),
    Rule("undersokelse.utvidet", "Konkluder undersøkelse (utvidet, 6 måneder)", "bvl § 2-2", LOV,
         "Utvidet frist vedtatt før tremånedersfristen", "Undersøkelse konkludert",
         "konkluder_undersokelse", _undersokelse_utvidet),
    Rule("tiltaksplan.mangler", "Tiltaksplan mangler", "bvl § 8-1", LOV,
         "Vedtak om hjelpetiltak", "Tiltaksplan opprettet", "opprett_plan", _tiltaksplan_mangler,
         ("tiltaksplan.mangler.dager",)),
    Rule("tiltaksplan.evaluering", "Evaluer tiltaksplan", "bvl § 8-1; Q-0982 «hvert kvartal»",
         RETNINGSLINJE, "Plan opprettet eller sist evaluert", "Evaluering registrert",
         "registrer_evaluering", _tiltaksplan_evaluering, ("tiltaksplan.evaluering.mnd",)),
    Rule("omsorgsplan.mangler", "Omsorgsplan mangler", "bvl § 8-3", LOV,
         "Vedtak om omsorgsovertakelse", "Omsorgsplan opprettet", "opprett_plan",
         _omsorgsplan_mangler, ("omsorgsplan.mangler.dager",)),
    Rule("omsorgsplan.evaluering", "Gjennomgå omsorgsplan", "bvl § 8-3", VERIFY,
         "Plan opprettet eller sist gjennomgått", "Evaluering registrert", "registrer_evaluering",
         _omsorgsplan_evaluering, ("omsorgsplan.evaluering.mnd",)),
    Rule("oppfolging.besok", "Oppfølgingsbesøk i fosterhjem", "fosterhjemsforskriften 2023",
         FORSKRIFT, "Plassering i fosterhjem eller siste besøk", "Oppfølgingsbesøk registrert",
         "registrer_besok", _visits(VisitKind.OPPFOLGING)),
    Rule("tilsyn.besok", "Tilsynsbesøk i fosterhjem", "fosterhjemsforskriften 2023", FORSKRIFT,
         "Plassering i fosterhjem eller siste tilsyn", "Tilsynsbesøk registrert",
         "registrer_besok", _visits(VisitKind.TILSYN)),
    Rule("akutt.godkjenning", "Send akuttvedtak til nemnda", "bvl kap. 4", LOV,
         "Akuttvedtak fattet", "Sendt til barneverns- og helsenemnda", "registrer_akutt",
         _akutt_godkjenning, short_warning=True, rollover=False),
    Rule("akutt.begjaering", "Begjæring til nemnda etter akuttvedtak",
         "bvl kap. 4 (tidligere § 4-6 fjerde og femte ledd)", VERIFY, "Akuttvedtak fattet",
         "Begjæring sendt", "registrer_akutt", _akutt_begjaering,
         ("akutt.begjaering.uker", "akutt.begjaering.uker_atferd"), short_warning=True),
    Rule("ettervern.vurdering", "Vurder ettervern før 18 år", "bvl § 3-6", LOV,
         "Barn med tiltak nærmer seg 18 år", "Tilbud om ettervern sendt", "registrer_ettervern",
         _ettervern_vurdering, ("ettervern.vurdering.mnd",)),
    Rule("ettervern.slutt", "Tiltak opphører ved 25 år", "bvl § 3-6", LOV,
         "Tiltak som varer etter 18 år", "Tiltaket avsluttet", "avslutt_tiltak", _ettervern_slutt,
         rollover=False),
    Rule("omsorg.18", "Omsorgstiltak opphører ved 18 år",
         "bvl (omsorgen opphører når barnet fyller 18 år)", LOV, "Omsorgsovertakelse",
         "Tiltaket avsluttet", "avslutt_tiltak", _omsorg_18,
         rollover=False),
    Rule("institusjon.revurdering", "Ny vurdering av institusjonsplassering uten samtykke",
         "bvl § 6-2 (Innst. 524 L (2024–2025))", VERIFY,
         "Plassering etter bvl § 6-2 som starter på eller etter endringens ikrafttredelse",
         "Nytt vedtak etter § 6-2 eller tiltaket avsluttet", "registrer_vedtak",
         _institusjon_revurdering,
         ("institusjon.revurdering.mnd", "institusjon.revurdering.fra")),
    Rule(TEMPORARY_RULE, "Lang midlertidig plassering",
         "Lokal rutine (ikke lovfrist)", LOKAL,
         "Plassering i beredskapshjem, midlertidig hjem eller etter akuttvedtak",
         "Plasseringen avsluttet (barnet flyttet)", "avslutt_tiltak", _midlertidig_varighet,
         (THRESHOLD_PARAM,), rollover=False),
)

RULES_BY_ID = {r.id: r for r in CATALOGUE}


def rule_label(rule_id: str) -> str:
    """The Norwegian label of a catalogue rule; the id itself for a rule no longer known."""
    rule = RULES_BY_ID.get(rule_id)
    return rule.label if rule else rule_id


def active_rules(params: Params) -> list[Rule]:
    """The rules switched on by the parameters in force."""
    return [r for r in CATALOGUE if r.enabled_param is None or params[r.enabled_param]]


def compute_deadlines(case: CaseFile, params: Params, local_rules: Iterable[Rule] = (),
                      only: Collection[str] | None = None) -> list[Deadline]:
    """Every deadline of one case (legal rules in force plus any local rules), or only those of
    the rule ids in ``only``.

    Does not depend on today; use ``Deadline.status(today)``.
    """
    sak_id = _id(case.sak.id)
    rollover = bool(params["frist.rull_helligdag"])
    result = []
    for rule in [*active_rules(params), *local_rules]:
        if only is not None and rule.id not in only:
            continue
        warn = params.int(rule.warning_param)
        for d in rule.compute(case, params):
            due, text = d.frist, d.forklaring
            if rollover and rule.rollover:
                moved = next_working_day(due)
                if moved != due:
                    text += f"; {fmt(due)} er helg/helligdag, flyttet til {fmt(moved)}"
                    due = moved
            result.append(Deadline(rule.id, sak_id, d.gjelder, d.gjelder_id, d.seq, due,
                                   due - timedelta(days=warn), text, d.oppfylt_dato,
                                   d.ikke_oppfylt_dato, rule.lokal, d.ukjent))
    return result

