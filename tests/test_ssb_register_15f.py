"""SSB's KOSTRA 15F controls on the register (``service.controls_15f``, ``kontroll --format 15f``).

The check runs on what the register's 15F export for the year would contain: the same findings
as SSB's controls on the file the export writes, nothing written but the audit row. Findings are
placed on the register's records (case, caseworker, record id) for the Datakvalitet view. A
hand-worked case: a melding received 05.01.2026 and concluded 20.01.2026 took 15 days, more than
the 7 of Melding Kontroll 3 (ADVARSEL); one concluded 12.01.2026 (7 days) is in time.
All people are synthetic.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from core.access import Role
from core.identity import parse_person_id, synthetic_fnr
from core.model import CaseFile, CodedValue, Melding, Sak
from core.ssb_extract import Severity
from service import AccessDenied
from service.controls import check_file
from service.controls_15f import NO_MUNICIPALITY, check_register_15f
from service.ssb import export_ssb
from storage.records import Caseworker
from tests.conftest import DEMO_TODAY, new_register
from tests.security_support import add_user, audit_rows
from tests.security_support import signed_in as sign_in_as
from tests.test_ssb_15f import AVGIVER
from tests.test_ssb_v4 import rows, run

AVGIVER_CONTROLS = {"Avgiver Kontroll 2", "Avgiver Kontroll 3", "Avgiver Kontroll 4",
                    "Avgiver Kontroll 6"}


def _melding(sak_id: int, received: date, concluded: date, own: int) -> Melding:
    return Melding(sak_id, received, (CodedValue("1"),), (CodedValue("1"),), "1", concluded,
                   id=own, tilbakemelding_ukjent=True)


def one_case_register(path):
    """One child (caseworker Kari Nordmann) with two meldinger concluded in 2026."""
    fnr = synthetic_fnr(date(2015, 3, 1), random.Random(7))
    person = parse_person_id(fnr, DEMO_TODAY)
    sak = Sak("2026/0001", "Testbarn", fnr, person.birth_date, person.sex, "Kari Nordmann",
              date(2026, 1, 5), id=1)
    case = CaseFile(sak, meldinger=(_melding(1, date(2026, 1, 5), date(2026, 1, 20), 1),
                                    _melding(1, date(2026, 1, 5), date(2026, 1, 12), 2)))
    reg = new_register(path)
    reg.import_cases([case], [Caseworker("Kari Nordmann", "Team A", True, False)])
    return reg


def test_a_hand_worked_case_is_found_on_its_record(tmp_path):
    reg = one_case_register(tmp_path / "a.db")
    check = check_register_15f(reg, 2026)
    assert check.cases == 1 and check.left_out == 0 and check.skjema_source == ""
    f15, = check.result.findings
    assert (f15.control_id, f15.severity) == ("Melding Kontroll 3", Severity.ADVARSEL)
    assert "(05.01.2026 -> 20.01.2026)" in f15.message
    f, = check.findings
    assert (f.control_id, f.sak_id, f.journalnummer, f.saksbehandler, f.record, f.record_id) == (
        "Melding Kontroll 3", 1, "2026/0001", "Kari Nordmann", "melding", 1)
    assert not check.blocked and check.count(Severity.ADVARSEL) == 1
    # without the municipality its controls are not run, and say why
    assert {k for k, v in check.result.not_evaluated.items() if v == NO_MUNICIPALITY} == \
        AVGIVER_CONTROLS


def test_the_register_check_is_the_check_of_the_file_the_export_writes(demo_register, tmp_path):
    before = rows(demo_register)
    unknown = check_register_15f(demo_register, 2026)
    assert rows(demo_register) == before  # nothing written but the audit row
    assert not any(f.control_id in AVGIVER_CONTROLS for f in unknown.result.findings)
    out = tmp_path / "kostra.xml"
    written = export_ssb(demo_register, out, 2026, avgiver=AVGIVER, fmt="15f")
    known = check_register_15f(demo_register, 2026)  # the register now knows its municipality
    on_file = check_file(demo_register, out, 2026)
    assert known.skjema_source == "registeret" and dict(known.result.not_evaluated) == {}
    assert known.result == on_file.result
    assert known.result.findings and known.blocked == on_file.result.blocked
    assert (known.cases, known.left_out, known.not_written) == (
        written.cases, written.left_out, written.findings)
    # the same case findings as before the municipality was known
    assert unknown.result.findings == known.result.findings
    # every finding of a case is placed on that case, its caseworker and an existing record
    cases = {c.sak.journalnummer: c for c in demo_register.repository_for_report().iter_cases()}
    for f in known.findings:
        case = cases[f.journalnummer]
        assert (f.sak_id, f.saksbehandler) == (case.sak.id, case.sak.saksbehandler)
        parts = {"sak": (case.sak,), "melding": case.meldinger,
                 "undersokelse": case.undersokelser, "plan": case.planer,
                 "tiltak": case.tiltak}[f.record]
        assert f.record_id in {p.id for p in parts}
    row = audit_rows(demo_register, "ssb_kontroll")[-1]
    assert row.detaljer["format"] == "15f" and row.detaljer["ar"] == 2026
    assert row.detaljer["feil"] == known.count(Severity.FEIL)


def test_a_caseworker_checks_their_own_cases_and_the_year_must_be_possible(demo_path):
    leader = sign_in_as(demo_path)
    with pytest.raises(ValueError, match="Året må være mellom 2013 og 2026, ikke 2027"):
        check_register_15f(leader, 2027)
    everyone = check_register_15f(leader, 2026)
    worker_name = everyone.findings[0].saksbehandler
    add_user(leader, "sb", Role.SAKSBEHANDLER, worker_name)
    add_user(leader, "it", Role.SYSTEMANSVARLIG)
    leader.close()
    worker = sign_in_as(demo_path, "sb", "passord123")
    own = check_register_15f(worker, 2026)
    worker.close()
    assert 0 < own.cases < everyone.cases
    assert {f.saksbehandler for f in own.findings} == {worker_name}
    assert own.findings == tuple(f for f in everyone.findings if f.saksbehandler == worker_name)
    admin = sign_in_as(demo_path, "it", "passord123")
    with pytest.raises(AccessDenied):
        check_register_15f(admin, 2026)
    admin.close()


@pytest.mark.usefixtures("cli_login")
def test_kontroll_format_15f_on_the_register(demo_path, capsys):
    db = str(demo_path)
    code, out, err = run(capsys, "kontroll", "--db", db, "--format", "15f", "--ar", "2026")
    assert code == 1, err  # the demo's 2026 meldinger carry saksinnhold codes 15F lacks
    assert out.startswith("SSBs kontroller for KOSTRA Barnevern (15F) på registerets 15F-fil "
                          "for 2026: rapporteringsår 2026, kommune ukjent; ")
    assert "Melding Kontroll 5 – FEIL" in out and "SSB vil avvise filen" in out
    assert f"Avgiver Kontroll 4 er ikke kjørt: {NO_MUNICIPALITY}." in out
    assert "Ikke skrevet i 15F-filen: " in out
    code, out, err = run(capsys, "kontroll", "--db", db)  # v4 stays the default
    assert out.startswith("SSB-kontroller for ") and "(Barnevern v4)" in out.splitlines()[0]
    code, out, err = run(capsys, "kontroll", "--db", db, "--format", "15f", "--dato",
                         "2026-06-30")
    assert code == 2 and "--dato gjelder Barnevern v4" in err
    code, out, err = run(capsys, "kontroll", "fil.xml", "--db", db, "--format", "15f")
    assert code == 2 and "--format gjelder kontroll av registeret" in err
    code, out, err = run(capsys, "kontroll", "--db", db, "--format", "15f", "--ar", "2012")
    assert code == 1 and re.fullmatch(r"Feil: Året må være mellom 2013 og \d{4}, ikke 2012\n", err)


def test_a_past_year_is_written_as_it_stood_on_31_december(demo_register, tmp_path):
    """The demo register holds 2025's cases and what happened to them in 2026: conclusions,
    ends and evaluations after 31.12.2025 are not in 2025's file, whose parts are then open —
    so SSB's controls that compare end dates with the year (Kontroll 2b, 2d) find nothing."""
    check = check_register_15f(demo_register, 2025)
    year_bound = {f.control_id for f in check.result.findings
                  if re.search(r"Kontroll 2[a-e]$", f.control_id)}
    assert year_bound == set()
    assert check.count(Severity.FEIL) == 0
    out = tmp_path / "kostra-2025.xml"
    export_ssb(demo_register, out, 2025, avgiver=AVGIVER, fmt="15f")
    text = out.read_bytes().decode("iso-8859-1")
    assert not re.search(r'(SluttDato|EvaluertDato)="2026-', text)
    later = [c for c in demo_register.repository_for_report().iter_cases()
             if c.sak.startdato.year <= 2025 and any(
                 m.konklusjon_dato and m.konklusjon_dato.year == 2026
                 and m.mottatt.year == 2025 for m in c.meldinger)]
    assert later  # the demo has meldinger received in 2025 and concluded in 2026
