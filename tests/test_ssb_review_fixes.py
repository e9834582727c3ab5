"""The review of the SSB import/export (issue #10): each finding fixed, each with its test.

A. an older 15F extract never reopens what the register knows ended;
B. a case found on its journalnummer but for another child is refused;
C. Ids and journalnummer shown in an import's result are masked;
D. an undersøkelse is matched on content by its (matched) melding as well as its start date;
5. ``kontroll`` and the GUI's dry run on a zip holding a 15F document;
6. a reporting year SSB's 15F controls cannot take is one Norwegian message;
7. a 15F import reports progress per individ;
9. the export's audit row names the file made safe;
10. a 15F import dates the fødselsnumre by the register's «today»;
11. an undersøkelse under a refused melding is reported, not dropped silently.

All people are synthetic (core.identity).
"""

from __future__ import annotations

import random
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from core.identity import synthetic_duf, synthetic_fnr
from core.model import CodedValue, Melding, Undersokelse
from service.controls import check_file
from service.ssb import export_ssb, import_ssb
from storage.records import Caseworker
from storage.ssb_15f import PROGRESS_EVERY
from storage.ssb_v4 import REJECTED
from storage.ssb_xml import SsbFormat
from tests.conftest import DEMO_TODAY, new_register
from tests.security_support import audit_rows
from tests.test_ssb_15f import AVGIVER, FEIL_FILE, OK_FILE
from tests.test_ssb_files import FNR, melding_body, uid, v4_document, write
from tests.test_ssb_v4 import deadlines_of, run
from tests.test_ssb_v4_matching import WORKER, typed_sak

OTHER_FNR = synthetic_fnr(date(2014, 3, 9), random.Random(7031))
ID_FNR = synthetic_fnr(date(2012, 6, 1), random.Random(7032))
JNR_FNR = synthetic_fnr(date(2011, 8, 20), random.Random(7033))
DUF_A = synthetic_duf(2023, random.Random(7034))
DUF_B = synthetic_duf(2024, random.Random(7035))


def kostra_file(path: Path, individer: str, *, versjon: str = "2026") -> Path:
    """A 15F file of ``individer`` (XML text) for Fjordvik, as a case system writes it."""
    path.write_bytes((
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<Barnevern>'
        f'<Avgiver Organisasjonsnummer="999888777" Versjon="{versjon}" Kommunenummer="3999" '
        f'Kommunenavn="Fjordvik"/>{individer}</Barnevern>\n').encode("iso-8859-1"))
    return path


def _individ(n: int) -> str:
    fnr = synthetic_fnr(date(2012, 1, 1 + n % 28), random.Random(n))
    return (f'<Individ Id="i{n}" Journalnummer="J{n}" StartDato="2026-02-01" Avslutta3112="2" '
            f'Fodselsnummer="{fnr}" Saksbehandler="Kari">'
            '<Melding Id="M1" StartDato="2026-02-01"><Melder Kode="1"/></Melding></Individ>')


def _closings(reg) -> dict[tuple[str, int], tuple]:
    """Every end date and conclusion the register holds, per record."""
    found: dict[tuple[str, int], tuple] = {}
    for case in reg.repository_for_report().iter_cases():
        found[("Sak", case.sak.id or 0)] = (case.sak.sluttdato,)
        for m in case.meldinger:
            found[("Melding", m.id or 0)] = (m.konklusjon_kode, m.konklusjon_dato)
        for u in case.undersokelser:
            found[("Undersokelse", u.id or 0)] = (u.konklusjon_kode, u.konklusjon_dato)
        for t in case.tiltak:
            found[("Tiltak", t.id or 0)] = (t.sluttdato, t.opphevelse_kode,
                                            t.opphevelse_presisering)
        for p in case.planer:
            found[("Plan", p.id or 0)] = (p.sluttdato,)
    return found


# --- A. an older extract never reopens ------------------------------------------------------------


def test_last_years_15f_file_imported_back_reopens_nothing(demo_register, tmp_path):
    out = tmp_path / "kostra-2025.xml"
    export_ssb(demo_register, out, 2025, avgiver=AVGIVER, fmt="15f")
    before = _closings(demo_register)
    # the premise: the register knows of ends after 31.12.2025 that 2025's file cannot carry
    ended_later = [k for k, v in before.items()
                   if any(isinstance(d, date) and d.year == 2026 for d in v)]
    assert len(ended_later) > 10
    deadlines = deadlines_of(demo_register)
    result = import_ssb(demo_register, out)
    assert result.updated_cases == () and result.rejected == () and result.new_cases == ()
    assert result.unchanged > 10
    assert _closings(demo_register) == before
    assert deadlines_of(demo_register) == deadlines


# --- B. the journalnummer of another child --------------------------------------------------------


