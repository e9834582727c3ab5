"""``Register``: one open register for one signed-in person, and every use case on it.

Every method checks the role matrix (``core.access``); a refusal is logged and raised as
``AccessDenied``. Writes run in one transaction with the deadline refresh and their audit row.
Case content is read through ``case``/``search`` (logged) and, for a saksbehandler, only for
their own cases. Driver failures become one Norwegian sentence (``StorageError``).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from core.access import OWN_CASES_ONLY, Action, Role, allowed, mask_search, refusal
from core.deadlines import Deadline, Status
from core.model import Besok, CaseFile, Sak
from core.params import Params
from core.rules import Rule
from service.errors import AccessDenied, StaleCase
from storage import audit, driver, keyslots
from storage import backup as storage_backup
from storage import users as U
from storage.audit import AuditEntry, AuditFilter, ChainCheck
from storage.db import BUSY_TIMEOUT_S, is_readonly, transaction
from storage.errors import (
    BusyError,
    NotFoundError,
    ReadOnlyError,
    StorageError,
    sql_error,
    unreadable_page,
)
from storage.keyslots import queue_event
from storage.pg import describe, open_shared, role_exists
from storage.records import CaseVersion, Caseworker, DeadlineRow, ExportRecord, ParamChange
from storage.repository import Repository
from storage.targets import TargetChange
from storage.users import User

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

#: How long the audit row of a read waits for another program's write lock before it is queued.
READ_AUDIT_WAIT_MS = 200
#: A case opened again within this time by the same person is not logged a second time.
REOPEN_QUIET = timedelta(minutes=10)
#: Fields whose values the audit log never shows (logged as «endret»), besides every free text
#: «…presisering» field (``_sensitive``).
SENSITIVE_FIELDS = frozenset({"navn", "fodselsnummer", "duf_nummer", "fodselsdato",
                              "utvidet_grunn", "melder", "saksinnhold", "vedtaksgrunnlag"})


def _sensitive(field: str) -> bool:
    """Whether a changed field's values stay out of the audit log: names, numbers, birth
    dates and every free text that may name a person or a place (presiseringer, reasons)."""
    return field in SENSITIVE_FIELDS or field.endswith("presisering")
MIN_PASSWORD = 8


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn driver failures inside a use case into one Norwegian sentence."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except driver.Error as e:
            raise sql_error(e) from None
        except MemoryError:  # SQLCipher's answer to a page that fails its check
            raise unreadable_page() from None

    return run


def check_password_rules(password: str) -> None:
    """ValueError (Norwegian) for a password too weak to guard children's data."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"Passordet må ha minst {MIN_PASSWORD} tegn")
    if password.strip() != password or not password.strip():
        raise ValueError("Passordet kan ikke begynne eller slutte med mellomrom")


@dataclass(frozen=True)
class Server:
    """Where a shared register is: its address and the person's password (kept in memory for
    the session's further connections, as a file register keeps its key)."""

    url: str
    password: str | None = field(default=None, repr=False)


def local_now() -> datetime:
    """This machine's time, with its offset, to the second (what the audit log and stamps show)."""
    return datetime.now().astimezone().replace(microsecond=0)


