"""SSB files as untrusted input (storage.ssb_xml through service.ssb.import_ssb).

SSB's own v4 examples (tests/data/ssb, MIT), and the malicious-file list: empty, not XML, another
schema, a DOCTYPE/entity bomb, too large (a parameter, and the real 200 MB default on a sparse
file), broken archives. Each gives one Norwegian message, writes nothing, and no message or log
line carries a fødselsnummer or DUF-nummer. Everything personal here is synthetic.
"""

from __future__ import annotations

import logging
import random
import re
import time
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest

from core.identity import synthetic_duf, synthetic_fnr
from core.model import CodedValue
from service.ssb import import_ssb
from storage.errors import SsbFileError
from storage.ssb_xml import (
    MAX_FILE_BYTES,
    SsbFileReader,
    SsbFormat,
    detect_format,
    parse_xml,
    safe_name,
    write_documents,
)
from tests.conftest import DEMO_TODAY, new_register

DATA = Path(__file__).resolve().parent / "data" / "ssb"
KOSTRA_EXAMPLE = (Path(__file__).resolve().parents[2] / "shared" / "reference"
                  / "ssb-kostra-barnevern" / "examples" / "Testfil_21_OK_2020_15F_for_3401.xml")

BIRTH = date(2015, 5, 17)
FNR = synthetic_fnr(BIRTH, random.Random(20261))
DUF = synthetic_duf(2024, random.Random(20262))


def uid(name: str) -> str:
    """A fixed, schema-valid UUID for a test element."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fristvakt-test/{name}"))


def v4_document(body: str = "", *, sak: str = "sak-1", jnr: str = "2026/IMP-1",
                fnr: str | None = FNR, birth: date = BIRTH, duf: str | None = None,
                start: str = "2026-01-05", encoding: str = "UTF-8",
                uttrekk: str = "2026-11-20T10:00:00+01:00", kommunenavn: str = "Fjordvik",
                sak_attrs: str = "") -> str:
    """A v4 document for one synthetic child; ``body`` is the Sak's content after Personalia."""
    person = ""
    if fnr is not None:
        dufattr = f' DUFnummer="{duf}"' if duf else ""
        kjonn = "1" if int(fnr[8]) % 2 else "2"
        person = (f'<Personalia Id="{uid(sak + "/p")}" StartDato="{start}" '
                  f'Fodselsnummer="{fnr}" Fodseldato="{birth.isoformat()}" '
                  f'Kjonn="{kjonn}"{dufattr}/>')
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n'
            f'<Barnevern Id="{uid(sak + "/doc/" + uttrekk)}" DatoUttrekk="{uttrekk}">\n'
            '  <Fagsystem Leverandor="Testleverandør" Navn="Testsystem" Versjon="1.0"/>\n'
            f'  <Avgiver Organisasjonsnummer="999888777" Kommunenummer="3999" '
            f'Kommunenavn="{kommunenavn}"/>\n'
            f'  <Sak Id="{uid(sak)}" StartDato="{start}" Journalnummer="{jnr}"{sak_attrs}>\n'
            f'    {person}\n    {body}\n  </Sak>\n</Barnevern>\n')


