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
from casefile.extract.types import PartySuggestion


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
# Names ending in one of these are laws, prizes, wars, buildings or places, not bodies that act.
_NOT_A_BODY = re.compile(
    r"\b(?:Act|Acts|Award|Awards|Prize|Medal|Clause|Amendment|Bill|Treaty|War|Crisis|Scandal|Trial|Complex"
    r"|Station|Heights|Street|Avenue|Road|Square|Island|Islands|Mountain|River|Lake|Valley|Building|Tower"
    r"|Stadium|Airport|Bridge|Championship|Cup|Festival|Expo)$"
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
    if _NOT_A_BODY.search(name):
        return True
    return bool(_TITLED_PERSON.search(name))


_QUALIFIER = re.compile(r"^(?:the |U\.S\. |US |United States |UK |British |American |Former |former )+")


def merge_org_variants(text: str, parties: list[PartySuggestion]) -> list[PartySuggestion]:
    """One organisation per body: "Pacific Gas" and "Electric Company" written as "Pacific Gas and Electric
    Company" become that one; "State Department" joins "U.S. State Department", "Geological Survey" joins
    "U.S. Geological Survey" (a shorter name that ends the longer one, two words at least)."""
    orgs = [p for p in parties if p.kind is PartyKind.ORGANIZATION]
    gone: set[int] = set()
    for a in orgs:
        for b in orgs:
            if a is b or id(a) in gone or id(b) in gone:
                continue
            joined = f"{a.name} and {b.name}"
            if joined in text:
                a.name, a.aliases = joined, [*a.aliases, *b.aliases]
                a.mentions = sorted([*a.mentions, *b.mentions], key=lambda m: m.char_start)
                a.confidence = max(a.confidence, b.confidence)
                gone.add(id(b))
    for short in orgs:
        if id(short) in gone:
            continue
        bare = _QUALIFIER.sub("", short.name)
        words = bare.split()
        longer = [o for o in orgs if o is not short and id(o) not in gone and len(o.name) > len(short.name)
                  and (_QUALIFIER.sub("", o.name) == bare or re.sub(r" News$", "", o.name) == bare
                       or len(words) >= 2 and _QUALIFIER.sub("", o.name).split()[-len(words):] == words)]
        if len(longer) == 1:
            owner = longer[0]
            owner.mentions = sorted([*owner.mentions, *short.mentions], key=lambda m: m.char_start)
            if short.name not in owner.aliases:
                owner.aliases.append(short.name)
            owner.confidence = max(owner.confidence, short.confidence)
            gone.add(id(short))
    return [p for p in parties if id(p) not in gone]
