"""The SQL store: models, engine set-up and keyword-only query functions that never commit."""
