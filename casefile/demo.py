"""The demo case: a fictional defamation dispute built from the sample files, so every view has content.

No Qt here: the GUI picks the folder (a per-user data folder) and calls `ensure_demo_case(folder)`. A package
built with `tools/build_demo.py` ships the quick demo pre-built (`assets/demo.casezip`), which the first demo
unpacks in a fraction of the time an import takes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from casefile.context import Case, create_case, is_case_dir
from casefile.domain.dates import EventDate
from casefile.domain.enums import PartyKind, PartyRole, Status, TargetType
from casefile.domain.errors import CaseFileError
from casefile.domain.records import Citation, EventDraft, PartyDraft

DEMO_TITLE = "Okafor v. Halvorsen Media Group (demo)"
DEMO_DESCRIPTION = (
    "A fictional dispute for trying CaseFile: the novelist Marguerite Okafor sues her former publisher "
    "Halvorsen Media Group over an audio recording she says was doctored."
)
DEMO_FOLDER = "Demo case.casefile"
PREBUILT = "demo.casezip"  # the quick demo as a case archive, in casefile/assets (tools/build_demo.py)
COMPLETE = ".demo-complete"
log = logging.getLogger("casefile.demo")


@dataclass(frozen=True)
class _Party:
    name: str
    kind: PartyKind
    role: PartyRole
    description: str
    aliases: tuple[str, ...] = ()
    merge: tuple[str, ...] = ()  # suggested parties that are this one under another name


PARTIES = (
    _Party("Marguerite Okafor", PartyKind.PERSON, PartyRole.PLAINTIFF,
           "Novelist (\"The Salt Archive\"); says the published recording was doctored; posts as @MOkaforWrites.",
           ("Okafor", "@MOkaforWrites")),
    _Party("Halvorsen Media Group", PartyKind.ORGANIZATION, PartyRole.DEFENDANT,
           "Publisher of Okafor's first two novels; published the recording on Halvorsen Review.",
           ("Halvorsen Media", "Halvorsen"), ("Halvorsen Media",)),
    _Party("Ruth Abernathy", PartyKind.PERSON, PartyRole.COUNSEL, "Abernathy & Quist; counsel for Okafor."),
    _Party("Lars Engström", PartyKind.PERSON, PartyRole.COUNSEL,
           "Brandt Engström LLP; counsel for Halvorsen Media Group.", ("Lars Engstrom",),
           ("Lars Engström of Brandt Engström LLP",)),
    _Party("Peter Halvorsen", PartyKind.PERSON, PartyRole.WITNESS, "Chief executive of Halvorsen Media Group.",
           ("Mr Halvorsen",), ("Mr Halvorsen",)),
    _Party("Dana Whitcombe", PartyKind.PERSON, PartyRole.MEDIA, "Reporter, The Daily Ledger."),
    _Party("The Daily Ledger", PartyKind.MEDIA_OUTLET, PartyRole.MEDIA, "Newspaper covering the dispute."),
)

# (date, title, description, [party names], (sample file, quote) or None, status)
EVENTS = (
    ("2023-10", "Private dinner in Oslo", "The dinner at which the recording was allegedly made.",
     ["Marguerite Okafor"], ("2024-05-02-hearing.txt", "October 2023 dinner in Oslo"), Status.CONFIRMED),
    ("2024-02-03", "Halvorsen publishes the dinner recording",
     "Four-minute audio posted on Halvorsen Review with an editorial.",
     ["Halvorsen Media Group", "Marguerite Okafor"],
     ("2024-02-03-ledger-recording.txt", "The recording was posted on the company's culture site"),
     Status.CONFIRMED),
    ("2024-03-12", "Okafor files defamation suit ($12 million)", "Filed in the Southern District of New York.",
     ["Marguerite Okafor", "Halvorsen Media Group", "Ruth Abernathy"],
     ("2024-03-12-okafor-files-suit.md", "filed a defamation lawsuit against Halvorsen Media Group"),
     Status.CONFIRMED),
    ("2024-01-29", "Halvorsen editor calls the clip \"rough but usable\"",
     "Alleged in the complaint; Halvorsen has not confirmed the message exists.",
     ["Halvorsen Media Group"], ("2024-03-12-okafor-files-suit.md", "rough but usable"), Status.DISPUTED),
    ("2024-05-02", "Court orders Halvorsen to hand over the original audio", "Judge Harriet Lindqvist.",
     ["Halvorsen Media Group", "Marguerite Okafor", "Lars Engström"],
     ("2024-05-02-hearing.txt", "ordered Halvorsen Media Group to give Marguerite Okafor's lawyers"),
     Status.CONFIRMED),
)

NOTES = (
    (None, "Working theory: the February recording was spliced from three conversations. Key question for "
           "the September hearing: did Halvorsen have the unedited audio before publishing on 3 Feb?"),
    (None, "To do: request the forensic report (eleven splice points) and the Jan 29 internal message."),
    ("Halvorsen editor calls the clip \"rough but usable\"",
     "Only source is the complaint. Treat as disputed until the message itself is produced."),
    ("Marguerite Okafor", "Agent: Tomasz Wieczorek. Publisher since 2022: Greyfield Press."),
)


def samples_dir() -> Path:
    """The sample files, shipped as package data (casefile/assets/samples) so a wheel install has them too."""
    try:
        packaged = resources.files("casefile") / "assets" / "samples"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    raise CaseFileError("The demo sample files are missing from this installation.")


def sample_files() -> list[Path]:
    return sorted(p for p in samples_dir().iterdir() if p.is_file() and not p.name.startswith("."))


def demo_case_path(data_dir: Path) -> Path:
    return Path(data_dir) / DEMO_FOLDER


def ensure_demo_case(data_dir: Path, quick: bool = False) -> Path:
    """The demo case under `data_dir`, built when missing (or when a previous build was left unfinished).
    `quick`: the window's first demo, ready in about a second: the samples are stored and read, the hand-made
    parties, events and notes added; clips are heard and suggestions found afterwards by the window's usual
    background pass (a stopped pass continues on open), then `reconcile_demo` drops duplicated suggestions."""
    target = demo_case_path(data_dir)
    if is_case_dir(target) and (target / COMPLETE).is_file():
        return target
    if target.exists():
        shutil.rmtree(target)
    if quick:
        try:
            return unpack_prebuilt(target)
        except CaseFileError as exc:
            log.info("building the demo case: the pre-built one is not used (%s)", exc)
            if target.exists():
                shutil.rmtree(target)
    return build_demo_case(target, enrich=not quick)


def prebuilt_archive() -> Path | None:
    """The pre-built quick demo shipped in the package, or None when this installation has none."""
    try:
        packaged = resources.files("casefile") / "assets" / PREBUILT
        return Path(str(packaged)) if packaged.is_file() else None
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def unpack_prebuilt(target: Path, archive: Path | None = None) -> Path:
    """Unpack the pre-built demo into `target`: its originals must be exactly the sample files of this
    installation (by SHA-256), and the unpacking checks every original against its hash and brings the database
    to this version's schema (`unarchive_case`). `CaseFileError` says why it cannot be used."""
    from casefile.services.archive import unarchive_case

    started = time.perf_counter()
    archive = archive if archive is not None else prebuilt_archive()
    if archive is None:
        raise CaseFileError("this installation has no pre-built demo case")
    try:
        with zipfile.ZipFile(archive) as zf:
            manifest = json.loads(zf.read("manifest.json"))
        shipped = {str(o["sha256"]) for o in manifest["originals"]}
    except (OSError, zipfile.BadZipFile, KeyError, TypeError, ValueError) as exc:
        raise CaseFileError(f"the pre-built demo case cannot be read ({type(exc).__name__})") from None
    samples = {hashlib.sha256(p.read_bytes()).hexdigest() for p in sample_files()}
    if shipped != samples:
        raise CaseFileError("the pre-built demo case's originals differ from this installation's sample files")
    path = unarchive_case(archive, target)
    (path / COMPLETE).write_text("unpacked from the pre-built demo by casefile.demo\n", encoding="utf-8")
    log.info("demo case unpacked from the pre-built archive in %.2f s", time.perf_counter() - started)
    return path


