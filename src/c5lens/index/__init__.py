"""The index layer: the SQLite store of a fact base, kept fresh from its YAML files."""
