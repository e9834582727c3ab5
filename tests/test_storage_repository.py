"""The repository on real SQLite files: saving, deadlines in the same transaction, queries."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from core.codes import code_list
from core.deadlines import Status
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
    PlanType,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.params import Params
from core.rules import compute_deadlines
from core.sorting import norwegian_sort_key
from core.validation import ValidationError
from storage import repository as repository_module
from storage.db import open_database
from storage.errors import NotFoundError, StorageError
from storage.records import Caseworker
from storage.repository import Repository

TODAY = date(2026, 11, 23)  # the day the deadline lists are asked about
CLOCK = date(2026, 12, 31)  # the repository's "today" for validation
HJELP = Lovhjemmel("BVL2021", "3", "1")
OMSORG = Lovhjemmel("BVL2021", "5", "1")
KARI = Caseworker("Kari Saksbehandler", "Team Nord")
OLA = Caseworker("Ola Saksbehandler", "Team Sør", er_leder=True)


def new_sak(n: int, *, navn: str | None = None, saksbehandler: str = KARI.navn, team: str = "",
            birth: date = date(2015, 5, 17)) -> Sak:
    """An unsaved case for a synthetic child (generated fødselsnummer, no real person)."""
    return Sak(journalnummer=f"2026/{n:05d}", navn=navn or f"Testbarn {n}",
               fodselsnummer=synthetic_fnr(birth, random.Random(n), sex="1"), fodselsdato=birth,
               kjonn="1", saksbehandler=saksbehandler, startdato=date(2020, 1, 1), team=team)


def melding(sak_id: int, mottatt: date, **kw) -> Melding:
    """A melding from the child itself (code 1, not a public reporter) about physical health."""
    kw.setdefault("melder", (CodedValue("1"),))
    kw.setdefault("saksinnhold", (CodedValue(code_list("saksinnhold").choices(mottatt)[0].kode),))
    return Melding(sak_id, mottatt, **kw)


@pytest.fixture
def repo(tmp_path):
    r = Repository(open_database(tmp_path / "fristvakt.db", create=True), "testbruker",
                   today=lambda: CLOCK)
    r.save_caseworker(KARI)
    r.save_caseworker(OLA)
    yield r
    r.close()


@pytest.fixture
def no_validation(monkeypatch):
    """Switch off core.validation to reach the database's own constraints."""
    monkeypatch.setattr(repository_module, "require_valid", lambda obj, case, today: None)


@pytest.fixture
def sak(repo) -> Sak:
    return repo.save(new_sak(1))


def snapshot(repo: Repository) -> dict[str, list[tuple]]:
    """Every row of every table (to prove that a failed write changed nothing)."""
    conn = repo.db.conn
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {n: sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}


def expected_deadlines(repo: Repository) -> set:
    params = repo.params()
    return {d for case in repo.iter_cases() for d in compute_deadlines(case, params)}


# --- saving: every type round-trips ---------------------------------------------------------------


def test_sak_insert_assigns_id_and_round_trips(repo):
    saved = repo.save(new_sak(1, team="Team Vest"))
    assert saved.id is not None
    assert repo.sak(saved.id) == saved
    assert repo.case(saved.id).sak == saved
    updated = repo.save(replace(saved, navn="Nytt Navn", sluttdato=date(2026, 1, 1)))
    assert repo.sak(saved.id) == updated


