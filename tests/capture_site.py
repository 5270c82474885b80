"""A small news site on loopback for the web-capture tests: an article whose paragraphs are written by a script
and loaded with fetch, a redirect, a 404, a slow page, an oversized file, a PDF, a cookie setter and a page that
shows which cookies it received; plus HTTPS servers (a certificate from a test authority, and a self-signed one)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

ARTICLE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Harbour board sued over dredging contract | The Lakeside Courier</title>
<meta name="author" content="Ingrid Solberg">
<meta property="article:published_time" content="2025-04-09T08:30:00Z">
<link rel="stylesheet" href="/static/site.css"></head>
<body><header class="masthead">The Lakeside Courier</header>
<article><h1>Harbour board sued over dredging contract</h1>
<p class="byline">By Ingrid Solberg</p>
<p>The Lakeside Harbour Board was sued on Tuesday by Norvik Marine, which says the board awarded a dredging
contract worth 4.2 million kroner without the tender its own rules require.</p>
<p>Norvik Marine's lawyer, Petter Aasen, said the company had offered the lowest price in an earlier round.</p>
<p id="scripted"></p>
<p id="fetched"></p>
<img src="/static/harbour.png" alt="The harbour at dawn">
<p class="credits">Reporting by Ingrid Solberg; Editing by Tomas Brekke</p>
</article>
<script>
document.getElementById("scripted").textContent =
  "The board's chair, Sigrid Holm, declined to comment when reached by telephone on Wednesday.";
fetch("/api/update.json").then(r => r.json()).then(d => {
  document.getElementById("fetched").textContent = d.text;
});
</script></body></html>
"""
UPDATE_JSON = b'{"text": "A hearing at the district court is scheduled for 14 May 2025, the court\'s registry confirmed."}'
CSS = b"body { background: #f4efe6; font-family: serif; } h1 { color: #123456; font-size: 40px; }"


def png_bytes() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (240, 120), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with `text`, written by hand (no library): enough for pdfium to read its words."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


class Site:
    """What the handler serves; `hits` lists (path, Cookie header) of every request, in order."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, str]] = []
        self.png = png_bytes()
        self.pdf = pdf_bytes("Ruling of the district court in Norvik Marine v. Lakeside Harbour Board")
        self.slow_s = 8.0


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
                 extra: tuple[tuple[str, str], ...] = ()) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.hits.append((self.path, self.headers.get("Cookie", "")))
            path = self.path
            if path == "/old-address":
                self.send(301, b"", extra=(("Location", "/news/harbour-board-sued"),))
            elif path == "/news/harbour-board-sued":
                self.send(200, ARTICLE.encode(), extra=(("Set-Cookie", "reader=ingrid-7731; Path=/"),))
            elif path == "/static/site.css":
                self.send(200, CSS, "text/css")
            elif path == "/static/harbour.png":
                self.send(200, site.png, "image/png")
            elif path == "/api/update.json":
                self.send(200, UPDATE_JSON, "application/json")
            elif path == "/cookies":
                seen = self.headers.get("Cookie", "") or "none"
                self.send(200, f"<!doctype html><title>Cookies</title><p>Cookies received: {seen}</p>".encode())
            elif path == "/files/ruling.pdf":
                self.send(200, site.pdf, "application/pdf")
            elif path == "/news/with-a-hung-picture":
                page = ARTICLE.replace('<img src="/static/harbour.png"', '<img src="/slow-picture.png"')
                self.send(200, page.encode())
            elif path in ("/slow", "/slow-picture.png"):
                time.sleep(site.slow_s)
                self.send(200, b"<!doctype html><title>Late</title><p>Too late.</p>")
            elif path == "/huge.bin":
                self.send(200, b"\0" * (3 * 1024 * 1024), "application/octet-stream")
            else:
                self.send(404, b"<!doctype html><title>Not found</title><p>No such page.</p>")

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (the proxy stops reading past its size cap) is no error of the site's."""


@contextmanager
def serve(site: Site, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port); yields its base address."""
    server = _Server(("127.0.0.1", 0), _handler(site))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls is not None else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def tls_context(folder: Path, *, trusted: bool) -> tuple[ssl.SSLContext, Path | None]:
    """A server context for 127.0.0.1: signed by a test authority (whose PEM is returned, to be trusted through
    SSL_CERT_FILE) when `trusted`, else self-signed (None)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())

    def build(subject: str, issuer: x509.Name, pub: object, sign_key: object, ca: bool) -> x509.Certificate:
        b = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
             .issuer_name(issuer).public_key(pub).serial_number(x509.random_serial_number())  # type: ignore[arg-type]
             .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            b = b.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                critical=False)
        return b.sign(sign_key, hashes.SHA256())  # type: ignore[arg-type]

    ca_pem: Path | None = None
    if trusted:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Lakeside test authority")])
        ca = build("Lakeside test authority", ca_name, ca_key.public_key(), ca_key, True)
        leaf = build("127.0.0.1", ca_name, key.public_key(), ca_key, False)
        ca_pem = folder / "test-ca.pem"
        ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    else:
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        leaf = build("127.0.0.1", name, key.public_key(), key, False)
    cert = folder / ("trusted.pem" if trusted else "self-signed.pem")
    cert.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_path = folder / (cert.stem + ".key")
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key_path)
    return ctx, ca_pem