UNKNOWN = "17051500100"  # the birth date (tests.test_ssb_files.BIRTH) + «not known»


@pytest.mark.parametrize("stored, in_file", [
    ({"fnr": FNR}, {"fnr": OTHER_FNR}),
    ({"fnr": "", "duf": DUF_A}, {"fnr": UNKNOWN, "duf": DUF_B}),
])
def test_a_journalnummer_of_another_child_is_refused(tmp_path, stored, in_file):
    reg = new_register(tmp_path / "r.db")
    reg.save_caseworker(Caseworker(WORKER, "Team Nord", True, False))
    sak = typed_sak(reg, "2026/IMP-1", **stored)  # typed here, no SSB Id
    path = write(tmp_path / "a.xml", v4_document(melding_body(), **in_file))
    result = import_ssb(reg, path)
    refused, = result.rejected
    assert refused.element == "Sak" and "en sak for et annet barn" in refused.reason
    assert result.updated_cases == () and result.new_cases == ()
    shown = " ".join(f"{f.ssb_id} {f.journalnummer} {f.reason}" for f in result.findings)
    assert not re.search(r"\d{11}", shown)
    assert reg.case(sak.id or 0).meldinger == ()  # nothing of the other child came in
    reg.close()


def test_the_same_child_on_the_journalnummer_is_still_matched(tmp_path):
    reg = new_register(tmp_path / "r.db")
    reg.save_caseworker(Caseworker(WORKER, "Team Nord", True, False))
    sak = typed_sak(reg, "2026/IMP-1")
    result = import_ssb(reg, write(tmp_path / "a.xml", v4_document(melding_body())))
    change, = result.updated_cases
    assert (change.sak_id, change.matched_on, result.rejected) == (sak.id, "journalnummer", ())
    reg.close()


# --- C. numbers in Ids and journalnummer are masked -----------------------------------------------


def numbered_15f(path: Path) -> Path:
    """SSB's OK example with individ i2's Id and Journalnummer made fødselsnumre (a case system
    that keys its cases on the child), and a Distriktsnummer that is reported on its Id."""
    text = OK_FILE.read_bytes().decode("iso-8859-1")
    old = 'Id="i2"\n             Fodselsnummer="01011074886" Journalnummer="J2"'
    assert old in text
    text = text.replace(old, f'Id="{ID_FNR}" Distriktsnummer="07"\n             '
                             f'Fodselsnummer="01011074886" Journalnummer="{JNR_FNR}"')
    path.write_bytes(text.encode("iso-8859-1"))
    return path


def test_numbers_in_a_15f_files_ids_never_show_in_the_dry_run(tmp_path):
    path = numbered_15f(tmp_path / "nummer.xml")
    reg = new_register(tmp_path / "r.db")
    result = import_ssb(reg, path, dry_run=True)
    j2 = [c for c in result.new_cases if "*" in c.journalnummer]
    assert [c.journalnummer for c in j2] == ["*" * 11]
    refused = [f for f in result.rejected if f.journalnummer == "*" * 11]
    assert {f.ssb_id for f in refused} == {"U2", "U3", "U4", "U5"}
    assert any(f.element == "Individ" and f.ssb_id == "*" * 11 for f in result.not_stored)
    shown = repr(result)
    assert ID_FNR not in shown and JNR_FNR not in shown
    reg.close()


def test_numbers_in_a_15f_files_ids_never_show_in_the_commands_dry_run(tmp_path, capsys,
                                                                        monkeypatch):
    path = numbered_15f(tmp_path / "nummer.xml")
    new_register(tmp_path / "r.db").close()
    monkeypatch.setenv("FRISTVAKT_BRUKER", "tester")
    monkeypatch.setenv("FRISTVAKT_PASSORD", "passord123")
    code, out, err = run(capsys, "importer", str(path), "--db", str(tmp_path / "r.db"),
                         "--torrkjoring", "--alle")
    assert code == 0, err
    assert "*" * 11 in out and "Undersokelse U2" in out
    assert ID_FNR not in out + err and JNR_FNR not in out + err


# --- D. an undersøkelse is matched on its melding -------------------------------------------------


def _relasjon(melding: str, undersokelse: str) -> str:
    return (f'<Relasjon Id="{uid("r-" + undersokelse)}" FraType="Melding" '
            f'FraId="{uid(melding)}" TilType="Undersokelse" TilId="{uid(undersokelse)}"/>')


