"""Fictional article text the tests share (not a test module)."""

from __future__ import annotations

ARTICLE = """date 2024-03-14 Okafor sues Halvorsen Media Group over leaked recording

By Dana Whitcombe

Marguerite Okafor filed a defamation lawsuit against Halvorsen Media Group on March 12, 2024, seeking $12 million in damages.

The complaint says that Halvorsen Media Group published a doctored recording of Okafor on February 3, 2024. "We will prove every word of it was edited," said Okafor's attorney, Ruth Abernathy.

Peter Halvorsen, the company's chief executive, denied the claims in a statement to The Daily Ledger.
"""
