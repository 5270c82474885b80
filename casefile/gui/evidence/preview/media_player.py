"""Audio and video played in place with QtMultimedia, with the transcript beside it following playback.

A line of a transcript is corrected in place (double-click or F2): its timing stays, the change goes through the
undo stack, and the machine's original transcript stays in the store.

QtMultimedia is imported only here and only when a clip is first shown; if it cannot load (no module, no
backend), the player says why and the rest of the application keeps working.
"""

from __future__ import annotations

import bisect
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from casefile.domain.enums import EvidenceKind
from casefile.domain.records import Citation, EvidenceRecord, format_timestamp
from casefile.gui.buttons import tool_button
from casefile.gui.commands import push
from casefile.gui.context import GuiContext
from casefile.gui.evidence.preview.dialogs import NewEventDialog
from casefile.gui.evidence.preview.transcript import (
    CUE_TEXT_ROLE,
    CorrectCueCommand,
    CueDelegate,
    load_cues,
    transcript_state,
)
from casefile.gui.icons import icon
from casefile.services.evidence_service import CueRecord
from casefile.services.viewer_copies import readonly_copy

COMPACT_WIDTH = 460  # below this a video's transcript goes under it rather than beside it
LABELLED_WIDTH = 380  # below this the event button shows only its icon (its name is in the tooltip)


def load_multimedia() -> tuple[ModuleType, Any]:
    """QtMultimedia and QVideoWidget, or ImportError/RuntimeError saying why they are unavailable."""
    multimedia = importlib.import_module("PySide6.QtMultimedia")
    widgets = importlib.import_module("PySide6.QtMultimediaWidgets")
    return multimedia, widgets.QVideoWidget


def _quiet_ffmpeg(qt_lib: Path) -> None:
    """Keep the FFmpeg inside Qt's wheel from dumping each opened clip's streams to the terminal: errors only
    (AV_LOG_ERROR). Qt sets no level of its own unless QT_FFMPEG_DEBUG is set; that setting is respected."""
    import ctypes
    import os

    if os.environ.get("QT_FFMPEG_DEBUG"):
        return
    for lib in sorted(qt_lib.glob("libavutil.so*")) + sorted(qt_lib.glob("avutil*.dll")) + \
            sorted(qt_lib.glob("libavutil*.dylib")):
        try:
            ctypes.CDLL(str(lib)).av_log_set_level(16)
        except (OSError, AttributeError):
            continue
        return


