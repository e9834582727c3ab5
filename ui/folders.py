"""Where exports are suggested: a folder that exists, so the first export never fails on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def export_folder(remembered: object = "") -> Path:
    """The folder last exported to, else the user's Documents folder, else their home — the
    first of them that exists."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (str(remembered or ""), documents, str(Path.home())):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


def ask_save_path(owner: Any, parent: QWidget, title: str, suggested: Path, file_filter: str,
                  suffix: str) -> Path | None:
    """Ask where to save, in Qt's own file dialog (the keyboard works the same everywhere);
    None when cancelled. ``owner.dialog`` holds the open dialog (tests drive it)."""
    dialog = owner.dialog = QFileDialog(parent, title, str(suggested), file_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])
    finally:
        owner.dialog = None
        dialog.deleteLater()
