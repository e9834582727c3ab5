"""Table models of the Saker page and the case view.

* ``CaseListModel`` – cases found by ``Register.search`` (fødselsnummer masked), with the number
  of open and overdue deadlines read lazily from the stored deadlines.
* ``RecordModel`` – rows of domain records with declared columns (the case view's sections).
* ``TimelineModel`` – everything that happened in a case, in date order (``timeline_events``).
* ``CaseDeadlineModel`` – the stored deadlines of one case with their status on a day.

None of them computes a deadline: they show what storage holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from core.codes import code_list
from core.dates import fmt
from core.deadlines import Deadline, Status
from core.identity import age_on, mask, mask_duf
from core.model import CaseFile, Sak, VisitKind
from ui.deadline_model import deadline_label
from ui.style import status_color, status_icon, status_text
from ui.table_model import Index, RowTableModel

translate = QCoreApplication.translate

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

OVERDUE_COLOUR = "#b3261e"
MUTED_COLOUR = "#6b7075"




# --- icons --------------------------------------------------------------------------------------

#: Event kinds of the timeline: (letter, colour).
KIND_STYLE = {
    "melding": ("M", "#3b6ea5"),
    "undersokelse": ("U", "#6a5acd"),
    "vedtak": ("V", "#2e7d5b"),
    "akutt": ("!", "#b3261e"),
    "tiltak": ("T", "#00796b"),
    "plan": ("P", "#8d6e00"),
    "besok": ("B", "#5d6d7e"),
    "ettervern": ("E", "#7b4f9d"),
    "flytting": ("F", "#a0522d"),
    "sak": ("S", "#455a64"),
}


@cache
def badge_icon(letter: str, colour: str) -> QIcon:
    """A small filled circle with a letter: the same shape family for every kind."""
    size = 32
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawEllipse(2, 2, size - 4, size - 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(17)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(pix.rect(), int(Qt.AlignmentFlag.AlignCenter), letter)
    p.end()
    return QIcon(pix)


def kind_icon(kind: str) -> QIcon:
    letter, colour = KIND_STYLE.get(kind, ("•", MUTED_COLOUR))
    return badge_icon(letter, colour)


def status_foreground(status: Status) -> QBrush | None:
    if status in (Status.FORFALT, Status.IKKE_OPPFYLT, Status.SNART, Status.SENT):
        return QBrush(status_color(status))
    return None


# --- generic record model -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: header and a function from the record to the text shown."""

    header: str
    text: Callable[[Any], str]
    align: int = ALIGN_LEFT
    tooltip: Callable[[Any], str] | None = None


