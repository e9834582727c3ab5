"""Texts the case view and the Frister view show about placements: days in a temporary
placement, waiting for a foster home, and a move (``core.placements``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from core.codes import code_list
from core.dates import fmt
from core.model import CaseFile, Flytting, Tiltak, Vedtak
from core.placements import (
    FOSTER_HOME_CODES,
    TEMPORARY_RULE,
    case_waits,
    days_from_deadline,
    is_temporary,
    placement_days,
    waits,
)

translate = QCoreApplication.translate


def days_text(days: int) -> str:
    """"1 day" / "%1 days"."""
    if days == 1:
        return translate("PlacementTexts", "1 day")
    return translate("PlacementTexts", "%1 days").replace("%1", str(days))


def placement_days_text(t: Tiltak, today: date, threshold: int) -> str:
    """For a temporary placement: its days so far (or in all, when ended), marked when over
    ``threshold``; "" for other tiltak."""
    if not is_temporary(t):
        return ""
    days = placement_days(t, today)
    if days is None:
        return ""
    text = days_text(days)
    if days > threshold:
        text += " " + translate("PlacementTexts", "(over %1)").replace("%1", str(threshold))
    return text


def need_text(v: Vedtak, case: CaseFile, today: date) -> str:
    """The need date of a vedtak with how the wait from it went: "01.02.2026 (waiting 45
    days)", "01.02.2026 (moved in after 30 days)" or "01.02.2026 (case closed after 20 days
    without a foster home)"; "" without a need date. The move-in is the first foster-home start
    on or after the need date, unless the case ended first (``core.placements``)."""
    need = v.fosterhjem_behov_dato
    if need is None:
        return ""
    found = waits([need], (t.startdato for t in case.tiltak
                           if t.kategori_kode in FOSTER_HOME_CODES), case.sak.sluttdato)
    if not found:  # needed after the case had ended: no wait
        return fmt(need)
    [wait] = found
    if wait.flyttet_inn is not None and wait.flyttet_inn <= today:
        waited = days_text(wait.days(wait.flyttet_inn))
        what = translate("PlacementTexts", "moved in after %1").replace("%1", waited)
    elif wait.avsluttet is not None and wait.avsluttet <= today:
        waited = days_text(wait.days(wait.avsluttet))
        what = translate("PlacementTexts", "case closed after %1 without a foster home"
                         ).replace("%1", waited)
    elif need > today:
        return fmt(need)
    else:
        what = translate("PlacementTexts", "waiting %1").replace("%1", days_text(wait.days(today)))
    return f"{fmt(need)} ({what})"


def reason_text(f: Flytting) -> str:
    """ArsakFra as "code name", with its presisering."""
    text = code_list("flytting_arsak_fra").label(f.arsak_fra_kode)
    return f"{text} – {f.arsak_fra_presisering}" if f.arsak_fra_presisering else text


def destination_text(f: Flytting) -> str:
    """FlyttingTil as "code name", with its presisering."""
    text = code_list("flytting_til").label(f.flytting_til_kode)
    return f"{text} – {f.flytting_til_presisering}" if f.flytting_til_presisering else text


def deadline_marker(rule_id: str, frist: date, today: date, threshold: int) -> str:
    """" · 123 days" (in the placement so far) for the alert of a temporary placement; "" for
    other rules."""
    if rule_id != TEMPORARY_RULE:
        return ""
    return " · " + days_text(days_from_deadline(frist, threshold, today))


def case_summary(case: CaseFile, today: date, threshold: int) -> list[str]:
    """What the case header says about placements today: the days in a running temporary
    placement (marked when over ``threshold``) and the days waited for a foster home."""
    parts = []
    running = [t for t in case.tiltak if is_temporary(t) and t.active_on(today)]
    if running:
        days = max(placement_days(t, today) or 0 for t in running)
        text = translate("PlacementTexts", "Temporary placement: %1").replace("%1", days_text(days))
        if days > threshold:
            text += " " + translate("PlacementTexts", "(over %1)").replace("%1", str(threshold))
        parts.append(text)
    waiting = [w for w in case_waits(case) if w.waiting_on(today)]
    if waiting:
        days = max(w.days(today) for w in waiting)
        text = translate("PlacementTexts", "Waiting for a foster home: %1")
        parts.append(text.replace("%1", days_text(days)))
    return parts
