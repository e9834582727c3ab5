"""The application context every page and dialog shares: the open register and change signals.

All writes from the UI go through ``save``/``save_many``/``save_linked``/``delete`` here (each one
call of the application layer, ``service.Register``), so that every open view hears
``data_changed`` and refreshes from the stored deadlines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from core.access import Action
from service import Register, StaleCase


class AppContext(QObject):
    """Shared state of one window: the open register (with its signed-in person) and today."""

    data_changed = Signal()  # after any save/delete/setting change
    database_changed = Signal()  # another register was opened (or another person signed in)

    def __init__(self, register: Register, today: Callable[[], date] = date.today,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._register = register
        self._today = today

    @property
    def register(self) -> Register:
        return self._register

    def today(self) -> date:
        return self._today()

    def may(self, action: Action) -> bool:
        """Whether the signed-in person may do ``action`` (menus, buttons and pages)."""
        return self._register.may(action)

    def set_register(self, register: Register) -> None:
        """Switch to another register or person (the old connection is closed)."""
        old, self._register = self._register, register
        if old is not register:
            old.close()
        self.database_changed.emit()
        self.data_changed.emit()

    # --- the user's own caseworker name ("Mine") ----------------------------------------------

    def me(self) -> str | None:
        """The caseworker name the signed-in person works as: their account's link, else the
        name they chose under Innstillinger (stored per person in QSettings)."""
        linked = self._register.user.saksbehandler
        if linked:
            return linked
        value = QSettings().value(self._me_key(), "")
        return str(value) or None

    def set_me(self, navn: str | None) -> None:
        QSettings().setValue(self._me_key(), navn or "")
        self.data_changed.emit()

    def _me_key(self) -> str:
        return f"bruker/{self._register.user.brukernavn}/saksbehandler"

    # --- writes ----------------------------------------------------------------------------------
    #
    # A write refused because someone else saved the case first (``StaleCase``) makes every
    # view read the register again before the error reaches the caller: the case behind a
    # dialog then shows what the other person saved, and the dialog keeps what was typed.

    @contextmanager
    def _reloading_when_stale(self) -> Iterator[None]:
        try:
            yield
        except StaleCase:
            self.data_changed.emit()
            raise

    def save(self, obj: Any) -> Any:
        """Save one object in one transaction (raises ValidationError/StorageError)."""
        with self._reloading_when_stale():
            saved = self._register.save(obj)
        self.data_changed.emit()
        return saved

    def save_many(self, objs: Sequence[Any]) -> list[Any]:
        with self._reloading_when_stale():
            saved = self._register.save_many(objs)
        self.data_changed.emit()
        return saved

    def save_linked(self, first: Any, rest: Callable[[Any], Sequence[Any]]) -> list[Any]:
        """Save ``first``, then ``rest(saved_first)`` (a new case and its melding, a vedtak and
        its tiltak) in ONE call of the application layer; one ``data_changed``."""
        with self._reloading_when_stale():
            result = self._register.save_linked(first, rest)
        self.data_changed.emit()
        return result

    def delete(self, obj: Any) -> None:
        with self._reloading_when_stale():
            self._register.delete(obj)
        self.data_changed.emit()

    def set_param(self, key: str, value: int | bool | str) -> None:
        self._register.set_param(key, value)
        self.data_changed.emit()
