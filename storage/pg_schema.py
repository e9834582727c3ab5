"""What a shared register keeps on the PostgreSQL server beyond the tables of the migrations.

``BOOTSTRAP`` runs once on an empty database before the first migration: the schema version
table (SQLite keeps it in ``PRAGMA user_version``), the two SQL functions the queries use
(``fold`` and ``instr``, registered in Python on SQLite) and the trigger functions
``storage.dialect`` translates SQLite's triggers into.

``SERVER_SIDE`` runs after every migration, as the owner: the audit log's append function and
the guards that keep a person from editing the log, its head, or the list of people, and the
grants to the group role every person is a member of (``PEOPLE_ROLE``):

* ``fristvakt_revisjon(handling, sak_id, objekt, detaljer)`` appends one row to the
  revisjonslogg as the owner (SECURITY DEFINER): it takes the register's write lock (so the chain
  holds under concurrent writers), stamps the server's time and the signed-in role
  (``session_user``), and computes the hash exactly as ``storage.audit`` does (sha256 over the
  compact JSON array of the previous hash and the row's fields), so ``audit.verify`` checks a
  chain written on either backend.
* People get no INSERT, UPDATE or DELETE on ``revisjonslogg`` or ``fristvakt_skjema``; the audit
  head in ``meta`` changes only through the function; ``brukere`` changes only for a person whose
  own row makes them leder or systemansvarlig.
"""

from __future__ import annotations

#: The group role municipal IT makes every Fristvakt person a member of (README).
PEOPLE_ROLE = "fristvakt_bruker"

#: Application id kept in ``fristvakt_skjema`` (as ``PRAGMA application_id`` on SQLite).
APPLICATION_ID = 0x46565431

BOOTSTRAP = (
    """CREATE TABLE fristvakt_skjema (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        versjon INTEGER NOT NULL,
        applikasjon BIGINT NOT NULL)""",
    f"INSERT INTO fristvakt_skjema (id, versjon, applikasjon) VALUES (1, 0, {APPLICATION_ID})",
    # Unicode case folding for search; ICU's lower() in Norwegian (libc's C locale would leave
    # Æ, Ø and Å as they are).
    """CREATE FUNCTION fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN lower(t COLLATE "nb-NO-x-icu")""",
    """CREATE FUNCTION instr(haystack text, needle text) RETURNS integer LANGUAGE sql IMMUTABLE
        PARALLEL SAFE RETURN strpos(haystack, needle)""",
    """CREATE FUNCTION fristvakt_avvis() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege';
        END $$""",
    """CREATE FUNCTION fristvakt_slett_ssb_id() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM ssb_id WHERE type = TG_ARGV[0] AND lokal_id = OLD.id;
            RETURN NULL;
        END $$""",
)

#: The JSON text of one value as Python's ``json.dumps(ensure_ascii=False)`` writes it.
_JSON = "coalesce(to_json({0})::text, 'null')"

_DIGEST = ("encode(sha256(convert_to('[' || " + " || ',' || ".join(_JSON.format(v) for v in (
    "prev", "row_id", "stamp", "who", "p_handling", "p_sak_id", "p_objekt", "p_detaljer"))
    + " || ']', 'UTF8')), 'hex')")

SERVER_SIDE = (
    f"""CREATE OR REPLACE FUNCTION fristvakt_revisjon(p_handling text, p_sak_id bigint,
            p_objekt text, p_detaljer text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
        DECLARE
            row_id bigint;
            prev text;
            head text;
            stamp text := to_char(date_trunc('second', clock_timestamp()),
                                  'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM');
            who text := session_user;
            digest text;
        BEGIN
            PERFORM pg_advisory_xact_lock({APPLICATION_ID});
            SELECT id, hash INTO row_id, prev FROM revisjonslogg ORDER BY id DESC LIMIT 1;
            IF row_id IS NULL THEN
                row_id := 0;
                prev := repeat('0', 64);
            END IF;
            SELECT value INTO head FROM meta WHERE key = 'revisjon_hode';
            IF head IS NOT NULL AND split_part(head, ':', 1) ~ '^[0-9]+$'
               AND split_part(head, ':', 1)::bigint > row_id
               AND length(split_part(head, ':', 2)) = 64 THEN
                row_id := split_part(head, ':', 1)::bigint;
                prev := split_part(head, ':', 2);
            END IF;
            row_id := row_id + 1;
            digest := {_DIGEST};
            INSERT INTO revisjonslogg (id, tidspunkt, bruker, handling, sak_id, objekt,
                                       detaljer, forrige_hash, hash)
                VALUES (row_id, stamp, who, p_handling, p_sak_id, p_objekt, p_detaljer, prev,
                        digest);
            INSERT INTO meta (key, value) VALUES ('revisjon_hode', row_id || ':' || digest)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            RETURN row_id;
        END $$""",
    # Only the owner (the append function runs as the owner) may touch the recorded head.
    """CREATE OR REPLACE FUNCTION fristvakt_vakt_meta() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END) = 'revisjon_hode'
               OR (TG_OP <> 'INSERT' AND OLD.key = 'revisjon_hode') THEN
                IF current_user::text <> (SELECT pg_get_userbyid(relowner) FROM pg_class
                                          WHERE oid = TG_RELID) THEN
                    RAISE EXCEPTION 'revisjonsloggen kan ikke endres'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$""",
    "DROP TRIGGER IF EXISTS meta_revisjon_hode ON meta",
    """CREATE TRIGGER meta_revisjon_hode BEFORE INSERT OR UPDATE OR DELETE ON meta
        FOR EACH ROW EXECUTE FUNCTION fristvakt_vakt_meta()""",
    # Only a leder or systemansvarlig (by their own active row) changes who may do what.
    """CREATE OR REPLACE FUNCTION fristvakt_vakt_brukere() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
        BEGIN
            IF session_user::text <> (SELECT pg_get_userbyid(relowner) FROM pg_class
                                      WHERE oid = TG_RELID)
               AND NOT pg_has_role(session_user, (SELECT relowner FROM pg_class
                                                  WHERE oid = TG_RELID), 'MEMBER')
               AND NOT EXISTS (SELECT 1 FROM brukere WHERE brukernavn = session_user
                               AND aktiv = 1 AND rolle IN ('leder', 'systemansvarlig')) THEN
                RAISE EXCEPTION 'bare en leder eller systemansvarlig kan endre brukere'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$""",
    "DROP TRIGGER IF EXISTS brukere_bare_leder ON brukere",
    """CREATE TRIGGER brukere_bare_leder BEFORE INSERT OR UPDATE OR DELETE ON brukere
        FOR EACH ROW EXECUTE FUNCTION fristvakt_vakt_brukere()""",
    f"""DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PEOPLE_ROLE}') THEN
                RAISE NOTICE 'rollen {PEOPLE_ROLE} finnes ikke';
                RETURN;
            END IF;
            EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA '
                || quote_ident(current_schema()) || ' TO {PEOPLE_ROLE}';
            EXECUTE 'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA '
                || quote_ident(current_schema()) || ' TO {PEOPLE_ROLE}';
            REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON revisjonslogg, fristvakt_skjema
                FROM {PEOPLE_ROLE};
            REVOKE ALL ON FUNCTION fristvakt_revisjon(text, bigint, text, text) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION fristvakt_revisjon(text, bigint, text, text)
                TO {PEOPLE_ROLE};
        END $$""",
)
