"""The composition root: opening or creating a case builds its engine, sessions, store and services.

A case is a folder. A local case holds `case.db` (SQLite) and takes the case lock while it is open for writing;
a team case holds `casefile-server.json` naming a PostgreSQL database instead, and is opened without the lock:
several people write it at once, each action in its own transaction. Both keep originals in `evidence/`.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Engine, inspect, select
from sqlalchemy.engine import URL

from casefile import __version__
from casefile.db import migrate
from casefile.db.engine import (
    DamagedCaseError,
    check_header,
    damaged_message,
    make_engine,
    make_server_engine,
    make_sessions,
)
from casefile.db.models import CaseMeta
from casefile.db.server import (
    URL_FORM,
    PasswordPrompt,
    ServerSettings,
    ServerSettingsError,
    display_url,
    has_settings,
    parse_database_url,
    read_settings,
    write_settings,
)
from casefile.domain.errors import (
    CaseExistsError,
    CaseNotFoundError,
    CaseStorageError,
    ReadOnlyCaseError,
)
from casefile.domain.oserrors import os_sentence
from casefile.domain.printable import printable, storable
from casefile.importers.base import Limits
from casefile.importers.registry import ImporterRegistry, default_registry
from casefile.services.base import CaseContext
from casefile.services.capture_service import CaptureService
from casefile.services.case_service import CaseService
from casefile.services.chronology_service import ChronologyService
from casefile.services.conflict_service import ConflictService
from casefile.services.event_service import EventService
from casefile.services.evidence_service import EvidenceService
from casefile.services.export_service import ExportService
from casefile.services.import_service import ImportService
from casefile.services.import_workflow import ImportWorkflow
from casefile.services.note_service import NoteService
from casefile.services.ocr_service import OcrService
from casefile.services.party_service import PartyService
from casefile.services.search_service import SearchService
from casefile.services.suggestion_service import SuggestionService, default_extract
from casefile.services.transcription_service import TranscriptionService
from casefile.storage.atomic import fsync_dir
from casefile.storage.case_folder import CREATING, SUFFIX, clean_stale_folders
from casefile.storage.lock import CaseLock
from casefile.storage.store import EvidenceStore

# what the GUI and the CLI use from here (the GUI reaches the database only through this module)
__all__ = ["URL_FORM", "Case", "PasswordPrompt", "ServerSettingsError", "check_database_url", "create_case",
           "is_case_dir", "is_server_case_dir", "open_case", "open_for_reading", "resolve_case_dir",
           "server_case_title"]

log = logging.getLogger(__name__)

DB_NAME = "case.db"
EVIDENCE_DIR = "evidence"


class Case:
    """An open case and its services. Close it (or use it as a context manager) to release the lock.

    Each service is an attribute set here, once; the GUI and the CLI reach the case only through them."""

    def __init__(self, ctx: CaseContext, lock: CaseLock | None, registry: ImporterRegistry | None = None) -> None:
        self.ctx = ctx
        self.lock = lock
        self.backup: Path | None = None  # written when an older schema was upgraded on open
        self.case = CaseService(ctx)
        self.events = EventService(ctx)
        self.parties = PartyService(ctx)
        self.evidence = EvidenceService(ctx)
        self.notes = NoteService(ctx)
        self.search = SearchService(ctx)
        # pass 1 (store and read) and pass 2 (suggest events and parties) share the extraction setting
        self.suggestions = SuggestionService(ctx, default_extract, parallel=True)
        self.transcriptions = TranscriptionService(ctx)  # runs between the two passes: extraction reads it
        self.ocr = OcrService(ctx)  # the pages of long scans an import left
        # pass 1 alone (store and read); `imports` runs every pass, and every import goes through it
        self.intake = ImportService(ctx, registry or default_registry(), default_extract, Limits(), parallel=True)
        self.imports = ImportWorkflow(self.intake, self.transcriptions, self.suggestions)
        self.export = ExportService(ctx, self.case, self.events, self.parties, self.evidence, self.notes)
        self.chronology = ChronologyService(ctx)
        self.captures = CaptureService(ctx, self.imports)  # the only way the network is used
        self.conflicts = ConflictService(ctx)  # where sources disagree (issue 22)

    @property
    def path(self) -> Path:
        return self.ctx.path

    @property
    def read_only(self) -> bool:
        return self.ctx.read_only

    @property
    def backend(self) -> str:
        """'sqlite' for a local case, 'postgresql' for a team case on a server."""
        return self.ctx.backend

    def close(self) -> None:
        self.ctx.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resolve_case_dir(path: Path | str) -> Path:
    """The case folder for `path`: as given, or with `.casefile` added when only that exists."""
    p = Path(path).expanduser()
    if is_case_dir(p):
        return p
    alt = p.with_name(p.name + SUFFIX) if p.suffix != SUFFIX else p
    if is_case_dir(alt):
        return alt
    return p


def is_case_dir(path: Path) -> bool:
    """A local case folder (case.db) or a team case's folder (casefile-server.json)."""
    return _has_db(path) or has_settings(path)