class MediaPreview(QWidget):
    # the stacked pages (audio, message, video) keep the name tests and callers know; it hides QWidget.screen(),
    # which nothing calls on this widget (Qt's C++ side is not affected)
    screen: QStackedWidget  # type: ignore[assignment]

    def __init__(self, gctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self.rec: EvidenceRecord | None = None
        self.cues: list[CueRecord] = []
        self._cue_starts: list[int] = []
        self.player: Any = None
        self.audio_output: Any = None
        self.video_widget: QWidget | None = None
        self.unavailable = ""
        self.dialog: NewEventDialog | None = None
        self._tried_copy = False
        self._dragging = False
        self._arranged_for: int | None = None

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setObjectName("playerMessage")
        self.audio_label = QLabel("")
        self.audio_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.audio_label.setWordWrap(True)
        self.audio_icon = QLabel()
        self.audio_icon.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        self.audio_page = QWidget()
        al = QVBoxLayout(self.audio_page)
        al.addStretch(1)
        al.addWidget(self.audio_icon)
        al.addWidget(self.audio_label)
        al.addStretch(1)
        self.screen = QStackedWidget()
        self.screen.addWidget(self.audio_page)
        self.screen.addWidget(self.message)

        self.play_button = tool_button("Play (Space)", "play")
        self.play_button.setShortcut(Qt.Key.Key_Space)
        self.play_button.clicked.connect(self.toggle_play)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.sliderPressed.connect(lambda: setattr(self, "_dragging", True))
        self.slider.sliderReleased.connect(self._slider_released)
        self.slider.valueChanged.connect(self._slider_moved)
        self.time_label = QLabel("00:00 / 00:00")
        self.event_button = QPushButton(icon("event"), "New event here")
        self.event_button.setToolTip("New event at this moment, citing the time and the transcript line")
        self.event_button.setAccessibleName("New event at this moment")
        self.event_button.clicked.connect(self.new_event_at_moment)
        controls = QHBoxLayout()
        controls.setContentsMargins(6, 4, 6, 6)
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        controls.addWidget(self.event_button)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.screen, 1)

        self.transcript_label = QLabel("Transcript")
        self.transcript_label.setContentsMargins(6, 4, 6, 4)
        self.transcript_label.setStyleSheet("font-weight: 600;")
        self.cue_list = QListWidget()
        self.cue_list.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap the lines when the pane resizes
        self.cue_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cue_list.setWordWrap(True)
        self.cue_list.setSpacing(2)
        self.cue_list.setAlternatingRowColors(True)
        self.cue_list.itemClicked.connect(self._cue_clicked)
        self.cue_delegate = CueDelegate(self.cue_list)
        self.cue_delegate.corrected.connect(self._correct_cue)
        self.cue_list.setItemDelegate(self.cue_delegate)
        self.cue_list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.cue_list.setAccessibleName("Transcript lines")
        self.transcript_id: int | None = None
        gctx.bus.changed.connect(self._case_changed)
        self.transcript_panel = QWidget()
        tl = QVBoxLayout(self.transcript_panel)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(0)
        tl.addWidget(self.transcript_label)
        tl.addWidget(self.cue_list, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.transcript_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # what the user should know while the clip still shows: no sound device, an unknown length
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setObjectName("playerNotice")
        self.notice.setContentsMargins(8, 4, 8, 4)
        self.notice.setStyleSheet("background: #fdf1dc; color: #5c3b00;")
        self.notice.hide()
        lay.addWidget(self.notice)
        lay.addWidget(self.splitter, 1)
        lay.addLayout(controls)  # full width, so the seek bar stays long beside a transcript
        self.transcript_panel.hide()

    # set-up ----------------------------------------------------------------------------------------
    def _ensure_player(self) -> bool:
        if self.player is not None:
            return True
        if self.unavailable:
            return False
        try:
            mm, video_widget_class = load_multimedia()
            player = mm.QMediaPlayer(self)
            if hasattr(player, "isAvailable") and not player.isAvailable():
                raise RuntimeError("no multimedia backend is available on this system")
            if mm.__file__:  # after the backend has set up its logging
                _quiet_ffmpeg(Path(mm.__file__).parent / "Qt" / "lib")
        except (ImportError, RuntimeError, OSError) as exc:
            self.unavailable = f"Audio and video cannot be played here: {exc}."
            return False
        self._mm = mm
        self.player = player
        self.audio_output = mm.QAudioOutput(self)
        player.setAudioOutput(self.audio_output)
        self.video_widget = video_widget_class()
        self.video_widget.setMinimumHeight(160)
        self.screen.addWidget(self.video_widget)
        player.durationChanged.connect(self._duration_changed)
        player.positionChanged.connect(self._position_changed)
        player.playbackStateChanged.connect(self._state_changed)
        player.mediaStatusChanged.connect(self._status_changed)
        player.errorOccurred.connect(self._error)
        return True

    def show_evidence(self, rec: EvidenceRecord, path: Path | None) -> None:
        self.stop()
        self.rec = rec
        self._tried_copy = False
        self.cues, self._cue_starts = [], []
        self.transcript_id = None
        self.cue_list.clear()
        self.transcript_panel.hide()
        duration = int(float(rec.metadata.get("duration_s") or 0) * 1000)
        self.slider.setRange(0, duration)
        self._show_time(0, duration)
        self._load_cues()
        self.event_button.setEnabled(not self.gctx.case.read_only)
        if not self._ensure_player():
            self._say(self.unavailable)
            self.play_button.setEnabled(False)
            self.event_button.setEnabled(False)
            return
        self.play_button.setEnabled(True)
        if path is None or not path.is_file():
            self._say("The stored original is missing.")
            return
        self._notify(rec)
        if rec.kind is EvidenceKind.VIDEO and self.video_widget is not None:
            self.player.setVideoOutput(self.video_widget)
            self.screen.setCurrentWidget(self.video_widget)
        else:
            self.player.setVideoOutput(None)
            seconds = float(rec.metadata.get("duration_s") or 0)
            length = format_timestamp(int(seconds * 1000))
            named = rec.title and rec.title != Path(rec.filename).stem
            self.audio_icon.setPixmap(icon("evidence.audio").pixmap(56, 56))
            self.audio_label.setText(f"{rec.title}\n{rec.filename}\n{length}" if named
                                     else f"{rec.filename}\n{length}")
            self.screen.setCurrentWidget(self.audio_page)
        self._path = path
        self.player.setSource(QUrl.fromLocalFile(str(path)))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.screen.setCurrentWidget(self.message)

    def _notify(self, rec: EvidenceRecord) -> None:
        """Say in the player what would otherwise only reach the terminal."""
        notes = []
        if not self._mm.QMediaDevices.audioOutputs():
            notes.append("No sound device was found, so you will not hear this clip. Connect speakers or "
                         "headphones (or check the system's sound settings), or use Open original.")
        if not float(rec.metadata.get("duration_s") or 0):
            notes.append("The length of this clip is unknown: the file may be truncated or damaged.")
        self.notice.setText("\n".join(notes))
        self.notice.setVisible(bool(notes))

    def _unplayable(self, reason: str) -> None:
        self._say(f"This clip cannot be played: {reason}. The stored original is kept unchanged (its hash "
                  "is below); use Open original to try another program.")
        self.play_button.setEnabled(False)

    def _load_cues(self) -> None:
        if self.rec is None:
            return
        rid = self.rec.id
        self.gctx.runner.run("Loading transcript", lambda _t: load_cues(self.gctx, rid),
                             lambda res: self._cues_loaded(rid, res))

    def _case_changed(self, kind: str) -> None:
        """A correction (here, or its undo from the Edit menu) changed the words: show them again."""
        if kind == "evidence" and self.rec is not None and self.transcript_id is not None and isValid(self):
            self._load_cues()

    def _cues_loaded(self, evidence_id: int, result: tuple[EvidenceRecord | None, list[CueRecord]]) -> None:
        if self.rec is None or self.rec.id != evidence_id:
            return
        transcript, self.cues = result
        # only a transcript exhibit's lines are corrected (cues kept on a clip itself have no text to follow)
        self.transcript_id = transcript.id if transcript is not None and self.cues else None
        editable = self.transcript_id is not None and not self.gctx.case.read_only
        row = self.cue_list.currentRow()
        self._cue_starts = [c.start_ms for c in self.cues]
        self.cue_list.clear()
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        for cue in self.cues:
            item = QListWidgetItem(f"{format_timestamp(cue.start_ms)}  {cue.text}")
            item.setData(Qt.ItemDataRole.UserRole, cue.start_ms)
            item.setData(CUE_TEXT_ROLE, cue.text)
            item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
            if editable:
                item.setToolTip("Double-click or press F2 to correct this line; its time stays.")
            self.cue_list.addItem(item)
        if 0 <= row < len(self.cues):
            self.cue_list.setCurrentRow(row)
        hint = transcript_state(self.rec) if self.rec is not None and not self.cues else ""
        if self.cues:
            machine = transcript is not None and "machine" in transcript.metadata
            self.transcript_label.setText(
                f"Transcript (Ex. {transcript.exhibit}{', machine' if machine else ''})" if transcript
                 else "Transcript")
        elif hint:
            self.transcript_label.setText(hint)
            self.transcript_label.setWordWrap(True)
        if self.cues or hint:
            self.cue_list.setVisible(bool(self.cues))
            self.transcript_panel.show()
            self._arranged_for = None
            self._arrange()

    def _correct_cue(self, row: int, text: str) -> None:
        if not 0 <= row < len(self.cues) or self.transcript_id is None:
            return
        push(self.gctx, CorrectCueCommand(self.gctx, self.cues[row], text))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """A sound has nothing to look at, so its transcript goes below it at full width; a video keeps the
        transcript beside it while the pane is wide. In a narrow pane the event button shows only its icon."""
        compact = self.width() < COMPACT_WIDTH
        self.event_button.setText("" if self.width() < LABELLED_WIDTH else "New event here")
        video = self.rec is not None and self.rec.kind is EvidenceKind.VIDEO
        orientation = Qt.Orientation.Horizontal if video and not compact else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self._arranged_for = None
        if self.rec is None or self.transcript_panel.isHidden() or self._arranged_for == self.rec.id:
            return
        self._arranged_for = self.rec.id
        horizontal = orientation is Qt.Orientation.Horizontal
        total = max(self.splitter.width() if horizontal else self.splitter.height(), 300)
        first = total * 3 // 5 if video else min(total * 2 // 5, 150)
        self.splitter.setSizes([first, total - first])

    # playback --------------------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.player is None:
            return
        if self.player.playbackState() == self._mm.QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player.setSource(QUrl())

    def seek(self, ms: int) -> None:
        if self.player is not None:
            self.player.setPosition(ms)
        self._position_changed(ms)

    def position_ms(self) -> int:
        return int(self.player.position()) if self.player is not None else self.slider.value()

    def duration_ms(self) -> int:
        return int(self.player.duration()) if self.player is not None else 0

    def _duration_changed(self, ms: int) -> None:
        self.slider.setRange(0, int(ms))
        self._show_time(self.position_ms(), int(ms))

    def _position_changed(self, ms: int) -> None:
        if not self._dragging:
            self.slider.blockSignals(True)
            self.slider.setValue(int(ms))
            self.slider.blockSignals(False)
        self._show_time(int(ms), self.slider.maximum())
        self._follow_cue(int(ms))

    def _slider_moved(self, value: int) -> None:
        if not self._dragging:
            self.seek(value)

    def _slider_released(self) -> None:
        self._dragging = False
        self.seek(self.slider.value())

    def _show_time(self, pos: int, duration: int) -> None:
        self.time_label.setText(f"{format_timestamp(pos)} / {format_timestamp(duration)}")

    def _state_changed(self, state: Any) -> None:
        if not isValid(self.play_button):  # the player outlived its controls while the app shuts down
            return
        playing = state == self._mm.QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setIcon(icon("pause" if playing else "play"))
        self.play_button.setToolTip("Pause (Space)" if playing else "Play (Space)")

    def _status_changed(self, status: Any) -> None:
        statuses = self._mm.QMediaPlayer.MediaStatus
        invalid = status == statuses.InvalidMedia
        if invalid and not self._tried_copy and self.rec is not None:
            # the store's file has no extension; some backends need one: retry through a named link
            self._tried_copy = True
            self.player.setSource(QUrl.fromLocalFile(str(readonly_copy(self._path, self.rec, link=True))))
        elif invalid:
            self._unplayable("the file is damaged or in a format this system cannot decode")
        elif status == statuses.LoadedMedia and self.player.duration() <= 0 and self.slider.maximum() <= 0:
            # it "loads" but has nothing to play: a truncated download, a header without data
            self._unplayable("it has no playable length (the file may be truncated)")

    def _error(self, _error: Any, text: str) -> None:
        if self._tried_copy:
            self._unplayable(text or "unsupported format")

    def _follow_cue(self, ms: int) -> None:
        if not self.cues:
            return
        i = bisect.bisect_right(self._cue_starts, ms) - 1
        current = i if i >= 0 and ms < max(self.cues[i].end_ms, self.cues[i].start_ms + 1) else -1
        if current != self.cue_list.currentRow():
            self.cue_list.setCurrentRow(current)
            if current >= 0:
                self.cue_list.scrollToItem(self.cue_list.item(current))

    def _cue_clicked(self, item: QListWidgetItem) -> None:
        self.seek(int(item.data(Qt.ItemDataRole.UserRole)))

    def current_cue(self) -> CueRecord | None:
        row = self.cue_list.currentRow()
        return self.cues[row] if 0 <= row < len(self.cues) else None

    # citing ----------------------------------------------------------------------------------------
    def new_event_at_moment(self) -> NewEventDialog | None:
        if self.rec is None:
            return None
        ms = self.position_ms()
        cue = self.current_cue()
        quote = cue.text if cue else ""
        citation = Citation(self.rec.id, self.rec.exhibit, quote=quote, time_ms=ms)
        title = quote or f"At {format_timestamp(ms)} in Ex. {self.rec.exhibit}"
        if self.player is not None:
            self.player.pause()
        self.dialog = NewEventDialog(self.gctx, self.rec, citation, title, "", self)
        self.dialog.open()
        return self.dialog

    def hideEvent(self, event) -> None:  # noqa: ANN001
        if self.player is not None:
            self.player.pause()
        super().hideEvent(event)
