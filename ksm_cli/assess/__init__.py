"""The Verstetigung assessment: flowchart walk, recommendation, checks and plan (pure)."""
