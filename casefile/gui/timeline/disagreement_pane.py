"""Where sources disagree, in the Timeline: the flags on rows and on the strip, the "Sources disagree (n)" filter
beside "To review", and a pane showing the two tellings side by side with the user's verdict buttons.

`attach_disagreements(tab)` wires it all into a `TimelineTab`; verdicts are undoable commands on the case's
undo stack (the conflict service audits them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.conflicts import Disagreement, LinkUndo, Verdict, VerdictUndo
from casefile.gui.commands import CaseCommand, push
from casefile.gui.context import GuiContext
from casefile.gui.icons import icon
from casefile.gui.timeline.backlog import BacklogJob, progress_text
from casefile.reports.disagreements import verdict_words

_KIND_WORDS = {"date": "the date", "amount": "an amount", "actor": "who did it"}
FILTER_TIP = "Show only events whose sources tell the same happening differently"


@dataclass(frozen=True)
class DisagreementState:
    """What the Timeline shows of the case's disagreements, read on a worker."""

    found: tuple[Disagreement, ...] = ()
    corroborated: dict[int, int] = field(default_factory=dict)  # event id -> independent sources telling it

    @property
    def flagged(self) -> frozenset[int]:
        return frozenset(i for d in self.found if d.open for i in d.event_ids)

    def of(self, event_id: int) -> list[Disagreement]:
        return [d for d in self.found if event_id in d.event_ids]


def load_state(case: Any) -> DisagreementState:
    """Read what is known: events not signed yet (a case from before, an event added by hand) are compared by
    the backlog job on the background lane (`backlog.BacklogJob`), never by a load."""
    return DisagreementState(tuple(case.conflicts.disagreements()), case.conflicts.corroboration())


class VerdictCommand(CaseCommand):
    """One verdict on a disagreement; undo puts statuses, links and the verdict back."""

    def __init__(self, gctx: GuiContext, d: Disagreement, verdict: Verdict) -> None:
        super().__init__(gctx, f"Sources disagree: {verdict_label(d, verdict)}")
        self.d, self.verdict = d, verdict
        self.before: VerdictUndo | None = None

    def _do(self) -> None:
        self.before = self.gctx.case.conflicts.verdicts.give(self.d, self.verdict)

    def _undo(self) -> None:
        assert self.before is not None
        self.gctx.case.conflicts.verdicts.undo(self.before)


class LinkCommand(CaseCommand):
    """Link the selected events as one happening, or take one out of its happening; undo restores the links."""

    def __init__(self, gctx: GuiContext, event_ids: list[int], link: bool) -> None:
        text = f"Link {len(event_ids)} events as one happening" if link else "Unlink an event from its happening"
        super().__init__(gctx, text)
        self.event_ids, self.link = event_ids, link
        self.before: LinkUndo | None = None

    def _do(self) -> None:
        verdicts = self.gctx.case.conflicts.verdicts
        self.before = verdicts.link(self.event_ids) if self.link else verdicts.unlink(self.event_ids[0])

    def _undo(self) -> None:
        assert self.before is not None
        self.gctx.case.conflicts.verdicts.undo_link(self.before)


def verdict_label(d: Disagreement, verdict: Verdict) -> str:
    if verdict is Verdict.A_RIGHT:
        return f"“{d.a.value}” is right"
    if verdict is Verdict.B_RIGHT:
        return f"“{d.b.value}” is right"
    if verdict is Verdict.BOTH_DISPUTED:
        return "Both stand, disputed"
    return "Not the same happening"