def is_server_case_dir(path: Path) -> bool:
    return has_settings(path) and not _has_db(path)


def server_case_title(path: Path) -> str:
    """A team case's title as its settings file keeps it ("" when it keeps none): no server is asked."""
    return read_settings(path).title


def check_database_url(text: str) -> None:
    """Raise `ServerSettingsError` (a `CaseFileError`) saying what is wrong with a team case's database URL."""
    parse_database_url(text)



def _has_db(path: Path) -> bool:
    try:
        return (path / DB_NAME).is_file()
    except OSError:
        return False


def create_case(path: Path | str, title: str, description: str = "", *, database: str | None = None,
                password: PasswordPrompt | None = None) -> Case:
    """Create `NAME.casefile/` (the suffix is added when missing) with its database and evidence folder.

    With `database` (`postgresql://USER@HOST[:PORT]/DB`, an existing empty database) the case is a team case:
    its records go to that database and the folder gets the settings file instead of `case.db`.
    The case is built in a hidden folder beside the target and renamed into place once its title is saved, so a
    failed or killed `new` never leaves a case without a database or a title.
    """
    url = parse_database_url(database) if database is not None else None
    p = Path(path).expanduser()
    if p.suffix != SUFFIX:
        p = p.with_name(p.name + SUFFIX)
    title, description = printable(title), storable(description)
    if p.is_symlink() or (p.exists() and (not p.is_dir() or any(p.iterdir()))):
        raise CaseExistsError(f"'{printable(str(p))}' already exists and is not empty; choose another folder.")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_folders(p.parent)
        staging = Path(tempfile.mkdtemp(prefix=f".{p.name}.{os.getpid()}{CREATING}", dir=p.parent))
    except OSError as exc:
        raise CaseExistsError(f"Cannot create the case folder '{printable(str(p))}': {os_sentence(exc)}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; a case folder is an ordinary folder
        (staging / EVIDENCE_DIR).mkdir()
        title = title.strip() or p.stem
        if url is not None:
            write_settings(staging, ServerSettings(url=display_url(url), title=title))
            case = _open_server(staging, read_only=False, creating=True, password=password)
        else:
            case = _open(staging, read_only=False, creating=True)
        try:
            with case.ctx.writes() as s, s.begin():
                s.add(CaseMeta(title=title, description=description, app_version=__version__))
        finally:
            case.close()
        if p.exists():
            p.rmdir()  # empty (checked above)
        os.replace(staging, p)
        fsync_dir(p.parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CaseExistsError(f"Cannot create the case '{printable(str(p))}': {os_sentence(exc)}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return open_case(p, password=password)


def open_case(path: Path | str, *, read_only: bool = False, password: PasswordPrompt | None = None) -> Case:
    """Open the case in `path`. A team case asks `password` for the database password when libpq knows none."""
    p = resolve_case_dir(path)
    log.info("opening case %s%s", p.name, " (read-only)" if read_only else "")
    if is_server_case_dir(p):
        return _open_server(p, read_only=read_only, creating=False, password=password)
    if not is_case_dir(p):
        if (p / EVIDENCE_DIR).is_dir() and any((p / EVIDENCE_DIR).iterdir()):
            raise DamagedCaseError(damaged_message(p / DB_NAME, "case.db is missing"))
        raise CaseNotFoundError(f"No case at '{printable(str(path))}' (a case is a folder holding {DB_NAME}, or "
                                "casefile-server.json for a team case).")
    return _open(p, read_only=read_only, creating=False)


def open_for_reading(path: Path | str) -> Case:
    """Open a case to read it whatever else holds it: read-only, without the lock (another window may have it
    open; the folder may be on read-only media)."""
    return open_case(path, read_only=True)


def _open(p: Path, *, read_only: bool, creating: bool) -> Case:
    db = p / DB_NAME
    if not creating:
        check_header(db)
    lock: CaseLock | None = None
    if not read_only:
        if not os.access(p, os.W_OK):  # an immutable folder, a read-only share: SQLite could not write beside it
            raise ReadOnlyCaseError(f"The case folder '{printable(str(p))}' cannot be written (read-only media or "
                                    "permissions); it can only be opened read-only.")
        lock = CaseLock(p)
        lock.acquire()
    engine = None
    try:
        engine = make_engine(db, read_only=read_only, create=creating)
        backup = None
        if not read_only:
            backup = migrate.upgrade(engine, None if creating else db, creating=creating)
        else:
            migrate.check_readable(engine, db)
        reads, writes = make_sessions(engine)
        store = EvidenceStore(p / EVIDENCE_DIR)
        if not read_only:
            store.ensure()
            store.clean_temporary()
        ctx = CaseContext(path=p, engine=engine, reads=reads, writes=writes, store=store, read_only=read_only)
        case = Case(ctx, lock)
        case.backup = backup
        if backup is not None:  # upgraded: exhibits read by an older version learn their language
            case.evidence.backfill_languages()
        return case
    except BaseException:
        if engine is not None:
            engine.dispose()
        if lock is not None:
            lock.release()
        raise


def _open_server(p: Path, *, read_only: bool, creating: bool, password: PasswordPrompt | None) -> Case:
    """Open a team case: no case lock (several people write at once), the schema brought to this version."""
    settings = read_settings(p)
    url = settings.sqlalchemy_url
    engine = connect_server(url, read_only=read_only, password=password)
    try:
        if creating:
            _check_empty_database(engine, settings.url)
        elif migrate.current_revision(engine) is None:
            raise CaseNotFoundError(f"The database '{printable(settings.url)}' named in the case folder "
                                    f"'{printable(str(p))}' holds no CaseFile case.")
        if read_only:
            migrate.check_readable(engine)
        else:
            migrate.upgrade(engine, creating=creating)
        reads, writes = make_sessions(engine)
        store = EvidenceStore(p / EVIDENCE_DIR)
        if not read_only:
            # the temporary files of other people's imports look like a dead process's from here: keep them
            store.ensure()
        ctx = CaseContext(path=p, engine=engine, reads=reads, writes=writes, store=store, read_only=read_only)
        return Case(ctx, None)
    except BaseException:
        engine.dispose()
        raise


def connect_server(url: URL, *, read_only: bool = False, password: PasswordPrompt | None = None) -> Engine:
    """An engine on a team case's database, connected once to prove it: libpq's password first (`~/.pgpass`,
    `PGPASSFILE`, `PGPASSWORD`), then, if the server refuses, what `password` answers (at most three tries)."""
    engine = make_server_engine(url, read_only=read_only)
    for attempt in range(4):
        try:
            with engine.connect():
                return engine
        except CaseStorageError as exc:
            engine.dispose()
            if exc.kind != "auth" or password is None or attempt == 3:
                raise
            # the first time, libpq simply had no password; after that, the server refused the one given
            given = password(display_url(url), str(exc) if attempt else "")
            if not given:
                raise
            engine = make_server_engine(url, read_only=read_only, password=given)
    raise AssertionError("unreachable")  # pragma: no cover


def _check_empty_database(engine: Engine, where: str) -> None:
    """A new team case needs a database of its own: refuse one holding another case or other data.

    A database that holds this version's schema and no case (a `new` that failed after creating the schema)
    may be used again.
    """
    tables = set(inspect(engine).get_table_names())
    if not tables:
        return
    revision = migrate.current_revision(engine)
    title = None
    if revision is not None and "case_meta" in tables:
        with engine.connect() as conn:
            title = conn.execute(select(CaseMeta.title).limit(1)).scalar()
    if title is not None:
        raise CaseExistsError(
            f"The database '{printable(where)}' already holds the case '{printable(title)}'. To work on it, open "
            "its case folder (it holds casefile-server.json); for a new case, create an empty database.")
    if revision != migrate.head_revision():
        raise CaseExistsError(f"The database '{printable(where)}' already holds other tables; a team case needs an "
                              "empty database of its own (createdb -O USER DATABASE).")
