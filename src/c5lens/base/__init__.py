"""The base layer: the fact model, dates, the strict YAML reader, fields and loading."""
