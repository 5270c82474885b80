"""The composition root: opening or creating a case builds its engine, sessions, store and services."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casefile import __version__
from casefile.db import migrate
from casefile.db.engine import make_engine, make_sessions
from casefile.db.models import CaseMeta
from casefile.domain.errors import CaseExistsError, CaseNotFoundError
from casefile.importers.base import Limits
from casefile.importers.registry import ImporterRegistry, default_registry
from casefile.services.base import CaseContext
from casefile.services.case_service import CaseService
from casefile.services.chronology_service import ChronologyService
from casefile.services.event_service import EventService
from casefile.services.evidence_service import EvidenceService
from casefile.services.export_service import ExportService
from casefile.services.import_service import ImportService
from casefile.services.note_service import NoteService
from casefile.services.party_service import PartyService
from casefile.services.search_service import SearchService
from casefile.services.suggestion_service import SuggestionService, default_extract
from casefile.storage.lock import CaseLock
from casefile.storage.store import EvidenceStore

SUFFIX = ".casefile"
DB_NAME = "case.db"
EVIDENCE_DIR = "evidence"


@dataclass
class Case:
    """An open case and its services. Close it (or use it as a context manager) to release the lock."""

    ctx: CaseContext
    lock: CaseLock | None
    case: CaseService = field(init=False)
    events: EventService = field(init=False)
    parties: PartyService = field(init=False)
    evidence: EvidenceService = field(init=False)
    notes: NoteService = field(init=False)
    search: SearchService = field(init=False)
    imports: ImportService = field(init=False)
    suggestions: SuggestionService = field(init=False)
    export: ExportService = field(init=False)
    chronology: ChronologyService = field(init=False)
    registry: ImporterRegistry | None = None
    backup: Path | None = None  # written when an older schema was upgraded on open

    def __post_init__(self) -> None:
        ctx = self.ctx
        self.case = CaseService(ctx)
        self.events = EventService(ctx)
        self.parties = PartyService(ctx)
        self.evidence = EvidenceService(ctx)
        self.notes = NoteService(ctx)
        self.search = SearchService(ctx)
        # pass 1 (store and read) and pass 2 (suggest events and parties) share the extraction setting
        self.suggestions = SuggestionService(ctx, default_extract, parallel=True)
        self.imports = ImportService(ctx, self.registry or default_registry(), default_extract, Limits(),
                                     parallel=True, suggestions=self.suggestions)
        self.export = ExportService(ctx, self.case, self.events, self.parties, self.evidence, self.notes)
        self.chronology = ChronologyService(ctx)

    @property
    def path(self) -> Path:
        return self.ctx.path

    @property
    def read_only(self) -> bool:
        return self.ctx.read_only

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
    if (p / DB_NAME).is_file():
        return p
    alt = p.with_name(p.name + SUFFIX) if p.suffix != SUFFIX else p
    if (alt / DB_NAME).is_file():
        return alt
    return p


def is_case_dir(path: Path) -> bool:
    return (path / DB_NAME).is_file()


def create_case(path: Path | str, title: str, description: str = "") -> Case:
    """Create `NAME.casefile/` (the suffix is added when missing) with its database and evidence folder."""
    p = Path(path).expanduser()
    if p.suffix != SUFFIX:
        p = p.with_name(p.name + SUFFIX)
    if p.exists() and any(p.iterdir()):
        raise CaseExistsError(f"'{p}' already exists and is not empty; choose another folder.")
    try:
        p.mkdir(parents=True, exist_ok=True)
        (p / EVIDENCE_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        raise CaseExistsError(f"Cannot create the case folder '{p}': {exc.strerror or exc}.") from None
    case = _open(p, read_only=False, creating=True)
    with case.ctx.writes() as s, s.begin():
        s.add(CaseMeta(title=title.strip() or p.stem, description=description, app_version=__version__))
    return case


def open_case(path: Path | str, *, read_only: bool = False) -> Case:
    p = resolve_case_dir(path)
    if not is_case_dir(p):
        raise CaseNotFoundError(f"No case at '{path}' (a case is a folder holding {DB_NAME}).")
    return _open(p, read_only=read_only, creating=False)


def _open(p: Path, *, read_only: bool, creating: bool) -> Case:
    lock: CaseLock | None = None
    if not read_only:
        lock = CaseLock(p)
        lock.acquire()
    try:
        db = p / DB_NAME
        engine = make_engine(db, read_only=read_only)
        backup = None
        if not read_only:
            backup = migrate.upgrade(engine, None if creating else db)
        else:
            migrate.check_readable(engine)
        reads, writes = make_sessions(engine)
        store = EvidenceStore(p / EVIDENCE_DIR)
        if not read_only:
            store.ensure()
            store.clean_temporary()
        ctx = CaseContext(path=p, engine=engine, reads=reads, writes=writes, store=store, read_only=read_only)
        case = Case(ctx, lock)
        case.backup = backup
        return case
    except BaseException:
        if lock is not None:
            lock.release()
        raise