def test_each_type_round_trips(repo, sak):
    m = repo.save(Melding(sak.id, date(2026, 3, 3),
                          melder=(CodedValue("8"), CodedValue("23", "anonym, presisert")),
                          saksinnhold=(CodedValue("1.1.01"), CodedValue("2.4.09", "presisert")),
                          konklusjon_kode="2", konklusjon_dato=date(2026, 3, 6),
                          tilbakemelding_dato=date(2026, 3, 20), tilbakemelding_ukjent=True))
    u = repo.save(Undersokelse(sak.id, m.id, date(2026, 3, 6), utvidet_dato=date(2026, 5, 1),
                               utvidet_grunn="særlige tilfeller", konklusjon_kode="1",
                               konklusjon_dato=date(2026, 8, 1),
                               vedtaksgrunnlag=(CodedValue("1.1.02"), CodedValue("2.4.05"))))
    v_akutt = repo.save(Vedtak(sak.id, date(2026, 4, 1), Lovhjemmel("BVL2021", "4", "2", "1"),
                               status_kode="2",
                               akutt=Akutt("4-2", datetime(2026, 4, 1, 14, 30),
                                           sendt_nemnd=datetime(2026, 4, 1, 16, 5, 30),
                                           begjaering_sendt=date(2026, 5, 1),
                                           institusjon_atferd=True)))
    v = repo.save(Vedtak(sak.id, date(2026, 8, 1), OMSORG))
    t = repo.save(Tiltak(sak.id, "2.1", date(2026, 8, 2), OMSORG, "presisering", v.id,
                         sluttdato=date(2026, 12, 30), opphevelse_kode="1",
                         opphevelse_presisering="flyttet",
                         oppfolging_hyppighet=(Frequency(date(2026, 8, 2), 4),
                                               Frequency(date(2026, 12, 1), 2)),
                         tilsyn_hyppighet=(Frequency(date(2026, 8, 2), 4),),
                         tilsyn_ansvarlig_kommune="3103"))
    p = repo.save(Plan(sak.id, PlanType.OMSORGSPLAN, date(2026, 8, 2),
                       evalueringer=(date(2026, 10, 1), date(2026, 11, 20)),
                       evalueringsintervall_mnd=6))
    b = repo.save(Besok(t.id, VisitKind.TILSYN, date(2026, 10, 1)))
    e = repo.save(Ettervern(sak.id, date(2026, 9, 1), "1", date(2026, 9, 15)))

    case = repo.case(sak.id)
    assert case == CaseFile(sak, (m,), (u,), (v_akutt, v), (t,), (p,), (b,), (e,))
    assert all(x.id is not None for x in (m, u, v_akutt, v, t, p, b, e))


def test_update_replaces_child_rows(repo, sak):
    m = repo.save(melding(sak.id, date(2026, 3, 3), melder=(CodedValue("8"), CodedValue("1"))))
    m2 = repo.save(replace(m, melder=(CodedValue("5"),), saksinnhold=(CodedValue("1.2.01"),)))
    assert m2.id == m.id
    assert repo.case(sak.id).meldinger == (m2,)
    t = repo.save(Tiltak(sak.id, "2.1", date(2026, 1, 1),
                         oppfolging_hyppighet=(Frequency(date(2026, 1, 1), 4),)))
    t2 = repo.save(replace(t, oppfolging_hyppighet=(),
                           tilsyn_hyppighet=(Frequency(date(2026, 1, 1), 2),)))
    p = repo.save(Plan(sak.id, PlanType.TILTAKSPLAN, date(2026, 1, 1),
                       evalueringer=(date(2026, 2, 1),)))
    p2 = repo.save(replace(p, evalueringer=(date(2026, 3, 1), date(2026, 5, 1))))
    case = repo.case(sak.id)
    assert case.tiltak == (t2,) and case.planer == (p2,)
    assert repo.stats()["meldinger"] == 1


def test_updating_a_missing_row_is_not_found(repo, sak):
    with pytest.raises(NotFoundError):
        repo.save(melding(sak.id, date(2026, 3, 3), id=999))
    with pytest.raises(NotFoundError):
        repo.case(424242)
    with pytest.raises(NotFoundError):
        repo.sak(424242)


def test_unknown_type_is_refused(repo):
    with pytest.raises(TypeError):
        repo.save(object())


def test_caseworkers_are_listed_in_norwegian_order(repo):
    repo.save_caseworker(Caseworker("Åse", "Team Nord", aktiv=False))
    repo.save_caseworker(Caseworker("Øyvind", "Team Nord"))
    repo.save_caseworker(replace(OLA, team="Team Øst"))
    names = [c.navn for c in repo.caseworkers()]
    assert names == ["Kari Saksbehandler", "Ola Saksbehandler", "Øyvind", "Åse"]
    assert Caseworker("Åse", "Team Nord", aktiv=False) in repo.caseworkers()
    assert replace(OLA, team="Team Øst") in repo.caseworkers()


# --- deadlines follow the facts in the same transaction -------------------------------------------


