"""Case-wide dialogs started from the menus: the summary print, the audit log, integrity and archives."""
