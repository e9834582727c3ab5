"""What the application layer raises for front-ends to show as one Norwegian sentence."""

from __future__ import annotations

from core.validation import ValidationError
from storage.errors import StorageError, WorkbookError


class AccessDenied(StorageError):
    """The signed-in person's role may not do this (the refusal is in the audit log).

    A kind of StorageError so every front-end handler that shows a register's refusal as one
    sentence shows this one too."""


#: Every failure a person can cause or meet: show ``str(error)``, never a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (StorageError, AccessDenied, ValidationError,
                                            WorkbookError, ValueError)
