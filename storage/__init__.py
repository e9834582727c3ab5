"""Storage: the SQLite database behind Fristvakt. No other package contains SQL."""

import os

# openpyxl writes through lxml when lxml is installed (it is, for SSB files). Its streaming writer
# then reports a full disk as lxml's own error and leaves half-written sheet files to the garbage
# collector, which prints tracebacks; the standard library's writer raises an OSError, which
# storage.workbook turns into one Norwegian sentence. Set before openpyxl is first imported.
os.environ.setdefault("OPENPYXL_LXML", "False")

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