class RecordModel(RowTableModel):
    """Read-only rows of records (anything with an ``id``) with declared columns.

    ``muted(record)`` greys out a row (e.g. something ended), ``icon(record)`` decorates the first
    column.
    """

    def __init__(self, columns: Sequence[Column], parent=None, *,
                 muted: Callable[[Any], bool] | None = None,
                 icon: Callable[[Any], QIcon | None] | None = None) -> None:
        super().__init__([c.header for c in columns], parent)
        self.columns = list(columns)
        self._muted = muted
        self._icon = icon

    set_items = RowTableModel.set_rows
    item = RowTableModel.row_at

    @property
    def items(self) -> list[Any]:
        return self.rows

    def row_of(self, item_id: int) -> int:
        return next((i for i, x in enumerate(self.rows) if getattr(x, "id", None) == item_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.index_row(index)
        if record is None or not (0 <= index.column() < len(self.columns)):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else column.text(record) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ForegroundRole and self._muted and self._muted(record):
            return QBrush(QColor(MUTED_COLOUR))
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and self._icon:
            return self._icon(record)
        if role == ID_ROLE:
            return getattr(record, "id", None)
        return None


# --- the case list ------------------------------------------------------------------------------


class CaseListModel(RowTableModel):
    """Cases (from ``Register.search``) with masked fødselsnummer, age and deadline counts.

    ``counts(sak_id) -> (open, overdue)`` is called lazily, only for rows that are shown.
    """

    JOURNAL, NAME, FNR, AGE, CASEWORKER, DEADLINES = range(6)

    def __init__(self, today: Callable[[], date],
                 counts: Callable[[int], tuple[int, int]] | None = None, parent=None) -> None:
        super().__init__([translate("CaseModel", "Journal no."), translate("CaseModel", "Name"),
                          translate("CaseModel", "Fødselsnr."), translate("CaseModel", "Age"),
                          translate("CaseModel", "Caseworker"),
                          translate("CaseModel", "Deadlines")], parent)
        self._today = today
        self._counts = counts
        self._cache: dict[int, tuple[int, int]] = {}

    def set_cases(self, saker: Sequence[Sak]) -> None:
        self._cache.clear()
        self.set_rows(saker)

    sak = RowTableModel.row_at

    @property
    def saker(self) -> list[Sak]:
        return self.rows

    def row_of(self, sak_id: int) -> int:
        return next((i for i, s in enumerate(self.rows) if s.id == sak_id), -1)

    def _count(self, sak: Sak) -> tuple[int, int] | None:
        if self._counts is None or sak.id is None:
            return None
        if sak.id not in self._cache:
            self._cache[sak.id] = self._counts(sak.id)
        return self._cache[sak.id]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        sak, col = self.index_row(index), index.column()
        if sak is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(sak, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_RIGHT if col in (self.AGE, self.DEADLINES) else ALIGN_LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.DEADLINES:
                counts = self._count(sak)
                if counts and counts[1]:
                    return QBrush(QColor(OVERDUE_COLOUR))
            if sak.sluttdato is not None:
                return QBrush(QColor(MUTED_COLOUR))
        if role == Qt.ItemDataRole.DecorationRole and col == self.DEADLINES:
            counts = self._count(sak)
            if counts and counts[1]:
                return status_icon(Status.FORFALT)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.DEADLINES:
                counts = self._count(sak)
                if counts:
                    return translate("CaseModel", "%1 open deadlines, %2 overdue").replace(
                        "%1", str(counts[0])).replace("%2", str(counts[1]))
            if sak.sluttdato is not None:
                return translate("CaseModel", "Case closed %1").replace("%1", fmt(sak.sluttdato))
        if role == ID_ROLE:
            return sak.id
        return None

    def _text(self, sak: Sak, col: int) -> str:
        if col == self.JOURNAL:
            return sak.journalnummer
        if col == self.NAME:
            return sak.navn
        if col == self.FNR:
            return identity_text(sak)
        if col == self.AGE:
            return age_text(sak.fodselsdato, self._today())
        if col == self.CASEWORKER:
            return sak.saksbehandler
        if col == self.DEADLINES:
            counts = self._count(sak)
            if counts is None:
                return ""
            total, overdue = counts
            if overdue:
                return args(translate("CaseModel", "%1 (%2 overdue)"), total, overdue)
            return str(total)
        return ""


def age_text(birth: date | None, today: date) -> str:
    if birth is None:
        return translate("CaseModel", "age unknown")
    if birth > today:
        return translate("CaseModel", "unborn")
    return str(age_on(birth, today))


def identity_text(sak: Sak) -> str:
    """The child's numbers as shown on screen: masked fødselsnummer and/or masked DUF-nummer."""
    parts = [mask(sak.fodselsnummer)] if sak.fodselsnummer else []
    if sak.duf_nummer:
        parts.append(translate("CaseModel", "DUF {number}").format(number=mask_duf(sak.duf_nummer)))
    return " · ".join(parts)


# --- the timeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One thing that happened in a case; ``ref`` is the item it belongs to (gjelder, id)."""

    dato: date
    kind: str
    text: str
    ref: tuple[str, int]
    when: datetime | None = None


def _label(key: str, kode: str | None) -> str:
    return code_list(key).label(kode) if kode else ""


def _coded(key: str, values) -> str:
    return ", ".join(_label(key, v.kode) + (f" ({v.presisering})" if v.presisering else "")
                     for v in values)


def args(text: str, *values: object) -> str:
    """Fill Qt-style placeholders %1, %2, … of a translated text."""
    for i, value in enumerate(values, start=1):
        text = text.replace(f"%{i}", str(value))
    return text


def timeline_events(case: CaseFile) -> list[Event]:
    """Everything in the case, oldest first (same day: in the order things happen)."""
    events: list[Event] = []

    def add(day: date, kind: str, text: str, ref: tuple[str, int],
            when: datetime | None = None) -> None:
        events.append(Event(day, kind, text, ref, when))

    for m in case.meldinger:
        ref = ("melding", m.id or 0)
        add(m.mottatt, "melding", args(translate("CaseModel", "Melding received from %1"),
                                       _coded("melder", m.melder) or "–"), ref)
        if m.konklusjon_dato and m.konklusjon_kode:
            add(m.konklusjon_dato, "melding", args(translate("CaseModel", "Melding concluded: %1"),
                                                   _label("melding_konklusjon", m.konklusjon_kode)),
                ref)
        if m.tilbakemelding_dato:
            add(m.tilbakemelding_dato, "melding",
                translate("CaseModel", "Feedback sent to the reporter"), ref)
    for u in case.undersokelser:
        ref = ("undersokelse", u.id or 0)
        add(u.startdato, "undersokelse", translate("CaseModel", "Undersøkelse started"), ref)
        if u.utvidet_dato:
            text = translate("CaseModel", "Undersøkelse extended")
            if u.utvidet_grunn:
                text += f": {u.utvidet_grunn}"
            add(u.utvidet_dato, "undersokelse", text, ref)
        if u.konklusjon_dato and u.konklusjon_kode:
            add(u.konklusjon_dato, "undersokelse",
                args(translate("CaseModel", "Undersøkelse concluded: %1"),
                     _label("undersokelse_konklusjon", u.konklusjon_kode)), ref)
    for v in case.vedtak:
        ref = ("vedtak", v.id or 0)
        status = _label("vedtak_status", v.status_kode)
        a = v.akutt
        if a is None:
            add(v.dato, "vedtak", args(translate("CaseModel", "Vedtak %1 (%2)"),
                                       str(v.lovhjemmel) or "–", status), ref)
            continue
        add(a.tidspunkt.date(), "akutt",
            args(translate("CaseModel", "Akuttvedtak %1 at %2 (%3)"), a.type or v.lovhjemmel,
                 f"{a.tidspunkt:%H:%M}", status), ref, a.tidspunkt)
        if a.sendt_nemnd:
            add(a.sendt_nemnd.date(), "akutt",
                args(translate("CaseModel", "Akuttvedtak sent to the board at %1"),
                     f"{a.sendt_nemnd:%H:%M}"), ref, a.sendt_nemnd)
        if a.begjaering_sendt:
            add(a.begjaering_sendt, "akutt", translate("CaseModel", "Petition sent to the board"),
                ref)
    for t in case.tiltak:
        ref = ("tiltak", t.id or 0)
        kategori = _label("tiltak_kategori", t.kategori_kode)
        add(t.startdato, "tiltak", args(translate("CaseModel", "Tiltak started: %1"), kategori),
            ref)
        if t.sluttdato:
            text = args(translate("CaseModel", "Tiltak ended: %1"), kategori)
            if t.opphevelse_kode:
                text += f" ({_label('opphevelse', t.opphevelse_kode)})"
            add(t.sluttdato, "tiltak", text, ref)
    for p in case.planer:
        ref = ("plan", p.id or 0)
        plantype = _label("plantype", p.plantype)
        add(p.startdato, "plan", args(translate("CaseModel", "Plan created: %1"), plantype), ref)
        for day in sorted(p.evalueringer):
            add(day, "plan", args(translate("CaseModel", "Plan evaluated: %1"), plantype), ref)
        if p.sluttdato:
            add(p.sluttdato, "plan", args(translate("CaseModel", "Plan ended: %1"), plantype), ref)
    for b in case.besok:
        text = (translate("CaseModel", "Follow-up visit") if b.kind is VisitKind.OPPFOLGING
                else translate("CaseModel", "Supervision visit"))
        add(b.dato, "besok", text, ("besok", b.id or 0))
    for e in case.ettervern:
        ref = ("ettervern", e.id or 0)
        add(e.tilbud_sendt, "ettervern", translate("CaseModel", "Ettervern offered"), ref)
        if e.konklusjon_dato and e.konklusjon_kode:
            add(e.konklusjon_dato, "ettervern",
                args(translate("CaseModel", "Ettervern concluded: %1"),
                     _label("ettervern_konklusjon", e.konklusjon_kode)), ref)
    for f in case.flyttinger:
        add(f.dato, "flytting",
            args(translate("CaseModel", "Moved to %1 (%2)"),
                 _label("flytting_til", f.flytting_til_kode),
                 _label("flytting_arsak_fra", f.arsak_fra_kode)), ("flytting", f.id or 0))
    order = {k: i for i, k in enumerate(("melding", "undersokelse", "akutt", "vedtak", "tiltak",
                                          "plan", "besok", "ettervern", "flytting"))}
    events.sort(key=lambda ev: (ev.dato, ev.when or datetime.min, order.get(ev.kind, 99)))
    return events


class TimelineModel(RowTableModel):
    """The case's events: date, what (with an icon per kind), in date order."""

    DATE, TEXT = range(2)

    def __init__(self, parent=None) -> None:
        super().__init__([translate("CaseModel", "Date"), translate("CaseModel", "Event")], parent)

    def set_case(self, case: CaseFile | None) -> None:
        self.set_rows(timeline_events(case) if case is not None else [])

    event_at = RowTableModel.row_at

    @property
    def events(self) -> list[Event]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ev, col = self.index_row(index), index.column()
        if ev is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(ev.dato) if col == self.DATE else ev.text
        if role == Qt.ItemDataRole.DecorationRole and col == self.TEXT:
            return kind_icon(ev.kind)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.TEXT:
            return ev.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_LEFT
        if role == SORT_ROLE:
            return ev.dato.isoformat()
        return None


# --- the case's deadlines -----------------------------------------------------------------------


class CaseDeadlineModel(RowTableModel):
    """Stored deadlines of one case (open ones by default), with status on ``today``."""

    STATUS, DUE, DAYS, WHAT, EXPLANATION = range(5)

    def __init__(self, today: Callable[[], date], parent=None) -> None:
        super().__init__([translate("CaseModel", "Status"), translate("CaseModel", "Due"),
                          translate("CaseModel", "Days"), translate("CaseModel", "Deadline"),
                          translate("CaseModel", "How it was set")], parent)
        self._today = today

    def set_deadlines(self, deadlines: Sequence[Deadline], *, only_open: bool = True) -> None:
        today = self._today()
        shown = [d for d in deadlines if d.status(today).is_open or not only_open]
        shown.sort(key=lambda d: (not d.status(today).is_open, d.frist, d.rule_id))
        self.set_rows(shown)

    deadline = RowTableModel.row_at

    @property
    def deadlines(self) -> list[Deadline]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        d, col = self.index_row(index), index.column()
        if d is None:
            return None
        today = self._today()
        status = d.status(today)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.STATUS:
                return status_text(status)
            if col == self.DUE:
                return fmt(d.frist)
            if col == self.DAYS:
                if status.is_open:
                    return days_text(d.days_left(today))
                if d.oppfylt_dato is not None:
                    return args(translate("CaseModel", "met %1"), fmt(d.oppfylt_dato))
                if status is Status.UKJENT:
                    return translate("CaseModel", "not known")
                return args(translate("CaseModel", "closed %1"), fmt(d.ikke_oppfylt_dato))
            if col == self.WHAT:
                return deadline_label(d)
            if col == self.EXPLANATION:
                return d.forklaring
        if role == Qt.ItemDataRole.DecorationRole and col == self.STATUS:
            return status_icon(status)
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.STATUS, self.DAYS):
            return status_foreground(status)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.WHAT, self.EXPLANATION):
            return f"{deadline_label(d)}\n{d.forklaring}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_RIGHT if col == self.DAYS else ALIGN_LEFT
        return None


def days_text(days: int) -> str:
    if days < 0:
        if days == -1:
            return translate("CaseModel", "1 day overdue")
        return args(translate("CaseModel", "%1 days overdue"), -days)
    if days == 0:
        return translate("CaseModel", "today")
    if days == 1:
        return translate("CaseModel", "in 1 day")
    return args(translate("CaseModel", "in %1 days"), days)
