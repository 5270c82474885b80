"""People, organisations, media outlets and social accounts named in text, with every mention's span.

Precision over recall: a lone capitalised word never makes a party on its own; it only joins a party already
named in full elsewhere ("Baldoni" -> "Justin Baldoni") or follows an honorific ("Judge Liman").
"""

from __future__ import annotations

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
)
from casefile.extract.party_patterns import (
    CAMEL,
    CAPITALISED_WORD_BEFORE,
    COUNSEL_AFTER,
    COUNSEL_BEFORE,
    COUNSEL_LIST,
    COURT,
    HANDLE,
    HASHTAG,
    HONORIFIC_WORDS,
    LEGAL_AFTER,
    LEGAL_SUFFIX,
    OUTLET,
    OUTLET_CONTEXT_AFTER,
    OUTLET_CONTEXT_BEFORE,
    OUTLET_NAME_GOES_ON,
    PERSON_NAME,
    PLURAL_COUNSEL,
    RUN,
    SPEAKER_LABEL,
    SUE,
    VERSUS,
    WORD,
    NameGroup,
    SpanSet,
    breaks_org,
    is_headline,
    looks_like_name,
    name_case,
    nearest_after,
    nearest_before,
    segment,
    work_titles,
)
from casefile.extract.posts import PostMatch
from casefile.extract.sentences import Paragraph, SentenceIndex
from casefile.extract.types import Mention, PartySuggestion


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