def build_demo_case(target_dir: Path, enrich: bool = True) -> Path:
    """Create the demo case in `target_dir` (which must not exist or be empty); return the case folder.
    Without `enrich` the transcription and suggestion passes are left waiting (see `ensure_demo_case`)."""
    case = create_case(target_dir, DEMO_TITLE, DEMO_DESCRIPTION)
    try:
        from casefile.services.import_workflow import STORE_ONLY, ImportOptions

        case.imports.import_paths(sample_files(), options=ImportOptions() if enrich else STORE_ONLY)
        parties = _add_parties(case)
        events = _add_events(case, parties)
        _add_notes(case, parties, events)
        path = case.path
    finally:
        case.close()
    (path / COMPLETE).write_text("built by casefile.demo\n", encoding="utf-8")
    return path


def _add_parties(case: Case) -> dict[str, int]:
    """Confirm the parties extraction found and give them roles; add those it missed."""
    ids: dict[str, int] = {}
    for p in PARTIES:
        draft = PartyDraft(name=p.name, kind=p.kind, role=p.role, aliases=p.aliases, description=p.description,
                           status=Status.CONFIRMED)
        found = case.parties.find(p.name)
        if found is None:
            for alias in p.aliases:
                found = case.parties.find(alias)
                if found is not None:
                    break
        if found is not None and found.id not in ids.values():
            merged = tuple(dict.fromkeys((*found.aliases, *p.aliases)))
            case.parties.update(found.id, PartyDraft(
                name=p.name, kind=p.kind, role=p.role, aliases=tuple(a for a in merged if a != p.name),
                description=p.description, status=Status.CONFIRMED, origin=found.origin, tags=found.tags))
            ids[p.name] = found.id
        else:
            ids[p.name] = case.parties.create(draft)
        for other in p.merge:
            dup = next((q for q in case.parties.list() if q.name == other), None)
            if dup is not None and dup.id != ids[p.name] and dup.status is Status.SUGGESTED:
                case.parties.merge(ids[p.name], dup.id)
    return ids


