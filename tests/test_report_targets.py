"""Targets (målsettinger): storage with history, migration step 3, and their use in the report."""

from __future__ import annotations

import math
import sqlite3
from datetime import date, datetime

import pytest

from core.access import Role
from core.periods import month, year
from core.report import INDICATOR_KEYS
from service import create_register
from service.reports import load_report
from storage import driver
from storage.db import open_database
from storage.migrations import LATEST_VERSION, migrate
from storage.records import Caseworker
from storage.repository import Repository
from storage.users import User
from tests.builders import case, melding


@pytest.fixture
def repo(tmp_path):
    r = Repository(open_database(tmp_path / "m.db", create=True), "Leder Lise")
    yield r
    r.close()


def test_no_targets_at_first(repo: Repository) -> None:
    assert repo.targets(2026) == {}
    assert repo.target_history() == []


def test_set_and_read_targets_per_year(repo: Repository) -> None:
    assert repo.set_target("tiltaksplan", 2026, 0.9) is True
    repo.set_target("undersokelse_fristbrudd", 2026, 0.05)
    repo.set_target("tiltaksplan", 2025, 0.8)
    assert repo.targets(2026) == {"tiltaksplan": 0.9, "undersokelse_fristbrudd": 0.05}
    assert repo.targets(2025) == {"tiltaksplan": 0.8}
    assert repo.targets(2027) == {}


def test_history_records_who_when_old_and_new(repo: Repository) -> None:
    before = datetime.now().astimezone().replace(microsecond=0)
    repo.set_target("tiltaksplan", 2026, 0.9)
    repo.set_target("tiltaksplan", 2026, 0.95)
    repo.set_target("tiltaksplan", 2026, None)  # cleared
    repo.set_target("omsorgsplan", 2025, 1.0)
    history = repo.target_history("tiltaksplan", 2026)
    assert [(h.old, h.new) for h in history] == [(0.95, None), (0.9, 0.95), (None, 0.9)]
    assert {h.endret_av for h in history} == {"Leder Lise"}
    assert all(h.endret_tid >= before for h in history)
    assert history[0].label == "Andel med tiltaksplan"
    assert repo.targets(2026) == {}
    assert len(repo.target_history()) == 4
    assert [h.indikator for h in repo.target_history(year=2025)] == ["omsorgsplan"]
    assert [h.aar for h in repo.target_history("tiltaksplan")] == [2026] * 3


def test_setting_the_same_value_records_nothing(repo: Repository) -> None:
    repo.set_target("tiltaksplan", 2026, 0.9)
    assert repo.set_target("tiltaksplan", 2026, 0.9) is False
    assert repo.set_target("omsorgsplan", 2026, None) is False  # was not set either
    assert len(repo.target_history()) == 1


def test_percent_noise_is_rounded(repo: Repository) -> None:
    repo.set_target("tiltaksplan", 2026, 87.5 / 100 + 1e-12)
    assert repo.targets(2026)["tiltaksplan"] == 0.875


@pytest.mark.parametrize(("key", "value", "error", "text"), [
    ("tiltaksplan", 1.2, ValueError, "mellom 0 og 1"),
    ("tiltaksplan", -0.1, ValueError, "mellom 0 og 1"),
    ("tiltaksplan", math.nan, ValueError, "mellom 0 og 1"),
    ("finnes_ikke", 0.5, ValueError, "Ukjent indikator «finnes_ikke»"),
    ("tiltaksplan", "90", TypeError, "må være et tall"),
    ("tiltaksplan", True, TypeError, "må være et tall"),
])
def test_invalid_targets_are_refused_in_norwegian(repo: Repository, key, value, error,
                                                  text) -> None:
    with pytest.raises(error, match=text):
        repo.set_target(key, 2026, value)
    assert repo.targets(2026) == {} and repo.target_history() == []


@pytest.mark.parametrize("bad_year", [1899, 2201])
def test_year_out_of_range(repo: Repository, bad_year: int) -> None:
    with pytest.raises(ValueError, match="Ugyldig år"):
        repo.set_target("tiltaksplan", bad_year, 0.5)


