"""``pip install .`` gives a ``fristvakt`` command with the code lists and the translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_the_program_its_data_and_the_command(tmp_path):
    try:
        subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                        "-w", str(tmp_path)], check=True, capture_output=True, timeout=300)
    finally:  # setuptools builds in the source tree
        shutil.rmtree(ROOT / "build", ignore_errors=True)
        for info in ROOT.glob("*.egg-info"):
            shutil.rmtree(info, ignore_errors=True)
    wheel = next(tmp_path.glob("fristvakt-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("main.py", "core/rules.py", "service/register.py", "storage/db.py",
                   "ui/app.py", "ui/forms/base.py", "cli/commands.py",
                   "resources/kodelister.json", "resources/i18n/fristvakt_nb.qm"):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "bench/", "tools/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "fristvakt = main:run" in text
