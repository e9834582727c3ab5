"""The repository: the only storage API the rest of the program uses.

Every write runs in one transaction together with the recomputation of the deadlines it can
change, so the ``frister`` table always matches the case facts and the parameters in force.
Logging records counts and timings only, never personal data.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from core.deadlines import Deadline, Status
from core.local_rules import LocalRuleSpec
from core.model import Besok, CaseFile, Sak
from core.params import NON_RULE_PARAMS, PARAMS_BY_KEY, Param, Params
from core.rules import CATALOGUE, Rule, compute_deadlines
from core.sorting import norwegian_key
from core.validation import require_valid
from storage import driver
from storage import milestones as M
from storage import rows as R
from storage.db import ids_written, open_database, prepare_connection, transaction
from storage.dialect import NO_LIMIT, SECONDARY_INDEXES
from storage.errors import NotFoundError, StorageError, integrity_error
from storage.fingerprint import rules_fingerprint
from storage.loading import (
    CaseFilter,
    iter_cases,
    iter_cases_among,
    load_cases,
    relevant_case_ids,
)
from storage.migrations import META_CHANGES, META_SSB_NAMESPACE, META_STALE
from storage.queries import OPEN_STATUSES, DeadlineFilter, count_sql, list_sql
from storage.records import CaseVersion, Caseworker, DeadlineRow, ExportRecord, ParamChange
from storage.report_queries import ReportQueries
from storage.targets import (
    TargetChange,
    check_target,
    check_year,
    load_history,
    load_targets,
    write_targets,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int], None]

META_FINGERPRINT = "regel_fingeravtrykk"
META_SSB_AVGIVER = "ssb_avgiver"
INSERT_BATCH = 20_000  # rows per executemany
IMPORT_FLUSH_CASES = 2_000  # cases buffered before a bulk insert during import
PROGRESS_EVERY = 250  # cases between progress callbacks (single process)

COUNTED_TABLES = ("saksbehandlere", "saker", "meldinger", "undersokelser", "vedtak", "tiltak",
                  "planer", "besok", "ettervern", "flyttinger", "frister",
                  "innstilling_historikk",
                  "eksportlogg")

# Insert order of a bulk import (parents before children).
IMPORT_TABLES = ("saker", "meldinger", "melding_melder", "melding_saksinnhold", "undersokelser",
                 "undersokelse_vedtaksgrunnlag",
                 "vedtak", "tiltak", "tiltak_hyppighet", "planer", "plan_evalueringer", "besok",
                 "ettervern", "flyttinger")


def open_repository(path: str | Path, user: str, *, key: bytes | None = None,
                    create: bool = True, local_rules: Iterable[Rule] = (),
                    progress: Progress | None = None) -> Repository:
    """Open (or create) the register file at ``path`` at storage level — no sign-in, no audit
    (tests and benchmarks; the program goes through ``service``)."""
    return Repository(open_database(path, key, create=create), user, local_rules=local_rules,
                      progress=progress)


class Repository:
    """Cases, deadlines, settings and the export log of one database.

    ``user`` is the login name recorded in the settings history and the export log.
    ``local_rules`` are the service's own milestones (``core.local_rules``), computed beside the
    catalogue. On construction the deadline table is recomputed if a migration or a program
    update made it stale (``refresh=False`` skips that; call ``ensure_current`` yourself).
    """

    def __init__(self, db: sqlite_utils.Database, user: str, *,
                 local_rules: Iterable[Rule] = (), today: Callable[[], date] = date.today,
                 refresh: bool = True, progress: Progress | None = None) -> None:
        self.db = db
        self.user = user
        self._conn: Any = db.conn
        self._given_rules: tuple[Rule, ...] = tuple(local_rules)
        self._local_rules: tuple[Rule, ...] = self._given_rules
        self._today = today
        self._rule_order: list[str] = []
        # What the open write (``writing``) changed, stamped once just before it ends.
        self._depth = 0
        self._changed_cases: set[int] = set()
        self._new_cases: set[int] = set()
        self._list_changed = False
        #: Case id → the version the last completed ``writing`` block gave it.
        self.stamped: dict[int, int] = {}
        prepare_connection(self._conn)
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._load_local_rules()
        if refresh:
            self.ensure_current(progress)

    def close(self) -> None:
        """Let SQLite refresh its query statistics, then close the connection."""
        try:
            self._conn.execute("PRAGMA optimize")
        except (driver.Error, MemoryError):  # read-only or unreadable: the statistics stay
            pass
        finally:
            self.db.close()

    # --- versions and the change number -----------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A write transaction (nested: a savepoint) that stamps what it changed just before
        the outermost such block ends, in the same transaction: every case whose content
        changed gets its ``versjon`` bumped by one (a case created in it keeps version 1) with
        ``endret_av``/``endret_tid``, and the change number (``meta``) goes up by one if
        anything that can change the deadline list was written. ``stamped`` then holds the
        cases' new versions. Any exception rolls back the block and forgets what it marked."""
        outermost = self._depth == 0
        if outermost:
            self._changed_cases, self._new_cases, self._list_changed = set(), set(), False
            self.stamped = {}
        marked = (set(self._changed_cases), set(self._new_cases), self._list_changed)
        self._depth += 1
        try:
            with transaction(self.db):
                yield
                if outermost:
                    self._stamp()
        except BaseException:
            self._changed_cases, self._new_cases, self._list_changed = marked
            if outermost:
                self.stamped = {}  # nothing was committed
            raise
        finally:
            self._depth -= 1
            if outermost:
                self._changed_cases, self._new_cases, self._list_changed = set(), set(), False

    def _touched(self, sak_ids: Iterable[int]) -> None:
        """Mark cases whose content the open ``writing`` block changed."""
        self._changed_cases.update(sak_ids)
        self._list_changed = True

    def _stamp(self) -> None:
        if self._changed_cases:
            now, rows = _now(), sorted(self._changed_cases)
            self._conn.executemany(
                "UPDATE saker SET versjon = versjon + 1, endret_av = ?, endret_tid = ? "
                "WHERE id = ?", [(self.user, now, i) for i in rows if i not in self._new_cases])
            self._conn.executemany(
                "UPDATE saker SET endret_av = ?, endret_tid = ? WHERE id = ?",
                [(self.user, now, i) for i in rows if i in self._new_cases])
            self.stamped = {i: v for i in rows if (v := self._version_of(i)) is not None}
        if self._list_changed:
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE "
                "SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)", (META_CHANGES,))

    def _version_of(self, sak_id: int) -> int | None:
        row = self._conn.execute("SELECT versjon FROM saker WHERE id = ?", (sak_id,)).fetchone()
        return None if row is None else int(row[0])

    def case_version(self, sak_id: int) -> CaseVersion:
        """The stored version of a case, who wrote it and when; NotFoundError if it is gone."""
        row = self._conn.execute("SELECT versjon, endret_av, endret_tid FROM saker WHERE id = ?",
                                 (sak_id,)).fetchone()
        if row is None:
            raise NotFoundError("Fant ikke saken (den kan være slettet i mellomtiden)")
        versjon, endret_av, endret_tid = row
        return CaseVersion(int(versjon), endret_av, datetime.fromisoformat(endret_tid)
                           if endret_tid else None)

    def change_number(self) -> int:
        """How many write transactions that can change the deadline list the register has
        seen (one primary-key lookup: cheap enough to poll)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?",
                                 (META_CHANGES,)).fetchone()
        return int(row[0]) if row else 0

    # --- settings ---------------------------------------------------------------------------------

    def params(self) -> Params:
        """The parameter values in force (stored values over defaults; unknown keys ignored)."""
        values = {key: json.loads(value) for key, value in
                  self._conn.execute("SELECT key, value_json FROM innstillinger")
                  if key in PARAMS_BY_KEY}
        return Params.of(values)

    def set_param(self, key: str, value: int | bool | str) -> None:
        """Change a setting: validate, record who/when/old → new and recompute all deadlines.

        One transaction. A text value is parsed as the settings page would (``Param.parse``).
        Raises KeyError for an unknown key, ValueError (Norwegian) for a value out of range
        and TypeError for a value of the wrong type.
        """
        param = PARAMS_BY_KEY.get(key)
        if param is None:
            raise KeyError(f"Ukjent innstilling «{key}»")
        new = _checked_value(param, value)
        with self.writing():
            old = self.params()[key]
            if old == new and type(old) is type(new):
                return
            self._list_changed = True  # lists show settings (e.g. the placement warning)
            new_json, old_json = json.dumps(new), json.dumps(old)
            self._conn.execute(
                "INSERT INTO innstillinger (key, value_json) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json", (key, new_json))
            self._conn.execute(
                "INSERT INTO innstilling_historikk (key, old_json, new_json, endret_av, endret_tid)"
                " VALUES (?, ?, ?, ?, ?)", (key, old_json, new_json, self.user, _now()))
            if key not in NON_RULE_PARAMS:
                self._recompute_all(None)
        log.info("Innstilling endret: %s", key)

    def param_history(self, key: str | None = None) -> list[ParamChange]:
        """Recorded changes, newest first (of one key, or all)."""
        sql = "SELECT key, old_json, new_json, endret_av, endret_tid FROM innstilling_historikk"
        args: tuple[Any, ...] = ()
        if key is not None:
            sql += " WHERE key = ?"
            args = (key,)
        return [ParamChange(k, json.loads(o) if o is not None else None, json.loads(n), who,
                            datetime.fromisoformat(when))
                for k, o, n, who, when in self._conn.execute(sql + " ORDER BY id DESC", args)]

    # --- local milestones (interne frister) -------------------------------------------------------

    def _load_local_rules(self) -> None:
        """The local rules in force: the stored, switched-on milestones, plus any given to the
        constructor that no stored milestone replaces. Read again before every computation, so
        a change saved on another connection is never computed with an old definition."""
        versions = M.current(self._conn)
        stored_ids = {f"lokal.{v.spec.id}" for v in versions}
        stored = []
        for v in versions:
            if v.aktiv:
                try:
                    stored.append(v.spec.to_rule())
                except ValueError:  # a definition this version of the program cannot compute
                    log.warning("Intern frist hoppet over: ugyldig definisjon")
        self._local_rules = (*[r for r in self._given_rules if r.id not in stored_ids], *stored)
        self._rule_order = [r.id for r in sorted((*CATALOGUE, *self._local_rules),
                                                  key=lambda r: norwegian_key(r.label))]

    def local_rules(self) -> tuple[Rule, ...]:
        """The local milestone rules in force (for labels and lists)."""
        self._load_local_rules()
        return self._local_rules

    def milestones(self) -> list[M.MilestoneVersion]:
        """The version in force of every stored milestone, switched on or off."""
        return M.current(self._conn)

    def milestone_history(self, noekkel: str | None = None) -> list[M.MilestoneVersion]:
        """Every stored version of the milestones (of one), newest first."""
        return M.history(self._conn, noekkel)

    def save_milestone(self, spec: LocalRuleSpec, aktiv: bool = True) -> int:
        """Store a new version of a milestone and recompute every deadline, in one
        transaction. Returns the new version (0: nothing changed). ValueError (Norwegian) for
        an invalid definition."""
        try:
            with self.writing():
                versjon = M.write_version(self._conn, spec, aktiv, self.user, _now())
                if versjon:
                    self._recompute_all(None)
        finally:
            self._load_local_rules()  # what is stored now, committed or rolled back
        if versjon:
            log.info("Intern frist lagret (versjon %d)", versjon)
        return versjon

    # --- targets (målsettinger) -------------------------------------------------------------------

    def targets(self, year: int) -> dict[str, float]:
        """The scorecard targets for ``year``: indicator key → share 0–1 (unset ones left out)."""
        return load_targets(self._conn, check_year(year))

    def set_target(self, indikator: str, year: int, value: float | None) -> bool:
        """Set (a share 0–1) or clear (None) one target; returns whether it changed.

        Validates, records who/when/old → new and writes in one transaction. Raises ValueError
        (Norwegian) for an unknown indicator, a year outside 1900–2200 or a share outside 0–1,
        and TypeError for a value that is not a number.
        """
        return self.set_targets(year, {indikator: value}) > 0

    def set_targets(self, year: int, values: Mapping[str, float | None]) -> int:
        """Set or clear several targets of one year in one transaction (all or nothing);
        returns how many changed. Validation as ``set_target``."""
        year = check_year(year)
        checked = {key: check_target(key, value) for key, value in values.items()}
        with transaction(self.db):
            changed = write_targets(self._conn, year, checked, self.user, _now())
        if changed:
            log.info("Målsettinger endret: %d for %d", changed, year)
        return changed

    def target_history(self, indikator: str | None = None, year: int | None = None
                       ) -> list[TargetChange]:
        """Recorded target changes, newest first (of one indicator and/or year, or all)."""
        return load_history(self._conn, indikator, year)

    # --- caseworkers ------------------------------------------------------------------------------

    def caseworkers(self) -> list[Caseworker]:
        """All caseworkers, in Norwegian alphabetical order."""
        return [Caseworker(n, t, bool(a), bool(lead)) for n, t, a, lead in self._conn.execute(
            "SELECT navn, team, aktiv, er_leder FROM saksbehandlere ORDER BY navn COLLATE norsk")]

    def save_caseworker(self, cw: Caseworker) -> None:
        """Insert or update a caseworker (keyed on the name)."""
        with self.writing():
            self._conn.execute(_CASEWORKER_UPSERT, _caseworker_row(cw))
            self._list_changed = True  # the lists' caseworker filters

    # --- saving -----------------------------------------------------------------------------------

    def save(self, obj: T) -> T:
        """Insert (``id is None``; returns a copy with the new id) or update one object.

        Validates with ``core.validation`` when present (raising its ``ValidationError``,
        nothing written) and recomputes the case's deadlines in the same transaction.
        """
        return self.save_many([obj])[0]

    def save_many(self, objs: Iterable[T]) -> list[T]:
        """Save several objects in one transaction (e.g. quick entry of many visits)."""
        try:
            with self.writing():
                saved, affected = [], set()
                for obj in objs:
                    result, cases = self._write(obj)
                    saved.append(result)
                    affected |= cases
                self._refresh(affected)
                self._touched(affected)
        except driver.IntegrityError as e:
            raise integrity_error(e) from e
        return saved

    def delete(self, obj: object) -> None:
        """Delete a saved object (a Sak with everything in it) and refresh the case's deadlines."""
        kind = _kind(obj)
        obj_id = getattr(obj, "id", None)
        if obj_id is None:
            raise StorageError(f"Kan ikke slette {kind.label}: den er ikke lagret")
        try:
            with self.writing():
                sak_id = self._owner(kind, obj_id)
                if isinstance(obj, Sak):
                    # Visits hang on tiltak, not on the case; they go with the case.
                    self._conn.execute("DELETE FROM besok WHERE tiltak_id IN "
                                       "(SELECT id FROM tiltak WHERE sak_id = ?)", (obj_id,))
                self._conn.execute(f"DELETE FROM {kind.table} WHERE id = ?", (obj_id,))
                if not isinstance(obj, Sak):
                    self._refresh({sak_id})
                self._touched(() if isinstance(obj, Sak) else (sak_id,))
        except driver.IntegrityError as e:
            raise integrity_error(e, deleting=True) from e

    def _write(self, obj: T) -> tuple[T, set[int]]:
        """Validate and write one object; returns it (with id) and the cases it touched."""
        kind = _kind(obj)
        obj_id = getattr(obj, "id", None)
        old_sak = self._owner(kind, obj_id) if obj_id is not None else None
        new_sak = self.target_case(obj)
        self._validate(obj, new_sak)
        row = kind.to_row(obj)
        if obj_id is None:
            obj_id = self._conn.execute(kind.insert_sql(with_id=False) + " RETURNING id",
                                        row[1:]).fetchone()[0]
            obj = replace(obj, id=obj_id)  # type: ignore[type-var]
        else:
            self._conn.execute(kind.update_sql(), (*row[1:], obj_id))
        for table, child in R.child_rows(obj, obj_id).items():
            if old_sak is not None:
                self._conn.execute(f"DELETE FROM {table} WHERE {R.CHILD_PARENT_COLUMN[table]} = ?",
                                   (obj_id,))
            self._conn.executemany(R.CHILD_INSERT_SQL[table], child)
        if isinstance(obj, Sak):
            new_sak = obj_id
            if old_sak is None:
                self._new_cases.add(obj_id)  # a new case starts at version 1
        return obj, {s for s in (old_sak, new_sak) if s is not None}

    def owner_case(self, obj: object) -> int:
        """The case a saved object is stored in now (whatever its own ``sak_id``/``tiltak_id``
        says); NotFoundError if it is not stored."""
        obj_id = getattr(obj, "id", None)
        if obj_id is None:
            raise NotFoundError(f"Fant ikke {_kind(obj).label}: den er ikke lagret")
        return self._owner(_kind(obj), obj_id)

    def _owner(self, kind: R.Kind, obj_id: int) -> int:
        """The sak_id a stored object belongs to; NotFoundError if it does not exist."""
        if kind.type is Sak:
            sql = "SELECT id FROM saker WHERE id = ?"
        elif kind.type is Besok:
            sql = "SELECT t.sak_id FROM besok b JOIN tiltak t ON t.id = b.tiltak_id WHERE b.id = ?"
        else:
            sql = f"SELECT sak_id FROM {kind.table} WHERE id = ?"
        found = self._conn.execute(sql, (obj_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"Fant ikke {kind.label} (den kan være slettet i mellomtiden)")
        return found[0]

    def target_case(self, obj: object) -> int | None:
        """The case ``obj`` says it belongs to (a visit: through its tiltak); None if unknown."""
        if isinstance(obj, Sak):
            return obj.id
        if isinstance(obj, Besok):
            found = self._conn.execute("SELECT sak_id FROM tiltak WHERE id = ?",
                                       (obj.tiltak_id,)).fetchone()
            return found[0] if found else None
        return getattr(obj, "sak_id", None)

    def _case_or_none(self, sak_id: int | None) -> CaseFile | None:
        if sak_id is None:
            return None
        return load_cases(self._conn, CaseFilter.one(sak_id)).get(sak_id)

    def _validate(self, obj: object, sak_id: int | None) -> None:
        """Refuse invalid entries (``core.validation``) against the case as stored before."""
        require_valid(obj, self._case_or_none(sak_id), self._today())

    # --- reading cases ----------------------------------------------------------------------------

    def sak(self, sak_id: int) -> Sak:
        row = self._conn.execute(f"SELECT {', '.join(R.SAK_COLS)} FROM saker WHERE id = ?",
                                 (sak_id,)).fetchone()
        if row is None:
            raise NotFoundError("Fant ikke saken")
        return R.sak_from(row)

    def case(self, sak_id: int) -> CaseFile:
        """One complete case file (a fixed number of queries). Its ``versjon`` is read first:
        a save committed while the rest is read makes it older than what was read, never
        newer, so a version check errs on the side of refusing."""
        case = self._case_or_none(sak_id)
        if case is None:
            raise NotFoundError("Fant ikke saken")
        return case

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every read inside sees the same committed state (for reports that
        read cases, settings and targets and must not mix before and after a concurrent save).
        Inside a transaction already, it simply uses that one."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def iter_cases(self) -> Iterator[CaseFile]:
        """Every case file in id order, bulk-loaded in batches."""
        return iter_cases(self._conn)

    def report_cases(self, since: date) -> list[CaseFile]:
        """The case files a report whose periods begin on or after ``since`` can count (those
        with anything dated from ``since`` on, or anything still open: ``relevant_case_ids``).
        The report itself is counted in SQL (``report_queries``); this is for checking it."""
        return list(iter_cases_among(self._conn, relevant_case_ids(self._conn, since)))

    def report_queries(self) -> ReportQueries:
        """The report's figures counted in SQL (``storage.report_queries``); use it inside
        ``snapshot``."""
        return ReportQueries(self._conn)

    def find_cases(self, text: str, limit: int = 200, *, saksbehandler: str | None = None,
                   ) -> list[Sak]:
        """Cases whose name or journal number contains ``text`` (case-insensitive), or whose
        fødselsnummer or DUF-nummer starts with it; with an empty ``text``, the open cases (no
        end date). ``saksbehandler`` narrows either to one caseworker's cases."""
        query = text.strip()
        digits = query.replace(" ", "")
        match = ("(instr(fold(navn), :q) > 0 OR instr(fold(journalnummer), :q) > 0 "
                 "OR (:digits <> '' AND (substr(fodselsnummer, 1, length(:digits)) = :digits "
                 "OR substr(duf_nummer, 1, length(:digits)) = :digits)))"
                 if query else "sluttdato IS NULL")
        sql = (f"SELECT {', '.join(R.SAK_COLS)} FROM saker WHERE {match} "
               "AND (:worker IS NULL OR saksbehandler = :worker) "
               "ORDER BY navn_sortering, navn, id LIMIT :limit")
        args = {"q": query.casefold(), "digits": digits if digits.isdigit() else "",
                "worker": saksbehandler, "limit": int(limit)}
        return [R.sak_from(r) for r in self._conn.execute(sql, args)]

    def cases_missing_birth_date(self, saksbehandler: str | None = None) -> list[Sak]:
        """Open cases with measures whose child has no known birth date: the age rules (18 and
        25 years) cannot be computed for them (``core.rules.missing_birth_date``)."""
        sql = (f"SELECT {', '.join(R.SAK_COLS)} FROM saker WHERE fodselsdato IS NULL "
               "AND sluttdato IS NULL AND EXISTS (SELECT 1 FROM tiltak t WHERE t.sak_id = "
               "saker.id) AND (:worker IS NULL OR saksbehandler = :worker) ORDER BY journalnummer")
        return [R.sak_from(r) for r in self._conn.execute(sql, {"worker": saksbehandler})]

    # --- deadlines: computation -------------------------------------------------------------------

    def recompute_all(self, progress: Progress | None = None) -> int:
        """Recompute every deadline and replace the whole table (one transaction, idempotent).

        ``progress(done, total)`` is called every few hundred cases; an exception raised from
        it cancels the recomputation and leaves the table as it was. Returns the number stored.
        """
        started = time.perf_counter()
        with self.writing():
            count = self._recompute_all(progress)
        log.info("Beregnet %d frister på %.1f s", count, time.perf_counter() - started)
        return count

    def needs_recompute(self) -> bool:
        """True if a migration or a change in the rules made the stored deadlines stale."""
        self._load_local_rules()
        meta = dict(self._conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                       (META_STALE, META_FINGERPRINT)))
        return META_STALE in meta or meta.get(META_FINGERPRINT) != self._fingerprint()

    def ensure_current(self, progress: Progress | None = None) -> bool:
        """Recompute all deadlines if they are stale; returns whether it did."""
        if not self.needs_recompute():
            return False
        self.recompute_all(progress)
        return True

    def _recompute_all(self, progress: Progress | None) -> int:
        """Replace the whole deadline table (inside the caller's ``writing`` block)."""
        self._list_changed = True
        conn = self._conn
        params = self.params()
        self._load_local_rules()
        ids = [r[0] for r in conn.execute("SELECT id FROM saker ORDER BY id")]
        conn.execute("DELETE FROM frister")
        # Rebuilding the secondary indexes once is cheaper than updating them row by row.
        indexes = conn.execute(SECONDARY_INDEXES, ("frister",)).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        count = self._insert_rows(self._serial_rows(params), len(ids), progress)
        for _, sql in indexes:
            conn.execute(sql)
        self._mark_current()
        return count

    def _serial_rows(self, params: Params) -> Iterator[tuple[int, list[R.Row]]]:
        batch: list[R.Row] = []
        cases = 0
        for case in iter_cases(self._conn):
            batch.extend(self._deadline_rows(case, params))
            cases += 1
            if len(batch) >= INSERT_BATCH or cases == PROGRESS_EVERY:
                yield cases, batch
                batch, cases = [], 0
        yield cases, batch

    def _insert_rows(self, chunks: Iterator[tuple[int, list[R.Row]]], total: int,
                     progress: Progress | None) -> int:
        count = done = 0
        for cases, batch in chunks:
            self._conn.executemany(R.FRIST_INSERT_SQL, batch)
            count += len(batch)
            done += cases
            if progress is not None:
                progress(done, total)
        return count

    def db_path(self) -> str:
        """The database file ('' for an in-memory database)."""
        row = self._conn.execute("SELECT file FROM pragma_database_list WHERE name = 'main'"
                                 ).fetchone()
        return row[0] if row else ""

    def _refresh(self, sak_ids: set[int]) -> None:
        """Replace the deadlines of the given cases (inside the caller's transaction)."""
        if not sak_ids:
            return
        where = CaseFilter.any_of(sorted(sak_ids))
        params = self.params()
        self._load_local_rules()
        new = {(r[0], r[2], r[3], r[4]): r for case in load_cases(self._conn, where).values()
               for r in self._deadline_rows(case, params)}
        old = {(r[0], r[2], r[3], r[4]): tuple(r) for r in self._conn.execute(
            f"SELECT {', '.join(R.FRIST_COLS)} FROM frister WHERE sak_id {where.sql}", where.args)}
        # Touch only rows that changed: fewer pages written per save.
        self._conn.executemany(
            "DELETE FROM frister WHERE rule_id = ? AND gjelder = ? AND gjelder_id = ? AND seq = ?",
            [key for key, row in old.items() if new.get(key) != row])
        self._conn.executemany(R.FRIST_INSERT_SQL,
                               [row for key, row in new.items() if old.get(key) != row])

    def _deadline_rows(self, case: CaseFile, params: Params) -> list[R.Row]:
        return [R.deadline_row(d) for d in compute_deadlines(case, params, self._local_rules)]

    def _fingerprint(self) -> str:
        return rules_fingerprint((*CATALOGUE, *self._local_rules))

    def _mark_current(self) -> None:
        self._conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                           "DO UPDATE SET value = excluded.value",
                           (META_FINGERPRINT, self._fingerprint()))
        self._conn.execute("DELETE FROM meta WHERE key = ?", (META_STALE,))

    # --- bulk import ------------------------------------------------------------------------------

    def import_cases(self, cases: Iterable[CaseFile], caseworkers: Iterable[Caseworker]) -> int:
        """Bulk-insert complete case files with their own ids into an empty database, and their
        deadlines, in one transaction. Returns the number of deadlines."""
        started = time.perf_counter()
        try:
            with self.writing():
                if self._conn.execute("SELECT 1 FROM saker LIMIT 1").fetchone():
                    raise StorageError("Databasen inneholder allerede saker")
                self._conn.executemany(_CASEWORKER_UPSERT, [_caseworker_row(c)
                                                            for c in caseworkers])
                count, n_cases = self._import(cases)
                # every case is new (the register was empty): version 1, written now by us
                self._conn.execute("UPDATE saker SET endret_av = ?, endret_tid = ?",
                                   (self.user, _now()))
                self._list_changed = True
                ids_written(self._conn, [kind.table for kind in R.KINDS.values()])
                self._mark_current()
        except driver.IntegrityError as e:
            raise integrity_error(e) from e
        log.info("Importerte %d saker med %d frister på %.1f s", n_cases, count,
                 time.perf_counter() - started)
        return count

    def _import(self, cases: Iterable[CaseFile]) -> tuple[int, int]:
        params = self.params()
        self._load_local_rules()
        buffers: dict[str, list[R.Row]] = {t: [] for t in (*IMPORT_TABLES, "frister")}
        count = n_cases = 0

        def flush() -> None:
            for table in IMPORT_TABLES:
                if buffers[table]:
                    self._conn.executemany(_IMPORT_SQL[table], buffers[table])
                    buffers[table].clear()
            self._conn.executemany(R.FRIST_INSERT_SQL, buffers["frister"])
            buffers["frister"].clear()

        for case in cases:
            _check_import_ids(case)
            _case_rows(case, buffers)
            rows = self._deadline_rows(case, params)
            buffers["frister"].extend(rows)
            count += len(rows)
            n_cases += 1
            if n_cases % IMPORT_FLUSH_CASES == 0:
                flush()
        flush()
        return count, n_cases

    # --- SSB element Ids (Barnevern v4) -----------------------------------------------------------

    def ssb_ids(self) -> dict[tuple[str, int], str]:
        """Every stored SSB element Id: (SSB element name, local id) → the file's Id."""
        return {(t, i): s for t, i, s in self._conn.execute(
            "SELECT type, lokal_id, ssb_id FROM ssb_id")}

    def set_ssb_ids(self, rows: Iterable[tuple[str, int, str]]) -> None:
        """Store or replace SSB element Ids (type, local id, Id) in the caller's transaction (or
        one of their own)."""
        with transaction(self.db):
            self._conn.executemany("INSERT INTO ssb_id (type, lokal_id, ssb_id) VALUES (?, ?, ?) "
                                   "ON CONFLICT(type, lokal_id) DO UPDATE SET "
                                   "ssb_id = excluded.ssb_id", list(rows))

    def ssb_namespace(self) -> uuid.UUID:
        """The register's own namespace for the SSB Ids of records that have none stored."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?",
                                 (META_SSB_NAMESPACE,)).fetchone()
        if row is None:
            raise StorageError("Registeret må oppgraderes før dette kan gjøres: åpne det i en ny "
                               "versjon av Fristvakt, eller kontakt den som drifter Fristvakt")
        return uuid.UUID(row[0])

    def ssb_avgiver(self) -> dict[str, str] | None:
        """The avgiver (kommune) of the last SSB file imported or exported, if any."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?",
                                 (META_SSB_AVGIVER,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_ssb_avgiver(self, avgiver: Mapping[str, str]) -> None:
        """Remember the avgiver for the next SSB export (caller's transaction or its own)."""
        with transaction(self.db):
            self._conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                               "DO UPDATE SET value = excluded.value",
                               (META_SSB_AVGIVER, json.dumps(dict(avgiver), sort_keys=True)))

    def case_keys(self) -> list[tuple[int, str, str | None, str | None]]:
        """(id, journalnummer, fødselsnummer, DUF-nummer) of every case, for matching a file's
        cases (never logged)."""
        return self._conn.execute("SELECT id, journalnummer, fodselsnummer, duf_nummer "
                                  "FROM saker ORDER BY id").fetchall()

    # --- deadlines: queries -----------------------------------------------------------------------

    def open_deadlines(self, today: date, *, status: str = "alle",
                       saksbehandler: str | None = None, team: str | None = None,
                       rule_ids: Iterable[str] | None = None, search: str | None = None,
                       horizon: date | None = None, lokal: bool | None = None,
                       sort: str = "frist", descending: bool = False, limit: int | None = None,
                       offset: int = 0, scope: tuple[str, str] | None = None
                       ) -> list[DeadlineRow]:
        """Open deadlines (not met, not closed) filtered, sorted and paged in SQL.

        ``status``: 'alle', 'forfalt' (frist < today), 'snart' (varsel_fra <= today <= frist) or
        'apen' (not yet in the warning window). ``search`` matches the child's name or the journal
        number, case-insensitively. ``horizon``: only deadlines due on or before it. ``sort``:
        frist, status, regel (rule label order), navn, journalnummer or saksbehandler.
        ``scope`` (caseworker, team) limits the rows to one caseworker's and one team's cases.
        """
        flt = DeadlineFilter(today, status, saksbehandler, team,
                             None if rule_ids is None else tuple(rule_ids), search, horizon, lokal,
                             scope)
        sql, params = list_sql(flt, sort, descending, self._rule_order, limit, offset)
        result = []
        for r in self._conn.execute(sql, params):
            d = R.deadline_from(r, with_ukjent=False)
            result.append(DeadlineRow(d, r[11], r[12], r[13], r[14], d.status(today),
                                      (d.frist - today).days))
        return result

    def count_open(self, today: date, *, status: str = "alle", saksbehandler: str | None = None,
                   team: str | None = None, rule_ids: Iterable[str] | None = None,
                   search: str | None = None, horizon: date | None = None,
                   lokal: bool | None = None, scope: tuple[str, str] | None = None
                   ) -> dict[Status, int]:
        """Number of open deadlines per status (forfalt, snart, apen) with the list's filters."""
        flt = DeadlineFilter(today, status, saksbehandler, team,
                             None if rule_ids is None else tuple(rule_ids), search, horizon, lokal,
                             scope)
        sql, params = count_sql(flt)
        counts = {s: 0 for s in OPEN_STATUSES}
        for name, n in self._conn.execute(sql, params):
            counts[Status(name)] = n
        return counts

    def count_open_by_kind(self, today: date, *, saksbehandler: str | None = None,
                           scope: tuple[str, str] | None = None
                           ) -> tuple[dict[Status, int], dict[Status, int]]:
        """Open deadlines per status, the law's and the service's own (lokal) apart, in one
        query: (legal, internal)."""
        flt = DeadlineFilter(today, "alle", saksbehandler, None, None, None, None, None, scope)
        sql, params = count_sql(flt, by_kind=True)
        kinds: tuple[dict[Status, int], dict[Status, int]] = (
            {s: 0 for s in OPEN_STATUSES}, {s: 0 for s in OPEN_STATUSES})
        for lokal, name, n in self._conn.execute(sql, params):
            kinds[1 if lokal else 0][Status(name)] = n
        return kinds

    def case_deadlines(self, sak_id: int) -> list[Deadline]:
        """Every deadline of one case, met ones included, by due date."""
        return self._deadlines("WHERE sak_id = ? ORDER BY frist, rule_id, gjelder_id, seq",
                               (sak_id,))

    def all_deadlines(self) -> list[Deadline]:
        """Every stored deadline (bulk, for reports), by case and due date."""
        return self._deadlines("ORDER BY sak_id, frist, rule_id, gjelder_id, seq", ())

    def deadlines_by_case(self, among: Collection[int] | None = None,
                          ) -> dict[int, list[Deadline]]:
        """Every stored deadline grouped by case (of the cases ``among`` when given), without
        the explanation texts: report figures need dates and rules only."""
        cols = ", ".join("''" if c == "forklaring" else c for c in R.FRIST_COLS)
        result: dict[int, list[Deadline]] = {}
        for r in self._conn.execute(f"SELECT {cols} FROM frister "
                                    "ORDER BY sak_id, frist, rule_id, gjelder_id, seq"):
            if among is None or r[1] in among:
                result.setdefault(r[1], []).append(R.deadline_from(r))
        return result

    def deadlines_between(self, start: date, end: date) -> list[Deadline]:
        """Deadlines relevant to the period [start, end]: due on or before ``end`` and not
        met or closed before ``start`` (so: due in the period, met or closed in it, or still
        open and overdue from before)."""
        return self._deadlines(
            "WHERE frist <= :end AND COALESCE(oppfylt_dato, ikke_oppfylt_dato, :start) >= :start "
            "ORDER BY sak_id, frist, rule_id, gjelder_id, seq",
            {"start": start.isoformat(), "end": end.isoformat()})

    def _deadlines(self, tail: str, args: tuple | dict) -> list[Deadline]:
        sql = f"SELECT {', '.join(R.FRIST_COLS)} FROM frister {tail}"
        return [R.deadline_from(r) for r in self._conn.execute(sql, args)]

    # --- export log and statistics ----------------------------------------------------------------

    def record_export(self, profil: str, periode_fra: date | None, periode_til: date | None,
                      valg: dict[str, Any], filnavn: str) -> int:
        """Log an export (who, when, profile, period, options, file name); returns its id."""
        with transaction(self.db):
            cur = self._conn.execute(
                "INSERT INTO eksportlogg (tidspunkt, bruker, profil, periode_fra, periode_til, "
                "valg_json, filnavn) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (_now(), self.user, profil, R.iso(periode_fra), R.iso(periode_til),
                 json.dumps(valg, ensure_ascii=False, sort_keys=True, default=str), filnavn))
            return int(cur.fetchone()[0])

    @contextmanager
    def logged_export(self, profil: str, periode_fra: date | None, periode_til: date | None,
                      valg: dict[str, Any], filnavn: str) -> Iterator[int]:
        """Log an export and keep the entry only if the block (writing the file) succeeds.

        The entry and the file stand or fall together: an exception inside the block rolls the
        entry back; a failure to log stops before any file is written. Yields the entry's id.
        """
        with transaction(self.db):
            yield self.record_export(profil, periode_fra, periode_til, valg, filnavn)

    def exports(self, limit: int | None = None) -> list[ExportRecord]:
        """Logged exports, newest first."""
        rows = self._conn.execute(
            "SELECT id, tidspunkt, bruker, profil, periode_fra, periode_til, valg_json, filnavn "
            "FROM eksportlogg ORDER BY id DESC LIMIT ?", (NO_LIMIT if limit is None else limit,))
        return [ExportRecord(i, datetime.fromisoformat(t), b, p, R.day(f), R.day(u),
                             json.loads(v), n) for i, t, b, p, f, u, v, n in rows]

    def stats(self) -> dict[str, int]:
        """Row count per table."""
        return {t: self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in COUNTED_TABLES}


