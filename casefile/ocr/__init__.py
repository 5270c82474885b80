"""Optical character recognition of images and of PDF pages without a text layer."""