def _add_events(case: Case, parties: dict[str, int]) -> dict[str, int]:
    by_name = {e.filename: e for e in case.evidence.list()}
    ids: dict[str, int] = {}
    for date, title, description, names, source, status in EVENTS:
        citations: tuple[Citation, ...] = ()
        if source is not None and source[0] in by_name:
            ev = by_name[source[0]]
            text = case.evidence.text(ev.id)
            start = text.find(source[1])
            if start >= 0:
                citations = (Citation(ev.id, ev.exhibit, source[1], start, start + len(source[1])),)
        draft = EventDraft(date=EventDate.on(date), title=title, description=description, status=status,
                           party_ids=tuple(parties[n] for n in names if n in parties), citations=citations)
        suggested = _suggested_event_citing(case, date, citations[0]) if citations else None
        if suggested is not None:  # review the suggestion rather than add a duplicate
            case.events.update(suggested, draft)
            ids[title] = suggested
        else:
            ids[title] = case.events.create(draft)
    return ids


def reconcile_demo(case: Case) -> int:
    """After a late suggestion pass on the quick demo: drop each suggestion that repeats a hand-made event (same
    day, its passage within the suggestion's), as the full build reviews it instead. Returns how many."""
    dropped = 0
    for ev in case.events.list():
        if ev.status is Status.SUGGESTED or not ev.citations:
            continue
        while (dup := _suggested_event_citing(case, ev.date.start.iso(), ev.citations[0])) is not None:
            case.events.delete([dup])
            dropped += 1
    return dropped


def _suggested_event_citing(case: Case, date: str, cite: Citation) -> int | None:
    for ev in case.events.for_evidence(cite.evidence_id):
        if ev.status is not Status.SUGGESTED or ev.date.start.iso() != date:
            continue
        for c in ev.citations:
            if c.evidence_id == cite.evidence_id and c.char_start is not None and c.char_end is not None \
                    and c.char_start <= (cite.char_start or 0) and (cite.char_end or 0) <= c.char_end:
                return ev.id
    return None


def _add_notes(case: Case, parties: dict[str, int], events: dict[str, int]) -> None:
    for target, text in NOTES:
        if target is None:
            case.notes.create(text)
        elif target in events:
            case.notes.create(text, TargetType.EVENT, events[target])
        elif target in parties:
            case.notes.create(text, TargetType.PARTY, parties[target])
