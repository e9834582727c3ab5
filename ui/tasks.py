"""Slow work off the UI thread, one way: ``run_in_background``.

The work function runs in Qt's global thread pool and must open its own database connection
(SQLite connections belong to the thread that made them). Its result or error is delivered back
on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from service import USER_ERRORS

log = logging.getLogger(__name__)

_running: set[_Signals] = set()  # keeps the signal objects alive until delivered


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:
            log.warning("Bakgrunnsoppgave feilet: %s", type(error).__name__)
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None]) -> None:
    """Run ``work()`` in the thread pool; call ``on_done(result)`` or ``on_error(exc)`` on the UI
    thread afterwards."""
    signals = _Signals()
    _running.add(signals)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(signals)
        callback(value)

    signals.done.connect(lambda result: finish(on_done, result))
    signals.failed.connect(lambda error: finish(on_error, error))
    QThreadPool.globalInstance().start(_Task(work, signals))


def failure_text(error: BaseException, job: str) -> str:
    """What the user is told when writing a file in the background failed: the Norwegian message
    of an expected error, the system's reason when the file could not be written, else the kind
    of error (logged as ``job`` without any content)."""
    if isinstance(error, USER_ERRORS):
        return str(error)
    if isinstance(error, OSError):
        return QCoreApplication.translate("Failure", "The file could not be written (%1).").replace(
            "%1", error.strerror or type(error).__name__)
    log.error("%s feilet: %s", job, type(error).__name__)
    return QCoreApplication.translate("Failure", "Unexpected error (%1). Nothing was written."
                                      ).replace("%1", type(error).__name__)
