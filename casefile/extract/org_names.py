"""Organisations a reader would name, told from the page furniture and common phrases that look like one.

Real news pages gave "& Child", "& Politics", "Discount Codes", menus in capitals, "Unlike Senators", "Office Act"
and "Council President Andrew Leung" as organisations. A candidate is refused when it opens with "&" or a function
word, is made only of navigation, section, shop or generic words, shouts a menu in capitals, names a law, award,
war or place rather than a body, or is a title and a person's name. Outlets and bodies with such words inside
("Committee to Protect Journalists", "The Daily Ledger", "BBC News") still pass.
"""

from __future__ import annotations

import re

from casefile.domain.enums import PartyKind
from casefile.extract.lexicon import ORG_SUFFIXES
from casefile.extract.types import Mention, PartySuggestion


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_OPENERS = _words(
    "and or of for in on at to by with from unlike like as if when while after before under over about into than "
    "but so because although also more most best top latest former ex other both each every many some several "
    "such these those this that which whose our your their his her its my we you they he she it "
)
# Words of menus, sections, footers, shops and sharing buttons: a name made only of these is page furniture.
_FURNITURE = _words(
    "home menu search subscribe subscription subscriptions newsletter newsletters sign log in out login register "
    "account privacy policy cookie cookies terms conditions contact us about advertise advertising careers jobs "
    "help faq sitemap skip to content main navigation follow share shares comment comments related trending most "
    "read popular latest news top stories story video videos photo photos gallery galleries podcast podcasts live "
    "sections section topics topic politics sport sports entertainment lifestyle life style opinion opinions "
    "business tech technology science health travel food weather horoscope horoscopes culture arts books music "
    "film films tv television fashion beauty money markets world local national international us uk europe "
    "education child children family families parenting home garden cars motoring property discount discounts "
    "code codes coupon coupons voucher vouchers deal deals offer offers promo promotion shop shopping store buy "
    "best buys gift gifts guide guides review reviews puzzles games crossword quiz obituaries announcements "
    "classifieds events edition editions print digital app apps e-paper epaper rss more all & the and of "
)
# A capitalised common word standing alone is not a body: "People", "Cabinet" (in a sentence it means the one at hand).
_GENERIC = _words(
    "people person persons staff members member users readers viewers fans officials official information details "
    "update updates cabinet government police court council committee company group team management department "
    "office agency board administration ministry house party state authorities authority residents citizens "
    "experts sources spokesperson spokesman spokeswoman lawyers prosecutors investigators witnesses victims media "
    "press reporters journalists public community "
)
# Names ending in one of these are laws, prizes, wars, buildings or places,
# not bodies that act.
_NOT_A_BODY = re.compile(
    r"\b(?:Act|Acts|Award|Awards|Prize|Medal|Clause|Amendment|Bill|Treaty|War|Crisis|Scandal|Trial|Complex"
    r"|Station|Heights|Street|Avenue|Road|Square|Island|Islands|Mountain|River|Lake|Valley|Building|Tower"
    r"|Stadium|Airport|Bridge|Championship|Cup|Festival|Expo|Hill|Hills|Fault|Bay|Beach|Peninsula|Canyon|Gulf|Sea"
    r"|Ocean|Strait|Forest|Reef|Volcano|Glacier|(?:del|de)\s+(?:Sur|Norte))$"
)
_STREET_FIRST = re.compile(r"^(?:Quai|Rue|Boulevard|Calle|Avenida)\s")
# "Operation Fast and Furious", "Archbishop of Gdańsk", "National Security Advisor": an operation, a see or an
# office a person holds, not a body.
_OFFICE = re.compile(
    r"^Operation\s|^(?:Archbishop|Bishop|Patriarch|Mayor|Governor|King|Queen|Prince|Princess|Duke|Duchess|Earl"
    r"|Emir|Sultan|Pope)\s+of\s|\b(?:Advisor|Adviser|Commissioner|Secretary|Minister|Spokesman|Spokeswoman"
    r"|Spokesperson)$"
)
# "Council President Andrew Leung", "District Court Judge Victor Marrero": a title, then a person's name.
_TITLED_PERSON = re.compile(
    r"\b(?:President|Vice President|Judge|Justice|Senator|Assemblyman|Assemblywoman|Congressman|Congresswoman"
    r"|Representative|Minister|Secretary|Chairman|Chairwoman|Chair|CEO|Director|Spokesman|Spokeswoman|Governor"
    r"|Mayor|Commissioner|Chief|Officer|Attorney|Prosecutor|Professor|Dr\.?)\s+[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+)+$"
)


