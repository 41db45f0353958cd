"""Guided reports: multi-turn, resumable, stored step by step in the conversation state."""