def test_set_targets_is_all_or_nothing(repo: Repository) -> None:
    repo.set_target("tiltaksplan", 2026, 0.9)
    with pytest.raises(ValueError):
        repo.set_targets(2026, {"tiltaksplan": 0.5, "omsorgsplan": 2.0})
    assert repo.targets(2026) == {"tiltaksplan": 0.9}
    assert repo.set_targets(2026, {k: 0.5 for k in INDICATOR_KEYS}) == len(INDICATOR_KEYS)
    assert repo.targets(2026) == dict.fromkeys(INDICATOR_KEYS, 0.5)


def test_database_constraints_back_up_the_validation(repo: Repository) -> None:
    with pytest.raises(driver.IntegrityError):
        repo.db.conn.execute("INSERT INTO maalsettinger (indikator, aar, verdi) "
                             "VALUES ('tiltaksplan', 2026, 1.5)")


# --- migration ------------------------------------------------------------------------------------


def test_upgrade_from_version_2_keeps_data_and_adds_target_tables(tmp_path) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, target=2)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.execute("INSERT INTO saksbehandlere (navn, team) VALUES ('Kari', 'Team 1')")
    conn.execute("INSERT INTO saker (id, journalnummer, navn, fodselsnummer, fodselsdato, "
                 "saksbehandler, startdato) VALUES (5, '2026/1', 'Testbarn', '04031612345', "
                 "'2016-03-04', 'Kari', '2026-01-01')")
    conn.execute("INSERT INTO meldinger (id, sak_id, mottatt) VALUES (9, 5, '2026-03-03')")
    conn.execute("INSERT INTO innstillinger (key, value_json) "
                 "VALUES ('tiltaksplan.evaluering.mnd', '6')")
    conn.execute("INSERT INTO eksportlogg (tidspunkt, bruker, profil, filnavn) "
                 "VALUES ('2026-01-05T08:00:00+01:00', 'kari', 'politisk', 'r.xlsx')")
    assert "maalsettinger" not in {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()

    upgraded_from = []
    db = open_database(path, before_migration=lambda conn, version: upgraded_from.append(version))
    assert LATEST_VERSION >= 3
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert upgraded_from == [2]  # the caller's backup ran once, before the upgrade
    repo = Repository(db, "test")
    assert repo.case(5).sak.navn == "Testbarn"
    assert repo.params()["tiltaksplan.evaluering.mnd"] == 6
    assert [e.filnavn for e in repo.exports()] == ["r.xlsx"]
    assert repo.targets(2026) == {}
    repo.set_target("tiltaksplan", 2026, 0.9)
    assert repo.targets(2026) == {"tiltaksplan": 0.9}
    repo.close()


# --- targets in the report ------------------------------------------------------------------------


def test_report_uses_the_targets_of_each_period_year(tmp_path) -> None:
    repo = create_register(tmp_path / "r.db", User("lise", "Leder Lise", Role.LEDER),
                           "passord123")
    repo.import_cases([case(meldinger=[melding(date(2024, 1, 5), konklusjon_kode="2",
                                               konklusjon_dato=date(2024, 1, 9))])],
                      [Caseworker("Kari Saksbehandler")])
    repo.set_targets(2024, {"melding_fristbrudd": 0.1, "tiltaksplan": 0.9})
    repo.set_targets(2023, {"melding_fristbrudd": 0.2})
    data = load_report(repo, month(2024, 1), history=2)
    assert data.report.indicator("melding_fristbrudd").target == 0.1
    assert data.report.indicator("tiltaksplan").target == 0.9
    assert data.report.indicator("omsorgsplan").target is None
    # December 2023 has no data at all and is left out of the history
    assert data.history == ()
    # February is the previous period (a column of its own): only January is added
    data = load_report(repo, month(2024, 3), history=2)
    assert [r.period.label for r in data.history] == ["januar 2024"]
    assert data.history[0].measured == date(2024, 1, 31)
    assert data.history[0].indicator("melding_fristbrudd").target == 0.1
    assert data.history[0].indicator("melding_fristbrudd").denominator == 1
    data = load_report(repo, year(2026), history=2)
    assert [r.period for r in data.history] == [year(2024)]
    assert data.report.indicator("melding_fristbrudd").target is None