def is_junk_org(name: str) -> bool:
    """True when `name`, offered as an organisation, is furniture, a phrase, a thing or a person, not a body."""
    words = name.replace("&", " & ").split()
    if not words:
        return True
    first = words[0].lower().strip(".,;:")
    if name.lstrip().startswith("&") or first in _OPENERS:
        return True
    lowered = [w.lower().strip(".,;:!?'’\"") for w in words]
    if all(w in _FURNITURE for w in lowered):
        return True
    if len(words) == 1 and lowered[0] in _GENERIC:
        return True
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if name.isupper() and letters:
        long_words = [w for w in letters if len(w) > 5]
        if len(letters) == 1 and long_words:  # "ABSTAINS", "SUBSCRIBE": a shouted word, not an acronym
            return True
        if len(letters) > 1 and len(long_words) * 2 > len(letters):  # "WORLD NEWS POLITICS": a menu
            return True
    if _NOT_A_BODY.search(name) or _OFFICE.search(name):
        return True
    if _STREET_FIRST.search(name) and not any(w in ORG_SUFFIXES for w in words):  # "Quai des Orfèvres"
        return True
    return bool(_TITLED_PERSON.search(name))


_QUALIFIER = re.compile(r"^(?:the |The |U\.S\. |US |United States |UK |British |American |Former |former )+")
_ORG_KINDS = (PartyKind.ORGANIZATION, PartyKind.MEDIA_OUTLET)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
# Words an acronym's letters skip ("Pacific Gas and Electric Company (PG&E)") and words after a name that make
# it a company's full style rather than letters of the acronym.
_LINKS = _words("of and the for on in to at de du des la le el del & ,")
_CORPORATE = _words("Company Co Co. Inc Inc. Incorporated Corporation Corp Corp. Ltd Ltd. Limited LLC PLC plc")
_POSSESSIVE = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&.\-]{1,11})\)")
_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*|,|&")
# "State Department" is "Department of State": a head noun that may come first with "of" or last without it.
_INVERTIBLE = _words("department ministry office bureau agency commission committee council service board authority")


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym if c.isupper())


def _is_acronym(word: str) -> bool:
    """"USGS", "PG&E", "DoD": one short word, capitals for at least half its letters and two at least."""
    capitals = len(_letters(word))
    return " " not in word and len(word) <= 12 and capitals >= 2 and capitals * 2 >= sum(c.isalpha() for c in word)


def _spells(words: list[str], letters: str) -> int:
    """The index of the first of `words` that, with those after it, spell `letters` by their initials (links
    skipped, or spelling their letter as "of" in DOJ; a trailing company style may be left out), or -1."""
    for drop in (0, 1):
        if drop and (not words or words[-1] not in _CORPORATE):
            continue
        at = _spell_back(words, len(words) - drop, letters)
        if at >= 0:
            return at
    return -1


def _spell_back(words: list[str], end: int, letters: str) -> int:
    if end == 0 or not letters:
        return -1
    word = words[end - 1]
    link = word.lower() in _LINKS
    if word[0].upper() == letters[-1] and (word[0].isupper() or link):
        at = end - 1 if len(letters) == 1 else _spell_back(words, end - 1, letters[:-1])
        if at >= 0:
            return at
    return _spell_back(words, end - 1, letters) if link else -1


def _acronym_expansions(text: str) -> list[tuple[str, int, int, str]]:
    """Every "Long Name (ACR)" in `text`: (acronym, start, end, long name), the long name spelled by the letters."""
    found = []
    for m in _ACRONYM.finditer(text):
        letters = _letters(m.group(1))
        if not _is_acronym(m.group(1)):
            continue
        before = text[max(0, m.start() - 40 * len(letters)) : m.start()]
        tokens = list(_TOKEN.finditer(before))
        at = _spells([t.group() for t in tokens], letters)
        if at < 0 or tokens[at].group() in _LINKS:
            continue
        base = m.start() - len(before)
        start, end = base + tokens[at].start(), base + tokens[-1].end()
        if "\n" in text[start:end]:
            continue
        found.append((m.group(1), start, end, " ".join(text[start:end].split())))
    return found


