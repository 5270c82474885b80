"""Generators of realistic (fictional) files for tests: articles, PDFs, images, audio, video, mail, office.

The case they describe is invented: Marguerite Okafor, a documentary producer, against Halvorsen Media Group.
Every generator writes to the path it is given and returns that path. Nothing here is committed as binary.
"""

from __future__ import annotations

import io
import math
import struct
import wave
import zipfile
import zlib
from collections.abc import Sequence
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

# --- the fictional story ----------------------------------------------------------------------

ARTICLE_TITLE = "Okafor sues Halvorsen Media Group over 'smear campaign'"
ARTICLE_AUTHOR = "Tomas Lind"
ARTICLE_DATE = "2025-01-27"
ARTICLE_PARAGRAPHS = [
    "Marguerite Okafor, the producer behind the documentary series \u201cNorthern Line\u201d, filed a "
    "lawsuit "
    "against Halvorsen Media Group on January 20, 2025, accusing the network of running a smear campaign "
    "against her after she complained about conditions on set.",
    "The complaint, filed in the Southern District of New York, seeks $12 million in damages. It says that "
    "Halvorsen executives briefed reporters against her in December 2024.",
    "\u201cI was told to keep quiet or never work again,\u201d Okafor said in a statement on "
    "January 21, 2025.",
    "Halvorsen Media Group denied the claims. Its general counsel, Ingrid Sæther, called the suit "
    "\u201ca publicity stunt\u201d on January 22, 2025.",
]
TWEET_TEXT = "We stand by our reporting on Marguerite Okafor and will defend it in court."
TWEET_AUTHOR = "Halvorsen Media"
TWEET_HANDLE = "@HalvorsenMedia"
TWEET_URL = "https://twitter.com/HalvorsenMedia/status/1883000000000000001"
TWEET_DATE = "January 27, 2025"

PDF_PAGES = [
    "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\n"
    "Marguerite Okafor v. Halvorsen Media Group\n"
    "COMPLAINT\n1. Plaintiff Marguerite Okafor is a documentary producer residing in Brooklyn, New York.",
    "2. On December 3, 2024, Defendant's executives told reporters that Plaintiff was \"impossible to work "
    'with".\n3. On January 20, 2025, Plaintiff filed this complaint.',
    "PRAYER FOR RELIEF\nPlaintiff seeks damages of $12,000,000.\nDated: January 20, 2025\nDaniel Reyes, "
    "counsel for Plaintiff",
]


# --- text and web pages -----------------------------------------------------------------------


def article_body() -> str:
    return "\n\n".join(ARTICLE_PARAGRAPHS)


def write_article_txt(
    path: Path,
    encoding: str = "utf-8",
    date_prefix: bool = True,
    byline: bool = False,
    title_line: bool = False,
) -> Path:
    """A pasted article as users save it: ` date 2025-01-27 First paragraph...` (leading space included)."""
    body = article_body()
    parts = []
    if title_line:
        parts.append(ARTICLE_TITLE + "\n\n")
    if byline:
        parts.append(f"By {ARTICLE_AUTHOR}\n\n")
    parts.append(body)
    text = "".join(parts)
    if date_prefix:
        text = f" date {ARTICLE_DATE} " + text
    if encoding == "utf-8-sig":
        path.write_bytes(text.encode("utf-8-sig"))
    elif encoding == "utf-16":
        path.write_bytes(text.encode("utf-16"))  # with BOM
    elif encoding == "cp1252":
        path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    else:
        path.write_bytes(text.encode(encoding))
    return path


def write_article_md(path: Path, front_matter: bool = True) -> Path:
    fm = (
        f'---\ntitle: "{ARTICLE_TITLE}"\nauthor: {ARTICLE_AUTHOR}\ndate: {ARTICLE_DATE}\n'
        "url: https://ledger.example/okafor-halvorsen\n---\n"
        if front_matter
        else ""
    )
    body = (
        f"# {ARTICLE_TITLE}\n\n*By {ARTICLE_AUTHOR}*\n\n"
        + article_body().replace("Halvorsen Media Group denied", "**Halvorsen Media Group** denied")
        + "\n\nSee [the complaint](https://courts.example/okafor.pdf).\n"
    )
    path.write_text(fm + body, encoding="utf-8")
    return path


