"""Build the CaseFile desktop package with PyInstaller: `python tools/build_app.py`.

Linux (Debian/Ubuntu): dist/casefile/ (the application folder), dist/casefile_VERSION_ARCH.deb (installs under
/opt/casefile, /usr/bin/casefile, the desktop entry, icons, metainfo and the .casezip MIME type; Depends found with
ldd + dpkg -S) and dist/casefile-VERSION-linux-ARCH.tar.gz. Windows: dist/casefile/ and an Inno Setup installer
(when `iscc` is on PATH). macOS: dist/CaseFile.app and a .dmg (hdiutil). Every build ends with its smoke test:
the bundled `casefile self-test` and the demo case opened offscreen (CASEFILE_SMOKE_EXIT=1).

Without --python a fresh build environment is made in build/venv with `pip install '.[build]'`.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD, DIST = ROOT / "build", ROOT / "dist"
LINUX_FILES = ROOT / "packaging" / "linux"
APP_ID = "app.casefile.CaseFile"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
WINDOWS, MACOS = sys.platform.startswith("win"), sys.platform == "darwin"
# Debian packages the bundle uses from the system, beyond what ldd finds: Tesseract and its English data (OCR
# reads /usr/share/tesseract-ocr), a CJK font for the summary PDF, Qt's xcb platform plugin's libraries (loaded
# at run time), PulseAudio for the media player, and the desktop database/MIME tools the maintainer scripts run.
FIXED_DEPENDS = (
    "tesseract-ocr", "tesseract-ocr-eng", "fonts-noto-cjk | fonts-wqy-zenhei", "libpulse0", "libxcb-cursor0",
    "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-render-util0", "libxkbcommon-x11-0",
    "libxcb-xinerama0", "libxcb-randr0", "libxcb-shape0", "libxcb-xkb1", "libegl1", "libgl1", "libnss3",
    "libxcomposite1", "libxdamage1", "libxrandr2", "libxtst6", "libxkbfile1", "libfontconfig1",
    "shared-mime-info", "desktop-file-utils",
)

# Loaded only on some desktops: the GTK platform theme (GNOME's file dialogs), Wayland's cursor and EGL.
RECOMMENDS = ("libgtk-3-0", "libwayland-cursor0", "libwayland-egl1", "xdg-utils")


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:  # noqa: ANN003
    log(" ".join(str(c) for c in cmd))
    return subprocess.run(cmd, check=True, **kw)


def version() -> str:
    text = (ROOT / "casefile" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    assert found, "casefile/__init__.py sets __version__"
    return found.group(1)


def build_python(given: str | None) -> Path:
    """The interpreter PyInstaller runs in: given, or a fresh venv with CaseFile and the build extra."""
    if given:
        return Path(given)
    venv = BUILD / "venv"
    py = venv / ("Scripts/python.exe" if WINDOWS else "bin/python")
    if not py.exists():
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([str(py), "-m", "pip", "install", "-q", f"{ROOT}[build]"])
    # the quick demo pre-built into the package (casefile/assets/demo.casezip): the first demo unpacks it
    run([str(py), str(ROOT / "tools" / "build_demo.py")])
    run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(ROOT)])
    return py


# icons ------------------------------------------------------------------------------------------------------
RENDER = r"""
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
app = QGuiApplication([])
svg, out = QSvgRenderer(sys.argv[1]), sys.argv[2]
for size in map(int, sys.argv[3:]):
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img); svg.render(p); p.end()
    assert img.save(f"{out}/{size}.png"), size
