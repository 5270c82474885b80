"""Fixtures that the tests and the benchmarks both make (a long silent clip); never imported at run time."""
