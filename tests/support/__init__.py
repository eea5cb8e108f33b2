"""Helpers shared by the test modules; no tests of their own (test modules import only these)."""
