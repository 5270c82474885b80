"""Which addresses a capture may open (http and https only), and one spelling of each for matching."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


class AddressRefused(ValueError):
    """An address CaseFile will not open; str() is the reason."""


def check_address(url: str) -> str:
    """The address, stripped, when it is an http(s) address with a host; AddressRefused otherwise."""
    text = url.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "an address without http:// or https://"
        raise AddressRefused(f"{shown} addresses are not captured (only http and https web pages)")
    try:
        parts = urlsplit(text)
        _ = parts.port
    except ValueError as exc:
        raise AddressRefused(f"it is not a valid web address ({exc})") from exc
    if not parts.hostname:
        raise AddressRefused("it names no host")
    return text


def normalize(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, "/" for an empty path."""
    p = urlsplit(url)
    host = (p.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = p.port
    default = {"http": 80, "https": 443}.get(p.scheme.lower())
    netloc = host if port in (None, default) else f"{host}:{port}"
    if p.username or p.password:
        netloc = p.netloc.rsplit("@", 1)[0] + "@" + netloc
    return urlunsplit((p.scheme.lower(), netloc, p.path or "/", p.query, ""))
