"""The recording proxy: every request the captured page makes passes through it and is written to the WARC.

It listens on a loopback address of its own (127.0.0.2 by default, since Chromium sends nothing for
127.0.0.1 through a proxy unless told, and the tests' servers live there). Plain HTTP is forwarded as is;
HTTPS arrives as CONNECT and is opened with a certificate from this capture's authority (`tls.py`), while the
proxy opens its own TLS connection to the origin, verified against the system's trust store: an origin whose
certificate does not verify is refused and named, never accepted. Each upstream exchange is one connection
(`Connection: close`), its bytes relayed unchanged (chunked framing and content encoding included), so the WARC
holds the response as served.

The first navigation is fetched here before the browser starts (`fetch`), following redirects; the browser
then receives those very responses from `prefetched`, so the page's own address is fetched once and its status,
redirect chain and type are known without asking the engine.
"""

from __future__ import annotations

import socket
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from casefile.capture.tls import CaptureAuthority, origin_context
from casefile.capture.urls import AddressRefused, check_address, normalize
from casefile.capture.wire import Message, Oversized, WireError, read_body, read_head

HOP_HEADERS = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate",
               "te", "upgrade"}
MAX_REDIRECTS = 10


class OriginError(Exception):
    """The origin could not be reached or read; the text is the reason, for one sentence."""


@dataclass
class Exchange:
    url: str
    request: Message
    response: Message | None = None
    error: str = ""
    ip: str = ""


class WarcRecorder:
    """Appends request/response record pairs to a gzipped WARC 1.1 file, one thread at a time."""

    def __init__(self, path: Path, software: str) -> None:
        self.path = path
        self._file = path.open("wb")
        self._writer = WARCWriter(self._file, gzip=True, warc_version="WARC/1.1")
        self._lock = threading.Lock()
        info = self._writer.create_warcinfo_record(path.name, {"software": software, "format": "WARC File Format 1.1",
                                                               "conformsTo": "ISO 28500"})
        self._writer.write_record(info)

    def record(self, ex: Exchange) -> None:
        if ex.response is None:
            return
        with self._lock:
            extra = {"WARC-IP-Address": ex.ip} if ex.ip else {}
            resp = self._writer.create_warc_record(ex.url, "response", payload=BytesIO(ex.response.raw()),
                                                   length=len(ex.response.raw()), warc_headers_dict=extra)
            req = self._writer.create_warc_record(ex.url, "request", payload=BytesIO(ex.request.raw()),
                                                  length=len(ex.request.raw()))
            req.rec_headers.add_header("WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID"))
            self._writer.write_record(resp)
            self._writer.write_record(req)
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()


