"""A saved page's title, every author and its publication date, from what the page declares about itself.

Sources, most trusted first: schema.org JSON-LD of the article, then meta tags (Open Graph, Dublin Core,
`author`, `byl`, parse.ly, sailthru), then the visible byline, then what trafilatura/htmldate found. Names are
cleaned of "By", roles ("Staff Writer"), the site's own name and addresses: a URL or the site that published the
page is never an author.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision
from casefile.domain.errors import ValidationError
from casefile.importers._common import is_junk_title, is_url_like, plausible, try_date

_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Posting|Report|NewsArticle|Story|ClaimReview)$")
_AUTHOR_META = (
    "author", "article:author", "byl", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author",
    "citation_author", "analytics:author", "article_author", "cxenseparse:author", "og:article:author",
)
_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "article.published", "pubdate", "publishdate", "publish-date", "published_at", "parsely-pub-date",
    "sailthru.date", "dc.date", "dcterms.date", "dc.date.issued", "dcterms.issued", "citation_publication_date",
    "date", "pub_date", "article_date_original",
)
_SEPARATORS = r"\s+[|\-–—:•·»]\s+|\s*[|•·»]\s*"
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:[A-Za-z]+\s+){1,3}by|by|von|por|par|di|door|av|af|"
    r"текст|автор|text|texte|autor|auteur)\b\s*[:\-–]?\s*",
    re.I,
)
_ROLE_WORDS = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|editors|contributor|columnist|desk|bureau|team|newsroom|"
    r"admin|administrator|webmaster|redacción|rédaction|redaktion|online|digital|news\s+service|view\s+more|"
    r"follow|biography|more\s+articles|contributing|senior|editorial)\b",
    re.I,
)
_AGENCIES = {
    "reuters": "Reuters", "ap": "Associated Press", "associated press": "Associated Press", "the associated press":
    "Associated Press", "afp": "AFP", "agence france-presse": "AFP", "bloomberg": "Bloomberg", "dpa": "dpa",
    "pa": "PA Media", "pa media": "PA Media", "pti": "PTI", "ani": "ANI", "ians": "IANS", "upi": "UPI",
    "xinhua": "Xinhua", "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo", "yonhap": "Yonhap", "tass": "TASS",
}
_GLUED_AGENCY = re.compile(r"(\w)\s*(Associated Press|Reuters|AFP|Bloomberg)\b")
_DATEISH = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}/\d{2}/\d{2}"
)
# bylines of other articles (related links, teasers, comments, forms) are not this article's
_NOT_ELSEWHERE = (
    "not(ancestor-or-self::form) and not(ancestor::aside) and not(ancestor::footer) and not(ancestor::nav) and "
    "not(ancestor::*[contains(@class, 'comment') or contains(@class, 'related') or contains(@class, 'list-of') "
    "or contains(@class, 'teaser') or contains(@class, 'recommend') or contains(@class, 'sidebar') "
    "or contains(@class, 'promo')])"
)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass
class PageMeta:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: CaseDate | None = None
    site: str = ""


@dataclass
class PageSources:
    """What the page says about itself, gathered before its scripts (JSON-LD among them) are stripped."""

    metas: dict[str, list[str]]
    ld: list[dict[str, Any]]
    title_tag: str
    h1s: list[str]
    bylines: list[str]
    time_stamps: list[str]


def gather(tree: Any) -> PageSources:
    title = tree.find(".//title")
    bylines: list[str] = []
    for xpath in ('//*[@rel="author"]', '//*[@itemprop="author"]//*[@itemprop="name"]', '//*[@itemprop="author"]',
                  '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")]',
                  '//*[contains(@class, "author-name") or contains(@class, "byline__name")]',
                  '//*[contains(@class, "author") or contains(@class, "byline")]'):
        xpath = f"{xpath}[{_NOT_ELSEWHERE}]"
        bylines += [" ".join(el.text_content().split()) for el in tree.xpath(xpath)[:3]]
    return PageSources(
        metas=_meta_tags(tree),
        ld=_json_ld(tree),
        title_tag=" ".join(title.text_content().split()) if title is not None else "",
        h1s=[" ".join(h.text_content().split()) for h in tree.iter("h1")][:3],
        bylines=bylines,
        time_stamps=[t.get("datetime", "") for t in tree.xpath('//time[@pubdate or @itemprop="datePublished"]')],
    )


def page_metadata(src: PageSources, extracted: dict[str, Any]) -> PageMeta:
    """Title, authors and date from the page's own declarations; `extracted` is trafilatura's metadata."""
    sites = _site_names(src.metas, src.ld, extracted)
    return PageMeta(
        title=_title(src, extracted, sites),
        authors=_authors(src, extracted, sites),
        published=_published(src, extracted),
        site=next(iter(sites), ""),
    )


# --- sources ---------------------------------------------------------------------------------------------


def _meta_tags(tree: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if key and value:
            out.setdefault(key, []).append(value)
    return out


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, flattened out of lists and `@graph`s."""
    found: list[dict[str, Any]] = []

    def walk(node: Any, depth: int = 0) -> None:
        if depth > 8 or len(found) > 500:  # structured data is shallow; a hostile page's is not followed
            return
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
        elif isinstance(node, dict):
            found.append(node)
            if "@graph" in node:
                walk(node["@graph"], depth + 1)

    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            walk(json.loads(text))
        except RecursionError:  # absurdly nested JSON: ignore it, the page is still read
            continue
        except ValueError:
            try:  # a trailing comma: keep what parses
                walk(json.loads(re.sub(r",\s*([}\]])", r"\1", text)))
            except (ValueError, RecursionError):
                continue
    return found


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", "")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)]


