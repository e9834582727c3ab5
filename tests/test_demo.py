"""The synthetic demo municipality: deterministic, valid, realistic in its proportions."""

from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from core.codes import FOSTERHJEM_CODES, check_code, code_list
from core.dates import add_months
from core.deadlines import Status
from core.demo import (
    FIRST_DAY,
    FIRST_TODAY,
    KOMMUNENUMMER,
    LAST_TODAY,
    MAX_CHILDREN_PER_YEAR,
    TEAM_MOTTAK,
    TEAM_TILTAK,
    DemoArgumentError,
    DemoMunicipality,
    _Generator,
    check_arguments,
    generate_municipality,
    max_years,
)
from core.identity import age_on, birthday, parse_duf, parse_person_id
from core.model import CaseFile, Frequency
from core.params import Params
from core.rules import compute_deadlines
from core.validation import validate

TODAY = date(2026, 11, 23)
YEARS = 4


@pytest.fixture(scope="module")
def town() -> DemoMunicipality:
    return generate_municipality(today=TODAY)


@pytest.fixture(scope="module")
def statuses(town):
    """(rule id, gjelder id, status on TODAY) of every deadline in the default municipality."""
    params = Params.defaults()
    return [(d.rule_id, d.gjelder_id, d.status(TODAY))
            for case in town.cases for d in compute_deadlines(case, params)]


@pytest.fixture(scope="module")
def decade():
    """A smaller municipality over ten years: crosses the law change (2023) and old code lists."""
    return generate_municipality(today=TODAY, children_per_year=40, years=10, seed=5)


def _parts(case: CaseFile) -> list[object]:
    return [*case.meldinger, *case.undersokelser, *case.vedtak, *case.tiltak, *case.planer,
            *case.besok, *case.ettervern]