def test_saving_a_melding_creates_its_deadline_and_concluding_meets_it(repo, sak):
    m = repo.save(melding(sak.id, date(2026, 3, 3), melder=(CodedValue("1"),)))
    (d,) = [d for d in repo.case_deadlines(sak.id) if d.rule_id == "melding.gjennomgang"]
    assert (d.gjelder, d.gjelder_id, d.frist, d.oppfylt_dato) == ("melding", m.id,
                                                                  date(2026, 3, 10), None)
    assert [r.deadline for r in repo.open_deadlines(date(2026, 3, 5))] == [d]

    repo.save(replace(m, konklusjon_kode="10", konklusjon_dato=date(2026, 3, 9)))
    (d,) = [d for d in repo.case_deadlines(sak.id) if d.rule_id == "melding.gjennomgang"]
    assert d.oppfylt_dato == date(2026, 3, 9) and d.status(TODAY) is Status.OPPFYLT
    assert repo.open_deadlines(date(2026, 3, 5)) == []


def test_deadline_and_data_commit_together(repo, sak, tmp_path):
    repo.save(melding(sak.id, date(2026, 3, 3)))
    other = sqlite3.connect(tmp_path / "fristvakt.db")
    assert other.execute("SELECT count(*) FROM meldinger").fetchone()[0] == 1
    assert other.execute("SELECT frist FROM frister WHERE rule_id = 'melding.gjennomgang'"
                         ).fetchone()[0] == "2026-03-10"
    other.close()


def test_failed_save_many_writes_nothing(repo, sak):
    repo.save(melding(sak.id, date(2026, 1, 5)))
    before = snapshot(repo)
    with pytest.raises(StorageError, match="viser til noe som ikke finnes"):
        repo.save_many([melding(sak.id, date(2026, 3, 3)),
                        replace(sak, saksbehandler="Ukjent Person")])  # FK fails second
    assert snapshot(repo) == before


def test_real_validation_refuses_and_writes_nothing(repo, sak):
    from core.validation import ValidationError

    repo.save(melding(sak.id, date(2026, 1, 5)))
    before = snapshot(repo)
    with pytest.raises(ValidationError) as info:
        repo.save_many([melding(sak.id, date(2026, 3, 3)),
                        melding(sak.id, CLOCK + timedelta(days=1))])  # received in the future
    assert info.value.errors
    assert snapshot(repo) == before


@pytest.mark.parametrize("bad", [
    lambda s: replace(s, sluttdato=date(2019, 1, 1)),  # CHECK: ends before it starts
    lambda s: replace(s, saksbehandler="Ukjent Person"),  # FK: no such caseworker
])
def test_constraint_violation_rolls_back_data_and_deadlines(repo, sak, bad, no_validation):
    repo.save(melding(sak.id, date(2026, 1, 5)))
    before = snapshot(repo)
    with pytest.raises(StorageError) as info:
        repo.save(bad(sak))
    assert "Ukjent Person" not in str(info.value)
    assert snapshot(repo) == before


def test_foreign_key_and_check_messages_are_norwegian(repo, sak, no_validation):
    with pytest.raises(StorageError, match="viser til noe som ikke finnes"):
        repo.save(Tiltak(sak.id, "2.1", date(2026, 1, 1), vedtak_id=12345))
    with pytest.raises(StorageError, match="sluttdato"):
        repo.save(Plan(sak.id, "1", date(2026, 1, 1), sluttdato=date(2025, 1, 1)))
    with pytest.raises(StorageError, match="Journalnummeret"):
        repo.save(replace(new_sak(2), journalnummer=sak.journalnummer))
    with pytest.raises(StorageError, match="per år"):
        repo.save(Tiltak(sak.id, "2.1", date(2026, 1, 1),
                         tilsyn_hyppighet=(Frequency(date(2026, 1, 1), 0),)))


def test_validation_is_called_and_errors_write_nothing(repo, sak, monkeypatch):
    calls = []
    real = repository_module.require_valid

    def spy(obj, case, today):
        calls.append((obj, case, today))
        real(obj, case, today)

    monkeypatch.setattr(repository_module, "require_valid", spy)
    before = snapshot(repo)
    with pytest.raises(ValidationError) as info:
        repo.save(melding(sak.id, CLOCK + timedelta(days=1)))  # received in the future
    assert [e.field for e in info.value.errors] == ["mottatt"]
    assert snapshot(repo) == before
    repo.save(melding(sak.id, CLOCK))
    assert calls[-1][1] == CaseFile(sak)  # the case as it was before the save
    assert calls[-1][2] == CLOCK
    repo.save(new_sak(7))
    assert calls[-1][1] is None  # a new case has no case file yet