def melding_body(name: str = "m1", *, mottatt: str = "2026-02-02", konklusjon: str = "",
                 presisering: str = "Bor i annen kommune") -> str:
    return (f'<Melding Id="{uid(name)}" StartDato="{mottatt}"><Melder Kode="22" '
            f'Presisering="{presisering}"/><Saksinnhold Kode="1.1.01"/>{konklusjon}</Melding>')


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def state(reg) -> tuple:
    """Everything an import could change: every table's row count and the audit head."""
    conn = reg.repository_for_report().db.conn
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return tuple((t, conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables)


def no_identity(text: str) -> bool:
    """No fødselsnummer, DUF-nummer or other long digit run in a message."""
    return FNR not in text and DUF not in text and re.search(r"\d{11}", text) is None


@pytest.fixture
def reg(tmp_path):
    register = new_register(tmp_path / "register.db")
    yield register
    register.close()


# --- SSB's examples ------------------------------------------------------------------------------


def test_ssb_examples_are_read_in_order_and_grow_one_case(reg):
    first = import_ssb(reg, DATA / "test01_file01_total.xml")
    assert [c.journalnummer for c in first.new_cases] == ["test1"]
    assert first.new_cases[0].added == {"Melding": 1}
    assert any("eldre v4-oppsett" in f.reason for f in first.notes)
    second = import_ssb(reg, DATA / "test01_file02_total.xml")
    assert not second.new_cases and len(second.updated_cases) == 1
    assert second.updated_cases[0].added == {"Undersokelse": 1}
    assert second.updated_cases[0].changed == {"Melding": 1}  # concluded, melder changed
    third = import_ssb(reg, DATA / "test01_file03_total.xml")
    assert third.updated_cases[0].changed == {"Undersokelse": 1}
    assert not [f for f in third.findings if "Vedtaksgrunnlag" in f.element]  # stored now
    again = import_ssb(reg, DATA / "test01_file03_total.xml")
    assert again.unchanged == 1 and not again.new_cases and not again.updated_cases

    case = reg.case(reg.search("test1")[0].id or 0)
    melding, = case.meldinger
    assert (melding.mottatt, melding.konklusjon_kode, melding.konklusjon_dato) == (
        date(2021, 1, 1), "2", date(2021, 1, 8))
    assert [m.kode for m in melding.melder] == ["1"]
    u, = case.undersokelser
    assert (u.melding_id, u.startdato, u.konklusjon_kode, u.konklusjon_dato) == (
        melding.id, date(2021, 1, 8), "1", date(2021, 3, 8))
    assert u.vedtaksgrunnlag == (CodedValue("3"),)
    assert case.sak.fodselsdato == date(2010, 1, 2) and case.sak.kjonn == "1"
    rules = {d.rule_id: d for d in reg.case_deadlines(case.sak.id or 0)}
    assert rules["melding.gjennomgang"].oppfylt_dato == date(2021, 1, 8)
    assert rules["undersokelse.frist"].oppfylt_dato == date(2021, 3, 8)


#: The child in SSB's example files as copied here: a number from our own generator.
EXAMPLE_CHILD = synthetic_fnr(date(2010, 1, 2), random.Random(2010), sex="1")


def test_the_ssb_examples_hold_only_the_synthetic_child():
    for path in DATA.glob("*.xml"):
        numbers = set(re.findall(r'Fodselsnummer="(\d+)"', path.read_text(encoding="utf-8")))
        assert numbers == {EXAMPLE_CHILD}, path.name


@pytest.mark.parametrize("name, expected", [
    ("invalid.xml", "linje 4, element «Sak»: elementet er ikke ventet her (ventet «Avgiver»)"),
    ("test01_file04_total.xml", "element «Relasjon»: samme Id er brukt flere ganger"),
    ("test01_file05_total.xml", "element «Relasjon»: samme Id er brukt flere ganger"),
])
def test_invalid_ssb_examples_are_refused_with_one_clear_message(reg, name, expected):
    before = state(reg)
    with pytest.raises(SsbFileError) as info:
        import_ssb(reg, DATA / name)
    message = str(info.value)
    assert message.startswith(f"Filen «{name}» følger ikke SSBs filbeskrivelse for Barnevern v4")
    assert expected in message
    assert EXAMPLE_CHILD not in message
    assert state(reg) == before


def test_legacy_layout_can_be_refused(tmp_path):
    with pytest.raises(SsbFileError, match="attributtet «Fodselsnummer»: attributtet er ikke "
                                           "tillatt"):
        list(SsbFileReader(DATA / "test01_file01_total.xml", upgrade_legacy=False))


def test_kostra_15f_is_detected_and_read(reg):
    plan = import_ssb(reg, KOSTRA_EXAMPLE, dry_run=True)  # tests/test_ssb_15f.py: the rest
    assert plan.format == "KOSTRA Barnevern (15F)" and len(plan.new_cases) == 4


def test_detect_format_from_root_and_children():
    v4 = parse_xml(v4_document().encode(), "Filen")
    assert detect_format(v4) is SsbFormat.V4
    kostra = parse_xml(b'<Barnevern><Avgiver Versjon="2020"/><Individ/></Barnevern>', "Filen")
    assert detect_format(kostra) is SsbFormat.KOSTRA_15F
    with pytest.raises(SsbFileError, match="navnerommet"):
        detect_format(parse_xml(b'<Barnevern xmlns="urn:x"><Sak/></Barnevern>', "Filen"))
    with pytest.raises(SsbFileError, match="verken Barnevern v4"):
        detect_format(parse_xml(b"<Barnevern><Noe/></Barnevern>", "Filen"))


# --- the malicious-file list ---------------------------------------------------------------------

BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  + "".join(f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">\n'
                            for i in range(2, 10)).replace("&lol1;", "&lol;")
                  + ']>\n<Barnevern Id="x">&lol9;</Barnevern>\n')
