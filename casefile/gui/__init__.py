"""The desktop app (PySide6). Only this package imports Qt widgets.

Arranged by feature, as Vorta's `views/` and Picard's `ui/<feature>/`:

- `window/`: the app's start (`app.py`), the main window that places tabs, actions and menus (`main_window.py`),
  the action registry (`actions.py`), menus and toolbar over it (`menus.py`), the tabs (`tabs.py`), the status
  bar's counts (`status.py`), the welcome page and the window's small parts.
- `timeline/`, `parties/`, `evidence/` (with `evidence/preview/`, one view per kind of exhibit): a tab each,
  with its table model, detail pane and dialogs.
- `notes/`, `search/`: the two docked panes. `team/`: server cases (password, live refresh, move, conflicts).
- `dialogs/`: case-wide dialogs from the menus (print summary, audit log, integrity and archives).
- Shared at the top: the task runner (`worker.py`), what every view gets (`context.py`, `bus.py`), undoable
  commands (`commands.py`), icons, record tables and their model base (`tables.py`), UI settings, the crash
  log, and the import controller with its drop catcher and chronology dialog.
"""
