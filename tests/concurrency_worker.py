"""One caseworker of the concurrency test (tests/test_shared_concurrency.py), in its own
process: for ``seconds`` it reads a random case and saves a new melding in it, as a person at
a desk would, and reports what it saved and what was refused."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from core.model import CodedValue, Melding
from service.errors import StaleCase
from service.shared import sign_in_shared
from storage.errors import BusyError

TODAY = date(2026, 11, 23)


def work(url: str, cases: list[int], seconds: float, seed: int) -> dict[str, object]:
    """Save meldinger for ``seconds``; returns the ids saved and the refusals met."""
    rng = random.Random(seed)
    reg = sign_in_shared(url, today=lambda: TODAY)
    saved: list[int] = []
    stale = busy = 0
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            sak_id = rng.choice(cases)
            reg.case(sak_id)  # what this person sees now
            time.sleep(rng.uniform(0, 0.02))  # reading and typing: others may save meanwhile
            melding = Melding(sak_id, TODAY - timedelta(days=rng.randint(0, 300)),
                              (CodedValue("1"),), (CodedValue("1.4.03"),))
            try:
                saved.append(int(reg.save(melding).id or 0))
            except StaleCase:
                stale += 1
            except BusyError:
                busy += 1
            except Exception as e:  # as text: a pool cannot pickle every exception
                raise RuntimeError(f"{type(e).__name__}: {e}") from None
    finally:
        reg.close()
    return {"saved": saved, "stale": stale, "busy": busy}