def test_delete_refreshes_deadlines_and_protects_references(repo, sak):
    m = repo.save(melding(sak.id, date(2026, 3, 3), konklusjon_kode="2",
                          konklusjon_dato=date(2026, 3, 5)))
    u = repo.save(Undersokelse(sak.id, m.id, date(2026, 3, 5)))
    before = snapshot(repo)
    with pytest.raises(StorageError, match="Kan ikke slette"):
        repo.delete(m)
    assert snapshot(repo) == before
    repo.delete(u)
    assert {d.rule_id for d in repo.case_deadlines(sak.id)} == {"melding.gjennomgang"}
    repo.delete(m)
    assert repo.case_deadlines(sak.id) == []
    with pytest.raises(NotFoundError):
        repo.delete(m)


def test_deleting_a_case_removes_everything_in_it(repo, sak):
    other = repo.save(new_sak(2))
    repo.save(melding(other.id, date(2026, 3, 3)))
    t = repo.save(Tiltak(sak.id, "2.1", date(2026, 1, 1), OMSORG))
    repo.save_many([Besok(t.id, VisitKind.OPPFOLGING, date(2026, 2, 1)),
                    Besok(t.id, VisitKind.TILSYN, date(2026, 2, 2))])
    repo.save(melding(sak.id, date(2026, 3, 3)))
    repo.delete(sak)
    stats = repo.stats()
    assert (stats["saker"], stats["tiltak"], stats["besok"], stats["meldinger"]) == (1, 0, 0, 1)
    assert {d.sak_id for d in repo.all_deadlines()} == {other.id}


def test_moving_a_tiltak_to_another_case_refreshes_both(repo, sak):
    other = repo.save(new_sak(2))
    t = repo.save(Tiltak(sak.id, "2.1", date(2026, 1, 1), OMSORG))
    repo.save(Besok(t.id, VisitKind.OPPFOLGING, date(2026, 2, 1)))
    repo.save(replace(t, sak_id=other.id))
    assert not [d for d in repo.case_deadlines(sak.id) if d.gjelder == "tiltak"]
    assert [d for d in repo.case_deadlines(other.id) if d.gjelder == "tiltak"]
    assert set(repo.all_deadlines()) == expected_deadlines(repo)


def test_quick_entry_of_many_visits(repo, sak):
    t = repo.save(Tiltak(sak.id, "2.1", date(2025, 1, 1), OMSORG))
    visits = repo.save_many([Besok(t.id, VisitKind.OPPFOLGING, date(2025, 1, 1) + timedelta(days=
                                   80 * i)) for i in range(1, 9)])
    assert len({v.id for v in visits}) == 8
    chain = [d for d in repo.case_deadlines(sak.id) if d.rule_id == "oppfolging.besok"]
    assert len(chain) == 9 and sum(d.oppfylt_dato is not None for d in chain) == 8


# --- the deadline lists ---------------------------------------------------------------------------


@pytest.fixture
def lists(repo):
    """Three cases with one melding each: overdue, due soon and open on TODAY."""
    a = repo.save(new_sak(1, navn="Åse Ærlig", saksbehandler=KARI.navn))
    b = repo.save(new_sak(2, navn="Øystein Ødegård", saksbehandler=OLA.navn, team="Team Vest"))
    c = repo.save(new_sak(3, navn="Anders And", saksbehandler=OLA.navn))
    repo.save(melding(a.id, TODAY - timedelta(days=10)))  # due TODAY-3: forfalt
    repo.save(melding(b.id, TODAY - timedelta(days=5)))  # due TODAY+2: snart (7-day window)
    repo.save(melding(c.id, TODAY + timedelta(days=1)))  # due TODAY+8: apen
    return a, b, c