"""


def make_icons(py: Path) -> dict[str, Path]:
    """PNGs 16–512 rendered from resources/casefile.svg with QSvgRenderer, and the .ico and .icns from them."""
    out = BUILD / "icons"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run([str(py), "-c", RENDER, str(ROOT / "resources" / "casefile.svg"), str(out), *map(str, ICON_SIZES)], env=env)
    pillow = ("from PIL import Image; import sys; im = Image.open(sys.argv[1]); "
              "im.save(sys.argv[2], sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])")
    run([str(py), "-c", pillow, str(out / "256.png"), str(out / "casefile.ico")])
    run([str(py), "-c", pillow.replace("sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]", ""),
         str(out / "512.png"), str(out / "casefile.icns")])
    return {"dir": out, "ico": out / "casefile.ico", "icns": out / "casefile.icns"}


# the application folder -------------------------------------------------------------------------------------
def pyinstaller(py: Path, icons: dict[str, Path]) -> Path:
    BUILD.mkdir(exist_ok=True)
    run([str(py), str(ROOT / "tools" / "notices.py"), str(BUILD / "THIRD-PARTY-NOTICES.txt")])
    env = {**os.environ, "CASEFILE_ROOT": str(ROOT), "CASEFILE_VERSION": version(),
           "CASEFILE_ICON": str(icons["ico"] if WINDOWS else icons["icns"] if MACOS else ""),
           "PYTHONPATH": str(ROOT)}  # this checkout's casefile, whatever the environment has installed
    run([str(py), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
         str(ROOT / "packaging" / "casefile.spec")], env=env)
    folder = DIST / ("CaseFile.app" if MACOS else "casefile")
    if not MACOS:  # licences beside the executable, where a user looks
        shutil.copy2(ROOT / "LICENSE", folder / "LICENSE")
        shutil.copy2(BUILD / "THIRD-PARTY-NOTICES.txt", folder / "THIRD-PARTY-NOTICES.txt")
    return folder


def executable(folder: Path) -> Path:
    if MACOS:
        return folder / "Contents" / "MacOS" / "CaseFile"
    return folder / ("casefile-cli.exe" if WINDOWS else "casefile")


def smoke(exe: Path) -> None:
    """The bundle's own self-test, then the demo case opened offscreen, in a throwaway home."""
    home = Path(tempfile.mkdtemp(prefix="casefile-smoke-"))
    env = {"PATH": "/usr/bin:/bin" if not WINDOWS else os.environ["PATH"], "HOME": str(home),
           "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    keep = ("SYSTEMROOT", "APPDATA", "LOCALAPPDATA", "TEMP") if WINDOWS else ()
    env.update({k: os.environ[k] for k in (*keep, "TESSDATA_PREFIX") if os.environ.get(k)})
    try:
        run([str(exe), "--version"], env=env, cwd=home)
        run([str(exe), "self-test"], env=env, cwd=home, timeout=300)
        started = time.monotonic()
        run([str(exe), "--demo"], env={**env, "CASEFILE_SMOKE_EXIT": "1"}, cwd=home, timeout=400)
        log(f"demo opened in {time.monotonic() - started:.1f} s (first run: builds the demo case)")
    finally:
        shutil.rmtree(home, ignore_errors=True)


# Linux: .deb and .tar.gz ------------------------------------------------------------------------------------
def dpkg_owner(path: str) -> str | None:
    done = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if done.returncode != 0 and path.startswith("/usr/lib/"):  # merged /usr: dpkg may know it as /lib/...
        done = subprocess.run(["dpkg", "-S", path[4:]], capture_output=True, text=True)
    return done.stdout.split(":")[0].split(",")[0].strip() if done.returncode == 0 else None


def drop_system_copies(folder: Path) -> set[str]:
    """Remove the libraries PyInstaller copied from this Debian system (byte-identical to a file a Debian package
    installs) and return those packages, so the .deb depends on them instead of bundling them (security updates
    then reach CaseFile). Qt's, Python's and the wheels' own libraries are never identical to a system file."""
    import filecmp

    system_dirs = [Path(d) for pattern in ("/usr/lib/*-linux-gnu*", "/lib/*-linux-gnu*") for d in
                   sorted(Path("/").glob(pattern.lstrip("/")))]
    packages: set[str] = set()
    for lib in sorted((folder / "_internal").glob("*.so*")):
        if lib.is_symlink() or not lib.is_file() or lib.name.startswith(("libpython", "libQt6", "libpyside",
                                                                             "libshiboken")):
            continue
        for d in system_dirs:
            twin = d / lib.name
            if twin.is_file() and filecmp.cmp(lib, twin, shallow=False):
                owner = dpkg_owner(str(twin.resolve()))
                if owner:
                    lib.unlink()
                    packages.add(owner)
                break
    for link in folder.rglob("*"):  # links to what was dropped
        if link.is_symlink() and not link.exists():
            link.unlink()
    return packages


def system_depends(folder: Path) -> list[str]:
    """The Debian packages owning the libraries the bundle's binaries load from the system (ldd, dpkg -S)."""
    libdirs = sorted({str(p.parent) for p in folder.rglob("*.so*") if p.is_file()})
    env = {**os.environ, "LD_LIBRARY_PATH": ":".join(libdirs)}
    system_libs: set[str] = set()
    missing: set[str] = set()
    for binary in [folder / "casefile", *folder.rglob("*.so*"), *folder.rglob("QtWebEngineProcess")]:
        if not binary.is_file():
            continue
        done = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, env=env)
        for line in done.stdout.splitlines():
            name, _, where = line.strip().partition(" => ")
            target = where.split(" (")[0].strip()
            if target == "not found":
                missing.add(name)
            elif target.startswith("/") and not target.startswith(str(folder)):
                system_libs.add(os.path.realpath(target))
    if missing:
        log(f"libraries not found on this build machine (not in Depends): {', '.join(sorted(missing))}")
    return sorted({o for o in map(dpkg_owner, sorted(system_libs)) if o})


POSTINST = """#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
  update-desktop-database -q /usr/share/applications 2>/dev/null || true
  update-mime-database /usr/share/mime 2>/dev/null || true
  gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor 2>/dev/null || true
fi
"""
POSTRM = """#!/bin/sh
set -e
case "$1" in
  remove|purge)
    update-desktop-database -q /usr/share/applications 2>/dev/null || true
    update-mime-database /usr/share/mime 2>/dev/null || true
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor 2>/dev/null || true
    # anything the app wrote into its own folder (it writes none; a safety net for caches of a later version)
    rm -rf /opt/casefile
    ;;
esac
"""


