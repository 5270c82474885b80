"""What a capture worker is asked to do and what it answers, as JSON files in the capture's own folder.

The worker (`casefile.gui.capture.worker`, a process of its own) reads `job.json` and writes `result.json`;
exit status 0 is a capture, 3 a capture refused or failed with `reason`, anything else a crash.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

WORKER_MODULE = "casefile.gui.capture.worker"  # needs Qt widgets for the full-page picture: lives in gui/
EXIT_FAILED = 3
VIEWPORT = (1280, 900)
MAX_SHOT_HEIGHT = 16_000  # taller pages are cut in the picture (the PDF and the WARC hold all of it)


@dataclass(frozen=True)
class CaptureJob:
    url: str
    out: str  # folder the worker writes into
    timeout_s: float = 30.0  # the whole capture, from the first request to the last picture
    max_bytes: int = 100 * 1024 * 1024  # one response's cap
    profile: str = ""  # a persistent "Sign in first" profile folder; empty: private, off the record
    settle_s: float = 0.5  # quiet time after loading before the page is taken
    mode: str = "capture"  # or "signin": a visible window on the profile, nothing recorded

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> CaptureJob:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


@dataclass
class Hop:
    url: str
    status: int
    reason: str = ""
    location: str = ""


@dataclass
class CaptureResult:
    """The worker's answer. File names are inside the job's `out` folder."""

    ok: bool
    url: str
    reason: str = ""  # why it failed (one clause; the caller names the address)
    final_url: str = ""
    status: int = 0
    redirects: list[Hop] = field(default_factory=list)
    content_type: str = ""
    started: str = ""  # UTC, ISO 8601
    ended: str = ""
    engine: str = ""
    title: str = ""
    page_html: str = ""  # the rendered DOM after scripts ran
    pdf: str = ""
    png: str = ""
    warc: str = ""
    download: str = ""  # a link that is not a page: the file it gave
    requests: int = 0
    not_recorded: list[str] = field(default_factory=list)
    rendered_url: str = ""  # the page's own address when taken (differs after a script or meta refresh moved it)
    still_loading: int = 0  # requests not finished when the page was taken (it never went quiet)
    timings: dict[str, float] = field(default_factory=dict)  # seconds since the worker started, per step

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> CaptureResult:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["redirects"] = [Hop(**h) for h in data.get("redirects", [])]
        return cls(**data)