def test_open_deadlines_status_and_days_left(repo, lists):
    a, b, c = lists
    rows = repo.open_deadlines(TODAY)
    assert [(r.navn, r.status, r.days_left) for r in rows] == [
        ("Åse Ærlig", Status.FORFALT, -3), ("Øystein Ødegård", Status.SNART, 2),
        ("Anders And", Status.APEN, 8)]
    assert all(r.status is r.deadline.status(TODAY) for r in rows)
    assert [r.sak_id for r in repo.open_deadlines(TODAY, status="forfalt")] == [a.id]
    assert [r.sak_id for r in repo.open_deadlines(TODAY, status="snart")] == [b.id]
    assert [r.sak_id for r in repo.open_deadlines(TODAY, status="apen")] == [c.id]
    assert repo.count_open(TODAY) == {Status.FORFALT: 1, Status.SNART: 1, Status.APEN: 1}
    assert repo.count_open(TODAY, saksbehandler=OLA.navn) == {
        Status.FORFALT: 0, Status.SNART: 1, Status.APEN: 1}
    with pytest.raises(ValueError):
        repo.open_deadlines(TODAY, status="gammel")


def test_lists_sort_by_the_stored_norwegian_key_and_follow_a_rename(repo):
    names = ["Åse Berg", "øystein Lie", "Ærle Dal", "Zara Ny", "aase Holm", "Olav Ås"]
    saved = [repo.save(new_sak(i + 1, navn=n)) for i, n in enumerate(names)]
    listed = [s.navn for s in repo.find_cases("")]
    # «aa» is å (Aasen is Åsen), as in Unicode's Norwegian order
    assert listed == ["Olav Ås", "Zara Ny", "Ærle Dal", "øystein Lie", "Åse Berg", "aase Holm"]
    assert listed == sorted(names, key=norwegian_sort_key)
    repo.save(replace(saved[3], navn="Ábel Ny"))  # Zara → Ábel: moves to the top
    assert repo.find_cases("")[0].navn == "Ábel Ny"
    keys = dict(repo._conn.execute("SELECT navn, navn_sortering FROM saker").fetchall())
    assert keys["Ábel Ny"] == "abel ny" and keys["aase Holm"] == "}se holm"


def test_snart_window_edges(repo, lists):
    _, b, _ = lists
    due = TODAY + timedelta(days=2)

    def status_of_b(day: date, status: str) -> bool:
        return b.id in [r.sak_id for r in repo.open_deadlines(day, status=status)]

    assert status_of_b(due, "snart")  # due today: still "snart"
    assert status_of_b(due - timedelta(days=7), "snart")  # first day of the window
    assert status_of_b(due - timedelta(days=8), "apen")
    assert status_of_b(due + timedelta(days=1), "forfalt")
    assert not status_of_b(due + timedelta(days=1), "snart")


def test_open_deadlines_filters(repo, lists):
    a, b, c = lists
    assert [r.sak_id for r in repo.open_deadlines(TODAY, saksbehandler=OLA.navn)] == [b.id, c.id]
    assert [r.sak_id for r in repo.open_deadlines(TODAY, team="Team Vest")] == [b.id]
    # a case without its own team takes the caseworker's
    assert [r.sak_id for r in repo.open_deadlines(TODAY, team="Team Sør")] == [c.id]
    assert [r.team for r in repo.open_deadlines(TODAY)] == ["Team Nord", "Team Vest", "Team Sør"]
    assert [r.sak_id for r in repo.open_deadlines(TODAY, horizon=TODAY + timedelta(days=2))] == [
        a.id, b.id]
    assert repo.open_deadlines(TODAY, rule_ids=[]) == []
    assert len(repo.open_deadlines(TODAY, rule_ids=["melding.gjennomgang"])) == 3
    assert repo.open_deadlines(TODAY, rule_ids=["tilsyn.besok"]) == []
    assert len(repo.open_deadlines(TODAY, lokal=False)) == 3
    assert repo.open_deadlines(TODAY, lokal=True) == []


def test_search_is_case_insensitive_on_name_and_journal_number(repo, lists):
    a, b, c = lists
    assert [r.sak_id for r in repo.open_deadlines(TODAY, search="øYSTEIN")] == [b.id]
    assert [r.sak_id for r in repo.open_deadlines(TODAY, search="ærlig")] == [a.id]
    assert [r.sak_id for r in repo.open_deadlines(TODAY, search=" 2026/00003 ")] == [c.id]
    assert repo.open_deadlines(TODAY, search="%") == []
    assert repo.open_deadlines(TODAY, search="' OR 1=1 --") == []
    assert repo.count_open(TODAY, search="and")[Status.APEN] == 1