def test_undersokelser_starting_the_same_day_keep_their_meldinger(tmp_path):
    reg = new_register(tmp_path / "r.db")
    reg.save_caseworker(Caseworker(WORKER, "Team Nord", True, False))
    sak = typed_sak(reg, "2026/IMP-1")
    typed = {}
    for name, received in (("m1", date(2026, 2, 2)), ("m2", date(2026, 2, 4))):
        m = reg.save(Melding(sak.id or 0, received, (CodedValue("22", "X"),),
                             (CodedValue("1.1.01"),), "2", date(2026, 2, 6)))
        typed[name] = (m, reg.save(Undersokelse(sak.id or 0, m.id or 0, date(2026, 2, 6))))
    konklusjon = '<Konklusjon SluttDato="2026-02-06" Kode="2"/>'
    # the file lists m2's undersøkelse first: on its start date alone it would take m1's
    body = (melding_body("m1", konklusjon=konklusjon)
            + melding_body("m2", mottatt="2026-02-04", konklusjon=konklusjon)
            + f'<Undersokelse Id="{uid("u2")}" StartDato="2026-02-06"/>'
            + f'<Undersokelse Id="{uid("u1")}" StartDato="2026-02-06"/>'
            + _relasjon("m2", "u2") + _relasjon("m1", "u1"))
    result = import_ssb(reg, write(tmp_path / "a.xml", v4_document(body)))
    assert result.rejected == ()
    change, = result.updated_cases
    assert change.matched == {"Melding": 2, "Undersokelse": 2} and change.added == {}
    assert "Undersokelse" not in change.changed
    case = reg.case(sak.id or 0)
    assert {(u.id, u.melding_id) for u in case.undersokelser} == {
        (u.id, m.id) for m, u in typed.values()}
    ids = reg.repository_for_report().ssb_ids()
    for name, (m, u) in typed.items():
        assert ids[("Melding", m.id)] == uid(name)
        assert ids[("Undersokelse", u.id)] == uid(name.replace("m", "u"))
    reg.close()


# --- 5. a 15F document in a zip -------------------------------------------------------------------