EXTERNAL_ENTITY = ('<?xml version="1.0"?>\n<!DOCTYPE b [<!ENTITY e SYSTEM '
                   '"file:///etc/passwd">]>\n<Barnevern>&e;</Barnevern>\n')
# a DOCTYPE after 70 kB of comment, beyond the prolog scan: the parser's own guard refuses it
LATE_BOMB = BILLION_LAUGHS.replace('<?xml version="1.0"?>\n',
                                   '<?xml version="1.0"?>\n<!--' + "x" * 70_000 + "-->\n")

MALICIOUS = {
    "tom": (b"", "er tom (0 byte)"),
    "bare-mellomrom": (b"   \n\t\n", "er tom og er ikke en SSB-fil"),
    "tekst": (("Navn: Testbarn, fnr " + FNR + "\n").encode(), "er ikke gyldig XML"),
    "binaer": (bytes(range(256)) * 8, "er ikke gyldig XML"),
    "ukjent-tegnkoding": (b'<?xml version="1.0" encoding="x-ukjent-99"?><Barnevern/>',
                          "er ikke gyldig XML"),
    "html": (b"<html><body>Barnevern</body></html>", "rotelementet er «html»"),
    "annet-skjema": (b'<Barnevern Id="1" DatoUttrekk="2026-01-01T00:00:00Z"><Sak/></Barnevern>',
                     "følger ikke SSBs filbeskrivelse for Barnevern v4"),
    "billion-laughs": (BILLION_LAUGHS.encode(), "dokumenttypedefinisjon"),
    "ekstern-entitet": (EXTERNAL_ENTITY.encode(), "dokumenttypedefinisjon"),
    "sen-bombe": (LATE_BOMB.encode(), "dokumenttypedefinisjon"),
    "utf16-bombe": (BILLION_LAUGHS.replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
                    .encode("utf-16"), "dokumenttypedefinisjon"),
    "15f": (b'<Barnevern><Avgiver Versjon="2020" Kommunenummer="3999"/><Individ/></Barnevern>',
            "følger ikke SSBs filbeskrivelse for KOSTRA Barnevern (15F"),
}


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_malicious_files_give_one_norwegian_message_and_write_nothing(reg, tmp_path, name,
                                                                      caplog):
    data, expected = MALICIOUS[name]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(data)
    before = state(reg)
    started = time.perf_counter()
    with caplog.at_level(logging.DEBUG), pytest.raises(SsbFileError) as info:
        import_ssb(reg, path, dry_run=name.startswith("b"))
    assert time.perf_counter() - started < 5  # no bomb went off
    message = str(info.value)
    assert expected in message
    assert message.startswith(f"Filen «{name}.xml»") and "\n" not in message
    assert no_identity(message) and no_identity(caplog.text)
    assert state(reg) == before


def test_file_over_the_limit_is_refused_before_it_is_read(reg, tmp_path):
    path = write(tmp_path / "stor.xml", v4_document(melding_body()))
    before = state(reg)
    with pytest.raises(SsbFileError, match=r"er for stor \(0 MB\); Fristvakt leser SSB-filer på "
                                           r"høyst 0 MB"):
        import_ssb(reg, path, max_bytes=200)
    assert state(reg) == before
    assert import_ssb(reg, path, dry_run=True, max_bytes=path.stat().st_size).new_cases


