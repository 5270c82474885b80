"""Search across the whole case as you type."""