def _dates(value: object):
    """Every date (and datetime, as a date) held anywhere in a model object."""
    if isinstance(value, datetime):
        yield value.date()
    elif isinstance(value, date):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _dates(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _dates(getattr(value, f.name))


# --- determinism and the API ---------------------------------------------------------------------


def test_same_seed_same_municipality_other_seed_differs(town):
    assert generate_municipality(today=TODAY) == town
    other = generate_municipality(today=TODAY, seed=2)
    assert other != town
    assert [c.sak.fodselsnummer for c in other.cases] != [c.sak.fodselsnummer for c in town.cases]


def test_rejects_empty_sizes():
    with pytest.raises(ValueError):
        generate_municipality(today=TODAY, children_per_year=0)
    with pytest.raises(ValueError):
        generate_municipality(today=TODAY, years=0)


@pytest.mark.parametrize(("kwargs", "argument"), [
    ({"children_per_year": MAX_CHILDREN_PER_YEAR + 1}, "barn"),
    ({"children_per_year": 140_000}, "barn"),
    ({"years": 100, "children_per_year": 1}, "ar"),
    ({"years": 14}, "ar"),
    ({"today": date(5455, 1, 22)}, "dato"),
    ({"today": LAST_TODAY + timedelta(days=1)}, "dato"),
    ({"today": FIRST_TODAY - timedelta(days=1), "years": 1}, "dato"),
])
def test_arguments_outside_the_limits_name_the_argument(kwargs, argument):
    args = {"today": TODAY, "children_per_year": 120, "years": YEARS} | kwargs
    started = time.perf_counter()
    with pytest.raises(DemoArgumentError) as refused:
        generate_municipality(**args)
    assert refused.value.argument == argument
    assert time.perf_counter() - started < 1  # refused before any work


def test_max_years_keeps_the_history_on_the_code_lists():
    assert max_years(TODAY) == 13
    assert max_years(FIRST_TODAY) == 1 and max_years(FIRST_TODAY - timedelta(days=1)) == 0
    for today in (TODAY, FIRST_TODAY, LAST_TODAY, date(2030, 2, 28)):
        years = max_years(today)
        check_arguments(today=today, children_per_year=1, years=years)
        start = add_months(today, -12 * years) + timedelta(days=1)
        assert FIRST_DAY <= start < add_months(FIRST_DAY, 12)


@pytest.mark.parametrize(("today", "years"), [(FIRST_TODAY, 1), (LAST_TODAY, 27), (TODAY, 13)])
def test_municipality_valid_at_the_limits(today, years):
    town = generate_municipality(today=today, children_per_year=40, years=years, seed=8)
    for case in town.cases:
        for obj in (case.sak, *_parts(case)):
            new = dataclasses.replace(obj, id=None)
            for e in validate(new, None if obj is case.sak else case, today):
                assert (type(obj).__name__, e.field) == ("Vedtak", "status_kode"), e


def test_caseworker_names_never_run_out():
    # 140,000 children a year would need 3,501 names: drawing at random never ended before
    started = time.perf_counter()
    many = _Generator(TODAY, 138_000, 1, seed=1)._caseworkers()
    assert len({w.navn for w in many}) == len(many) == 3451
    with pytest.raises(ValueError):
        _Generator(TODAY, 140_000, 1, seed=1)._caseworkers()
    assert time.perf_counter() - started < 5


def test_largest_municipality_allowed_works():
    # four times Oslo: one caseworker per 40 children, and the leader (10 years of it were
    # generated and stored through «demo --barn 8000 --ar 10» in about a minute)
    biggest = generate_municipality(today=TODAY, children_per_year=MAX_CHILDREN_PER_YEAR,
                                    years=1, seed=6)
    assert len(biggest.cases) == MAX_CHILDREN_PER_YEAR
    names = [w.navn for w in biggest.caseworkers]
    assert len(set(names)) == len(names) == MAX_CHILDREN_PER_YEAR // 40 + 1


def test_tiny_municipality_works():
    tiny = generate_municipality(today=TODAY, children_per_year=1, years=1, seed=9)
    assert len(tiny.cases) == 1 and tiny.cases[0].meldinger
    assert len([w for w in tiny.caseworkers if not w.er_leder]) == 3


def test_caseworkers_teams_and_leader(town):
    workers = town.caseworkers
    names = [w.navn for w in workers]
    assert len(set(names)) == len(names)
    leaders = [w for w in workers if w.er_leder]
    staff = [w for w in workers if not w.er_leder]
    assert len(leaders) == 1 and len(staff) == 3
    assert {w.team for w in staff} == {TEAM_MOTTAK, TEAM_TILTAK}
    staff_names = {w.navn for w in staff}
    assert all(c.sak.saksbehandler in staff_names for c in town.cases)
    team_of = {w.navn: w.team for w in staff}
    assert all(team_of[c.sak.saksbehandler] == c.sak.team for c in town.cases)
    # cases with measures belong to the tiltak team
    assert all(c.sak.team == TEAM_TILTAK for c in town.cases if c.tiltak)


def test_caseworkers_scale_with_size():
    big = generate_municipality(today=TODAY, children_per_year=400, years=1, seed=4)
    assert len([w for w in big.caseworkers if not w.er_leder]) == 10
    assert len(big.cases) == 400


# --- identities, ids, dates ----------------------------------------------------------------------


def test_identity_numbers_valid_and_match_birth_date_and_sex(town):
    kinds = Counter()
    for case in town.cases:
        sak = case.sak
        if sak.duf_nummer:
            kinds["duf"] += 1
            assert parse_duf(sak.duf_nummer) == sak.duf_nummer
            if not sak.fodselsnummer:
                kinds["duf_only"] += 1
                kinds["no_birth_date"] += sak.fodselsdato is None
                assert validate(sak, None, TODAY) == []
                continue
        person = parse_person_id(sak.fodselsnummer, TODAY)
        kinds[person.kind] += 1
        assert person.birth_date == sak.fodselsdato
        assert person.sex == sak.kjonn
        assert 0 <= age_on(sak.fodselsdato, sak.startdato) <= 17
        assert sak.startdato == min(m.mottatt for m in case.meldinger)
    assert kinds["fnr"] > kinds["dnr"]
    # a few asylum-seeking children: DUF only, some without a known birth date, some with both
    assert kinds["duf_only"] >= 2 and kinds["no_birth_date"] >= 1
    assert kinds["duf"] > kinds["duf_only"]
    assert Counter(c.sak.kjonn for c in town.cases).keys() == {"1", "2"}


def test_names_and_journal_numbers(town):
    journal = [c.sak.journalnummer for c in town.cases]
    assert len(set(journal)) == len(journal)
    for case in town.cases:
        assert re.fullmatch(r"\d{4}/\d{5}", case.sak.journalnummer)
        assert case.sak.journalnummer.startswith(str(case.sak.startdato.year))
        assert re.fullmatch(r"[A-ZÆØÅ][a-zæøå]+ [A-ZÆØÅ][a-zæøå]+", case.sak.navn)


def test_ids_unique_per_type_from_one_and_foreign_ids_consistent(town):
    by_type: dict[str, list[int]] = {}
    for case in town.cases:
        sak_id = case.sak.id
        by_type.setdefault("Sak", []).append(sak_id)
        for part in _parts(case):
            by_type.setdefault(type(part).__name__, []).append(part.id)
            if hasattr(part, "sak_id"):
                assert part.sak_id == sak_id
        meldinger = {m.id: m for m in case.meldinger}
        for u in case.undersokelser:
            assert meldinger[u.melding_id].konklusjon_kode == "2"
            assert u.startdato == meldinger[u.melding_id].konklusjon_dato
        vedtak_ids = {v.id for v in case.vedtak}
        tiltak = {t.id: t for t in case.tiltak}
        assert all(t.vedtak_id in vedtak_ids for t in case.tiltak)
        for b in case.besok:
            assert tiltak[b.tiltak_id].kategori_kode in FOSTERHJEM_CODES
    assert set(by_type) == {"Sak", "Melding", "Undersokelse", "Vedtak", "Tiltak", "Plan",
                            "Besok", "Ettervern"}
    for kind, ids in by_type.items():
        assert sorted(ids) == list(range(1, len(ids) + 1)), kind


def test_nothing_dated_after_today(town):
    for case in town.cases:
        days = [d for obj in (case.sak, *_parts(case)) for d in _dates(obj)]
        assert max(days) <= TODAY, case.sak.journalnummer


def test_dates_ordered(town):
    for case in town.cases:
        for m in case.meldinger:
            assert m.konklusjon_dato is None or 0 <= (m.konklusjon_dato - m.mottatt).days <= 10
        for t in case.tiltak:
            assert t.sluttdato is None or t.sluttdato >= t.startdato
        for p in case.planer:
            assert list(p.evalueringer) == sorted(set(p.evalueringer))
            assert all(p.startdato <= e for e in p.evalueringer)
        if case.sak.sluttdato is not None:
            assert all(t.sluttdato is not None for t in case.tiltak)
            assert all(m.konklusjon_dato for m in case.meldinger)


# --- validity: the product's own validation, with codes judged as new entries ---------------------


def _problems(municipality: DemoMunicipality) -> Counter:
    found = Counter()
    for case in municipality.cases:
        for obj in (case.sak, *_parts(case)):
            new = dataclasses.replace(obj, id=None)  # a new entry: codes must be valid on its date
            for e in validate(new, None if obj is case.sak else case, TODAY):
                found[(type(obj).__name__, e.field, e.message)] += 1
    return found


def test_every_object_passes_validation(town):
    assert _problems(town) == Counter()


def test_ten_years_valid_across_law_and_code_list_changes(decade):
    problems = _problems(decade)
    # SSB's Vedtaksstatus list starts 01.01.2022; older decisions keep the (required) status code.
    for kind, fld, message in problems:
        assert (kind, fld) == ("Vedtak", "status_kode") and "01.01.2022" in message
    for case in decade.cases:
        for v in case.vedtak:
            assert v.lovhjemmel.lov == ("BVL2021" if v.dato >= date(2023, 1, 1) else "BVL")
    saksinnhold = Counter(s.kode for c in decade.cases for m in c.meldinger for s in m.saksinnhold)
    assert any("." in k for k in saksinnhold) and any("." not in k for k in saksinnhold)


def test_codes_valid_on_their_dates_with_presisering(town):
    def ok(key: str, kode: str, on: date, presisering: str | None = None) -> None:
        assert check_code(key, kode, on) is None, (key, kode, on)
        if presisering is not None and code_list(key).get(kode).krever_presisering:
            assert presisering.strip(), (key, kode)

    for case in town.cases:
        for m in case.meldinger:
            assert 1 <= len(m.melder) <= 2 and m.saksinnhold
            for value in m.melder:
                ok("melder", value.kode, m.mottatt, value.presisering)
            for value in m.saksinnhold:
                ok("saksinnhold", value.kode, m.mottatt, value.presisering)
            if m.konklusjon_kode:
                ok("melding_konklusjon", m.konklusjon_kode, m.konklusjon_dato)
        for u in case.undersokelser:
            if u.konklusjon_kode:
                ok("undersokelse_konklusjon", u.konklusjon_kode, u.konklusjon_dato)
            assert (u.utvidet_dato is None) == (not u.utvidet_grunn)
        for t in case.tiltak:
            ok("tiltak_kategori", t.kategori_kode, t.startdato, t.presisering)
            if t.opphevelse_kode:
                ok("opphevelse", t.opphevelse_kode, t.sluttdato, t.opphevelse_presisering)
        for p in case.planer:
            ok("plantype", p.plantype, p.startdato)
        for e in case.ettervern:
            if e.konklusjon_kode:
                ok("ettervern_konklusjon", e.konklusjon_kode, e.konklusjon_dato)


def test_saksinnhold_list_switches_to_kunnskapsmodellen_in_2026(town):
    for case in town.cases:
        for m in case.meldinger:
            new_list = m.mottatt >= date(2026, 1, 1)
            assert all(("." in s.kode) == new_list for s in m.saksinnhold)


# --- proportions (default size) ------------------------------------------------------------------


def test_sizes_and_melding_proportions(town):
    assert len(town.cases) == 120 * YEARS
    meldinger = [m for c in town.cases for m in c.meldinger]
    assert 150 <= len(meldinger) / YEARS <= 260
    assert 1.5 <= len(meldinger) / len(town.cases) <= 1.9
    concluded = [m for m in meldinger if m.konklusjon_kode]
    share2 = sum(m.konklusjon_kode == "2" for m in concluded) / len(concluded)
    assert 0.35 <= share2 <= 0.65
    late = sum((m.konklusjon_dato - m.mottatt).days > 7 for m in concluded) / len(concluded)
    assert 0.03 <= late <= 0.10
    melders = Counter(v.kode for m in meldinger for v in m.melder)
    assert melders.most_common(1)[0][0] == "8"  # politi
    for frequent in ("11", "2", "9", "23"):  # skole, foresatte, barnehage, anonym
        assert melders[frequent] > 0
    assert melders["15"] + melders["24"] + melders["10"] > 0.05 * len(meldinger)  # helse


def test_investigation_proportions(town):
    undersokelser = [u for c in town.cases for u in c.undersokelser]
    concluded = [u for u in undersokelser if u.konklusjon_kode]
    shares = Counter(u.konklusjon_kode for u in concluded)
    n = len(concluded)
    assert 0.15 <= shares["1"] / n <= 0.35
    assert 0.45 <= shares["3"] / n <= 0.75
    assert shares["4"] > 0 and shares["2"] > 0
    extended = [u for u in undersokelser if u.utvidet_dato is not None]
    assert 0.01 <= len(extended) / len(undersokelser) <= 0.10


def test_measures_follow_conclusions(town):
    for case in town.cases:
        for t in case.tiltak:
            if t.er_omsorgstiltak:
                assert t.kategori_kode in FOSTERHJEM_CODES | {"1.1"}
            if t.er_fosterhjem and t.kategori_kode != "2.5":
                assert t.tilsyn_ansvarlig_kommune.isdigit()
                assert t.oppfolging_hyppighet[0] == Frequency(t.startdato, 4)
    tiltak = [t for c in town.cases for t in c.tiltak]
    assert any(t.tilsyn_ansvarlig_kommune == KOMMUNENUMMER for t in tiltak)
    hjemler = Counter(str(t.lovhjemmel) for t in tiltak)
    for paragraph in ("bvl § 3-1", "bvl § 3-2", "bvl § 5-1", "bvl § 4-2"):
        assert hjemler[paragraph] > 0, paragraph
    frequencies = [f.per_aar for t in tiltak for f in (*t.oppfolging_hyppighet,
                                                        *t.tilsyn_hyppighet)]
    assert 2 in frequencies
    plantypes = Counter(p.plantype for c in town.cases for p in c.planer)
    assert plantypes["1"] > plantypes["4"] > 0 and plantypes["6"] > 0


def test_akutt_decisions(town):
    akutt = [(c, v) for c in town.cases for v in c.vedtak if v.akutt is not None]
    assert len(akutt) >= 4  # a few a year
    for case, v in akutt:
        assert v.akutt.tidspunkt.date() == v.dato
        assert v.akutt.type.startswith("§ 4-")
        placed = [t for t in case.tiltak if t.vedtak_id == v.id]
        assert placed and placed[0].kategori_kode in ("2.5", "1.1")
    sent_same_day = sum(v.akutt.sendt_nemnd is not None and v.akutt.sendt_nemnd.date() == v.dato
                        for _, v in akutt)
    assert sent_same_day >= len(akutt) / 3  # "straks": mostly the same day


def test_care_orders_end_at_18_and_young_people_get_ettervern(town):
    ended_at_18 = 0
    for case in town.cases:
        if case.sak.fodselsdato is None:  # a DUF child without a known birth date
            continue
        turns18 = birthday(case.sak.fodselsdato, 18)
        for t in case.tiltak:
            if t.er_omsorgstiltak:
                assert t.startdato < turns18
                if turns18 <= TODAY:
                    assert t.sluttdato is not None and t.sluttdato < turns18
                ended_at_18 += t.opphevelse_kode == "2"
    assert ended_at_18 >= 1
    aftercare = [c for c in town.cases if c.ettervern and c.sak.fodselsdato is not None
                 and any(t.startdato >= birthday(c.sak.fodselsdato, 18) for t in c.tiltak)]
    assert aftercare
    for case in town.cases:
        for e in case.ettervern:  # offered to a child with measures, after they began
            assert e.tilbud_sendt >= min(t.startdato for t in case.tiltak)
    # most offers are sent before the 18th birthday
    assert any(e.tilbud_sendt < birthday(c.sak.fodselsdato, 18)
               for c in aftercare for e in c.ettervern)


def test_some_cases_closed(town):
    closed = [c for c in town.cases if c.sak.sluttdato is not None]
    assert 0.1 * len(town.cases) <= len(closed) <= 0.9 * len(town.cases)


# --- deadlines on today ---------------------------------------------------------------------------


def _count(statuses, rule_id: str, *wanted: Status) -> int:
    return sum(1 for rule, _, status in statuses if rule == rule_id and status in wanted)


def test_open_and_overdue_deadlines_on_today(statuses):
    assert _count(statuses, "melding.gjennomgang", Status.FORFALT) >= 1
    assert _count(statuses, "undersokelse.frist", Status.FORFALT) >= 1
    assert _count(statuses, "tiltaksplan.evaluering", Status.FORFALT) >= 1
    open_ = [s for _, _, s in statuses if s.is_open]
    overdue = [s for s in open_ if s is Status.FORFALT]
    assert 0 < len(overdue) < len(open_) / 2  # a real to-do list, not a disaster area


def test_fristbrudd_in_a_minority(statuses):
    for rule in ("melding.gjennomgang", "undersokelse.frist"):
        met = _count(statuses, rule, Status.OPPFYLT, Status.SENT)
        late = _count(statuses, rule, Status.SENT)
        assert 0.03 * met <= late <= 0.12 * met, rule
    assert _count(statuses, "undersokelse.utvidet", Status.OPPFYLT, Status.SENT, Status.APEN,
                  Status.SNART, Status.FORFALT) >= 1
    assert _count(statuses, "akutt.begjaering", Status.SENT) >= 1


def test_foster_homes_with_missing_or_late_visits(statuses):
    breached = {gid for rule, gid, status in statuses
                if rule in ("oppfolging.besok", "tilsyn.besok") and status.is_breach}
    on_time = {gid for rule, gid, status in statuses
               if rule in ("oppfolging.besok", "tilsyn.besok") and status is Status.OPPFYLT}
    assert breached and len(on_time) > len(breached)


# --- scale ----------------------------------------------------------------------------------------


def test_large_municipality_is_fast_and_keeps_ratio():
    started = time.perf_counter()
    oslo = generate_municipality(today=TODAY, children_per_year=2000, years=10, seed=3)
    elapsed = time.perf_counter() - started
    assert elapsed < 40
    assert len(oslo.cases) == 20_000
    meldinger = sum(len(c.meldinger) for c in oslo.cases)
    assert 1.5 <= meldinger / len(oslo.cases) <= 1.9
    assert len([w for w in oslo.caseworkers if not w.er_leder]) == 50
