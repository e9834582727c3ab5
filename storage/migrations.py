"""Schema migrations: a ladder of small steps keyed on ``PRAGMA user_version`` (calibre-style).

Each ``upgrade_to_N`` brings the schema from version N-1 to N and runs in its own transaction
(``BEGIN IMMEDIATE`` … ``PRAGMA user_version = N`` … ``COMMIT``; rolled back on any error).
Never edit a shipped step: add a new one. A step that can change computed deadlines is marked
``recompute=True``; ``migrate`` then flags the deadline table as stale (``meta``) and the
repository recomputes it when it opens the database.

``PRAGMA foreign_keys`` cannot be changed inside a transaction: a step that rebuilds a table
other tables refer to is marked ``rebuilds=True`` and ``migrate`` switches the keys off around
its transaction (and checks them before it commits).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.sorting import norwegian_key
from storage import driver

#: Written to the file header so other SQLite files are recognised as "not ours" ("FVT1").
APPLICATION_ID = 0x46565431

#: ``meta`` key set when the deadline table must be recomputed.
META_STALE = "frister_utdatert"


def upgrade_to_1(conn: Any) -> None:
    """Core schema: caseworkers, cases and their facts, deadlines, settings and their history."""
    run_script(conn, """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE saksbehandlere (
        navn TEXT PRIMARY KEY,
        team TEXT NOT NULL DEFAULT '',
        aktiv INTEGER NOT NULL DEFAULT 1 CHECK (aktiv IN (0, 1)),
        er_leder INTEGER NOT NULL DEFAULT 0 CHECK (er_leder IN (0, 1))
    ) STRICT;

    CREATE TABLE saker (
        id INTEGER PRIMARY KEY,
        journalnummer TEXT NOT NULL UNIQUE,
        navn TEXT NOT NULL,
        fodselsnummer TEXT NOT NULL,
        fodselsdato TEXT NOT NULL,
        kjonn TEXT,
        saksbehandler TEXT NOT NULL
            REFERENCES saksbehandlere(navn) ON UPDATE CASCADE,
        team TEXT NOT NULL DEFAULT '',
        startdato TEXT NOT NULL,
        sluttdato TEXT,
        CONSTRAINT saker_periode CHECK (sluttdato IS NULL OR sluttdato >= startdato)
    ) STRICT;
    CREATE INDEX saker_fodselsnummer ON saker(fodselsnummer);

    CREATE TABLE meldinger (
        id INTEGER PRIMARY KEY,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        mottatt TEXT NOT NULL,
        konklusjon_kode TEXT,
        konklusjon_dato TEXT,
        tilbakemelding_dato TEXT
    ) STRICT;
    CREATE INDEX meldinger_sak ON meldinger(sak_id);

    CREATE TABLE melding_melder (
        melding_id INTEGER NOT NULL REFERENCES meldinger(id) ON DELETE CASCADE,
        kode TEXT NOT NULL,
        presisering TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX melding_melder_melding ON melding_melder(melding_id);

    CREATE TABLE melding_saksinnhold (
        melding_id INTEGER NOT NULL REFERENCES meldinger(id) ON DELETE CASCADE,
        kode TEXT NOT NULL,
        presisering TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX melding_saksinnhold_melding ON melding_saksinnhold(melding_id);

    CREATE TABLE undersokelser (
        id INTEGER PRIMARY KEY,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        melding_id INTEGER NOT NULL REFERENCES meldinger(id),
        startdato TEXT NOT NULL,
        utvidet_dato TEXT,
        utvidet_grunn TEXT NOT NULL DEFAULT '',
        konklusjon_kode TEXT,
        konklusjon_dato TEXT
    ) STRICT;
    CREATE INDEX undersokelser_sak ON undersokelser(sak_id);
    CREATE INDEX undersokelser_melding ON undersokelser(melding_id);

    CREATE TABLE vedtak (
        id INTEGER PRIMARY KEY,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        dato TEXT NOT NULL,
        lov TEXT NOT NULL DEFAULT 'BVL2021',
        kapittel TEXT NOT NULL DEFAULT '',
        paragraf TEXT NOT NULL DEFAULT '',
        ledd TEXT NOT NULL DEFAULT '',
        status_kode TEXT NOT NULL DEFAULT '1',
        akutt_type TEXT,
        akutt_tidspunkt TEXT,
        akutt_sendt_nemnd TEXT,
        akutt_begjaering_sendt TEXT,
        akutt_institusjon_atferd INTEGER NOT NULL DEFAULT 0
            CHECK (akutt_institusjon_atferd IN (0, 1)),
        CONSTRAINT vedtak_akutt CHECK (akutt_tidspunkt IS NOT NULL OR (akutt_type IS NULL
            AND akutt_sendt_nemnd IS NULL AND akutt_begjaering_sendt IS NULL))
    ) STRICT;
    CREATE INDEX vedtak_sak ON vedtak(sak_id);

    CREATE TABLE tiltak (
        id INTEGER PRIMARY KEY,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        vedtak_id INTEGER REFERENCES vedtak(id),
        kategori_kode TEXT NOT NULL,
        presisering TEXT NOT NULL DEFAULT '',
        lov TEXT NOT NULL DEFAULT 'BVL2021',
        kapittel TEXT NOT NULL DEFAULT '',
        paragraf TEXT NOT NULL DEFAULT '',
        ledd TEXT NOT NULL DEFAULT '',
        startdato TEXT NOT NULL,
        sluttdato TEXT,
        opphevelse_kode TEXT,
        opphevelse_presisering TEXT NOT NULL DEFAULT '',
        tilsyn_ansvarlig_kommune TEXT NOT NULL DEFAULT '',
        CONSTRAINT tiltak_periode CHECK (sluttdato IS NULL OR sluttdato >= startdato)
    ) STRICT;
    CREATE INDEX tiltak_sak ON tiltak(sak_id);
    CREATE INDEX tiltak_vedtak ON tiltak(vedtak_id);

    CREATE TABLE tiltak_hyppighet (
        tiltak_id INTEGER NOT NULL REFERENCES tiltak(id) ON DELETE CASCADE,
        type TEXT NOT NULL CONSTRAINT hyppighet_type CHECK (type IN ('oppfolging', 'tilsyn')),
        startdato TEXT NOT NULL,
        per_aar INTEGER NOT NULL CONSTRAINT hyppighet_per_aar CHECK (per_aar BETWEEN 1 AND 12),
        PRIMARY KEY (tiltak_id, type, startdato)
    ) STRICT;

    CREATE TABLE planer (
        id INTEGER PRIMARY KEY,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        plantype TEXT NOT NULL,
        startdato TEXT NOT NULL,
        sluttdato TEXT,
        evalueringsintervall_mnd INTEGER
            CONSTRAINT planer_intervall CHECK (evalueringsintervall_mnd IS NULL
                                               OR evalueringsintervall_mnd >= 1),
        CONSTRAINT planer_periode CHECK (sluttdato IS NULL OR sluttdato >= startdato)
    ) STRICT;
    CREATE INDEX planer_sak ON planer(sak_id);

    CREATE TABLE plan_evalueringer (
        plan_id INTEGER NOT NULL REFERENCES planer(id) ON DELETE CASCADE,
        dato TEXT NOT NULL,
        PRIMARY KEY (plan_id, dato)
    ) STRICT;

    CREATE TABLE besok (
        id INTEGER PRIMARY KEY,
        tiltak_id INTEGER NOT NULL REFERENCES tiltak(id),
        type TEXT NOT NULL CONSTRAINT besok_type CHECK (type IN ('oppfolging', 'tilsyn')),
        dato TEXT NOT NULL
    ) STRICT;
    CREATE INDEX besok_tiltak ON besok(tiltak_id);

    CREATE TABLE ettervern (
        id INTEGER PRIMARY KEY,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        tilbud_sendt TEXT NOT NULL,
        konklusjon_kode TEXT,
        konklusjon_dato TEXT
    ) STRICT;
    CREATE INDEX ettervern_sak ON ettervern(sak_id);

    CREATE TABLE frister (
        rule_id TEXT NOT NULL,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        gjelder TEXT NOT NULL,
        gjelder_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        frist TEXT NOT NULL,
        varsel_fra TEXT NOT NULL,
        oppfylt_dato TEXT,
        ikke_oppfylt_dato TEXT,
        forklaring TEXT NOT NULL,
        lokal INTEGER NOT NULL DEFAULT 0 CHECK (lokal IN (0, 1)),
        PRIMARY KEY (rule_id, gjelder, gjelder_id, seq)
    ) STRICT;
    CREATE INDEX frister_sak ON frister(sak_id);

    CREATE TABLE innstillinger (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
    ) STRICT;

    CREATE TABLE innstilling_historikk (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        old_json TEXT,
        new_json TEXT NOT NULL,
        endret_av TEXT NOT NULL,
        endret_tid TEXT NOT NULL
    ) STRICT;
    CREATE INDEX innstilling_historikk_key ON innstilling_historikk(key, id);
    """)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def upgrade_to_2(conn: Any) -> None:
    """Export log (eksportlogg) for the report writer, and indexes for the deadline lists."""
    run_script(conn, """
    CREATE TABLE eksportlogg (
        id INTEGER PRIMARY KEY,
        tidspunkt TEXT NOT NULL,
        bruker TEXT NOT NULL,
        profil TEXT NOT NULL,
        periode_fra TEXT,
        periode_til TEXT,
        valg_json TEXT NOT NULL DEFAULT '{}',
        filnavn TEXT NOT NULL
    ) STRICT;

    -- "all open deadlines overdue / due by D": a range scan over open rows only.
    CREATE INDEX frister_apne ON frister(frist)
        WHERE oppfylt_dato IS NULL AND ikke_oppfylt_dato IS NULL;
    -- "open deadlines of caseworker X due by D": saker by caseworker, then frister by case.
    CREATE INDEX saker_saksbehandler ON saker(saksbehandler);
    """)


def upgrade_to_3(conn: Any) -> None:
    """Targets of the leader's scorecard (målsettinger) per indicator and year, with history."""
    run_script(conn, """
    CREATE TABLE maalsettinger (
        indikator TEXT NOT NULL,
        aar INTEGER NOT NULL CONSTRAINT maalsetting_aar CHECK (aar BETWEEN 1900 AND 2200),
        verdi REAL NOT NULL CONSTRAINT maalsetting_verdi CHECK (verdi BETWEEN 0 AND 1),
        PRIMARY KEY (indikator, aar)
    ) STRICT;

    -- who changed which target when, from what to what (NULL = no target)
    CREATE TABLE maalsetting_historikk (
        id INTEGER PRIMARY KEY,
        indikator TEXT NOT NULL,
        aar INTEGER NOT NULL,
        gammel_verdi REAL,
        ny_verdi REAL,
        endret_av TEXT NOT NULL,
        endret_tid TEXT NOT NULL
    ) STRICT;
    CREATE INDEX maalsetting_historikk_aar ON maalsetting_historikk(aar, indikator, id);
    """)


def upgrade_to_4(conn: Any) -> None:
    """People (users, roles, argon2id hashes) and the hash-chained, append-only revisjonslogg."""
    run_script(conn, """
    CREATE TABLE brukere (
        brukernavn TEXT PRIMARY KEY,
        navn TEXT NOT NULL,
        rolle TEXT NOT NULL
            CONSTRAINT brukere_rolle CHECK (rolle IN ('saksbehandler', 'leder', 'systemansvarlig')),
        saksbehandler TEXT REFERENCES saksbehandlere(navn) ON UPDATE CASCADE ON DELETE SET NULL,
        passord_hash TEXT NOT NULL,
        aktiv INTEGER NOT NULL DEFAULT 1 CHECK (aktiv IN (0, 1)),
        opprettet TEXT NOT NULL,
        passord_endret TEXT NOT NULL
    ) STRICT;

    -- one row per access or change; each row carries the hash of the one before it
    CREATE TABLE revisjonslogg (
        id INTEGER PRIMARY KEY,
        tidspunkt TEXT NOT NULL,
        bruker TEXT NOT NULL,
        handling TEXT NOT NULL,
        sak_id INTEGER,
        objekt TEXT NOT NULL DEFAULT '',
        detaljer TEXT NOT NULL DEFAULT '{}',
        forrige_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    ) STRICT;
    CREATE INDEX revisjonslogg_sak ON revisjonslogg(sak_id, id);
    CREATE INDEX revisjonslogg_bruker ON revisjonslogg(bruker, id);
    CREATE INDEX revisjonslogg_tid ON revisjonslogg(tidspunkt);
    CREATE TRIGGER revisjonslogg_ingen_endring BEFORE UPDATE ON revisjonslogg
    BEGIN
        SELECT RAISE(ABORT, 'revisjonsloggen kan ikke endres');
    END;
    CREATE TRIGGER revisjonslogg_ingen_sletting BEFORE DELETE ON revisjonslogg
    BEGIN
        SELECT RAISE(ABORT, 'revisjonsloggen kan ikke endres');
    END;
    """)


def upgrade_to_5(conn: Any) -> None:
    """Children without a fødselsnummer: DUF-nummer, and number and birth date may be unknown."""
    run_script(conn, """
    CREATE TABLE saker_ny (
        id INTEGER PRIMARY KEY,
        journalnummer TEXT NOT NULL UNIQUE,
        navn TEXT NOT NULL,
        fodselsnummer TEXT,
        fodselsdato TEXT,
        kjonn TEXT,
        saksbehandler TEXT NOT NULL
            REFERENCES saksbehandlere(navn) ON UPDATE CASCADE,
        team TEXT NOT NULL DEFAULT '',
        startdato TEXT NOT NULL,
        sluttdato TEXT,
        duf_nummer TEXT,
        CONSTRAINT saker_periode CHECK (sluttdato IS NULL OR sluttdato >= startdato),
        CONSTRAINT saker_identitet CHECK (fodselsnummer IS NOT NULL OR duf_nummer IS NOT NULL)
    ) STRICT;
    INSERT INTO saker_ny (id, journalnummer, navn, fodselsnummer, fodselsdato, kjonn,
                          saksbehandler, team, startdato, sluttdato)
        SELECT id, journalnummer, navn, fodselsnummer, fodselsdato, kjonn, saksbehandler, team,
               startdato, sluttdato FROM saker;
    DROP TABLE saker;
    ALTER TABLE saker_ny RENAME TO saker;
    CREATE INDEX saker_fodselsnummer ON saker(fodselsnummer);
    CREATE INDEX saker_saksbehandler ON saker(saksbehandler);
    CREATE INDEX saker_duf ON saker(duf_nummer);
    """)


def upgrade_to_5_postgres(conn: Any) -> None:
    """``upgrade_to_5`` on PostgreSQL, which changes a column in place (no rebuild)."""
    run_script(conn, """
    ALTER TABLE saker ALTER COLUMN fodselsnummer DROP NOT NULL;
    ALTER TABLE saker ALTER COLUMN fodselsdato DROP NOT NULL;
    ALTER TABLE saker ADD COLUMN duf_nummer TEXT;
    ALTER TABLE saker ADD CONSTRAINT saker_identitet
        CHECK (fodselsnummer IS NOT NULL OR duf_nummer IS NOT NULL);
    CREATE INDEX saker_duf ON saker(duf_nummer);
    """)


def upgrade_to_6(conn: Any) -> None:
    """A stored Norwegian sort key for the child's name, indexed (no Python collation)."""
    conn.execute("ALTER TABLE saker ADD COLUMN navn_sortering TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT id, navn FROM saker").fetchall()
    conn.executemany("UPDATE saker SET navn_sortering = ? WHERE id = ?",
                     [(norwegian_key(navn), sak_id) for sak_id, navn in rows])
    conn.execute("CREATE INDEX saker_navn_sortering ON saker(navn_sortering, navn, id)")


#: ``meta`` key of the register's own namespace for SSB element Ids (``storage.ssb_v4``).
META_SSB_NAMESPACE = "ssb_navnerom"

#: Tables whose rows can carry an SSB element Id, by SSB's element name (``ssb_id.type``).
SSB_ID_TABLES = {"Sak": "saker", "Melding": "meldinger", "Undersokelse": "undersokelser",
                 "Vedtak": "vedtak", "Tiltak": "tiltak", "Plan": "planer",
                 "Ettervern": "ettervern", "Utfort": "besok"}


def upgrade_to_7(conn: Any) -> None:
    """SSB's element Ids (Barnevern v4) of imported records, and the register's Id namespace."""
    run_script(conn, """
    -- the Id an SSB file gave a record; a record without a row gets one derived from the
    -- register's namespace and its own id when it is exported
    CREATE TABLE ssb_id (
        type TEXT NOT NULL,
        lokal_id INTEGER NOT NULL,
        ssb_id TEXT NOT NULL,
        PRIMARY KEY (type, lokal_id)
    ) STRICT;
    CREATE INDEX ssb_id_oppslag ON ssb_id(type, ssb_id);
    """)
    for ssb_type, table in SSB_ID_TABLES.items():
        # the Id goes with its record (also when a case's parts go with the case)
        conn.execute(f"CREATE TRIGGER {table}_ssb_id AFTER DELETE ON {table} BEGIN "
                     f"DELETE FROM ssb_id WHERE type = '{ssb_type}' AND lokal_id = old.id; END")
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                 (META_SSB_NAMESPACE, str(uuid.uuid4())))


def upgrade_to_8(conn: Any) -> None:
    """Covering indexes for the leader's report (due dates per record, open deadlines per case)."""
    run_script(conn, """
    CREATE INDEX frister_rapport_frist ON frister(rule_id, gjelder, gjelder_id, frist,
                                                  oppfylt_dato, ikke_oppfylt_dato);
    CREATE INDEX frister_rapport_sak ON frister(sak_id, lokal, oppfylt_dato, ikke_oppfylt_dato,
                                                frist, varsel_fra);
    """)


def upgrade_to_9(conn: Any) -> None:
    """Vedtaksgrunnlag of undersøkelser; feedback and deadlines not known (SSB-imported)."""
    run_script(conn, """
    -- SSB's Vedtaksgrunnlag (Saksinnhold codes) of an undersøkelse concluded with a decision
    CREATE TABLE undersokelse_vedtaksgrunnlag (
        undersokelse_id INTEGER NOT NULL REFERENCES undersokelser(id) ON DELETE CASCADE,
        kode TEXT NOT NULL,
        presisering TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX undersokelse_vedtaksgrunnlag_undersokelse
        ON undersokelse_vedtaksgrunnlag(undersokelse_id);

    -- an imported melding: the file has no date of feedback to a public reporter
    ALTER TABLE meldinger ADD COLUMN tilbakemelding_ukjent INTEGER NOT NULL DEFAULT 0
        CHECK (tilbakemelding_ukjent IN (0, 1));
    -- a deadline that is neither open nor met: whether it was met is not known
    ALTER TABLE frister ADD COLUMN ukjent INTEGER NOT NULL DEFAULT 0 CHECK (ukjent IN (0, 1));
    -- the open-deadline and report indexes again, now knowing the unknown ones apart
    DROP INDEX frister_apne;
    CREATE INDEX frister_apne ON frister(frist)
        WHERE oppfylt_dato IS NULL AND ikke_oppfylt_dato IS NULL AND ukjent = 0;
    DROP INDEX frister_rapport_sak;
    CREATE INDEX frister_rapport_sak ON frister(sak_id, lokal, ukjent, oppfylt_dato,
                                                ikke_oppfylt_dato, frist, varsel_fra);
    """)
    # Meldinger an earlier import brought in: their SSB Id is the case system's, not the one the
    # register derives for its own records (uuid5 of its namespace and "Melding/<id>", as
    # storage.ssb_v4_write.IdSource did when this step was written). Without a feedback date
    # their feedback is not known rather than overdue.
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_SSB_NAMESPACE,)).fetchone()
    if row is None:
        return
    namespace = uuid.UUID(row[0])
    imported = [(lokal,) for lokal, ssb_id in conn.execute(
        "SELECT lokal_id, ssb_id FROM ssb_id WHERE type = 'Melding'")
        if ssb_id != str(uuid.uuid5(namespace, f"Melding/{lokal}"))]
    conn.executemany("UPDATE meldinger SET tilbakemelding_ukjent = 1 "
                     "WHERE id = ? AND tilbakemelding_dato IS NULL", imported)