class Register:
    """The register at ``path`` (a file, unlocked with ``key``) or on ``server`` (shared, on
    PostgreSQL; ``path`` is then None), for ``user``."""

    def __init__(self, repo: Repository, path: Path | None, user: User, key: bytes | None, *,
                 now: Callable[[], datetime] | None = None, server: Server | None = None
                 ) -> None:
        self._repo = repo
        self.path = path
        self.server = server
        self.user = user
        self._key = key
        self._now = now or local_now
        self.readonly = is_readonly(repo.db)
        self.chain: ChainCheck | None = None  # set at sign-in
        self._opened: dict[int, datetime] = {}
        self._closed = False
        # (action, case, reason) refused but not yet in the audit log
        self._refusals: list[tuple[Action, int | None, str]] = []
        #: Case id → the version this session last saw of it (read, or saved itself); a write
        #: to a case someone else has saved since is refused (``StaleCase``).
        self._seen: dict[int, int] = {}

    # --- the session ------------------------------------------------------------------------------

    @property
    def role(self) -> Role:
        return self.user.rolle

    def may(self, action: Action) -> bool:
        """Whether the signed-in role may do ``action`` (for enabling menus and pages)."""
        return allowed(self.role, action) and not (self.readonly and _writes(action))

    def today(self) -> date:
        return self._repo._today()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._repo.close()

    def is_open(self) -> bool:
        return not self._closed

    def reopen(self, *, local_rules: Iterable[Rule] | None = None) -> Register:
        """The same person on a new connection to the same register (for background work;
        no new sign-in row, the deadline table is not refreshed)."""
        from service.opening import connect  # opening builds on this module

        if self.server is not None:
            db = open_shared(self.server.url, self.server.password)
        else:
            db = connect(self.file, self._key, readonly=self.readonly, verify=False)
        repo = Repository(db, self.user.brukernavn, refresh=False, today=self._repo._today,
                          local_rules=self._repo._local_rules if local_rules is None
                          else local_rules)
        twin = Register(repo, self.path, self.user, self._key, now=self._now,
                        server=self.server)
        twin.chain = self.chain
        return twin

    def db_path(self) -> str:
        """The register's file, or the address of a shared register."""
        return self.server.url if self.server is not None else str(self.path)

    @property
    def shared(self) -> bool:
        """Whether this is a shared register on a database server."""
        return self.server is not None

    @property
    def name(self) -> str:
        """The register's name for messages: «file.db», or «database» på server."""
        if self.server is not None:
            return describe(self.server.url)
        return f"«{self.file.name}»"

    @property
    def file(self) -> Path:
        """The register's file; a shared register has none (StorageError)."""
        if self.path is None:
            raise StorageError("Dette gjelder bare et register i en fil. Et delt register tas "
                               "vare på av IT på databaseserveren.")
        return self.path

    @guarded
    def check_integrity(self) -> bool:
        """SQLite's quick check of the whole file (reads every page; about 0.3 s at Oslo size)."""
        return [r[0] for r in self._repo.db.conn.execute("PRAGMA quick_check")] == ["ok"]

    @contextmanager
    def checked_meanwhile(self) -> Iterator[None]:
        """Run the quick check on a second connection while the block reads; on leaving,
        wait for it and raise StorageError if the file is damaged.

        For a read-only job signed in with ``check_integrity=False`` (``rapport``): the job
        delivers nothing before the whole file has passed the same check a sign-in makes, but
        the check (SQLite releases the GIL while it reads) overlaps the job's own reading.
        """
        result: list[bool | BaseException] = []

        def check() -> None:  # its own connection: a connection belongs to one thread
            try:
                twin = self.reopen()
                try:
                    result.append(twin.check_integrity())
                finally:
                    twin.close()
            except BaseException as e:  # handed to the waiting thread below
                result.append(e)

        worker = threading.Thread(target=check, name="integritetskontroll", daemon=True)
        worker.start()
        try:
            yield
        finally:
            worker.join()
        outcome = result[0]
        if isinstance(outcome, BaseException):
            raise outcome
        if not outcome:
            log.error("Integritetskontrollen av registeret feilet")
            raise StorageError(f"Registeret {self.name} er skadet (integritetskontrollen "
                               "feilet). Gjenopprett fra sikkerhetskopi.")

    # --- access control and audit -----------------------------------------------------------------

    def _deny(self, action: Action, sak_id: int | None = None, message: str = "", *,
              grunn: str = "", error: Callable[[str], StorageError] = AccessDenied
              ) -> StorageError:
        """Log a refusal (when the register can be written) and return the error to raise.
        ``grunn`` is a fixed reason for the audit row (never personal data)."""
        text = message or refusal(self.role, action)
        self._refusals.append((action, sak_id, grunn))
        if not self._repo.db.conn.in_transaction:
            self._log_refusals()
        # else: inside a write the refusal rolls back; ``_writing`` logs it after the rollback
        log.info("Avvist: %s for rollen %s", action.value, self.role.value)
        return error(text)

    def _log_refusals(self) -> None:
        """Write the refusals not yet in the audit log, in a transaction of their own."""
        refusals, self._refusals = self._refusals, []
        if self.readonly or not refusals:
            return
        try:
            with transaction(self._repo.db):
                for action, sak_id, grunn in refusals:
                    self._audit("avvist", sak_id=sak_id, handling_forsokt=action.value,
                                **({"grunn": grunn} if grunn else {}))
        except (StorageError, driver.Error):
            log.warning("Kunne ikke logge en avvist handling")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction whose refusals are logged after it (rolled back or not). The
        repository stamps the changed cases' versions before it commits; the outermost block
        then remembers them as seen by this session (its own saves are not someone else's)."""
        outermost = not self._repo.db.conn.in_transaction
        try:
            with self._repo.writing():
                yield
            if outermost:
                for sak_id, versjon in self._repo.stamped.items():
                    if sak_id in self._seen:
                        self._seen[sak_id] = versjon
        finally:
            if not self._repo.db.conn.in_transaction:
                self._log_refusals()

    def _require(self, action: Action) -> None:
        if not allowed(self.role, action):
            raise self._deny(action)
        if self.readonly and _writes(action):
            raise ReadOnlyError("Registeret er åpnet skrivebeskyttet; endringer kan ikke lagres")

    def _scope(self) -> tuple[str, str] | None:
        """(caseworker, team) a saksbehandler's lists are limited to; None for everything."""
        if self.role not in OWN_CASES_ONLY:
            return None
        worker = self.user.saksbehandler or ""
        team = next((c.team for c in self._repo.caseworkers() if c.navn == worker), "")
        return worker, team

    def _own_case(self, sak_id: int) -> bool:
        if self.role not in OWN_CASES_ONLY:
            return True
        return self._repo.sak(sak_id).saksbehandler == self.user.saksbehandler

    def _require_case(self, action: Action, sak_id: int) -> None:
        self._require(action)
        if not self._own_case(sak_id):
            raise self._deny(action, sak_id, "Du har bare tilgang til dine egne saker. Be en "
                                             "leder om å overføre saken hvis du skal arbeide "
                                             "med den.")

    def _require_unchanged(self, action: Action, sak_id: int) -> None:
        """Refuse (logged, ``StaleCase``) a write to a case someone else saved after this
        session read it. A case never read in this session (imports, the command line) is not
        compared: there is no version to compare with. Runs inside the write, before anything
        is written, so the refusal leaves nothing half-written."""
        seen = self._seen.get(sak_id)
        if seen is None:
            return
        current = self._repo.case_version(sak_id)
        if current.versjon != seen:
            raise self._deny(action, sak_id, self._stale_text(current),
                             grunn="endret av en annen",
                             error=lambda text: StaleCase(text, sak_id))

    def _stale_text(self, current: CaseVersion) -> str:
        """«Saken er endret av Kari Nordmann kl. 14:03; last på nytt» (with «den 28.11.2026»
        when it was not today): the person's name from ``brukere``, else their user name."""
        person = U.find(self._repo.db.conn, current.endret_av) if current.endret_av else None
        who = person.navn if person is not None else (current.endret_av or "en annen bruker")
        text = f"Saken er endret av {who}"
        when = current.endret_tid
        if when is not None:
            now = self._now()
            if when.tzinfo is not None:  # on this computer's clock
                when = (when.astimezone(now.tzinfo) if now.tzinfo is not None
                        else when.astimezone().replace(tzinfo=None))
            text += f" kl. {when:%H:%M}"
            if when.date() != now.date():
                text += f" den {when:%d.%m.%Y}"
        return text + "; last på nytt"

    @guarded
    def require_current(self, sak_id: int, versjon: int) -> None:
        """Raise ``StaleCase`` if the case's stored version is no longer ``versjon`` (what a
        view shows): before a dialog starts editing it. Not logged: nothing was attempted."""
        self._require_case(Action.OPEN_CASE, sak_id)
        current = self._repo.case_version(sak_id)
        if current.versjon != versjon:
            raise StaleCase(self._stale_text(current), sak_id)

    @guarded
    def change_number(self) -> int:
        """The register's change number: it goes up with every write that can change the
        deadline list, by anyone. One cheap query, for a window to poll; no role is needed
        (it tells nothing about any case)."""
        return self._repo.change_number()

    def _audit(self, handling: str, *, sak_id: int | None = None, objekt: str = "",
               **detaljer: Any) -> None:
        """Append an audit row inside the caller's transaction."""
        audit.append(self._repo.db.conn, self.user.brukernavn, handling, sak_id=sak_id,
                     objekt=objekt, detaljer=detaljer, when=self._now())

    def _audit_read(self, handling: str, *, sak_id: int | None = None, **detaljer: Any) -> None:
        """The audit row of a read. A read never waits for another program's write lock: if
        the register is busy the row is queued in the key file and written at the next
        sign-in. On a read-only register nothing can be written (the banner says so). A shared
        register has no key file: its reads wait for the lock as writes do (writes there take
        milliseconds), and a read that cannot be logged fails."""
        if self.readonly:
            return
        if self.server is not None:
            with transaction(self._repo.db):
                self._audit(handling, sak_id=sak_id, **detaljer)
            return
        conn = self._repo.db.conn
        conn.execute(f"PRAGMA busy_timeout = {READ_AUDIT_WAIT_MS}")
        try:
            with transaction(self._repo.db):
                self._audit(handling, sak_id=sak_id, **detaljer)
        except BusyError:
            queue_event(self.file, self.user.brukernavn, handling, sak_id, detaljer, self._now())
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    # --- settings and lists everybody reads -------------------------------------------------------

    @guarded
    def params(self) -> Params:
        return self._repo.params()

    @guarded
    def param_history(self, key: str | None = None) -> list[ParamChange]:
        return self._repo.param_history(key)

    @guarded
    def caseworkers(self) -> list[Caseworker]:
        return self._repo.caseworkers()

    @guarded
    def targets(self, year: int) -> dict[str, float]:
        return self._repo.targets(year)

    @guarded
    def target_history(self, indikator: str | None = None, year: int | None = None
                       ) -> list[TargetChange]:
        return self._repo.target_history(indikator, year)

    @guarded
    def stats(self) -> dict[str, int]:
        """Row counts per table (no case content)."""
        return self._repo.stats()

    @guarded
    def exports(self, limit: int | None = None) -> list[ExportRecord]:
        self._require(Action.AUDIT_LOG)
        return self._repo.exports(limit)

    # --- deadlines --------------------------------------------------------------------------------

    @guarded
    def open_deadlines(self, today: date, **filters: Any) -> list[DeadlineRow]:
        """Open deadlines with the list's filters, limited to what the role may see."""
        self._require(Action.VIEW_DEADLINES)
        return self._repo.open_deadlines(today, scope=self._scope(), **filters)

    @guarded
    def count_open(self, today: date, **filters: Any) -> dict[Status, int]:
        self._require(Action.VIEW_DEADLINES)
        return self._repo.count_open(today, scope=self._scope(), **filters)

    @guarded
    def count_open_by_kind(self, today: date, saksbehandler: str | None = None
                           ) -> tuple[dict[Status, int], dict[Status, int]]:
        """Open deadlines per status, the law's and the internal ones apart: (legal, internal)."""
        self._require(Action.VIEW_DEADLINES)
        return self._repo.count_open_by_kind(today, saksbehandler=saksbehandler,
                                             scope=self._scope())

    @guarded
    def log_listing(self, what: str, rows: int) -> None:
        """Record that a list of deadlines was taken out (the command line's ``frister``)."""
        self._require(Action.VIEW_DEADLINES)
        self._audit_read("liste", objekt=what, rader=rows)

    @guarded
    def case_deadlines(self, sak_id: int) -> list[Deadline]:
        self._require_case(Action.OPEN_CASE, sak_id)
        return self._repo.case_deadlines(sak_id)

    # --- cases ------------------------------------------------------------------------------------

    @guarded
    def search(self, text: str, limit: int = 200, *, saksbehandler: str | None = None
               ) -> list[Sak]:
        """Cases by name, journal number or the start of a fødselsnummer (empty text: the open
        cases, of ``saksbehandler`` if given); a saksbehandler finds their own cases only. A
        search is logged with its text masked (the plain list of open cases is not)."""
        self._require(Action.SEARCH)
        if self.role in OWN_CASES_ONLY:
            saksbehandler = self.user.saksbehandler
            if not saksbehandler:
                return []
        found = self._repo.find_cases(text, limit, saksbehandler=saksbehandler)
        if text.strip():
            self._audit_read("sok", sok=mask_search(text), treff=len(found))
        return found


    @guarded
    def cases_missing_birth_date(self) -> list[Sak]:
        """Open cases (of the person's scope) whose age deadlines cannot be computed because
        the child's birth date is not known — shown as a warning, never silently left out."""
        self._require(Action.VIEW_DEADLINES)
        worker = self.user.saksbehandler if self.role in OWN_CASES_ONLY else None
        if self.role in OWN_CASES_ONLY and not worker:
            return []
        return self._repo.cases_missing_birth_date(worker)

    @guarded
    def sak(self, sak_id: int) -> Sak:
        """The case's header (name, masked number in the UI) for lists; role-checked."""
        self._require_case(Action.OPEN_CASE, sak_id)
        return self._repo.sak(sak_id)

    @guarded
    def case(self, sak_id: int) -> CaseFile:
        """Open a whole case file: role and scope checked, logged (once per ten minutes). Its
        version is remembered: a later write to the case from this session is refused if
        someone else has saved it since (``StaleCase``)."""
        self._require_case(Action.OPEN_CASE, sak_id)
        case = self._repo.case(sak_id)
        self._seen[sak_id] = case.versjon
        now = self._now()
        last = self._opened.get(sak_id)
        if last is None or now - last >= REOPEN_QUIET:
            self._audit_read("apne_sak", sak_id=sak_id)
            self._opened[sak_id] = now
        return case


    # --- writes -----------------------------------------------------------------------------------

    @guarded
    def save(self, obj: T) -> T:
        """Save one object (new or changed) with its deadline refresh and audit row."""
        return self.save_many([obj])[0]

    @guarded
    def save_many(self, objs: Sequence[T]) -> list[T]:
        """Save several objects in one transaction."""
        return self._save_all(list(objs))

    @guarded
    def save_linked(self, first: Any, rest: Callable[[Any], Sequence[Any]]) -> list[Any]:
        """Save ``first``, then ``rest(saved_first)`` — objects that need its new id (a new
        case and its melding, a vedtak and its tiltak) — in ONE transaction."""
        with self._writing():
            saved = self._save_all([first])[0]
            others = list(rest(saved))
            return [saved, *(self._save_all(others) if others else [])]

    def _save_all(self, objs: list[T]) -> list[T]:
        with self._writing():
            cases: dict[int, CaseFile] = {}  # each stored case read once per call
            before = [self._check_write(obj, cases) for obj in objs]
            saved = self._repo.save_many(objs)
            for obj, old in zip(saved, before, strict=True):
                self._audit("opprette" if old is None else "endre", sak_id=_sak_id(self, obj),
                            objekt=_describe(obj), felt=_changes(old, obj))
        return saved

    def _check_write(self, obj: Any, cases: dict[int, CaseFile]) -> Any:
        """Role and scope for saving ``obj``; returns the stored version (None if new)."""
        obj_id = getattr(obj, "id", None)
        action = Action.CREATE if obj_id is None else Action.CHANGE
        self._require(action)
        if isinstance(obj, Sak) and obj_id is None:
            return None
        # A changed record is checked against the case it is stored in (its own sak_id may
        # name another case: moving it there needs access to both).
        stored_in = self._repo.owner_case(obj) if obj_id is not None else None
        if stored_in is not None:
            self._require_case(action, stored_in)
        sak_id = _sak_id(self, obj)
        if sak_id is not None and sak_id != stored_in:
            self._require_case(action, sak_id)
        for case_id in sorted({c for c in (stored_in, sak_id) if c is not None}):
            self._require_unchanged(action, case_id)
        if stored_in is None:
            return None
        if stored_in not in cases:
            cases[stored_in] = self._repo.case(stored_in)
        return _stored(cases[stored_in], obj)

    @guarded
    def delete(self, obj: Any) -> None:
        """Delete a saved object (a whole case only by a leder) and log what it was."""
        obj_id = getattr(obj, "id", None)
        if obj_id is None:
            raise StorageError("Kan ikke slette en registrering som ikke er lagret")
        action = Action.DELETE_CASE if isinstance(obj, Sak) else Action.DELETE
        self._require(action)
        sak_id = self._repo.owner_case(obj)  # where it is stored, not what ``obj`` claims
        self._require_case(action, sak_id)
        with self._writing():
            self._require_unchanged(action, sak_id)
            if isinstance(obj, Sak):
                case = self._repo.case(sak_id)
                counts = {"meldinger": len(case.meldinger),
                          "undersokelser": len(case.undersokelser),
                          "vedtak": len(case.vedtak), "tiltak": len(case.tiltak),
                          "planer": len(case.planer), "besok": len(case.besok),
                          "ettervern": len(case.ettervern),
                          "flyttinger": len(case.flyttinger)}
            else:
                counts = {}
            self._repo.delete(obj)
            self._audit("slette", sak_id=sak_id, objekt=_describe(obj), innhold=counts)
        if isinstance(obj, Sak):
            self._seen.pop(sak_id, None)

    @guarded
    def set_param(self, key: str, value: int | bool | str) -> None:
        """Change a rule parameter (all deadlines recomputed) and log it."""
        self._require(Action.SETTINGS)
        with transaction(self._repo.db):
            old = self._repo.params().as_dict().get(key)
            self._repo.set_param(key, value)
            new = self._repo.params().as_dict().get(key)
            if new != old:
                self._audit("innstilling", objekt=key, fra=old, til=new)

    @guarded
    def set_targets(self, year: int, values: dict[str, float | None]) -> int:
        self._require(Action.TARGETS)
        with transaction(self._repo.db):
            changed = self._repo.set_targets(year, values)
            if changed:
                self._audit("maalsetting", objekt=str(year), verdier=values)
        return changed

    @guarded
    def save_caseworker(self, cw: Caseworker) -> None:
        self._require(Action.CASEWORKERS)
        with transaction(self._repo.db):
            self._repo.save_caseworker(cw)
            self._audit("saksbehandler", objekt=cw.navn, team=cw.team, aktiv=cw.aktiv,
                        leder=cw.er_leder)

    @guarded
    def recompute_all(self, progress: Callable[[int, int], None] | None = None) -> int:
        self._require(Action.RECOMPUTE)
        with transaction(self._repo.db):
            count = self._repo.recompute_all(progress)
            self._audit("omberegn", frister=count)
        return count

    @guarded
    def import_cases(self, cases: Iterable[CaseFile], caseworkers: Iterable[Caseworker]) -> int:
        """Bulk-load complete case files into an empty register (the demo, later imports)."""
        self._require(Action.IMPORT)
        with transaction(self._repo.db):
            count = self._repo.import_cases(cases, caseworkers)
            self._audit("import", saker=self._repo.stats().get("saker", 0), frister=count)
        return count

    # --- people -----------------------------------------------------------------------------------

    @guarded
    def users(self) -> list[User]:
        self._require(Action.USERS)
        return U.all_users(self._repo.db.conn)

    @guarded
    def add_user(self, user: User, password: str | None) -> None:
        """A new person with their own key slot (the register key wrapped under their
        password). On a shared register the person is a database role IT has made (it signs
        in with the server's password): ``password`` is not used."""
        self._require(Action.USERS)
        _check_user(user)
        self._check_caseworker_link(user)
        if self.server is not None:
            self._add_server_user(user)
            return
        if password is None:
            raise ValueError("Passord mangler")
        check_password_rules(password)
        slots = keyslots.KeySlots.load(self.file)
        # (a slot without a person is a leftover of a failed earlier attempt: replaced)
        if U.find(self._repo.db.conn, user.brukernavn):
            raise ValueError(f"Brukernavnet «{user.brukernavn}» er allerede i bruk")
        with transaction(self._repo.db):
            U.insert(self._repo.db.conn, user, password, self._now())
            self._audit("bruker_ny", objekt=user.brukernavn, rolle=user.rolle.value)
            slots.wrap(user.brukernavn, password, self._data_key())
            slots.save(self.file)

    def _add_server_user(self, user: User) -> None:
        conn = self._repo.db.conn
        if not role_exists(conn, user.brukernavn):
            raise ValueError(f"Databasebrukeren «{user.brukernavn}» finnes ikke på serveren. Be "
                             "IT opprette den (se README: «Delt register på PostgreSQL»).")
        if U.find(conn, user.brukernavn):
            raise ValueError(f"Brukernavnet «{user.brukernavn}» er allerede i bruk")
        with transaction(self._repo.db):
            U.insert(conn, user, None, self._now())
            self._audit("bruker_ny", objekt=user.brukernavn, rolle=user.rolle.value)

    def _check_caseworker_link(self, user: User) -> None:
        if user.saksbehandler and user.saksbehandler not in {
                c.navn for c in self._repo.caseworkers()}:
            raise ValueError(f"Ukjent saksbehandler «{user.saksbehandler}»: legg til "
                             "saksbehandleren under Innstillinger → Saksbehandlere først")

    @guarded
    def update_user(self, user: User) -> None:
        """Change a person's name, role, caseworker link or active flag (not the password).
        A deactivated person loses their key slot; the last active leder cannot be demoted."""
        self._require(Action.USERS)
        _check_user(user)
        self._check_caseworker_link(user)
        conn = self._repo.db.conn
        old = U.find(conn, user.brukernavn)
        if old is None:
            raise NotFoundError(f"Fant ikke brukeren «{user.brukernavn}»")
        if old.rolle == Role.LEDER and old.aktiv and (user.rolle != Role.LEDER or not user.aktiv) \
                and U.count_active(conn, Role.LEDER) <= 1:
            raise ValueError("Registeret må ha minst én aktiv leder")
        with transaction(self._repo.db):
            U.update(conn, user)
            self._audit("bruker_endret", objekt=user.brukernavn, felt=_changes(old, user))
            if old.aktiv and not user.aktiv and self.server is None:
                slots = keyslots.KeySlots.load(self.file)
                slots.remove(user.brukernavn)
                slots.save(self.file)
        if user.brukernavn == self.user.brukernavn:
            self.user = user

    @guarded
    def reset_password(self, brukernavn: str, password: str) -> None:
        """Give a person a new password (an administrator's reset): new hash, new slot."""
        self._require(Action.USERS)
        self._set_password(brukernavn, password, "passord_tilbakestilt")

    @guarded
    def change_own_password(self, old: str, new: str) -> None:
        """The signed-in person changes their own password (any role)."""
        if not U.check_password(self._repo.db.conn, self.user.brukernavn, old):
            raise ValueError("Det nåværende passordet er feil")
        if self.readonly:
            raise ReadOnlyError("Registeret er åpnet skrivebeskyttet; passordet kan ikke endres")
        self._set_password(self.user.brukernavn, new, "passord_endret")

    def _set_password(self, brukernavn: str, password: str, handling: str) -> None:
        if self.server is not None:
            raise StorageError("I et delt register er passordet det du logger inn på "
                               "databaseserveren med; det endres av IT")
        check_password_rules(password)
        conn = self._repo.db.conn
        user = U.find(conn, brukernavn)
        if user is None:
            raise NotFoundError(f"Fant ikke brukeren «{brukernavn}»")
        slots = keyslots.KeySlots.load(self.file)
        with transaction(self._repo.db):
            U.set_password(conn, brukernavn, password, self._now())
            self._audit(handling, objekt=brukernavn)
            if user.aktiv:
                slots.wrap(brukernavn, password, self._data_key())
                slots.save(self.file)

    @guarded
    def remove_user(self, brukernavn: str) -> None:
        """Remove a person and their key slot (their audit rows stay)."""
        self._require(Action.USERS)
        conn = self._repo.db.conn
        user = U.find(conn, brukernavn)
        if user is None:
            raise NotFoundError(f"Fant ikke brukeren «{brukernavn}»")
        if brukernavn == self.user.brukernavn:
            raise ValueError("Du kan ikke fjerne deg selv")
        if user.rolle == Role.LEDER and user.aktiv and U.count_active(conn, Role.LEDER) <= 1:
            raise ValueError("Registeret må ha minst én aktiv leder")
        slots = keyslots.KeySlots.load(self.file) if self.server is None else None
        with transaction(self._repo.db):
            U.delete(conn, brukernavn)
            self._audit("bruker_fjernet", objekt=brukernavn)
            if slots is not None:
                slots.remove(brukernavn)
                slots.save(self.file)

    @guarded
    def new_recovery_code(self) -> str:
        """Make (or replace) the printed recovery key: a slot that unlocks the register for a
        restore when every password is lost. Shown once; only a leder may make it."""
        self._require(Action.USERS)
        if self.role != Role.LEDER:
            raise self._deny(Action.USERS, None, "Bare en leder kan lage gjenopprettingsnøkkel")
        code = keyslots.recovery_code()
        slots = keyslots.KeySlots.load(self.file)
        with transaction(self._repo.db):
            self._audit("gjenopprettingsnokkel")
            slots.wrap(keyslots.RECOVERY_SLOT, code, self._data_key())
            slots.save(self.file)
        return code

    def _data_key(self) -> bytes:
        if self._key is None:
            raise StorageError("Registeret er ikke kryptert")
        return self._key

    # --- the audit log ----------------------------------------------------------------------------

    @guarded
    def audit_entries(self, flt: AuditFilter, limit: int | None = 2000) -> list[AuditEntry]:
        """The audit log for the leader's view (newest first). Looking is itself logged."""
        self._require(Action.AUDIT_LOG)
        rows = audit.query(self._repo.db.conn, flt, limit=limit)
        self._audit_read("revisjonslogg_lest", bruker_filter=flt.bruker or "",
                         sak_filter=flt.journalnummer or "", rader=len(rows))
        return rows

    @guarded
    def verify_audit(self) -> ChainCheck:
        """Walk the hash chain (leder and systemansvarlig)."""
        self._require(Action.VERIFY_AUDIT)
        with self._repo.snapshot():
            self.chain = audit.verify(self._repo.db.conn)
        return self.chain

    @guarded
    def export_audit(self, path: Path, flt: AuditFilter) -> int:
        """Write the audit log (filtered) to an Excel file for the data protection officer;
        the export is logged. Returns the number of rows written."""
        from storage.audit_workbook import write_audit_workbook

        self._require(Action.AUDIT_LOG)
        rows = audit.query(self._repo.db.conn, flt, limit=None, newest_first=False)
        chain = audit.verify(self._repo.db.conn)
        with transaction(self._repo.db):
            self._audit("eksport_revisjonslogg", objekt=Path(path).name, rader=len(rows))
            write_audit_workbook(rows, Path(path), chain, self._now())
        return len(rows)

    # --- backups ----------------------------------------------------------------------------------

    @guarded
    def backup(self, target: Path | None = None, *, kind: str = "manuell") -> Path:
        """Take a backup now (encrypted like the register; key slots copied beside it) and
        apply the rotation. The automatic daily backup (into the backup folder, nowhere else)
        runs for every role; any other needs the backup permission."""
        if kind != "daglig" or target is not None:
            self._require(Action.BACKUP)
        params = self._repo.params()
        made = storage_backup.make_backup(self._repo.db.conn, self._key, self.file, kind,
                                          self._now(), target)
        self._audit_read("sikkerhetskopi", objekt=made.name, type=kind)
        storage_backup.rotate(self.file, storage_backup.Rotation(
            params.int("sikkerhetskopi.daglige"), params.int("sikkerhetskopi.ukentlige"),
            params.int("sikkerhetskopi.maanedlige")))
        return made

    def daily_backup(self, today: date) -> Path | None:
        """The first backup of the day, if none was taken today (any role; a failure is
        logged, never raised: it must not stop anyone from working)."""
        if self.path is None or not storage_backup.needs_daily(self.path, today):
            return None  # a shared register is backed up on its server
        try:
            return self.backup(kind="daglig")
        except StorageError:
            log.warning("Daglig sikkerhetskopi feilet")
            return None

    def backups(self) -> list[storage_backup.BackupFile]:
        """The register's backups in its backup folder, newest first."""
        return [] if self.path is None else storage_backup.list_backups(self.path)

    # --- reports ----------------------------------------------------------------------------------

    def repository_for_report(self) -> Repository:
        """The repository, for the report module of this layer only (role checked there)."""
        return self._repo

    def audit_in(self, handling: str, **detaljer: Any) -> None:
        """Append an audit row inside a transaction the caller (this layer) holds."""
        self._audit(handling, **detaljer)


def _writes(action: Action) -> bool:
    return action not in (Action.VIEW_DEADLINES, Action.SEARCH, Action.OPEN_CASE, Action.REPORT,
                          Action.AUDIT_LOG, Action.VERIFY_AUDIT, Action.BACKUP)


def _check_user(user: User) -> None:
    name = user.brukernavn
    if not name or name != name.strip() or len(name) > 64 or name.startswith("#"):
        raise ValueError("Brukernavnet må fylles ut (høyst 64 tegn, uten mellomrom først og sist)")
    if not user.navn.strip():
        raise ValueError("Navnet må fylles ut")


def _sak_id(reg: Register, obj: Any) -> int | None:
    """The case an object belongs to (a visit through its tiltak)."""
    if isinstance(obj, Sak):
        return obj.id
    if isinstance(obj, Besok):
        return reg._repo.target_case(obj)
    return getattr(obj, "sak_id", None)


def _stored(case: CaseFile, obj: Any) -> Any:
    if isinstance(obj, Sak):
        return case.sak
    for part in (case.meldinger, case.undersokelser, case.vedtak, case.tiltak, case.planer,
                 case.besok, case.ettervern, case.flyttinger):
        for item in part:
            if type(item) is type(obj) and item.id == obj.id:
                return item
    return None


def _describe(obj: Any) -> str:
    """«melding 12»: the kind and id of a record (never its content)."""
    return f"{type(obj).__name__.lower()} {getattr(obj, 'id', '') or ''}".strip()


def _changes(old: Any, new: Any) -> dict[str, Any]:
    """Changed fields: old → new for plain values, «endret» for sensitive or compound ones;
    for a new record, the names of the fields that were filled in."""
    if not is_dataclass(new):
        return {}
    result: dict[str, Any] = {}
    for f in fields(new):
        if f.name == "id":
            continue
        after = getattr(new, f.name)
        before = getattr(old, f.name) if old is not None else None
        if old is not None and before == after:
            continue
        if old is None:
            if after not in (None, "", (), False):
                result[f.name] = "utfylt"
            continue
        if _sensitive(f.name) or not _plain(before) or not _plain(after):
            result[f.name] = "endret"
        else:
            result[f.name] = [_text(before), _text(after)]
    return result


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, date, str, Role))


def _text(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
