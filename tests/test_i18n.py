"""The bokmål translation covers every UI string, and the shipped .qm is compiled from the .ts."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tools import i18n

pytestmark = pytest.mark.skipif(shutil.which("pyside6-lupdate") is None,
                                reason="Qt's translation tools are not installed")


def messages(ts) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(c.findtext("name", ""), m.findtext("source", "")): m
            for c in root.iter("context") for m in c.iter("message")}


def test_every_ui_string_is_in_the_translation_file(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run(["pyside6-lupdate", *i18n.sources(), "-no-obsolete", "-locations", "none",
                    "-ts", str(fresh)], cwd=i18n.ROOT, check=True, capture_output=True)
    extracted = set(messages(fresh))
    shipped = messages(i18n.TS)
    missing = sorted(extracted - set(shipped))
    assert not missing, f"strings not in {i18n.TS.name}: {missing[:10]}"


def test_every_string_is_translated():
    assert i18n.unfinished() == []
    for (context, source), message in messages(i18n.TS).items():
        translation = message.find("translation")
        texts = ([f.text for f in translation.findall("numerusform")]
                 if message.get("numerus") == "yes" else [translation.text])
        assert all(t and t.strip() for t in texts), (context, source)


def test_shipped_qm_is_compiled_from_the_ts(tmp_path):
    compiled = tmp_path / "check.qm"
    i18n.release(compiled)
    assert compiled.read_bytes() == i18n.QM.read_bytes(), "run: python tools/i18n.py"


def test_the_file_dialog_has_no_english_word_left(qapp):
    """Qt's own file dialog (used where the platform has no native one) is bokmål too."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView, QWidget

    dialog = QFileDialog(None, "Lagre", str(i18n.ROOT))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    qapp.processEvents()
    texts = {w.text() for w in dialog.findChildren(QLabel)}
    texts |= {w.text() for w in dialog.findChildren(QAbstractButton)}
    texts |= {w.toolTip() for w in dialog.findChildren(QWidget)}
    for view in dialog.findChildren(QTreeView):
        model = view.model()
        texts |= {str(model.headerData(c, Qt.Orientation.Horizontal))
                  for c in range(model.columnCount())}
    dialog.close()
    english = {"&Look in:", "Files of &type:", "Back", "Forward", "Parent Directory",
               "Create New Folder", "List View", "Detail View", "Name", "Size",
               "Date Modified", "&Save", "Cancel", "File &name:"}
    assert not texts & english
    assert {"&Se i:", "Navn", "Avbryt"} <= texts
