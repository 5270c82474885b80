"""People, organisations, media outlets and social accounts named in text, with every mention's span.

Precision over recall: a lone capitalised word never makes a party on its own; it only joins a party already
named in full elsewhere ("Baldoni" -> "Justin Baldoni") or follows an honorific ("Judge Liman").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from casefile.domain.enums import PartyKind, PartyRole
from casefile.extract.fusion import fuse
from casefile.extract.lexicon import (
    AMBIGUOUS_OUTLETS,
    KNOWN_ORG_ACRONYMS,
    MEDIA_OUTLETS,
    NAME_PARTICLES,
    NEWSPAPER_WORDS,
    NOT_PERSON_WORDS,
    ORG_HEADS,
    ORG_SUFFIXES,
    ROLE_NOUNS,
    STOP_WORDS,
    TEAM_NAMES,
    TITLE_SMALL_WORDS,
)
from casefile.extract.posts import PostMatch
from casefile.extract.sentences import Paragraph, SentenceIndex
from casefile.extract.types import Mention, PartySuggestion

_UPPER = "A-ZÀ-ÖØ-Þ"
_TOKEN = (
    rf"(?:(?:[A-Z]\.){{1,3}}(?![A-Za-z])|St\.(?=[ \u00a0][A-Z])|(?:O['’]|D['’])?[{_UPPER}][^\W\d_]*"
    rf"(?:-[{_UPPER}][^\W\d_]*)*(?:['’]s(?=[ \u00a0]+(?:Office|Department|Association|Bureau|Union|Fund|Club)\b))?)"
)
_SPACE = r"[ \u00a0]+"
_CONNECTOR = r"(?:(?:of|for)(?:[ \u00a0]+the)?|&|de|da|di|du|van|von|der|den|del|bin|al)"
_HONORIFIC = (
    r"(?P<hon>(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Sgt|Det|Lt|Capt|Rev)\.?"
    r"|Judge|Justice|Senator|Governor|President|Detective|Officer|Sir|Dame|Magistrate|Mayor|Chief|Sheriff"
    r"|Commissioner|Councilman|Councilwoman|Councilmember)"
)
_RUN = re.compile(
    rf"(?=[{_UPPER}])(?<![\w@#$’'&.-])(?:{_HONORIFIC}{_SPACE})?(?P<run>{_TOKEN}(?:(?:{_SPACE}{_CONNECTOR})?{_SPACE}{_TOKEN})*)"
)
_WORD = re.compile(r"\S+")
_LEGAL_AFTER = re.compile(r",?[ \u00a0]+(Inc|LLC|LLP|Ltd|Corp|PLC)\b")
_HOLIDAY = re.compile(
    r"\b(?:Mother|Father|Valentine|Patrick|Presidents|Veterans|Memorial|Labor|Independence|Boxing|New Year)['’]?s?"
    r"[ \u00a0]+(?:Day|Eve)\b"
)
_HONORIFIC_WORDS = frozenset({"Judge", "Justice", "Magistrate", "Mayor", "Sheriff", "Commissioner", "Dr.", "Sen."})
_HANDLE = re.compile(r"(?<![\w.@])@(\w{1,30})")
_HASHTAG = re.compile(r"(?<![\w#&])#([A-Za-z]\w{2,})")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_OUTLET = re.compile(
    r"(?=[A-Z])(?<![\w@#])(?:"
    + "|".join(re.escape(k) for k in sorted(MEDIA_OUTLETS, key=len, reverse=True))
    + r")(?![\w])"
)
_OUTLET_CONTEXT_BEFORE = re.compile(
    r"(?i:\b(?:told|to|via|by|in|from|with|per|for|on|according\s+to|reported\s+by|interview\s+with|speaking\s+to"
    r"|report\s+from|cover\s+of|source\s+told)\s+(?:the\s+)?)$"
)
_OUTLET_CONTEXT_AFTER = re.compile(
    r"\s+(?:magazine|reported|reports|reporting|confirmed|confirms|revealed|reveals|obtained|learned|has\s+learned"
    r"|exclusively|first\s+reported|noted|wrote|writes|published|broke\s+the\s+news)\b"
)
_CAPITALISED_WORD_BEFORE = re.compile(rf"[{_UPPER}][^\W\d_]+[ \u00a0]+$")
_QUOTED = re.compile(r"[“\"]([^”\"\n]{2,90})[”\"]")
_WORK_KEYWORD = re.compile(
    r"\b(?:film|movie|series|show|book|novel|album|song|single|documentary|podcast|play|musical|sequel|memoir"
    r"|adaptation|episode|franchise)\s+[“\"‘]?(?=[A-Z])"
)
_WORK_WORDS = (
    "film",
    "movie",
    "series",
    "show",
    "book",
    "novel",
    "album",
    "song",
    "single",
    "documentary",
    "podcast",
    "play",
    "musical",
    "sequel",
    "memoir",
    "adaptation",
    "episode",
    "franchise",
)
_SUE = re.compile(
    r"\b(?:is\s+|are\s+|has\s+|have\s+|had\s+|was\s+|were\s+|also\s+)?(?P<verb>suing|sued|sues|countersued"
    r"|countersuing|(?:filed|files|filing)\s+(?:a|an)\s+[^.;]{0,50}?(?:lawsuit|suit|complaint|countersuit)\s+against)"
    r"(?P<passive>\s+by)?\b"
)
_VERSUS = re.compile(r"\s+(?:v\.|vs\.?|versus)\s+$")
_COUNSEL_BEFORE = re.compile(r"(?i:\b(?:attorney|lawyer|counsel|litigator)s?,?\s+(?:for\s+\w+,?\s+)?)$")
_COUNSEL_LIST = re.compile(r",\s+(?:and\s+)?|\s+and\s+")  # "lawyers Michael Gottlieb and Esra Hudson"
_PLURAL_COUNSEL = re.compile(r"(?i:attorneys|lawyers|counsel|litigators)")
_COUNSEL_AFTER = re.compile(
    r"^,\s+(?:(?:an?|the|who\s+is|who\s+represents)\s+)?(?:[\w’']+['’]s\s+)?(?:\w+\s+)?(?:attorney|lawyer|counsel)\b",
    re.IGNORECASE,
)


@dataclass
class _Party:
    name: str
    kind: PartyKind
    aliases: list[str] = field(default_factory=list)
    mentions: dict[int, Mention] = field(default_factory=dict)
    role: PartyRole = PartyRole.OTHER
    description: str = ""
    forced_kind: bool = False

    def mention(self, text: str, start: int, end: int) -> None:
        surface = text[start:end]
        if start not in self.mentions:
            self.mentions[start] = Mention(start, end, surface)
        shouted = surface.isupper() and len(surface) > 3 and not self.name.isupper()
        if surface != self.name and not surface.startswith("#") and surface not in self.aliases and not shouted:
            self.aliases.append(surface)


@dataclass
class _Group:
    tokens: list[tuple[str, int, int]]
    honorific: str = ""
    hon_start: int = -1
    headline: bool = False
    org: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t[0] for t in self.tokens)


class PartyFinder:
    """Runs once per text: collects candidates, then merges aliases and assigns roles."""

    def __init__(self, text: str, sentences: SentenceIndex, paragraphs: list[Paragraph], posts: list[PostMatch],
                 skip: list[tuple[int, int]]) -> None:  # fmt: skip
        self.text = text
        self.sentences = sentences
        self.posts = posts
        self.parties: dict[str, _Party] = {}
        self._unresolved: list[_Group] = []  # lone words no party claimed: post authors may still claim them
        self._blocked = _Spans(skip + [(p.attribution_start, p.post.char_end) for p in posts])
        self._headline_paragraphs = _Spans([(p.start, p.end) for p in paragraphs if _is_headline(p.text)])

    # public ---------------------------------------------------------------------------------------
    def run(self) -> list[PartySuggestion]:
        titles = _Spans(_work_titles(self.text))
        outlets = self._outlets(titles)
        breaks = _Spans(sorted(titles.spans + [(s, e) for s, e, _ in outlets]))
        groups = self._groups(breaks)
        self._people_and_orgs(groups)
        for start, end, name in outlets:
            self._add(name, PartyKind.MEDIA_OUTLET, start, end, role=PartyRole.MEDIA)
        self._post_authors()
        self._speakers()
        self._tidy_parties()
        self._handles()
        self._hashtags()
        self._roles()
        return self._suggestions()

    # outlets --------------------------------------------------------------------------------------
    def _outlets(self, titles: _Spans) -> list[tuple[int, int, str]]:
        found = []
        for m in _OUTLET.finditer(self.text):
            s, e, surface = m.start(), m.end(), m.group()
            if self._blocked.overlaps(s, e) or titles.overlaps(s, e):
                continue
            if not surface.startswith("The ") and _CAPITALISED_WORD_BEFORE.search(self.text, max(0, s - 30), s):
                word = self.text[max(0, s - 30) : s].split()[-1]
                if word.lower() not in STOP_WORDS:
                    continue  # part of a longer name: "Michael Bloomberg"
            if surface in AMBIGUOUS_OUTLETS and not self._outlet_context(s, e):
                continue
            found.append((s, e, MEDIA_OUTLETS[surface]))
        return found

    def _outlet_context(self, start: int, end: int) -> bool:
        if _OUTLET_CONTEXT_AFTER.match(self.text, end):
            return True
        return not self.sentences.is_initial(start) and bool(
            _OUTLET_CONTEXT_BEFORE.search(self.text, max(0, start - 30), start)
        )

    # capitalised runs -----------------------------------------------------------------------------
    def _groups(self, breaks: _Spans) -> list[_Group]:
        groups: list[_Group] = []
        for m in _RUN.finditer(self.text):
            run, hon = m.group("run"), m.group("hon")
            if not hon and " " not in run and "\u00a0" not in run:  # fast path: one word, the common case
                bare = run.lower()
                if bare in STOP_WORDS or bare in NOT_PERSON_WORDS or (len(run) > 3 and run.isupper()):
                    continue
            if self._blocked.overlaps(m.start(), m.end()):
                continue
            base = m.start("run")
            tokens = [(w.group(), base + w.start(), base + w.end()) for w in _WORD.finditer(m.group("run"))]
            tokens = [t for t in tokens if not breaks.overlaps(t[1], t[2])]
            legal = _LEGAL_AFTER.match(self.text, m.end())
            if legal and tokens:  # "Brightline Analytics, Inc.": the run names a company
                tokens.append((legal.group(1), legal.start(1), legal.end(1)))
            headline = self._headline_paragraphs.contains(m.start())
            hon = hon or ""
            groups.extend(self._split_run(tokens, hon, m.start() if hon else -1, headline))
        return groups

    def _split_run(self, tokens: list[tuple[str, int, int]], hon: str, hon_start: int, headline: bool) -> list[_Group]:
        """Cut a run into organisation and name groups at stop words, places, connectors and generic words."""
        out: list[_Group] = []
        org_at = max(
            (i for i, t in enumerate(tokens) if t[0].rstrip(".") in ORG_SUFFIXES or t[0] in TEAM_NAMES), default=-1
        )
        if org_at >= 0:
            first = org_at
            while first > 0 and not _breaks_org(tokens[first - 1][0]):
                first -= 1
            while first < org_at and tokens[first][0][0].islower():
                first += 1
            while first < org_at and any(t[0] in ("of", "for") for t in tokens[first:org_at]):
                at = next(i for i in range(first, org_at) if tokens[i][0] in ("of", "for"))
                if tokens[at - 1][0] in ORG_HEADS:
                    break
                first = at + 1
            while first < org_at and tokens[first][0][0].islower():
                first += 1
            last = org_at
            if tokens[org_at][0] in ORG_HEADS:
                while last + 1 < len(tokens) and not _breaks_org(tokens[last + 1][0]):
                    last += 1
                while last > org_at and tokens[last][0][0].islower():
                    last -= 1
            if last > first or tokens[org_at][0] in ("Court",):
                out.append(_Group(tokens[first : last + 1], headline=headline, org=True))
                left, right = tokens[:first], tokens[last + 1 :]
                out.extend(self._split_run(left, hon, hon_start, headline) if left else [])
                out.extend(self._split_run(right, "", -1, headline) if right else [])
                return out
        current: list[tuple[str, int, int]] = []
        titled: dict[int, tuple[str, int]] = {}  # token offset -> the honorific just before it
        if hon and tokens:
            titled[tokens[0][1]] = (hon, hon_start)
        for i, tok in enumerate(tokens):
            word = tok[0]
            bare = word.lower()
            if i > 0 and word in _HONORIFIC_WORDS and i + 1 < len(tokens):  # "U.S. District Judge Rosalind X"
                if current:
                    out.append(_Group(current, headline=headline))
                    current = []
                titled[tokens[i + 1][1]] = (word, tok[1])
                continue
            is_initial = i == 0 and not hon and self._starts_sentence(tok[1])
            particle = bare in NAME_PARTICLES and word[0].islower() and current and i + 1 < len(tokens)
            breaking = (
                (word[0].islower() and not particle)
                or bare in STOP_WORDS
                or bare in NOT_PERSON_WORDS
                or (is_initial and bare in ROLE_NOUNS)
                or (word.isupper() and len(word) > 3)
                or (word.isupper() and len(word) > 1 and current and not word.endswith("."))
            )
            if breaking:
                if current:
                    out.append(_Group(current, headline=headline))
                    current = []
                continue
            current.append(tok)
        if current:
            out.append(_Group(current, headline=headline))
        for group in out:
            if group.tokens and group.tokens[0][1] in titled:
                group.honorific, group.hon_start = titled[group.tokens[0][1]]
        return out

    def _starts_sentence(self, offset: int) -> bool:
        if self.sentences.is_initial(offset):
            return True
        before = self.text[max(0, offset - 2) : offset]
        return before.endswith(("“", "‘", '"', ": "))

    # merging --------------------------------------------------------------------------------------
    def _people_and_orgs(self, groups: list[_Group]) -> None:
        text = self.text
        body = [g for g in groups if not g.headline]
        full_names = {" ".join(g.words) for g in body if len(g.tokens) == 2 and not g.org}
        org_names = {" ".join(g.words) for g in body if g.org}
        resolved: list[_Group] = []  # groups that name a party
        singles: list[_Group] = []
        for g in groups:
            n = len(g.tokens)
            if g.headline:  # headlines capitalise every word: only names known from the body count
                pieces = _segment(g, full_names | org_names, always=True) or []
                resolved.extend(p for p in pieces if len(p.tokens) > 1)
                singles.extend(p for p in pieces if len(p.tokens) == 1)
            elif g.org:
                resolved.append(g)
            elif n == 1:
                (resolved if g.honorific else singles).append(g)
            elif (segments := _segment(g, full_names)) is not None:
                resolved.extend(p for p in segments if len(p.tokens) > 1)
                singles.extend(p for p in segments if len(p.tokens) == 1)
            elif n <= 4 and _looks_like_name(g.words):
                resolved.append(g)
        for g in resolved:
            name = " ".join(g.words)
            if g.org or name in org_names:
                end = g.tokens[-1][2]
                if g.words[-1] in ("Inc", "Corp", "Ltd", "Co") and text[end : end + 1] == ".":
                    name, end = name + ".", end + 1
                self._add(name, PartyKind.ORGANIZATION, g.tokens[0][1], end)
                continue
            if g.words[-1] in NEWSPAPER_WORDS and len(g.tokens) >= 2 and not g.honorific:
                self._add(name, PartyKind.MEDIA_OUTLET, g.tokens[0][1], g.tokens[-1][2], role=PartyRole.MEDIA)
                continue
            if len(g.tokens) == 1:  # "Judge Liman": the honorific is part of the only name we have
                party = self._add(f"{g.honorific} {name}", PartyKind.PERSON, g.hon_start, g.tokens[-1][2])
            else:
                party = self._add(name, PartyKind.PERSON, g.tokens[0][1], g.tokens[-1][2])
            if g.honorific.rstrip(".") in ("Judge", "Justice", "Magistrate"):
                party.description = party.description or "judge"
        parts = self._part_index()
        for g in singles:
            word, start, end = g.tokens[0]
            owner = parts.get(word)
            if owner:
                self.parties[owner].mention(text, start, end)
            elif word in KNOWN_ORG_ACRONYMS and not g.headline:
                self._add(word, PartyKind.ORGANIZATION, start, end)
            else:
                self._unresolved.append(g)

    def _part_index(self) -> dict[str, str]:
        """First and last name of each person (and first word of each organisation) -> party, if unambiguous."""
        index: dict[str, str] = {}
        ambiguous: set[str] = set()
        for party in self.parties.values():
            if party.kind is PartyKind.PERSON:
                words = party.name.split()
                keys = {words[0], words[-1]} if len(words) > 1 else {words[0]}
                keys -= {"Mr.", "Mrs.", "Ms.", "Dr.", "Judge", "Justice", "Mr", "Mrs", "Ms", "Dr"}
            elif party.kind is PartyKind.ORGANIZATION:
                keys = {party.name.split()[0]}
            else:
                continue
            for key in keys:
                if key in index and index[key] != party.name:
                    ambiguous.add(key)
                index[key] = party.name
        return {k: v for k, v in index.items() if k not in ambiguous}

    def _add(self, name: str, kind: PartyKind, start: int, end: int, role: PartyRole = PartyRole.OTHER) -> _Party:
        party = self.parties.get(name)
        if party is None:
            party = self.parties[name] = _Party(name, kind, role=role)
        party.mention(self.text, start, end)
        return party

    # posts, handles, hashtags ---------------------------------------------------------------------
    def _post_authors(self) -> None:
        for p in self.posts:
            author, handle = p.post.author, p.post.handle
            if not author and not handle:
                continue
            if author in MEDIA_OUTLETS:
                name, kind = MEDIA_OUTLETS[author], PartyKind.MEDIA_OUTLET
            elif author in self.parties and self.parties[author].kind is PartyKind.PERSON:
                name, kind = author, PartyKind.PERSON
            else:
                name, kind = author or handle, PartyKind.SOCIAL_ACCOUNT
            party = self.parties.get(name) or _Party(name, kind, forced_kind=True)
            self.parties[name] = party
            if kind is PartyKind.MEDIA_OUTLET:
                party.role = PartyRole.MEDIA
            if p.author_start >= 0:
                party.mention(self.text, p.author_start, p.author_end)
                party.mention(self.text, p.handle_start, p.handle_end)
            elif handle and handle not in party.aliases:
                party.aliases.append(handle)

    def _speakers(self) -> None:
        """Post authors and transcript speakers named in full claim the lone first or last names left over:
        "Kiki clapped back" is Kiki Duarte, who posted; such an author is a person, not just an account."""
        authors = {p.post.author for p in self.posts if _PERSON_NAME.match(p.post.author)}
        for m in _SPEAKER_LABEL.finditer(self.text):
            if self._blocked.overlaps(m.start(), m.end()):
                continue
            name = _name_case(m.group("name"))
            if _PERSON_NAME.match(name) and len(name.split()) >= 2:
                self._add(name, PartyKind.PERSON, m.start("name"), m.end("name"))
        parts: dict[str, str] = {}
        for name in authors | {n for n, p in self.parties.items() if p.kind is PartyKind.PERSON}:
            for word in name.split():
                parts[word] = name if parts.get(word, name) == name else ""
        for name, party in self.parties.items():
            if party.kind in (PartyKind.ORGANIZATION, PartyKind.MEDIA_OUTLET):
                parts[name.split()[0]] = ""  # "Whitmore" may be the Whitmore Institute
        for label in _SPEAKER_LABEL.finditer(self.text):  # "ARAÚJO:" after "FELIPE ARAÚJO:"
            owner = parts.get(_name_case(label.group("name")))
            if owner and " " not in label.group("name") and owner in self.parties:
                self.parties[owner].mentions.setdefault(
                    label.start("name"), Mention(label.start("name"), label.end("name"), label.group("name"))
                )
        for g in self._unresolved:
            word, start, end = g.tokens[0]
            owner = parts.get(word)
            if owner and not g.headline:
                owned = self.parties.get(owner)
                if owned is not None and owned.kind is PartyKind.SOCIAL_ACCOUNT:
                    owned.kind = PartyKind.PERSON
                if owned is not None:
                    owned.mention(self.text, start, end)

    def _tidy_parties(self) -> None:
        """"Halvorsen Media Group LLC" is "Halvorsen Media Group"; "Cedar Ridge" before "Cedar Ridge Water
        Authority" is a place, not a person; courts are never plaintiffs or defendants."""
        orgs = [p for p in self.parties.values() if p.kind is PartyKind.ORGANIZATION]
        for party in orgs:
            bare = _LEGAL_SUFFIX.sub("", party.name)
            other = self.parties.get(bare)
            if bare != party.name and other is not None and other.kind is PartyKind.ORGANIZATION:
                keep, drop = (party, other) if len(party.mentions) >= len(other.mentions) else (other, party)
                for mention in drop.mentions.values():
                    keep.mention(self.text, mention.char_start, mention.char_end)
                keep.role = keep.role if keep.role is not PartyRole.OTHER else drop.role
                del self.parties[drop.name]
        prefixes = {p.name for p in self.parties.values() if p.kind is PartyKind.ORGANIZATION}
        for name in [n for n, p in self.parties.items() if p.kind is PartyKind.PERSON and not p.forced_kind]:
            if any(org.startswith(name + " ") for org in prefixes):
                del self.parties[name]

    def _handles(self) -> None:
        by_alias = self._alias_index()
        for m in _HANDLE.finditer(self.text):
            if self._blocked.overlaps(m.start(), m.end()):
                continue
            handle = m.group()
            owner = by_alias.get(handle.lower()) or by_alias.get(m.group(1).lower())
            owner = owner or by_alias.get(_CAMEL.sub(" ", m.group(1)).lower())
            if owner is None:
                owner = handle
                self.parties.setdefault(handle, _Party(handle, PartyKind.SOCIAL_ACCOUNT))
                by_alias[handle.lower()] = handle
            self.parties[owner].mention(self.text, m.start(), m.end())

    def _hashtags(self) -> None:
        by_alias = self._alias_index()
        parts = self._part_index()
        for m in _HASHTAG.finditer(self.text):
            words = _CAMEL.sub(" ", m.group(1))
            owner = by_alias.get(words.lower()) or (parts.get(words) if " " not in words else None)
            if owner in self.parties:
                self.parties[owner].mentions.setdefault(m.start(), Mention(m.start(), m.end(), m.group()))

    def _alias_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for party in self.parties.values():
            for alias in [party.name, *party.aliases]:
                index.setdefault(alias.lower(), party.name)
                if party.kind is PartyKind.MEDIA_OUTLET:
                    index.setdefault(alias.lower().removeprefix("the ").replace(" ", ""), party.name)
        return index

    # roles ----------------------------------------------------------------------------------------
    def _roles(self) -> None:
        spans = sorted((m.char_start, m.char_end, p.name) for p in self.parties.values() for m in p.mentions.values())
        starts = [s[0] for s in spans]
        text = self.text
        for m in _SUE.finditer(text):
            sentence = self.sentences.at(m.start())
            if sentence is None:
                continue
            subject = _nearest_before(spans, starts, m.start(), max(sentence.start, m.start() - 40))
            obj = _nearest_after(spans, starts, m.end(), min(sentence.end, m.end() + 40))
            if m.group("passive"):
                subject, obj = obj, subject
            self._set_role(subject, PartyRole.PLAINTIFF)
            self._set_role(obj, PartyRole.DEFENDANT)
        lowered = text.lower()
        counsel_words = any(w in lowered for w in ("attorney", "lawyer", "counsel", "litigator"))
        versus = any(w in text for w in (" v. ", " vs", " versus "))
        if not (counsel_words or versus):
            return
        spans = [s for s in spans if text[s[0]] != "#"]  # "#KikiDuarte vs. #TreyMalone" is a feud, not a case
        listed_counsel = -1  # where a plural "lawyers A and B" list may continue
        for i, (start, end, name) in enumerate(spans):
            party = self.parties[name]
            if party.kind is not PartyKind.PERSON:
                continue
            before = _COUNSEL_BEFORE.search(text, max(0, start - 40), start) if counsel_words else None
            listed = listed_counsel >= 0 and _COUNSEL_LIST.fullmatch(text, listed_counsel, start)
            if before or _COUNSEL_AFTER.match(text[end : end + 60]) or listed:
                self._set_role(name, PartyRole.COUNSEL)
                plural = before is not None and bool(_PLURAL_COUNSEL.search(before.group()))
                listed_counsel = end if plural or listed_counsel >= 0 and start > listed_counsel else -1
            elif listed_counsel >= 0:
                listed_counsel = -1
            if versus and i + 1 < len(spans) and _VERSUS.match(text, end, spans[i + 1][0]) and spans[i + 1][2] != name:
                self._set_role(name, PartyRole.PLAINTIFF)
                self._set_role(spans[i + 1][2], PartyRole.DEFENDANT)

    def _set_role(self, name: str | None, role: PartyRole) -> None:
        if (
            name
            and not (role in (PartyRole.PLAINTIFF, PartyRole.DEFENDANT) and _COURT.search(name))
            and self.parties[name].role is PartyRole.OTHER
            and self.parties[name].kind is not PartyKind.MEDIA_OUTLET
        ):
            self.parties[name].role = role

    def _suggestions(self) -> list[PartySuggestion]:
        out = []
        for party in self.parties.values():
            if not party.mentions and not party.forced_kind:
                continue
            mentions = sorted(party.mentions.values(), key=lambda m: m.char_start)
            out.append(PartySuggestion(party.name, party.kind, party.aliases, mentions, party.role, party.description))
        out.sort(key=lambda p: p.mentions[0].char_start if p.mentions else -1)
        return out


