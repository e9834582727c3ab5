"""Where exports are suggested: a folder that exists, so the first export never fails on it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def export_folder(remembered: object = "") -> Path:
    """The folder last exported to, else the user's Documents folder, else their home — the
    first of them that exists."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (str(remembered or ""), documents, str(Path.home())):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()
