"""Previews of one exhibit, each kind shown the way it is best read (text, PDF pages, image, player)."""
