"""The base written out for other tools: a relational SQLite database, or one CSV per table."""