def _fold(name: str) -> list[str]:
    """Words of a name to compare: qualifiers, a possessive and a company style gone ("Acme Inc.'s" = "Acme"),
    lower case, plurals folded ("Guards" = "Guard")."""
    name = _POSSESSIVE.sub("", _QUALIFIER.sub("", name).strip(" ,")).replace("’", "'")
    words = [w.strip(",") for w in name.split()]
    while len(words) > 1 and (words[-1] in _CORPORATE or words[-1] + "." in _CORPORATE):
        words.pop()
    words = [w.lower() for w in words if w]
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def _same_body(short: str, long_: str, s: list[str] | None = None, l_: list[str] | None = None) -> bool:
    """True when `short` is a shorter way to write the body `long_` names (`s`, `l_`: their `_fold`, if known)."""
    s = _fold(short) if s is None else s
    l_ = _fold(long_) if l_ is None else l_
    if s == l_ or re.sub(r" News$", "", long_) == short:
        return bool(s)
    if not s or len(s) >= len(l_):
        return False
    if _is_acronym(short):
        return _spells(long_.split(), _letters(short)) == 0
    if len(s) < 2:
        return False
    if l_[-len(s) :] == s:  # "Geological Survey", "U.S. Geological Survey"
        return True
    # A run inside a longer name joins it unless the run names a body of its own: "Revolutionary Guards" is the
    # "Islamic Revolutionary Guard Corps", "Harvard University" is not "Harvard University Press".
    if short.split()[-1] not in ORG_SUFFIXES and any(l_[i : i + len(s)] == s for i in range(len(l_) - len(s))):
        return True
    if s[-1] == l_[-1] and s[0] in l_ and _subsequence(s, l_):  # "Oversight Committee", "House Oversight and Reform …"
        return True
    if s[-1] in _INVERTIBLE:  # "State Department" and "Department of State"
        mods = " ".join(s[:-1])
        joined = " ".join(l_)
        return f"{s[-1]} of {mods}" in joined or f"{s[-1]} of the {mods}" in joined
    return False


def _subsequence(short: list[str], long_: list[str]) -> bool:
    it = iter(long_)
    return all(any(w == x for x in it) for w in short)


# "the county's Police and Crime Commissioner Stephen Mold": the name was cut from a title before a person's name.
_TITLE_AFTER = re.compile(
    r"[ \u00a0]+(?:Commissioner|Director|Secretary|Minister|Advisor|Adviser|Chairman|Chairwoman|Chair|President"
    r"|Spokesman|Spokeswoman|Spokesperson|Officer)[ \u00a0]+[A-Z][a-z]"
)


def cut_from_title(text: str, party: PartySuggestion) -> bool:
    """True when every mention of an organisation not ending in a body's word runs on into a title and a name."""
    if party.name.split()[-1] in ORG_SUFFIXES or not party.mentions:
        return False
    return all(_TITLE_AFTER.match(text, m.char_end) for m in party.mentions)


def _halves(first: str, second: str) -> bool:
    """"Pacific Gas" + "Electric Company" are halves of one name; "Halvorsen Media Group" and "Brightline
    Analytics" are two bodies: the first half ends in no body's word, the second does."""
    return first.split()[-1] not in ORG_SUFFIXES and second.split()[-1] in ORG_SUFFIXES


def _within(party: PartySuggestion, start: int, end: int, mention: Mention | None = None) -> bool:
    """Whether `mention` (any of the party's when None) lies inside text[start:end]."""
    mentions = [mention] if mention is not None else party.mentions
    return any(start <= m.char_start and m.char_end <= end for m in mentions)


def _absorb(owner: PartySuggestion, other: PartySuggestion) -> None:
    owner.mentions = sorted({*owner.mentions, *other.mentions}, key=lambda m: (m.char_start, m.char_end))
    for alias in (other.name, *other.aliases):
        if alias != owner.name and alias not in owner.aliases and not _POSSESSIVE.search(alias):
            owner.aliases.append(alias)
    owner.confidence = max(owner.confidence, other.confidence)


