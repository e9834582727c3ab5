"""Storage: the SQLite database behind Fristvakt. No other package contains SQL."""

from storage.db import default_db_path, open_database
from storage.errors import NotFoundError, StorageError
from storage.records import Caseworker, DeadlineRow, ExportRecord, ParamChange
from storage.repository import Repository, open_repository

__all__ = [
    "Caseworker",
    "DeadlineRow",
    "ExportRecord",
    "NotFoundError",
    "ParamChange",
    "Repository",
    "StorageError",
    "default_db_path",
    "open_database",
    "open_repository",
]