def tweet_blockquote(text: str = TWEET_TEXT) -> str:
    return (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">'
        f'{text} <a href="https://t.co/Xk3pQ9">pic.twitter.com/Xk3pQ9</a></p>&mdash; {TWEET_AUTHOR} '
        f'({TWEET_HANDLE}) <a href="{TWEET_URL}?ref_src=twsrc%5Etfw">{TWEET_DATE}</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def instagram_blockquote() -> str:
    return (
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/DFa1b2C3d4e/'
        '?utm_source=ig_embed" data-instgrm-version="14"><div><a href="https://www.instagram.com/p/DFa1b2C3d4e/">'
        "View this post on Instagram</a>"
        "<p>Day 1 of standing up for every crew member who was told to keep quiet. #NorthernLine</p>"
        '<p><a href="https://www.instagram.com/p/DFa1b2C3d4e/">A post shared by Marguerite Okafor '
        '(@margokafor)</a> on <time datetime="2025-01-23T18:02:11+00:00">'
        "Jan 23, 2025 at 10:02am PST</time></p>"
        "</div></blockquote>"
    )


def tiktok_blockquote() -> str:
    return (
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@setgossipdaily/video/7463000000000000000"'
        ' data-video-id="7463000000000000000"><section><a target="_blank" title="@setgossipdaily" '
        'href="https://www.tiktok.com/@setgossipdaily?refer=embed">@setgossipdaily</a>'
        "<p>The Okafor v Halvorsen lawsuit explained in 60 seconds</p>"
        '<a target="_blank" title="♬ original sound">♬ original sound - Set Gossip</a></section></blockquote>'
    )


def article_html(embeds: bool = True) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS[:2])
    rest = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS[2:])
    social = (
        (tweet_blockquote() + "\n" + instagram_blockquote() + "\n" + tiktok_blockquote()) if embeds else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{ARTICLE_TITLE} | The Ledger</title>
<link rel="canonical" href="https://ledger.example/2025/01/27/okafor-halvorsen">
<meta property="og:url" content="https://ledger.example/okafor-halvorsen?utm=og">
<meta property="og:site_name" content="The Ledger">
<meta property="og:title" content="{ARTICLE_TITLE}">
<meta name="author" content="{ARTICLE_AUTHOR}">
<meta property="article:published_time" content="{ARTICLE_DATE}T09:30:00+00:00">
<meta name="description" content="The documentary producer says the network briefed reporters against her.">
<script>document.write('<img src="https://tracker.example/pixel.gif">');</script>
<style>body {{ font-family: serif; }}</style>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/media">Media</a></nav>
<main><article>
<h1>{ARTICLE_TITLE}</h1>
<p class="byline">By {ARTICLE_AUTHOR}, January 27, 2025</p>
{paras}
{social}
{rest}
</article></main>
<footer><p>&copy; 2025 The Ledger. All rights reserved.</p></footer>
</body></html>
"""


def write_article_html(path: Path, embeds: bool = True, encoding: str = "utf-8") -> Path:
    html = article_html(embeds)
    if encoding != "utf-8":
        html = html.replace('<meta charset="utf-8">', f'<meta charset="{encoding}">')
    path.write_bytes(html.encode(encoding, errors="xmlcharrefreplace"))
    return path


def write_mhtml(path: Path) -> Path:
    """A page saved by a browser as a single-file web archive (MHTML)."""
    msg = EmailMessage()
    msg["From"] = "<Saved by Blink>"
    msg["Snapshot-Content-Location"] = "https://ledger.example/2025/01/27/okafor-halvorsen"
    msg["Subject"] = ARTICLE_TITLE
    msg["Date"] = "Mon, 27 Jan 2025 10:15:00 -0000"
    msg.make_related()
    msg.add_related(article_html().encode("utf-8"), "text", "html", cte="quoted-printable")
    part = msg.get_payload()[0]
    part["Content-Location"] = "https://ledger.example/2025/01/27/okafor-halvorsen"
    msg.add_related(b"\x89PNG\r\n\x1a\n", "image", "png", cte="base64")
    path.write_bytes(bytes(msg))
    return path


# --- PDF -------------------------------------------------------------------------------------------


def _pdf_string(s: str) -> bytes:
    raw = s.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(
    path: Path,
    pages: Sequence[str] = tuple(PDF_PAGES),
    title: str = "Complaint - Okafor v. Halvorsen Media Group",
    author: str = "Daniel Reyes",
    created: str = "D:20250120093000+01'00'",
    encrypted: bool = False,
) -> Path:
    """A small, valid PDF written by hand: one Helvetica text page per entry of `pages`."""
    objects: list[bytes] = []  # object n is objects[n-1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page_text in pages:
        lines = page_text.split("\n")
        ops = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
        for line in lines:
            ops.append(_pdf_string(line) + b" Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> "
                b"/Contents %d 0 R >>" % (pages_obj, font, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = add(
        b"<< /Title "
        + _pdf_string(title)
        + b" /Author "
        + _pdf_string(author)
        + b" /Producer (CaseFile test suite) /CreationDate "
        + _pdf_string(created)
        + b" >>"
    )
    encrypt = 0
    if encrypted:
        # a standard security handler whose user password is not empty: readers must ask for it
        o = b"<" + b"4a" * 32 + b">"
        u = b"<" + b"7c" * 32 + b">"
        encrypt = add(b"<< /Filter /Standard /V 1 /R 2 /O " + o + b" /U " + u + b" /P -44 >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"<< /Size %d /Root %d 0 R /Info %d 0 R" % (len(objects) + 1, catalog, info)
    if encrypt:
        trailer += (
            b" /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
            % (encrypt)
        )
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    path.write_bytes(out.getvalue())
    return path


# --- images ----------------------------------------------------------------------------------------


def make_png(
    path: Path, size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (40, 90, 160)
) -> Path:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(img)
    draw.rectangle((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill=(230, 230, 230))
    draw.text((size[0] // 4 + 8, size[1] // 4 + 8), "OKAFOR v HALVORSEN", fill=(0, 0, 0))
    img.save(path, "PNG")
    return path


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 2)
    return (float(d), float(m), s)


def make_jpeg_with_exif(
    path: Path,
    taken: str = "2025:01:19 21:47:05",
    make: str = "Fujifilm",
    model: str = "X100V",
    gps: tuple[float, float] | None = (40.6782, -73.9442),
    size: tuple[int, int] = (800, 600),
) -> Path:
    """A photo as a phone or camera writes it: EXIF date taken, camera and GPS position."""
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    img = Image.new("RGB", size, (120, 110, 90))
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0132] = "2025:01:20 08:00:00"  # DateTime (file change)
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = taken  # DateTimeOriginal
    if gps is not None:
        lat, lon = gps
        g = exif.get_ifd(0x8825)
        g[1] = "N" if lat >= 0 else "S"
        g[2] = tuple(IFDRational(v) for v in _dms(lat))
        g[3] = "E" if lon >= 0 else "W"
        g[4] = tuple(IFDRational(v) for v in _dms(lon))
    img.save(path, "JPEG", exif=exif.tobytes(), quality=80)
    return path


def make_bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A PNG header claiming an enormous image (a decompression bomb); the pixel data is a stub."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


# --- audio and video -------------------------------------------------------------------------------


def make_wav(path: Path, seconds: float = 1.5, rate: int = 16_000, channels: int = 1) -> Path:
    """A voice-note-like WAV (a 440 Hz tone) written with the standard library."""
    n = int(seconds * rate)
    frames = bytearray()
    for i in range(n):
        sample = int(12000 * math.sin(2 * math.pi * 440 * i / rate))
        frames += struct.pack("<h", sample) * channels
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


def make_audio(
    path: Path,
    container: str = "ogg",
    codec: str = "libopus",
    seconds: float = 1.0,
    rate: int = 48_000,
    title: str = "Voice note to M. Okafor",
    artist: str = "Halvorsen Media Group",
    date: str = "2025-01-19",
) -> Path:
    """An encoded audio file (`ogg`/`libopus`, `flac`/`flac`, `mp3`/`libmp3lame`, `ipod`/`aac`)."""
    import av

    with av.open(str(path), "w", format=container) as out:
        out.metadata.update({"title": title, "artist": artist, "date": date})
        stream = out.add_stream(codec, rate=rate, layout="mono")
        _encode_tone(out, stream, seconds, rate, 440)
    return path


def _tone_frame(fmt: str, start: int, n: int, rate: int, freq: float):  # type: ignore[no-untyped-def]
    """One mono frame of a sine tone in the encoder's sample format (no numpy needed)."""
    import av

    base = fmt.rstrip("p")
    values = [0.3 * math.sin(2 * math.pi * freq * (start + i) / rate) for i in range(n)]
    if base == "flt":
        data = struct.pack(f"<{n}f", *values)
    elif base == "dbl":
        data = struct.pack(f"<{n}d", *values)
    elif base == "s32":
        data = struct.pack(f"<{n}i", *(int(v * 2_000_000_000) for v in values))
    else:
        data = struct.pack(f"<{n}h", *(int(v * 32767) for v in values))
    frame = av.AudioFrame(format=fmt, layout="mono", samples=n)
    frame.planes[0].update(data + bytes(frame.planes[0].buffer_size - len(data)))
    frame.sample_rate = rate
    frame.pts = start
    return frame


def _encode_tone(out, stream, seconds: float, rate: int, freq: float) -> None:  # type: ignore[no-untyped-def]
    fmt = stream.codec_context.format.name
    per_frame = stream.codec_context.frame_size or 1024
    total = int(seconds * rate)
    t0 = 0
    while t0 < total:
        n = min(per_frame, total - t0)
        for packet in stream.encode(_tone_frame(fmt, t0, n, rate, freq)):
            out.mux(packet)
        t0 += n
    for packet in stream.encode(None):
        out.mux(packet)


def make_video_mp4(
    path: Path,
    seconds: float = 2.0,
    size: tuple[int, int] = (320, 240),
    fps: int = 10,
    container: str = "mp4",
    codec: str = "libx264",
    audio: bool = True,
    title: str = "Okafor set visit, Brooklyn",
    creation_time: str = "2025-01-19T21:47:05.000000Z",
) -> Path:
    """A short clip (a moving bar, optional tone) encoded with PyAV; container `mp4`, `webm`, `matroska`."""
    import av
    from PIL import Image, ImageDraw

    with av.open(str(path), "w", format=container) as out:
        out.metadata.update({"title": title, "creation_time": creation_time})
        vs = out.add_stream(codec, rate=fps)
        vs.width, vs.height = size
        vs.pix_fmt = "yuv420p"
        astream = None
        if audio:
            acodec = "libopus" if container == "webm" else "aac"
            astream = out.add_stream(acodec, rate=48_000, layout="mono")
        w, h = size
        for i in range(int(seconds * fps)):
            img = Image.new("RGB", size, (200, 40, 40))
            draw = ImageDraw.Draw(img)
            x = (i * 8) % w
            draw.rectangle((x, 0, x + 20, h), fill=(40, 220, 40))
            draw.rectangle((0, h // 2, w, h), fill=(30, 30, 160))
            frame = av.VideoFrame.from_image(img)
            frame.pts = i
            for packet in vs.encode(frame):
                out.mux(packet)
        for packet in vs.encode(None):
            out.mux(packet)
        if astream is not None:
            _encode_tone(out, astream, seconds, 48_000, 330)
    return path


# --- mail ------------------------------------------------------------------------------------------


def make_eml_with_attachment(path: Path, html_only: bool = False) -> Path:
    """An e-mail from Halvorsen's counsel with a PDF letter attached."""
    msg = EmailMessage()
    msg["From"] = "Ingrid Sæther <i.saether@halvorsen-media.example>"
    msg["To"] = "Daniel Reyes <dreyes@reyes-law.example>"
    msg["Cc"] = "Marguerite Okafor <margo@okafor-films.example>, press@halvorsen-media.example"
    msg["Subject"] = "Re: Okafor v. Halvorsen – settlement discussion"
    msg["Date"] = format_datetime(datetime(2025, 1, 24, 16, 5, tzinfo=timezone.utc))
    msg["Message-ID"] = make_msgid(domain="halvorsen-media.example")
    body = (
        "Dear Mr Reyes,\n\nFurther to our call on January 23, 2025, my client is not prepared to retract its "
        "reporting.\nWe remain open to a without-prejudice meeting before February 7, 2025.\n\n"
        "Ingrid Sæther\n"
        "General Counsel, Halvorsen Media Group\n"
    )
    if html_only:
        msg.set_content(
            "<html><head><style>p{color:red}</style></head><body><p>Dear Mr Reyes,</p><p>Further to our call "
            "on <b>January 23, 2025</b>, my client is not prepared to retract its reporting.</p>"
            '<img src="https://tracker.example/open.gif"><script>alert(1)</script></body></html>',
            subtype="html",
        )
    else:
        msg.set_content(body)
    pdf = make_pdf(path.with_suffix(".tmp.pdf"), pages=["Letter before action\nDated January 24, 2025"])
    msg.add_attachment(
        pdf.read_bytes(), maintype="application", subtype="pdf", filename="letter-2025-01-24.pdf"
    )
    pdf.unlink()
    path.write_bytes(bytes(msg))
    return path


# --- office documents ------------------------------------------------------------------------------


def make_docx(
    path: Path, title: str = "Witness statement of Priya Nandakumar", author: str = "Daniel Reyes"
) -> Path:
    import docx

    doc = docx.Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(
        "I worked as a camera assistant on \u201cNorthern Line\u201d from September 2024 to January 2025."
    )
    doc.add_paragraph(
        "On December 3, 2024, I heard a Halvorsen executive say Ms Okafor was finished in this town."
    )
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Date"
    table.cell(0, 1).text = "Event"
    table.cell(1, 0).text = "2024-12-03"
    table.cell(1, 1).text = "Executive remark overheard"
    doc.add_paragraph("Signed, Priya Nandakumar")
    props = doc.core_properties
    props.title = title
    props.author = author
    props.created = datetime(2025, 1, 22, 14, 30)
    props.modified = datetime(2025, 1, 23, 9, 0)
    doc.save(str(path))
    return path


def make_zip_bomb_docx(path: Path, extra_bytes: int = 5_000_000) -> Path:
    """A real .docx with an extra highly compressible part: tiny on disk, large when unpacked."""
    make_docx(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/padding.bin", b"\x00" * extra_bytes)
    return path


def make_odt(
    path: Path, title: str = "Production diary, Northern Line", author: str = "Marguerite Okafor"
) -> Path:
    from odf import dc, meta, table, text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    doc.meta.addElement(dc.Title(text=title))
    doc.meta.addElement(dc.Creator(text=author))
    doc.meta.addElement(meta.InitialCreator(text=author))
    doc.meta.addElement(meta.CreationDate(text="2024-12-04T20:15:00"))
    doc.meta.addElement(dc.Date(text="2025-01-10T08:00:00"))
    doc.text.addElement(text.H(outlinelevel=1, text=title))
    doc.text.addElement(
        text.P(text="December 3, 2024: the network's head of factual asked me to drop the story.")
    )
    p = text.P(text="I said no. ")
    p.addElement(text.Span(text="He said I would regret it."))
    doc.text.addElement(p)
    t = table.Table(name="Calls")
    for row in (("2024-12-03", "Call with H. Berg"), ("2024-12-05", "Email from legal")):
        tr = table.TableRow()
        for value in row:
            tc = table.TableCell()
            tc.addElement(text.P(text=value))
            tr.addElement(tc)
        t.addElement(tr)
    doc.text.addElement(t)
    doc.save(str(path))
    return path


CHRONOLOGY_HEADERS = ["Date", "Event", "Details", "Who", "Source", "Status", "Tags"]
CHRONOLOGY_ROWS = [
    [
        "2024-09",
        "Filming of Northern Line begins",
        "Principal photography in Brooklyn",
        "Marguerite Okafor",
        "Ex. 3",
        "confirmed",
        "production",
    ],
    [
        "December 3, 2024",
        "Executive remark overheard",
        "Witness hears 'finished in this town'",
        "Priya Nandakumar; Halvorsen Media Group",
        "Ex. 5",
        "disputed",
        "defamation, witness",
    ],
    [
        "20/01/2025",
        "Complaint filed",
        "Southern District of New York",
        "Marguerite Okafor; Daniel Reyes",
        "Ex. 1 p. 3",
        "",
        "lawsuit",
    ],
    ["sometime in spring", "Unverified rumour", "", "", "", "", ""],
]


def make_xlsx(
    path: Path, headers: Sequence[str] = CHRONOLOGY_HEADERS, rows: Sequence[Sequence[object]] = ()
) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Chronology"
    ws.append(list(headers))
    for row in rows or CHRONOLOGY_ROWS:
        ws.append(list(row))
    ws.append(
        [
            datetime(2025, 1, 27, 2, 0),
            "Voice note sent",
            "At two in the morning",
            "Halvorsen Media Group",
            "Ex. 7",
            "suggested",
            "",
        ]
    )
    wb.properties.creator = "Daniel Reyes"
    wb.save(str(path))
    return path


def write_chronology_csv(path: Path, delimiter: str = ",") -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(CHRONOLOGY_HEADERS)
        w.writerows(CHRONOLOGY_ROWS)
    return path


# --- subtitles and transcripts ---------------------------------------------------------------------

SRT_TEXT = """1
00:00:01,000 --> 00:00:04,200
I never said she was finished.

2
00:00:04,500 --> 00:00:08,000
<i>We</i> stand by our reporting,
every word of it.

3
00:01:02,250 --> 00:01:05,000
That's all I'll say today.
"""

VTT_TEXT = """WEBVTT
Kind: captions

NOTE recorded at the Halvorsen press event

intro
00:00:00.500 --> 00:00:03.000 align:start
<v Ingrid Sæther>We will defend this case.

00:03.500 --> 00:06.000
<v Daniel Reyes>We look forward to it.
"""

TRANSCRIPT_TXT = """[00:00:03] Marguerite Okafor: I was told to keep quiet.
[00:00:09] Interviewer: By whom?
[00:00:11] Marguerite Okafor: By Halvorsen's head of factual, on December 3.
"""


def make_srt(path: Path, text: str = SRT_TEXT) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def make_vtt(path: Path, text: str = VTT_TEXT) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def make_transcript_txt(path: Path, text: str = TRANSCRIPT_TXT) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- misc ------------------------------------------------------------------------------------------


def write_binary(path: Path, size: int = 4096) -> Path:
    """Random-looking bytes (not text, not any known format)."""
    import random

    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(size)))
    return path


def stored_copy(src: Path, dest_dir: Path) -> Path:
    """A copy named like the case store names originals: by a hash, without extension."""
    import hashlib

    data = src.read_bytes()
    dest = dest_dir / hashlib.sha256(data).hexdigest()
    dest.write_bytes(data)
    return dest


# --- more containers (issue 11: every real file's kind) ------------------------------------------


def make_clip(
    path: Path,
    container: str,
    vcodec: str | None = "libx264",
    acodec: str | None = "aac",
    seconds: float = 1.0,
    size: tuple[int, int] = (160, 120),
    fps: int = 10,
    options: dict[str, str] | None = None,
) -> Path:
    """A short clip in any container PyAV writes (`mpegts`, `flv`, `mpeg`, `matroska`, `adts`, `aiff`, `h264`…).

    `vcodec=None` makes an audio-only file; `acodec=None` a silent video. `options` go to the muxer
    (e.g. `{"mpegts_m2ts_mode": "1"}` for an AVCHD-style .MTS with 192-byte packets).
    """
    import av

    rate = 44_100 if acodec in ("mp2", "pcm_s16be", "wmav2") else 48_000
    with av.open(str(path), "w", format=container, options=options or {}) as out:
        vs = None
        if vcodec:
            vs = out.add_stream(vcodec, rate=fps)
            vs.width, vs.height = size
            vs.pix_fmt = "yuv420p"
        astream = out.add_stream(acodec, rate=rate, layout="mono") if acodec else None
        if astream is not None and acodec == "wmav2":
            astream.bit_rate = 64_000
        if vs is not None:
            w, h = size
            for i in range(int(seconds * fps)):
                frame = av.VideoFrame(w, h, "yuv420p")
                for n, plane in enumerate(frame.planes):
                    plane.update(bytes([(i * 12 + n * 60) % 256]) * plane.buffer_size)
                frame.pts = i
                for packet in vs.encode(frame):
                    out.mux(packet)
            for packet in vs.encode(None):
                out.mux(packet)
        if astream is not None:
            _encode_tone(out, astream, seconds, rate, 330)
    return path


def make_relayed_eml(path: Path, inline_image: bool = True) -> Path:
    """A message as a mail client saves it after delivery: a Received chain and ARC/DKIM headers folded over
    many lines (more than 8 KB before the body), multipart/related HTML with an inline image, no .eml hint."""
    received = "".join(
        f"Received: from mx{n}.relay.example (mx{n}.relay.example. [203.0.113.{n}])\r\n"
        f"        by mx.reyes-law.example with ESMTPS id a{n:04d}b{n:04d}.{n}.2025.01.24.16.05.{n:02d}\r\n"
        f"        for <dreyes@reyes-law.example>\r\n"
        f"        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n"
        f"        Fri, 24 Jan 2025 08:05:{n:02d} -0800 (PST)\r\n"
        for n in range(1, 25)
    )
    signature = "\r\n".join("        " + ("AbCdEfGh0123456789+/" * 3)[: 60 - n % 7] for n in range(30))
    image = base64_lines(make_png_bytes())
    html = (
        "<html><body><p>Dear Mr Reyes,</p><p>Further to our call on January 23, 2025, my client is not "
        "prepared to retract its reporting.</p><p><img src=\"cid:logo@halvorsen\"></p>"
        "<p>Ingrid S&aelig;ther<br>General Counsel</p></body></html>"
    )
    inline = (
        "--rel-b\r\nContent-Type: image/png\r\nContent-ID: <logo@halvorsen>\r\n"
        "Content-Transfer-Encoding: base64\r\nContent-Disposition: inline; filename=\"logo.png\"\r\n\r\n"
        f"{image}\r\n"
    ) if inline_image else ""
    raw = (
        "Delivered-To: dreyes@reyes-law.example\r\n"
        f"{received}"
        "X-Google-Smtp-Source: AGHT+IEexampleexampleexampleexampleexampleexampleexampleexample\r\n"
        "ARC-Seal: i=1; a=rsa-sha256; t=1737734705; cv=none;\r\n        d=relay.example; s=arc-20240605;\r\n"
        f"        b=\r\n{signature}\r\n"
        "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=relay.example;\r\n"
        f"        h=to:subject:message-id:date:from:mime-version; bh=\r\n{signature}\r\n"
        "Return-Path: <i.saether@halvorsen-media.example>\r\n"
        "Received-SPF: pass (relay.example: domain of i.saether@halvorsen-media.example designates "
        "198.51.100.7 as permitted sender)\r\n"
        "Authentication-Results: mx.reyes-law.example;\r\n       dkim=pass header.i=@halvorsen-media.example;\r\n"
        "       spf=pass smtp.mailfrom=i.saether@halvorsen-media.example\r\n"
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n        d=halvorsen-media.example; s=sel1;\r\n"
        f"        b=\r\n{signature}\r\n"
        "MIME-Version: 1.0\r\n"
        "From: =?UTF-8?Q?Ingrid_S=C3=A6ther?= <i.saether@halvorsen-media.example>\r\n"
        "Date: Fri, 24 Jan 2025 17:05:00 +0100\r\n"
        "Message-ID: <CAF=ab12cd34@mail.halvorsen-media.example>\r\n"
        "Subject: =?UTF-8?Q?Re:_Okafor_v._Halvorsen_=E2=80=93_settlement_discussion?=\r\n"
        "To: Daniel Reyes <dreyes@reyes-law.example>\r\n"
        "Cc: Marguerite Okafor <margo@okafor-films.example>,\r\n press@halvorsen-media.example\r\n"
        "Content-Type: multipart/related; boundary=\"rel-b\"\r\n\r\n"
        "--rel-b\r\nContent-Type: multipart/alternative; boundary=\"alt-b\"\r\n\r\n"
        "--alt-b\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\n"
        "Dear Mr Reyes,\r\n\r\nFurther to our call on January 23, 2025, my client is not prepared to retract "
        "its reporting.\r\n\r\nIngrid S\u00e6ther\r\nGeneral Counsel\r\n"
        "--alt-b\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n\r\n"
        f"{html}\r\n--alt-b--\r\n"
        f"{inline}--rel-b--\r\n"
    )
    path.write_bytes(raw.encode("utf-8"))
    return path


def make_png_bytes(size: tuple[int, int] = (24, 16)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (180, 20, 20)).save(buf, "PNG")
    return buf.getvalue()


def base64_lines(data: bytes) -> str:
    import base64

    text = base64.b64encode(data).decode("ascii")
    return "\r\n".join(text[i : i + 76] for i in range(0, len(text), 76))


# --- a PDF really encrypted with a password (RC4, standard security handler revision 3) ------------

_PDF_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_encrypted_pdf(
    path: Path,
    user_password: str = "okafor2025",
    owner_password: str = "reyes-law",
    pages: Sequence[str] = ("CONFIDENTIAL SETTLEMENT TERMS\nOkafor v. Halvorsen Media Group\nDated January 24, 2025",),
    title: str = "Settlement terms",
) -> Path:
    """A PDF encrypted as Acrobat does (128-bit RC4, revision 3): readers need `user_password` to open it
    (an empty user password makes a PDF that opens but carries owner restrictions)."""
    import hashlib

    md5 = hashlib.md5
    doc_id = bytes.fromhex("9f1c2b3a4d5e6f708192a3b4c5d6e7f8")
    permissions = -3904  # print and copy allowed
    upad = (user_password.encode("latin-1") + _PDF_PAD)[:32]
    opad = (owner_password.encode("latin-1") + _PDF_PAD)[:32]
    okey = md5(opad).digest()
    for _ in range(50):
        okey = md5(okey).digest()
    o_value = upad
    for n in range(20):
        o_value = _rc4(bytes(b ^ n for b in okey), o_value)
    key = md5(upad + o_value + struct.pack("<i", permissions) + doc_id).digest()
    for _ in range(50):
        key = md5(key).digest()
    u_value = md5(_PDF_PAD + doc_id).digest()
    for n in range(20):
        u_value = _rc4(bytes(b ^ n for b in key), u_value)
    u_value += bytes(16)

    def crypt(num: int, data: bytes) -> bytes:
        obj_key = md5(key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()
        return _rc4(obj_key, data)

    def hexstr(data: bytes) -> bytes:
        return b"<" + data.hex().encode() + b">"

    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page_text in pages:
        stream = b"BT /F1 12 Tf 14 TL 72 720 Td " + b" ".join(
            _pdf_string(line) + b" Tj T*" for line in page_text.split("\n")
        ) + b" ET"
        num = len(objects) + 1
        enc = crypt(num, stream)
        objects.append(b"<< /Length %d >>\nstream\n" % len(enc) + enc + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % num)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_num = len(objects) + 1
    objects.append(b"<< /Title " + hexstr(crypt(info_num, title.encode("latin-1"))) + b" >>")
    objects.append(b"<< /Filter /Standard /V 2 /R 3 /Length 128 /O " + hexstr(o_value) + b" /U " + hexstr(u_value)
                   + b" /P %d >>" % permissions)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /Encrypt %d 0 R /ID [%s %s] >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, info_num, len(objects), hexstr(doc_id), hexstr(doc_id), xref))
    path.write_bytes(out.getvalue())
    return path


def add_xml_comments_to_docx(src: Path, dest: Path) -> Path:
    """The .docx a template engine writes: XML comments and a processing instruction inside the body."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><!-- generated from template 'statement' -->", 1)
                data = data.replace(b"<w:r>", b"<!-- merge field: name --><w:r>", 1)
                data = data.replace(b"</w:tbl>", b"</w:tbl><?template end-table?>", 1)
            zout.writestr(info, data)
    return dest


def make_heic(path: Path, size: tuple[int, int] = (320, 240), taken: str = "2003:11:23 18:07:37",
              description: str = "") -> Path:
    """An iPhone-style HEIC photo with an EXIF date taken (needs pillow-heif's HEVC encoder)."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    img = Image.new("RGB", size, (30, 90, 160))
    exif = Image.Exif()
    exif[0x0110] = "iPhone 15"
    if description:
        exif[0x010E] = description
    exif.get_ifd(0x8769)[0x9003] = taken
    img.save(str(path), format="HEIF", exif=exif.tobytes(), quality=60)
    return path


# --- Outlook .msg (an OLE compound file written by hand; extract-msg can only read them) ---------------


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) with `streams` at the root, each under the
    4096-byte cutoff so they live in the mini stream. Enough for readers of the format (olefile, extract-msg)."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the order of a directory's red-black tree
    mini = bytearray()
    minifat: list[int] = []
    starts: dict[str, int] = {}
    for name in names:
        data = streams[name]
        assert len(data) < 4096, name
        first = len(minifat)
        count = max(1, -(-len(data) // 64))
        starts[name] = first if data else end
        if data:
            minifat.extend(list(range(first + 1, first + count)) + [end])
            mini += data + bytes(count * 64 - len(data))
    entries = 1 + len(names)
    dir_sectors = -(-entries // 4)
    minifat_sectors = max(1, -(-len(minifat) // 128))
    mini_sectors = max(1, -(-len(mini) // 512))
    first_dir, first_minifat = 1, 1 + dir_sectors
    first_mini = first_minifat + minifat_sectors
    total = first_mini + mini_sectors
    assert total <= 128
    fat = [fat_sect]
    for start, count in ((first_dir, dir_sectors), (first_minifat, minifat_sectors), (first_mini, mini_sectors)):
        fat += [start + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (raw.ljust(64, b"\x00") + struct.pack("<HBBIII", len(raw), kind, 1, free, right, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 1 if names else free, free, first_mini, len(mini))
    for i, name in enumerate(names, start=1):
        right = i + 1 if i < len(names) else free  # a right-leaning chain is a valid (if unbalanced) tree
        directory += entry(name, 2, free, right, starts[name], len(streams[name]))
    directory = directory.ljust(dir_sectors * 512, b"\x00")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, first_dir, 0, 4096, first_minifat, minifat_sectors,
                                       end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat).ljust(minifat_sectors * 512, b"\xff")
    return (header + struct.pack("<128I", *fat) + directory + minifat_bytes
            + bytes(mini).ljust(mini_sectors * 512, b"\x00"))


def make_outlook_msg(path: Path, with_headers: bool = True) -> Path:
    """An Outlook message saved from the inbox: subject, sender, recipients, body and (optionally) the
    Internet headers it arrived with."""
    sent = datetime(2025, 1, 24, 16, 5, tzinfo=timezone.utc)
    filetime = int((sent - datetime(1601, 1, 1, tzinfo=timezone.utc)).total_seconds() * 10_000_000)

    def text(value: str) -> bytes:
        return value.encode("utf-16-le")

    body = ("Dear Mr Reyes,\r\n\r\nFurther to our call on January 23, 2025, my client is not prepared to retract "
            "its reporting.\r\n\r\nIngrid S\u00e6ther\r\nGeneral Counsel, Halvorsen Media Group\r\n")
    streams = {
        "__substg1.0_001A001F": text("IPM.Note"),
        "__substg1.0_0037001F": text("Re: Okafor v. Halvorsen \u2013 settlement discussion"),
        "__substg1.0_0C1A001F": text("Ingrid S\u00e6ther"),
        "__substg1.0_5D01001F": text("i.saether@halvorsen-media.example"),
        "__substg1.0_0E04001F": text("Daniel Reyes"),
        "__substg1.0_0E03001F": text("Marguerite Okafor"),
        "__substg1.0_1000001F": text(body),
        "__substg1.0_1035001F": text("<CAF=ab12cd34@mail.halvorsen-media.example>"),
    }
    if with_headers:
        streams["__substg1.0_007D001F"] = text(
            "Received: from mx1.relay.example (mx1.relay.example [203.0.113.1])\r\n"
            "        by mx.reyes-law.example; Fri, 24 Jan 2025 08:05:01 -0800\r\n"
            "From: =?UTF-8?Q?Ingrid_S=C3=A6ther?= <i.saether@halvorsen-media.example>\r\n"
            "To: Daniel Reyes <dreyes@reyes-law.example>\r\n"
            "Cc: Marguerite Okafor <margo@okafor-films.example>\r\n"
            "Subject: =?UTF-8?Q?Re:_Okafor_v._Halvorsen_=E2=80=93_settlement_discussion?=\r\n"
            "Date: Fri, 24 Jan 2025 17:05:00 +0100\r\n"
            "Message-ID: <CAF=ab12cd34@mail.halvorsen-media.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"utf-8\"\r\n\r\n"
        )
    props = bytes(8) + struct.pack("<IIII", 0, 0, 0, 0) + bytes(8)  # top-level header: no recipients/attachments
    for tag, value in ((0x00390040, filetime), (0x0E060040, filetime), (0x0E070003, 0x1)):  # submit, delivery, read
        props += struct.pack("<IIQ", tag, 0x6, value)
    streams["__properties_version1.0"] = props
    path.write_bytes(_cfb(streams))
    return path


def article_page(head: str, byline: str = "", h1: str = ARTICLE_TITLE) -> str:
    """A saved article page whose <head> (meta tags, JSON-LD) and byline a test chooses."""
    paras = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head><body>'
            f"<main><article><h1>{h1}</h1>{byline}{paras}</article></main>"
            "<footer><p>&copy; 2025 Northfield Media Group</p></footer></body></html>")


def make_amr(path: Path, seconds: float = 1.0) -> Path:
    """A phone voice memo in AMR-NB (8 kHz mono)."""
    import av

    with av.open(str(path), "w", format="amr") as out:
        stream = out.add_stream("libopencore_amrnb", rate=8000, layout="mono")
        stream.bit_rate = 12_200
        _encode_tone(out, stream, seconds, 8000, 330)
    return path


def make_mbox_style_eml(path: Path) -> Path:
    """A message exported with its mbox "From " separator line, as some mail clients save one."""
    src = make_eml_with_attachment(path)
    path.write_bytes(b"From i.saether@halvorsen-media.example Fri Jan 24 16:05:00 2025\n" + src.read_bytes())
    return path


def make_image(path: Path, fmt: str, size: tuple[int, int] = (120, 80)) -> Path:
    """A small picture in any format Pillow writes (`GIF`, `WEBP`, `TIFF`, `BMP`…)."""
    from PIL import Image

    Image.new("RGB", size, (20, 120, 60)).save(str(path), format=fmt)
    return path