def find_parties(text: str, sentences: SentenceIndex, paragraphs: list[Paragraph], posts: list[PostMatch],
                 skip: Iterable[tuple[int, int]] = (), *,
                 ner: object | None = None) -> list[PartySuggestion]:  # fmt: skip
    """Every party named in `text`; spans in `skip` (bylines, datelines, credit lines) are not read.

    `ner` is the spaCy model from `extract.ner.load_ner()`: with it, the model's people and organisations join the
    rules' and its places reject candidates; without it (None) the rules run alone."""
    skip = sorted(skip)
    rules = PartyFinder(text, sentences, paragraphs, posts, skip).run()
    return fuse(text, rules, ner, skip)


_PERSON_NAME = re.compile(
    rf"^[{_UPPER}][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*(?:[ ][{_UPPER}][^\W\d_'’-]*(?:['’-][^\W\d_]+)*){{1,2}}$"
)
_SPEAKER_LABEL = re.compile(
    rf"^(?:[A-Z]+[ \t]+\()?(?P<name>[{_UPPER}][{_UPPER}'’.-]+(?:[ \t][{_UPPER}][{_UPPER}'’.-]+){{0,2}})\)?:[ \t]",
    re.MULTILINE,
)
_LEGAL_SUFFIX = re.compile(r",?[ ](?:Inc\.?|LLC|LLP|Ltd\.?|Corp\.?|PLC|Co\.)$")
_COURT = re.compile(r"\b(?:Court|Tribunal|Chancery)\b")