def upgrade_to_10(conn: Any) -> None:
    """Audit samples (stikkprøver): each draw, and each drawn matter with its review result."""
    run_script(conn, """
    CREATE TABLE stikkprove (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL CONSTRAINT stikkprove_type CHECK (type IN ('henlagte_meldinger',
            'henlagte_undersokelser', 'konkluderte_undersokelser', 'tiltak_uten_plan')),
        periode_fra TEXT NOT NULL,
        periode_til TEXT NOT NULL,
        storrelse INTEGER NOT NULL CONSTRAINT stikkprove_storrelse CHECK (storrelse >= 1),
        populasjon INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        trukket_av TEXT NOT NULL,
        trukket_tid TEXT NOT NULL,
        CONSTRAINT stikkprove_periode CHECK (periode_til >= periode_fra)
    ) STRICT;
    CREATE INDEX stikkprove_trukket ON stikkprove(trukket_tid);

    -- one row per drawn matter, in the order drawn; the case may be deleted later (sak_id NULL)
    CREATE TABLE stikkprove_sak (
        stikkprove_id INTEGER NOT NULL REFERENCES stikkprove(id) ON DELETE CASCADE,
        nr INTEGER NOT NULL,
        sak_id INTEGER REFERENCES saker(id) ON DELETE SET NULL,
        gjelder TEXT NOT NULL,
        gjelder_id INTEGER NOT NULL,
        saksbehandler TEXT NOT NULL,
        dato_fra TEXT NOT NULL,
        dato_til TEXT NOT NULL,
        kode TEXT NOT NULL DEFAULT '',
        resultat TEXT CONSTRAINT stikkprove_resultat
            CHECK (resultat IS NULL OR resultat IN ('ok', 'avvik')),
        merknad TEXT NOT NULL DEFAULT '',
        vurdert_av TEXT,
        vurdert_tid TEXT,
        PRIMARY KEY (stikkprove_id, nr),
        CONSTRAINT stikkprove_avvik CHECK (resultat IS NOT 'avvik' OR trim(merknad) <> '')
    ) STRICT;
    CREATE INDEX stikkprove_sak_sak ON stikkprove_sak(sak_id);
    """)


