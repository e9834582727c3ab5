"""Key slots: the register's data key, wrapped once per person under a key from their password.

SQLCipher encrypts the whole register with one random 256-bit data key. That key is never stored
in clear: the sidecar file ``<register>.nokler`` holds, for each user name, an argon2id salt and
cost, and the data key sealed with AES-GCM under the key argon2id derives from that person's
password (the user name and the register's id are authenticated with it, so a slot cannot be
moved to another name or register). Changing a password re-wraps the same data key; removing a
user removes their slot. The sidecar also queues failed sign-ins, which cannot be written into
the register while it is locked; they move into the audit log at the next successful sign-in.

The sidecar is a 0600 JSON file written atomically. It holds user names and nothing else personal.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.errors import StorageError
from storage.files import write_private

FORMAT = "fristvakt-nokler"
FORMAT_VERSION = 1
SUFFIX = ".nokler"
KEY_BYTES = 32
MAX_PENDING_FAILURES = 1000
#: The slot of the printed recovery key (not a person; cannot sign in, only unlock).
RECOVERY_SLOT = "#gjenopprettingsnokkel"


@dataclass(frozen=True)
class KdfCost:
    """argon2id cost: passes, memory in KiB, lanes."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2


#: Cost for new slots and password hashes (OWASP's argon2id baseline is 19 MiB × 2 passes;
#: this is stronger and takes about 0.1 s on a laptop). Tests lower it.
COST = KdfCost()


class WrongPassword(StorageError):
    """The password does not open this person's slot (or there is no such slot)."""

    def __init__(self) -> None:
        super().__init__("Feil brukernavn eller passord")


def sidecar_path(register: Path) -> Path:
    """Where the key slots of ``register`` live: beside it, ``<name>.nokler``."""
    return register.with_name(register.name + SUFFIX)


def new_data_key() -> bytes:
    """A fresh random register key."""
    return secrets.token_bytes(KEY_BYTES)


def derive(password: str, salt: bytes, cost: KdfCost) -> bytes:
    """The 256-bit key argon2id derives from ``password`` and ``salt``."""
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=cost.time_cost,
                           memory_cost=cost.memory_kib, parallelism=cost.parallelism,
                           hash_len=KEY_BYTES, type=Type.ID)


@dataclass(frozen=True)
class Event:
    """An audit event queued in the key file."""

    bruker: str
    tid: datetime
    handling: str
    sak_id: int | None
    detaljer: dict[str, Any]


def queue_event(register: Path, name: str, handling: str, sak_id: int | None,
                detaljer: dict[str, Any], when: datetime) -> None:
    """Queue one audit event in ``register``'s key file (read, append, write atomically)."""
    slots = KeySlots.load(register)
    slots.note_event(name, handling, sak_id, detaljer, when)
    slots.save(register)


@dataclass
class KeySlots:
    """The sidecar of one register: its id, the slots by user name, the pending failures."""

    register_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)

    # --- file -----------------------------------------------------------------------------------

    @classmethod
    def load(cls, register: Path) -> KeySlots:
        """Read the sidecar of ``register`` (StorageError if it is missing or unreadable)."""
        path = sidecar_path(register)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StorageError(f"Nøkkelfilen «{path.name}» mangler ved siden av registeret. "
                               "Uten den kan registeret ikke låses opp; hent den fra "
                               "sikkerhetskopien.") from None
        except (OSError, ValueError):
            raise StorageError(f"Nøkkelfilen «{path.name}» kan ikke leses") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StorageError(f"«{path.name}» er ikke en nøkkelfil for Fristvakt")
        if data.get("versjon", 0) > FORMAT_VERSION:
            raise StorageError("Nøkkelfilen er laget av en nyere versjon av Fristvakt")
        return cls(str(data["register_id"]), dict(data.get("slots", {})),
                   list(data.get("mislykket", [])))

    @staticmethod
    def exists(register: Path) -> bool:
        return sidecar_path(register).exists()

    def save(self, register: Path) -> None:
        """Write the sidecar atomically (0600)."""
        data = {"format": FORMAT, "versjon": FORMAT_VERSION, "register_id": self.register_id,
                "slots": self.slots, "mislykket": self.failures[-MAX_PENDING_FAILURES:]}
        write_private(sidecar_path(register),
                      json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))

    # --- slots ----------------------------------------------------------------------------------

    def names(self) -> list[str]:
        return sorted(n for n in self.slots if n != RECOVERY_SLOT)

    def has(self, name: str) -> bool:
        return name in self.slots

    def wrap(self, name: str, password: str, data_key: bytes, cost: KdfCost | None = None
             ) -> None:
        """Add or replace ``name``'s slot: ``data_key`` sealed under ``password``."""
        cost = cost or COST
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        sealed = AESGCM(derive(password, salt, cost)).encrypt(nonce, data_key, self._aad(name))
        self.slots[name] = {"kdf": "argon2id", "salt": _b64(salt), "t": cost.time_cost,
                            "m": cost.memory_kib, "p": cost.parallelism, "nonce": _b64(nonce),
                            "nokkel": _b64(sealed)}

    def unwrap(self, name: str, password: str) -> bytes:
        """The data key from ``name``'s slot; WrongPassword if it does not open."""
        slot = self.slots.get(name)
        if slot is None:
            # Same work as a real try, so timing does not tell which user names exist.
            derive(password, b"\0" * 16, COST)
            raise WrongPassword()
        cost = KdfCost(int(slot["t"]), int(slot["m"]), int(slot["p"]))
        kek = derive(password, _unb64(slot["salt"]), cost)
        try:
            return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["nokkel"]),
                                       self._aad(name))
        except (InvalidTag, ValueError, KeyError):
            raise WrongPassword() from None

    def remove(self, name: str) -> None:
        self.slots.pop(name, None)

    def _aad(self, name: str) -> bytes:
        return f"{FORMAT}:{self.register_id}:{name}".encode()

    # --- failed sign-ins ------------------------------------------------------------------------

    def note_failure(self, name: str, when: datetime) -> None:
        self.note_event(name[:64], "innlogging_feilet", None,
                        {"grunn": "feil passord eller ukjent bruker"}, when)

    def note_event(self, name: str, handling: str, sak_id: int | None,
                   detaljer: dict[str, Any], when: datetime) -> None:
        """Queue an audit event that could not be written into the register now."""
        self.failures.append({"bruker": name, "tid": when.isoformat(), "handling": handling,
                              "sak_id": sak_id, "detaljer": detaljer})

    def take_events(self) -> list[Event]:
        """The queued events (oldest first), emptying the queue."""
        taken = [Event(str(f["bruker"]), datetime.fromisoformat(str(f["tid"])),
                       str(f.get("handling", "innlogging_feilet")),
                       f.get("sak_id"), dict(f.get("detaljer") or {})) for f in self.failures]
        self.failures = []
        return taken


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def recovery_code() -> str:
    """A printable recovery key: 8 groups of 4 characters from an unambiguous alphabet."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(32))
    return "-".join(raw[i:i + 4] for i in range(0, 32, 4))


def normalise_recovery_code(text: str) -> str:
    """The recovery code as typed (any case, spaces or dashes) in its canonical form."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))