def test_sorting_and_paging(repo, lists):
    a, b, c = lists

    def order(**kw):
        return [r.sak_id for r in repo.open_deadlines(TODAY, **kw)]

    assert order(sort="navn") == [c.id, b.id, a.id]  # A < Ø < Å in Norwegian
    assert order(sort="navn", descending=True) == [a.id, b.id, c.id]
    assert order(sort="frist", descending=True) == [c.id, b.id, a.id]
    assert order(sort="status") == [a.id, b.id, c.id]
    assert order(sort="journalnummer", descending=True) == [c.id, b.id, a.id]
    assert order(sort="saksbehandler") == [a.id, b.id, c.id]
    assert order(sort="regel") == [a.id, b.id, c.id]
    assert order(limit=1, offset=1) == [b.id]
    assert order(offset=2) == [c.id]
    with pytest.raises(ValueError):
        order(sort="navn; DROP TABLE saker")


def test_rule_label_order(repo, sak):
    t = repo.save(Tiltak(sak.id, "3.1", date(2026, 1, 1), HJELP))
    repo.save(melding(sak.id, date(2026, 3, 3)))
    repo.save(Plan(sak.id, PlanType.TILTAKSPLAN, date(2026, 1, 1)))
    assert t.id
    rules = [r.rule_id for r in repo.open_deadlines(TODAY, sort="regel")]
    # Evaluer tiltaksplan < Gjennomgå melding < Tiltak opphører … < Vurder ettervern …
    assert rules == ["tiltaksplan.evaluering", "melding.gjennomgang", "ettervern.slutt",
                     "ettervern.vurdering"]
    assert [r.rule_id for r in repo.open_deadlines(TODAY, sort="regel", descending=True)] == (
        rules[::-1])


def test_find_cases(repo, lists):
    a, b, c = lists
    assert [s.id for s in repo.find_cases("ødegård")] == [b.id]
    assert [s.id for s in repo.find_cases("2026/0000")] == [c.id, b.id, a.id]
    prefix = a.fodselsnummer[:6]
    found = repo.find_cases(prefix)
    assert a.id in [s.id for s in found]
    assert all(s.fodselsnummer.startswith(prefix) for s in found)
    assert [s.id for s in repo.find_cases(a.fodselsnummer)] == [a.id]
    # an empty search lists the open cases, optionally one caseworker's
    assert {s.id for s in repo.find_cases("   ")} == {a.id, b.id, c.id}
    worker = a.saksbehandler
    assert all(s.saksbehandler == worker for s in repo.find_cases("", saksbehandler=worker))
    assert a.id in {s.id for s in repo.find_cases("", saksbehandler=worker)}
    repo.save(replace(a, sluttdato=TODAY))
    assert a.id not in {s.id for s in repo.find_cases("")}
    assert len(repo.find_cases("testbarn", limit=1)) <= 1


def test_deadlines_between(repo, sak):
    m1 = repo.save(melding(sak.id, date(2026, 1, 1), konklusjon_kode="10",
                           konklusjon_dato=date(2026, 1, 20)))  # due 8.1., met late 20.1.
    m2 = repo.save(melding(sak.id, date(2025, 12, 1)))  # due 8.12.2025, still open
    m3 = repo.save(melding(sak.id, date(2026, 3, 1)))  # due after the period
    found = {d.gjelder_id for d in repo.deadlines_between(date(2026, 1, 1), date(2026, 1, 31))
             if d.rule_id == "melding.gjennomgang"}
    assert found == {m1.id, m2.id}
    assert m3.id not in found
    assert set(repo.all_deadlines()) == expected_deadlines(repo)


# --- settings -------------------------------------------------------------------------------------