def upgrade_to_11(conn: Any) -> None:
    """Local milestones (interne frister) with history, and the dates that meet them."""
    run_script(conn, """
    ALTER TABLE meldinger ADD COLUMN tildelt_dato TEXT;
    ALTER TABLE undersokelser ADD COLUMN forste_kontakt TEXT;
    ALTER TABLE tiltak ADD COLUMN oppstartsmote TEXT;

    -- one row per version; the newest version of a noekkel is the one in force
    CREATE TABLE interne_frister (
        id INTEGER PRIMARY KEY,
        noekkel TEXT NOT NULL,
        versjon INTEGER NOT NULL CONSTRAINT intern_frist_versjon CHECK (versjon >= 1),
        navn TEXT NOT NULL CONSTRAINT intern_frist_navn CHECK (length(trim(navn)) > 0),
        startpunkt TEXT NOT NULL,
        forskyvning INTEGER NOT NULL,
        enhet TEXT NOT NULL
            CONSTRAINT intern_frist_enhet CHECK (enhet IN ('dager', 'uker', 'maaneder')),
        oppfylles_av TEXT NOT NULL,
        gjelder_fra TEXT NOT NULL,
        intervall INTEGER CONSTRAINT intern_frist_intervall CHECK (intervall IS NULL
                                                                  OR intervall >= 1),
        intervall_enhet TEXT NOT NULL DEFAULT 'maaneder'
            CONSTRAINT intern_frist_intervall_enhet
            CHECK (intervall_enhet IN ('dager', 'uker', 'maaneder')),
        aktiv INTEGER NOT NULL CHECK (aktiv IN (0, 1)),
        endret_av TEXT NOT NULL,
        endret_tid TEXT NOT NULL,
        UNIQUE (noekkel, versjon)
    ) STRICT;
    """)


