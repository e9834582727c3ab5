"""What the application layer raises for front-ends to show as one Norwegian sentence."""

from __future__ import annotations

from core.validation import ValidationError
from storage.errors import StorageError, WorkbookError


class AccessDenied(StorageError):
    """The signed-in person's role may not do this (the refusal is in the audit log).

    A kind of StorageError so every front-end handler that shows a register's refusal as one
    sentence shows this one too."""


class StaleCase(StorageError):
    """Someone else saved the case after this session read it: the write is refused (nothing
    written, the refusal is in the audit log) with «Saken er endret av … kl. …; last på nytt».

    A kind of StorageError, so every handler that shows a refused save as one sentence shows
    this one too; a front-end that can reload the case (``sak_id``) does so."""

    def __init__(self, message: str, sak_id: int | None = None) -> None:
        super().__init__(message)
        self.sak_id = sak_id


#: Every failure a person can cause or meet: show ``str(error)``, never a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (StorageError, AccessDenied, StaleCase,
                                            ValidationError, WorkbookError, ValueError)
