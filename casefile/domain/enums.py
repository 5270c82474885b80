"""Enumerations of the case model; values are the strings stored in the database and exported."""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    """A str-valued enum whose str() is its value (Python 3.10 has no enum.StrEnum)."""

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    MEDIA_OUTLET = "media_outlet"
    SOCIAL_ACCOUNT = "social_account"


class PartyRole(StrEnum):
    PLAINTIFF = "plaintiff"
    DEFENDANT = "defendant"
    WITNESS = "witness"
    COUNSEL = "counsel"
    MEDIA = "media"
    OTHER = "other"


class Status(StrEnum):
    """Review state of events and parties: extraction suggests, the user confirms or dismisses."""

    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    DISMISSED = "dismissed"


class Origin(StrEnum):
    MANUAL = "manual"
    EXTRACTED = "extracted"
    IMPORTED = "imported"  # from a chronology spreadsheet


class EvidenceKind(StrEnum):
    ARTICLE = "article"
    SOCIAL_POST = "social_post"
    DOCUMENT = "document"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    EMAIL = "email"
    TRANSCRIPT = "transcript"
    LINK = "link"
    WEB_PAGE = "web_page"  # a captured page: rendered text, with its WARC, PDF, screenshot and manifest as parts
    TEXT = "text"
    SPREADSHEET = "spreadsheet"
    OTHER = "other"


class DatePrecision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"


class DateQualifier(StrEnum):
    ON = "on"
    AROUND = "around"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"
    SPAN = "span"


class TargetType(StrEnum):
    """What a note (or an audit entry) is attached to."""

    CASE = "case"
    EVENT = "event"
    PARTY = "party"
    EVIDENCE = "evidence"
    NOTE = "note"  # only as a search hit's type


class VerifyState(StrEnum):
    UNVERIFIED = "unverified"
    OK = "ok"
    MISSING = "missing"
    ALTERED = "altered"


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    SKIPPED = "skipped"
