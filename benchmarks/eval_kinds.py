"""Share of real-format files recognised by kind: media, PDFs, e-mails and images, named and unnamed.

    python benchmarks/eval_kinds.py [-v]

Every file is generated here in its real format (PyAV encodes the clips, Pillow/pillow-heif the photos, the
test generators the PDFs and messages), then read through the importer registry twice: under its usual name
and with no extension at all (detection must come from the content). A file counts as recognised when the
imported item's kind is the expected one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile.domain.errors import ImportFailedError  # noqa: E402
from casefile.importers.base import Limits  # noqa: E402
from casefile.importers.registry import default_registry  # noqa: E402
from tests import fixture_files as ff  # noqa: E402

Maker = Callable[[Path], Path]

AUDIO: dict[str, Maker] = {
    "voice.wav": lambda p: ff.make_wav(p),
    "voice.mp3": lambda p: ff.make_clip(p, "mp3", None, "libmp3lame"),
    "voice.ogg": lambda p: ff.make_clip(p, "ogg", None, "libopus"),
    "voice.flac": lambda p: ff.make_clip(p, "flac", None, "flac"),
    "voice.aac": lambda p: ff.make_clip(p, "adts", None, "aac"),
    "voice.m4a": lambda p: ff.make_clip(p, "ipod", None, "aac"),
    "voice.aiff": lambda p: ff.make_clip(p, "aiff", None, "pcm_s16be"),
    "voice.caf": lambda p: ff.make_clip(p, "caf", None, "pcm_s16le"),
    "voice.au": lambda p: ff.make_clip(p, "au", None, "pcm_s16be"),
    "voice.wma": lambda p: ff.make_clip(p, "asf", None, "wmav2"),
    "voice.ac3": lambda p: ff.make_clip(p, "ac3", None, "ac3"),
    "voice.amr": lambda p: ff.make_amr(p),
    "voice.w64": lambda p: ff.make_clip(p, "w64", None, "pcm_s16le"),
}
VIDEO: dict[str, Maker] = {
    "clip.mp4": lambda p: ff.make_clip(p, "mp4"),
    "clip.mov": lambda p: ff.make_clip(p, "mov"),
    "clip.m4v": lambda p: ff.make_clip(p, "ipod"),
    "clip.3gp": lambda p: ff.make_clip(p, "3gp", "h263", None, size=(176, 144)),
    "clip.webm": lambda p: ff.make_clip(p, "webm", "libvpx", "libopus"),
    "clip.mkv": lambda p: ff.make_clip(p, "matroska"),
    "clip.avi": lambda p: ff.make_clip(p, "avi", "mpeg4", "mp2"),
    "clip.flv": lambda p: ff.make_clip(p, "flv"),
    "clip.ts": lambda p: ff.make_clip(p, "mpegts"),
    "00001.MTS": lambda p: ff.make_clip(p, "mpegts", options={"mpegts_m2ts_mode": "1"}),
    "clip.mpg": lambda p: ff.make_clip(p, "mpeg", "mpeg2video", "mp2"),
    "clip.wmv": lambda p: ff.make_clip(p, "asf", "wmv2", "wmav2"),
    "clip.dv": lambda p: ff.make_clip(p, "dv", "dvvideo", None, size=(720, 576), fps=25),
    "clip.mxf": lambda p: ff.make_clip(p, "mxf", "mpeg2video", None, size=(720, 576), fps=25),
    "clip.nut": lambda p: ff.make_clip(p, "nut", "mpeg4", None),
    "clip.h264": lambda p: ff.make_clip(p, "h264", "libx264", None),
}
DOCUMENT: dict[str, Maker] = {
    "complaint.pdf": lambda p: ff.make_pdf(p),
    "locked.pdf": lambda p: ff.make_encrypted_pdf(p),
    "restricted.pdf": lambda p: ff.make_encrypted_pdf(p, user_password=""),
    "unknown-password.pdf": lambda p: ff.make_pdf(p, encrypted=True),
}
EMAIL: dict[str, Maker] = {
    "reply.eml": lambda p: ff.make_eml_with_attachment(p),
    "html-reply.eml": lambda p: ff.make_eml_with_attachment(p, html_only=True),
    "relayed.eml": lambda p: ff.make_relayed_eml(p),
    "relayed-no-inline.eml": lambda p: ff.make_relayed_eml(p, inline_image=False),
    "mbox-style.eml": lambda p: ff.make_mbox_style_eml(p),
    "outlook.msg": lambda p: ff.make_outlook_msg(p),
    "outlook-draft.msg": lambda p: ff.make_outlook_msg(p, with_headers=False),
}
IMAGE: dict[str, Maker] = {
    "photo.jpg": lambda p: ff.make_jpeg_with_exif(p),
    "shot.png": lambda p: ff.make_png(p),
    "photo.heic": lambda p: ff.make_heic(p),
    "image.gif": lambda p: ff.make_image(p, "GIF"),
    "image.webp": lambda p: ff.make_image(p, "WEBP"),
    "image.tif": lambda p: ff.make_image(p, "TIFF"),
    "image.bmp": lambda p: ff.make_image(p, "BMP"),
    "image.avif": lambda p: ff.make_image(p, "AVIF"),
}
GROUPS = {"audio": AUDIO, "video": VIDEO, "document": DOCUMENT, "email": EMAIL, "image": IMAGE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every file and what it became")
    args = parser.parse_args()
    registry = default_registry()
    total = right = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for kind, makers in GROUPS.items():
            group_right = group_total = 0
            for name, make in makers.items():
                try:
                    src = make(Path(tmp) / name)
                except Exception as exc:  # an encoder missing on this machine: say so, do not count it
                    print(f"  skipped {name}: cannot be generated here ({type(exc).__name__}: {exc})")
                    continue
                for shown in (name, "noextension"):
                    try:
                        importer, item = registry.read(src, shown, Limits())
                        got, why = item.kind.value, importer.name
                    except ImportFailedError as exc:
                        got, why = "failed", str(exc)
                    ok = got == kind
                    group_total += 1
                    group_right += ok
                    if args.verbose or not ok:
                        print(f"  {'ok  ' if ok else 'MISS'} {kind:8} {name:24} as {shown!r:15} → {got} ({why})")
            total += group_total
            right += group_right
            print(f"{kind:9} {group_right:3}/{group_total:<3} {100 * group_right / max(group_total, 1):5.1f} %")
    elapsed = time.perf_counter() - started
    print(f"{'all':9} {right:3}/{total:<3} {100 * right / max(total, 1):5.1f} %   ({elapsed:.1f} s)")


if __name__ == "__main__":
    main()
