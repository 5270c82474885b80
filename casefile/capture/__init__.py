"""Web capture's engine, without widgets: the recording proxy and its WARC, the per-capture TLS authority, the
worker's job and result, the runner that starts one worker process per capture, and the WACZ packager.

The worker itself (`casefile.gui.capture.worker`) needs Qt widgets for the full-page picture, so it lives in
gui/ and is only ever started as a process; see README "Architecture"."""
