"""Credit and caption lines: "(Reporting by A; Editing by B)", "C contributed to this report", "Photo: D/Agency".

They name who made the exhibit, not who it is about: the names become the exhibit's authors and the lines are
not read for parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = r"[A-Z][\w'’.-]*(?:[ \u00a0]+(?:[A-Z][\w'’.-]*|de|van|von|da|del|al|bin))*"
_ROLE = (
    r"(?:Additional\s+|Further\s+)?(?:Reporting|Writing|Editing|Compiled|Research|Production|Graphics|Photography"
    r"|Video|Fact-checking)(?:\s+and\s+(?:reporting|writing|editing|research))?\s+by"
)
# "(Reporting by Jane Doe in Paris; Editing by John Roe)" or the same without parentheses, anywhere in a line.
_ROLE_LINE = re.compile(rf"^[ \t]*\(?[ \t]*{_ROLE}[ \t]+[^\n]{{2,300}}$", re.MULTILINE)
_ROLE_PART = re.compile(rf"{_ROLE}[ \t]+(?P<names>[^;|)\n]+)")
# "Jane Doe and John Roe contributed to this report." / "... contributed reporting from Lagos."
_CONTRIBUTED = re.compile(
    r"(?:^|(?<=[.!?”\"][ \t])|(?<=\n))[ \t]*(?:\(|—|–)?[ \t]*(?P<names>[A-Z](?:[^\n.!?]|(?<=[ \t][A-Z])\.){1,150}?)"
    r"[ \t]+(?:also[ \t]+)?contributed(?:[ \t]+(?:to[ \t]+this[ \t]+(?:report|story|article)|reporting|research))"
    r"[^\n.]*\.?\)?",
    re.MULTILINE,
)
# "Image: John Lubbock (flickr).", "Photo: Jane Doe/Reuters", "(Photo by Jane Doe/Getty Images)", "Credit: …".
_PHOTO = re.compile(
    r"(?P<lead>\(?(?:Image|Photo|Photograph|Picture|Credit|Illustration)s?"
    r"(?:[ \t]+(?:by|credit))?[ \t]*[:：]|\(?(?:Photo|Image|Photograph)s?[ \t]+(?:by|courtesy(?:[ \t]+of)?))[ \t]*"
    r"(?P<names>[^\n]{1,120})$",
    re.MULTILINE,
)
_PHOTO_WORD = re.compile(r"\b(?:Image|Photo|Picture|Credit|Illustration)")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_TRAILING = re.compile(
    r"\s+(?:in|from|at)\s+[A-Z][\w .'-]*$|\s*[/|].*$|\s*\((?:[^)]*)\)?\.?$|[.)\s]+$|\s+for\s+[A-Z][\w .'-]*$"
)
_PERSONISH = re.compile(
    r"^[A-Z][\w'’.-]*(?:[ \u00a0](?:[A-Z][\w'’.-]*|de|da|van|von|del|al|bin|la|le)){0,3}$"
)  # a name: "Chris j wood" and "Police chase suspect" are not credited


@dataclass
class Credits:
    names: list[str] = field(default_factory=list)  # in order of first appearance, no repeats
    spans: list[tuple[int, int]] = field(default_factory=list)  # the credit text, not to be read for parties


def find_credits(text: str) -> Credits:
    found = Credits()
    lowered = text.lower()  # cheap checks first: most texts have no credit line at all
    roles = _ROLE_LINE.finditer(text) if " by " in lowered else ()
    contributed = _CONTRIBUTED.finditer(text) if "contributed" in lowered else ()
    photos = _PHOTO.finditer(text) if _PHOTO_WORD.search(text) else ()
    for m in roles:
        found.spans.append((m.start(), m.end()))
        for part in _ROLE_PART.finditer(m.group()):
            _add_names(found, part.group("names"))
    for m in contributed:
        found.spans.append((m.start("names"), m.end()))
        _add_names(found, m.group("names"))
    for m in photos:
        found.spans.append((m.start("lead"), m.end()))
        _add_names(found, m.group("names"))
    found.spans.sort()
    return found


def _add_names(found: Credits, names: str) -> None:
    for raw in _SPLIT.split(names):
        name = raw.strip()
        for _ in range(3):  # "Jane Doe in Paris", "Jane Doe/Reuters", "Jane Doe (flickr)."
            name = _TRAILING.sub("", name).strip()
        if name and _PERSONISH.match(name) and name not in found.names:
            found.names.append(name)
