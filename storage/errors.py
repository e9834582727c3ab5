"""Storage errors with Norwegian messages that never contain personal data."""

from __future__ import annotations

import sqlite3


class StorageError(Exception):
    """Something went wrong with the database; the message is Norwegian and safe to show."""


class NotFoundError(StorageError, LookupError):
    """The requested row does not exist (any more)."""


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


def integrity_error(error: sqlite3.IntegrityError, *, deleting: bool = False) -> StorageError:
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
