"""SSB's KOSTRA Barnevern (15F) controls (core.ssb_15f_controls), each on a passing and a failing
file, with hand-worked dates; and SSB's two named examples classified as their names say.

The base file (``BASE``) passes every control; each row of ``CASES`` changes it so that one
control fails (and, where the base passes only because the control does not apply, gives a
passing variant where it does). All people are synthetic.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.identity import synthetic_duf, synthetic_fnr
from core.ssb_15f_controls import CONTROLS, CONTROLS_BY_ID, XSD_CONTROL, Skjema, check_file
from core.ssb_15f_model import (
    Avgiver15,
    Barnevern15,
    Code15,
    Flytting15,
    Hjemmel15,
    Individ15,
    Melding15,
    Plan15,
    Tiltak15,
    Undersokelse15,
)
from core.ssb_extract import Severity
from storage.ssb_15f import parse_15f
from storage.ssb_xml import SsbFormat, parse_xml, schema_errors

DATA = Path(__file__).resolve().parent / "data" / "ssb15f"
YEAR = 2026
SKJEMA = Skjema(YEAR, "3999", "Fjordvik", "999888777")
OSLO = Skjema(YEAR, "0301", "Oslo", "958935420")


def fnr(born: date, seed: int = 1) -> str:
    return synthetic_fnr(born, random.Random(seed))


CHILD = fnr(date(2015, 5, 17))  # 11 years old on 31.12.2026
DUF = synthetic_duf(2024, random.Random(3))

U1 = Undersokelse15("U1", date(2026, 1, 15), date(2026, 3, 15), "1", "",
                    (Code15("19", "Annet ved barnet"),))
M1 = Melding15("M1", date(2026, 1, 10), date(2026, 1, 15), "2", (Code15("22", "Helsesøster"),),
               (Code15("18", "Annet ved familien"),), U1)
P1 = Plan15("P1", date(2026, 3, 20), "1", evaluert=date(2026, 6, 1))
T1 = Tiltak15("T1", date(2026, 3, 20), Hjemmel15("BVL2021", "3", "1"), Code15("3.9"))
T2 = Tiltak15("T2", date(2026, 4, 1), Hjemmel15("BVL2021", "5", "1"), Code15("2.1"))
F1 = Flytting15("F1", date(2026, 5, 1), Code15("1.1.1"), Code15("1"))
I1 = Individ15("I1", "J1", date(2026, 1, 5), "Kari", "2", fodselsnummer=CHILD,
               meldinger=(M1,), planer=(P1,), tiltak=(T1, T2), flyttinger=(F1,))
BASE = Barnevern15(Avgiver15("999888777", str(YEAR), "3999", "Fjordvik"), (I1,))

Change = Callable[[Barnevern15], Barnevern15]


def individ(**changes) -> Change:
    return lambda data: replace(data, individer=(replace(data.individer[0], **changes),))


def avgiver(**changes) -> Change:
    return lambda data: replace(data, avgiver=replace(data.avgiver, **changes))


def melding(**changes) -> Change:
    return individ(meldinger=(replace(M1, **changes),))


def undersokelse(**changes) -> Change:
    return melding(undersokelse=replace(U1, **changes))


def plan(**changes) -> Change:
    return individ(planer=(replace(P1, **changes),))


def tiltak(**changes) -> Change:
    return individ(tiltak=(replace(T1, **changes), T2))


def omsorg(**changes) -> Change:
    return individ(tiltak=(T1, replace(T2, **changes)))


def both(*changes: Change) -> Change:
    def run(data: Barnevern15) -> Barnevern15:
        for change in changes:
            data = change(data)
        return data
    return run


def closed(on: date) -> Change:
    """The individ closed on ``on`` (Avslutta3112 = 1), every part ended by then."""
    return individ(avslutta3112="1", sluttdato=on, tiltak=(replace(T1, sluttdato=on),
                                                           replace(T2, sluttdato=on)),
                   planer=(replace(P1, sluttdato=on),))


def second(**changes) -> Change:
    """A second individ (J2, another child unless ``changes`` say otherwise)."""
    values = {"id": "I2", "journalnummer": "J2", "fodselsnummer": fnr(date(2014, 2, 3), 2)}
    return lambda data: replace(data, individer=(*data.individer,
                                                 replace(I1, **(values | changes))))


def oslo(data: Barnevern15) -> Barnevern15:
    return replace(data, avgiver=Avgiver15("958935420", str(YEAR), "0301", "Oslo"))


#: control id → (a passing variant or None for the base, the failing change, Skjema)
CASES: dict[str, tuple[Change | None, Change, Skjema]] = {
    "Avgiver Kontroll 2": (None, avgiver(versjon="2025"), SKJEMA),
    "Avgiver Kontroll 3": (None, avgiver(organisasjonsnummer=""), SKJEMA),
    "Avgiver Kontroll 4": (None, avgiver(kommunenummer="3998"), SKJEMA),
    "Avgiver Kontroll 6": (None, avgiver(kommunenavn=" "), SKJEMA),
    "Individ Kontroll 01a": (individ(startdato=date(2001, 1, 1)),
                             individ(startdato=date(2000, 12, 31)), SKJEMA),
    "Individ Kontroll 02a": (None, individ(startdato=date(2026, 6, 2), sluttdato=date(2026, 6, 1)),
                             SKJEMA),
    "Individ Kontroll 02b": (individ(sluttdato=date(2025, 12, 31)),
                             individ(sluttdato=date(2025, 12, 30)), SKJEMA),
    "Individ Kontroll 02d": (closed(date(2026, 11, 1)), individ(avslutta3112="1"), SKJEMA),
    "Individ Kontroll 03": (individ(fodselsnummer="", duf_nummer=DUF),
                            individ(fodselsnummer=CHILD[:10] + str((int(CHILD[10]) + 1) % 10)),
                            SKJEMA),
    "Individ Kontroll 04": (second(), second(fodselsnummer=CHILD), SKJEMA),
    "Individ Kontroll 05": (second(), second(journalnummer="J1"), SKJEMA),
    "Individ Kontroll 06": (individ(meldinger=(), planer=()),
                            individ(meldinger=(), planer=(), tiltak=()), SKJEMA),
    "Individ Kontroll 07": (individ(fodselsnummer=fnr(date(2001, 1, 1))),  # 25 on 31.12.
                            individ(fodselsnummer=fnr(date(2000, 12, 31))), SKJEMA),
    "Individ Kontroll 08": (individ(fodselsnummer=fnr(date(2007, 1, 1)), tiltak=(T1,)),
                            individ(fodselsnummer=fnr(date(2007, 1, 1)), tiltak=()), SKJEMA),
    "Individ Kontroll 09": (both(oslo, individ(bydelsnummer="02", bydelsnavn="Gamle Oslo")),
                            both(oslo, individ(bydelsnavn="Gamle Oslo")), OSLO),
    "Individ Kontroll 10": (both(oslo, individ(bydelsnummer="02", bydelsnavn="Gamle Oslo")),
                            both(oslo, individ(bydelsnummer="02")), OSLO),
    "Individ Kontroll 11": (None, individ(fodselsnummer="17051500100"), SKJEMA),
    "Individ Kontroll 12": (None, individ(fodselsnummer="", duf_nummer=DUF), SKJEMA),
    "Individ Kontroll 19": (individ(duf_nummer=DUF), individ(duf_nummer=DUF[:11] + "9"
                                                             if DUF[11] != "9" else DUF[:11] + "8"),
                            SKJEMA),
    "Melding Kontroll 2a": (melding(sluttdato=date(2026, 1, 10)),
                            melding(sluttdato=date(2026, 1, 9)), SKJEMA),
    "Melding Kontroll 2c": (both(closed(date(2026, 1, 12)), melding(konklusjon="2")),
                            both(closed(date(2026, 1, 12)), melding(konklusjon="1")), SKJEMA),
    "Melding Kontroll 2d": (closed(date(2026, 11, 1)),
                            both(closed(date(2026, 11, 1)), melding(sluttdato=None)), SKJEMA),
    "Melding Kontroll 2e": (melding(startdato=date(2026, 1, 5)),
                            melding(startdato=date(2026, 1, 4)), SKJEMA),
    "Melding Kontroll 3": (melding(sluttdato=date(2026, 1, 17)),  # 7 days
                           melding(sluttdato=date(2026, 1, 18)), SKJEMA),  # 8 days
    "Melding Kontroll 4": (None, melding(melder=(Code15("", "Uten kode"),)), SKJEMA),
    "Melding Kontroll 5": (melding(saksinnhold=(), konklusjon="3"), melding(saksinnhold=()),
                           SKJEMA),
    "Melder Kontroll 2": (None, melding(melder=(Code15("22"),)), SKJEMA),
    "Saksinnhold Kontroll 2": (None, melding(saksinnhold=(Code15("19"),)), SKJEMA),
    "Undersøkelse Kontroll 2a": (undersokelse(sluttdato=date(2026, 1, 15)),
                                 undersokelse(sluttdato=date(2026, 1, 14)), SKJEMA),
    "Undersøkelse Kontroll 2b": (None, both(melding(startdato=date(2025, 12, 1),
                                                    sluttdato=date(2025, 12, 5)),
                                            undersokelse(startdato=date(2025, 12, 5),
                                                         sluttdato=date(2025, 12, 31))), SKJEMA),
    "Undersøkelse Kontroll 2c": (both(closed(date(2026, 3, 15))),
                                 both(closed(date(2026, 3, 14))), SKJEMA),
    "Undersøkelse Kontroll 2d": (closed(date(2026, 11, 1)),
                                 both(closed(date(2026, 11, 1)),
                                      undersokelse(sluttdato=None, konklusjon="")), SKJEMA),
    "Undersøkelse Kontroll 2e": (undersokelse(startdato=date(2026, 1, 5)),
                                 undersokelse(startdato=date(2026, 1, 4)), SKJEMA),
    "Undersøkelse Kontroll 3": (undersokelse(konklusjon="5", presisering="Flyttet til Moss"),
                                undersokelse(konklusjon="5"), SKJEMA),
    "Undersøkelse Kontroll 4": (undersokelse(sluttdato=None, konklusjon="",
                                             startdato=date(2026, 8, 1)),
                                undersokelse(konklusjon=""), SKJEMA),
    "Undersøkelse Kontroll 7": (undersokelse(konklusjon="3", vedtaksgrunnlag=()),
                                undersokelse(konklusjon="2", vedtaksgrunnlag=()), SKJEMA),
    "Undersøkelse Kontroll 8": (undersokelse(startdato=date(2026, 7, 1), sluttdato=None,
                                             konklusjon=""),
                                undersokelse(startdato=date(2026, 6, 30), sluttdato=None,
                                             konklusjon=""), SKJEMA),
    "Vedtaksgrunnlag Kontroll 2": (None, undersokelse(vedtaksgrunnlag=(Code15("18"),)), SKJEMA),
    "Plan Kontroll 2a": (plan(sluttdato=date(2026, 3, 20)), plan(sluttdato=date(2026, 3, 19)),
                         SKJEMA),
    "Plan Kontroll 2c": (closed(date(2026, 11, 1)),
                         both(closed(date(2026, 11, 1)), plan(sluttdato=date(2026, 11, 2))),
                         SKJEMA),
    "Plan Kontroll 2d": (closed(date(2026, 11, 1)),
                         both(closed(date(2026, 11, 1)), plan(sluttdato=None)), SKJEMA),
    "Plan Kontroll 2e": (plan(startdato=date(2026, 1, 5)), plan(startdato=date(2026, 1, 4)),
                         SKJEMA),
    "Tiltak Kontroll 2a": (tiltak(sluttdato=date(2026, 3, 20)),
                           tiltak(sluttdato=date(2026, 3, 19)), SKJEMA),
    "Tiltak Kontroll 2b": (tiltak(sluttdato=date(2026, 12, 31)),
                           tiltak(sluttdato=date(2027, 1, 1)), SKJEMA),
    "Tiltak Kontroll 2c": (closed(date(2026, 11, 1)),
                           both(closed(date(2026, 11, 1)), tiltak(sluttdato=date(2026, 11, 2))),
                           SKJEMA),
    "Tiltak Kontroll 2d": (closed(date(2026, 11, 1)),
                           both(closed(date(2026, 11, 1)), tiltak(sluttdato=None)), SKJEMA),
    "Tiltak Kontroll 2e": (tiltak(startdato=date(2026, 1, 5)), tiltak(startdato=date(2026, 1, 4)),
                           SKJEMA),
    "Tiltak Kontroll 4": (omsorg(sluttdato=date(2026, 10, 1), opphevelse=Code15("1")),
                          omsorg(sluttdato=date(2026, 10, 1)), SKJEMA),
    "Tiltak Kontroll 5": (both(individ(fodselsnummer=fnr(date(2020, 1, 1))),
                               tiltak(kategori=Code15("4.1"))),  # 6 years old
                          both(individ(fodselsnummer=fnr(date(2019, 12, 31))),
                               tiltak(kategori=Code15("4.1"))), SKJEMA),
    "Tiltak Kontroll 6": (both(individ(fodselsnummer=fnr(date(2016, 1, 1))),
                               tiltak(kategori=Code15("4.2"))),
                          both(individ(fodselsnummer=fnr(date(2015, 12, 31))),
                               tiltak(kategori=Code15("4.2"))), SKJEMA),
    "Tiltak Kontroll 7": (tiltak(kategori=Code15("3.99", "Foreldrekurs")),
                          tiltak(kategori=Code15("3.99")), SKJEMA),
    "Tiltak Kontroll 8": (tiltak(opphevelse=Code15("4", "Annet")),
                          tiltak(opphevelse=Code15("4")), SKJEMA),
    # T2 (2.1) from 1.4.; T1 as a placement from 20.3.: overlap 1.4.–1.7. is exactly 3 months
    "Tiltak Kontroll 9": (tiltak(kategori=Code15("2.2"), sluttdato=date(2026, 7, 1)),
                          tiltak(kategori=Code15("2.2"), sluttdato=date(2026, 7, 2)), SKJEMA),
    "Tiltak Kontroll 24": (tiltak(startdato=date(2022, 12, 31), lovhjemmel=Hjemmel15(
                               "BVL", "4", "4")),
                           tiltak(startdato=date(2022, 12, 31)), SKJEMA),
    "Lovhjemmel Kontroll 3": (individ(fodselsnummer=fnr(date(2008, 1, 1))),  # 18
                              individ(fodselsnummer=fnr(date(2007, 12, 31))), SKJEMA),  # 19
    "Lovhjemmel Kontroll 4": (None, tiltak(lovhjemmel=Hjemmel15("BVL2021", "3", "0")), SKJEMA),
    "Flytting Kontroll 2c": (closed(date(2026, 11, 1)), closed(date(2026, 4, 30)), SKJEMA),
    "Flytting Kontroll 2f": (individ(flyttinger=(replace(F1, sluttdato=date(2026, 1, 5)),)),
                             individ(flyttinger=(replace(F1, sluttdato=date(2026, 1, 4)),)),
                             SKJEMA),
}


def ids(data: Barnevern15, skjema: Skjema = SKJEMA) -> dict[str, int]:
    found: dict[str, int] = {}
    for f in check_file(data, skjema).findings:
        found[f.control_id] = found.get(f.control_id, 0) + 1
    return found


def test_the_base_file_passes_every_control():
    result = check_file(BASE, SKJEMA)
    assert result.findings == () and not result.blocked and result.individer == 1


def test_every_control_of_the_specification_is_in_the_catalogue_and_tested():
    spec = (Path(__file__).resolve().parents[2] / "shared" / "reference" /
            "ssb-kostra-barnevern" / "Kravspesifikasjon-15F.md")
    catalogue = {c.id for c in CONTROLS}
    assert set(CASES) == catalogue and XSD_CONTROL in CONTROLS_BY_ID
    if not spec.exists():
        pytest.skip("SSB's Kravspesifikasjon-15F.md is not beside the project")
    named = set(re.findall(r'^#### <a name="[^"]+">(.+? Kontroll \w+):', spec.read_text(),
                           re.MULTILINE))
    assert named == catalogue


@pytest.mark.parametrize("control_id", sorted(CASES))
def test_each_control_passes_and_fails(control_id):
    passing, failing, skjema = CASES[control_id]
    good = passing(BASE) if passing else BASE
    assert control_id not in ids(good, skjema)
    assert control_id in ids(failing(BASE), skjema)
    control = CONTROLS_BY_ID[control_id]
    found = [f for f in check_file(failing(BASE), skjema).findings
             if f.control_id == control_id]
    assert all(f.severity is control.severity and f.message for f in found)
    for f in found:  # never a number of the child in a message
        for i in failing(BASE).individer:
            assert not i.fodselsnummer or i.fodselsnummer not in f.message
            assert not i.duf_nummer or i.duf_nummer not in f.message


def test_messages_name_the_element_and_hand_worked_dates():
    found, = [f for f in check_file(CASES["Melding Kontroll 3"][1](BASE), SKJEMA).findings]
    assert (found.journalnummer, found.individ_id, found.element, found.element_id) == (
        "J1", "I1", "Melding", "M1")
    assert found.message == ("Melding (M1). Fristoverskridelse på behandlingstid for melding, "
                             "(10.01.2026 -> 18.01.2026)")
    age, = [f for f in check_file(CASES["Lovhjemmel Kontroll 3"][1](BASE), SKJEMA).findings
            if f.control_id == "Lovhjemmel Kontroll 3"]
    assert age.message == "Tiltak (T2). Individet er 19 år og skal dermed ikke ha omsorgstiltak"
    dup, = [f for f in check_file(CASES["Individ Kontroll 04"][1](BASE), SKJEMA).findings
            if f.journalnummer == "J1"]
    assert dup.message == "Fødselsnummeret i journalnummer J1 fins også i journalene J2"


def test_a_control_without_its_skjema_value_is_not_evaluated():
    result = check_file(BASE, Skjema(YEAR))
    assert set(result.not_evaluated) == {"Avgiver Kontroll 4", "Individ Kontroll 09",
                                         "Individ Kontroll 10"}
    assert all("kommunenummer" in reason for reason in result.not_evaluated.values())
    assert result.findings == ()


def _example(name: str):
    root = parse_xml((DATA / name).read_bytes(), name)
    data = parse_15f(root)
    a = data.avgiver
    return check_file(data, Skjema(int(a.versjon), a.kommunenummer, a.kommunenavn,
                                   a.organisasjonsnummer),
                      schema_errors(root, SsbFormat.KOSTRA_15F))


def test_ssb_examples_are_classified_as_their_names_say():
    ok = _example("Testfil_21_OK_2020_15F_for_3401.xml")
    assert ok.individer == 4 and ok.count(Severity.FEIL) == 0 and not ok.blocked
    feil = _example("Testfil_05_FEIL_2020_15F_for_3401_feil_i_melding_mangler_kode.xml")
    assert feil.blocked
    assert {(f.control_id, f.journalnummer, f.element_id) for f in feil.findings} == {
        (XSD_CONTROL, "", ""), ("Melding Kontroll 4", "J4", "M1")}
    xsd, = [f for f in feil.findings if f.control_id == XSD_CONTROL]
    assert "element «Melder»: påkrevd attributt «Kode» mangler" in xsd.message


def test_a_number_in_a_journalnummer_or_id_is_masked_in_findings():
    careless = individ(journalnummer=CHILD, id=CHILD, meldinger=(replace(M1, melder=()),))(BASE)
    found = check_file(careless, SKJEMA).findings
    assert found and all(CHILD not in f"{f.message} {f.journalnummer} {f.individ_id}"
                         for f in found)
    assert {f.journalnummer for f in found} == {CHILD[:6] + " *****"}
