"""CaseFile: a desktop case-file organizer."""

__version__ = "0.1.0"
