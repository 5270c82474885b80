"""The Parties tab: the table of people and organisations, its model and the party detail panel."""