def upgrade_to_12(conn: Any) -> None:
    """Placements: a vedtak's foster-home need date, and the moves (SSB «Flytting») of a case."""
    run_script(conn, """
    ALTER TABLE vedtak ADD COLUMN fosterhjem_behov_dato TEXT;

    CREATE TABLE flyttinger (
        id INTEGER PRIMARY KEY,
        sak_id INTEGER NOT NULL REFERENCES saker(id) ON DELETE CASCADE,
        dato TEXT NOT NULL,
        arsak_fra_kode TEXT NOT NULL,
        arsak_fra_presisering TEXT NOT NULL DEFAULT '',
        flytting_til_kode TEXT NOT NULL,
        flytting_til_presisering TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX flyttinger_sak ON flyttinger(sak_id, dato);
    CREATE INDEX flyttinger_dato ON flyttinger(dato, sak_id);
    """)
    # the SSB Id goes with its record, as for the other elements (upgrade_to_7)
    conn.execute("CREATE TRIGGER flyttinger_ssb_id AFTER DELETE ON flyttinger BEGIN "
                 "DELETE FROM ssb_id WHERE type = 'Flytting' AND lokal_id = old.id; END")


@dataclass(frozen=True)
class Migration:
    """One step of the ladder. ``rebuilds`` marks a step that rebuilds a table other tables
    refer to: it runs with foreign keys off (SQLite's procedure for changing a table), and
    ``PRAGMA foreign_key_check`` must find nothing before it commits."""

    version: int
    upgrade: Callable[[Any], None]
    recompute: bool = False
    rebuilds: bool = False
    #: The step on PostgreSQL when SQLite's way cannot be translated (a table rebuild).
    postgres: Callable[[Any], None] | None = None


