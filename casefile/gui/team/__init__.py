"""Team cases on a server: the password prompt, live refresh, the move to a server, edit conflicts."""
