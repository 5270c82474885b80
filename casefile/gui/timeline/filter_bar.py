"""The Timeline's filter bar: text, party, tag, statuses, a date range, "to review" and a confidence floor,
applied as you type."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QWidget

from casefile.domain.enums import PartyKind, Status
from casefile.domain.records import EventFilter
from casefile.gui.icons import icon

DEBOUNCE_MS = 150
_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DEFAULT_STATUSES = (Status.SUGGESTED, Status.CONFIRMED, Status.DISPUTED)
CONFIDENCE_FLOORS = (None, 0.3, 0.5, 0.7, 0.9)  # "hide weakest": suggestions below the floor are hidden


class FilterBar(QWidget):
    """Emits `changed(EventFilter)` ~150 ms after the last edit; `current()` reads it at any time."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)

        self.text = QLineEdit(placeholderText="Filter events…", clearButtonEnabled=True)
        self.text.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.text.setAccessibleName("Filter events by text")
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance("Filter events…") + 34)
        self.party = QComboBox()
        self.party.setAccessibleName("Filter by party")
        self.party.setMinimumContentsLength(8)
        self.party.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Filter by tag")
        self.tag.setMinimumContentsLength(5)
        self.tag.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_parties([])
        self.set_tags([])

        # the statuses fold into one compact button with a menu of toggles ("Status: 3 of 4")
        self.status_menu = QMenu(self)
        self.status_menu.setToolTipsVisible(True)
        self.status_actions: dict[Status, QAction] = {}
        for st in Status:
            a = self.status_menu.addAction(icon(f"status.{st.value}"), st.label)
            a.setCheckable(True)
            a.setChecked(st in _DEFAULT_STATUSES)
            a.setToolTip(f"Show {st.value} events")
            a.toggled.connect(self._statuses_toggled)
            self.status_actions[st] = a
        self.status_button = QToolButton()
        self.status_button.setMenu(self.status_menu)
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.status_button.setIcon(icon("filter"))
        self.status_button.setAccessibleName("Statuses shown")
        self._update_status_button()

        self.date_from = QLineEdit(placeholderText="From date", clearButtonEnabled=True)
        self.date_to = QLineEdit(placeholderText="To date", clearButtonEnabled=True)
        for w, name in ((self.date_from, "Events from date"), (self.date_to, "Events up to date")):
            w.setAccessibleName(name)
            w.setToolTip("A year (2024), a month (2024-03) or a day (2024-03-14)")
            w.setMinimumWidth(w.fontMetrics().horizontalAdvance("2024-03-14") + 30)
            w.setMaximumWidth(w.fontMetrics().horizontalAdvance("2024-03-14") + 60)
            w.textChanged.connect(self._schedule)
        # "to review": a checkable action the Timeline's toolbar shows with its count
        self.review = QAction(icon("review"), "To review", self, checkable=True)
        self.review.setObjectName("toReview")
        self.review.setToolTip("Show only suggestions still awaiting your verdict")
        self.review.toggled.connect(self._schedule)
        self.set_review_count(None)
        self.only_ids: tuple[int, ...] | None = None  # set by the "Sources disagree" filter (disagreement_pane)
        # "hide weakest": a confidence floor, in the status menu (the bar stays narrow)
        self.status_menu.addSection("Hide weakest suggestions")
        self.confidence_group = QActionGroup(self)
        self.confidence_actions: dict[float | None, QAction] = {}
        for floor in CONFIDENCE_FLOORS:
            a = self.status_menu.addAction("Any confidence" if floor is None
                                           else f"Hide below {round(floor * 100)}% confidence")
            a.setCheckable(True)
            a.setChecked(floor is None)
            a.setToolTip("Events added by hand have no score and always show")
            self.confidence_group.addAction(a)
            a.toggled.connect(self._statuses_toggled)
            self.confidence_actions[floor] = a
        self.clear = QToolButton(autoRaise=True)
        self.clear.setIcon(icon("clear"))
        self.clear.setToolTip("Clear the filter")
        self.clear.setAccessibleName("Clear the filter")
        self.clear.clicked.connect(self.reset)

        self.text.textChanged.connect(self._schedule)
        self.party.currentIndexChanged.connect(self._schedule)
        self.tag.currentIndexChanged.connect(self._schedule)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.text, 3)
        lay.addWidget(self.party, 1)
        lay.addWidget(self.tag, 1)
        lay.addWidget(self.status_button)
        lay.addWidget(self.date_from)
        dash = QLabel("–")
        dash.setAccessibleName("to")
        lay.addWidget(dash)
        lay.addWidget(self.date_to)
        lay.addWidget(self.clear)

    def _statuses_toggled(self) -> None:
        self._update_status_button()
        self._schedule()

    def _update_status_button(self) -> None:
        shown = [st for st, a in self.status_actions.items() if a.isChecked()]
        n, of = len(shown), len(self.status_actions)
        if n == of:
            text = "All statuses"
        elif n == 1:
            text = shown[0].label
        else:
            text = f"Status: {n} of {of}"
        floor = self.min_confidence()
        if floor is not None:
            text += f" · ≥{round(floor * 100)}%"
        self.status_button.setText(text)
        names = ", ".join(st.label.lower() for st in shown) or "nothing"
        weakest = "" if floor is None else f"; suggestions under {round(floor * 100)}% confidence hidden"
        self.status_button.setToolTip(f"Showing {names} events{weakest} — click to choose")

    def min_confidence(self) -> float | None:
        chosen = getattr(self, "confidence_actions", {})
        return next((f for f, a in chosen.items() if a.isChecked()), None)

    def set_min_confidence(self, floor: float | None) -> None:
        self.confidence_actions[floor].setChecked(True)

    # choices --------------------------------------------------------------------------------------
    def set_parties(self, parties: list[tuple[int, str, PartyKind]]) -> None:
        """(id, name, kind) of each party to offer (see `PartyService.names`)."""
        keep = self.party.currentData()
        self.party.blockSignals(True)
        self.party.clear()
        self.party.addItem(icon("parties"), "Any party", None)
        icons = {k: icon(f"party.{k.value}") for k in PartyKind}  # once per kind, not per party (2,000)
        for pid, name, kind in parties:
            self.party.addItem(icons[kind], name, pid)
        i = self.party.findData(keep) if keep is not None else 0
        self.party.setCurrentIndex(max(i, 0))
        self.party.blockSignals(False)
        if keep is not None and i < 0:
            self._schedule()  # the filtered party is gone

    def set_tags(self, tags: list[str]) -> None:
        keep = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", None)
        for t in tags:
            self.tag.addItem(t, t)
        i = self.tag.findData(keep) if keep is not None else 0
        self.tag.setCurrentIndex(max(i, 0))
        self.tag.blockSignals(False)

    def set_review_count(self, n: int | None) -> None:
        """How many suggestions await a verdict under the rest of the filter (None: not counted yet)."""
        self.review.setText("To review" if n is None else f"To review ({n:,})")

    # state ----------------------------------------------------------------------------------------
    def current(self) -> EventFilter:
        return EventFilter(
            text=self.text.text().strip(),
            party_id=self.party.currentData(),
            tag=self.tag.currentData(),
            statuses=tuple(st for st, a in self.status_actions.items() if a.isChecked()),
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
            min_confidence=self.min_confidence(),
            to_review=self.review.isChecked(),
            event_ids=self.only_ids,
        )

    def is_default(self) -> bool:
        return self.current() == EventFilter()

    def reset(self) -> None:
        self.only_ids = None
        for w in (self.text, self.date_from, self.date_to):
            w.blockSignals(True)
            w.clear()
            w.blockSignals(False)
        for a in (self.review, self.confidence_actions[None]):
            a.blockSignals(True)
            a.setChecked(a is not self.review)
            a.blockSignals(False)
        for combo in (self.party, self.tag):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.set_statuses(_DEFAULT_STATUSES, emit=False)
        self._timer.stop()
        self._emit()

    def set_statuses(self, statuses: tuple[Status, ...] | list[Status], emit: bool = True) -> None:
        for st, a in self.status_actions.items():
            a.blockSignals(True)
            a.setChecked(st in statuses)
            a.blockSignals(False)
        self._update_status_button()
        if emit:
            self._schedule()

    def flush(self) -> None:
        """Apply a pending change now (instead of after the debounce)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def _date(self, w: QLineEdit) -> str | None:
        value = w.text().strip()
        ok = not value or bool(_DATE_PREFIX.match(value))
        w.setStyleSheet("" if ok else "QLineEdit { border: 1px solid #c0392b; }")
        w.setToolTip("A year (2024), a month (2024-03) or a day (2024-03-14)" if ok
                     else f"'{value}' is not a date like 2024, 2024-03 or 2024-03-14; ignored")
        return value if value and ok else None

    def _schedule(self) -> None:
        self._timer.start()

    def _emit(self) -> None:
        self.changed.emit(self.current())
