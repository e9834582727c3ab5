"""The application context every page and dialog shares: the repository and change signals.

All writes from the UI go through ``save``/``save_many``/``delete`` here, so that every open view
hears ``data_changed`` and refreshes from the stored deadlines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from storage.db import transaction
from storage.repository import Repository


class AppContext(QObject):
    """Shared state of one window: the open repository, today's date and the current user."""

    data_changed = Signal()  # after any save/delete/setting change
    database_changed = Signal()  # another database file was opened

    def __init__(self, repo: Repository, today: Callable[[], date] = date.today,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._repo = repo
        self._today = today

    @property
    def repo(self) -> Repository:
        return self._repo

    def today(self) -> date:
        return self._today()

    def set_repository(self, repo: Repository) -> None:
        """Switch to another database (the old connection is closed)."""
        old, self._repo = self._repo, repo
        if old is not repo:
            old.close()
        self.database_changed.emit()
        self.data_changed.emit()

    # --- the user's own caseworker name ("Mine") ----------------------------------------------

    def me(self) -> str | None:
        """The caseworker name the user chose as their own (stored in QSettings)."""
        value = QSettings().value("bruker/saksbehandler", "")
        return str(value) or None

    def set_me(self, navn: str | None) -> None:
        QSettings().setValue("bruker/saksbehandler", navn or "")
        self.data_changed.emit()

    # --- writes ----------------------------------------------------------------------------------

    def save(self, obj: Any) -> Any:
        """Save one object in one transaction (raises ValidationError/StorageError)."""
        saved = self._repo.save(obj)
        self.data_changed.emit()
        return saved

    def save_many(self, objs: Sequence[Any]) -> list[Any]:
        saved = self._repo.save_many(objs)
        self.data_changed.emit()
        return saved

    def save_linked(self, first: Any, rest: Callable[[Any], Sequence[Any]]) -> list[Any]:
        """Save ``first``, then ``rest(saved_first)`` (objects that need its new id: a new case
        and its melding, a vedtak and its tiltak) in ONE transaction; one ``data_changed``."""
        with transaction(self._repo.db):
            saved = self._repo.save(first)
            others = list(rest(saved))
            result = [saved, *(self._repo.save_many(others) if others else [])]
        self.data_changed.emit()
        return result

    def delete(self, obj: Any) -> None:
        self._repo.delete(obj)
        self.data_changed.emit()

    def set_param(self, key: str, value: int | bool | str) -> None:
        self._repo.set_param(key, value)
        self.data_changed.emit()
