"""Audit samples (stikkprøver) as use cases: draw, list, review, export — for a leder only.

A draw is stored with its kind, period, size, seed, who and when, and logged
(«stikkprove_trukket», counts and seed, never case content). The period stored is the
effective one (a running period ends on the day drawn), so ``redraw`` draws a stored sample
again exactly from its kind, stored period and seed (``core.samples``), from the population as
it stands. A review result is recorded per drawn matter
(ok, or avvik with a note; the note itself is never in the audit log). The reviewers' list is
an internal workbook (journal numbers, caseworkers, dates), logged in the export log with the
profile «intern» and in the audit log.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path

from core.access import Action
from core.dates import fmt
from core.periods import Period, year
from core.samples import (
    MAX_SEED,
    RESULTS,
    Candidate,
    SampleKind,
    check_draw,
    draw,
    population,
)
from service.register import Register, guarded
from service.reports import check_target, xlsx_path
from storage import samples as S
from storage.errors import ReadOnlyError
from storage.samples import SampleItem, SampleRecord

__all__ = ["SampleItem", "SampleRecord", "add_demo_samples", "default_sample_file_name",
           "draw_sample",
           "export_sample", "list_samples", "new_seed", "record_result", "redraw",
           "sample_items", "sample_period"]


def new_seed() -> int:
    """A fresh random seed (shown and stored, so the draw can be repeated)."""
    return secrets.randbelow(MAX_SEED + 1)


def sample_period(period: Period, today: date) -> tuple[date, date]:
    """The days a draw for ``period`` looks at: the period up to today (REPORTING.md's
    measurement date). ValueError (Norwegian) for a period that has not begun."""
    if period.start > today:
        raise ValueError(f"Perioden {period.label} har ikke begynt ennå (i dag er {fmt(today)})")
    return period.start, min(period.end, today)


def _stamp(reg: Register) -> datetime:
    """Now, on the register's day (``Register.today``, which a test or a replay may set): the
    report counts draws and reviews by this day."""
    return datetime.combine(reg.today(), reg._now().timetz())


def _require_leader(reg: Register, *, writes: bool) -> None:
    reg._require(Action.REPORT)  # leder only (the role matrix)
    if writes and reg.readonly:
        raise ReadOnlyError("Registeret er åpnet skrivebeskyttet; stikkprøven kan ikke lagres")


@guarded
def draw_sample(reg: Register, kind: SampleKind, period: Period, size: int,
                seed: int | None = None) -> SampleRecord:
    """Draw ``size`` closed matters of ``kind`` in ``period`` (up to today) with ``seed``
    (None: a new random one), store the draw and log it. ValueError (Norwegian) for a bad
    size, seed or period, or when the period has no such matter."""
    _require_leader(reg, writes=True)
    kind = SampleKind(kind)
    seed = new_seed() if seed is None else seed
    check_draw(size, seed)
    start, end = sample_period(period, reg.today())
    repo = reg.repository_for_report()
    conn = repo.db.conn
    with reg._writing():
        candidates = population(kind, repo.report_cases(start), start, end, repo.params())
        if not candidates:
            raise ValueError(f"Ingen {kind.label.lower()} i perioden {fmt(start)}–{fmt(end)}; "
                             "velg en annen periode eller type")
        drawn = draw(candidates, size, seed, kind)
        sample_id = S.insert_sample(conn, kind, start, end, size, len(candidates), seed,
                                    reg.user.navn, _stamp(reg), drawn)
        reg.audit_in("stikkprove_trukket", objekt=f"stikkprøve {sample_id}", type=kind.value,
                     periode_fra=start.isoformat(), periode_til=end.isoformat(),
                     storrelse=size, trukket=len(drawn), populasjon=len(candidates), seed=seed)
    return S.sample(conn, sample_id)


@guarded
def redraw(reg: Register, sample_id: int) -> list[Candidate]:
    """Draw a stored sample again from what is stored (kind, periode_fra/periode_til as the
    period, size, seed), without storing anything: the list the register gives now. It equals
    the stored list unless a record has since been concluded (or changed) into the period."""
    _require_leader(reg, writes=False)
    repo = reg.repository_for_report()
    record = S.sample(repo.db.conn, sample_id)  # NotFoundError for a draw that does not exist
    candidates = population(record.kind, repo.report_cases(record.start), record.start,
                            record.end, repo.params())
    return draw(candidates, record.size, record.seed, record.kind)


@guarded
def list_samples(reg: Register) -> list[SampleRecord]:
    """Every draw, newest first."""
    _require_leader(reg, writes=False)
    return S.samples(reg.repository_for_report().db.conn)


@guarded
def sample_items(reg: Register, sample_id: int) -> list[SampleItem]:
    """The drawn matters of one draw with their review, in the order drawn."""
    _require_leader(reg, writes=False)
    conn = reg.repository_for_report().db.conn
    S.sample(conn, sample_id)  # NotFoundError for a draw that does not exist
    return S.sample_items(conn, sample_id)


@guarded
def record_result(reg: Register, sample_id: int, nr: int, resultat: str | None,
                  merknad: str = "") -> None:
    """Record the review of one drawn matter: «ok», «avvik» (a note is required) or None to
    clear it; logged with the case, never with the note's text."""
    _require_leader(reg, writes=True)
    merknad = merknad.strip()
    if resultat is not None and resultat not in RESULTS:
        raise ValueError(f"Ukjent resultat «{resultat}» (velg ok eller avvik)")
    if resultat == "avvik" and not merknad:
        raise ValueError("Skriv en merknad som beskriver avviket")
    if resultat is None and merknad:
        raise ValueError("Velg ok eller avvik før du skriver en merknad")
    conn = reg.repository_for_report().db.conn
    with reg._writing():
        old = S.set_result(conn, sample_id, nr, resultat, merknad, reg.user.navn, _stamp(reg))
        reg.audit_in("stikkprove_vurdert", sak_id=old.sak_id,
                     objekt=f"stikkprøve {sample_id} nr. {nr}", fra=old.resultat, til=resultat,
                     merknad="utfylt" if merknad else "")