def stage_desktop_files(share: Path, icons: Path) -> None:
    """usr/share: the desktop entry, metainfo, MIME type and the hicolor icons (scalable SVG and PNGs)."""
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(LINUX_FILES / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copy2(LINUX_FILES / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy2(LINUX_FILES / "casefile-mime.xml", share / "mime" / "packages" / "casefile.xml")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "resources" / "casefile.svg", scalable / f"{APP_ID}.svg")
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(icons / f"{size}.png", target / f"{APP_ID}.png")


def build_deb(folder: Path, icons: Path) -> Path:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    name = f"casefile_{version()}_{arch}"
    stage = BUILD / "deb" / name
    shutil.rmtree(stage.parent, ignore_errors=True)
    shutil.copytree(folder, stage / "opt" / "casefile", symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "casefile").symlink_to("/opt/casefile/casefile")
    stage_desktop_files(stage / "usr" / "share", icons)
    doc = stage / "usr" / "share" / "doc" / "casefile"
    doc.mkdir(parents=True)
    shutil.copy2(BUILD / "THIRD-PARTY-NOTICES.txt", doc / "copyright")
    dropped = drop_system_copies(stage / "opt" / "casefile")
    log(f"system libraries left out of the .deb (Depends instead): {', '.join(sorted(dropped))}")
    found = sorted(dropped | set(system_depends(stage / "opt" / "casefile")))
    log(f"ldd + dpkg -S: {', '.join(found)}")
    depends = list(dict.fromkeys([*found, *FIXED_DEPENDS]))
    size_kb = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = stage / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(
        f"Package: casefile\nVersion: {version()}\nArchitecture: {arch}\nMaintainer: The CaseFile developers "
        f"<packaging@casefile.app>\nInstalled-Size: {size_kb}\nDepends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\nSection: utils\n"
        "Priority: optional\nHomepage: https://casefile.app/\nDescription: case-file organizer for journalists, "
        "paralegals and researchers\n Keeps originals safe in a hash-checked store, reads articles, e-mails, "
        "scans (OCR)\n and recordings (offline transcription), builds a sourced chronology and prints a case\n "
        "summary as PDF. Self-contained: Python, Qt and the language models are included.\n",
        encoding="utf-8")
    for script, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        (control / script).write_text(text, encoding="utf-8")
        (control / script).chmod(0o755)
    out = DIST / f"{name}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", str(stage), str(out)])
    return out


def build_tarball(folder: Path, icons: Path) -> Path:
    """The folder plus share/ (desktop entry, icons, metainfo, MIME) for distributions without dpkg."""
    arch = platform.machine()
    out = DIST / f"casefile-{version()}-linux-{arch}.tar.gz"
    share = BUILD / "tar-share" / "share"
    shutil.rmtree(share.parent, ignore_errors=True)
    stage_desktop_files(share, icons)
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=f"casefile-{version()}")
        tar.add(share, arcname=f"casefile-{version()}/share")
    return out


# Windows and macOS ------------------------------------------------------------------------------------------
def build_windows_installer(folder: Path) -> Path | None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        log("Inno Setup (iscc) not found: the folder is built, the installer is not")
        return None
    run([iscc, f"/DAppVersion={version()}", f"/DSourceDir={folder}", f"/DOutputDir={DIST}",
         f"/DIconFile={BUILD / 'icons' / 'casefile.ico'}", str(ROOT / "packaging" / "windows" / "casefile.iss")])
    return DIST / f"CaseFile-{version()}-setup.exe"


def build_dmg(app: Path) -> Path:
    out = DIST / f"CaseFile-{version()}.dmg"
    out.unlink(missing_ok=True)
    run(["hdiutil", "create", "-volname", "CaseFile", "-srcfolder", str(app), "-ov", "-format", "UDZO", str(out)])
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--python", help="build with this interpreter (CaseFile's dependencies and PyInstaller "
                   "installed); default: a fresh build/venv")
    p.add_argument("--no-smoke", action="store_true", help="skip the bundle's self-test and demo")
    args = p.parse_args()
    started = time.monotonic()
    py = build_python(args.python)
    icons = make_icons(py)
    folder = pyinstaller(py, icons)
    log(f"application folder: {folder} ({time.monotonic() - started:.0f} s)")
    if not args.no_smoke:
        smoke(executable(folder))
    outputs: list[Path | None] = [folder]
    if WINDOWS:
        outputs.append(build_windows_installer(folder))
    elif MACOS:
        outputs.append(build_dmg(folder))
    else:
        outputs += [build_deb(folder, icons["dir"]), build_tarball(folder, icons["dir"])]
    for out in outputs:
        if out is not None:
            size = out.stat().st_size if out.is_file() else sum(f.stat().st_size for f in out.rglob("*")
                                                                 if f.is_file() and not f.is_symlink())
            log(f"{out.relative_to(ROOT)}: {size / 1e6:.0f} MB")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