def upgrade_to_13(conn: Any) -> None:
    """The children's sort keys again, in Unicode's Norwegian order (as ICU's)."""
    # aa is å and accents break only ties (``core.sorting``); PostgreSQL's ICU gives the same.
    rows = conn.execute("SELECT id, navn FROM saker").fetchall()
    conn.executemany("UPDATE saker SET navn_sortering = ? WHERE id = ?",
                     [(norwegian_key(navn), sak_id) for sak_id, navn in rows])


#: ``meta`` key counting the write transactions that can change the deadline list (saves,
#: deletions, imports, settings, caseworkers, milestones, recomputations): a window polls it to
#: see another person's change (``Repository.change_number``).
META_CHANGES = "endringsnummer"


def upgrade_to_14(conn: Any) -> None:
    """A version per case (who changed it last, when) and the register's change number."""
    # two people saving the same case cannot overwrite each other unseen (service.Register)
    conn.execute("ALTER TABLE saker ADD COLUMN versjon INTEGER NOT NULL DEFAULT 1")
    conn.execute("ALTER TABLE saker ADD COLUMN endret_av TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE saker ADD COLUMN endret_tid TEXT NOT NULL DEFAULT ''")
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                 (META_CHANGES, "0"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, upgrade_to_1, recompute=True),
    Migration(2, upgrade_to_2),
    Migration(3, upgrade_to_3),
    Migration(4, upgrade_to_4),
    Migration(5, upgrade_to_5, rebuilds=True, postgres=upgrade_to_5_postgres),
    Migration(6, upgrade_to_6),
    Migration(7, upgrade_to_7),
    Migration(8, upgrade_to_8),
    Migration(9, upgrade_to_9, recompute=True),
    Migration(10, upgrade_to_10),
    Migration(11, upgrade_to_11),
    Migration(12, upgrade_to_12),
    Migration(13, upgrade_to_13),
    Migration(14, upgrade_to_14),
)

LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: Any) -> int:
    """The schema version written in the file (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Any, target: int | None = None) -> bool:
    """Run every pending step up to ``target`` (default: latest), one transaction per step.

    Returns True if a step that can change deadlines ran (the deadline table is then also
    flagged stale in ``meta``). ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    target = LATEST_VERSION if target is None else target
    recompute = False
    for step in MIGRATIONS:
        if step.version > target:
            break
        if schema_version(conn) >= step.version:
            continue  # nothing to do: no write lock needed (opening never waits for a writer)
        if step.rebuilds:
            conn.execute("PRAGMA foreign_keys = OFF")  # only possible outside a transaction
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the lock: another process may have migrated meanwhile.
            if schema_version(conn) >= step.version:
                conn.execute("ROLLBACK")
                continue
            on_server = getattr(conn, "dialect", "sqlite") == "postgresql"
            (step.postgres if on_server and step.postgres else step.upgrade)(conn)
            if step.recompute:
                conn.execute("INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value",
                             (META_STALE,))
                recompute = True
            if step.rebuilds and conn.execute("PRAGMA foreign_key_check").fetchone():
                raise ValueError("Oppgraderingen stoppet fordi noen registreringer i registeret "
                                 "ikke henger sammen; ingenting er endret. Meld fra til "
                                 "systemansvarlig.")
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            if step.rebuilds:
                conn.execute("PRAGMA foreign_keys = ON")
    return recompute


def run_script(conn: Any, script: str) -> None:
    """Execute several statements inside the current transaction.

    (``Connection.executescript`` would COMMIT first, breaking the one-transaction-per-step rule.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        statement += line
        if driver.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError("Ufullstendig SQL-setning i migreringen")
