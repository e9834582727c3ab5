"""Private files: the register, its sidecars, backups and exports are readable by their owner only.

On POSIX systems folders Fristvakt creates are 0700 and files 0600. On Windows the user's profile
folder already limits access to its owner; ``chmod`` there only toggles the read-only flag, so
nothing is changed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

POSIX = os.name == "posix"
FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` if missing, with every folder this call creates 0700; ``path`` itself
    is made 0700 even if it existed."""
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if POSIX:
            folder.chmod(DIR_MODE)
    if POSIX and stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def make_private(path: Path) -> None:
    """Make an existing file 0600 (a no-op if it is already, or does not exist)."""
    if not POSIX:
        return
    with contextlib.suppress(FileNotFoundError):
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(FILE_MODE)


def create_private(path: Path) -> None:
    """Create an empty 0600 file; FileExistsError if it exists."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk, where the system allows it."""
    if not POSIX:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a private temporary path beside ``path``; on success it replaces ``path`` in one
    rename (flushed to disk), on failure it is removed and ``path`` is untouched."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)  # mkstemp creates it 0600
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically as a 0600 file."""
    with atomic_write(path) as tmp:
        tmp.write_bytes(data)
