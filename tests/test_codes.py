"""Tests for core.codes and the shipped resources/kodelister.json."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.codes import (
    CODE_LISTS_PATH,
    FOSTERHJEM_CODES,
    INSTITUSJON_CODES,
    KNOWN_KEYS,
    PLACEMENT_CODES,
    Code,
    CodeList,
    CodeListError,
    check_code,
    code_list,
    kategori_group,
    kategori_group_label,
    load_code_lists,
    parse_code_lists,
    read_code_lists,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# SSB's source of the code lists (MIT, see resources/LICENSE-ssb-kodelister.md), kept in the repo
# so that the shipped JSON can always be rebuilt and compared.
SSB_SOURCE = PROJECT_ROOT / "tools" / "ssb" / "Kodelister.md"


@pytest.fixture(scope="module")
def raw_data() -> dict:
    return json.loads(CODE_LISTS_PATH.read_text(encoding="utf-8"))


# --- loading -----------------------------------------------------------------------------


def test_every_list_loads() -> None:
    lists = load_code_lists()
    assert set(lists) == KNOWN_KEYS
    for key, codes in lists.items():
        assert isinstance(codes, CodeList)
        assert codes.key == key
        assert codes.title
        assert len(codes.all()) > 0
        assert code_list(key) is codes


@pytest.mark.parametrize(
    ("key", "count"),
    [
        ("melder", 25),
        ("melding_konklusjon", 10),
        ("undersokelse_konklusjon", 9),
        ("utvidet_frist", 2),
        ("plantype", 8),
        ("tiltak_kategori", 59),
        ("opphevelse", 4),
        ("vedtak_status", 4),
        ("vedtak_krav_konklusjon", 3),
        ("ettervern_konklusjon", 3),
        ("medvirkning", 6),
        ("flytting_arsak_fra", 18),
        ("flytting_til", 9),
    ],
)
def test_counts(key: str, count: int) -> None:
    assert len(code_list(key).all()) == count


def test_saksinnhold_counts() -> None:
    codes = code_list("saksinnhold").all()
    old = [c for c in codes if c.kode.isdigit()]
    new = [c for c in codes if not c.kode.isdigit()]
    assert len(old) == 36  # codes 1..36
    assert {int(c.kode) for c in old} == set(range(1, 37))
    assert len(new) >= 50
    assert all(c.gruppe for c in new)
    assert all(c.gruppe is None for c in old)


def test_load_returns_fresh_dict_but_same_lists() -> None:
    first = load_code_lists()
    first.pop("melder")
    assert "melder" in load_code_lists()


def test_unknown_list() -> None:
    with pytest.raises(KeyError):
        code_list("finnes_ikke")


def test_code_list_is_immutable() -> None:
    melder = code_list("melder")
    with pytest.raises(AttributeError):
        melder.title = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        melder.get("1").navn = "x"  # type: ignore[misc]
    melder.all().clear()
    assert len(melder.all()) == 25


def test_json_codes_match_dataclass_fields(raw_data: dict) -> None:
    for key, raw in raw_data["lister"].items():
        for item in raw["koder"]:
            assert "<br" not in item["navn"]
            assert "*" not in item["navn"]
            assert "  " not in item["navn"]
            assert item["krever_presisering"] == ("(krever presisering)" in item["navn"])
            assert ("offentlig" in item) == (key == "melder")


# --- melder ------------------------------------------------------------------------------


def test_melder_15_retired() -> None:
    melder = code_list("melder")
    code15 = melder.get("15")
    assert code15.gyldig_til == date(2024, 12, 31)
    assert code15.valid_on(date(2024, 12, 31))
    assert not code15.valid_on(date(2025, 1, 1))
    assert "15" in [c.kode for c in melder.choices(date(2024, 12, 31))]
    assert "15" not in [c.kode for c in melder.choices(date(2025, 1, 1))]
    assert melder.label("15") == "15 Lege / Sykehus / Tannlege"
    assert "15" in melder


def test_melder_24_25_from_2025() -> None:
    melder = code_list("melder")
    for kode in ("24", "25"):
        assert melder.get(kode).gyldig_fra == date(2025, 1, 1)
        assert not melder.get(kode).valid_on(date(2024, 12, 31))
        assert melder.get(kode).valid_on(date(2025, 1, 1))
    choices = [c.kode for c in melder.choices(date(2025, 1, 1))]
    assert "24" in choices and "25" in choices
    assert len(choices) == 24


def test_melder_choices_keep_source_order() -> None:
    choices = [c.kode for c in code_list("melder").choices(date(2025, 6, 1))]
    assert choices[:3] == ["1", "2", "3"]
    assert choices.index("24") < choices.index("16")  # 24/25 sit where 15 was


def test_melder_offentlig() -> None:
    melder = code_list("melder")
    private = {c.kode for c in melder.all() if c.offentlig is False}
    assert private == {"1", "2", "3", "4", "21", "23"}
    assert all(c.offentlig is True for c in melder.all() if c.kode not in private)
    assert melder.get("8").offentlig is True  # Politi
    assert code_list("plantype").get("1").offentlig is None


# --- melding konklusjon, saksinnhold -----------------------------------------------------


def test_melding_konklusjon_typo_normalised() -> None:
    code1 = code_list("melding_konklusjon").get("1")
    assert code1.gyldig_til == date(2025, 12, 31)
    assert code1.valid_on(date(2025, 12, 31))
    assert not code1.valid_on(date(2026, 1, 1))


def test_saksinnhold_old_and_new() -> None:
    saksinnhold = code_list("saksinnhold")
    old, new = saksinnhold.get("3"), saksinnhold.get("1.1.01")
    assert old.valid_on(date(2025, 6, 1))
    assert not old.valid_on(date(2026, 2, 1))
    assert not new.valid_on(date(2025, 6, 1))
    assert new.valid_on(date(2026, 2, 1))
    assert new.gruppe == "BARNETS UTVIKLING / Helse"
    assert saksinnhold.get("2.4.05").gruppe == "FORELDRENES OMSORG / Beskyttelse"
    assert saksinnhold.get("3.3.06").gruppe == "FAMILIE OG MILJØ / Nettverk og sosial integrering"


def test_saksinnhold_old_codes_all_end_by_2025() -> None:
    for code in code_list("saksinnhold").all():
        if code.kode.isdigit():
            assert code.gyldig_til is not None and code.gyldig_til <= date(2025, 12, 31)
    retired_2020 = {
        c.kode for c in code_list("saksinnhold").all() if c.gyldig_til == date(2020, 12, 31)
    }
    assert retired_2020 == {"4", "13", "16"}


def test_saksinnhold_choices_switch_on_new_year() -> None:
    saksinnhold = code_list("saksinnhold")
    on_2025 = saksinnhold.choices(date(2025, 12, 31))
    on_2026 = saksinnhold.choices(date(2026, 1, 1))
    assert on_2025 and on_2026
    assert all(c.kode.isdigit() for c in on_2025)
    assert not any(c.kode.isdigit() for c in on_2026)


def test_medvirkning_groups() -> None:
    medvirkning = code_list("medvirkning")
    assert medvirkning.get("1.1").gruppe == "Ja"
    assert medvirkning.get("2.2").gruppe == "Nei"


# --- krever presisering, groups ----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "kode"),
    [
        ("tiltak_kategori", "1.99"),
        ("tiltak_kategori", "2.99"),
        ("tiltak_kategori", "3.7"),
        ("tiltak_kategori", "8.99"),
        ("opphevelse", "4"),
        ("melder", "22"),
        ("saksinnhold", "18"),
        ("undersokelse_konklusjon", "5"),
        ("vedtak_krav_konklusjon", "9"),
        ("flytting_arsak_fra", "2.9"),
    ],
)
def test_krever_presisering(key: str, kode: str) -> None:
    assert code_list(key).get(kode).krever_presisering


@pytest.mark.parametrize(
    ("key", "kode"), [("tiltak_kategori", "2.1"), ("melder", "21"), ("opphevelse", "2")]
)
def test_no_presisering(key: str, kode: str) -> None:
    assert not code_list(key).get(kode).krever_presisering


def test_main_groups_not_selectable() -> None:
    tiltak = code_list("tiltak_kategori")
    mains = [c for c in tiltak.all() if not c.selectable]
    assert [c.kode for c in mains] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    for main in mains:
        assert not main.valid_on(date(2025, 1, 1))
        assert main.gyldig_fra is None and main.gyldig_til is None
    assert tiltak.get("2").navn == "Fosterhjem"
    assert "2" not in [c.kode for c in tiltak.choices(date(2025, 1, 1))]
    assert tiltak.get("2.3").gruppe == "Fosterhjem"


def test_tiltak_8_2_split() -> None:
    tiltak = code_list("tiltak_kategori")
    assert tiltak.get("8.2").gyldig_til == date(2025, 12, 31)
    assert tiltak.get("8.4").gyldig_fra == date(2026, 1, 1)
    assert "8.2" in PLACEMENT_CODES


def test_code_sets_are_in_tiltak_list() -> None:
    tiltak = code_list("tiltak_kategori")
    assert FOSTERHJEM_CODES | INSTITUSJON_CODES < PLACEMENT_CODES
    assert not FOSTERHJEM_CODES & INSTITUSJON_CODES
    for kode in PLACEMENT_CODES:
        assert tiltak.get(kode).selectable
    assert all(kategori_group(k) == "2" for k in FOSTERHJEM_CODES)
    assert all(kategori_group(k) == "1" for k in INSTITUSJON_CODES)


def test_kategori_group() -> None:
    assert kategori_group("2.3") == "2"
    assert kategori_group("3.10") == "3"
    assert kategori_group("8") == "8"
    assert kategori_group_label("2.3") == "Fosterhjem"
    assert kategori_group_label("1.99") == "Institusjoner"
    with pytest.raises(KeyError):
        kategori_group("9.1")


# --- get / label / check_code ------------------------------------------------------------


def test_get_unknown_has_norwegian_message() -> None:
    with pytest.raises(KeyError) as info:
        code_list("melder").get("99")
    assert info.value.args[0] == "Ukjent kode '99' i kodeliste Melder"


def test_label() -> None:
    melder = code_list("melder")
    assert melder.label("1") == "1 Barnet selv"
    assert melder.label("99") == "99 (ukjent kode)"
    assert "99" not in melder
    assert 1 not in melder  # codes are strings


def test_check_code_ok() -> None:
    assert check_code("melder", "24", date(2025, 3, 1)) is None
    assert check_code("saksinnhold", "1.1.01", date(2026, 1, 1)) is None


def test_check_code_unknown() -> None:
    assert check_code("melder", "99", date(2025, 3, 1)) == "Ukjent kode '99' i kodeliste Melder"
    assert check_code("melder", "99", date(2025, 3, 1), existing=True) is not None


def test_check_code_retired() -> None:
    message = check_code("melder", "15", date(2025, 3, 1))
    assert message is not None
    assert message.startswith("Koden 15 (Lege / Sykehus / Tannlege) utgikk 31.12.2024")
    assert check_code("melder", "15", date(2025, 3, 1), existing=True) is None
    assert check_code("melder", "15", date(2024, 12, 31)) is None


def test_check_code_not_yet_valid() -> None:
    message = check_code("saksinnhold", "1.1.01", date(2025, 6, 1))
    assert message == "Koden 1.1.01 (Fysisk helse og utvikling) er ikke gyldig før 01.01.2026"
    assert check_code("saksinnhold", "1.1.01", date(2025, 6, 1), existing=True) is None


def test_check_code_main_group() -> None:
    message = check_code("tiltak_kategori", "2", date(2025, 6, 1))
    assert message is not None and "hovedgruppe" in message
    assert check_code("tiltak_kategori", "2", date(2025, 6, 1), existing=True) is not None


def test_code_valid_on_boundaries() -> None:
    code = Code("x", "X", date(2020, 1, 1), date(2020, 12, 31), False, True, None)
    assert not code.valid_on(date(2019, 12, 31))
    assert code.valid_on(date(2020, 1, 1))
    assert code.valid_on(date(2020, 12, 31))
    assert not code.valid_on(date(2021, 1, 1))
    open_code = Code("y", "Y", None, None, False, True, None)
    assert open_code.valid_on(date(1900, 1, 1))


# --- validation of broken files ----------------------------------------------------------


def test_shipped_file_validates(raw_data: dict) -> None:
    assert set(parse_code_lists(raw_data)) == KNOWN_KEYS


def _broken(raw_data: dict) -> dict:
    return copy.deepcopy(raw_data)


def test_broken_json_file(tmp_path: Path) -> None:
    path = tmp_path / "kodelister.json"
    path.write_text('{"lister": {', encoding="utf-8")
    with pytest.raises(CodeListError, match="ikke gyldig JSON"):
        read_code_lists(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CodeListError, match="Kan ikke lese"):
        read_code_lists(tmp_path / "finnes-ikke.json")


def test_duplicate_code_in_file(tmp_path: Path, raw_data: dict) -> None:
    data = _broken(raw_data)
    data["lister"]["melder"]["koder"].append(dict(data["lister"]["melder"]["koder"][0]))
    path = tmp_path / "kodelister.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CodeListError, match="flere ganger"):
        read_code_lists(path)


def test_dates_in_wrong_order(raw_data: dict) -> None:
    data = _broken(raw_data)
    data["lister"]["plantype"]["koder"][0]["gyldig_til"] = "2000-01-01"
    with pytest.raises(CodeListError, match="gyldig_fra er etter gyldig_til"):
        parse_code_lists(data)


def test_swapped_date_rejected(raw_data: dict) -> None:
    data = _broken(raw_data)
    data["lister"]["melding_konklusjon"]["koder"][0]["gyldig_til"] = "2025-31-12"
    with pytest.raises(CodeListError, match="ugyldig dato"):
        parse_code_lists(data)


def test_unknown_and_missing_lists(raw_data: dict) -> None:
    data = _broken(raw_data)
    data["lister"]["ny_liste"] = data["lister"]["melder"]
    with pytest.raises(CodeListError, match="Ukjente kodelister"):
        parse_code_lists(data)
    data = _broken(raw_data)
    del data["lister"]["melder"]
    with pytest.raises(CodeListError, match="mangler"):
        parse_code_lists(data)


def test_missing_fields(raw_data: dict) -> None:
    data = _broken(raw_data)
    del data["lister"]["opphevelse"]["koder"][1]["selectable"]
    with pytest.raises(CodeListError, match="selectable"):
        parse_code_lists(data)
    data = _broken(raw_data)
    del data["lister"]["melder"]["koder"][1]["offentlig"]
    with pytest.raises(CodeListError, match="offentlig"):
        parse_code_lists(data)


@pytest.mark.parametrize("bad", [None, [], {"lister": []}, {"lister": {"melder": "x"}}])
def test_wrong_shapes(bad: object) -> None:
    with pytest.raises(CodeListError):
        parse_code_lists(bad)


def test_code_list_error_is_value_error() -> None:
    assert issubclass(CodeListError, ValueError)


# --- the build tool reproduces the shipped JSON ------------------------------------------


def test_build_tool_reproduces_json(tmp_path: Path) -> None:
    out = tmp_path / "kodelister.json"
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "build_kodelister.py"),
            str(SSB_SOURCE),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "2025-31-12" in result.stderr  # the typo is reported as normalised
    assert out.read_text(encoding="utf-8") == CODE_LISTS_PATH.read_text(encoding="utf-8")