def test_set_param_records_history_and_changes_deadlines(repo, sak):
    p = repo.save(Plan(sak.id, PlanType.TILTAKSPLAN, date(2026, 1, 10)))

    def due():
        return [d.frist for d in repo.case_deadlines(sak.id)
                if d.rule_id == "tiltaksplan.evaluering" and d.gjelder_id == p.id]

    assert due() == [date(2026, 4, 10)]
    repo.set_param("tiltaksplan.evaluering.mnd", 2)
    assert due() == [date(2026, 3, 10)]
    assert repo.params()["tiltaksplan.evaluering.mnd"] == 2
    (change,) = repo.param_history("tiltaksplan.evaluering.mnd")
    assert (change.key, change.old, change.new, change.endret_av) == (
        "tiltaksplan.evaluering.mnd", 3, 2, "testbruker")
    assert abs(change.endret_tid - datetime.now().astimezone()) < timedelta(minutes=5)

    repo.set_param("tiltaksplan.evaluering.mnd", "4")  # as typed on the settings page
    repo.set_param("melding.tilbakemelding.aktiv", False)
    history = repo.param_history()
    assert [(h.key, h.old, h.new) for h in history] == [
        ("melding.tilbakemelding.aktiv", True, False), ("tiltaksplan.evaluering.mnd", 2, 4),
        ("tiltaksplan.evaluering.mnd", 3, 2)]
    assert due() == [date(2026, 5, 10)]
    assert set(repo.all_deadlines()) == expected_deadlines(repo)


def test_set_param_rejects_bad_values_and_ignores_no_change(repo):
    before = snapshot(repo)
    with pytest.raises(KeyError):
        repo.set_param("finnes.ikke", 1)
    with pytest.raises(ValueError, match="mellom"):
        repo.set_param("tiltaksplan.evaluering.mnd", 99)
    with pytest.raises(ValueError, match="helt tall"):
        repo.set_param("tiltaksplan.evaluering.mnd", "tre")
    with pytest.raises(TypeError):
        repo.set_param("tiltaksplan.evaluering.mnd", True)
    with pytest.raises(TypeError):
        repo.set_param("frist.rull_helligdag", 1)
    repo.set_param("tiltaksplan.evaluering.mnd", 3)  # the default: nothing changes
    assert snapshot(repo) == before
    assert repo.params().as_dict() == Params.defaults().as_dict()


def test_params_survive_reopening(tmp_path):
    path = tmp_path / "f.db"
    repo = Repository(open_database(path, create=True), "a")
    repo.set_param("omsorgsplan.evaluering.mnd", 6)
    repo.close()
    repo = Repository(open_database(path, create=True), "b")
    assert repo.params()["omsorgsplan.evaluering.mnd"] == 6
    assert repo.param_history()[0].endret_av == "a"
    repo.close()


# --- recompute, import, staleness -----------------------------------------------------------------


def populate(repo: Repository, n: int = 6) -> None:
    for i in range(1, n + 1):
        s = repo.save(new_sak(i, birth=date(2009 + i, 2, 28)))
        m = repo.save(melding(s.id, date(2024, i, 3), konklusjon_kode="2",
                              konklusjon_dato=date(2024, i, 8)))
        repo.save(Undersokelse(s.id, m.id, date(2024, i, 8)))
        v = repo.save(Vedtak(s.id, date(2024, 6, 1), OMSORG))
        t = repo.save(Tiltak(s.id, "2.1", date(2024, 6, 1), OMSORG, vedtak_id=v.id))
        repo.save_many([Besok(t.id, VisitKind.OPPFOLGING, date(2024, 8, 1)),
                        Besok(t.id, VisitKind.TILSYN, date(2024, 9, 1))])
        repo.save(Plan(s.id, PlanType.OMSORGSPLAN, date(2024, 7, 1)))


