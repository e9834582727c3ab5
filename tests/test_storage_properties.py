"""Properties of storage: the deadline table always equals a full recompute, and case files
round-trip through the database unchanged. Synthetic data only (generated fødselsnummer)."""

from __future__ import annotations

import random
import shutil
import tempfile
from dataclasses import FrozenInstanceError, fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
)

from core.deadlines import Deadline
from core.identity import synthetic_fnr
from core.model import (
    Akutt,
    Besok,
    CaseFile,
    CodedValue,
    Ettervern,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.rules import compute_deadlines
from storage import repository as repository_module
from storage import rows as R
from storage.db import open_database
from storage.errors import StorageError
from storage.records import Caseworker
from storage.repository import Repository

BASE = date(2020, 1, 1)
HJEMLER = (Lovhjemmel("BVL2021", "3", "1"), Lovhjemmel("BVL2021", "5", "1"),
           Lovhjemmel("BVL2021", "6", "2"), Lovhjemmel("BVL", "4", "12"))
KATEGORIER = ("2.1", "2.3", "1.1", "3.1", "4.1")
CASEWORKERS = (Caseworker("Kari", "Team Nord"), Caseworker("Ola", "Team Sør"))

days = st.integers(0, 2500)
maybe_days = st.none() | days


def day(offset: int) -> date:
    return BASE + timedelta(days=offset)


def later(start: date, offset: int | None) -> date | None:
    return None if offset is None else start + timedelta(days=offset)


def synthetic_sak(n: int, birth: date, saksbehandler: str = "Kari", sak_id: int | None = None
                  ) -> Sak:
    return Sak(journalnummer=f"P/{n}", navn=f"Syntetisk barn {n}",
               fodselsnummer=synthetic_fnr(birth, random.Random(n)), fodselsdato=birth,
               kjonn=None, saksbehandler=saksbehandler, startdato=BASE, id=sak_id)


# --- the deadline table equals a full recompute after any sequence of writes ----------------------


class DeadlineTableMachine(RuleBasedStateMachine):
    """Random saves, updates and deletes over a few cases; failed writes must change nothing."""

    saker = Bundle("saker")
    meldinger = Bundle("meldinger")
    tiltak = Bundle("tiltak")
    planer = Bundle("planer")
    besok = Bundle("besok")
    other = Bundle("other")

    def __init__(self) -> None:
        super().__init__()
        # The property concerns storage, not the forms' rules: switch core.validation off.
        self._saved_validation = repository_module.require_valid
        repository_module.require_valid = lambda obj, case, today: None
        self.dir = Path(tempfile.mkdtemp(prefix="fristvakt-prop-"))
        self.repo = Repository(open_database(self.dir / "p.db", create=True), "egenskapstest")
        self.n = 0

    def teardown(self) -> None:
        try:
            assert self.repo.recompute_all() == len(self.repo.all_deadlines())
            self.check_table()
            self.repo.close()
        finally:
            repository_module.require_valid = self._saved_validation
            shutil.rmtree(self.dir, ignore_errors=True)

    def attempt(self, write):
        """Run a write; if the database refuses it, nothing at all may have changed."""
        before = self.repo.all_deadlines(), self.repo.stats()
        try:
            return write()
        except StorageError:
            assert (self.repo.all_deadlines(), self.repo.stats()) == before
            return None

    # --- rules ------------------------------------------------------------------------------------

    @initialize()
    def caseworkers(self) -> None:
        for cw in CASEWORKERS:
            self.repo.save_caseworker(cw)

    @rule(target=saker, birth=st.integers(0, 7000), who=st.sampled_from(["Kari", "Ola"]))
    def add_sak(self, birth: int, who: str) -> Sak:
        self.n += 1
        return self.repo.save(synthetic_sak(self.n, date(2005, 1, 1) + timedelta(days=birth),
                                            who))

    @rule(target=saker, sak=consumes(saker), birth=st.integers(0, 7000))
    def change_birth_date(self, sak: Sak, birth: int) -> Sak:
        b = date(2005, 1, 1) + timedelta(days=birth)
        new = replace(sak, fodselsdato=b, fodselsnummer=synthetic_fnr(b, random.Random(birth)))
        return self.attempt(lambda: self.repo.save(new)) or sak

    @rule(target=meldinger, sak=saker, mottatt=days, public=st.booleans(), done=maybe_days)
    def add_melding(self, sak: Sak, mottatt: int, public: bool, done: int | None) -> Melding:
        m = Melding(sak.id, day(mottatt), melder=(CodedValue("8" if public else "1"),),
                    saksinnhold=(CodedValue("1"),), konklusjon_kode="2" if done else None,
                    konklusjon_dato=later(day(mottatt), done), tilbakemelding_dato=later(
                        day(mottatt), done))
        return self.attempt(lambda: self.repo.save(m))

    @rule(target=meldinger, m=consumes(meldinger), done=st.integers(0, 30))
    def conclude_melding(self, m: Melding | None, done: int) -> Melding | None:
        if m is None:
            return None
        new = replace(m, konklusjon_kode="2", konklusjon_dato=m.mottatt + timedelta(days=done))
        return self.attempt(lambda: self.repo.save(new))

    @rule(target=other, m=meldinger, extended=maybe_days, done=maybe_days)
    def add_undersokelse(self, m: Melding | None, extended: int | None, done: int | None):
        if m is None:
            return None
        start = m.mottatt + timedelta(days=3)
        u = Undersokelse(m.sak_id, m.id, start, utvidet_dato=later(start, extended),
                         utvidet_grunn="grunn" if extended is not None else "",
                         konklusjon_kode="1" if done is not None else None,
                         konklusjon_dato=later(start, done))
        return self.attempt(lambda: self.repo.save(u))

    @rule(target=other, sak=saker, dato=days, akutt=st.booleans(), status=st.sampled_from("1234"),
          sent=maybe_days)
    def add_vedtak(self, sak: Sak, dato: int, akutt: bool, status: str, sent: int | None):
        a = Akutt("4-2", datetime.combine(day(dato), datetime.min.time()),
                  begjaering_sendt=later(day(dato), sent)) if akutt else None
        v = Vedtak(sak.id, day(dato), HJEMLER[dato % len(HJEMLER)], status, a)
        return self.attempt(lambda: self.repo.save(v))

    @rule(target=tiltak, sak=saker, kategori=st.sampled_from(KATEGORIER),
          hjemmel=st.sampled_from(HJEMLER), start=days, length=maybe_days,
          per_aar=st.sampled_from([2, 4]))
    def add_tiltak(self, sak: Sak, kategori: str, hjemmel: Lovhjemmel, start: int,
                   length: int | None, per_aar: int) -> Tiltak | None:
        t = Tiltak(sak.id, kategori, day(start), hjemmel, sluttdato=later(day(start), length),
                   oppfolging_hyppighet=(Frequency(day(start), per_aar),),
                   tilsyn_hyppighet=(Frequency(day(start) + timedelta(days=200), per_aar),))
        return self.attempt(lambda: self.repo.save(t))

    @rule(target=tiltak, t=consumes(tiltak), to=saker)
    def move_tiltak(self, t: Tiltak | None, to: Sak) -> Tiltak | None:
        if t is None:
            return None
        return self.attempt(lambda: self.repo.save(replace(t, sak_id=to.id))) or t

    @rule(target=besok, t=tiltak, kind=st.sampled_from(list(VisitKind)),
          offsets=st.lists(st.integers(0, 900), min_size=1, max_size=5))
    def add_visits(self, t: Tiltak | None, kind: VisitKind, offsets: list[int]):
        if t is None:
            return None
        visits = [Besok(t.id, kind, t.startdato + timedelta(days=o)) for o in offsets]
        saved = self.attempt(lambda: self.repo.save_many(visits))
        return saved[0] if saved else None

    @rule(target=planer, sak=saker, plantype=st.sampled_from("12345"), start=days,
          evals=st.lists(st.integers(1, 900), max_size=4, unique=True),
          interval=st.none() | st.integers(1, 12))
    def add_plan(self, sak: Sak, plantype: str, start: int, evals: list[int],
                 interval: int | None) -> Plan | None:
        p = Plan(sak.id, plantype, day(start),
                 evalueringer=tuple(day(start) + timedelta(days=e) for e in evals),
                 evalueringsintervall_mnd=interval)
        return self.attempt(lambda: self.repo.save(p))

    @rule(target=other, sak=saker, sent=days)
    def add_ettervern(self, sak: Sak, sent: int):
        return self.attempt(lambda: self.repo.save(Ettervern(sak.id, day(sent))))

    def _delete(self, obj: object) -> None:
        if obj is not None:
            self.attempt(lambda: self.repo.delete(obj))

    @rule(obj=consumes(besok))
    def delete_besok(self, obj: Besok | None) -> None:
        self._delete(obj)

    @rule(obj=consumes(planer))
    def delete_plan(self, obj: Plan | None) -> None:
        self._delete(obj)

    @rule(obj=consumes(other))
    def delete_other(self, obj: object) -> None:
        self._delete(obj)

    @rule(obj=consumes(meldinger))
    def delete_melding(self, obj: Melding | None) -> None:
        self._delete(obj)

    @rule(obj=consumes(tiltak))
    def delete_tiltak(self, obj: Tiltak | None) -> None:
        self._delete(obj)

    @rule(sak=consumes(saker))
    def delete_sak(self, sak: Sak) -> None:
        self.attempt(lambda: self.repo.delete(sak))

    @rule(key=st.sampled_from(["tiltaksplan.evaluering.mnd", "omsorgsplan.evaluering.mnd",
                               "varsel.dager_lang"]), value=st.integers(1, 12))
    def set_number(self, key: str, value: int) -> None:
        self.repo.set_param(key, value)

    @rule(key=st.sampled_from(["melding.tilbakemelding.aktiv", "frist.rull_helligdag"]),
          value=st.booleans())
    def set_switch(self, key: str, value: bool) -> None:
        self.repo.set_param(key, value)

    # --- the property -----------------------------------------------------------------------------

    @invariant()
    def check_table(self) -> None:
        params = self.repo.params()
        expected = {d for case in self.repo.iter_cases() for d in compute_deadlines(case, params)}
        stored = self.repo.all_deadlines()
        assert len(stored) == len(set(stored))
        assert set(stored) == expected


DeadlineTableMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestDeadlineTable = DeadlineTableMachine.TestCase


# --- case files round-trip ------------------------------------------------------------------------

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
opt_day = st.none() | st.dates(date(2000, 1, 1), date(2035, 12, 31))
a_day = st.dates(date(2000, 1, 1), date(2035, 12, 31))
moments = st.datetimes(datetime(2015, 1, 1), datetime(2030, 1, 1),
                       timezones=st.none() | st.just(UTC))


@st.composite
def case_files(draw, n_cases: int = 3) -> list[CaseFile]:
    """Consistent case files with their own ids (as a demo generator would produce them)."""
    ids = iter(range(1, 10_000))
    cases = []
    for n in range(1, draw(st.integers(1, n_cases)) + 1):
        birth = draw(st.dates(date(1990, 1, 1), date(2025, 12, 31)))
        start = draw(a_day)
        sak = replace(synthetic_sak(n, birth, sak_id=next(ids)), navn=draw(text) or "x",
                      kjonn=draw(st.sampled_from([None, "1", "2"])), team=draw(text),
                      startdato=start, sluttdato=draw(st.none() | st.just(start)))
        coded = st.builds(CodedValue, st.sampled_from(["1", "8", "23"]), text)
        meldinger = tuple(
            Melding(sak.id, draw(a_day), tuple(draw(st.lists(coded, max_size=2))),
                    tuple(draw(st.lists(coded, max_size=2))), draw(st.none() | text),
                    draw(opt_day), draw(opt_day), id=next(ids))
            for _ in range(draw(st.integers(0, 2))))
        undersokelser = tuple(
            Undersokelse(sak.id, m.id, draw(a_day), draw(opt_day), draw(text),
                         draw(st.none() | text), draw(opt_day), id=next(ids))
            for m in meldinger if draw(st.booleans()))
        akutt = st.builds(Akutt, text, moments, st.none() | moments, opt_day, st.booleans())
        vedtak = tuple(Vedtak(sak.id, draw(a_day), draw(st.sampled_from(HJEMLER)),
                              draw(st.sampled_from("1234")), draw(st.none() | akutt),
                              id=next(ids)) for _ in range(draw(st.integers(0, 2))))
        tiltak = []
        for _ in range(draw(st.integers(0, 2))):
            t_start = draw(a_day)
            freq = st.lists(st.builds(Frequency, a_day, st.sampled_from([2, 4])), max_size=2,
                            unique_by=lambda f: f.startdato).map(tuple)
            tiltak.append(Tiltak(
                sak.id, draw(st.sampled_from(KATEGORIER)), t_start, draw(st.sampled_from(HJEMLER)),
                draw(text), draw(st.none() | st.sampled_from([v.id for v in vedtak] or [None])),
                draw(st.none() | st.just(t_start + timedelta(days=draw(st.integers(0, 900))))),
                draw(st.none() | text), draw(text), draw(freq), draw(freq), draw(text),
                id=next(ids)))
        planer = tuple(
            Plan(sak.id, draw(st.sampled_from("12345678")), p_start, None,
                 tuple(draw(st.lists(a_day, max_size=3, unique=True))),
                 draw(st.none() | st.integers(1, 24)), id=next(ids))
            for p_start in draw(st.lists(a_day, max_size=2)))
        besok = tuple(Besok(t.id, draw(st.sampled_from(list(VisitKind))), draw(a_day),
                            id=next(ids)) for t in tiltak for _ in range(draw(st.integers(0, 3))))
        ettervern = tuple(Ettervern(sak.id, draw(a_day), draw(st.none() | text), draw(opt_day),
                                    id=next(ids)) for _ in range(draw(st.integers(0, 1))))
        cases.append(CaseFile(sak, meldinger, undersokelser, vedtak, tuple(tiltak), planer, besok,
                              ettervern))
    return cases


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cases=case_files())
def test_case_files_round_trip_and_deadlines_match(tmp_path_factory, cases):
    path = tmp_path_factory.mktemp("rt") / "rt.db"
    repo = Repository(open_database(path, create=True), "egenskapstest")
    count = repo.import_cases(cases, CASEWORKERS)
    assert list(repo.iter_cases()) == cases
    assert [repo.case(c.sak.id) for c in cases] == cases
    params = repo.params()
    expected = {d for c in cases for d in compute_deadlines(c, params)}
    assert set(repo.all_deadlines()) == expected and count == len(expected)
    assert repo.recompute_all() == count
    assert set(repo.all_deadlines()) == expected
    repo.close()


_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(st.builds(
    Deadline, rule_id=st.sampled_from(["melding.gjennomgang", "lokal.x"]),
    sak_id=st.integers(1, 10**6), gjelder=st.sampled_from(["melding", "tiltak"]),
    gjelder_id=st.integers(0, 10**6), seq=st.integers(0, 400), frist=_dates, varsel_fra=_dates,
    forklaring=st.text(max_size=40), oppfylt_dato=st.none() | _dates,
    ikke_oppfylt_dato=st.none() | _dates, lokal=st.booleans(), ukjent=st.booleans()))
def test_a_deadline_read_from_its_row_is_the_same_frozen_value(d: Deadline) -> None:
    """``rows.deadline_from`` fills the slots itself (for speed): it must give exactly the value
    the constructor gives, as hashable and as frozen."""
    back = R.deadline_from(R.deadline_row(d))
    assert back == d and hash(back) == hash(d)
    assert [getattr(back, f.name) for f in fields(Deadline)] == \
        [getattr(d, f.name) for f in fields(Deadline)]
    with pytest.raises(FrozenInstanceError):
        back.frist = date(2000, 1, 1)  # type: ignore[misc]
    assert R.deadline_from(R.deadline_row(d), with_ukjent=False).ukjent is False
