"""Local milestones (interne frister) live in the same catalogue but are never fristbrudd."""

from datetime import date

import pytest

from core.local_rules import MOSS_EXAMPLES, LocalRuleSpec
from core.model import Plan, PlanType, Undersokelse
from core.params import Params
from core.rules import compute_deadlines
from tests.builders import case, melding


def test_investigation_two_weeks_before_legal_deadline():
    # received 03.03.2026 → legal due 10.06.2026 → local due 27.05.2026
    c = case(meldinger=[melding(date(2026, 3, 3), konklusjon_kode="2",
                                konklusjon_dato=date(2026, 3, 5))],
             undersokelser=[Undersokelse(sak_id=1, melding_id=1, startdato=date(2026, 3, 5), id=1,
                                         konklusjon_kode="3", konklusjon_dato=date(2026, 6, 1))])
    rules = [spec.to_rule() for spec in MOSS_EXAMPLES]
    [local] = [d for d in compute_deadlines(c, Params.defaults(), rules) if d.lokal]
    assert local.rule_id == "lokal.undersokelse_for_lovfrist"
    assert local.frist == date(2026, 5, 27)
    assert local.oppfylt_dato == date(2026, 6, 1)
    assert "lokal rutine" in local.forklaring
    legal = [d for d in compute_deadlines(c, Params.defaults(), rules) if d.rule_id ==
             "undersokelse.frist"]
    assert not legal[0].lokal


def test_first_evaluation_after_six_weeks():
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 1, 15), id=1)
    rule = MOSS_EXAMPLES[1].to_rule()
    [d] = [x for x in compute_deadlines(case(planer=[plan]), Params.defaults(), [rule]) if x.lokal]
    assert d.frist == date(2026, 2, 26)


def test_unknown_anchor_is_refused():
    with pytest.raises(ValueError, match="Ukjent startpunkt"):
        LocalRuleSpec("x", "X", "finnes.ikke", 3).to_rule()
