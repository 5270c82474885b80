"""Render the app to PNG without a screen: the welcome page, every tab of the demo case, search, a drop report,
an article and a clip in the Evidence preview, a note with its rendered preview, the dialogs (New case, Print
summary, Verify result) and the failure states (an e-mail, a password-protected PDF, a file that was not read).

    QT_QPA_PLATFORM=offscreen python tools/render_screens.py OUT_DIR [--size WxH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="casefile-screens-")
os.environ["CASEFILE_SETTINGS_DIR"] = _home  # never touch the user's own settings or recent list
os.environ["XDG_DATA_HOME"] = _home

DEMO_NOTE = """# Splice points

The forensic report found **eleven** splice points in the February recording:

- 00:41 — the toast is cut mid-sentence
- 02:13 — room tone changes
- 03:05 — *"rough but usable"* (see Ex. 3)

> Ask Ruth whether the Jan 29 message can be authenticated.
"""


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, e.g. 1280x800, not {text!r}") from None
    if w < 400 or h < 300:
        raise argparse.ArgumentTypeError("the window must be at least 400x300")
    return w, h


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH",
                        help="window size in pixels (default 1280x800)")
    args = parser.parse_args(argv)
    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from casefile.demo import build_demo_case
    from casefile.domain.enums import EvidenceKind, TargetType
    from casefile.gui.importing.drop import DropPayload
    from casefile.gui.window.app import make_app
    from casefile.gui.window.main_window import MainWindow
    from casefile.gui.worker import SyncRunner

    app = make_app([])
    window = MainWindow(SyncRunner())
    window.resize(*args.size)
    window.show()

    def shot(name: str, widget=None) -> None:  # noqa: ANN001
        for _ in range(5):
            app.processEvents()
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        print(path)

    shot("01-welcome")
    case_dir = build_demo_case(Path(_home) / "Demo")
    window.open_case(case_dir)
    window.resize(*args.size)  # a restored geometry must not change the size asked for
    for i in range(window.tab_widget.count()):
        window.tab_widget.setCurrentIndex(i)
        shot(f"0{i + 2}-{window.tab_widget.tabText(i).lower().replace('&', '')}")
    window.find()
    window.search_panel.query.setText("splice")
    window.search_panel.run_search()
    shot("05-search")
    window.search_panel._activate(window.search_panel.result_index(0, 0))  # the first exhibit found
    shot("05b-search-hit-opened")
    window.search_dock.hide()

    case = window.gctx.case
    exhibits = case.evidence.list()
    cited = {c.evidence_id for ev in case.events.list() for c in ev.citations if c.char_start is not None}
    article = next((r for r in exhibits if r.kind is EvidenceKind.ARTICLE and r.id in cited), None)
    clip = next((r for r in exhibits if r.kind in (EvidenceKind.AUDIO, EvidenceKind.VIDEO)), None)
    if article is not None:
        window.show_item("evidence", article.id)
        shot("08-evidence-article")
    if clip is not None:
        window.show_item("evidence", clip.id)
        shot("09-evidence-clip")
    window.gctx.bus.selected.emit(TargetType.CASE.value, -1)
    dock = window.notes_dock
    dock.new_note()
    dock.editor.setPlainText(DEMO_NOTE)
    dock.flush()
    shot("10-notes")

    samples = Path(tempfile.mkdtemp(prefix="casefile-drop-"))
    (samples / "new-article.txt").write_text(
        "date 2024-06-01 Halvorsen hands over audio files\n\nBy Dana Whitcombe\n\nHalvorsen Media Group "
        "delivered the original dinner recording to Okafor's lawyers on June 1, 2024.\n", encoding="utf-8")
    (samples / "empty.txt").write_bytes(b"")
    window.gctx.case.captures.set_consent(False)  # the link is kept as a link: no consent question, no network
    window.handle_drop(DropPayload(paths=[samples / "new-article.txt", samples / "empty.txt",
                                          case_dir / "evidence"],
                                   urls=[("https://example.org/okafor-ruling", "Ruling coverage")]))
    if window.report_dialog is not None:
        shot("06-drop-report", window.report_dialog)
    window.report_dialog and window.report_dialog.close()
    window.import_panel.show()
    window.import_panel.bar.setRange(0, 12)
    window.import_panel.bar.setValue(4)
    window.import_panel.label.setText("Importing 5 of 12: okafor-interview.ogg")
    shot("07-import-progress")
    window.import_panel.hide()
    _dialogs_and_failures(window, shot, samples)
    window.close()
    QApplication.processEvents()
    return 0


def _dialogs_and_failures(window, shot, folder: Path) -> None:  # noqa: ANN001
    """The dialogs and the ways reading can fail, as a user meets them."""
    from email.message import EmailMessage

    from casefile.gui.dialogs.integrity import VerifyReportDialog
    from casefile.gui.dialogs.print_summary import PrintSummaryDialog
    from casefile.gui.importing.drop import DropPayload
    from casefile.gui.window.welcome import NewCaseDialog

    for name, dialog in (("11-new-case", NewCaseDialog(window)), ("12-print-summary", PrintSummaryDialog(window.gctx,
                                                                                                          window)),
                         ("13-verify-result", VerifyReportDialog(7, [], window))):
        dialog.show()
        shot(name, dialog)
        dialog.close()

    msg = EmailMessage()
    msg["From"] = "Ingrid Sæther <i.saether@halvorsen-media.example>"
    msg["To"] = "Ruth Abernathy <ruth@abernathy-law.example>"
    msg["Cc"] = "press@halvorsen-media.example"
    msg["Subject"] = "Re: the February recording"
    msg["Date"] = "Fri, 24 May 2024 16:05:00 +0200"
    msg.set_content("Dear Ms Abernathy,\n\nMy client will deliver the original files on June 1, 2024.\n\nI. Sæther")
    (folder / "re-recording.eml").write_bytes(bytes(msg))
    broken = folder / "scan-0042.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    paths = [folder / "re-recording.eml", broken]
    try:
        from tests.fixture_files import make_encrypted_pdf

        paths.append(make_encrypted_pdf(folder / "settlement-draft.pdf", user_password="okafor2024"))
    except ImportError:  # run from outside the source tree
        pass
    window.handle_drop(DropPayload(paths=paths))
    if window.report_dialog is not None:
        window.report_dialog.close()
    case = window.gctx.case
    by_name = {r.filename: r for r in case.evidence.list()}
    for shot_name, filename in (("14-evidence-email", "re-recording.eml"), ("15-evidence-not-read", "scan-0042.pdf"),
                                ("16-evidence-pdf-password", "settlement-draft.pdf")):
        if filename in by_name:
            window.show_item("evidence", by_name[filename].id)
            shot(shot_name)
    window.close_case()
    shot("17-welcome-recent")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