class PartyFinder:
    """Runs once per text: collects candidates, then merges aliases and assigns roles."""

    def __init__(self, text: str, sentences: SentenceIndex, paragraphs: list[Paragraph], posts: list[PostMatch],
                 skip: list[tuple[int, int]]) -> None:  # fmt: skip
        self.text = text
        self.sentences = sentences
        self.posts = posts
        self.parties: dict[str, _Party] = {}
        self._unresolved: list[NameGroup] = []  # lone words no party claimed: post authors may still claim them
        self._blocked = SpanSet(skip + [(p.attribution_start, p.post.char_end) for p in posts])
        self._headline_paragraphs = SpanSet([(p.start, p.end) for p in paragraphs if is_headline(p.text)])

    # public ---------------------------------------------------------------------------------------
    def run(self) -> list[PartySuggestion]:
        titles = SpanSet(work_titles(self.text))
        outlets = self._outlets(titles)
        breaks = SpanSet(sorted(titles.spans + [(s, e) for s, e, _ in outlets]))
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
    def _outlets(self, titles: SpanSet) -> list[tuple[int, int, str]]:
        found = []
        for m in OUTLET.finditer(self.text):
            s, e, surface = m.start(), m.end(), m.group()
            if self._blocked.overlaps(s, e) or titles.overlaps(s, e):
                continue
            if not surface.startswith("The ") and CAPITALISED_WORD_BEFORE.search(self.text, max(0, s - 30), s):
                word = self.text[max(0, s - 30) : s].split()[-1]
                if word.lower() not in STOP_WORDS:
                    continue  # part of a longer name: "Michael Bloomberg"
            if surface in AMBIGUOUS_OUTLETS and not self._outlet_context(s, e):
                continue
            found.append((s, e, MEDIA_OUTLETS[surface]))
        return found

    def _outlet_context(self, start: int, end: int) -> bool:
        if OUTLET_CONTEXT_AFTER.match(self.text, end):
            return True
        if OUTLET_NAME_GOES_ON.match(self.text, end):
            return False
        return not self.sentences.is_initial(start) and bool(
            OUTLET_CONTEXT_BEFORE.search(self.text, max(0, start - 30), start)
        )

    # capitalised runs -----------------------------------------------------------------------------
    def _groups(self, breaks: SpanSet) -> list[NameGroup]:
        groups: list[NameGroup] = []
        for m in RUN.finditer(self.text):
            run, hon = m.group("run"), m.group("hon")
            if not hon and " " not in run and "\u00a0" not in run:  # fast path: one word, the common case
                bare = run.lower()
                if bare in STOP_WORDS or bare in NOT_PERSON_WORDS or (len(run) > 3 and run.isupper()):
                    continue
            if self._blocked.overlaps(m.start(), m.end()):
                continue
            base = m.start("run")
            tokens = [(w.group(), base + w.start(), base + w.end()) for w in WORD.finditer(m.group("run"))]
            tokens = [t for t in tokens if not breaks.overlaps(t[1], t[2])]
            legal = LEGAL_AFTER.match(self.text, m.end())
            if legal and tokens:  # "Brightline Analytics, Inc.": the run names a company
                tokens.append((legal.group(1), legal.start(1), legal.end(1)))
            headline = self._headline_paragraphs.contains(m.start())
            hon = hon or ""
            groups.extend(self._split_run(tokens, hon, m.start() if hon else -1, headline))
        return groups

    def _split_run(self, tokens: list[tuple[str, int, int]], hon: str, hon_start: int,
                   headline: bool) -> list[NameGroup]:
        """Cut a run into organisation and name groups at stop words, places, connectors and generic words."""
        out: list[NameGroup] = []
        org_at = max(
            (i for i, t in enumerate(tokens) if t[0].rstrip(".") in ORG_SUFFIXES or t[0] in TEAM_NAMES), default=-1
        )
        if org_at >= 0:
            first = org_at
            while first > 0 and not breaks_org(tokens[first - 1][0]):
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
                while last + 1 < len(tokens) and not breaks_org(tokens[last + 1][0]):
                    last += 1
                while last > org_at and tokens[last][0][0].islower():
                    last -= 1
            if last > first or tokens[org_at][0] in ("Court",):
                out.append(NameGroup(tokens[first : last + 1], headline=headline, org=True))
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
            if i > 0 and word in HONORIFIC_WORDS and i + 1 < len(tokens):  # "U.S. District Judge Rosalind X"
                if current:
                    out.append(NameGroup(current, headline=headline))
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
                    out.append(NameGroup(current, headline=headline))
                    current = []
                continue
            current.append(tok)
        if current:
            out.append(NameGroup(current, headline=headline))
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
    def _people_and_orgs(self, groups: list[NameGroup]) -> None:
        text = self.text
        body = [g for g in groups if not g.headline]
        full_names = {" ".join(g.words) for g in body if len(g.tokens) == 2 and not g.org}
        org_names = {" ".join(g.words) for g in body if g.org}
        resolved: list[NameGroup] = []  # groups that name a party
        singles: list[NameGroup] = []
        for g in groups:
            n = len(g.tokens)
            if g.headline:  # headlines capitalise every word: only names known from the body count
                pieces = segment(g, full_names | org_names, always=True) or []
                resolved.extend(p for p in pieces if len(p.tokens) > 1)
                singles.extend(p for p in pieces if len(p.tokens) == 1)
            elif g.org:
                resolved.append(g)
            elif n == 1:
                (resolved if g.honorific else singles).append(g)
            elif (segments := segment(g, full_names)) is not None:
                resolved.extend(p for p in segments if len(p.tokens) > 1)
                singles.extend(p for p in segments if len(p.tokens) == 1)
            elif n <= 4 and looks_like_name(g.words):
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
        authors = {p.post.author for p in self.posts if PERSON_NAME.match(p.post.author)}
        for m in SPEAKER_LABEL.finditer(self.text):
            if self._blocked.overlaps(m.start(), m.end()):
                continue
            name = name_case(m.group("name"))
            if PERSON_NAME.match(name) and len(name.split()) >= 2:
                self._add(name, PartyKind.PERSON, m.start("name"), m.end("name"))
        parts: dict[str, str] = {}
        for name in authors | {n for n, p in self.parties.items() if p.kind is PartyKind.PERSON}:
            for word in name.split():
                parts[word] = name if parts.get(word, name) == name else ""
        for name, party in self.parties.items():
            if party.kind in (PartyKind.ORGANIZATION, PartyKind.MEDIA_OUTLET):
                parts[name.split()[0]] = ""  # "Whitmore" may be the Whitmore Institute
        for label in SPEAKER_LABEL.finditer(self.text):  # "ARAÚJO:" after "FELIPE ARAÚJO:"
            owner = parts.get(name_case(label.group("name")))
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
            bare = LEGAL_SUFFIX.sub("", party.name)
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
        for m in HANDLE.finditer(self.text):
            if self._blocked.overlaps(m.start(), m.end()):
                continue
            handle = m.group()
            owner = by_alias.get(handle.lower()) or by_alias.get(m.group(1).lower())
            owner = owner or by_alias.get(CAMEL.sub(" ", m.group(1)).lower())
            if owner is None:
                owner = handle
                self.parties.setdefault(handle, _Party(handle, PartyKind.SOCIAL_ACCOUNT))
                by_alias[handle.lower()] = handle
            self.parties[owner].mention(self.text, m.start(), m.end())

    def _hashtags(self) -> None:
        by_alias = self._alias_index()
        parts = self._part_index()
        for m in HASHTAG.finditer(self.text):
            words = CAMEL.sub(" ", m.group(1))
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
        for m in SUE.finditer(text):
            sentence = self.sentences.at(m.start())
            if sentence is None:
                continue
            subject = nearest_before(spans, starts, m.start(), max(sentence.start, m.start() - 40))
            obj = nearest_after(spans, starts, m.end(), min(sentence.end, m.end() + 40))
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
            before = COUNSEL_BEFORE.search(text, max(0, start - 40), start) if counsel_words else None
            listed = listed_counsel >= 0 and COUNSEL_LIST.fullmatch(text, listed_counsel, start)
            if before or COUNSEL_AFTER.match(text[end : end + 60]) or listed:
                self._set_role(name, PartyRole.COUNSEL)
                plural = before is not None and bool(PLURAL_COUNSEL.search(before.group()))
                listed_counsel = end if plural or listed_counsel >= 0 and start > listed_counsel else -1
            elif listed_counsel >= 0:
                listed_counsel = -1
            if versus and i + 1 < len(spans) and VERSUS.match(text, end, spans[i + 1][0]) and spans[i + 1][2] != name:
                self._set_role(name, PartyRole.PLAINTIFF)
                self._set_role(spans[i + 1][2], PartyRole.DEFENDANT)

    def _set_role(self, name: str | None, role: PartyRole) -> None:
        if (
            name
            and not (role in (PartyRole.PLAINTIFF, PartyRole.DEFENDANT) and COURT.search(name))
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