def merge_org_variants(text: str, parties: list[PartySuggestion]) -> list[PartySuggestion]:
    """One organisation (or outlet) per body: "Pacific Gas" and "Electric Company" written as "Pacific Gas and
    Electric Company" become that one; so do a name and its acronym ("... Rehabilitation (CDCR)"), a name and a
    shorter one that ends it or runs inside it ("Geological Survey", "U.S. Geological Survey"; "Oversight
    Committee", "House Oversight and Reform Committee"), "X Department" and "Department of X", "NBC" and
    "NBC News". A shorter name that fits two bodies ("Air Force") is left alone."""
    for p in parties:
        p.name = _INVISIBLE.sub("", p.name).strip()
    parties = [p for p in parties if p.kind is not PartyKind.ORGANIZATION or not cut_from_title(text, p)]
    orgs = [p for p in parties if p.kind in _ORG_KINDS]
    gone: set[int] = set()
    _join_halves(text, orgs, gone)
    _join_acronyms(text, orgs, gone)
    _join_shorter(orgs, gone)
    return [p for p in parties if id(p) not in gone]


def _join_halves(text: str, orgs: list[PartySuggestion], gone: set[int]) -> None:
    """Twins become one; "Pacific Gas" and "Electric Company" written "Pacific Gas and Electric Company" too."""
    by_name: dict[str, PartySuggestion] = {}
    by_first: dict[str, list[PartySuggestion]] = {}
    for o in orgs:
        twin = by_name.setdefault(o.name, o)
        if twin is not o:
            _absorb(twin, o)
            gone.add(id(o))
        elif o.kind is PartyKind.ORGANIZATION and o.name:
            by_first.setdefault(o.name.split()[0], []).append(o)
    for a in orgs:
        if id(a) in gone or a.kind is not PartyKind.ORGANIZATION or not a.name:
            continue
        lead = f"{a.name} and "
        at = text.find(lead)
        while at >= 0 and id(a) not in gone:
            after = at + len(lead)
            following = text[after : after + 80].split(maxsplit=1)
            for b in by_first.get(following[0] if following else "", []):
                if b is not a and id(b) not in gone and text.startswith(b.name, after) and _halves(a.name, b.name):
                    joined = f"{a.name} and {b.name}"
                    a.name, a.aliases = joined, [*a.aliases, *b.aliases]
                    b.name, b.aliases = joined, []
                    _absorb(a, b)
                    gone.add(id(b))
                    break
            else:
                at = text.find(lead, at + 1)
                continue
            break


def _join_acronyms(text: str, orgs: list[PartySuggestion], gone: set[int]) -> None:
    """"California Department of Corrections and Rehabilitation (CDCR)": the acronym, and pieces of the name the
    model cut, become one body named in full."""
    for acronym, start, end, full in _acronym_expansions(text):
        body = [o for o in orgs if id(o) not in gone and (o.name == acronym or _within(o, start, end) and (
            all(_within(o, start, end, m) for m in o.mentions) or _same_body(o.name, full)))]  # fmt: skip
        if not body:
            continue
        owner = next((o for o in body if o.kind is PartyKind.ORGANIZATION), body[0])
        if owner.name != full:
            owner.aliases.append(owner.name)
            owner.name = full
        for other in body:
            if other is not owner:
                _absorb(owner, other)
                gone.add(id(other))
        if acronym not in owner.aliases:
            owner.aliases.append(acronym)


def _join_shorter(orgs: list[PartySuggestion], gone: set[int]) -> None:
    """A shorter name joins the one longer name it is a way to write (`_same_body`); one that fits two, neither."""
    live = [o for o in orgs if id(o) not in gone]
    folds = {id(o): _fold(o.name) for o in live}
    holding: dict[str, list[PartySuggestion]] = {}  # folded word -> the names holding it
    for o in live:
        for word in set(folds[id(o)]):
            holding.setdefault(word, []).append(o)
    for short in sorted(live, key=lambda o: len(o.name)):
        s = folds[id(short)]
        if id(short) in gone or not s:
            continue
        pool = live if _is_acronym(short.name) else holding.get(s[-1], [])
        longer = [o for o in pool if o is not short and id(o) not in gone and len(o.name) > len(short.name)
                  and _same_body(short.name, o.name, s, folds[id(o)])]  # fmt: skip
        if len(longer) == 1:
            owner = longer[0]
            if _POSSESSIVE.search(owner.name) and folds[id(owner)] == s:  # "Acme's" is "Acme"
                owner.name, short.name = short.name, owner.name
            _absorb(owner, short)
            gone.add(id(short))
