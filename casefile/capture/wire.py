"""HTTP/1.1 messages read off a socket byte for byte, so what is recorded is what was sent and served."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import BinaryIO

MAX_HEAD = 64 * 1024


class WireError(Exception):
    """A message that cannot be read (cut short, malformed); the text is a reason for the user."""


class Oversized(WireError):
    pass


@dataclass
class Message:
    """A request or response: its start line, headers in order, the raw head and the raw (framed) body."""

    start: str
    headers: list[tuple[str, str]]
    head: bytes
    body: bytes = b""  # as on the wire (chunked framing kept)

    def get(self, name: str, default: str = "") -> str:
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return default

    @property
    def status(self) -> int:
        parts = self.start.split(" ", 2)
        return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0

    @property
    def reason(self) -> str:
        parts = self.start.split(" ", 2)
        return parts[2] if len(parts) > 2 else ""

    def raw(self) -> bytes:
        return self.head + self.body

    def payload(self, limit: int) -> bytes:
        """The body without chunked framing and content encoding (gzip, deflate), as a file would hold it."""
        data = dechunk(self.body) if "chunked" in self.get("transfer-encoding").lower() else self.body
        enc = self.get("content-encoding").lower().strip()
        if enc in ("gzip", "x-gzip", "deflate"):
            d = zlib.decompressobj(zlib.MAX_WBITS | 32 if enc != "deflate" else zlib.MAX_WBITS)
            try:
                out = d.decompress(data, limit + 1)
            except zlib.error:
                out = zlib.decompressobj(-zlib.MAX_WBITS).decompress(data, limit + 1)
            if len(out) > limit:
                raise Oversized("the response is larger than the limit once unpacked")
            return out
        return data


def read_head(rfile: BinaryIO) -> Message | None:
    """The start line and headers; None when the peer closed before sending anything."""
    lines: list[bytes] = []
    size = 0
    while True:
        line = rfile.readline(MAX_HEAD + 1)
        if not line:
            if not lines:
                return None
            raise WireError("the connection closed in the middle of the headers")
        size += len(line)
        if size > MAX_HEAD:
            raise WireError("the headers are too long")
        if not lines and line in (b"\r\n", b"\n"):
            continue  # stray blank lines between messages
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            break
    text = [ln.decode("iso-8859-1").rstrip("\r\n") for ln in lines[:-1]]
    headers = []
    for ln in text[1:]:
        name, sep, value = ln.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return Message(text[0], headers, b"".join(lines))


def read_body(rfile: BinaryIO, msg: Message, cap: int, *, response: bool, method: str = "GET") -> None:
    """Fill `msg.body` with the body exactly as framed; raise Oversized past `cap` bytes."""
    if response and (method == "HEAD" or msg.status in (204, 304) or 100 <= msg.status < 200):
        return
    if "chunked" in msg.get("transfer-encoding").lower():
        msg.body = _read_chunked(rfile, cap)
        return
    length = msg.get("content-length")
    if length.strip().isdigit():
        n = int(length)
        if n > cap:
            raise Oversized(f"the response is {n:,} bytes, over the limit of {cap:,}")
        msg.body = _read_exact(rfile, n)
        return
    if not response:
        return
    parts, total = [], 0
    while True:  # delimited by the end of the connection
        block = rfile.read1(65536) if hasattr(rfile, "read1") else rfile.read(65536)
        if not block:
            break
        total += len(block)
        if total > cap:
            raise Oversized(f"the response is over the limit of {cap:,} bytes")
        parts.append(block)
    msg.body = b"".join(parts)


def _read_exact(rfile: BinaryIO, n: int) -> bytes:
    data = rfile.read(n)
    if len(data) < n:
        raise WireError("the connection closed before the whole response arrived")
    return data


def _read_chunked(rfile: BinaryIO, cap: int) -> bytes:
    out: list[bytes] = []
    total = 0
    while True:
        line = rfile.readline(4096)
        if not line:
            raise WireError("the connection closed in the middle of a chunked response")
        out.append(line)
        try:
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        except ValueError as exc:
            raise WireError("a chunk of the response is malformed") from exc
        if size == 0:
            while True:  # trailers, then the blank line
                trailer = rfile.readline(4096)
                out.append(trailer)
                if trailer in (b"\r\n", b"\n", b""):
                    return b"".join(out)
        total += size
        if total > cap:
            raise Oversized(f"the response is over the limit of {cap:,} bytes")
        out.append(_read_exact(rfile, size + 2))


def dechunk(body: bytes) -> bytes:
    out, pos = [], 0
    while pos < len(body):
        end = body.find(b"\n", pos)
        if end < 0:
            break
        try:
            size = int(body[pos:end].split(b";", 1)[0].strip() or b"0", 16)
        except ValueError:
            break
        if size == 0:
            break
        out.append(body[end + 1:end + 1 + size])
        pos = end + 1 + size + 2
    return b"".join(out)