def _articles(ld: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [n for n in ld if any(_ARTICLE_TYPE.search(t) for t in _types(n))]


def _site_names(metas: dict[str, list[str]], ld: list[dict[str, Any]], extracted: dict[str, Any]) -> list[str]:
    names = [*metas.get("og:site_name", []), *metas.get("application-name", []),
             *metas.get("apple-mobile-web-app-title", [])]
    for node in ld:
        if "WebSite" in _types(node) and isinstance(node.get("name"), str):
            names.append(node["name"])
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    if extracted.get("sitename"):
        names.append(str(extracted["sitename"]))
    host = str(extracted.get("hostname") or "")
    if host:
        labels = re.sub(r"^(?:www|m|amp)\.", "", host).split(".")[:-1]
        while len(labels) > 1 and labels[-1] in ("co", "com", "org", "net", "ac", "gov", "or", "ne"):
            labels.pop()
        if labels:
            names.append(labels[-1])
    out: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if is_url_like(name):
            name = re.sub(r"^\w+://(?:www\.)?", "", name).split("/")[0].rsplit(".", 1)[0]
        for variant in (name, re.sub(r"^(?:the|la|le|el|il|die|der)\s+", "", name, flags=re.I)):
            if variant and variant not in out:
                out.append(variant)
    return out


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _is_site(name: str, sites: list[str]) -> bool:
    key = _key(name)
    if not key:
        return True
    for site in sites:
        skey = _key(site)
        if skey and (key == skey or (len(skey) >= 4 and skey in key) or (len(skey) >= 3 and key.startswith(skey))
                     or (len(key) >= 4 and 2 * len(key) >= len(skey) and key in skey)):
            return True
        skey = _key(re.sub(r"\.(?:com|org|net|co\.uk|in|ca)$", "", site, flags=re.I))
        if skey and key == skey:
            return True
    return False


# --- title ---------------------------------------------------------------------------------------------------


def _title(src: PageSources, extracted: dict[str, Any], sites: list[str]) -> str:
    metas = src.metas
    headlines = [str(n["headline"]) for n in _articles(src.ld) if isinstance(n.get("headline"), str)]
    candidates = [*metas.get("og:title", [])[:1], *headlines[:1], *metas.get("twitter:title", [])[:1],
                  src.title_tag, str(extracted.get("title") or "")]
    h1s = src.h1s
    for candidate in candidates:
        title = _strip_site(_unescape(candidate), sites)
        for h1 in h1s:  # "Headline - Section Name": the page's own heading is the clean part
            if h1 and len(h1) >= 12 and title.casefold().startswith(h1.casefold()) and len(title) > len(h1):
                rest = title[len(h1):]
                if re.match(_SEPARATORS, rest):
                    title = h1
        if not is_junk_title(title):
            return title
    return ""


def _unescape(text: str) -> str:
    import html

    return " ".join(html.unescape(text).split())


def _strip_site(title: str, sites: list[str]) -> str:
    """`Headline - Site`, `Site | Headline`, `Site: Headline` → `Headline` (only the site's own name is cut)."""
    for _ in range(2):
        parts = re.split(f"({_SEPARATORS})", title)
        if len(parts) < 3:
            return title
        if _is_site(parts[-1], sites) and len(parts[-1]) < len(title) / 1.5:
            title = "".join(parts[:-2]).strip()
        elif _is_site(parts[0], sites) and len(parts[0]) < len(title) / 1.5:
            title = "".join(parts[2:]).strip()
        else:
            return title
    return title


# --- authors ------------------------------------------------------------------------------------------------


def _authors(src: PageSources, extracted: dict[str, Any], sites: list[str]) -> list[str]:
    metas, ld = src.metas, src.ld
    by_id = {str(n["@id"]): n for n in ld if isinstance(n.get("@id"), str)}
    declared = False
    for node in _articles(ld):
        for key in ("author", "creator"):
            raw = _ld_names(node.get(key), by_id)
            if raw:
                declared = True
                names = _clean_names(raw, sites)
                if names:
                    return names
    signed = [t for t in src.bylines if _BY_PREFIX.match(t)]  # "By …", "Text: …" first
    if declared:  # the structured data names only the site: a signed byline may still name the writers
        return _best_byline(signed, sites)
    for key in _AUTHOR_META:
        names = _clean_names([v for v in metas.get(key, []) if not is_url_like(v)], sites)
        if names:
            return names
    names = _best_byline(signed + [t for t in src.bylines if t not in signed], sites)
    if names:
        return names
    # trafilatura's guess, last: a lone word there is more often a label or an account than a name
    names = _clean_names([str(extracted.get("author") or "")], sites)
    return [n for n in names if " " in n or n in _AGENCIES.values()]


def _best_byline(texts: list[str], sites: list[str]) -> list[str]:
    """The first byline that is only names ("A and B"); else the first that yields any name."""
    first: list[str] = []
    for text in texts:
        names, dropped = _names([text], sites)
        if names and not first:
            first = names
        if names and dropped == 0:
            return names
    return first


def _ld_names(value: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    if depth > 4:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for v in value[:50] for name in _ld_names(v, by_id, depth + 1)]
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str) and value["@id"] in by_id:
            value = by_id[value["@id"]]
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [str(n) for n in name]
    return []