def test_real_default_limit_on_a_sparse_file(reg, tmp_path):
    """200 MB + 1 byte, allocated sparsely: refused from its size alone, in no time."""
    path = tmp_path / "uttrekk.xml"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    before = state(reg)
    started = time.perf_counter()
    with pytest.raises(SsbFileError, match=r"er for stor \(200 MB\); Fristvakt leser SSB-filer "
                                           r"på høyst 200 MB"):
        import_ssb(reg, path)
    assert time.perf_counter() - started < 1
    assert state(reg) == before


def test_file_name_with_a_number_in_it_is_starred_in_messages(reg, tmp_path):
    path = tmp_path / f"barn-{FNR}.xml"
    path.write_bytes(b"")
    with pytest.raises(SsbFileError) as info:
        import_ssb(reg, path)
    assert no_identity(str(info.value)) and "barn-***********.xml" in str(info.value)
    assert safe_name(f"{DUF}.zip") == "*" * 12 + ".zip"


def test_schema_errors_never_quote_the_value(reg, tmp_path):
    path = write(tmp_path / "feil.xml", v4_document(fnr=FNR[:10], duf=DUF))
    with pytest.raises(SsbFileError) as info:
        import_ssb(reg, path)
    message = str(info.value)
    assert "element «Personalia», attributtet «Fodselsnummer»: ugyldig verdi" in message
    assert FNR[:10] not in message and no_identity(message)


@pytest.mark.parametrize("body, expected", [
    ('<Melding Id="{m}" StartDato="2026-02-02"><Melder Kode="99"/></Melding>',
     "element «Melder», attributtet «Kode»: ugyldig verdi"),
    ('<Melding StartDato="2026-02-02"/>',
     "element «Melding»: påkrevd attributt «Id» mangler"),
    ('<Tiltak Id="{m}" StartDato="2026-02-02"><Lovhjemmel><Lov>BVL2021</Lov><Kapittel>3'
     '</Kapittel><Paragraf>1</Paragraf></Lovhjemmel></Tiltak>',
     "element «Tiltak»: påkrevd underelement mangler (ventet «JmfrLovhjemmel», «Kategori»)"),
    ('<Ukjent/>', "element «Ukjent»: elementet er ikke ventet her"),
    ('<Melding Id="{m}" StartDato="2026-02-31"/>',
     "element «Melding», attributtet «StartDato»: ugyldig verdi"),
])
def test_schema_problems_in_norwegian(tmp_path, body, expected):
    path = write(tmp_path / "feil.xml", v4_document(body.format(m=uid("m"))))
    with pytest.raises(SsbFileError) as info:
        list(SsbFileReader(path))
    assert expected in str(info.value)
    assert str(info.value).startswith("Filen «feil.xml» følger ikke SSBs filbeskrivelse for "
                                      "Barnevern v4 (XSD): linje ")


def test_missing_folder_and_missing_file(reg, tmp_path):
    with pytest.raises(SsbFileError, match=r"Fant ikke filen «finnes-ikke\.xml»"):
        import_ssb(reg, tmp_path / "finnes-ikke.xml")
    with pytest.raises(SsbFileError, match="er en mappe"):
        import_ssb(reg, tmp_path)


# --- archives -------------------------------------------------------------------------------------


