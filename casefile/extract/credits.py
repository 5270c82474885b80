"""Credit and caption lines: "(Reporting by A; Editing by B)", "C contributed to this report", "Photo: D/Agency".

They name who made the exhibit, not who it is about: the names become the exhibit's authors and the lines are
not read for parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = r"[A-Z][\w'’.-]*(?:[ \u00a0]+(?:[A-Z][\w'’.-]*|de|van|von|da|del|al|bin))*"
_ROLE = (
    r"(?:Additional\s+|Further\s+)?(?:Reporting|Reported|Writing|Written|Editing|Edited|Compiled|Research"
    r"|Production|Graphics|Photography|Video|Fact-checking)(?:\s+and\s+(?:reporting|writing|editing|research))?"
    r"\s+(?i:by)"
)
# "(Reporting by Jane Doe in Paris; Editing by John Roe)" or the same without parentheses, anywhere in a line;
# after the first role any capitalisation ("; editing by", "Editing By"), and a role ends the names before it
# even without a separator ("Reporting by Jane Doe Editing by John Roe", as flattened pages run them together)
_ROLE_LINE = re.compile(rf"^[ \t]*\(?[ \t]*{_ROLE}[ \t]+[^\n]{{2,300}}$", re.MULTILINE)
_ROLE_PART = re.compile(rf"(?P<role>(?i:{_ROLE}))[ \t]+(?P<names>(?:(?!(?i:{_ROLE}))[^;|)\n])+)")
_EDITING = re.compile(r"(?i)\bedit")
# a byline on a line of its own, "By Jane Doe and John Roe." (maybe followed by "Edited by …"): only when every
# name in it is a person's, so "By Tuesday the board had …" stays a sentence
_BYLINE = re.compile(rf"^[ \t]*By[ \t]+(?P<names>[^\n.;:]{{2,120}}?)\.?"
                     rf"(?:[ \t]+(?P<rest>(?i:{_ROLE})[^\n]{{2,200}}))?[ \t]*$", re.MULTILINE)
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
    editors: list[str] = field(default_factory=list)  # those of `names` credited with editing
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
            added = _add_names(found, part.group("names"))
            if _EDITING.search(part.group("role")):
                found.editors += [n for n in added if n not in found.editors]
    for m in _BYLINE.finditer(text) if "By " in text else ():
        names = [_clean(raw) for raw in _SPLIT.split(m.group("names"))]
        if not names or not all(_PERSONISH.match(n) for n in names):
            continue
        found.spans.append((m.start(), m.end()))
        _add_names(found, m.group("names"))
        for part in _ROLE_PART.finditer(m.group("rest") or ""):
            added = _add_names(found, part.group("names"))
            if _EDITING.search(part.group("role")):
                found.editors += [n for n in added if n not in found.editors]
    for m in contributed:
        found.spans.append((m.start("names"), m.end()))
        _add_names(found, m.group("names"))
    for m in photos:
        found.spans.append((m.start("lead"), m.end()))
        _add_names(found, m.group("names"))
    found.spans.sort()
    return found


def _clean(raw: str) -> str:
    name = raw.strip()
    for _ in range(3):  # "Jane Doe in Paris", "Jane Doe/Reuters", "Jane Doe (flickr)."
        name = _TRAILING.sub("", name).strip()
    return name


def _add_names(found: Credits, names: str) -> list[str]:
    """Add the person-like names in a credit; return those it named (new or already listed)."""
    named = []
    for raw in _SPLIT.split(names):
        name = _clean(raw)
        if name and _PERSONISH.match(name):
            named.append(name)
            if name not in found.names:
                found.names.append(name)
    return named