def zipped(path: Path, *members: tuple[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


@pytest.mark.usefixtures("cli_login")
def test_kontroll_on_a_zip_holding_a_15f_document_runs_the_15f_controls(demo_path, tmp_path,
                                                                         capsys):
    path = zipped(tmp_path / "kostra.zip", ("kostra.xml", OK_FILE.read_bytes()))
    code, out, err = run(capsys, "kontroll", str(path), "--db", str(demo_path))
    assert (code, err) == (0, "")
    assert out.startswith("SSBs kontroller for KOSTRA Barnevern (15F) på «kostra.zip»")
    assert "4 individer kontrollert" in out
    # the XSD's complaints are findings, as for the file unzipped
    path = zipped(tmp_path / "feil.zip", ("feil.xml", FEIL_FILE.read_bytes()))
    code, out, err = run(capsys, "kontroll", str(path), "--db", str(demo_path))
    assert code == 1 and "Validering av innhold mot filbeskrivelse – FEIL" in out
    assert "Traceback" not in err
    # a 15F document among others is one Norwegian line
    path = zipped(tmp_path / "to.zip", ("a.xml", OK_FILE.read_bytes()),
                  ("b.xml", OK_FILE.read_bytes()))
    code, out, err = run(capsys, "kontroll", str(path), "--db", str(demo_path))
    assert code == 1 and err.startswith("Feil: ") and "ett dokument for hele kommunen" in err
    assert len(err.strip().splitlines()) == 1


def test_the_guis_dry_run_of_a_zipped_15f_file_shows_its_controls(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    db = tmp_path / "tom.db"
    new_register(db).close()
    window = MainWindow(db, today=lambda: DEMO_TODAY, credentials=("tester", "passord123"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    path = zipped(tmp_path / "kostra.zip", ("kostra.xml", OK_FILE.read_bytes()))
    window.ssb_import.start(path, dry_run=True)
    qtbot.waitUntil(lambda: window.ssb_import.preview is not None or bool(said), timeout=30000)
    assert said == []
    preview = window.ssb_import.preview
    assert preview is not None and preview.checked is not None
    assert preview.checked.format is SsbFormat.KOSTRA_15F and preview.checked.feil == 0
    assert "KOSTRA Barnevern (15F)" in preview.controls.text()
    assert len(preview.result.new_cases) == 4
    preview.close()


# --- 6. a year SSB's 15F controls cannot take -----------------------------------------------------


@pytest.mark.usefixtures("cli_login")
@pytest.mark.parametrize("versjon, args, expected", [
    ("9999", (), r"Filen har ikke et gyldig rapporteringsår \(Avgiver/Versjon\); oppgi året"),
    ("0001", (), r"Filen har ikke et gyldig rapporteringsår \(Avgiver/Versjon\); oppgi året"),
    ("2020", ("--ar", "1"), r"Året må være mellom 2013 og \d{4}, ikke 1"),
    ("2020", ("--ar", "9999"), r"Året må være mellom 2013 og \d{4}, ikke 9999"),
])
def test_a_year_out_of_range_is_one_norwegian_line(demo_path, tmp_path, capsys, versjon, args,
                                                   expected):
    text = OK_FILE.read_bytes().replace(b'Versjon="2020"', f'Versjon="{versjon}"'.encode())
    path = tmp_path / "aar.xml"
    path.write_bytes(text)
    code, out, err = run(capsys, "kontroll", str(path), "--db", str(demo_path), *args)
    assert (code, out) == (1, "")
    assert re.fullmatch(f"Feil: {expected}\n", err)


def test_a_v4_file_check_takes_only_a_possible_year(demo_register, tmp_path):
    path = write(tmp_path / "a.xml", v4_document(melding_body()))
    with pytest.raises(ValueError, match=r"^Året må være mellom 2013 og 2026, ikke 1$"):
        check_file(demo_register, path, 1)
    assert check_file(demo_register, path, 2026).format is SsbFormat.V4


# --- 7. progress per individ ----------------------------------------------------------------------


def test_a_15f_import_reports_progress_per_individ(tmp_path):
    individer = PROGRESS_EVERY * 2 + 3
    body = "".join(_individ(n) for n in range(individer))
    path = kostra_file(tmp_path / "mange.xml", body)
    reg = new_register(tmp_path / "r.db")
    steps: list[tuple[int, int]] = []
    result = import_ssb(reg, path, dry_run=True, progress=lambda d, t: steps.append((d, t)))
    assert len(result.new_cases) == individer
    assert steps == [(PROGRESS_EVERY, individer), (PROGRESS_EVERY * 2, individer),
                     (individer, individer)]
    reg.close()


# --- 9. the export's audit row -------------------------------------------------------------------


@pytest.mark.parametrize("fmt, suffix", [("v4", ".zip"), ("15f", ".xml")])
def test_the_exports_audit_row_names_the_file_made_safe(demo_register, tmp_path, fmt, suffix):
    target = tmp_path / f"barn-{FNR}{suffix}"
    export_ssb(demo_register, target, 2026, avgiver=AVGIVER, fmt=fmt)
    assert target.exists()
    row = audit_rows(demo_register, "eksport")[-1]
    assert row.objekt == f"barn-{'*' * 11}{suffix}"
    assert FNR not in str(row.detaljer)


# --- 10. the register's «today» dates a 15F file's fødselsnumre -----------------------------------


def test_a_15f_import_dates_the_childs_number_by_the_registers_today(tmp_path):
    """A child born after the machine's clock but before the register's «today» (a register
    run on a set date): the birth date and sex come from the number as of the register's day."""
    born = date(2029, 5, 1)
    fnr = synthetic_fnr(born, random.Random(7036))
    individ = (f'<Individ Id="i1" Journalnummer="J1" StartDato="2029-06-01" Avslutta3112="2" '
               f'Fodselsnummer="{fnr}" Saksbehandler="Kari">'
               '<Melding Id="M1" StartDato="2029-06-01"><Melder Kode="1"/></Melding></Individ>')
    path = kostra_file(tmp_path / "fremtid.xml", individ, versjon="2029")
    reg = new_register(tmp_path / "r.db", today=date(2030, 1, 10))
    result = import_ssb(reg, path)
    assert result.rejected == () and len(result.new_cases) == 1
    case, = reg.repository_for_report().iter_cases()
    assert (case.sak.fodselsnummer, case.sak.fodselsdato) == (fnr, born)
    assert case.sak.kjonn == ("1" if int(fnr[8]) % 2 else "2")
    reg.close()


# --- 11. an undersøkelse under a refused melding --------------------------------------------------


def test_an_undersokelse_under_a_refused_melding_is_reported(tmp_path):
    fnr = synthetic_fnr(date(2014, 2, 2), random.Random(7037))
    individ = (f'<Individ Id="i1" Journalnummer="J1" StartDato="2026-02-01" Avslutta3112="2" '
               f'Fodselsnummer="{fnr}" Saksbehandler="Kari">'
               '<Melding Id="M1" StartDato="2026-02-01"><Melder Kode="1"/></Melding>'
               '<Melding Id="M1" StartDato="2026-03-01" Konklusjon="2" SluttDato="2026-03-05">'
               '<Melder Kode="1"/><Saksinnhold Kode="18"/>'
               '<Undersokelse Id="U9" StartDato="2026-03-05"/></Melding></Individ>')
    path = kostra_file(tmp_path / "to-m1.xml", individ, versjon="2026")
    reg = new_register(tmp_path / "r.db")
    result = import_ssb(reg, path, dry_run=True)
    assert [(f.element, f.ssb_id, f.kind) for f in result.rejected] == [
        ("Melding", "M1", REJECTED), ("Undersokelse", "U9", REJECTED)]
    assert "Meldingen undersøkelsen hører til er ikke importert" in result.rejected[1].reason
    assert result.new_cases[0].added == {"Melding": 1}
    reg.close()