class DisagreementPane(QFrame):
    """The selected event's disagreements: the two tellings side by side, and the verdict buttons."""

    verdict_chosen = Signal(object, object)  # Disagreement, Verdict

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disagreementPane")
        self.setAccessibleName("Where sources disagree")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.current: Disagreement | None = None
        self._all: list[Disagreement] = []
        self._told = ""
        self.heading = QLabel()
        self.heading.setObjectName("disagreementHeading")
        self.heading.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.setObjectName("disagreementChoice")
        self.choice.setAccessibleName("Disagreement shown")
        self.choice.currentIndexChanged.connect(self._chosen)
        self.sides = [QLabel(), QLabel()]
        for i, side in enumerate(self.sides):
            side.setObjectName(f"disagreementSide{'AB'[i]}")
            side.setWordWrap(True)
            side.setTextFormat(Qt.TextFormat.RichText)
            side.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            side.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            side.setFrameShape(QFrame.Shape.Box)
        self.buttons: dict[Verdict, QPushButton] = {}
        row = QHBoxLayout()
        for verdict, name in ((Verdict.A_RIGHT, "aRight"), (Verdict.B_RIGHT, "bRight"),
                              (Verdict.BOTH_DISPUTED, "bothDisputed"), (Verdict.NOT_SAME, "notSame")):
            b = QPushButton()
            b.setObjectName(f"verdict_{name}")
            b.clicked.connect(lambda _c=False, v=verdict: self._give(v))
            self.buttons[verdict] = b
            row.addWidget(b)
        row.addStretch(1)
        pair = QHBoxLayout()
        for side in self.sides:
            pair.addWidget(side, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.choice)
        lay.addLayout(top)
        lay.addLayout(pair)
        lay.addLayout(row)
        self.hide()

    def show_for(self, event_id: int | None, state: DisagreementState) -> None:
        """Show the event's disagreements (the open ones first), or how many sources tell it alike."""
        found = sorted(state.of(event_id), key=lambda d: not d.open) if event_id is not None else []
        count = state.corroborated.get(event_id, 0) if event_id is not None else 0
        self._all = found
        self.choice.blockSignals(True)
        self.choice.clear()
        for d in found:
            self.choice.addItem(icon("disagree"), f"{d.kind.value}: {d.a.value} / {d.b.value}")
        self.choice.blockSignals(False)
        self.choice.setVisible(len(found) > 1)
        if not found:
            self.current = None
            if count >= 2:
                self.heading.setText(f"Told alike by {count} sources.")
                for side in self.sides:
                    side.hide()
                for b in self.buttons.values():
                    b.hide()
                self.show()
            else:
                self.hide()
            return
        self._told = f"Told by {count} sources · " if count >= 2 else ""
        self._chosen(0)
        self.show()

    def _chosen(self, index: int) -> None:
        if not 0 <= index < len(self._all):
            return
        d = self.current = self._all[index]
        state = f"Resolved — {verdict_words(d)}" if d.verdict else "Open"
        self.heading.setText(f"{self._told}<b>Sources disagree on {_KIND_WORDS.get(d.kind.value, d.kind.value)}</b>"
                             f" · {state}")
        for side, t in zip(self.sides, (d.a, d.b), strict=True):
            cites = "<br/>".join(f"<i>Ex. {n}</i>: “{escape(' '.join(q.split()))}”" for n, q in
                                 (t.citations or ((t.exhibit, t.quote),)))
            published = f", published {escape(t.published)}" if t.published else ""
            side.setText(f"<p><b style='font-size: large;'>“{escape(t.value)}”</b></p>"
                         f"<p>{escape(t.title)}<br/><span>{escape(t.date_display)} · {escape(t.status)}</span></p>"
                         f"<p><b>{escape(t.outlet)}</b>{published}</p><p>{cites}</p>")
            side.show()
        for verdict, b in self.buttons.items():
            b.setText(verdict_label(d, verdict))
            b.setEnabled(d.open)
            b.show()

    def _give(self, verdict: Verdict) -> None:
        if self.current is not None:
            self.verdict_chosen.emit(self.current, verdict)