# --- helpers --------------------------------------------------------------------------------------

_CASEWORKER_UPSERT = (
    "INSERT INTO saksbehandlere (navn, team, aktiv, er_leder) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(navn) DO UPDATE SET team = excluded.team, aktiv = excluded.aktiv, "
    "er_leder = excluded.er_leder")

_IMPORT_SQL = {**{k.table: k.insert_sql(with_id=True) for k in R.KINDS.values()},
               **R.CHILD_INSERT_SQL}


def _caseworker_row(cw: Caseworker) -> tuple[str, str, int, int]:
    return cw.navn, cw.team, int(cw.aktiv), int(cw.er_leder)


def _kind(obj: object) -> R.Kind:
    kind = R.KINDS.get(type(obj))
    if kind is None:
        raise TypeError(f"Kan ikke lagre {type(obj).__name__}")
    return kind


def _case_rows(case: CaseFile, out: dict[str, list[R.Row]]) -> None:
    """Append every row of one case file to the per-table buffers (ids checked before by
    ``_check_import_ids``)."""
    out["saker"].append(R.sak_row(case.sak))
    for m in case.meldinger:
        out["meldinger"].append(R.melding_row(m))
        out["melding_melder"].extend(R.coded_rows(_id(m.id), m.melder))
        out["melding_saksinnhold"].extend(R.coded_rows(_id(m.id), m.saksinnhold))
    for u in case.undersokelser:
        out["undersokelser"].append(R.undersokelse_row(u))
        out["undersokelse_vedtaksgrunnlag"].extend(R.coded_rows(_id(u.id), u.vedtaksgrunnlag))
    out["vedtak"].extend(R.vedtak_row(v) for v in case.vedtak)
    for t in case.tiltak:
        out["tiltak"].append(R.tiltak_row(t))
        out["tiltak_hyppighet"].extend(R.frequency_rows(t, _id(t.id)))
    for p in case.planer:
        out["planer"].append(R.plan_row(p))
        out["plan_evalueringer"].extend(R.evaluation_rows(p, _id(p.id)))
    out["besok"].extend(R.besok_row(b) for b in case.besok)
    out["ettervern"].extend(R.ettervern_row(e) for e in case.ettervern)
    out["flyttinger"].extend(R.flytting_row(f) for f in case.flyttinger)


def _id(value: int | None) -> int:
    if value is None:
        raise StorageError("Importen inneholder en registrering uten id")
    return value


def _check_import_ids(case: CaseFile) -> None:
    sak_id = case.sak.id
    parts: tuple[Any, ...] = (*case.meldinger, *case.undersokelser, *case.vedtak, *case.tiltak,
             *case.planer, *case.ettervern, *case.flyttinger)
    tiltak_ids = {t.id for t in case.tiltak}
    if (sak_id is None or any(p.id is None or p.sak_id != sak_id for p in parts)
            or any(b.id is None or b.tiltak_id not in tiltak_ids for b in case.besok)):
        raise StorageError("Importen inneholder en registrering uten id eller i feil sak")


def _checked_value(param: Param, value: int | bool | str) -> int | bool | str:
    if isinstance(value, str):
        return param.parse(value)
    if param.type is bool:
        if not isinstance(value, bool):
            raise TypeError(f"«{param.title}» må være ja eller nei")
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"«{param.title}» må være et helt tall")
    if not param.minimum <= value <= param.maximum:
        raise ValueError(f"«{param.title}» må være mellom {param.minimum} og {param.maximum}")
    return value


def _now() -> str:
    return datetime.now().astimezone().replace(microsecond=0).isoformat()
