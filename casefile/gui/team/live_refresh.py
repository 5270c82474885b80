"""Windows on a team case follow other people's changes as they are committed.

The core listener (`casefile.db.notify`, started through `services.base.listen_for_changes`) hears the server's
notices on its own thread; this object carries them to the GUI thread by a queued signal and merges a burst into
one refresh per `COALESCE_MS` (an import of 500 files by a colleague commits in short batches: the views reload
a few times a second at most, not 500 times).
The refresh is the one the views already know, `bus.changed(kind)`: the Timeline, Parties and Evidence tabs
reload keeping their place and selection, and the Notes pane shows a newer note unless the user is typing it
(then their own save meets the new version and keeps a conflict copy). A local (SQLite) case has one writer
and no server to listen to: nothing is started.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from casefile.domain.printable import printable
from casefile.gui.context import GuiContext
from casefile.services.base import ChangeListener, Notice, listen_for_changes

COALESCE_MS = 400
_BUS_KIND = {"event": "events", "party": "parties", "evidence": "evidence", "note": "notes"}


class LiveRefresh(QObject):
    heard = Signal(object)  # a Notice, from the listener's thread (delivered queued, on the GUI thread)
    connection = Signal(bool)  # the listener is connected (live) or not (paused, retrying)
    refreshed = Signal(object)  # the kinds reloaded together ({"events", ...}); tests and the status bar

    def __init__(self, gctx: GuiContext, parent: QObject | None = None, *, start: bool = True) -> None:
        super().__init__(parent)
        self.gctx = gctx
        self._pending: dict[str, set[int] | None] = {}
        self._actors: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._apply)
        self.heard.connect(self._merge)
        self.connection.connect(self._connection_changed)
        self.listener: ChangeListener | None = None
        self.was_connected = False
        self._stopped = False
        if start:
            self.listener = listen_for_changes(gctx.case.ctx, self.heard.emit, self.connection.emit)

    @property
    def active(self) -> bool:
        return self.listener is not None

    def stop(self) -> None:
        """Stop listening (the case closes); nothing is refreshed after this."""
        self._stopped = True
        self._timer.stop()
        self._pending.clear()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    def _merge(self, notice: Notice) -> None:
        for kind, ids in notice.tables.items():
            if kind not in _BUS_KIND:
                continue
            known = self._pending.get(kind, set())
            if ids is None or known is None:
                self._pending[kind] = None
            else:
                known.update(ids)
                self._pending[kind] = known
        if notice.actor:
            self._actors.add(notice.actor)
        if self._pending and not self._timer.isActive():
            self._timer.start()  # a fixed window from the first notice: a steady stream still refreshes

    def _apply(self) -> None:
        if self._stopped:
            return
        kinds = {_BUS_KIND[k] for k in self._pending}
        actors, self._pending, self._actors = sorted(self._actors), {}, set()
        for kind in ("evidence", "parties", "events", "notes"):  # exhibits first: events cite them
            if kind in kinds:
                self.gctx.bus.changed.emit(kind)
        if kinds:
            who = ", ".join(printable(a) for a in actors) or "someone else"
            self.gctx.bus.message.emit(f"Updated with changes by {who}")
            self.refreshed.emit(kinds)

    def _connection_changed(self, connected: bool) -> None:
        if connected and not self.was_connected:
            self.was_connected = True
            return
        self.gctx.bus.message.emit("Live updates are back" if connected else
                                   "Live updates paused: the connection to the server was lost; retrying…")
