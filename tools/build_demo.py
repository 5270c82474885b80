"""Build the pre-built demo case shipped in the package: `casefile/assets/demo.casezip`.

    python tools/build_demo.py [--output PATH]

The quick demo (`casefile.demo.build_demo_case(enrich=False)`: the samples stored and read, the hand-made
parties, events and notes) packed as a case archive, so a newcomer's first `casefile --demo` unpacks it (every
original checked against its hash) instead of importing. `tools/build_app.py` runs this before installing
CaseFile into the bundle; without the file the demo is built on first use, as before.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casefile.context import open_case  # noqa: E402
from casefile.demo import PREBUILT, build_demo_case  # noqa: E402
from casefile.services.archive import archive_case  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--output", type=Path, default=ROOT / "casefile" / "assets" / PREBUILT)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="casefile-demo-build-"))
    try:
        path = build_demo_case(work / "Demo case.casefile", enrich=False)
        args.output.unlink(missing_ok=True)
        with open_case(path) as case:
            n = archive_case(case, args.output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.output} ({n} originals, {args.output.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