def test_recompute_all_is_idempotent_and_matches_incremental_updates(repo):
    populate(repo)
    incremental = set(repo.all_deadlines())
    assert incremental == expected_deadlines(repo)
    n1 = repo.recompute_all()
    first = set(repo.all_deadlines())
    n2 = repo.recompute_all()
    assert n1 == n2 == len(first) == len(incremental)
    assert first == incremental == set(repo.all_deadlines())
    assert "frister_apne" in {r[0] for r in repo.db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_recompute_progress_and_cancellation(repo):
    populate(repo, 3)
    calls = []
    repo.recompute_all(lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)
    before = snapshot(repo)

    def cancel(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        repo.recompute_all(cancel)
    assert snapshot(repo) == before


def test_import_cases_with_given_ids(tmp_path):
    source = Repository(open_database(tmp_path / "a.db", create=True), "t")
    source.save_caseworker(KARI)
    populate(source)
    cases = list(source.iter_cases())
    target = Repository(open_database(tmp_path / "b.db", create=True), "t")
    n = target.import_cases(iter(cases), [KARI, OLA])
    assert list(target.iter_cases()) == cases
    assert n == len(source.all_deadlines())
    assert set(target.all_deadlines()) == set(source.all_deadlines())
    assert target.recompute_all() == n
    assert not target.needs_recompute()
    with pytest.raises(StorageError, match="inneholder allerede saker"):
        target.import_cases(cases[:1], [])
    source.close()
    target.close()


def test_import_refuses_objects_without_ids_and_rolls_back(tmp_path):
    repo = Repository(open_database(tmp_path / "b.db", create=True), "t")
    good = CaseFile(replace(new_sak(1), id=1))
    bad = CaseFile(replace(new_sak(2), id=2), meldinger=(melding(2, date(2026, 1, 1)),))
    with pytest.raises(StorageError, match="uten id"):
        repo.import_cases([good, bad], [KARI])
    assert repo.stats()["saker"] == 0 and repo.stats()["saksbehandlere"] == 0
    repo.close()


def test_stale_deadlines_are_recomputed_when_opened(tmp_path):
    path = tmp_path / "f.db"
    repo = Repository(open_database(path, create=True), "t")
    repo.save_caseworker(KARI)
    populate(repo, 2)
    expected = set(repo.all_deadlines())
    assert not repo.needs_recompute()
    # Simulate a program update that changed the rules: fingerprint differs, table is stale.
    repo.db.conn.execute("DELETE FROM frister")
    repo.db.conn.execute("UPDATE meta SET value = 'gammel' WHERE key = 'regel_fingeravtrykk'")
    repo.close()
    lazy = Repository(open_database(path, create=True), "t", refresh=False)
    assert lazy.needs_recompute() and lazy.all_deadlines() == []
    lazy.close()
    repo = Repository(open_database(path, create=True), "t")
    assert set(repo.all_deadlines()) == expected
    assert repo.ensure_current() is False
    repo.close()


# --- export log and statistics --------------------------------------------------------------------


def test_export_log(repo):
    first = repo.record_export("leder", date(2026, 10, 1), date(2026, 10, 31),
                               {"team": "Team Nord", "anonymisert": True}, "rapport-2026-10.xlsx")
    second = repo.record_export("saksbehandler", None, None, {}, "frister.xlsx")
    records = repo.exports()
    assert [r.id for r in records] == [second, first]
    r = records[1]
    assert (r.bruker, r.profil, r.periode_fra, r.periode_til, r.filnavn) == (
        "testbruker", "leder", date(2026, 10, 1), date(2026, 10, 31), "rapport-2026-10.xlsx")
    assert r.valg == {"team": "Team Nord", "anonymisert": True}
    assert r.tidspunkt.tzinfo is not None
    assert repo.exports(limit=1)[0].id == second


def test_stats(repo, sak):
    repo.save(melding(sak.id, date(2026, 3, 3)))
    stats = repo.stats()
    assert stats["saker"] == 1 and stats["meldinger"] == 1 and stats["saksbehandlere"] == 2
    assert stats["frister"] == len(repo.all_deadlines()) >= 1
    assert stats["eksportlogg"] == 0


# --- query shape ----------------------------------------------------------------------------------


def test_loading_a_case_takes_a_fixed_number_of_queries(repo):
    populate(repo, 3)
    sak = repo.find_cases("Testbarn 1")[0]
    for i in range(5):
        repo.save(melding(sak.id, date(2026, 1, 1 + i)))
    statements: list[str] = []
    repo.db.conn.set_trace_callback(statements.append)
    few = len(statements)
    repo.case(sak.id)
    for s in repo.iter_cases():
        assert s
    repo.db.conn.set_trace_callback(None)
    assert len(statements) - few <= 2 * 14 + 1  # case(): 14; iter_cases(): ids + 14 per batch


def test_deadline_lists_use_the_indexes(repo, lists):
    from storage.queries import DeadlineFilter, list_sql

    def plan(flt: DeadlineFilter) -> str:
        sql, params = list_sql(flt, "frist", False, [], 100, 0)
        return " | ".join(r[3] for r in repo.db.conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    assert "USING INDEX frister_apne" in plan(DeadlineFilter(TODAY, "forfalt"))
    caseworker = plan(DeadlineFilter(TODAY, saksbehandler=OLA.navn, horizon=TODAY))
    assert "saker_saksbehandler" in caseworker and "frister_sak" in caseworker
