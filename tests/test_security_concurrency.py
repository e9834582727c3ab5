"""Two programs writing one register at once, and a writer killed with SIGKILL: no committed
visit is lost, every visit has its audit row, the chain holds and the deadlines are exact.

The writer processes are ``bench.bench_crash``'s (``python -m bench.bench_crash --child``)."""

from __future__ import annotations

import os
import random

import pytest

from bench.bench_crash import Writer, check, max_visit_id
from core.access import Role
from tests.security_support import TODAY, add_user, signed_in

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def test_two_processes_save_200_visits_each(demo_path):
    """Two signed-in people (the leader and a second leader) write concurrently: both sign in
    and wait, then start together, so they contend for the write lock from the first save.
    (SQLite does not take turns fairly: one may write most of its visits first; with 200
    each the other's wait stays well inside the 3 s busy timeout.)"""
    reg = signed_in(demo_path)
    try:
        add_user(reg, "leder2", Role.LEDER, password="passord-to")
    finally:
        reg.close()
    baseline = max_visit_id(demo_path, TODAY)
    writers = [Writer(demo_path, 200, seed=1, today=TODAY, hold=True),
               Writer(demo_path, 200, seed=2, today=TODAY, credentials=("leder2", "passord-to"),
                      hold=True)]
    for w in writers:  # both signed in, then both start at once
        assert w.ready.wait(60)
    for w in writers:
        w.go()
    for w in writers:
        code, err = w.wait(120)
        assert code == 0, err[-3000:]
    reported = [i for w in writers for i in w.ids]
    assert len(reported) == len(set(reported)) == 400
    result = check(demo_path, reported, baseline, TODAY)
    assert result.lost == 0 and result.stored_new == 400, result
    assert result.unaudited == 0 and result.orphan_audit == 0, result
    assert result.chain_ok, result
    assert result.deadlines_match, result
    reg = signed_in(demo_path)
    try:
        conn = reg.repository_for_report().db.conn
        order = [r[0] for r in conn.execute(
            "SELECT bruker FROM revisjonslogg WHERE handling = 'opprette' "
            "AND objekt LIKE 'besok %' ORDER BY id")]
    finally:
        reg.close()
    assert {u: order.count(u) for u in set(order)} == {"demo": 200, "leder2": 200}



def test_writer_killed_midway_loses_no_committed_visit(demo_path):
    """300 audited writes; SIGKILL during a random one of them (a random number of commits
    reported, then a random part of a write's time)."""
    baseline = max_visit_id(demo_path, TODAY)
    writer = Writer(demo_path, 300, seed=3, today=TODAY)
    rng = random.Random()
    writer.kill_after(rng.randint(40, 260), delay=rng.uniform(0, 0.004))
    code, err = writer.wait(120)
    assert writer.killed, (code, err[-3000:])
    assert 0 < len(writer.ids) < 300
    result = check(demo_path, writer.ids, baseline, TODAY)
    assert result.lost == 0, result
    assert result.stored_new >= len(writer.ids), "a commit may land just before the kill"
    assert result.stored_new <= len(writer.ids) + 1, result
    assert result.unaudited == 0 and result.orphan_audit == 0, result
    assert result.chain_ok and result.deadlines_match, result
