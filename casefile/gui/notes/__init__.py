"""Notes: the Notes pane beside the tabs and the table of every note in the case."""
