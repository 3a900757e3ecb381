"""The seen-store: what earlier runs emitted, keyed by canonical URL (SQLite or Redis)."""