def archive(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_archive_of_documents_is_read_and_non_xml_members_are_reported(reg, tmp_path):
    docs = {f"sak-{i}.xml": v4_document(melding_body(f"m{i}"), sak=f"s{i}", jnr=f"2026/A-{i}",
                                        fnr=synthetic_fnr(BIRTH, random.Random(i))).encode()
            for i in range(3)}
    path = archive(tmp_path / "uttrekk.zip", {**docs, "manifest.txt": b"3 saker"})
    result = import_ssb(reg, path)
    assert result.documents == 3 and len(result.new_cases) == 3
    assert result.ignored_members == ("manifest.txt",)


def test_one_bad_document_refuses_the_whole_archive(reg, tmp_path):
    good = v4_document(melding_body()).encode()
    path = archive(tmp_path / "uttrekk.zip", {"a.xml": good, "b.xml": BILLION_LAUGHS.encode(),
                                              "c.xml": good})
    before = state(reg)
    with pytest.raises(SsbFileError, match=r"\(dokument nr. 2 i arkivet\) inneholder en "
                                           "dokumenttypedefinisjon"):
        import_ssb(reg, path)
    assert state(reg) == before


@pytest.mark.parametrize("members, max_bytes, expected", [
    ({}, MAX_FILE_BYTES, "er et zip-arkiv uten XML-filer"),
    ({"notat.txt": b"x"}, MAX_FILE_BYTES, "er et zip-arkiv uten XML-filer"),
    ({"a.xml": b"<a/>" * 5000}, 5000, "pakker ut til mer enn 0 MB"),  # a small zip bomb
])
def test_archives_that_are_refused(reg, tmp_path, members, max_bytes, expected):
    path = archive(tmp_path / "arkiv.zip", members)
    before = state(reg)
    with pytest.raises(SsbFileError, match=expected):
        import_ssb(reg, path, max_bytes=max_bytes)
    assert state(reg) == before


def test_damaged_archive_is_refused(reg, tmp_path):
    path = archive(tmp_path / "arkiv.zip", {"a.xml": v4_document().encode()})
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(SsbFileError, match="ser ut som et zip-arkiv, men kan ikke åpnes"):
        import_ssb(reg, path)


# --- encodings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-8", "UTF-16", "windows-1252"])
def test_encoding_is_the_declared_one(reg, tmp_path, encoding):
    text = v4_document(melding_body(presisering="Skolehelsetjenesten på Ørnes, «særlig»"),
                       encoding=encoding, kommunenavn="Bærum")
    path = write(tmp_path / "kodet.xml", text, encoding)
    result = import_ssb(reg, path)
    assert len(result.new_cases) == 1
    case = reg.case(reg.search("2026/IMP-1")[0].id or 0)
    assert case.meldinger[0].melder[0].presisering == "Skolehelsetjenesten på Ørnes, «særlig»"
    assert reg.repository_for_report().ssb_avgiver()["kommunenavn"] == "Bærum"


def test_wrongly_declared_encoding_is_refused(reg, tmp_path):
    text = v4_document(melding_body(presisering="Ørnes"), encoding="UTF-8")
    path = write(tmp_path / "feilkodet.xml", text, "ISO-8859-1")  # Ø is not UTF-8
    with pytest.raises(SsbFileError, match=r"ikke gyldig XML .*tegnkoding"):
        import_ssb(reg, path)


# --- writing --------------------------------------------------------------------------------------


def test_write_documents_refuses_what_it_cannot_write(tmp_path):
    doc = v4_document().encode()
    with pytest.raises(SsbFileError, match="én sak per XML-dokument; 2 saker skrives som et "
                                           "zip-arkiv"):
        write_documents(tmp_path / "ut.xml", [("a.xml", doc), ("b.xml", doc)])
    with pytest.raises(SsbFileError, match=r"ikke «\.csv»"):
        write_documents(tmp_path / "ut.csv", [("a.xml", doc)])
    with pytest.raises(SsbFileError, match="finnes ikke"):
        write_documents(tmp_path / "mangler" / "ut.zip", [("a.xml", doc)])
    write_documents(tmp_path / "ut.xml", [("a.xml", doc)])
    assert (tmp_path / "ut.xml").read_bytes() == doc
    assert (tmp_path / "ut.xml").stat().st_mode & 0o077 == 0
    assert not list(tmp_path.glob(".ut.*"))  # no temporary file left


def test_reader_counts_documents_before_reading(tmp_path):
    path = archive(tmp_path / "a.zip", {f"{i}.xml": v4_document(sak=f"s{i}").encode()
                                        for i in range(4)})
    reader = SsbFileReader(path)
    assert reader.count == 4 and reader.is_archive
    assert [d.position for d in reader] == [1, 2, 3, 4]
    assert DEMO_TODAY.year == 2026  # the documents' dates lie before the test register's today
