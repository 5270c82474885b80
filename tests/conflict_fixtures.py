"""A small fictional dispute told by three exhibits (two outlets carry one wire story), for the conflict tests.

Kept apart from benchmarks/eval/conflicts (another dispute) so the evaluation is not tuned on the tests."""

from __future__ import annotations

from pathlib import Path

HERALD = """---
title: Singer Tom Reyes sues his label
author: Mia Lund
date: 2025-07-08
site: Northgate Herald
---

Singer Tom Reyes filed a lawsuit against Halcyon Records on June 2, 2025, seeking $12 million in unpaid royalties.

Halcyon's lawyers sent Reyes a cease-and-desist letter on May 20, 2025.

Halcyon Records released the unfinished album on July 1, 2025.
"""

WIRE = """---
title: Reyes and Halcyon Records trade blows
author: Ola Berg
date: 2025-07-07
site: {site}
---

Mr Reyes sued Halcyon Records on 4 June 2025, asking for $12M.

Reyes released the unfinished album on July 1, 2025.
"""


def write_dispute(folder: Path) -> list[Path]:
    """The three exhibits, written to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"herald.md": HERALD, "riverbend.md": WIRE.format(site="Riverbend Times"),
             "eastport.md": WIRE.format(site="Eastport Gazette")}
    out = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        out.append(folder / name)
    return out
