"""Web capture in the app (asking first, the Capture web page action, the preview) and the capture worker process."""
