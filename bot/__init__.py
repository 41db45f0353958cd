"""Signpost's core: understanding, answers, flows and the store. No platform SDK imports."""