_SPLIT = re.compile(r"\s*(?:;|\||,|\b[Aa]nd\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*")  # "e"/"y" only in lower case


def _clean_names(raw: list[str], sites: list[str]) -> list[str]:
    """Every person or agency named in `raw` ("By A, B and C | Site" → [A, B, C]); URLs, roles and the site go."""
    return _names(raw, sites)[0]


def _names(raw: list[str], sites: list[str]) -> tuple[list[str], int]:
    """The names in `raw` and how many parts were dropped (a byline of names only drops none)."""
    out: list[str] = []
    dropped = 0
    for value in raw:
        value = _BY_PREFIX.sub("", _unescape(value))
        value = re.split(r"\s+(?:\||—|–|-)\s+|\s+@\w|\bUpdated\b|\bPublished\b|\bPosted\b|"
                         r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", value)[0]
        value = _GLUED_AGENCY.sub(r"\1, \2", value)  # "ERIC TUCKERAssociated Press", "Tom Davies Associated Press"
        value = _DATEISH.split(value)[0]
        parts = [p.strip(" .,:;-–—") for p in _SPLIT.split(value)]
        parts = [p for p in parts if p]
        kept: list[str] = []
        for part in parts:
            part = _BY_PREFIX.sub("", part).strip(" .,:;")
            agency = _AGENCIES.get(part.casefold())
            if agency:
                kept.append(agency)
                continue
            if (not part or is_url_like(part) or "@" in part or "(" in part or _ROLE_WORDS.search(part)
                    or _is_site(part, sites)
                    or re.search(r"\d", part) or len(part) > 60 or len(part.split()) > 5):
                dropped += 1
                continue
            if " " not in part and (part.islower() or (part.isupper() and len(part) > 1)):
                dropped += 1
                continue  # an account name ("KWCHCIK", "rmb"), not a person's
            kept.append(_title_case(part))
        if len(kept) > 1:  # "Victor Tangermann, Futurism": a lone word next to full names is an outlet
            kept = [k for k in kept if " " in k or k in _AGENCIES.values()] or kept[:1]
        people = [k for k in kept if k not in _AGENCIES.values()]
        if people:  # "Meg Kinnard, Associated Press": the agency is the writers' employer, not another author
            kept = people
        for name in kept:
            if name.casefold() not in {o.casefold() for o in out}:
                out.append(name)
    return out, dropped


def _title_case(name: str) -> str:
    if name.isupper() and len(name) > 3:  # "TOM KRISHER"
        return " ".join(w.capitalize() if len(w) > 2 else w for w in name.split())
    return name


# --- date -----------------------------------------------------------------------------------------------------


def _published(src: PageSources, extracted: dict[str, Any]) -> CaseDate | None:
    values = [str(n["datePublished"]) for n in _articles(src.ld) if n.get("datePublished")]
    values += [v for key in _DATE_META for v in src.metas.get(key, [])[:1]]
    values += src.time_stamps
    values += [str(extracted.get("date") or "")]
    for value in values:
        found = plausible(_day(value))
        if found is not None:
            return found
    return None


def _day(value: str) -> CaseDate | None:
    if not value:
        return None
    m = _ISO_DAY.match(value)
    if m:
        try:
            return CaseDate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except (ValueError, ValidationError):
            return None
    found = try_date(value, DatePrecision.DAY)
    if found is None:
        m2 = _DATEISH.search(value)
        found = try_date(m2.group(0), DatePrecision.DAY) if m2 else None
    if found is not None and found.precision is DatePrecision.DAY:
        return found
    return None
