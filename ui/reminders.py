"""Reminders: on start and at midnight, "3 frister er forfalt, 5 forfaller snart".

Shown as a dismissable bar at the top of the window (never a modal dialog), clickable into the
Frister view filtered to Mine + forfalt, and as a system-tray message where the desktop has a
tray. Counts come from ``Register.count_open`` for the user's own cases (``ctx.me()``), or the
whole service when no user is chosen. "Denne uken" means the next seven days, today included.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDateTime, QObject, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QToolButton,
    QWidget,
)

from core.access import Action
from core.deadlines import Status
from service import Register
from storage.db import StorageError
from ui.context import AppContext
from ui.style import app_icon, status_icon

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class ReminderSummary:
    """What the reminder and the status bar say: the law's deadlines overdue and due soon (the
    status «forfaller snart»: inside the rule's warning window), for one caseworker's cases or
    all, and apart from them the service's own internal deadlines overdue (never fristbrudd)."""

    overdue: int
    soon: int
    saksbehandler: str | None
    internal_overdue: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.overdue or self.soon or self.internal_overdue)


def summarize(repo: Register, today: date, saksbehandler: str | None) -> ReminderSummary:
    """Counts for the reminder, straight from ``count_open`` (legal and internal apart)."""
    legal, internal = repo.count_open_by_kind(today, saksbehandler)
    return ReminderSummary(legal[Status.FORFALT], legal[Status.SNART], saksbehandler,
                           internal[Status.FORFALT])


def ms_to_next_midnight(now: QDateTime) -> int:
    """Milliseconds from ``now`` to a few seconds after the next midnight."""
    midnight = QDateTime(now.date().addDays(1), QTime(0, 0, 5))
    return max(1000, int(now.msecsTo(midnight)))


class ReminderBar(QFrame):
    """The bar at the top of the window. ``show_requested``: the user wants to see the list."""

    show_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 8, 6)
        layout.setSpacing(10)
        self.icon = QLabel()
        self.icon.setPixmap(status_icon(Status.FORFALT).pixmap(16, 16))
        self.text = QLabel()
        self.text.setObjectName("reminderText")
        self.show_button = QPushButton(self.tr("Show overdue deadlines"))
        self.show_button.setFlat(True)
        self.show_button.setStyleSheet("QPushButton { color: #1f4e79; text-decoration: underline;"
                                       " border: none; padding: 2px 4px; }")
        self.show_button.clicked.connect(self.show_requested)
        self.close_button = QToolButton()
        self.close_button.setAutoRaise(True)
        self.close_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setToolTip(self.tr("Hide the reminder"))
        self.close_button.setAccessibleName(self.tr("Hide the reminder"))
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.close_button)
        self.hide()

    def mouseReleaseEvent(self, event: object) -> None:
        """The whole bar is clickable while something is overdue."""
        if not self.show_button.isHidden():
            self.show_requested.emit()

    def set_summary(self, text: str, urgent: bool) -> None:
        self.text.setText(text)
        self.setProperty("calm", "false" if urgent else "true")
        self.icon.setPixmap(status_icon(Status.FORFALT if urgent else Status.OPPFYLT)
                            .pixmap(16, 16))
        self.show_button.setVisible(urgent)
        self.style().unpolish(self)
        self.style().polish(self)

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


class Reminders(QObject):
    """Computes the summary on start, at every midnight and after changes; drives bar and tray."""

    show_overdue = Signal()  # the user clicked the bar or the tray message
    new_day = Signal()  # midnight passed while the program was open

    def __init__(self, ctx: AppContext, bar: ReminderBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bar = bar
        self.summary: ReminderSummary | None = None
        self._tray: QSystemTrayIcon | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._midnight)
        bar.show_requested.connect(self.show_overdue)
        ctx.data_changed.connect(self._data_changed)

    def start(self) -> None:
        """Check now (bar and tray) and arm the midnight timer."""
        self.check(notify=True)
        self._arm()

    def stop(self) -> None:
        self._timer.stop()
        if self._tray is not None:
            self._tray.hide()

    def _arm(self) -> None:
        self._timer.start(ms_to_next_midnight(QDateTime.currentDateTime()))

    def _midnight(self) -> None:
        self.new_day.emit()
        self.check(notify=True)
        self._arm()

    def _data_changed(self) -> None:
        if self.bar.isVisible():  # keep the visible numbers true, without a new notification
            self.check(notify=False)

    def text(self, summary: ReminderSummary) -> str:
        """"3 frister er forfalt, 5 forfaller snart" (with whose cases)."""
        if not summary.anything:
            body = self.tr("No deadlines are overdue and none are due soon.")
        else:
            body = (self.tr("%n deadline(s) overdue", "", summary.overdue) + ", "
                    + self.tr("%n due soon", "", summary.soon))
            if summary.internal_overdue:
                body += " · " + self.tr("%n internal deadline(s) overdue", "",
                                        summary.internal_overdue)
        who = (self.tr("Your cases:") if summary.saksbehandler
               else self.tr("The whole service:"))
        return f"{who} {body}"

    def check(self, notify: bool = True) -> ReminderSummary | None:
        """Compute the summary and show it; ``notify`` also shows bar and tray message."""
        if not self.ctx.may(Action.VIEW_DEADLINES):
            self.bar.hide()
            return None
        try:
            summary = summarize(self.ctx.register, self.ctx.today(), self.ctx.me())
        except StorageError:
            log.warning("Påminnelse: kunne ikke telle frister")
            return None
        self.summary = summary
        text = self.text(summary)
        self.bar.set_summary(text, urgent=summary.overdue > 0)
        if notify:
            self.bar.show()
            if summary.anything:
                self._notify_tray(text)
        return summary

    def _notify_tray(self, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            self._tray = QSystemTrayIcon(app_icon(), self)
            self._tray.setToolTip("Fristvakt")
            self._tray.messageClicked.connect(self.show_overdue)
            self._tray.activated.connect(lambda _reason: self.show_overdue.emit())
        self._tray.show()
        self._tray.showMessage("Fristvakt", text, QSystemTrayIcon.MessageIcon.Information, 15000)