class DisagreementController(QObject):
    """Keeps the Timeline's flags, filter and pane in step with the case's disagreements."""

    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        self.tab = tab
        self.gctx: GuiContext = tab.gctx
        self.state = DisagreementState()
        self._generation = 0
        self.action = QAction(icon("disagree"), "Sources disagree", tab, checkable=True)
        self.action.setObjectName("sourcesDisagree")
        self.action.setToolTip(FILTER_TIP)
        self.action.toggled.connect(self._toggled)
        self.pane = DisagreementPane(tab)
        self.pane.verdict_chosen.connect(self.give)
        self.link_action = QAction(icon("sources.agree"), "Link as one happening", tab)
        self.link_action.setObjectName("linkHappening")
        self.link_action.setShortcut(QKeySequence("Ctrl+L"))
        self.link_action.setToolTip("The selected events tell one happening: compare their tellings")
        self.link_action.triggered.connect(lambda: self._link(True))
        self.unlink_action = QAction(icon("disagree"), "Not part of this happening", tab)
        self.unlink_action.setObjectName("unlinkHappening")
        self.unlink_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.unlink_action.triggered.connect(lambda: self._link(False))
        for a in (self.link_action, self.unlink_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tab.table.addAction(a)  # the table's right-click menu and its shortcuts
        self.gctx.edit_action(self.link_action, self.unlink_action)
        tab.filter_bar.changed.connect(self._filter_changed)
        self.gctx.bus.changed.connect(self._case_changed)
        tab.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # events not compared yet (a case from before this version, one added by hand), on the background lane
        self.backlog = BacklogJob(self.gctx, self._backlog_progress, self.reload, self)

    def reload(self) -> None:
        self._generation += 1
        gen, case = self._generation, self.gctx.case

        def done(state: DisagreementState) -> None:
            if gen == self._generation:
                self._apply(state)

        self.gctx.runner.run("Comparing sources", lambda _t: load_state(case), done, self.gctx.bus.message.emit)

    def _apply(self, state: DisagreementState) -> None:
        self.state = state
        flagged = state.flagged
        self.action.setText(f"Sources disagree ({len({d.happening_id for d in state.found if d.open}):,})")
        self.tab.model.flagged = flagged
        self.tab.model.corroborated = state.corroborated
        self.tab.strip.flagged = flagged
        self.tab.strip.update()
        if self.action.isChecked() and self.tab.filter_bar.only_ids != tuple(sorted(flagged)):
            self.tab.filter_bar.only_ids = tuple(sorted(flagged))
            self.tab.filter_bar.changed.emit(self.tab.filter_bar.current())
        elif self.tab.model.total:
            self.tab.model.dataChanged.emit(self.tab.model.index(0, 0),
                                            self.tab.model.index(self.tab.model.total - 1, 1))
        self._selection_changed()

    def _backlog_progress(self, done: int, total: int) -> None:
        """While the backlog runs, the filter's tooltip says how far it got (total 0: it ended)."""
        self.action.setToolTip(f"{FILTER_TIP}\n{progress_text(done, total)}" if total else FILTER_TIP)

    def _toggled(self, on: bool) -> None:
        self.tab.filter_bar.only_ids = tuple(sorted(self.state.flagged)) if on else None
        self.tab.filter_bar.changed.emit(self.tab.filter_bar.current())

    def _filter_changed(self, *_args: object) -> None:
        if self.tab.filter_bar.only_ids is None and self.action.isChecked():  # the filter was cleared
            self.action.blockSignals(True)
            self.action.setChecked(False)
            self.action.blockSignals(False)

    def _case_changed(self, kind: str) -> None:
        if kind in ("events", "parties", "case"):
            self.reload()

    def _selection_changed(self, *_args: object) -> None:
        ids = self.tab.selected_ids()
        self.link_action.setEnabled(len(ids) >= 2)
        self.unlink_action.setEnabled(len(ids) == 1)
        self.pane.show_for(ids[0] if len(ids) == 1 else None, self.state)
        splitter = self.tab.splitter
        sizes = splitter.sizes()
        want = self.pane.sizeHint().height()
        if self.pane.isVisible() and len(sizes) == 3 and sizes[2] < want:  # shown: make room below the table
            splitter.setSizes([sizes[0], max(sizes[1] - (want - sizes[2]), 120), want])

    def _link(self, link: bool) -> None:
        ids = self.tab.selected_ids()
        if (link and len(ids) >= 2) or (not link and len(ids) == 1):
            push(self.gctx, LinkCommand(self.gctx, ids, link))

    def give(self, d: Disagreement, verdict: Verdict) -> bool:
        return push(self.gctx, VerdictCommand(self.gctx, d, verdict))


def attach_disagreements(tab: Any) -> DisagreementController:
    """Add the flags, the "Sources disagree (n)" filter (beside "To review") and the side-by-side pane."""
    ctl = DisagreementController(tab)
    actions = tab.toolbar.actions()
    review = tab.filter_bar.review
    after = actions[actions.index(review) + 1] if review in actions and actions.index(review) + 1 < len(actions) \
        else None
    if after is not None:
        tab.toolbar.insertAction(after, ctl.action)
    else:
        tab.toolbar.addAction(ctl.action)
    button = tab.toolbar.widgetForAction(ctl.action)
    if button is not None:
        button.setObjectName("sourcesDisagreeButton")
    tab.splitter.addWidget(ctl.pane)
    tab.splitter.setStretchFactor(2, 1)
    ctl.reload()
    ctl.backlog.start()
    return ctl


__all__ = ["DisagreementController", "DisagreementPane", "DisagreementState", "LinkCommand", "VerdictCommand",
           "attach_disagreements", "load_state"]
