"""Backups of a register: SQLite's online backup API into an encrypted copy, kept in rotation.

A backup is a complete register file encrypted with the same data key (so it opens with the same
people's passwords), with a copy of the key slots beside it. Each register has its own folder,
``<data folder>/sikkerhetskopier/<name>-<8 hex of its full path>/``, so two registers with the
same file name never share backups. Files are named ``<name>-<YYYYmmdd-HHMMSS>-<kind>.db``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storage import driver
from storage.db import default_data_dir
from storage.errors import StorageError, sql_error
from storage.files import atomic_write, make_private, private_dir
from storage.keyslots import sidecar_path

KINDS = ("daglig", "manuell", "oppgradering", "konvertering", "for-gjenoppretting")
KEEP_UPGRADE = 3  # backups taken before an upgrade or conversion that are kept


@dataclass(frozen=True)
class BackupFile:
    """One backup: where, when it was taken, why."""

    path: Path
    taken: datetime
    kind: str


@dataclass(frozen=True)
class Rotation:
    """How many backups to keep: the newest of each of the last N days, weeks and months."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def backup_dir(register: Path) -> Path:
    """The folder for ``register``'s backups (not created here)."""
    full = str(register.expanduser().resolve())
    tag = hashlib.sha256(full.encode("utf-8")).hexdigest()[:8]
    return default_data_dir() / "sikkerhetskopier" / f"{register.stem}-{tag}"


def make_backup(conn: Any, key: bytes | None, register: Path, kind: str, now: datetime,
                target: Path | None = None) -> Path:
    """Copy the open register ``conn`` (a consistent snapshot, even while others write) to a
    new backup file and copy its key slots beside it. Returns the backup's path."""
    if kind not in KINDS:
        raise ValueError(f"Ukjent type sikkerhetskopi «{kind}»")
    if target is None:
        folder = private_dir(backup_dir(register))
        target = folder / f"{register.stem}-{now:%Y%m%d-%H%M%S}-{kind}.db"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{register.stem}-{now:%Y%m%d-%H%M%S}-{kind}-{n}.db"
    try:
        with atomic_write(target, ".db.tmp") as tmp:
            dest = driver.connect(str(tmp))
            try:
                if key is not None:
                    driver.set_key(dest, key)
                conn.backup(dest)
            finally:
                dest.close()
    except driver.Error as e:
        raise sql_error(e, register.name) from None
    except OSError as e:
        raise StorageError(f"Kan ikke skrive sikkerhetskopien «{target.name}»: "
                           f"{e.strerror or 'ingen tilgang'}") from None
    slots = sidecar_path(register)
    if slots.exists():
        copy = sidecar_path(target)
        with atomic_write(copy) as tmp:
            shutil.copyfile(slots, tmp)
    make_private(target)
    return target


def parse_name(path: Path) -> BackupFile | None:
    """The time and kind in a backup's file name (None for other files)."""
    parts = path.stem.split("-")
    for i in range(len(parts) - 2):
        stamp = f"{parts[i]}-{parts[i + 1]}"
        try:
            taken = datetime.strptime(stamp, "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        kind = "-".join(parts[i + 2:])
        kind = kind.rsplit("-", 1)[0] if kind.rsplit("-", 1)[-1].isdigit() else kind
        if kind in KINDS:
            return BackupFile(path, taken, kind)
    return None


def list_backups(register: Path) -> list[BackupFile]:
    """The register's backups, newest first."""
    folder = backup_dir(register)
    if not folder.is_dir():
        return []
    found = [b for p in folder.glob("*.db") if (b := parse_name(p)) is not None]
    return sorted(found, key=lambda b: b.taken, reverse=True)


def needs_daily(register: Path, today: date) -> bool:
    """True unless a backup of the register was already taken today."""
    return not any(b.taken.date() == today for b in list_backups(register))


def to_remove(backups: Iterable[BackupFile], rotation: Rotation) -> list[BackupFile]:
    """Which backups fall out of the rotation: manual ones stay; of the rest the newest of
    each of the last ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months are kept,
    and the newest ``KEEP_UPGRADE`` taken before an upgrade, conversion or restore."""
    ordered = sorted(backups, key=lambda b: b.taken, reverse=True)
    keep: set[Path] = {b.path for b in ordered if b.kind == "manuell"}
    special = [b for b in ordered if b.kind in ("oppgradering", "konvertering",
                                                "for-gjenoppretting")]
    keep |= {b.path for b in special[:KEEP_UPGRADE]}
    regular = [b for b in ordered if b.kind == "daglig"]
    for count, bucket in ((rotation.daily, lambda d: d.date()),
                          (rotation.weekly, lambda d: d.isocalendar()[:2]),
                          (rotation.monthly, lambda d: (d.year, d.month))):
        seen: list[object] = []
        for b in regular:
            slot = bucket(b.taken)
            if slot in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(slot)
            keep.add(b.path)
    return [b for b in ordered if b.path not in keep]


def rotate(register: Path, rotation: Rotation) -> int:
    """Delete the backups that fall out of the rotation; returns how many."""
    removed = 0
    for b in to_remove(list_backups(register), rotation):
        for path in (b.path, sidecar_path(b.path)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        removed += 1
    return removed


def copy_for_restore(backup: Path, register: Path) -> Path:
    """A private working copy of ``backup`` beside ``register`` (to verify and then move in)."""
    work = register.with_name(f".{register.name}.gjenoppretter")
    with contextlib.suppress(FileNotFoundError):
        work.unlink()
    try:
        with atomic_write(work) as tmp:
            shutil.copyfile(backup, tmp)
    except OSError as e:
        raise StorageError(f"Kan ikke lese sikkerhetskopien «{backup.name}»: "
                           f"{e.strerror or 'ingen tilgang'}") from None
    return work


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