def default_sample_file_name(record: SampleRecord) -> str:
    """«Stikkprøve 3 henlagte meldinger 01.01.2026-31.03.2026.xlsx»."""
    name = (f"Stikkprøve {record.id} {record.kind.label.lower()} {fmt(record.start)}-"
            f"{fmt(record.end)}.xlsx")
    return "".join("-" if c in '<>:"/\\|?*' else c for c in name)


@guarded
def export_sample(reg: Register, sample_id: int, path: str | Path) -> Path:
    """Write the reviewers' list of one draw (an internal workbook) and log it in the export
    log (profile «intern») and the audit log, in one transaction with the write; returns the
    file written. WorkbookError (Norwegian) when it cannot be written; nothing is logged then."""
    _require_leader(reg, writes=True)
    reg._require(Action.EXPORT)
    repo = reg.repository_for_report()
    conn = repo.db.conn
    record = S.sample(conn, sample_id)
    target = xlsx_path(path, default_sample_file_name(record))
    check_target(target, what="Stikkprøvelisten skrives som Excel-arbeidsbok")
    items = S.sample_items(conn, sample_id)
    valg = {"stikkprove": sample_id, "type": record.kind.value, "rader": len(items),
            "kilde": "stikkprove"}
    with reg._writing(), repo.logged_export("intern", record.start, record.end, valg,
                                            str(target.resolve())) as export_id:
        reg.audit_in("stikkprove_eksportert", objekt=target.name, stikkprove=sample_id,
                     rader=len(items), eksport_id=export_id)
        S.write_sample_workbook(record, items, target, reg._now())
    return target


#: The demo municipality's audit samples: kind, size, seed, matters reviewed (the second one an
#: avvik with this note).
DEMO_SAMPLES = (
    (SampleKind.HENLAGTE_MELDINGER, 10, 2026, 6,
     "Demo: begrunnelsen for henleggelsen står ikke i journalen"),
    (SampleKind.KONKLUDERTE_UNDERSOKELSER, 5, 1123, 3,
     "Demo: samtalen med barnet er ikke dokumentert"),
)


def add_demo_samples(reg: Register) -> int:
    """Draw the demo's samples from this year so far and review some of each (a kind without
    matters in a small demo is left out); returns the number of draws."""
    drawn = 0
    for kind, size, seed, reviewed, note in DEMO_SAMPLES:
        try:
            record = draw_sample(reg, kind, year(reg.today().year), size, seed)
        except ValueError:
            continue
        drawn += 1
        for nr in range(1, min(reviewed, record.items) + 1):
            record_result(reg, record.id, nr, "avvik" if nr == 2 else "ok",
                          note if nr == 2 else "")
    return drawn
