"""The address of a shared register and the password a person may keep in the system keyring.

An address is a ``postgresql://`` URL (``postgresql://server/fristvakt``, or a full libpq URL
with port, ``sslmode`` and so on). The person's role goes into it as its user name; a password
never does: it is typed, read from ``FRISTVAKT_PASSORD`` (the command line) or kept in the
operating system's keyring (service «Fristvakt», account = the address with the user), so the
address can be shown, logged and remembered among the recent registers as it is.
"""

from __future__ import annotations

import getpass
import logging
from urllib.parse import unquote, urlsplit, urlunsplit

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from storage.errors import StorageError
from storage.pg import is_url, user_of, with_user

log = logging.getLogger(__name__)

#: The keyring's service name for Fristvakt's passwords.
KEYRING_SERVICE = "Fristvakt"

ADDRESS_FORM = "postgresql://server/database"


def check_address(address: str) -> str:
    """``address`` stripped, if it names a database on a PostgreSQL server without a password;
    ValueError with a Norwegian sentence otherwise."""
    text = address.strip()
    if not text:
        raise ValueError("Skriv adressen til registeret")
    if not is_url(text):
        raise ValueError(f"Adressen må begynne med postgresql://, for eksempel {ADDRESS_FORM}")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise ValueError(f"Adressen kan ikke leses; den skal se slik ut: {ADDRESS_FORM}"
                         ) from None
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise ValueError(f"Adressen mangler databasens navn; den skal se slik ut: {ADDRESS_FORM}")
    if parts.password is not None or "password=" in parts.query.lower():
        raise ValueError("Passordet skal ikke stå i adressen: skriv det i passordfeltet, bruk "
                         "nøkkelringen eller FRISTVAKT_PASSORD")
    return text


def shared_url(address: str, user: str = "") -> str:
    """The address to sign in with: ``address`` (checked) for the role ``user`` (the address's
    own user when ``user`` is empty)."""
    url = check_address(address)
    user = user.strip()
    return with_user(url, user) if user else url


def split_address(url: str) -> tuple[str, str]:
    """(the address without user and password, the user) — for filling in the dialog."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2]
    rest = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return f"{parts.scheme}://{host}{rest}", user_of(url)


def password_in(url: str) -> str | None:
    """A password written into the address (which Fristvakt refuses), or None."""
    if not is_url(url):
        return None
    try:
        password = urlsplit(url.strip()).password
    except ValueError:
        return None
    return unquote(password) if password is not None else None


def keyring_account(url: str) -> str:
    """The keyring's account for ``url``: the address with its user (the login name the
    server would use when the address names none), never a password."""
    address, user = split_address(url)
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            return address
    return with_user(address, user)


def saved_password(url: str) -> str | None:
    """The password saved in the keyring for ``url`` (None: none saved, or no keyring)."""
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_account(url))
    except Exception as error:  # a keyring backend can fail in many ways (D-Bus, locked, …)
        log.info("Nøkkelringen kunne ikke leses (%s)", type(error).__name__)
        return None


def save_password(url: str, password: str) -> None:
    """Keep ``password`` for ``url`` in the keyring; StorageError (Norwegian) when this
    computer has no keyring Fristvakt can use."""
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_account(url), password)
    except Exception as error:
        log.info("Nøkkelringen kunne ikke skrives (%s)", type(error).__name__)
        raise StorageError("Passordet kunne ikke lagres: maskinen har ingen nøkkelring Fristvakt "
                           "kan bruke. Du blir spurt om passordet neste gang.") from None


def forget_password(url: str) -> None:
    """Remove any password saved for ``url`` (nothing saved, or no keyring: nothing to do)."""
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_account(url))
    except (PasswordDeleteError, KeyringError):
        pass
    except Exception as error:
        log.info("Nøkkelringen kunne ikke endres (%s)", type(error).__name__)

