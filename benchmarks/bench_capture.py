"""How long capturing a news-sized page takes, end to end, against a web site on loopback.

    python benchmarks/bench_capture.py [--runs 3] [--json FILE]

A synthetic news page (about 1,400 words of article, a navigation bar, 12 pictures, 3 style sheets, 4 scripts,
one of them writing a paragraph, one loading another with fetch) is served on 127.0.0.1 and captured with
`CaptureService.capture_one` into a fresh case, as `casefile capture` does: the worker process (engine start,
every request through the recording proxy, screenshot, PDF), then storing the parts and reading the page.
Suggestions are not run (they are pass 2, as for any import). Target: at most 5 s a page.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casefile.context import create_case  # noqa: E402

WORDS = ("the council said on Tuesday that the harbour contract had been awarded without a tender and that its "  # noqa: SIM905
         "lawyers would answer the claim in court before the summer recess while residents waited").split()


def _page() -> bytes:
    paras = []
    for i in range(48):
        words = [WORDS[(i * 7 + j) % len(WORDS)] for j in range(30)]
        paras.append(f"<p>{' '.join(words).capitalize()}.</p>")
    pics = "".join(f'<figure><img src="/img/{i}.png" width="600" height="300"><figcaption>Photo {i}: '
                   "Lakeside Courier</figcaption></figure>" for i in range(12))
    nav = "".join(f'<a href="/section/{i}">Section {i}</a> ' for i in range(40))
    return (f"""<!doctype html><html><head><meta charset="utf-8"><title>Harbour contract under review | Courier
</title><meta name="author" content="Ingrid Solberg"><meta property="article:published_time"
content="2025-04-09T08:30:00Z">{''.join(f'<link rel="stylesheet" href="/css/{i}.css">' for i in range(3))}
</head><body><nav>{nav}</nav><article><h1>Harbour contract under review</h1><p>By Ingrid Solberg</p>
{''.join(paras[:24])}{pics}<p id="js"></p><p id="fetched"></p>{''.join(paras[24:])}</article>
{''.join(f'<script src="/js/{i}.js"></script>' for i in range(4))}</body></html>""").encode()


def _png() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (600, 300), (40, 100, 150)).save(out, "PNG")
    return out.getvalue()


def _serve() -> tuple[ThreadingHTTPServer, str]:
    page, png = _page(), _png()
    scripts = {"/js/0.js": b"document.getElementById('js').textContent = 'Written by a script.';",
               "/js/1.js": b"fetch('/api/more.json').then(r => r.json()).then(d => "
                           b"{document.getElementById('fetched').textContent = d.text;});",
               "/js/2.js": b"var x = 1;" * 2000, "/js/3.js": b"var y = 2;" * 2000}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/news":
                body, ctype = page, "text/html; charset=utf-8"
            elif self.path.startswith("/img/"):
                body, ctype = png, "image/png"
            elif self.path.startswith("/css/"):
                body, ctype = b"body { font-family: serif; } p { line-height: 1.5; }" * 40, "text/css"
            elif self.path in scripts:
                body, ctype = scripts[self.path], "application/javascript"
            elif self.path == "/api/more.json":
                body, ctype = b'{"text": "Loaded later with fetch."}', "application/json"
            else:
                body, ctype = b"not found", "text/plain"
            self.send_response(200 if ctype != "text/plain" else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/news"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    server, url = _serve()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        case = create_case(Path(tmp) / "Bench", "Capture benchmark")
        try:
            for i in range(args.runs):
                t0 = time.perf_counter()
                outcome = case.captures.capture_one(url)
                total = time.perf_counter() - t0
                if outcome.evidence_id is None:
                    raise SystemExit(f"capture failed: {outcome.reason}")
                details = case.captures.details(outcome.evidence_id)
                text = case.evidence.text(outcome.evidence_id)
                rows.append({"run": i + 1, "seconds": round(total, 2), "words": len(text.split()),
                             "parts": len(details.parts) if details else 0,
                             "script_text": "Written by a script." in text,
                             "fetched_text": "Loaded later with fetch." in text})
        finally:
            case.close()
            server.shutdown()
    print(f"{'run':>4} {'seconds':>8} {'words':>6} {'parts':>6}  script/fetch text kept")
    for r in rows:
        print(f"{r['run']:>4} {r['seconds']:>8.2f} {r['words']:>6} {r['parts']:>6}  "
              f"{r['script_text']}/{r['fetched_text']}")
    worst = max(r["seconds"] for r in rows)
    print(f"slowest {worst:.2f} s (target ≤ 5 s): {'met' if worst <= 5 else 'NOT met'}")
    if args.json:
        args.json.write_text(json.dumps({"capture_news_page": rows, "slowest_s": worst}, indent=1))


if __name__ == "__main__":
    main()
