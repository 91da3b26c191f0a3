"""Mentoring: the log, credit rules and per-project-year tallies (no UI)."""