def _name_case(name: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda w: w.group().capitalize(), name) if name.isupper() else name


# helpers --------------------------------------------------------------------------------------------
class _Spans:
    """Spans, merged where they touch, with O(log n) overlap tests."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = _merge(spans)
        self._starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self.spans[i][1] > start

    def contains(self, offset: int) -> bool:
        return self.overlaps(offset, offset + 1)


def _breaks_org(word: str) -> bool:
    return word[0].isupper() and word.lower() in STOP_WORDS


def _segment(group: _Group, known: set[str], always: bool = False) -> list[_Group] | None:
    """Split "Baldoni Blake Lively" into the known names it holds (longest first) and leftover single words.

    None when a body group holds no known name but itself: it is then a new name of its own.
    """
    words = group.words
    if len(words) < 3 and not always:
        return None
    pieces: list[_Group] = []
    found = False
    i = 0
    while i < len(words):
        for size in range(min(6, len(words) - i), 1, -1):
            if " ".join(words[i : i + size]) in known:
                pieces.append(_Group(group.tokens[i : i + size], headline=group.headline))
                found = True
                i += size
                break
        else:
            pieces.append(_Group(group.tokens[i : i + 1], headline=group.headline))
            i += 1
    return pieces if found or always else None


def _looks_like_name(words: tuple[str, ...]) -> bool:
    if not any(any(c.islower() for c in w) for w in words):
        return False
    return all(len(w) > 1 or w.endswith(".") for w in words[1:])


def _is_headline(paragraph: str) -> bool:
    if len(paragraph) > 200 or paragraph.rstrip().endswith((".", ",", ";", ":")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", paragraph) if w.lower() not in TITLE_SMALL_WORDS]
    if len(words) < 4 or paragraph.rstrip().endswith("."):
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words)


def _work_titles(text: str) -> list[tuple[int, int]]:
    """Spans of film, book and show titles: quoted title-case text, or a capitalised run after "film", "movie"."""
    spans: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        words = inner.split()
        if len(words) < 2 or inner.rstrip()[-1] in ",!?;:" or len(words) > 10:
            continue
        if words[0][0].isupper() and all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words):
            spans.append((m.start(), m.end()))
    lowered = text.lower()
    if not any(k in lowered for k in _WORK_WORDS):
        return _merge(spans)
    for m in _WORK_KEYWORD.finditer(text):
        run = _RUN.match(text, m.end())
        if run:
            spans.append((m.end(), run.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _nearest_before(spans: list[tuple[int, int, str]], starts: list[int], at: int, floor: int) -> str | None:
    i = bisect.bisect_left(starts, at) - 1
    while i >= 0 and spans[i][0] >= floor:
        if spans[i][1] <= at:
            return spans[i][2]
        i -= 1
    return None


def _nearest_after(spans: list[tuple[int, int, str]], starts: list[int], at: int, ceiling: int) -> str | None:
    i = bisect.bisect_left(starts, at)
    if i < len(spans) and spans[i][0] < ceiling:
        return spans[i][2]
    return None
