"""What archiving and moving to a server need from an open case, as a typed protocol (not the composition root).

`casefile.context.Case` satisfies it; services never import `casefile.context`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from casefile.domain.records import CaseInfo
from casefile.services.base import CaseContext


class _CaseFacts(Protocol):
    def info(self) -> CaseInfo: ...


class _DatabaseCheck(Protocol):
    def check_database(self) -> str: ...


class OpenCase(Protocol):
    """An open case: its context (engine, sessions, store), folder, and the checks a move runs first."""

    @property
    def ctx(self) -> CaseContext: ...
    @property
    def path(self) -> Path: ...
    @property
    def read_only(self) -> bool: ...
    @property
    def case(self) -> _CaseFacts: ...
    @property
    def evidence(self) -> _DatabaseCheck: ...


__all__ = ["OpenCase"]