class RecordingProxy:
    def __init__(self, recorder: WarcRecorder, authority: CaptureAuthority, *, max_bytes: int,
                 deadline: float, host: str = "127.0.0.2", user_agent: str = "") -> None:
        self.recorder = recorder
        self.authority = authority
        self.max_bytes = max_bytes
        self.deadline = deadline  # time.monotonic() past which no origin is waited for
        self.user_agent = user_agent
        self.prefetched: dict[str, Message] = {}
        self.exchanges: list[Exchange] = []
        self.refused: list[str] = []  # "URL: reason" for requests not recorded
        self.in_flight = 0
        self.last_activity = time.monotonic()
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.connection)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server((host, 0), Handler)
        self.address = f"{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="capture-proxy", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # the first navigation ---------------------------------------------------------------------------
    def fetch(self, url: str, headers: list[tuple[str, str]]) -> list[Exchange]:
        """GET `url` and follow redirects; every hop is recorded and kept for the browser. Raises OriginError."""
        chain: list[Exchange] = []
        seen: set[str] = set()
        while True:
            url = normalize(url)
            if url in seen or len(chain) > MAX_REDIRECTS:
                raise OriginError("it redirects in a loop or too many times")
            seen.add(url)
            parts = urlsplit(url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            req = _request("GET", target, parts.netloc, headers)
            ex = self.forward(url, req)
            chain.append(ex)
            if ex.response is None:
                raise OriginError(ex.error)
            self.prefetched[url] = ex.response
            location = ex.response.get("location")
            if ex.response.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                try:
                    check_address(url)
                except AddressRefused as exc:
                    raise OriginError(f"it redirects to {exc}") from exc
                continue
            return chain

    # forwarding -------------------------------------------------------------------------------------
    def forward(self, url: str, req: Message) -> Exchange:
        """Send one request to its origin and read the whole response; record it. Never raises."""
        ex = Exchange(url, req)
        with self._lock:
            self.in_flight += 1
        try:
            ex.response, ex.ip = self._origin(url, req)
        except OriginError as exc:
            ex.error = str(exc)
        finally:
            with self._lock:
                self.in_flight -= 1
                self.last_activity = time.monotonic()
                self.exchanges.append(ex)
                if ex.error:
                    self.refused.append(f"{url}: {ex.error}")
        if ex.response is not None:
            self.recorder.record(ex)
        return ex

    def _origin(self, url: str, req: Message) -> tuple[Message, str]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        timeout = self.deadline - time.monotonic()
        if timeout <= 0:
            raise OriginError("the time limit was reached")
        try:
            sock = socket.create_connection((host, port), timeout=min(timeout, 30))
        except socket.gaierror as exc:
            raise OriginError(f"there is no such host ({host})") from exc
        except ConnectionRefusedError as exc:
            raise OriginError("the connection was refused") from exc
        except TimeoutError as exc:
            raise OriginError("the server did not answer within the time limit") from exc
        except OSError as exc:
            raise OriginError(f"it could not be reached ({exc.strerror or exc})") from exc
        ip = sock.getpeername()[0]
        try:
            if parts.scheme == "https":
                try:
                    sock = origin_context().wrap_socket(sock, server_hostname=host)
                except ssl.SSLCertVerificationError as exc:
                    raise OriginError(f"its TLS certificate does not verify ({exc.verify_message}); "
                                      "the page was refused") from exc
                except ssl.SSLError as exc:
                    raise OriginError(f"the secure connection failed ({exc.reason or exc})") from exc
            sock.sendall(req.raw())
            rfile = sock.makefile("rb")
            method = req.start.split(" ", 1)[0]
            try:
                resp = read_head(rfile)
                if resp is None:
                    raise OriginError("the server closed the connection without answering")
                read_body(rfile, resp, self.max_bytes, response=True, method=method)
            except Oversized as exc:
                raise OriginError(f"{exc} (the capture's size limit)") from exc
            except WireError as exc:
                raise OriginError(str(exc)) from exc
            except TimeoutError as exc:
                raise OriginError("the server did not answer within the time limit") from exc
            except OSError as exc:
                raise OriginError(f"the connection failed ({exc.strerror or exc})") from exc
            return resp, ip
        finally:
            sock.close()

    # the browser's side -------------------------------------------------------------------------------
    def _serve(self, conn: socket.socket, scheme: str = "http", authority: str = "") -> None:
        try:
            rfile = conn.makefile("rb")
            while True:
                req = read_head(rfile)
                if req is None:
                    return
                method, _, rest = req.start.partition(" ")
                target = rest.rsplit(" ", 1)[0]
                if method == "CONNECT" and not authority:
                    self._tunnel(conn, target)
                    return
                read_body(rfile, req, self.max_bytes, response=False)
                url = normalize(target if target.startswith(("http://", "https://"))
                                else f"{scheme}://{authority}{target}")
                if not self._relay(conn, method, url, req):
                    return
        except (OSError, WireError, ValueError):
            return
        finally:
            conn.close()

    def _tunnel(self, conn: socket.socket, target: str) -> None:
        host = target.rsplit(":", 1)[0].strip("[]")
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        try:
            tls = self.authority.server_context(host).wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return
        authority = target[:-4] if target.endswith(":443") else target
        self._serve(tls, "https", authority)

    def _relay(self, conn: socket.socket, method: str, url: str, req: Message) -> bool:
        """Answer one browser request; False when the connection must close afterwards."""
        cached = self.prefetched.pop(url, None) if method == "GET" else None
        if cached is not None:
            resp: Message | None = cached
        else:
            parts = urlsplit(url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            upstream = _request(method, target, parts.netloc, req.headers, req.body)
            resp = self.forward(url, upstream).response
        if resp is None:
            body = b"CaseFile's capture did not fetch this address."
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            return False
        conn.sendall(resp.raw())
        framed = resp.get("content-length") or "chunked" in resp.get("transfer-encoding").lower()
        return bool(framed) and resp.get("connection").lower() != "close"

    def idle_for(self) -> float:
        with self._lock:
            return 0.0 if self.in_flight else time.monotonic() - self.last_activity


def _request(method: str, target: str, host: str, headers: list[tuple[str, str]], body: bytes = b"") -> Message:
    """The request as the proxy sends it upstream: origin form, hop-by-hop headers out, one exchange per
    connection."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}"]
    kept = [(k, v) for k, v in headers if k.lower() not in HOP_HEADERS and k.lower() != "host"]
    lines += [f"{k}: {v}" for k, v in kept]
    lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("iso-8859-1", "replace")
    return Message(lines[0], [("Host", host), *kept, ("Connection", "close")], head, body)


__all__ = ["Exchange", "OriginError", "RecordingProxy", "WarcRecorder"]
