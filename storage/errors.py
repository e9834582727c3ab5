"""Storage errors with Norwegian messages that never contain personal data."""

from __future__ import annotations

from typing import Any

from storage import driver


class StorageError(Exception):
    """Something went wrong with the database; the message is Norwegian and safe to show."""


class NotFoundError(StorageError, LookupError):
    """The requested row does not exist (any more)."""


class WorkbookError(Exception):
    """The workbook could not be written; the message is Norwegian and meant for the user."""


class BusyError(StorageError):
    """Another program holds the register's write lock longer than the busy timeout."""


class ReadOnlyError(StorageError):
    """The register is read-only (file permissions, or opened read-only)."""


class NotEncryptedError(StorageError):
    """An old unencrypted register: it must be converted before it is used."""


class SsbFileError(StorageError):
    """An SSB file (Barnevern v4 or KOSTRA 15F) cannot be read or written: empty, not XML, not
    SSB's format, against the XSD, too large, or unsafe. One Norwegian sentence, never a
    fødselsnummer or DUF-nummer."""


def unreadable_page(name: str = "") -> StorageError:
    """SQLCipher refusing a page whose authentication code does not match (the driver says
    MemoryError: SQLITE_NOMEM): the file was damaged or changed outside Fristvakt."""
    the = f"Registeret «{name}»" if name else "Registeret"
    return StorageError(f"{the} kunne ikke leses: en del av filen er skadet eller endret utenfor "
                        "Fristvakt (eller maskinen har for lite minne). Gjenopprett fra "
                        "sikkerhetskopi.")


def sql_error(error: BaseException, name: str = "", *, encrypted: bool = False) -> StorageError:
    """One Norwegian sentence for a failure of the SQLite driver (no personal data, no SQL)."""
    the = f"Registeret «{name}»" if name else "Registeret"
    server = getattr(error, "kind", None)  # storage.pg.ServerError
    if server == "refused":
        return StorageError("Databaseserveren tillater ikke dette for din bruker; ingenting er "
                            "lagret. Kontakt systemansvarlig.")
    if server == "lost":
        return StorageError("Forbindelsen til databaseserveren ble brutt; det du gjorde nå er "
                            "ikke lagret. Sjekk nettverket og prøv igjen.")
    if server == "failed":
        return StorageError("Databaseserveren svarte med en uventet feil, og ingenting er "
                            "lagret. Prøv igjen, eller meld fra til systemansvarlig.")
    primary = driver.primary_code(error)
    if primary in (driver.SQLITE_BUSY, driver.SQLITE_LOCKED) or "locked" in str(error):
        return BusyError(f"{the} er i bruk av et annet program eller en annen bruker akkurat nå. "
                         "Prøv igjen om litt – det du har skrevet er ikke lagret ennå.")
    if primary == driver.SQLITE_READONLY or "readonly" in str(error):
        return ReadOnlyError(f"{the} er skrivebeskyttet; endringer kan ikke lagres")
    if primary == driver.SQLITE_FULL:
        return StorageError("Disken er full; endringen er ikke lagret. Frigjør plass og prøv "
                            "igjen.")
    if primary == driver.SQLITE_IOERR:
        return StorageError(f"Lese- eller skrivefeil på disken for {the.lower()}; endringen er "
                            "ikke lagret. Sjekk disken eller nettverksstasjonen.")
    if primary == driver.SQLITE_CORRUPT:
        return StorageError(f"{the} er skadet. Gjenopprett fra sikkerhetskopi.")
    if primary == driver.SQLITE_NOTADB:
        if encrypted:
            return StorageError(f"{the} kan ikke låses opp med nøkkelen i nøkkelfilen (feil "
                                "nøkkelfil, eller filen er skadet)")
        return StorageError(f"Filen «{name}» er ikke et Fristvakt-register")
    if primary in (driver.SQLITE_CANTOPEN, driver.SQLITE_PERM):
        return StorageError(f"{the} kan ikke åpnes: filen eller mappen er ikke tilgjengelig")
    return StorageError("Registeret svarte med en uventet feil, og ingenting er lagret. Prøv "
                        f"igjen, eller meld fra til systemansvarlig (feilkode {primary}).")


# Named CHECK/UNIQUE constraints of the schema -> what the user is told.
_CONSTRAINT_MESSAGES = {
    "saker.journalnummer": "Journalnummeret er allerede brukt i en annen sak",
    "saker_periode": "Sakens sluttdato kan ikke være før startdatoen",
    "tiltak_periode": "Tiltakets sluttdato kan ikke være før startdatoen",
    "planer_periode": "Planens sluttdato kan ikke være før startdatoen",
    "planer_intervall": "Evalueringsintervallet må være minst én måned",
    "hyppighet_type": "Ukjent type besøk (må være oppfølging eller tilsyn)",
    "hyppighet_per_aar": "Antall besøk per år må være mellom 1 og 12",
    "besok_type": "Ukjent type besøk (må være oppfølging eller tilsyn)",
    "vedtak_akutt": "Akuttvedtak mangler tidspunkt",
    "stikkprove_avvik": "Et avvik i en stikkprøve må ha en merknad",
    "stikkprove_resultat": "Resultatet av en stikkprøve må være «ok» eller «avvik»",
    "tiltak_hyppighet.tiltak_id, tiltak_hyppighet.type, tiltak_hyppighet.startdato":
        "To hyppigheter for samme tiltak og type har samme startdato",
    "plan_evalueringer.plan_id, plan_evalueringer.dato":
        "Samme evalueringsdato er registrert to ganger for planen",
    "frister.rule_id, frister.gjelder, frister.gjelder_id, frister.seq":
        "Intern feil i fristberegningen: samme frist ble beregnet to ganger",
}

MSG_FOREIGN_KEY_SAVE = ("Registreringen viser til noe som ikke finnes "
                        "(sak, melding, vedtak, tiltak eller saksbehandler)")
MSG_FOREIGN_KEY_DELETE = ("Kan ikke slette fordi andre registreringer viser til den "
                          "(for eksempel en undersøkelse til meldingen eller besøk til tiltaket)")


def integrity_error(error: Any, *, deleting: bool = False) -> StorageError:
    """Translate SQLite's constraint message (names only, no values) into a Norwegian one."""
    text = str(error)
    if "FOREIGN KEY" in text:
        return StorageError(MSG_FOREIGN_KEY_DELETE if deleting else MSG_FOREIGN_KEY_SAVE)
    detail = text.split(":", 1)[1].strip() if ":" in text else ""
    if detail in _CONSTRAINT_MESSAGES:
        return StorageError(_CONSTRAINT_MESSAGES[detail])
    if "NOT NULL" in text:
        return StorageError(f"Et påkrevd felt mangler ({detail})")
    return StorageError(f"Lagringen bryter en regel i databasen ({detail or 'ukjent'})")
