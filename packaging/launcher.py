"""The bundled app's entry point: `casefile [COMMAND]`, as the pip-installed command.

`casefile -m MODULE ARGS…` runs a CaseFile module as `python -m` would, because a frozen app has no separate
Python: a worker started as `[sys.executable, "-m", "casefile.capture.worker"]` works alike from a checkout, a
wheel and the bundle.
"""

import multiprocessing
import runpy
import sys

sys.dont_write_bytecode = True  # nothing is ever written into the installed folder (/opt/casefile)

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2].startswith("casefile."):
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        raise SystemExit(0)
    if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2] == "casefile":
        sys.argv = [sys.argv[0], *sys.argv[3:]]
    from casefile.cli import entry

    raise SystemExit(entry())
